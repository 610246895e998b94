/* api/ctl_server.h - the control API (/sim/v1): one HTTP listener for the
 * whole simulator. docs/control-api.md documents every route. */
#ifndef RCSIM_API_CTL_SERVER_H
#define RCSIM_API_CTL_SERVER_H

#include <stddef.h>

struct sim;
struct ctl_server;

/* Starts the listener on addr:port. token NULL: no token required (only
 * allowed on loopback). On failure (e.g. a busy port) returns -1 with a
 * message in errbuf. */
int ctl_server_start(struct sim *s, const char *addr, int port, const char *token,
                     struct ctl_server **out, char *errbuf, size_t errlen);
void ctl_server_stop(struct ctl_server *cs);

#endif
