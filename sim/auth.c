/* sim/auth.c - logins: password checks and the failed-login limiter that
 * the WSAPI and SSH fronts share. Owns: the limiter's table (one slot per
 * (array, user name) with recent failures) and the policy of sim/auth.h.
 * Not: users and roles (array.c), sessions (api/wsapi_session.c), the SSH
 * per-connection delay and limit (cli/ssh.c).
 * Spec: SPEC §6; reference wsapi-and-ssh.md §1.2 (clients log in again on
 * every 401/403, so successes must never be throttled).
 *
 * The limiter runs on the monotonic wall clock, not simulated time: like
 * sessions it protects the real listeners, and a manual clock must not
 * keep a name locked for ever. Its state is in memory only; a restart or
 * `rcsim reset` forgets it. */
#include "sim/auth.h"
#include "sim/internal.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct slot {
    bool used;
    char array[SIM_ARRAY_NAME_MAX + 1];
    char user[64];
    int failures;               /* in a row, each within window_ms of the last */
    int64_t last_fail_ms;
    int64_t locked_until_ms;    /* 0: not locked */
};

struct sim_auth_limiter {
    struct sim_auth_policy p;
    struct slot slots[SIM_AUTH_LIMITER_SLOTS];
};

struct sim_auth_limiter *sim_auth_limiter_new(const struct sim_auth_policy *p)
{
    struct sim_auth_limiter *l = xcalloc(1, sizeof(*l));
    l->p = *p;
    return l;
}

void sim_auth_limiter_free(struct sim_auth_limiter *l)
{
    free(l);
}

void sim_auth_limiter_clear(struct sim_auth_limiter *l)
{
    memset(l->slots, 0, sizeof(l->slots));
}

static bool slot_is(const struct slot *e, const char *array, const char *user)
{
    return e->used && !strncmp(e->array, array, sizeof(e->array) - 1) &&
           !strncmp(e->user, user, sizeof(e->user) - 1);
}

static struct slot *slot_find(const struct sim_auth_limiter *l, const char *array,
                              const char *user)
{
    for (size_t i = 0; i < SIM_AUTH_LIMITER_SLOTS; i++)
        if (slot_is(&l->slots[i], array, user))
            return (struct slot *)&l->slots[i];
    return NULL;
}

/* A slot for a new name: a free one, else the one quiet the longest (a
 * locked slot only when every slot is locked). */
static struct slot *slot_take(struct sim_auth_limiter *l, int64_t now_ms)
{
    struct slot *best = NULL;
    for (size_t i = 0; i < SIM_AUTH_LIMITER_SLOTS; i++) {
        struct slot *e = &l->slots[i];
        if (!e->used)
            return e;
        bool locked = e->locked_until_ms > now_ms;
        bool best_locked = best && best->locked_until_ms > now_ms;
        if (!best || (best_locked && !locked) ||
            (locked == best_locked && e->last_fail_ms < best->last_fail_ms))
            best = e;
    }
    rclog(RCLOG_DEBUG, "login limiter full: forgetting '%s' on '%s'", best->user, best->array);
    return best;
}

int64_t sim_auth_limiter_locked(const struct sim_auth_limiter *l, const char *array,
                                const char *user, int64_t now_ms)
{
    const struct slot *e = slot_find(l, array, user);
    if (!e || e->locked_until_ms <= now_ms)
        return 0;
    return e->locked_until_ms - now_ms;
}

bool sim_auth_limiter_record(struct sim_auth_limiter *l, const char *array, const char *user,
                             bool ok, int64_t now_ms)
{
    struct slot *e = slot_find(l, array, user);
    if (ok) {
        if (e)
            memset(e, 0, sizeof(*e));
        return false;
    }
    if (l->p.max_failures <= 0)
        return false;
    if (!e) {
        e = slot_take(l, now_ms);
        memset(e, 0, sizeof(*e));
        e->used = true;
        rc_strlcpy(e->array, array, sizeof(e->array));
        rc_strlcpy(e->user, user, sizeof(e->user));
    } else if (now_ms - e->last_fail_ms > l->p.window_ms) {
        e->failures = 0;        /* a quiet window: start counting again */
    }
    e->failures++;
    e->last_fail_ms = now_ms;
    if (e->failures < l->p.max_failures)
        return false;
    /* the max_failures-th failure in a row, and each one after it */
    e->locked_until_ms = now_ms + l->p.lockout_ms;
    return true;
}

/* Compares without stopping at the first difference. */
static bool same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = (unsigned char)(la != lb);
    for (size_t i = 0; i < la; i++)
        d |= (unsigned char)(a[i] ^ b[i < lb ? i : 0]);
    return d == 0;
}

int sim_user_auth(struct sim *s, const char *array, const char *user, const char *password,
                  enum sim_user_role *role, struct sim_err *err)
{
    struct store_user_row u;
    struct sim_err tmp = SIM_ERR_INIT;
    const char *name = user ? user : "";
    SIM_LOCK_SCOPE(s);

    /* an unknown array is not a login failure: nothing to count */
    struct store_array_row a;
    if (sim_array_load(s, array, &a, err))
        return -1;
    int64_t now = sim_mono_ms();
    int64_t locked = sim_auth_limiter_locked(s->limiter, array, name, now);
    if (locked > 0) {
        rclog(RCLOG_INFO, "array '%s': login of '%.64s' refused: locked for %lld ms more after "
              "failed attempts", array, name, (long long)locked);
        return sim_fail(err, SIM_EAUTH_LOCKED, name,
                        "too many failed logins; locked for %lld ms more", (long long)locked);
    }
    bool ok = false;
    if (sim_user_load(s, array, name, &u, &tmp) == 0)
        ok = password && same_secret(u.password, password);
    else if (tmp.rc == SIM_EINTERNAL)
        return sim_fail(err, SIM_EINTERNAL, name, "%s", tmp.detail);
    if (sim_auth_limiter_record(s->limiter, array, name, ok, now))
        rclog(RCLOG_WARN, "array '%s': user '%.64s' locked for %lld ms after %d failed logins",
              array, name, (long long)s->auth.lockout_ms, s->auth.max_failures);
    if (!ok)
        return sim_fail(err, SIM_EAUTH, name, "invalid username or password");
    *role = (enum sim_user_role)u.role;
    return 0;
}

struct sim_auth_policy sim_auth_policy_get(struct sim *s)
{
    /* set once at sim_open, never changed: no lock needed */
    return s->auth;
}
