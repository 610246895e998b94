/* sim/auth.c - logins: password checks and the failed-login limiter that
 * the WSAPI and SSH fronts share. Owns: the limiter's two tables (failures
 * per (array, user name), and per client source) and the policy of
 * sim/auth.h. Not: users and roles (array.c), sessions
 * (api/wsapi_session.c), the SSH per-connection delay and limit
 * (cli/ssh.c), how a front names a source (util/netaddr.h).
 * Spec: docs/behaviour.md "Security"; docs/array-interfaces.md §1.2
 * (clients log in again on every 401/403, so successes must never be
 * throttled).
 *
 * A table never forgets a key while it matters: an entry lives until its
 * last failure is older than both the window and the lockout (a later
 * failure would start the count over, and no lock can be running), and
 * entries are kept in order of their last failure, so the ones that no
 * longer matter are always at the front. A full table of entries that all
 * matter takes no new key: a key it cannot count is refused as locked
 * (failing closed) until the oldest entry has run out. Forgetting the
 * quietest entry instead is what let failures on other names reset a
 * name's count.
 *
 * The limiter runs on the monotonic wall clock, not simulated time: like
 * sessions it protects the real listeners, and a manual clock must not
 * keep a name locked for ever. Its state is in memory only; a restart or
 * `rcsim reset` forgets it. */
#include "sim/auth.h"
#include "sim/internal.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define KEY_MAX (SIM_ARRAY_NAME_MAX + 1 + 64)  /* "array\0user", user cut at 63 */
#define N_BUCKETS 4096

struct entry {
    struct entry *hnext;        /* hash chain */
    struct entry *prev, *next;  /* by last failure, oldest first */
    char key[KEY_MAX];
    size_t key_len;
    int failures;               /* in a row, each within window_ms of the last */
    int64_t last_fail_ms;
    int64_t locked_until_ms;    /* 0: not locked */
    char last_name[64];         /* sources: the name of the last failure */
};

struct table {
    int max_failures;           /* 0: this table never locks */
    int64_t window_ms, lockout_ms;
    size_t n, cap;
    struct entry *buckets[N_BUCKETS];
    struct entry *oldest, *newest;
};

struct sim_auth_limiter {
    struct table names;
    struct table sources;
};

/* --- one table -------------------------------------------------------- */

static void table_init(struct table *t, int max_failures, const struct sim_auth_policy *p,
                       size_t cap)
{
    t->max_failures = max_failures;
    t->window_ms = p->window_ms;
    t->lockout_ms = p->lockout_ms;
    t->cap = cap;
}

static size_t bucket_of(const char *key, size_t len)
{
    return rc_hash64(key, len, 0x5eed) % N_BUCKETS;
}

static struct entry *table_find(const struct table *t, const char *key, size_t len)
{
    for (struct entry *e = t->buckets[bucket_of(key, len)]; e; e = e->hnext)
        if (e->key_len == len && !memcmp(e->key, key, len))
            return e;
    return NULL;
}

static void list_unlink(struct table *t, struct entry *e)
{
    *(e->prev ? &e->prev->next : &t->oldest) = e->next;
    *(e->next ? &e->next->prev : &t->newest) = e->prev;
    e->prev = e->next = NULL;
}

static void list_append(struct table *t, struct entry *e)
{
    e->prev = t->newest;
    e->next = NULL;
    *(t->newest ? &t->newest->next : &t->oldest) = e;
    t->newest = e;
}

static void table_remove(struct table *t, struct entry *e)
{
    struct entry **pp = &t->buckets[bucket_of(e->key, e->key_len)];
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    list_unlink(t, e);
    free(e);
    t->n--;
}

/* An entry matters while a later failure would still count with it, or
 * its lock runs. */
static bool entry_matters(const struct table *t, const struct entry *e, int64_t now_ms)
{
    int64_t keep = t->window_ms > t->lockout_ms ? t->window_ms : t->lockout_ms;
    return now_ms - e->last_fail_ms <= keep;
}

/* Forgets the entries that no longer matter (all at the front). */
static void table_expire(struct table *t, int64_t now_ms)
{
    while (t->oldest && !entry_matters(t, t->oldest, now_ms))
        table_remove(t, t->oldest);
}

static void table_clear(struct table *t)
{
    while (t->oldest)
        table_remove(t, t->oldest);
}

/* How long a full table keeps refusing keys it does not hold: until its
 * oldest entry stops mattering. 0 when there is room. */
static int64_t table_full_for(struct table *t, int64_t now_ms)
{
    table_expire(t, now_ms);
    if (t->n < t->cap)
        return 0;
    int64_t keep = t->window_ms > t->lockout_ms ? t->window_ms : t->lockout_ms;
    int64_t left = t->oldest->last_fail_ms + keep + 1 - now_ms;
    return left > 0 ? left : 1;
}

static int64_t table_locked(struct table *t, const char *key, size_t len, int64_t now_ms)
{
    if (t->max_failures <= 0)
        return 0;
    const struct entry *e = table_find(t, key, len);
    if (!e)
        return table_full_for(t, now_ms);
    return e->locked_until_ms > now_ms ? e->locked_until_ms - now_ms : 0;
}

/* Counts a failure; returns true when it locked the key. */
static bool table_fail(struct table *t, const char *key, size_t len, const char *name,
                       int64_t now_ms)
{
    if (t->max_failures <= 0)
        return false;
    struct entry *e = table_find(t, key, len);
    if (!e) {
        if (table_full_for(t, now_ms))
            return false;       /* refused as locked until there is room */
        e = xcalloc(1, sizeof(*e));
        memcpy(e->key, key, len);
        e->key_len = len;
        size_t b = bucket_of(key, len);
        e->hnext = t->buckets[b];
        t->buckets[b] = e;
        t->n++;
    } else {
        list_unlink(t, e);
        if (now_ms - e->last_fail_ms > t->window_ms)
            e->failures = 0;    /* a quiet window: start counting again */
    }
    list_append(t, e);
    e->failures++;
    e->last_fail_ms = now_ms;
    rc_strlcpy(e->last_name, name, sizeof(e->last_name));
    if (e->failures < t->max_failures)
        return false;
    /* the max_failures-th failure in a row, and each one after it */
    e->locked_until_ms = now_ms + t->lockout_ms;
    return true;
}

/* --- keys --------------------------------------------------------------- */

static size_t name_key(char *key, const char *array, const char *user)
{
    size_t a = strnlen(array, SIM_ARRAY_NAME_MAX), u = strnlen(user, 63);
    memcpy(key, array, a);
    key[a] = '\0';
    memcpy(key + a + 1, user, u);
    return a + 1 + u;
}

static size_t source_key(char *key, const char *source)
{
    size_t n = strnlen(source, KEY_MAX);
    memcpy(key, source, n);
    return n;
}

/* --- the limiter -------------------------------------------------------- */

struct sim_auth_limiter *sim_auth_limiter_new(const struct sim_auth_policy *p)
{
    struct sim_auth_limiter *l = xcalloc(1, sizeof(*l));
    table_init(&l->names, p->max_failures, p, SIM_AUTH_LIMITER_NAMES);
    table_init(&l->sources, p->source_max_failures, p, SIM_AUTH_LIMITER_SOURCES);
    return l;
}

void sim_auth_limiter_free(struct sim_auth_limiter *l)
{
    if (!l)
        return;
    sim_auth_limiter_clear(l);
    free(l);
}

void sim_auth_limiter_clear(struct sim_auth_limiter *l)
{
    table_clear(&l->names);
    table_clear(&l->sources);
}

int64_t sim_auth_limiter_locked(struct sim_auth_limiter *l, const char *array,
                                const char *user, const char *source, int64_t now_ms)
{
    char key[KEY_MAX];
    int64_t by_name = table_locked(&l->names, key, name_key(key, array, user), now_ms);
    int64_t by_source = 0;
    if (source && *source)
        by_source = table_locked(&l->sources, key, source_key(key, source), now_ms);
    return by_name > by_source ? by_name : by_source;
}

unsigned sim_auth_limiter_record(struct sim_auth_limiter *l, const char *array,
                                 const char *user, const char *source, bool ok,
                                 int64_t now_ms)
{
    char key[KEY_MAX];
    size_t nlen = name_key(key, array, user);
    struct entry *src = NULL;
    if (source && *source) {
        char skey[KEY_MAX];
        src = table_find(&l->sources, skey, source_key(skey, source));
    }
    if (ok) {
        struct entry *e = table_find(&l->names, key, nlen);
        if (e)
            table_remove(&l->names, e);
        /* the source's count starts over only when the name it last got
         * wrong gets in: a client's typo, or a client that shares the
         * address with one that failed, as python-3parclient after
         * another client's wrong password; successes on other names
         * (an attacker's own account) leave it as it is */
        if (src && !strncmp(src->last_name, user, sizeof(src->last_name) - 1))
            table_remove(&l->sources, src);
        return 0;
    }
    unsigned locked = 0;
    if (table_fail(&l->names, key, nlen, user, now_ms))
        locked |= SIM_AUTH_LOCKED_NAME;
    if (source && *source &&
        table_fail(&l->sources, key, source_key(key, source), user, now_ms))
        locked |= SIM_AUTH_LOCKED_SOURCE;
    return locked;
}

size_t sim_auth_limiter_count(const struct sim_auth_limiter *l, bool sources)
{
    return sources ? l->sources.n : l->names.n;
}

/* --- logins ------------------------------------------------------------- */

/* Compares without stopping at the first difference. */
static bool same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = (unsigned char)(la != lb);
    for (size_t i = 0; i < la; i++)
        d |= (unsigned char)(a[i] ^ b[i < lb ? i : 0]);
    return d == 0;
}

static void log_locks(struct sim *s, const char *array, const char *name, const char *source,
                      unsigned locked)
{
    if (locked & SIM_AUTH_LOCKED_NAME)
        rclog(RCLOG_WARN, "array '%s': user '%.64s' locked for %lld ms after %d failed logins",
              array, name, (long long)s->auth.lockout_ms, s->auth.max_failures);
    if (locked & SIM_AUTH_LOCKED_SOURCE)
        rclog(RCLOG_WARN, "logins from %s locked for %lld ms after %d failed logins",
              source, (long long)s->auth.lockout_ms, s->auth.source_max_failures);
}

int sim_user_auth(struct sim *s, const char *array, const char *user, const char *password,
                  const char *source, enum sim_user_role *role, struct sim_err *err)
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
    int64_t locked = sim_auth_limiter_locked(s->limiter, array, name, source, now);
    if (locked > 0) {
        rclog(RCLOG_INFO, "array '%s': login of '%.64s'%s%s refused: locked for %lld ms more "
              "after failed attempts", array, name, source ? " from " : "",
              source ? source : "", (long long)locked);
        return sim_fail(err, SIM_EAUTH_LOCKED, name,
                        "too many failed logins; locked for %lld ms more", (long long)locked);
    }
    bool ok = false;
    if (sim_user_load(s, array, name, &u, &tmp) == 0)
        ok = password && same_secret(u.password, password);
    else if (tmp.rc == SIM_EINTERNAL)
        return sim_fail(err, SIM_EINTERNAL, name, "%s", tmp.detail);
    log_locks(s, array, name, source,
              sim_auth_limiter_record(s->limiter, array, name, source, ok, now));
    if (!ok)
        return sim_fail(err, SIM_EAUTH, name, "invalid username or password");
    *role = (enum sim_user_role)u.role;
    return 0;
}

struct sim_auth_policy sim_auth_policy_get(struct sim *s)
{
    /* set once at sim_open, never changed: no lock needed */
    struct sim_auth_policy p = s->auth;
    if (p.request_ms <= 0)
        p.request_ms = SIM_AUTH_REQUEST_MS;
    if (p.conn_idle_ms <= 0)
        p.conn_idle_ms = SIM_AUTH_CONN_IDLE_MS;
    if (p.login_grace_ms <= 0)
        p.login_grace_ms = SIM_AUTH_LOGIN_GRACE_MS;
    return p;
}
