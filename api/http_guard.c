/* api/http_guard.c - time limits, room and log limiting for the HTTP
 * fronts (see http_guard.h). Owns: the guard's table of connections and
 * its timer thread. Not: the daemons' own options (wsapi.c,
 * ctl_server.c). Spec: docs/behaviour.md "Security".
 *
 * Each connection the library reports (MHD_CONNECTION_NOTIFY_STARTED)
 * gets a record, kept in one of two lists in the order it entered its
 * state, so the oldest is always first:
 *
 *   waiting   --headers in-->  uploading  --body in-->  busy
 *      ^                                                  |
 *      +------------------- reply done -------------------+
 *
 * The timer closes the head of "waiting" once it is older than header_ms
 * and the head of "uploading" once older than body_ms; a busy connection
 * (a handler runs, a reply is being sent, a long poll waits) is never cut
 * here: the library's idle timeout covers a client that stops reading.
 * The library notifies MHD_CONNECTION_NOTIFY_CLOSED before it closes the
 * socket, and the record leaves the table then, under the guard's lock,
 * so shutdown(2) is only ever applied to a socket still open. */
#include "api/http_guard.h"
#include "sim/clock.h"
#include "util/hash.h"
#include "util/netaddr.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define TICK_MS 200
/* Past the cap, a newcomer closes one of the EVICT_WINDOW connections
 * waiting longest for their request: the oldest from the address that
 * holds the most of them. A flood thus makes way for itself, and a real
 * client, whose request follows its connection within milliseconds and
 * which holds one connection, is the last to go. */
#define EVICT_WINDOW 64

enum gstate { G_NEW, G_WAITING, G_UPLOADING, G_BUSY, G_CLOSING };

struct gconn {
    struct http_guard *g;
    int fd;
    uint64_t source;            /* hash of the client's address (util/netaddr.h) */
    enum gstate state;
    int64_t since_ms;           /* when it entered its state */
    struct gconn *prev, *next;  /* in its state's list (waiting, uploading) */
};

struct glist {
    struct gconn *head, *tail;
};

/* Open connections per source (hash of the address), for the accept
 * policy: open addressing; a slot whose count fell to 0 is reused, and
 * the table is rebuilt when few slots were never used. */
struct src_slot {
    uint64_t key;               /* 0: never used (rc_hash64 is never 0) */
    uint32_t count;
};

struct src_table {
    struct src_slot *s;
    size_t cap;                 /* a power of two */
    size_t used;                /* slots ever given a key */
    size_t live;                /* sources with a count */
};

struct http_guard {
    struct http_guard_limits lim;
    char name[64];
    pthread_mutex_t mu;
    struct src_table sources;
    pthread_cond_t cv;
    bool stopping;
    pthread_t timer;
    size_t n;                   /* connections open */
    struct glist waiting, uploading;
    unsigned long timed_out, evicted, refused;  /* since the last log line */
    struct rclog_limiter *logs;
};

/* --- framing ------------------------------------------------------------ */

struct framing {
    const char *clen;
    bool conflict;
    bool chunked;
};

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    struct framing *f = cls;
    (void)kind;
    if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
        f->chunked = true;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
        return MHD_YES;
    value = value ? value : "";
    if (f->clen && strcmp(f->clen, value))
        f->conflict = true;
    f->clen = value;
    return MHD_YES;
}

unsigned http_framing_check(struct MHD_Connection *c)
{
    struct framing f = { 0 };
    MHD_get_connection_values(c, MHD_HEADER_KIND, framing_header, &f);
    /* RFC 9112 §6.3: either is a request whose end two parties could see
     * in different places */
    if (f.conflict || (f.clen && f.chunked))
        return MHD_HTTP_BAD_REQUEST;
    return 0;
}

/* --- connections per source ---------------------------------------------- */

static struct src_slot *src_slot(struct src_table *t, uint64_t key)
{
    struct src_slot *free_slot = NULL;
    for (size_t i = key & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        struct src_slot *e = &t->s[i];
        if (e->key == key)
            return e;
        if (!e->count && !free_slot)
            free_slot = e;
        if (!e->key)
            return free_slot;
    }
}

/* Keeps the count of live keys, dropping the empty ones. */
static void src_rebuild(struct src_table *t)
{
    struct src_slot *old = t->s;
    t->s = xcalloc(t->cap, sizeof(*t->s));
    t->used = 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (!old[i].count)
            continue;
        struct src_slot *e = src_slot(t, old[i].key);
        *e = old[i];
        t->used++;
    }
    free(old);
}

static void src_add(struct src_table *t, uint64_t key, int delta)
{
    struct src_slot *e = src_slot(t, key);
    if (e->key != key && delta < 0)
        return;                 /* never counted: nothing to take back */
    if (e->key != key) {        /* new here: a never-used or an empty slot */
        t->used += !e->key;
        e->key = key;
        e->count = 0;
    }
    t->live += !e->count;
    e->count += (uint32_t)delta;
    t->live -= !e->count;
    if (t->used > t->cap / 4 * 3)
        src_rebuild(t);
}

static uint32_t src_count(struct src_table *t, uint64_t key)
{
    const struct src_slot *e = src_slot(t, key);
    return e->key == key ? e->count : 0;
}

static uint64_t source_key(const struct sockaddr *sa)
{
    char source[RC_SOURCE_MAX];
    rc_source_of(sa, source, sizeof(source));
    return rc_hash64(source, strlen(source), 0);
}

/* --- lists -------------------------------------------------------------- */

static struct glist *list_of(struct http_guard *g, enum gstate st)
{
    return st == G_WAITING ? &g->waiting : st == G_UPLOADING ? &g->uploading : NULL;
}

static void unlink_conn(struct http_guard *g, struct gconn *gc)
{
    struct glist *l = list_of(g, gc->state);
    if (!l)
        return;
    *(gc->prev ? &gc->prev->next : &l->head) = gc->next;
    *(gc->next ? &gc->next->prev : &l->tail) = gc->prev;
    gc->prev = gc->next = NULL;
}

/* Moves gc to st (the tail of st's list); the caller holds the lock. */
static void set_state(struct http_guard *g, struct gconn *gc, enum gstate st)
{
    unlink_conn(g, gc);
    gc->state = st;
    gc->since_ms = sim_mono_ms();
    struct glist *l = list_of(g, st);
    if (!l)
        return;
    gc->prev = l->tail;
    *(l->tail ? &l->tail->next : &l->head) = gc;
    l->tail = gc;
}

/* Ends gc's connection: the library sees its client go away. */
static void cut(struct http_guard *g, struct gconn *gc)
{
    set_state(g, gc, G_CLOSING);
    shutdown(gc->fd, SHUT_RDWR);
}

/* --- the timer ---------------------------------------------------------- */

static void log_cuts(struct http_guard *g)
{
    if (!g->timed_out && !g->evicted && !g->refused)
        return;
    unsigned dropped = 0;
    if (!rclog_limiter_admit(g->logs, "cuts", sim_mono_ms(), &dropped))
        return;         /* counted on until the next line */
    rclog(RCLOG_WARN, "%s: closed %lu connections slow to send a request and %lu idle ones "
          "to make room, refused %lu from addresses holding their share (%zu open from %zu "
          "addresses, cap %u)", g->name, g->timed_out, g->evicted, g->refused, g->n,
          g->sources.live, g->lim.max_conns);
    g->timed_out = g->evicted = g->refused = 0;
}

static void expire(struct http_guard *g, struct glist *l, int64_t limit_ms, int64_t now)
{
    while (l->head && now - l->head->since_ms > limit_ms) {
        cut(g, l->head);
        g->timed_out++;
    }
}

static void *timer_main(void *arg)
{
    struct http_guard *g = arg;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += TICK_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->cv, &g->mu, &ts);
        int64_t now = sim_mono_ms();
        expire(g, &g->waiting, g->lim.header_ms, now);
        expire(g, &g->uploading, g->lim.body_ms, now);
        log_cuts(g);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

/* --- interface ---------------------------------------------------------- */

struct http_guard *http_guard_new(const struct http_guard_limits *lim)
{
    struct http_guard *g = xcalloc(1, sizeof(*g));
    g->lim = *lim;
    snprintf(g->name, sizeof(g->name), "%s", lim->name ? lim->name : "http");
    g->lim.name = g->name;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->logs = rclog_limiter_new();
    g->sources.cap = 64;
    while (g->sources.cap < 4 * (size_t)http_guard_hard_limit(lim->max_conns))
        g->sources.cap *= 2;
    g->sources.s = xcalloc(g->sources.cap, sizeof(*g->sources.s));
    if (pthread_create(&g->timer, NULL, timer_main, g)) {
        rclog(RCLOG_ERROR, "%s: cannot start the connection timer", g->name);
        abort();
    }
    return g;
}

void http_guard_free(struct http_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = true;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->timer, NULL);
    rclog_limiter_free(g->logs);
    free(g->sources.s);
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

unsigned http_guard_hard_limit(unsigned max_conns)
{
    return max_conns + max_conns / 8 + 8;
}

/* The connection that makes way for gc past the cap (see EVICT_WINDOW);
 * gc itself when no other waits. */
static struct gconn *victim_for(struct http_guard *g, struct gconn *gc)
{
    struct gconn *w[EVICT_WINDOW];
    size_t n = 0;
    for (struct gconn *v = g->waiting.head; v && n < EVICT_WINDOW; v = v->next)
        if (v != gc)
            w[n++] = v;
    struct gconn *best = gc;
    size_t best_count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        for (size_t j = 0; j < n; j++)
            count += w[j]->source == w[i]->source;
        if (count > best_count) {   /* the oldest of the first such address */
            best = w[i];
            best_count = count;
        }
    }
    return best;
}

static void conn_started(struct http_guard *g, struct MHD_Connection *c, void **ctx)
{
    const union MHD_ConnectionInfo *fdi =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *ai =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    struct gconn *gc = xcalloc(1, sizeof(*gc));
    gc->g = g;
    gc->fd = fdi ? fdi->connect_fd : -1;
    gc->source = source_key(ai ? ai->client_addr : NULL);
    *ctx = gc;
    pthread_mutex_lock(&g->mu);
    g->n++;
    src_add(&g->sources, gc->source, 1);
    set_state(g, gc, G_WAITING);
    if (g->n > g->lim.max_conns) {
        cut(g, victim_for(g, gc));
        g->evicted++;
    }
    pthread_mutex_unlock(&g->mu);
}

static void conn_closed(struct http_guard *g, void **ctx)
{
    struct gconn *gc = *ctx;
    if (!gc)
        return;
    pthread_mutex_lock(&g->mu);
    unlink_conn(g, gc);
    g->n--;
    src_add(&g->sources, gc->source, -1);
    pthread_mutex_unlock(&g->mu);
    free(gc);
    *ctx = NULL;
}

enum MHD_Result http_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    struct http_guard *g = cls;
    (void)addrlen;
    uint64_t key = source_key(addr);
    pthread_mutex_lock(&g->mu);
    /* at the cap, an address holding half the average address's
     * connections or more gets no new one: refused here, before the
     * library spends a thread or a TLS session on it, and before it
     * pushes out a connection of another such address */
    uint32_t held = src_count(&g->sources, key);
    bool refuse = g->n >= g->lim.max_conns && held && 2 * held * g->sources.live >= g->n;
    if (refuse)
        g->refused++;
    pthread_mutex_unlock(&g->mu);
    return refuse ? MHD_NO : MHD_YES;
}

void http_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe)
{
    struct http_guard *g = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        conn_started(g, c, socket_context);
    else if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
        conn_closed(g, socket_context);
}

/* Moves c's record to st, unless the guard already cut it. */
static void conn_move(struct MHD_Connection *c, enum gstate st)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct gconn *gc = ci ? ci->socket_context : NULL;
    if (!gc)
        return;
    struct http_guard *g = gc->g;
    pthread_mutex_lock(&g->mu);
    if (gc->state != G_CLOSING && gc->state != st)
        set_state(g, gc, st);
    pthread_mutex_unlock(&g->mu);
}

void http_guard_headers_in(struct MHD_Connection *c)
{
    conn_move(c, G_UPLOADING);
}

void http_guard_body_in(struct MHD_Connection *c)
{
    conn_move(c, G_BUSY);
}

void http_guard_request_done(struct MHD_Connection *c)
{
    conn_move(c, G_WAITING);
}

size_t http_guard_count(struct http_guard *g)
{
    pthread_mutex_lock(&g->mu);
    size_t n = g->n;
    pthread_mutex_unlock(&g->mu);
    return n;
}

void http_guard_log(void *cls, const char *fmt, va_list ap)
{
    struct http_guard *g = cls;
    if (g->lim.log_level < rclog_threshold)
        return;
    unsigned dropped = 0;
    if (!rclog_limiter_admit(g->logs, fmt, sim_mono_ms(), &dropped))
        return;
    struct strbuf sb = STRBUF_INIT;
    strbuf_vaddf(&sb, fmt, ap);
    while (sb.len && sb.buf[sb.len - 1] == '\n')
        strbuf_setlen(&sb, sb.len - 1);
    if (dropped)
        rclog(g->lim.log_level, "%s: %s (and %u more like it)", g->name, sb.buf, dropped);
    else
        rclog(g->lim.log_level, "%s: %s", g->name, sb.buf);
    strbuf_release(&sb);
}
