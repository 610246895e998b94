/* api/wsapi_session.c - WSAPI sessions: POST /api/v1/credentials and the
 * X-Hp3Par-Wsapi-Sessionkey header. Owns: the session table of every array
 * (keys, user, role, last use), idle expiry on the monotonic wall clock
 * (sessions are a property of the real listener, not of simulated time;
 * the idle time is sim_auth_policy.session_idle_ms), logout. An expired
 * key is refused like an unknown one (401, code 6): the client logs in
 * again and replays (§1.2). Not: password checks and the failed-login
 * limiter (sim_user_auth, sim/auth.c). Sessions per user are not capped: the
 * client opens a new one on every 401/403 and never deletes the old key
 * (docs/array-interfaces.md §1.2), so the table shrinks by expiry and logout. Only the
 * whole table is bounded (WSAPI_SESSIONS_MAX, for memory): when full, the
 * session unused the longest gives way, and its client, answered 401, logs
 * in again.
 * Spec: docs/array-interfaces.md §1.2. */
#include "api/wsapi_internal.h"
#include "sim/auth.h"
#include "sim/clock.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define N_BUCKETS 1024
#define KEY_LEN 48
#define WSAPI_SESSIONS_MAX 100000   /* about 15 MB; a CI run makes far fewer */

struct session {
    struct session *next;
    char key[KEY_LEN + 1];
    char array[32];
    char user[32];
    enum sim_user_role role;
    int64_t last_ms;
};

struct wsapi_sessions {
    pthread_mutex_t lock;
    int64_t idle_ms;
    size_t max, n;              /* n: sessions in the table, expired included */
    struct session *buckets[N_BUCKETS];
};

struct wsapi_sessions *wsapi_sessions_new(int64_t idle_ms, size_t max)
{
    struct wsapi_sessions *ss = xcalloc(1, sizeof(*ss));
    pthread_mutex_init(&ss->lock, NULL);
    ss->idle_ms = idle_ms > 0 ? idle_ms : SIM_AUTH_SESSION_IDLE_MS;
    ss->max = max ? max : WSAPI_SESSIONS_MAX;
    return ss;
}

void wsapi_sessions_free(struct wsapi_sessions *ss)
{
    if (!ss)
        return;
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (struct session *e = ss->buckets[i], *next; e; e = next) {
            next = e->next;
            free(e);
        }
    pthread_mutex_destroy(&ss->lock);
    free(ss);
}

static size_t bucket_of(const char *key)
{
    return rc_hash64(key, strlen(key), 0x3a7) % N_BUCKETS;
}

static bool expired(const struct wsapi_sessions *ss, const struct session *e, int64_t now)
{
    return now - e->last_ms > ss->idle_ms;
}

/* Drops the sessions of array (or, array NULL, the expired ones). The
 * caller holds the lock. */
static void sweep_locked(struct wsapi_sessions *ss, const char *array, int64_t now)
{
    for (size_t i = 0; i < N_BUCKETS; i++) {
        for (struct session **pp = &ss->buckets[i]; *pp;) {
            struct session *e = *pp;
            if (array ? !strcmp(e->array, array) : expired(ss, e, now)) {
                *pp = e->next;
                free(e);
                ss->n--;
            } else {
                pp = &e->next;
            }
        }
    }
}

/* Makes room for one more session: the expired ones go, then, if need
 * be, the one unused the longest. The caller holds the lock. */
static void make_room_locked(struct wsapi_sessions *ss, int64_t now)
{
    if (ss->n < ss->max)
        return;
    sweep_locked(ss, NULL, now);
    if (ss->n < ss->max)
        return;
    struct session **oldest = NULL;
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (struct session **pp = &ss->buckets[i]; *pp; pp = &(*pp)->next)
            if (!oldest || (*pp)->last_ms < (*oldest)->last_ms)
                oldest = pp;
    struct session *e = *oldest;
    rclog(RCLOG_INFO, "%s: wsapi session table full (%zu): ending the least recently used "
          "session of '%s'", e->array, ss->max, e->user);
    *oldest = e->next;
    free(e);
    ss->n--;
}

static void random_key(char *key, size_t len)
{
    unsigned char raw[20];
    size_t got = 0;
    while (got < sizeof(raw)) {
        ssize_t r = getrandom(raw + got, sizeof(raw) - got, 0);
        if (r <= 0) {
            /* getrandom only fails before the entropy pool is ready */
            rclog(RCLOG_ERROR, "getrandom failed; cannot create a session key");
            abort();
        }
        got += (size_t)r;
    }
    /* "0-<32 hex>-<8 hex>", shaped like the array's keys */
    snprintf(key, len, "0-%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x"
             "-%02x%02x%02x%02x", raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6],
             raw[7], raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15],
             raw[16], raw[17], raw[18], raw[19]);
}

void wsapi_session_create(struct wsapi_sessions *ss, const char *array, const char *user,
                          enum sim_user_role role, char *key, size_t keylen)
{
    struct session *e = xcalloc(1, sizeof(*e));
    random_key(e->key, sizeof(e->key));
    rc_strlcpy(e->array, array, sizeof(e->array));
    rc_strlcpy(e->user, user, sizeof(e->user));
    e->role = role;
    e->last_ms = sim_mono_ms();
    rc_strlcpy(key, e->key, keylen);
    size_t b = bucket_of(e->key);
    pthread_mutex_lock(&ss->lock);
    make_room_locked(ss, e->last_ms);
    e->next = ss->buckets[b];
    ss->buckets[b] = e;
    ss->n++;
    pthread_mutex_unlock(&ss->lock);
}

int wsapi_session_lookup(struct wsapi_sessions *ss, const char *array, const char *key,
                         char *user, size_t userlen, enum sim_user_role *role)
{
    int64_t now = sim_mono_ms();
    int found = 0;
    size_t b = bucket_of(key);
    pthread_mutex_lock(&ss->lock);
    for (struct session *e = ss->buckets[b]; e; e = e->next) {
        if (strcmp(e->key, key) || strcmp(e->array, array))
            continue;
        if (!expired(ss, e, now)) {
            e->last_ms = now;
            rc_strlcpy(user, e->user, userlen);
            *role = e->role;
            found = 1;
        }
        break;
    }
    pthread_mutex_unlock(&ss->lock);
    return found;
}

int wsapi_session_delete(struct wsapi_sessions *ss, const char *array, const char *key)
{
    int found = 0;
    size_t b = bucket_of(key);
    pthread_mutex_lock(&ss->lock);
    for (struct session **pp = &ss->buckets[b]; *pp; pp = &(*pp)->next) {
        struct session *e = *pp;
        if (!strcmp(e->key, key) && !strcmp(e->array, array)) {
            *pp = e->next;
            free(e);
            ss->n--;
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&ss->lock);
    return found;
}

void wsapi_sessions_sweep(struct wsapi_sessions *ss, const char *array)
{
    int64_t now = sim_mono_ms();
    pthread_mutex_lock(&ss->lock);
    sweep_locked(ss, array, now);
    pthread_mutex_unlock(&ss->lock);
}

size_t wsapi_sessions_count(struct wsapi_sessions *ss, const char *array)
{
    size_t n = 0;
    int64_t now = sim_mono_ms();
    pthread_mutex_lock(&ss->lock);
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (struct session *e = ss->buckets[i]; e; e = e->next)
            if (!strcmp(e->array, array) && !expired(ss, e, now))
                n++;
    pthread_mutex_unlock(&ss->lock);
    return n;
}

/* --- handlers ----------------------------------------------------------- */

static const struct wsapi_field login_fields[] = {
    { "user", WF_STR, WF_REQUIRED, 0, 0, 0, NULL },
    { "password", WF_STR, WF_REQUIRED, 0, 0, 0, NULL },
    { NULL, 0, 0, 0, 0, 0, NULL },
};

int wsapi_credentials_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    char key[KEY_LEN + 1];
    const cJSON *kv;
    /* extra keys (e.g. "InServ", §1.2) are ignored: check only ours */
    cJSON_ArrayForEach(kv, rq->body) {
        for (const struct wsapi_field *f = login_fields; f->key; f++)
            if (!strcmp(kv->string, f->key) && !cJSON_IsString(kv))
                return wsapi_reply_code(rq, WC_WRONG_TYPE, f->key);
    }
    const char *user = wb_str(rq->body, "user"), *pw = wb_str(rq->body, "password");
    if (!user || !pw)
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, user ? "password" : "user");
    if (sim_user_auth(rq->s, rq->array, user, pw, rq->source, &role, &err)) {
        if (err.rc == SIM_EAUTH || err.rc == SIM_ENOENT_USER)
            return wsapi_reply_code(rq, WC_INV_USER_PASS, NULL);
        return wsapi_reply_error(rq, &err);
    }
    wsapi_session_create(wsapi_sessions_of(rq->w), rq->array, user, role, key, sizeof(key));
    rclog(RCLOG_INFO, "%s: wsapi session opened for user '%s' (%s)", rq->array, user,
          sim_user_role_name(role));
    cJSON *o = json_object();
    json_put_str(o, "key", key);
    wsapi_set_location(rq, "credentials/%s", key);
    return wsapi_reply(rq, 201, o);
}

/* Logout must succeed even for a key that already expired: the client's
 * tearDown raises on any status >= 400 (§1.2), so an unknown key is 200. */
int wsapi_credentials_delete(struct wsapi_req *rq)
{
    if (wsapi_session_delete(wsapi_sessions_of(rq->w), rq->array, rq->segs[1]))
        rclog(RCLOG_DEBUG, "%s: wsapi session closed", rq->array);
    return wsapi_reply(rq, 200, NULL);
}
