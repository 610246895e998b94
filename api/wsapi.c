/* api/wsapi.c - the WSAPI listeners of every array. Owns: one plain HTTP
 * and one HTTPS (GnuTLS) libmicrohttpd daemon per array on the addresses
 * and ports its fixture names, collecting request bodies (capped at
 * WSAPI_BODY_MAX), sending the router's replies, and a watcher thread that
 * keeps the listeners in step with the arrays' power (closed while off, so
 * that clients see "connection refused"; a power change reaches them
 * before the call that made it returns, and a power-off ends the array's
 * sessions). Not: routing, sessions, handlers
 * (wsapi_routes.c and friends), time limits and room for connections
 * (http_guard.c).
 * Every client request is a new TCP connection (docs/array-interfaces.md §1.1) and any
 * dropped connection or 503 costs the client a retry it never forgets
 * (§1.4): the daemons use a thread pool and a deep listen backlog, and
 * never refuse for load. What they do refuse costs a real client nothing:
 * a connection silent for the policy's conn_idle_ms, one slower than its
 * request_ms to send a request's headers (sim/auth.h, http_guard.c), more
 * than WSAPI_PER_SOURCE connections from one
 * address, and, past the listener's cap, the connection idle the longest
 * (the cap follows the descriptor limit, util/fdlimit.h). */
#include "api/wsapi.h"
#include "api/wsapi_internal.h"
#include "api/wsapi_tls.h"
#include "api/http_guard.h"
#include "util/fdlimit.h"
#include "sim/array.h"
#include "sim/auth.h"
#include "util/log.h"
#include "util/netaddr.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Power changes reach the listeners at once (sim_power_watch); the watcher
 * only catches up with anything else and sweeps expired sessions. */
#define WATCH_PERIOD_MS 1000
#define SWEEP_EVERY 10          /* watcher rounds between expiry sweeps */
/* A keep-alive connection stays on one pool thread, and a thread serves its
 * connections one request at a time: with fewer threads than busy clients
 * a request waits behind another client's (head-of-line). 32 per listener
 * covers the 64 clients of `make soak` split over two arrays. */
#define POOL_THREADS 32
#define LISTEN_BACKLOG 4096
#define WSAPI_BODY_MS 60000     /* to send a body (1 MiB at most) */
#define WSAPI_PER_SOURCE 128    /* connections from one address, per daemon */
#define WSAPI_FD_SHARE 50       /* percent of the descriptor limit */
#define WSAPI_CONNS_MAX 4096    /* per daemon, whatever the limit */

struct listener {
    struct wsapi *w;
    char array[32];
    char addr[64];
    int http_port, https_port;
    struct MHD_Daemon *http, *https;
    char *cert, *key;           /* PEM, kept for restarts */
    struct http_guard *guard;   /* both daemons' connections */
    bool running;
    bool failed_logged;
};

#define CACHE_SLOTS 64

struct cache_slot {
    char array[32];
    char *key;
    uint64_t gen;
    unsigned status;
    char *text;
};

struct wsapi {
    struct sim *s;
    pthread_mutex_t cache_lock;
    struct cache_slot cache[CACHE_SLOTS];
    unsigned cache_next;
    struct wsapi_sessions *sessions;
    pthread_mutex_t reconcile_lock; /* one pass at a time (reconcile) */
    pthread_mutex_t lock;       /* listeners[] and their addresses; never
                                 * held while a daemon stops, which waits
                                 * for handlers that may take it */
    pthread_cond_t wake;
    struct listener **listeners;
    size_t n, alloc;
    bool stopping;
    unsigned conn_cap;          /* per daemon; set on the first reconcile */
    pthread_t watcher;
    bool watcher_started;
    bool watching;              /* registered with sim_power_watch */
};

struct conn_ctx {
    struct strbuf body;
    bool too_large;
    bool answered;              /* refused before its body was read */
};

struct wsapi_sessions *wsapi_sessions_of(struct wsapi *w)
{
    return w->sessions;
}

void wsapi_listener_info(struct wsapi *w, const char *array, int *http_port, int *https_port)
{
    *http_port = *https_port = 0;
    pthread_mutex_lock(&w->lock);
    for (size_t i = 0; i < w->n; i++)
        if (!strcmp(w->listeners[i]->array, array)) {
            *http_port = w->listeners[i]->http_port;
            *https_port = w->listeners[i]->https_port;
        }
    pthread_mutex_unlock(&w->lock);
}

char *wsapi_cache_get(struct wsapi *w, const char *array, const char *key, uint64_t gen,
                      unsigned *status)
{
    char *out = NULL;
    pthread_mutex_lock(&w->cache_lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct cache_slot *c = &w->cache[i];
        if (c->key && c->gen == gen && !strcmp(c->key, key) && !strcmp(c->array, array)) {
            out = xstrdup(c->text);
            *status = c->status;
            break;
        }
    }
    pthread_mutex_unlock(&w->cache_lock);
    return out;
}

void wsapi_cache_put(struct wsapi *w, const char *array, const char *key, uint64_t gen,
                     unsigned status, const char *text)
{
    pthread_mutex_lock(&w->cache_lock);
    struct cache_slot *c = NULL;
    for (size_t i = 0; i < CACHE_SLOTS && !c; i++)
        if (w->cache[i].key && !strcmp(w->cache[i].key, key) &&
            !strcmp(w->cache[i].array, array))
            c = &w->cache[i];
    if (!c)
        c = &w->cache[w->cache_next++ % CACHE_SLOTS];
    free(c->key);
    free(c->text);
    rc_strlcpy(c->array, array, sizeof(c->array));
    c->key = xstrdup(key);
    c->text = xstrdup(text);
    c->gen = gen;
    c->status = status;
    pthread_mutex_unlock(&w->cache_lock);
}

static enum wsapi_method method_of(const char *m)
{
    /* HEAD is GET without the body, which the library leaves out */
    if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
        return WM_GET;
    if (!strcmp(m, "POST"))
        return WM_POST;
    if (!strcmp(m, "PUT"))
        return WM_PUT;
    if (!strcmp(m, "DELETE"))
        return WM_DELETE;
    return WM_OTHER;
}

/* Keep paths and query values raw: the router decodes each path segment
 * itself, so an escaped '/' cannot split a name (docs/array-interfaces.md §1.1). */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct wsapi_req *rq = cls;
    (void)kind;
    if (rq->nquery == WSAPI_MAX_QUERY) {
        rq->query_many = true;      /* refused by the router, never cut */
        return MHD_NO;
    }
    char *v = xstrdup(value ? value : "");
    if (rc_pct_decode(v, true)) {
        free(v);
        rq->query_bad = true;       /* refused by the router, never dropped */
        return MHD_YES;
    }
    rq->query[rq->nquery].key = key;
    rq->query[rq->nquery].raw = value ? value : "";
    rq->query[rq->nquery].value = v;
    rq->nquery++;
    return MHD_YES;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct wsapi_req *rq)
{
    char *text = NULL;
    size_t len = 0;
    if (rq->reply_text) {
        text = rq->reply_text;
        rq->reply_text = NULL;
        len = strlen(text);
    } else if (rq->reply) {
        text = cJSON_PrintUnformatted(rq->reply);
        if (!text) {
            rclog(RCLOG_ERROR, "out of memory printing a JSON reply");
            abort();
        }
        len = strlen(text);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(len, text ? text : (char *)"",
                                                             text ? MHD_RESPMEM_MUST_FREE
                                                                  : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if ((text && MHD_add_response_header(r, "Content-Type", "application/json") != MHD_YES) ||
        (rq->location && MHD_add_response_header(r, "Location", rq->location) != MHD_YES)) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    enum MHD_Result ret = MHD_queue_response(c, rq->status ? rq->status : 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* A request whose length is ambiguous gets 400 and its connection is
 * closed: where it ends cannot be known (api/http_guard.h). */
static enum MHD_Result send_framing_error(struct MHD_Connection *c, unsigned status)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (char *)"",
                                                             MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    enum MHD_Result ret = MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close")
                              == MHD_YES ? MHD_queue_response(c, status, r) : MHD_NO;
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    struct listener *l = cls;
    struct conn_ctx *cx = *con_cls;
    (void)version;

    if (!cx) {
        cx = xcalloc(1, sizeof(*cx));
        strbuf_init(&cx->body);
        *con_cls = cx;
        http_guard_headers_in(c);
        unsigned bad = http_framing_check(c);
        if (!bad)
            return MHD_YES;
        cx->answered = true;
        return send_framing_error(c, bad);
    }
    if (cx->answered) {
        *upload_data_size = 0;      /* the rest is dropped */
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* past the cap the rest is read and dropped, then refused with a
         * 413: closing early would look like a reset to the client */
        if (!cx->too_large && cx->body.len + *upload_data_size <= WSAPI_BODY_MAX)
            strbuf_add(&cx->body, upload_data, *upload_data_size);
        else
            cx->too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }

    http_guard_body_in(c);
    char source[RC_SOURCE_MAX];
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    rc_source_of(ci ? ci->client_addr : NULL, source, sizeof(source));
    struct wsapi_req rq = { .w = l->w, .s = l->w->s, .array = l->array,
                            .method = method_of(method), .path = xstrdup(url),
                            .source = source };
    rq.session_key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, WSAPI_HDR_SESSION);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &rq);
    wsapi_dispatch(&rq, cx->body.buf, cx->body.len, cx->too_large);
    rclog(RCLOG_DEBUG, "%s: %s %s -> %u", l->array, method, url, rq.status);
    enum MHD_Result ret = send_reply(c, &rq);
    wsapi_req_release(&rq);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct conn_ctx *cx = *con_cls;
    (void)cls;
    (void)toe;
    http_guard_request_done(c);
    if (!cx)
        return;
    strbuf_release(&cx->body);
    free(cx);
    *con_cls = NULL;
}

static struct MHD_Daemon *daemon_start(struct listener *l, int port, bool tls, char *errbuf,
                                       size_t errlen)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

    if (inet_pton(AF_INET, l->addr, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, l->addr, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(errbuf, errlen, "%s: wsapi address '%s' is not an IP address", l->array,
                 l->addr);
        return NULL;
    }
    if (tls)
        flags |= MHD_USE_TLS;
    /* never select(): it cannot watch a descriptor above FD_SETSIZE. No
     * epoll for TLS: libmicrohttpd 0.9.75 then spins on a handshake that
     * waits for more bytes (one half-sent ClientHello took a whole core) */
    flags |= !tls && MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL
                                                                            : MHD_USE_POLL;
    struct MHD_OptionItem tls_opts[] = {
        { MHD_OPTION_HTTPS_MEM_KEY, 0, l->key },
        { MHD_OPTION_HTTPS_MEM_CERT, 0, l->cert },
        { MHD_OPTION_END, 0, NULL },
    };
    /* the library counts whole seconds */
    unsigned idle_s = (unsigned)((sim_auth_policy_get(l->w->s).conn_idle_ms + 999) / 1000);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, http_guard_accept, l->guard, on_request, l,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)LISTEN_BACKLOG,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_CONNECTION_LIMIT, http_guard_hard_limit(l->w->conn_cap),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)WSAPI_PER_SOURCE,
        MHD_OPTION_CONNECTION_TIMEOUT, idle_s,
        MHD_OPTION_STRICT_FOR_CLIENT, 1,      /* HTTP/1.1 without Host: 400 */
        MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, http_guard_notify, l->guard,
        MHD_OPTION_EXTERNAL_LOGGER, http_guard_log, l->guard,
        MHD_OPTION_ARRAY, tls ? tls_opts : &tls_opts[2],
        MHD_OPTION_END);
    if (!d)
        snprintf(errbuf, errlen, "%s: cannot listen on %s:%d (%s): %s", l->array, l->addr,
                 port, tls ? "https" : "http", strerror(errno));
    return d;
}

static void listener_stop(struct listener *l)
{
    if (l->http)
        MHD_stop_daemon(l->http);
    if (l->https)
        MHD_stop_daemon(l->https);
    l->http = l->https = NULL;
    if (l->running)
        rclog(RCLOG_INFO, "%s: wsapi listeners closed", l->array);
    l->running = false;
}

/* A listener of port SIM_PORT_ANY binds port 0; the port it got is kept
 * (a power cycle listens on it again) and reported to the engine. */
static struct MHD_Daemon *daemon_start_noted(struct listener *l, int *port, bool tls,
                                             char *errbuf, size_t errlen)
{
    struct MHD_Daemon *d = daemon_start(l, *port == SIM_PORT_ANY ? 0 : *port, tls, errbuf,
                                        errlen);
    if (!d || *port != SIM_PORT_ANY)
        return d;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (info && info->port) {
        *port = info->port;
        sim_array_listener_bound(l->w->s, l->array, tls ? SIM_LISTEN_HTTPS : SIM_LISTEN_HTTP,
                                 *port);
    }
    return d;
}

static int listener_start(struct listener *l, char *errbuf, size_t errlen)
{
    if (l->https_port && !l->cert &&
        wsapi_tls_material(l->w->s, l->array, l->addr, &l->cert, &l->key, errbuf, errlen))
        return -1;
    if (l->http_port && !(l->http = daemon_start_noted(l, &l->http_port, false, errbuf, errlen)))
        return -1;
    if (l->https_port &&
        !(l->https = daemon_start_noted(l, &l->https_port, true, errbuf, errlen))) {
        listener_stop(l);
        return -1;
    }
    l->running = true;
    l->failed_logged = false;
    /* a booted array has run its boot task: GET /tasks is never empty */
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_task_ensure_system(l->w->s, l->array, &err))
        rclog(RCLOG_WARN, "%s: cannot record the system task: %s", l->array, err.detail);
    rclog(RCLOG_INFO, "%s: wsapi listening on http://%s:%d and https://%s:%d", l->array,
          l->addr, l->http_port, l->addr, l->https_port);
    return 0;
}

/* The listener of array a, made if new; *moved: a new fixture moved it
 * (the caller stops it). The caller holds w->lock. */
static struct listener *listener_for(struct wsapi *w, const struct sim_array_view *a,
                                     bool *moved)
{
    *moved = false;
    for (size_t i = 0; i < w->n; i++) {
        struct listener *l = w->listeners[i];
        if (strcmp(l->array, a->name))
            continue;
        if (strcmp(l->addr, a->wsapi_addr) || l->http_port != a->wsapi_http_port ||
            l->https_port != a->wsapi_https_port) {
            *moved = true;
            rc_strlcpy(l->addr, a->wsapi_addr, sizeof(l->addr));
            l->http_port = a->wsapi_http_port;
            l->https_port = a->wsapi_https_port;
        }
        return l;
    }
    struct listener *l = xcalloc(1, sizeof(*l));
    l->w = w;
    rc_strlcpy(l->array, a->name, sizeof(l->array));
    rc_strlcpy(l->addr, a->wsapi_addr, sizeof(l->addr));
    l->http_port = a->wsapi_http_port;
    l->https_port = a->wsapi_https_port;
    char name[64];
    snprintf(name, sizeof(name), "%s: wsapi", l->array);
    const struct http_guard_limits lim = {
        .name = name, .max_conns = w->conn_cap,
        .header_ms = (unsigned)sim_auth_policy_get(w->s).request_ms,
        .body_ms = WSAPI_BODY_MS, .log_level = RCLOG_DEBUG,
    };
    l->guard = http_guard_new(&lim);
    XGROW(w->listeners, w->n + 1, w->alloc);
    w->listeners[w->n++] = l;
    return l;
}

/* Connections per daemon with n arrays (two daemons each): a share of the
 * descriptor limit, less each daemon's pool (an epoll and a wake-up
 * descriptor per thread). */
static unsigned conn_cap_for(size_t n)
{
    unsigned daemons = (unsigned)(2 * (n ? n : 1));
    return rc_nofile_share(WSAPI_FD_SHARE, (unsigned long)daemons * POOL_THREADS * 2, daemons,
                           16, WSAPI_CONNS_MAX);
}

/* One pass: make every listener match its array's power state. */
static int reconcile(struct wsapi *w, char *errbuf, size_t errlen)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view *arrays = NULL;
    size_t n = 0;
    int rc = 0;

    pthread_mutex_lock(&w->reconcile_lock);
    if (sim_array_list(w->s, &arrays, &n, &err)) {
        pthread_mutex_unlock(&w->reconcile_lock);
        snprintf(errbuf, errlen, "cannot list arrays: %s", err.detail);
        return -1;
    }
    if (!w->conn_cap)
        w->conn_cap = conn_cap_for(n);
    for (size_t i = 0; i < n; i++) {
        bool moved;
        pthread_mutex_lock(&w->lock);
        struct listener *l = listener_for(w, &arrays[i], &moved);
        pthread_mutex_unlock(&w->lock);
        if (moved)
            listener_stop(l);
        if (arrays[i].powered && !l->running) {
            if (listener_start(l, errbuf, errlen)) {
                if (!l->failed_logged)
                    rclog(RCLOG_ERROR, "%s", errbuf);
                l->failed_logged = true;
                rc = -1;
            }
        } else if (!arrays[i].powered && l->running) {
            listener_stop(l);
            /* a power cycle ends every session, as a reboot does */
            wsapi_sessions_sweep(w->sessions, l->array);
        }
    }
    pthread_mutex_unlock(&w->reconcile_lock);
    free(arrays);
    return rc;
}

/* A power change (sim_power_watch): the listeners follow before the
 * change returns, and a power-off ends the array's sessions even when its
 * listeners were not up. */
static void on_power(void *ctx, const char *array, bool on)
{
    struct wsapi *w = ctx;
    char errbuf[256];
    reconcile(w, errbuf, sizeof(errbuf));
    if (array && !on)
        wsapi_sessions_sweep(w->sessions, array);
}

static void *watcher_main(void *arg)
{
    struct wsapi *w = arg;
    char errbuf[256];
    unsigned round = 0;
    pthread_mutex_lock(&w->lock);
    while (!w->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += WATCH_PERIOD_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w->wake, &w->lock, &ts);
        if (w->stopping)
            break;
        pthread_mutex_unlock(&w->lock);
        reconcile(w, errbuf, sizeof(errbuf));
        if (++round % SWEEP_EVERY == 0)
            wsapi_sessions_sweep(w->sessions, NULL);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int wsapi_start(struct sim *s, struct wsapi **out, char *errbuf, size_t errlen)
{
    struct wsapi *w = xcalloc(1, sizeof(*w));
    w->s = s;
    w->sessions = wsapi_sessions_new(sim_auth_policy_get(s).session_idle_ms, 0);
    pthread_mutex_init(&w->reconcile_lock, NULL);
    pthread_mutex_init(&w->lock, NULL);
    pthread_mutex_init(&w->cache_lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (reconcile(w, errbuf, errlen)) {
        wsapi_stop(w);
        return -1;
    }
    sim_power_watch(s, on_power, w);
    w->watching = true;
    if (pthread_create(&w->watcher, NULL, watcher_main, w)) {
        snprintf(errbuf, errlen, "cannot start the wsapi watcher thread");
        wsapi_stop(w);
        return -1;
    }
    w->watcher_started = true;
    *out = w;
    return 0;
}

void wsapi_stop(struct wsapi *w)
{
    if (!w)
        return;
    if (w->watching)
        sim_power_unwatch(w->s, on_power, w);
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    if (w->watcher_started)
        pthread_join(w->watcher, NULL);
    for (size_t i = 0; i < w->n; i++) {
        listener_stop(w->listeners[i]);
        free(w->listeners[i]->cert);
        free(w->listeners[i]->key);
        http_guard_free(w->listeners[i]->guard);
        free(w->listeners[i]);
    }
    free(w->listeners);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        free(w->cache[i].key);
        free(w->cache[i].text);
    }
    pthread_mutex_destroy(&w->cache_lock);
    wsapi_sessions_free(w->sessions);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    pthread_mutex_destroy(&w->reconcile_lock);
    free(w);
}
