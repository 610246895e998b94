/* cli/ssh.h - the array CLI over SSH (libssh), one listener per array. A
 * powered-off array stops answering (its listener closes) until it is
 * powered on again. */
#ifndef RCSIM_CLI_SSH_H
#define RCSIM_CLI_SSH_H

#include <stddef.h>

struct sim;
struct ssh_server;

int ssh_server_start(struct sim *s, struct ssh_server **out, char *errbuf, size_t errlen);
void ssh_server_stop(struct ssh_server *srv);

#endif
