/* api/ctl_server.c - the control API's HTTP listener (libmicrohttpd).
 * Owns: the socket (loopback only without a token), the token check,
 * reading and capping request bodies (large ones one at a time), parsing
 * them once with cJSON, and turning handler results and refusals into
 * HTTP responses. Not: the routes and what they do (ctl_routes.c), the
 * JSON shape of sim views (ctl_json.c), the status table (ctl_errors.c),
 * time and room limits for connections (http_guard.c).
 * Spec: docs/control-api.md, docs/behaviour.md "Security". */
#include "api/ctl_server.h"
#include "api/ctl_internal.h"
#include "api/http_guard.h"
#include "sim/auth.h"
#include "util/fdlimit.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include <errno.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Time and room for connections (api/http_guard.h): silence and the time
 * to send a request's headers follow the policy (sim/auth.h); a body must
 * arrive within CTL_BODY_MS (an 85 MiB volume write included); a long
 * poll is a request in progress and is never cut. */
#define CTL_BODY_MS 120000
#define CTL_PER_SOURCE 64       /* connections from one address */
#define CTL_FD_SHARE 10         /* percent of the descriptor limit */
#define CTL_CONNS_MAX 512       /* a thread each */
#define CTL_LISTEN_BACKLOG 1024

struct ctl_server {
    struct sim *sim;
    struct MHD_Daemon *daemon;
    struct http_guard *guard;
    pthread_mutex_t big_lock;           /* big_busy, and the cv */
    pthread_cond_t big_cv;
    bool big_busy;                      /* a large body is being read or run */
    char *token;                        /* NULL: none required */
    int port;                           /* the bound one (port 0: the system's pick) */
    pthread_mutex_t lab_lock;           /* lab, lab_version */
    char *lab;                          /* published by rcsim lab run, or NULL */
    uint64_t lab_version;
    atomic_bool ready;
    atomic_bool stopping;
};

/* Per-connection request state, from the first call of the access handler
 * to the completion notification. */
struct ctl_conn {
    const struct ctl_route *route;
    struct ctl_req rq;
    struct strbuf body;
    size_t max;
    bool too_big;
    bool big;                           /* holds the large-body turn */
};

const char *ctl_req_query(const struct ctl_req *rq, const char *key)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

bool ctl_server_is_ready(const struct ctl_server *cs)
{
    return atomic_load(&cs->ready);
}

bool ctl_server_stopping(const struct ctl_server *cs)
{
    return atomic_load(&cs->stopping);
}

void ctl_server_set_ready(struct ctl_server *cs, bool ready)
{
    atomic_store(&cs->ready, ready);
}

char *ctl_server_lab_get(struct ctl_server *cs, uint64_t *version)
{
    pthread_mutex_lock(&cs->lab_lock);
    char *copy = cs->lab ? xstrdup(cs->lab) : NULL;
    if (version)
        *version = cs->lab_version;
    pthread_mutex_unlock(&cs->lab_lock);
    return copy;
}

void ctl_server_lab_set(struct ctl_server *cs, const char *text)
{
    char *copy = text ? xstrdup(text) : NULL;
    pthread_mutex_lock(&cs->lab_lock);
    free(cs->lab);
    cs->lab = copy;
    cs->lab_version++;
    pthread_mutex_unlock(&cs->lab_lock);
}

static enum MHD_Result send_buffer(struct MHD_Connection *conn, unsigned status, void *buf,
                                   size_t len, const char *type, const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(buf);
        return MHD_NO;
    }
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) != MHD_YES ||
        (allow && MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow) != MHD_YES) ||
        (status == MHD_HTTP_UNAUTHORIZED &&
         MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer") != MHD_YES)) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static ssize_t stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    const struct ctl_resp *resp = cls;
    long n = resp->stream_read(resp->stream_ctx, buf, max);
    return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : (ssize_t)n;
}

static void stream_free(void *cls)
{
    struct ctl_resp *resp = cls;
    resp->stream_done(resp->stream_ctx);
    free(resp);
}

/* A stream of unknown length, read in this connection's thread (the
 * reader blocks until it has something to send). */
static enum MHD_Result send_stream(struct MHD_Connection *conn, const struct ctl_resp *resp)
{
    struct ctl_resp *copy = xmalloc(sizeof(*copy));
    *copy = *resp;
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384,
                                                               stream_reader, copy,
                                                               stream_free);
    if (!r) {
        stream_free(copy);
        return MHD_NO;
    }
    enum MHD_Result ret = MHD_NO;
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type) == MHD_YES &&
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") == MHD_YES)
        ret = MHD_queue_response(conn, resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Sends json (taking ownership) as the response. */
static enum MHD_Result send_json(struct MHD_Connection *conn, unsigned status, cJSON *json,
                                 const char *allow)
{
    char *text = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    if (!text)
        return MHD_NO;
    size_t len = strlen(text);
    char *buf = xmalloc(len + 2);
    memcpy(buf, text, len);
    buf[len] = '\n';
    buf[len + 1] = '\0';
    cJSON_free(text);
    return send_buffer(conn, status, buf, len + 1, "application/json", allow);
}

static enum MHD_Result send_error(struct MHD_Connection *conn, unsigned status,
                                  const char *error, const char *message, const char *subject,
                                  const char *allow)
{
    return send_json(conn, status, ctl_json_error(error, message, subject), allow);
}

/* The Allow header for a path that exists with other methods. */
static void allowed_methods(const char *path, char *buf, size_t size)
{
    struct ctl_req probe;
    buf[0] = '\0';
    for (const struct ctl_route *r = ctl_routes; r->method; r++) {
        const struct ctl_route *found;
        bool known;
        memset(&probe, 0, sizeof(probe));
        if (ctl_route_find(r->method, path, &probe, &found, &known) == 1 && found == r &&
            !strstr(buf, r->method)) {
            if (buf[0])
                rc_strlcpy(buf + strlen(buf), ", ", size - strlen(buf));
            rc_strlcpy(buf + strlen(buf), r->method, size - strlen(buf));
        }
    }
}

/* Constant-time comparison of the Authorization header with the token.
 * The scheme is case-insensitive (RFC 9110 §11.1), "bearer" included. */
static bool token_ok(const struct ctl_server *cs, struct MHD_Connection *conn)
{
    if (!cs->token)
        return true;
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return false;
    h += 7;
    while (*h == ' ')
        h++;
    size_t a = strlen(h), b = strlen(cs->token);
    unsigned char diff = a != b;
    for (size_t i = 0; i < a; i++)
        diff |= (unsigned char)h[i] ^ (unsigned char)cs->token[i % (b ? b : 1)];
    return diff == 0;
}

/* Checks the body fields against the route's list. */
static int check_keys(const struct ctl_route *route, const cJSON *body, struct sim_err *err)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, body) {
        bool ok = false;
        for (const char *const *k = route->keys; k && *k && !ok; k++)
            ok = strcmp(*k, item->string) == 0;
        if (!ok)
            return sim_fail(err, SIM_EINVAL, item->string, "unknown field '%s'", item->string);
    }
    return 0;
}

/* Sends the refusal in err, rendered from the status table. */
static enum MHD_Result send_refusal(struct MHD_Connection *conn, const struct sim_err *err)
{
    return send_error(conn, ctl_http_status(err->rc), sim_rc_name(err->rc), err->detail,
                      err->subject, NULL);
}

/* Large bodies (volume writes with data) take turns: one is read, parsed
 * and written at a time, the others wait before reading theirs (their
 * clients are held back by TCP). Memory then stays at about twice the
 * largest body, whatever the number of writers, where four at once took
 * close to a gigabyte. */
static void big_turn_take(struct ctl_server *cs, struct ctl_conn *cc)
{
    if (cc->big)
        return;
    pthread_mutex_lock(&cs->big_lock);
    while (cs->big_busy && !atomic_load(&cs->stopping))
        pthread_cond_wait(&cs->big_cv, &cs->big_lock);
    cs->big_busy = true;
    pthread_mutex_unlock(&cs->big_lock);
    cc->big = true;
}

static void big_turn_give(struct ctl_server *cs, struct ctl_conn *cc)
{
    if (!cc->big)
        return;
    pthread_mutex_lock(&cs->big_lock);
    cs->big_busy = false;
    pthread_cond_signal(&cs->big_cv);
    pthread_mutex_unlock(&cs->big_lock);
    cc->big = false;
}

static enum MHD_Result run_route(struct MHD_Connection *conn, struct ctl_conn *cc)
{
    struct sim_err err = SIM_ERR_INIT;
    struct ctl_resp resp = { .status = 200 };
    cJSON *body = NULL;

    /* cJSON would cut "3paradm\u0000x" to "3paradm" */
    if (rc_json_has_nul(cc->body.buf, cc->body.len)) {
        sim_fail(&err, SIM_ENAME_BADCHAR, "", "a string in the body holds a NUL character");
        return send_refusal(conn, &err);
    }
    if (cc->body.len) {
        body = cJSON_ParseWithLength(cc->body.buf, cc->body.len);
        strbuf_release(&cc->body);      /* the parsed copy is all that is needed */
        if (!body)
            return send_error(conn, 400, "bad_json", "request body is not valid JSON", "",
                              NULL);
        if (!cJSON_IsObject(body)) {
            cJSON_Delete(body);
            return send_error(conn, 400, "bad_json", "request body must be a JSON object", "",
                              NULL);
        }
        if (check_keys(cc->route, body, &err)) {
            cJSON_Delete(body);
            return send_refusal(conn, &err);
        }
    }
    cc->rq.body = body;
    int rc = cc->route->fn(&cc->rq, &resp, &err);
    cc->rq.body = NULL;
    cJSON_Delete(body);
    if (rc) {
        cJSON_Delete(resp.json);
        free(resp.raw);
        if (err.rc == SIM_OK)
            sim_fail(&err, SIM_EINTERNAL, "", "handler failed without a reason");
        unsigned status = ctl_http_status(err.rc);
        rclog(status >= 500 ? RCLOG_WARN : RCLOG_DEBUG, "%s %s: %s: %s", cc->rq.method,
              cc->rq.path, sim_rc_name(err.rc), err.detail);
        return send_refusal(conn, &err);
    }
    if (resp.stream_read)
        return send_stream(conn, &resp);
    if (resp.raw || !resp.json)
        return send_buffer(conn, resp.status, resp.raw ? resp.raw : xstrdup(""), resp.raw_len,
                           resp.content_type ? resp.content_type : "application/octet-stream",
                           NULL);
    return send_json(conn, resp.status, resp.json, NULL);
}

/* Decodes %XX escapes, as the library would, except that an escape that
 * does not decode, or decodes to NUL (which would cut the string: "a%00b"
 * read as "a"), is left as it came; begin_request() then refuses the '%'. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *copy = xstrdup(s);
    if (rc_pct_decode(copy, false) == 0)
        strcpy(s, copy);            /* never longer than s */
    free(copy);
    return strlen(s);
}

static enum MHD_Result find_percent(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    if (strchr(key, '%') || (value && strchr(value, '%'))) {
        *(bool *)cls = true;
        return MHD_NO;
    }
    return MHD_YES;
}

/* Whether the path or a query parameter still holds a '%' once decoded:
 * an escape that does not decode, %00, or an escaped '%', which no name
 * or number holds either. */
static bool request_has_percent(struct MHD_Connection *conn, const char *url)
{
    bool found = strchr(url, '%') != NULL;
    if (!found)
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, find_percent, &found);
    return found;
}

/* First call for a request: token, route, declared body size. Returns
 * MHD_YES to carry on reading, or the result of an early response (the
 * body, if any, is then not read). */
static enum MHD_Result begin_request(struct ctl_server *cs, struct MHD_Connection *conn,
                                     const char *url, const char *method,
                                     struct ctl_conn *cc, bool *answered)
{
    *answered = true;
    unsigned bad = http_framing_check(conn);
    if (bad)
        return send_error(conn, bad, "bad_request", "conflicting Content-Length or "
                          "Transfer-Encoding headers", "", NULL);
    /* the lab view's page and files: no state, no token */
    if (ctl_web_path(url))
        return (enum MHD_Result)ctl_web_send(conn, url, method);
    size_t plen = strlen(CTL_PREFIX);
    bool under = strncmp(url, CTL_PREFIX, plen) == 0 && (url[plen] == '/' || url[plen] == '\0');
    const char *path = under ? (url[plen] ? url + plen : "/") : NULL;
    bool known = false;
    cc->rq.sim = cs->sim;
    cc->rq.cs = cs;
    cc->rq.method = method;
    cc->rq.path = path;
    cc->rq.conn = conn;
    int found = path ? ctl_route_find(method, path, &cc->rq, &cc->route, &known) : 0;
    /* health and readiness say nothing worth a token (a probe has none) */
    bool open_route = found == 1 && (cc->route->flags & CTL_NO_TOKEN);
    if (!open_route && !token_ok(cs, conn))
        return send_error(conn, 401, "unauthorized",
                          "missing or wrong token (Authorization: Bearer <token>)", "", NULL);
    if (request_has_percent(conn, url)) {
        struct sim_err err = SIM_ERR_INIT;
        sim_fail(&err, SIM_ENAME_BADCHAR, "", "a bad %%-escape, %%00 or '%%' in the request");
        return send_refusal(conn, &err);
    }
    if (!path)
        return send_error(conn, 404, "no_such_route", "the control API lives under /sim/v1",
                          url, NULL);
    if (found != 1) {
        if (!known)
            return send_error(conn, 404, "no_such_route", "no such route", url, NULL);
        char allow[64];
        allowed_methods(path, allow, sizeof(allow));
        return send_error(conn, 405, "method_not_allowed", "method not allowed on this route",
                          url, allow);
    }
    cc->max = (cc->route->flags & CTL_BIG_BODY) ? CTL_BODY_MAX_BIG : CTL_BODY_MAX;
    const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_CONTENT_LENGTH);
    uint64_t declared;
    if (clen && rc_parse_bytes(clen, &declared) == 0 && declared > cc->max)
        return send_error(conn, 413, "body_too_large", "request body too large", url, NULL);
    if (clen && declared > CTL_BODY_MAX) {
        big_turn_take(cs, cc);
        strbuf_grow(&cc->body, (size_t)declared);  /* read into one allocation */
    }
    *answered = false;
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    struct ctl_server *cs = cls;
    struct ctl_conn *cc = *con_cls;
    (void)version;

    if (!cc) {
        bool answered;
        http_guard_headers_in(conn);
        cc = xcalloc(1, sizeof(*cc));
        strbuf_init(&cc->body);
        *con_cls = cc;
        enum MHD_Result r = begin_request(cs, conn, url, method, cc, &answered);
        if (answered)
            cc->route = NULL;
        return r;
    }
    if (!cc->route)
        return MHD_YES;             /* already answered; ignore the rest */
    if (*upload_data_size) {
        if (!cc->too_big && cc->body.len + *upload_data_size > cc->max)
            cc->too_big = true;
        if (!cc->too_big && cc->body.len + *upload_data_size > CTL_BODY_MAX)
            big_turn_take(cs, cc);  /* a chunked body that grew large */
        if (!cc->too_big)
            strbuf_add(&cc->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    http_guard_body_in(conn);
    if (cc->too_big) {
        cc->route = NULL;
        return send_error(conn, 413, "body_too_large", "request body too large", url, NULL);
    }
    enum MHD_Result r = run_route(conn, cc);
    cc->route = NULL;
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct ctl_conn *cc = *con_cls;
    (void)toe;
    http_guard_request_done(conn);
    if (!cc)
        return;
    big_turn_give(cls, cc);
    strbuf_release(&cc->body);
    free(cc);
    *con_cls = NULL;
}

static bool sockaddr_is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return false;
}

bool ctl_addr_is_loopback(const char *addr)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE };
    struct addrinfo *res = NULL;
    if (!addr || !*addr || getaddrinfo(addr, NULL, &hints, &res))
        return false;
    bool all = res != NULL;
    for (const struct addrinfo *ai = res; ai; ai = ai->ai_next)
        all = all && sockaddr_is_loopback(ai->ai_addr);
    freeaddrinfo(res);
    return all;
}

/* Binds the listening socket ourselves, so that a busy port is reported
 * with the system's reason. Without a token only a loopback address is
 * bound (checked on the address really used, whatever name gave it).
 * Returns the socket or -1. */
static int bind_listener(const char *addr, int port, bool need_loopback, bool *ipv6,
                         char *errbuf, size_t errlen)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *res = NULL;
    char service[16];
    snprintf(service, sizeof(service), "%d", port);
    int gai = getaddrinfo(addr, service, &hints, &res);
    if (gai) {
        snprintf(errbuf, errlen, "control API: cannot resolve '%s': %s", addr,
                 gai_strerror(gai));
        return -1;
    }
    if (need_loopback && !sockaddr_is_loopback(res->ai_addr)) {
        snprintf(errbuf, errlen, "control API: refusing to serve on '%s' (not loopback) "
                 "without a token", addr);
        freeaddrinfo(res);
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
    if (fd < 0) {
        snprintf(errbuf, errlen, "control API: socket: %s", strerror(errno));
        freeaddrinfo(res);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, CTL_LISTEN_BACKLOG)) {
        snprintf(errbuf, errlen, "control API: cannot listen on %s:%d: %s", addr, port,
                 strerror(errno));
        close(fd);
        freeaddrinfo(res);
        return -1;
    }
    *ipv6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return fd;
}

int ctl_server_start(struct sim *s, const char *addr, int port, const char *token,
                     struct ctl_server **out, char *errbuf, size_t errlen)
{
    if (port < 0 || port > 65535) {
        snprintf(errbuf, errlen, "control API: bad port %d", port);
        return -1;
    }
    bool ipv6 = false;
    bool no_token = !token || !*token;
    int fd = bind_listener(addr, port, no_token, &ipv6, errbuf, errlen);
    if (fd < 0)
        return -1;
    struct ctl_server *cs = xcalloc(1, sizeof(*cs));
    struct sockaddr_storage ss;
    socklen_t sslen = sizeof(ss);
    cs->sim = s;
    cs->port = port;
    if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == 0)
        cs->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                  : ((struct sockaddr_in *)&ss)->sin_port);
    cs->token = token && *token ? xstrdup(token) : NULL;
    atomic_init(&cs->ready, false);
    atomic_init(&cs->stopping, false);
    pthread_mutex_init(&cs->big_lock, NULL);
    pthread_cond_init(&cs->big_cv, NULL);
    pthread_mutex_init(&cs->lab_lock, NULL);
    unsigned cap = rc_nofile_share(CTL_FD_SHARE, 0, 1, 16, CTL_CONNS_MAX);
    /* (no engine: a test of the listener alone) */
    struct sim_auth_policy pol = s ? sim_auth_policy_get(s)
                                   : (struct sim_auth_policy)SIM_AUTH_POLICY_DEFAULT;
    const struct http_guard_limits lim = {
        .name = "control API", .max_conns = cap, .header_ms = (unsigned)pol.request_ms,
        .body_ms = CTL_BODY_MS, .log_level = RCLOG_INFO,
    };
    cs->guard = http_guard_new(&lim);
    /* a thread per connection (long polls block in their handler), each
     * polling its own socket: never select(), which cannot watch a
     * descriptor above FD_SETSIZE */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0);
    cs->daemon = MHD_start_daemon(flags, 0, http_guard_accept, cs->guard, on_request, cs,
                                  MHD_OPTION_EXTERNAL_LOGGER, http_guard_log, cs->guard,
                                  MHD_OPTION_LISTEN_SOCKET, fd,
                                  MHD_OPTION_NOTIFY_COMPLETED, on_completed, cs,
                                  MHD_OPTION_NOTIFY_CONNECTION, http_guard_notify, cs->guard,
                                  MHD_OPTION_CONNECTION_TIMEOUT,
                                  (unsigned)((pol.conn_idle_ms + 999) / 1000),
                                  MHD_OPTION_CONNECTION_LIMIT, http_guard_hard_limit(cap),
                                  MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)CTL_PER_SOURCE,
                                  MHD_OPTION_STRICT_FOR_CLIENT, 1,
                                  MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                                  MHD_OPTION_END);
    if (!cs->daemon) {
        snprintf(errbuf, errlen, "control API: cannot start the HTTP server on %s:%d", addr,
                 port);
        close(fd);
        http_guard_free(cs->guard);
        pthread_cond_destroy(&cs->big_cv);
        pthread_mutex_destroy(&cs->big_lock);
        pthread_mutex_destroy(&cs->lab_lock);
        free(cs->token);
        free(cs);
        return -1;
    }
    rclog(RCLOG_INFO, "control API listening on %s:%d%s", addr, cs->port,
          cs->token ? " (token required)" : "");
    *out = cs;
    return 0;
}

int ctl_server_port(const struct ctl_server *cs)
{
    return cs->port;
}

void ctl_server_stop(struct ctl_server *cs)
{
    if (!cs)
        return;
    atomic_store(&cs->stopping, true);
    pthread_mutex_lock(&cs->big_lock);
    pthread_cond_broadcast(&cs->big_cv);        /* no waiting for a turn */
    pthread_mutex_unlock(&cs->big_lock);
    MHD_stop_daemon(cs->daemon);
    http_guard_free(cs->guard);
    pthread_cond_destroy(&cs->big_cv);
    pthread_mutex_destroy(&cs->big_lock);
    pthread_mutex_destroy(&cs->lab_lock);
    free(cs->lab);
    free(cs->token);
    free(cs);
}
