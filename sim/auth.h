/* sim/auth.h - who may log in to an array: password checks and the policy
 * shared by every front (WSAPI logins, SSH password auth), with the time
 * limits of their connections.
 *
 * Failed logins are limited per (array, user name): max_failures failures
 * in a row, none further apart than window_ms, lock the name for
 * lockout_ms; while it is locked every login of that name is refused
 * without looking at the password, and once the lock ends each further
 * failure locks it again until a success or a quiet window_ms. Successes
 * are never counted or throttled, so a client that logs in again after
 * every 401/403 (python-3parclient, docs/array-interfaces.md §1.2) is
 * never slowed down. Unknown user names are counted like known ones, so a
 * lock says nothing about which names exist, and a name with recent
 * failures is never forgotten to make room for others.
 *
 * Failures are also counted per client source (an IPv4 address or an
 * IPv6 /64, util/netaddr.h), across names and arrays, with
 * source_max_failures and the same window and lockout: a locked source is
 * refused every login. Its count starts over when the name it last got
 * wrong logs in from it, so one client's typo or wrong password never
 * locks out another that shares the address and gets its own right.
 * docs/behaviour.md states the policy for users. */
#ifndef RCSIM_SIM_AUTH_H
#define RCSIM_SIM_AUTH_H

#include <stdint.h>

#include "sim/array.h"

struct sim;
struct sim_err;

struct sim_auth_policy {
    int max_failures;           /* failures in a row that lock a name; 0: never */
    int source_max_failures;    /* ... that lock a source; 0: never */
    int64_t window_ms;          /* a failure older than this is forgotten */
    int64_t lockout_ms;         /* how long a locked name is refused */
    int64_t session_idle_ms;    /* WSAPI sessions expire after this idle time */
    /* connections, on every listener (docs/behaviour.md "Security") */
    int64_t request_ms;         /* HTTP: to send a request's headers */
    int64_t conn_idle_ms;       /* HTTP: silence before a connection is closed */
    int64_t login_grace_ms;     /* SSH: to log in after connecting */
};

#define SIM_AUTH_MAX_FAILURES 5
#define SIM_AUTH_SOURCE_MAX_FAILURES 20
#define SIM_AUTH_WINDOW_MS (60 * 1000)
#define SIM_AUTH_LOCKOUT_MS (10 * 1000)
#define SIM_AUTH_SESSION_IDLE_MS (15 * 60 * 1000)
#define SIM_AUTH_REQUEST_MS (10 * 1000)
#define SIM_AUTH_CONN_IDLE_MS (30 * 1000)
#define SIM_AUTH_LOGIN_GRACE_MS (20 * 1000)
#define SIM_AUTH_POLICY_DEFAULT                                                   \
    { .max_failures = SIM_AUTH_MAX_FAILURES,                                     \
      .source_max_failures = SIM_AUTH_SOURCE_MAX_FAILURES,                       \
      .window_ms = SIM_AUTH_WINDOW_MS, .lockout_ms = SIM_AUTH_LOCKOUT_MS,          \
      .session_idle_ms = SIM_AUTH_SESSION_IDLE_MS, .request_ms = SIM_AUTH_REQUEST_MS,    \
      .conn_idle_ms = SIM_AUTH_CONN_IDLE_MS, .login_grace_ms = SIM_AUTH_LOGIN_GRACE_MS }

/* Checks a password and counts the outcome (see above). source names the
 * client (util/netaddr.h), or is NULL for none (nothing counted per
 * source). On success *role is the user's role. A wrong user or password
 * is SIM_EAUTH (never saying which); a name or source locked by earlier
 * failures is SIM_EAUTH_LOCKED, whatever the password; an unknown array
 * is SIM_ENOENT_ARRAY. */
int sim_user_auth(struct sim *s, const char *array, const char *user, const char *password,
                  const char *source, enum sim_user_role *role, struct sim_err *err);

/* The policy the engine was opened with (sim_options.auth); connection
 * times left at 0 read as their defaults. */
struct sim_auth_policy sim_auth_policy_get(struct sim *s);

#endif
