/* cli/ssh.h - the array CLI over SSH (libssh), one listener per array. A
 * powered-off array stops answering (its listener closes) until it is
 * powered on again. */
#ifndef RCSIM_CLI_SSH_H
#define RCSIM_CLI_SSH_H

#include <stddef.h>

struct sim;
struct ssh_server;

int ssh_server_start(struct sim *s, struct ssh_server **out, char *errbuf, size_t errlen);

/* Makes the private key in file path (PEM) every array's SSH host key,
 * for servers whose database does not keep one across runs (:memory:).
 * A missing file is created (mode 0600) with a new key, so the next run
 * presents the same one. Call before ssh_server_start(). Returns 0, or
 * -1 with a message in errbuf. */
int ssh_hostkey_from_file(struct sim *s, const char *path, char *errbuf, size_t errlen);
void ssh_server_stop(struct ssh_server *srv);

#endif
