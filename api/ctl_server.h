/* api/ctl_server.h - the control API (/sim/v1): one HTTP listener for the
 * whole simulator. docs/control-api.md documents every route. */
#ifndef RCSIM_API_CTL_SERVER_H
#define RCSIM_API_CTL_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct sim;
struct ctl_server;

/* Whether addr (numeric, or a host name such as "localhost") names only
 * loopback addresses (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104): every
 * address it resolves to is one. False when it does not resolve. */
bool ctl_addr_is_loopback(const char *addr);

/* Starts the listener on addr:port (a numeric IPv4 or IPv6 address or a
 * host name). token NULL or "": no token required, which is refused
 * (-1) unless the bound address is loopback; otherwise every request,
 * /health included, needs "Authorization: Bearer <token>". Borrows s,
 * copies addr and token. On success *out is a new server (stop with
 * ctl_server_stop()); on failure (e.g. a busy port) returns -1 with a
 * message in errbuf. The server starts not ready. */
int ctl_server_start(struct sim *s, const char *addr, int port, const char *token,
                     struct ctl_server **out, char *errbuf, size_t errlen);
/* The port the server listens on: the one asked for, or the one the
 * system picked for port 0. */
int ctl_server_port(const struct ctl_server *cs);
/* Sets what GET /sim/v1/ready answers: true once every listener is up. */
void ctl_server_set_ready(struct ctl_server *cs, bool ready);
/* Stops listening, ends long polls, waits for the running requests and
 * frees the server. NULL is a no-op. */
void ctl_server_stop(struct ctl_server *cs);

#endif
