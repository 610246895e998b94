/* api/http_guard.h - what both HTTP fronts (the WSAPI listeners and the
 * control API) do about broken or hostile clients, beyond what
 * libmicrohttpd does itself (idle timeout, per-address and total caps,
 * which each front sets when it starts its daemons).
 *
 * - Framing: a request whose length is ambiguous (two different
 *   Content-Length values, or Content-Length beside Transfer-Encoding) is
 *   refused with 400 before its body is read.
 * - Time limits: a connection must deliver a request's headers within
 *   header_ms of connecting (or of its previous reply), and the body
 *   within body_ms after that. The library's own timeout only counts
 *   silence, so a client trickling one byte at a time would hold a
 *   connection for ever.
 * - Room: past max_conns connections, each new one closes a connection
 *   waiting for its request's headers: among those waiting longest, the
 *   oldest from the address that holds the most; and at the cap, an
 *   address that already holds half as many connections as the average
 *   address, or more, gets no new one. A flood of idle
 *   connections thus makes way for a real client instead of locking it
 *   out, and cheaply: a refusal costs the library no thread or TLS
 *   session.
 * - Logs: the library's messages go through a limiter (util/log.h), so a
 *   flood of one error writes a few lines, not thousands.
 * docs/behaviour.md "Security" states the figures.
 *
 * A guard closes a connection with shutdown(2) on its socket, which the
 * library then sees as the client going away; it never closes a socket
 * itself. One guard may serve several daemons. */
#ifndef RCSIM_API_HTTP_GUARD_H
#define RCSIM_API_HTTP_GUARD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <microhttpd.h>

#include "util/log.h"

struct http_guard;

struct http_guard_limits {
    const char *name;           /* in log messages: "site-a: wsapi" */
    unsigned max_conns;         /* open connections before the oldest idle one goes */
    unsigned header_ms;         /* to send a request's headers */
    unsigned body_ms;           /* to send its body */
    enum rclog_level log_level; /* of the library's messages */
};

/* 0 when the request's framing is sound, else the HTTP status to refuse
 * it with (400). Call on the first call of the access handler. */
unsigned http_framing_check(struct MHD_Connection *c);

/* Starts a guard (and its timer thread); free with http_guard_free(),
 * after every daemon using it has stopped. Copies lim. */
struct http_guard *http_guard_new(const struct http_guard_limits *lim);
void http_guard_free(struct http_guard *g);

/* The daemon's hard connection limit for a guard of max_conns: a little
 * above, so that a new connection is accepted and an idle one closed. */
unsigned http_guard_hard_limit(unsigned max_conns);

/* Give these to MHD_start_daemon with the guard as their closure: the
 * accept policy (its apc argument), MHD_OPTION_NOTIFY_CONNECTION and
 * MHD_OPTION_EXTERNAL_LOGGER. */
enum MHD_Result http_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void http_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);
void http_guard_log(void *cls, const char *fmt, va_list ap);

/* The access handler's view of a request on c: its headers are in (first
 * call), its body is in (the handler runs), its reply is done (the
 * completion callback). */
void http_guard_headers_in(struct MHD_Connection *c);
void http_guard_body_in(struct MHD_Connection *c);
void http_guard_request_done(struct MHD_Connection *c);

/* Open connections the guard knows of (for tests and logs). */
size_t http_guard_count(struct http_guard *g);

#endif
