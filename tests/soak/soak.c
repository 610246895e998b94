/* tests/soak/soak.c - a bounded load test against a running rcsim: N
 * clients in parallel for S seconds, each mixing the three ways in (WSAPI,
 * the CLI over SSH, the control API), while a flapper thread takes the
 * replication links down and up. Stops by itself; prints requests served,
 * errors, p50/p99/max latency per interface and the server's resident memory
 * (VmRSS) at the start, at half time and at the end. Exit status 1 on any
 * error, any request slower than --max-ms, or RSS growth past
 * --rss-growth-mb over the second half (run.sh starts the server and stops
 * it).
 *
 * Usage: soak --control URL --pid PID [--seconds 60] [--clients 64]
 *             [--seed S] [--flap-ms 3000] [--max-ms 1000] [--rss-growth-mb 16]
 *
 * Each client owns one keep-alive HTTP handle for the WSAPI of one array and
 * one for the control API, one WSAPI session (re-login only on 401/403, as
 * python-3parclient does) and one SSH connection (an exec channel per
 * command). What it does, by weight:
 *   WSAPI    GET /system, GET /volumes, create a volume, delete it again
 *   SSH      showrcopy, showvv
 *   control  host write (64 KiB pattern) to its own volume or to a
 *            replicated one, digest, status
 * The setup (main thread) makes one volume per client and a sync group of
 * four volumes with auto_recover, started; the flapper cuts the links for
 * --flap-ms and restores them for as long, so the group stops and resyncs
 * over and over while the clients run. */
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <libssh/libssh.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N_GROUP_VVS 4

enum kind { K_WSAPI, K_SSH, K_CTL, K__COUNT };
static const char *const kind_names[K__COUNT] = { "wsapi", "ssh", "control" };

struct endpoint {
    char wsapi[128];            /* http://addr:port/api/v1 */
    char ssh_host[64];
    int ssh_port;
};

static struct {
    const char *control;
    int pid;
    int seconds, clients, flap_ms, max_ms, rss_growth_mb;
    unsigned seed;
    struct endpoint ep[2];      /* site-a, site-b */
    volatile bool stop;
    double t_end;
} opt = { .seconds = 60, .clients = 64, .flap_ms = 3000, .max_ms = 1000,
          .rss_growth_mb = 16 };

/* What one thread measured; merged at the end. */
struct tally {
    uint32_t *us[K__COUNT];     /* latencies in microseconds */
    size_t n[K__COUNT], alloc[K__COUNT];
    size_t errors[K__COUNT];
    size_t relogins;
    char first_error[256];
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void record(struct tally *t, enum kind k, double secs)
{
    if (t->n[k] == t->alloc[k]) {
        t->alloc[k] = t->alloc[k] ? 2 * t->alloc[k] : 1024;
        t->us[k] = realloc(t->us[k], t->alloc[k] * sizeof(uint32_t));
        if (!t->us[k])
            abort();
    }
    double us = secs * 1e6;
    t->us[k][t->n[k]++] = us > 4e9 ? 4000000000u : (uint32_t)us;
}

__attribute__((format(printf, 3, 4)))
static void error_at(struct tally *t, enum kind k, const char *fmt, ...)
{
    t->errors[k]++;
    if (t->first_error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->first_error, sizeof(t->first_error), fmt, ap);
    va_end(ap);
}

static long rss_kib(void)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", opt.pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* A JSON body from an object; the text is new (free it), the object is
 * deleted. */
static char *json_text(cJSON *o)
{
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!text)
        abort();
    return text;
}

static char *json_login(void)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "user", "3paradm");
    cJSON_AddStringToObject(o, "password", "3pardata");
    return json_text(o);
}

static char *json_link(bool up)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "up", up);
    return json_text(o);
}

/* ---- HTTP --------------------------------------------------------------- */

struct buf {
    char *p;
    size_t len, alloc;
};

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct buf *b = arg;
    size_t add = size * n;
    if (b->len + add + 1 > b->alloc) {
        b->alloc = (b->len + add + 1) * 2;
        b->p = realloc(b->p, b->alloc);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->len, data, add);
    b->len += add;
    b->p[b->len] = '\0';
    return add;
}

struct http {
    CURL *curl;
    struct buf body;
    char key_hdr[128];          /* X-HP3PAR-WSAPI-SessionKey: ... */
};

static void http_init(struct http *h)
{
    memset(h, 0, sizeof(*h));
    h->curl = curl_easy_init();
    if (!h->curl)
        abort();
}

static void http_release(struct http *h)
{
    curl_easy_cleanup(h->curl);
    free(h->body.p);
}

/* One request; returns the HTTP status, or -1 with msg set when there was
 * no answer. The body is in h->body.p. */
static long http_do(struct http *h, const char *method, const char *url, const char *json,
                    char *msg, size_t msglen)
{
    struct curl_slist *hdrs = NULL;
    long status = -1;
    h->body.len = 0;
    if (h->body.p)
        h->body.p[0] = '\0';
    if (json)
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    if (h->key_hdr[0])
        hdrs = curl_slist_append(hdrs, h->key_hdr);
    curl_easy_setopt(h->curl, CURLOPT_URL, url);
    curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 0L);
    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, json);
    if (!json && strcmp(method, "GET") == 0)
        curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &h->body);
    curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(h->curl);
    if (rc == CURLE_OK)
        curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    else
        snprintf(msg, msglen, "%s %s: %s", method, url, curl_easy_strerror(rc));
    curl_slist_free_all(hdrs);
    return status;
}

static long ctl_call(struct http *h, const char *method, const char *path, const char *json,
                     char *msg, size_t msglen)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/sim/v1%s", opt.control, path);
    return http_do(h, method, url, json, msg, msglen);
}

/* A control call in the setup: must answer 2xx, or the soak cannot run. */
static cJSON *setup_call(struct http *h, const char *method, const char *path,
                         const char *json)
{
    char msg[512] = "";
    long st = ctl_call(h, method, path, json, msg, sizeof(msg));
    if (st / 100 != 2) {
        fprintf(stderr, "soak: setup: %s %s: %ld %s %s\n", method, path, st, msg,
                h->body.p ? h->body.p : "");
        exit(1);
    }
    return cJSON_Parse(h->body.p ? h->body.p : "null");
}

static void setup_cli(struct http *h, const char *array, const char *command)
{
    char path[128], *json;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "command", command);
    json = cJSON_PrintUnformatted(o);
    snprintf(path, sizeof(path), "/arrays/%s/cli", array);
    cJSON *r = setup_call(h, "POST", path, json);
    cJSON *st = cJSON_GetObjectItem(r, "status");
    if (!cJSON_IsNumber(st) || st->valueint != 0) {
        fprintf(stderr, "soak: setup: %s: %s\n", command, h->body.p);
        exit(1);
    }
    cJSON_Delete(r);
    cJSON_Delete(o);
    free(json);
}

/* ---- one client ------------------------------------------------------- */

struct client {
    int id;
    unsigned rng;
    struct tally t;
    struct http ws, ctl;
    const struct endpoint *ep;
    const char *array;
    ssh_session ssh;
    int vv_seq;
    char made[8][32];           /* WSAPI volumes created, not yet deleted */
    int nmade;
    char what[192];             /* the request being made, for the report */
    double worst, worst_at;     /* the slowest request: seconds, when */
    char worst_what[192];
};

static int rnd(struct client *c, int n)
{
    return (int)(rand_r(&c->rng) % (unsigned)n);
}

static int wsapi_login(struct client *c, char *msg, size_t msglen)
{
    char url[256];
    snprintf(url, sizeof(url), "%s/credentials", c->ep->wsapi);
    c->ws.key_hdr[0] = '\0';
    char *body = json_login();
    long st = http_do(&c->ws, "POST", url, body, msg, msglen);
    free(body);
    if (st != 201) {
        if (st > 0)
            snprintf(msg, msglen, "POST %s: %ld %s", url, st, c->ws.body.p);
        return -1;
    }
    cJSON *r = cJSON_Parse(c->ws.body.p);
    const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(r, "key"));
    if (key)
        snprintf(c->ws.key_hdr, sizeof(c->ws.key_hdr), "X-HP3PAR-WSAPI-SessionKey: %s", key);
    cJSON_Delete(r);
    return key ? 0 : -1;
}

/* One WSAPI request with the client's session: logs in first when there
 * is none, and again (once) on 401/403. */
static long wsapi_call(struct client *c, const char *method, const char *path,
                       const char *json, char *msg, size_t msglen)
{
    char url[256];
    snprintf(url, sizeof(url), "%s%s", c->ep->wsapi, path);
    if (!c->ws.key_hdr[0] && wsapi_login(c, msg, msglen))
        return -1;
    long st = http_do(&c->ws, method, url, json, msg, msglen);
    if (st == 401 || st == 403) {
        c->t.relogins++;
        if (wsapi_login(c, msg, msglen))
            return -1;
        st = http_do(&c->ws, method, url, json, msg, msglen);
    }
    return st;
}

static int op_wsapi(struct client *c, char *msg, size_t msglen)
{
    int what = rnd(c, 10);
    long st, want;
    char path[128];
    if (what < 3) {
        st = wsapi_call(c, "GET", "/system", NULL, msg, msglen), want = 200;
        snprintf(path, sizeof(path), "GET /system");
    } else if (what < 6) {
        st = wsapi_call(c, "GET", "/volumes", NULL, msg, msglen), want = 200;
        snprintf(path, sizeof(path), "GET /volumes");
    } else if (what < 8 && c->nmade < 8) {
        char *name = c->made[c->nmade];
        snprintf(name, 32, "soak%d.w%d", c->id, c->vv_seq++);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddStringToObject(o, "cpg", "FC_r1");
        cJSON_AddNumberToObject(o, "sizeMiB", 1024);
        cJSON_AddBoolToObject(o, "tpvv", true);
        char *body = json_text(o);
        st = wsapi_call(c, "POST", "/volumes", body, msg, msglen), want = 201;
        free(body);
        snprintf(path, sizeof(path), "POST /volumes %s", name);
        if (st == want)
            c->nmade++;
    } else if (c->nmade > 0) {
        char p[96];
        snprintf(p, sizeof(p), "/volumes/%s", c->made[c->nmade - 1]);
        st = wsapi_call(c, "DELETE", p, NULL, msg, msglen), want = 200;
        snprintf(path, sizeof(path), "DELETE %s", p);
        if (st == want)
            c->nmade--;
    } else {
        st = wsapi_call(c, "GET", "/system", NULL, msg, msglen), want = 200;
        snprintf(path, sizeof(path), "GET /system");
    }
    snprintf(c->what, sizeof(c->what), "wsapi %s %s", c->array, path);
    if (st == want)
        return 0;
    if (st > 0)
        snprintf(msg, msglen, "wsapi %s %s: %ld %.150s", c->array, path, st,
                 c->ws.body.p ? c->ws.body.p : "");
    return -1;
}

static ssh_session ssh_login(const struct endpoint *ep, char *msg, size_t msglen)
{
    ssh_session s = ssh_new();
    int verbosity = SSH_LOG_NOLOG, nodelay = 1;
    long timeout = 30;
    ssh_options_set(s, SSH_OPTIONS_HOST, ep->ssh_host);
    ssh_options_set(s, SSH_OPTIONS_PORT, &ep->ssh_port);
    ssh_options_set(s, SSH_OPTIONS_USER, "3paradm");
    ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
    ssh_options_set(s, SSH_OPTIONS_NODELAY, &nodelay);
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    if (ssh_connect(s) != SSH_OK ||
        ssh_userauth_password(s, NULL, "3pardata") != SSH_AUTH_SUCCESS) {
        snprintf(msg, msglen, "ssh %s:%d: %s", ep->ssh_host, ep->ssh_port, ssh_get_error(s));
        ssh_disconnect(s);
        ssh_free(s);
        return NULL;
    }
    return s;
}

static int op_ssh(struct client *c, char *msg, size_t msglen)
{
    const char *cmd = rnd(c, 2) ? "showrcopy" : "showvv";
    char buf[8192];
    size_t got = 0;
    int n;
    snprintf(c->what, sizeof(c->what), "ssh %s %s%s", c->array, cmd,
             c->ssh ? "" : " (with login)");
    if (!c->ssh && !(c->ssh = ssh_login(c->ep, msg, msglen)))
        return -1;
    ssh_channel ch = ssh_channel_new(c->ssh);
    if (!ch || ssh_channel_open_session(ch) != SSH_OK ||
        ssh_channel_request_exec(ch, cmd) != SSH_OK) {
        snprintf(msg, msglen, "ssh %s %s: %s", c->array, cmd, ssh_get_error(c->ssh));
        goto fail;
    }
    while ((n = ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, 30000)) > 0)
        got += (size_t)n;
    if (n < 0) {
        snprintf(msg, msglen, "ssh %s %s: read: %s", c->array, cmd, ssh_get_error(c->ssh));
        goto fail;
    }
    int status = ssh_channel_get_exit_status(ch);
    ssh_channel_send_eof(ch);
    ssh_channel_close(ch);
    ssh_channel_free(ch);
    if (status != 0 || got == 0) {
        snprintf(msg, msglen, "ssh %s %s: exit status %d, %zu bytes", c->array, cmd, status,
                 got);
        return -1;
    }
    return 0;
fail:
    if (ch)
        ssh_channel_free(ch);
    /* a broken connection is not reused */
    ssh_disconnect(c->ssh);
    ssh_free(c->ssh);
    c->ssh = NULL;
    return -1;
}

static int op_ctl(struct client *c, char *msg, size_t msglen)
{
    int what = rnd(c, 10);
    char path[128], vv[32];
    long st;
    if (rnd(c, 4) == 0)
        snprintf(vv, sizeof(vv), "soakg.%d", rnd(c, N_GROUP_VVS));
    else
        snprintf(vv, sizeof(vv), "soak%d", c->id);
    if (what < 5) {
        snprintf(path, sizeof(path), "/arrays/site-a/volumes/%s/write", vv);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "offset", rnd(c, 1024) * 65536.0);
        cJSON_AddNumberToObject(o, "length", 65536);
        cJSON_AddNumberToObject(o, "pattern", rnd(c, 1000) + 1);
        char *body = json_text(o);
        st = ctl_call(&c->ctl, "POST", path, body, msg, msglen);
        free(body);
    } else if (what < 8) {
        snprintf(path, sizeof(path), "/arrays/site-a/volumes/%s/digest", vv);
        st = ctl_call(&c->ctl, "GET", path, NULL, msg, msglen);
    } else {
        snprintf(path, sizeof(path), "/status");
        st = ctl_call(&c->ctl, "GET", path, NULL, msg, msglen);
    }
    snprintf(c->what, sizeof(c->what), "control %s", path);
    if (st == 200)
        return 0;
    if (st > 0)
        snprintf(msg, msglen, "control %s: %ld %.150s", path, st,
                 c->ctl.body.p ? c->ctl.body.p : "");
    return -1;
}

static void *client_main(void *arg)
{
    struct client *c = arg;
    /* clients arrive over the first second, not all in one instant: 64
     * SSH key exchanges at once would measure the herd, not the server */
    sleep_ms(c->id * 1000 / opt.clients);
    while (!opt.stop && now_s() < opt.t_end) {
        enum kind k = (enum kind)rnd(c, K__COUNT);
        char msg[512] = "";
        double t0 = now_s();
        int rc = k == K_WSAPI ? op_wsapi(c, msg, sizeof(msg))
               : k == K_SSH ? op_ssh(c, msg, sizeof(msg))
               : op_ctl(c, msg, sizeof(msg));
        double took = now_s() - t0;
        record(&c->t, k, took);
        if (took > c->worst) {
            c->worst = took;
            c->worst_at = t0 - (opt.t_end - opt.seconds);
            snprintf(c->worst_what, sizeof(c->worst_what), "%s", c->what);
        }
        if (rc)
            error_at(&c->t, k, "client %d: %s", c->id, msg);
    }
    /* leave nothing behind */
    while (c->nmade > 0) {
        char p[96], msg[256];
        snprintf(p, sizeof(p), "/volumes/%s", c->made[--c->nmade]);
        wsapi_call(c, "DELETE", p, NULL, msg, sizeof(msg));
    }
    if (c->ssh) {
        ssh_disconnect(c->ssh);
        ssh_free(c->ssh);
    }
    return NULL;
}

/* ---- the flapper -------------------------------------------------------- */

struct flapper {
    struct tally t;
    struct http h;
    size_t flaps;
};

static void *flapper_main(void *arg)
{
    struct flapper *f = arg;
    bool up = true;
    while (!opt.stop && now_s() < opt.t_end) {
        /* sleep in small steps so the end is not held up */
        for (int slept = 0; slept < opt.flap_ms && now_s() < opt.t_end; slept += 100)
            sleep_ms(100);
        up = !up;
        char msg[256] = "";
        double t0 = now_s();
        char *body = json_link(up);
        long st = ctl_call(&f->h, "POST", "/links/site-a/site-b", body, msg, sizeof(msg));
        free(body);
        record(&f->t, K_CTL, now_s() - t0);
        if (st != 200)
            error_at(&f->t, K_CTL, "flapper: link %s: %ld %s", up ? "up" : "down", st, msg);
        f->flaps++;
    }
    if (!up) {
        char msg[256];
        char *body = json_link(true);
        ctl_call(&f->h, "POST", "/links/site-a/site-b", body, msg, sizeof(msg));
        free(body);
    }
    return NULL;
}

/* ---- setup and report --------------------------------------------------- */

static void find_endpoints(struct http *h)
{
    cJSON *r = setup_call(h, "GET", "/arrays", NULL);
    cJSON *arr = cJSON_GetObjectItem(r, "arrays"), *a;
    int i = 0;
    cJSON_ArrayForEach(a, arr) {
        if (i == 2)
            break;
        cJSON *w = cJSON_GetObjectItem(a, "wsapi"), *s = cJSON_GetObjectItem(a, "ssh");
        snprintf(opt.ep[i].wsapi, sizeof(opt.ep[i].wsapi), "http://%s:%d/api/v1",
                 cJSON_GetStringValue(cJSON_GetObjectItem(w, "address")),
                 cJSON_GetObjectItem(w, "http")->valueint);
        snprintf(opt.ep[i].ssh_host, sizeof(opt.ep[i].ssh_host), "%s",
                 cJSON_GetStringValue(cJSON_GetObjectItem(s, "address")));
        opt.ep[i].ssh_port = cJSON_GetObjectItem(s, "port")->valueint;
        i++;
    }
    cJSON_Delete(r);
    if (i != 2) {
        fprintf(stderr, "soak: the fixture must have two arrays\n");
        exit(1);
    }
}

static void setup(void)
{
    struct http h;
    char cmd[256];
    http_init(&h);
    find_endpoints(&h);
    for (int i = 0; i < opt.clients; i++) {
        snprintf(cmd, sizeof(cmd), "createvv -tpvv FC_r1 soak%d 1g", i);
        setup_cli(&h, "site-a", cmd);
    }
    setup_cli(&h, "site-a",
              "creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 site-b:FC_r5 "
              "soakg site-b:sync");
    for (int i = 0; i < N_GROUP_VVS; i++) {
        snprintf(cmd, sizeof(cmd), "createvv -tpvv -snp_cpg FC_r5 FC_r1 soakg.%d 1g", i);
        setup_cli(&h, "site-a", cmd);
        snprintf(cmd, sizeof(cmd), "admitrcopyvv -createvv soakg.%d soakg site-b:soakg.%d",
                 i, i);
        setup_cli(&h, "site-a", cmd);
    }
    setup_cli(&h, "site-a", "setrcopygroup pol auto_recover soakg");
    setup_cli(&h, "site-a", "startrcopygroup soakg");
    http_release(&h);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_ms(const uint32_t *v, size_t n, double p)
{
    if (!n)
        return 0;
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i] / 1000.0;
}

static void merge(struct tally *into, const struct tally *t)
{
    for (int k = 0; k < K__COUNT; k++) {
        for (size_t i = 0; i < t->n[k]; i++)
            record(into, (enum kind)k, t->us[k][i] / 1e6);
        into->errors[k] += t->errors[k];
    }
    into->relogins += t->relogins;
    if (!into->first_error[0] && t->first_error[0])
        snprintf(into->first_error, sizeof(into->first_error), "%s", t->first_error);
}

static void usage(void)
{
    fprintf(stderr, "usage: soak --control URL --pid PID [--seconds N] [--clients N] "
                    "[--seed S] [--flap-ms MS] [--max-ms MS] [--rss-growth-mb MB]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    opt.seed = (unsigned)time(NULL);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (!strcmp(a, "--control"))
            opt.control = v;
        else if (!strcmp(a, "--pid"))
            opt.pid = atoi(v);
        else if (!strcmp(a, "--seconds"))
            opt.seconds = atoi(v);
        else if (!strcmp(a, "--clients"))
            opt.clients = atoi(v);
        else if (!strcmp(a, "--seed"))
            opt.seed = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--flap-ms"))
            opt.flap_ms = atoi(v);
        else if (!strcmp(a, "--max-ms"))
            opt.max_ms = atoi(v);
        else if (!strcmp(a, "--rss-growth-mb"))
            opt.rss_growth_mb = atoi(v);
        else
            usage();
        i++;
    }
    if (!opt.control || opt.pid <= 0 || opt.seconds <= 0 || opt.clients <= 0)
        usage();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ssh_init();

    printf("soak: %d clients for %d s, links flapping every %d ms, seed %u\n", opt.clients,
           opt.seconds, opt.flap_ms, opt.seed);
    setup();
    long rss_start = rss_kib(), rss_warm = -1, rss_max = rss_start;

    struct client *cs = calloc((size_t)opt.clients, sizeof(*cs));
    pthread_t *th = calloc((size_t)opt.clients, sizeof(*th));
    struct flapper fl = { 0 };
    pthread_t fth;
    if (!cs || !th)
        abort();
    double t0 = now_s();
    opt.t_end = t0 + opt.seconds;
    http_init(&fl.h);
    for (int i = 0; i < opt.clients; i++) {
        struct client *c = &cs[i];
        c->id = i;
        c->rng = opt.seed * 7919u + (unsigned)i;
        c->ep = &opt.ep[i % 2];
        c->array = i % 2 ? "site-b" : "site-a";
        http_init(&c->ws);
        http_init(&c->ctl);
        if (pthread_create(&th[i], NULL, client_main, c)) {
            fprintf(stderr, "soak: cannot start client %d\n", i);
            return 1;
        }
    }
    if (pthread_create(&fth, NULL, flapper_main, &fl)) {
        fprintf(stderr, "soak: cannot start the flapper\n");
        return 1;
    }
    /* RSS once a second. The first half is the warm-up: thread stacks,
     * malloc arenas, SQLite's page cache and the WAL index fill up, and the
     * volumes gain blocks. From the middle on it must stay flat. */
    double warm_at = t0 + opt.seconds / 2.0;
    int tick = 0;
    while (now_s() < opt.t_end) {
        sleep_ms(1000);
        long r = rss_kib();
        if (r > rss_max)
            rss_max = r;
        if (rss_warm < 0 && now_s() >= warm_at)
            rss_warm = r;
        if (++tick % 5 == 0)
            printf("soak: %3d s: RSS %ld KiB\n", tick, r);
        fflush(stdout);
    }
    for (int i = 0; i < opt.clients; i++)
        pthread_join(th[i], NULL);
    pthread_join(fth, NULL);
    double took = now_s() - t0;
    long rss_end = rss_kib();
    if (rss_warm < 0)
        rss_warm = rss_start;

    struct tally all = { 0 };
    for (int i = 0; i < opt.clients; i++) {
        merge(&all, &cs[i].t);
        http_release(&cs[i].ws);
        http_release(&cs[i].ctl);
    }
    merge(&all, &fl.t);
    http_release(&fl.h);

    size_t total = 0, errors = 0;
    double worst = 0;
    printf("soak: %-8s %9s %7s %9s %9s %9s\n", "", "requests", "errors", "p50 ms", "p99 ms",
           "max ms");
    uint32_t *every = NULL;
    size_t nevery = 0;
    for (int k = 0; k < K__COUNT; k++) {
        qsort(all.us[k], all.n[k], sizeof(uint32_t), cmp_u32);
        printf("soak: %-8s %9zu %7zu %9.1f %9.1f %9.1f\n", kind_names[k], all.n[k],
               all.errors[k], pct_ms(all.us[k], all.n[k], 0.50),
               pct_ms(all.us[k], all.n[k], 0.99), pct_ms(all.us[k], all.n[k], 1.0));
        total += all.n[k];
        errors += all.errors[k];
        every = realloc(every, (nevery + all.n[k]) * sizeof(uint32_t));
        if (!every && nevery + all.n[k])
            abort();
        if (all.n[k]) {
            memcpy(every + nevery, all.us[k], all.n[k] * sizeof(uint32_t));
            nevery += all.n[k];
        }
    }
    qsort(every, nevery, sizeof(uint32_t), cmp_u32);
    worst = pct_ms(every, nevery, 1.0);
    printf("soak: %-8s %9zu %7zu %9.1f %9.1f %9.1f\n", "all", total, errors,
           pct_ms(every, nevery, 0.50), pct_ms(every, nevery, 0.99), worst);
    printf("soak: %zu requests in %.1f s (%.0f/s), %zu link flaps, %zu WSAPI re-logins\n",
           total, took, total / took, fl.flaps, all.relogins);
    /* the slowest requests, one per client, to see what they were */
    for (int shown = 0; shown < 5; shown++) {
        struct client *w = NULL;
        for (int i = 0; i < opt.clients; i++)
            if (cs[i].worst > 0 && (!w || cs[i].worst > w->worst))
                w = &cs[i];
        if (!w)
            break;
        printf("soak: slow: %7.1f ms at %5.1f s: %s\n", w->worst * 1000, w->worst_at,
               w->worst_what);
        w->worst = 0;
    }
    printf("soak: RSS start %ld KiB, half time %ld KiB, end %ld KiB, max %ld KiB\n",
           rss_start, rss_warm, rss_end, rss_max);

    int fail = 0;
    if (errors) {
        printf("soak: FAIL: %zu errors; first: %s\n", errors, all.first_error);
        fail = 1;
    }
    if (worst > opt.max_ms) {
        printf("soak: FAIL: slowest request %.1f ms > %d ms\n", worst, opt.max_ms);
        fail = 1;
    }
    if (rss_end < 0 || rss_end - rss_warm > opt.rss_growth_mb * 1024L) {
        printf("soak: FAIL: RSS grew by %ld KiB over the second half (bound %d MiB)\n",
               rss_end - rss_warm, opt.rss_growth_mb);
        fail = 1;
    }
    if (!fail)
        printf("soak: ok\n");
    for (int k = 0; k < K__COUNT; k++)
        free(all.us[k]);
    for (int i = 0; i < opt.clients; i++)
        for (int k = 0; k < K__COUNT; k++)
            free(cs[i].t.us[k]);
    for (int k = 0; k < K__COUNT; k++)
        free(fl.t.us[k]);
    free(every);
    free(cs);
    free(th);
    ssh_finalize();
    curl_global_cleanup();
    return fail;
}
