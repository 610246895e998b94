/* api/ctl_routes.c - the control API's routes (/sim/v1): one table of
 * { method, pattern, handler, flags, body fields } and the handlers, each a
 * thin skin over one sim_ call. Owns: the route table and what each route
 * reads and answers. Not: HTTP, tokens, body limits (ctl_server.c), JSON
 * shapes of views (ctl_json.c), statuses (ctl_errors.c).
 * Spec: docs/control-api.md. */
#include "api/ctl_internal.h"
#include "cli/cli.h"
#include "sim/array.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/event.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/sim.h"
#include "sim/task.h"
#include "util/base64.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

#define EVENTS_WAIT_MAX_S 300           /* one long poll at most */
#define EVENTS_WAIT_SLICE_MS 200        /* how often a long poll checks shutdown */
#define CLI_DEFAULT_USER "3paradm"

/* ---- matching ---------------------------------------------------------- */

/* Matches path against pattern segment by segment; "{}" takes one
 * non-empty segment. */
static bool match(const char *pattern, const char *path, struct ctl_req *rq)
{
    size_t n = 0;
    while (*pattern == '/' && *path == '/') {
        pattern++;
        path++;
        size_t pl = strcspn(pattern, "/"), sl = strcspn(path, "/");
        if (pl == 2 && pattern[0] == '{' && pattern[1] == '}') {
            if (sl == 0 || sl >= sizeof(rq->param_buf[0]) || n >= CTL_PARAMS_MAX)
                return false;
            memcpy(rq->param_buf[n], path, sl);
            rq->param_buf[n][sl] = '\0';
            rq->param[n] = rq->param_buf[n];
            n++;
        } else if (pl != sl || strncmp(pattern, path, pl) != 0) {
            return false;
        }
        pattern += pl;
        path += sl;
    }
    if (*path == '/' && path[1] == '\0')
        path++;                     /* a trailing slash is the same route */
    if (*pattern || *path)
        return false;
    rq->n_param = n;
    return true;
}

int ctl_route_find(const char *method, const char *path, struct ctl_req *rq,
                   const struct ctl_route **out, bool *path_known)
{
    *path_known = false;
    for (const struct ctl_route *r = ctl_routes; r->method; r++) {
        if (!match(r->pattern, path, rq))
            continue;
        *path_known = true;
        if (strcmp(r->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            *out = r;
            return 1;
        }
    }
    return 0;
}

/* ---- helpers ----------------------------------------------------------- */

static int reply(struct ctl_resp *resp, cJSON *json)
{
    resp->json = json;
    return 0;
}

static int reply_ok(struct ctl_resp *resp)
{
    cJSON *o = json_object();
    json_put_bool(o, "ok", true);
    return reply(resp, o);
}

/* ---- health ------------------------------------------------------------ */

static int route_health(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    (void)rq;
    (void)err;
    cJSON *o = json_object();
    json_put_str(o, "status", "ok");
    return reply(resp, o);
}

static int route_ready(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    if (!ctl_server_is_ready(rq->cs))
        return sim_fail(err, SIM_EBUSY, "", "listeners are not up yet");
    cJSON *o = json_object();
    json_put_bool(o, "ready", true);
    return reply(resp, o);
}

/* ---- arrays ------------------------------------------------------------ */

static int route_arrays(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_array_view *v = NULL;
    size_t n = 0;
    if (sim_array_list(rq->sim, &v, &n, err))
        return -1;
    cJSON *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(list, ctl_json_from_array(&v[i]));
    free(v);
    json_put(o, "arrays", list);
    return reply(resp, o);
}

static int route_array(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_array_view a;
    struct sim_port_view *ports = NULL;
    size_t n = 0;
    if (sim_array_get(rq->sim, rq->param[0], &a, err) ||
        sim_port_list(rq->sim, rq->param[0], &ports, &n, err))
        return -1;
    cJSON *o = ctl_json_from_array(&a), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(list, ctl_json_from_port(&ports[i]));
    free(ports);
    json_put(o, "ports", list);
    return reply(resp, o);
}

static int route_power(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    bool on;
    if (ctl_body_bool(rq, "on", true, &on, err) < 0 ||
        sim_array_set_power(rq->sim, rq->param[0], on, err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "array", rq->param[0]);
    json_put_str(o, "power", on ? "on" : "off");
    return reply(resp, o);
}

/* POST /witness {"up", "from"?, "address"?}: the quorum witness's faults. */
static int route_witness(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    bool up;
    const char *from = NULL, *address = NULL;
    if (ctl_body_bool(rq, "up", true, &up, err) < 0 ||
        ctl_body_str(rq, "from", false, &from, err) < 0 ||
        ctl_body_str(rq, "address", false, &address, err) < 0 ||
        sim_witness_fault(rq->sim, address, from, up, err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "address", address ? address : "");
    json_put_str(o, "from", from ? from : "");
    json_put_bool(o, "up", up);
    return reply(resp, o);
}

static int route_reboot(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    /* off then on, in that order: peers see the target fail, then the
     * array comes back as from a power cycle */
    if (sim_array_set_power(rq->sim, rq->param[0], false, err) ||
        sim_array_set_power(rq->sim, rq->param[0], true, err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "array", rq->param[0]);
    json_put_str(o, "power", "on");
    json_put_bool(o, "rebooted", true);
    return reply(resp, o);
}

/* ---- remote copy: targets, links, faults, groups, tasks ---------------- */

static int route_targets(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_target_view *t = NULL;
    size_t n = 0;
    if (sim_target_list(rq->sim, rq->param[0], &t, &n, err))
        return -1;
    cJSON *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(list, ctl_json_from_target(&t[i]));
    free(t);
    json_put(o, "targets", list);
    return reply(resp, o);
}

/* The links of array a, all of them or only those toward array peer. */
static int links_json(struct ctl_req *rq, const char *a, const char *peer, cJSON **out,
                      struct sim_err *err)
{
    struct sim_target_view *t = NULL;
    struct sim_link_view *l = NULL;
    size_t nt = 0, nl = 0;
    if (sim_target_list(rq->sim, a, &t, &nt, err) || sim_link_list(rq->sim, a, &l, &nl, err)) {
        free(t);
        return -1;
    }
    cJSON *list = json_array();
    for (size_t i = 0; i < nl; i++) {
        bool keep = !peer;
        for (size_t j = 0; j < nt && !keep; j++)
            keep = strcmp(t[j].name, l[i].target) == 0 && strcmp(t[j].peer_array, peer) == 0;
        if (keep)
            json_push(list, ctl_json_from_link(&l[i]));
    }
    free(t);
    free(l);
    *out = list;
    return 0;
}

static int route_links(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    cJSON *list;
    if (links_json(rq, rq->param[0], NULL, &list, err))
        return -1;
    cJSON *o = json_object();
    json_put(o, "links", list);
    return reply(resp, o);
}

/* An optional integer field into *out (-1 when absent: unchanged). */
static int body_int(struct ctl_req *rq, const char *key, int *out, int *given,
                    struct sim_err *err)
{
    uint64_t v;
    int rc = ctl_body_u64(rq, key, false, false, &v, err);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        *out = -1;
        return 0;
    }
    if (v > INT32_MAX)
        return sim_fail(err, SIM_ERANGE, key, "field '%s' is too large", key);
    *out = (int)v;
    (*given)++;
    return 0;
}

static int route_link_fault(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_link_fault f = { .up = -1 };
    const char *port = NULL;
    bool up;
    int given = 0, has_up;
    if ((has_up = ctl_body_bool(rq, "up", false, &up, err)) < 0 ||
        body_int(rq, "latency_ms", &f.latency_ms, &given, err) ||
        body_int(rq, "bandwidth_mbs", &f.bandwidth_mbs, &given, err) ||
        body_int(rq, "loss_pct", &f.loss_pct, &given, err) ||
        ctl_body_str(rq, "port", false, &port, err) < 0 ||
        ctl_body_bool(rq, "one_way", false, &f.one_way, err) < 0)
        return -1;
    if (has_up) {
        f.up = up;
        given++;
    }
    if (!given)
        return sim_fail(err, SIM_EINVAL, "link",
                        "give at least one of 'up', 'latency_ms', 'bandwidth_mbs', 'loss_pct'");
    if (sim_link_fault(rq->sim, rq->param[0], rq->param[1], port, &f, err))
        return -1;
    cJSON *list, *o;
    if (links_json(rq, rq->param[0], rq->param[1], &list, err))
        return -1;
    o = json_object();
    json_put_str(o, "a", rq->param[0]);
    json_put_str(o, "b", rq->param[1]);
    json_put(o, "links", list);
    return reply(resp, o);
}

/* An optional error count: -1 (for ever), 0 (clear) or N. */
static int body_count(struct ctl_req *rq, const char *key, int *out, struct sim_err *err)
{
    const cJSON *item = rq->body ? cJSON_GetObjectItemCaseSensitive(rq->body, key) : NULL;
    if (!item || cJSON_IsNull(item))
        return 0;
    if (!cJSON_IsNumber(item) || item->valuedouble != (double)(int)item->valuedouble ||
        item->valuedouble < -1 || item->valuedouble > 1000000000)
        return sim_fail(err, SIM_EINVAL, key,
                        "field '%s' must be -1 (for ever), 0 (clear) or a count", key);
    *out = (int)item->valuedouble;
    return 1;
}

static int route_vv_faults(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    int w = SIM_FAULT_KEEP, r = SIM_FAULT_KEEP, has_w, has_r;
    if ((has_w = body_count(rq, "write_errors", &w, err)) < 0 ||
        (has_r = body_count(rq, "read_errors", &r, err)) < 0)
        return -1;
    if (!has_w && !has_r)
        return sim_fail(err, SIM_EINVAL, "faults", "give 'write_errors' or 'read_errors'");
    if (sim_vv_inject_errors(rq->sim, rq->param[0], rq->param[1], w, r, err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "array", rq->param[0]);
    json_put_str(o, "volume", rq->param[1]);
    if (has_w)
        json_put_num(o, "write_errors", w);
    if (has_r)
        json_put_num(o, "read_errors", r);
    return reply(resp, o);
}

static int route_groups(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_group_view *g = NULL;
    size_t n = 0;
    if (sim_group_list(rq->sim, rq->param[0], &g, &n, err))
        return -1;
    cJSON *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(list, ctl_json_from_group(&g[i]));
    sim_group_views_free(g, n);
    json_put(o, "groups", list);
    return reply(resp, o);
}

static int route_group(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_group_view g = { 0 };
    if (sim_group_get(rq->sim, rq->param[0], rq->param[1], &g, err)) {
        sim_group_view_release(&g);
        return -1;
    }
    cJSON *o = ctl_json_from_group(&g);
    sim_group_view_release(&g);
    return reply(resp, o);
}

static int route_tasks(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_task_view *t = NULL;
    size_t n = 0;
    if (sim_task_list(rq->sim, rq->param[0], &t, &n, err))
        return -1;
    cJSON *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(list, ctl_json_from_task(&t[i]));
    free(t);
    json_put(o, "tasks", list);
    return reply(resp, o);
}

static int route_task(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_task_view t;
    int64_t id;
    if (rc_parse_i64(rq->param[1], &id) || id <= 0)
        return sim_fail(err, SIM_EINVAL, rq->param[1], "task id must be a positive integer, "
                        "not '%s'", rq->param[1]);
    if (sim_task_get(rq->sim, rq->param[0], id, &t, err))
        return -1;
    return reply(resp, ctl_json_from_task(&t));
}

/* ---- the array CLI ----------------------------------------------------- */

/* Output capture and scripted answers for one CLI run. */
struct cli_capture {
    struct strbuf out, err;
    const cJSON *answer;        /* next entry of "input", or NULL */
    char *question;             /* the first question left unanswered */
};

static void capture_out(void *ctx, const char *data, size_t len)
{
    strbuf_add(&((struct cli_capture *)ctx)->out, data, len);
}

static void capture_err(void *ctx, const char *data, size_t len)
{
    strbuf_add(&((struct cli_capture *)ctx)->err, data, len);
}

static int capture_confirm(void *ctx, const char *question)
{
    struct cli_capture *cap = ctx;
    if (cap->answer) {
        const char *a = cap->answer->valuestring;
        cap->answer = cap->answer->next;
        return a[0] == 'y' || a[0] == 'Y';
    }
    if (!cap->question)
        cap->question = xstrdup(question);
    return 0;
}

static int route_cli(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    const char *command, *user = CLI_DEFAULT_USER;
    const cJSON *input = NULL;
    enum sim_user_role role;
    if (ctl_body_str(rq, "command", true, &command, err) < 0 ||
        ctl_body_str(rq, "user", false, &user, err) < 0 ||
        ctl_body_strv(rq, "input", false, &input, err) < 0)
        return -1;
    if (strchr(command, '\n') || strchr(command, '\r'))
        return sim_fail(err, SIM_EINVAL, "command", "'command' must be one line");
    if (!sim_array_powered(rq->sim, rq->param[0])) {
        struct sim_array_view a;
        if (sim_array_get(rq->sim, rq->param[0], &a, err))
            return -1;
        return sim_fail(err, SIM_EPOWERED_OFF, rq->param[0], "array '%s' is powered off",
                        rq->param[0]);
    }
    if (sim_user_role(rq->sim, rq->param[0], user, &role, err))
        return -1;

    struct cli_capture cap = { .out = STRBUF_INIT, .err = STRBUF_INIT,
                               .answer = input ? input->child : NULL };
    const struct cli_io io = { .out = capture_out, .err = capture_err,
                               .confirm = capture_confirm, .ctx = &cap };
    bool exit_requested = false;
    struct cli_session *session = cli_session_new(rq->sim, rq->param[0], user, role);
    int status = cli_session_run(session, command, &io, &exit_requested);
    cli_session_free(session);

    cJSON *o = json_object();
    json_put_num(o, "status", status);
    strbuf_addch(&cap.out, '\0');
    strbuf_addch(&cap.err, '\0');
    json_put_str(o, "output", cap.out.buf);
    json_put_str(o, "error", cap.err.buf);
    if (cap.question)
        json_put_str(o, "prompt", cap.question);
    if (exit_requested)
        json_put_bool(o, "exit", true);
    strbuf_release(&cap.out);
    strbuf_release(&cap.err);
    free(cap.question);
    return reply(resp, o);
}

/* ---- host I/O ---------------------------------------------------------- */

static int route_write(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    const char *array = rq->param[0], *vv = rq->param[1], *data = NULL;
    uint64_t off, len = 0, seed = 0;
    int has_len, has_seed, has_data;
    if (ctl_body_u64(rq, "offset", true, true, &off, err) < 0 ||
        (has_len = ctl_body_u64(rq, "length", false, true, &len, err)) < 0 ||
        (has_seed = ctl_body_u64(rq, "pattern", false, false, &seed, err)) < 0 ||
        (has_data = ctl_body_str(rq, "data", false, &data, err)) < 0)
        return -1;
    if (has_seed == has_data)
        return sim_fail(err, SIM_EINVAL, "pattern", "give either 'pattern' or 'data'");
    if (has_seed) {
        if (!has_len)
            return sim_fail(err, SIM_EINVAL, "length", "missing field 'length'");
        if (sim_io_write_pattern(rq->sim, array, vv, off, len, seed, err))
            return -1;
    } else {
        unsigned char *bytes;
        size_t n;
        if (rc_base64_decode(data, strlen(data), &bytes, &n))
            return sim_fail(err, SIM_EINVAL, "data", "'data' is not valid base64");
        if (has_len && len != n) {
            free(bytes);
            return sim_fail(err, SIM_EINVAL, "length",
                            "'length' %llu differs from the %zu bytes of 'data'",
                            (unsigned long long)len, n);
        }
        len = n;
        int rc = sim_io_write(rq->sim, array, vv, off, n, bytes, err);
        free(bytes);
        if (rc)
            return -1;
    }
    cJSON *o = json_object();
    json_put_num(o, "offset", (double)off);
    json_put_num(o, "length", (double)len);
    return reply(resp, o);
}

static int route_read(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    uint64_t off, len;
    if (ctl_query_u64(rq, "offset", true, true, &off, err) < 0 ||
        ctl_query_u64(rq, "length", true, true, &len, err) < 0)
        return -1;
    /* Checked here as well, before allocating the buffer. */
    if (len > SIM_IO_BYTES_MAX)
        return sim_fail(err, SIM_EIO_TOOBIG, rq->param[1],
                        "read of %llu bytes is larger than %llu", (unsigned long long)len,
                        (unsigned long long)SIM_IO_BYTES_MAX);
    void *buf = xmalloc(len ? len : 1);
    if (sim_io_read(rq->sim, rq->param[0], rq->param[1], off, len, buf, err)) {
        free(buf);
        return -1;
    }
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "application/octet-stream";
    return 0;
}

static int route_digest(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_digest d;
    if (sim_io_digest(rq->sim, rq->param[0], rq->param[1], &d, err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "digest", d.hex);
    json_put_num(o, "blocks", (double)d.blocks);
    return reply(resp, o);
}

/* ---- clock ------------------------------------------------------------- */

static int reply_clock(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_clock_view c;
    if (sim_clock_get(rq->sim, &c))
        return sim_fail(err, SIM_EINTERNAL, "clock", "cannot read the clock");
    return reply(resp, ctl_json_from_clock(&c));
}

static int route_clock(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    return reply_clock(rq, resp, err);
}

static int route_clock_advance(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    int64_t ms;
    if (ctl_body_duration(rq, "by", true, &ms, err) < 0 || sim_clock_advance(rq->sim, ms, err))
        return -1;
    return reply_clock(rq, resp, err);
}

static int route_clock_set(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    const char *text;
    int64_t when;
    if (ctl_body_str(rq, "time", true, &text, err) < 0)
        return -1;
    if (rc_parse_time(text, &when))
        return sim_fail(err, SIM_EINVAL, "time",
                        "'time' must be \"YYYY-MM-DD HH:MM:SS\" (UTC), ISO 8601 or "
                        "@<epoch seconds>, not '%s'", text);
    if (sim_clock_set(rq->sim, when, err))
        return -1;
    return reply_clock(rq, resp, err);
}

static int route_clock_mode(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    const char *mode;
    double scale = 1.0;
    enum sim_clock_mode m;
    if (ctl_body_str(rq, "mode", true, &mode, err) < 0 ||
        ctl_body_double(rq, "scale", false, &scale, err) < 0)
        return -1;
    if (strcmp(mode, "manual") == 0)
        m = SIM_CLOCK_MANUAL;
    else if (strcmp(mode, "real") == 0)
        m = SIM_CLOCK_REAL;
    else
        return sim_fail(err, SIM_EINVAL, "mode", "'mode' must be \"manual\" or \"real\", not '%s'",
                        mode);
    if (scale <= 0 || scale > 1e6)
        return sim_fail(err, SIM_ERANGE, "scale", "'scale' must be in (0, 1e6]");
    if (sim_clock_set_mode(rq->sim, m, scale, err))
        return -1;
    return reply_clock(rq, resp, err);
}

/* ---- status, events ---------------------------------------------------- */

static int route_status(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    cJSON *o;
    if (ctl_json_status(rq->sim, &o, err))
        return -1;
    return reply(resp, o);
}

static int route_events(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    uint64_t since = 0, limit = 0, wait_s = 0, epoch = 0;
    const char *array = ctl_req_query(rq, "array");
    int has_epoch;
    if (ctl_query_u64(rq, "since", false, false, &since, err) < 0 ||
        ctl_query_u64(rq, "limit", false, false, &limit, err) < 0 ||
        ctl_query_u64(rq, "wait", false, false, &wait_s, err) < 0 ||
        (has_epoch = ctl_query_u64(rq, "epoch", false, false, &epoch, err)) < 0)
        return -1;
    if (since > INT64_MAX)
        return sim_fail(err, SIM_ERANGE, "since", "'since' is too large");
    if (limit > 10000)
        return sim_fail(err, SIM_ERANGE, "limit", "'limit' must be at most 10000");
    if (wait_s > EVENTS_WAIT_MAX_S)
        wait_s = EVENTS_WAIT_MAX_S;
    if (array && !*array)
        array = NULL;
    if (array) {
        struct sim_array_view a;
        if (sim_array_get(rq->sim, array, &a, err))
            return -1;
    }

    struct sim_event_view *ev = NULL;
    size_t n = 0;
    int64_t deadline = sim_wall_ms() + (int64_t)wait_s * 1000;
    /* a cursor from a log that was replaced (reset, checkpoint load) means
     * nothing in this one: read it from the start, and say so */
    int64_t now_epoch = sim_event_epoch(rq->sim);
    bool replaced = has_epoch && (int64_t)epoch != now_epoch;
    if (replaced)
        since = 0;
    for (;;) {
        if (sim_event_list(rq->sim, array, (int64_t)since, limit, &ev, &n, err))
            return -1;
        if (sim_event_epoch(rq->sim) != now_epoch) {
            free(ev);                   /* replaced while we waited */
            ev = NULL;
            now_epoch = sim_event_epoch(rq->sim);
            replaced = has_epoch;
            since = 0;
            continue;
        }
        int64_t left = deadline - sim_wall_ms();
        if (n || left <= 0 || ctl_server_stopping(rq->cs))
            break;
        free(ev);
        ev = NULL;
        /* Events of other arrays wake us too; the loop lists again. */
        int64_t cursor = (int64_t)since;
        if (array) {
            int64_t last = sim_event_last_id(rq->sim);
            cursor = last > cursor ? last : cursor;
        }
        sim_event_wait(rq->sim, cursor, left < EVENTS_WAIT_SLICE_MS ? (int)left
                                                                     : EVENTS_WAIT_SLICE_MS);
    }
    cJSON *o = json_object(), *list = json_array();
    int64_t last = (int64_t)since;
    for (size_t i = 0; i < n; i++) {
        json_push(list, ctl_json_from_event(&ev[i]));
        last = ev[i].id;
    }
    free(ev);
    json_put(o, "events", list);
    json_put_num(o, "last_id", (double)last);
    json_put_num(o, "epoch", (double)now_epoch);
    if (replaced)
        json_put_bool(o, "replaced", true);
    return reply(resp, o);
}

/* ---- reset and checkpoints --------------------------------------------- */

static int route_reset(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    if (sim_reset(rq->sim, err))
        return -1;
    return reply_ok(resp);
}

/* Usable checkpoints by name; files a load would refuse go under
 * "invalid" with the reason, never among the usable ones. */
static int route_checkpoints(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_checkpoint_view *v = NULL;
    size_t n = 0;
    if (sim_checkpoint_list(rq->sim, &v, &n, err))
        return -1;
    cJSON *o = json_object(), *list = json_array(), *details = json_array(),
          *bad = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!v[i].valid) {
            cJSON *b = json_object();
            json_put_str(b, "name", v[i].name);
            json_put_str(b, "reason", v[i].why);
            json_push(bad, b);
            continue;
        }
        char when[40];
        cJSON *one = json_object();
        rc_format_time_iso(v[i].saved_ms, when, sizeof(when));
        json_push(list, cJSON_CreateString(v[i].name));
        json_put_str(one, "name", v[i].name);
        json_put_str(one, "saved", when);
        json_put_num(one, "saved_ms", (double)v[i].saved_ms);
        json_put_num(one, "bytes", (double)v[i].bytes);
        json_push(details, one);
    }
    free(v);
    json_put(o, "checkpoints", list);
    json_put(o, "details", details);
    json_put(o, "invalid", bad);
    return reply(resp, o);
}

static int route_checkpoint_save(struct ctl_req *rq, struct ctl_resp *resp,
                                 struct sim_err *err)
{
    bool replace = false;
    if (ctl_body_bool(rq, "replace", false, &replace, err) < 0 ||
        sim_checkpoint_save(rq->sim, rq->param[0], replace, err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "checkpoint", rq->param[0]);
    json_put_str(o, "action", "saved");
    resp->status = 201;
    return reply(resp, o);
}

static int route_checkpoint_load(struct ctl_req *rq, struct ctl_resp *resp,
                                 struct sim_err *err)
{
    if (sim_checkpoint_load(rq->sim, rq->param[0], err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "checkpoint", rq->param[0]);
    json_put_str(o, "action", "loaded");
    return reply(resp, o);
}

static int route_checkpoint_delete(struct ctl_req *rq, struct ctl_resp *resp,
                                   struct sim_err *err)
{
    if (sim_checkpoint_delete(rq->sim, rq->param[0], err))
        return -1;
    cJSON *o = json_object();
    json_put_str(o, "checkpoint", rq->param[0]);
    json_put_str(o, "action", "deleted");
    return reply(resp, o);
}

/* ---- the table --------------------------------------------------------- */

static const char *const cli_keys[] = { "command", "user", "input", NULL };
static const char *const write_keys[] = { "offset", "length", "pattern", "data", NULL };
static const char *const power_keys[] = { "on", NULL };
static const char *const link_keys[] = { "up", "latency_ms", "bandwidth_mbs", "loss_pct", "port",
                                         "one_way", NULL };
static const char *const fault_keys[] = { "write_errors", "read_errors", NULL };
static const char *const advance_keys[] = { "by", NULL };
static const char *const set_keys[] = { "time", NULL };
static const char *const mode_keys[] = { "mode", "scale", NULL };
static const char *const save_keys[] = { "replace", NULL };
static const char *const witness_keys[] = { "up", "from", "address", NULL };

const struct ctl_route ctl_routes[] = {
    { "GET", "/health", route_health, CTL_NO_TOKEN, NULL },
    { "GET", "/ready", route_ready, CTL_NO_TOKEN, NULL },
    { "GET", "/status", route_status, 0, NULL },
    { "GET", "/arrays", route_arrays, 0, NULL },
    { "GET", "/arrays/{}", route_array, 0, NULL },
    { "POST", "/arrays/{}/power", route_power, 0, power_keys },
    { "POST", "/arrays/{}/reboot", route_reboot, 0, NULL },
    { "POST", "/arrays/{}/cli", route_cli, 0, cli_keys },
    { "GET", "/arrays/{}/targets", route_targets, 0, NULL },
    { "GET", "/arrays/{}/links", route_links, 0, NULL },
    { "POST", "/links/{}/{}", route_link_fault, 0, link_keys },
    { "POST", "/witness", route_witness, 0, witness_keys },
    { "GET", "/arrays/{}/groups", route_groups, 0, NULL },
    { "GET", "/arrays/{}/groups/{}", route_group, 0, NULL },
    { "GET", "/arrays/{}/tasks", route_tasks, 0, NULL },
    { "GET", "/arrays/{}/tasks/{}", route_task, 0, NULL },
    { "POST", "/arrays/{}/volumes/{}/faults", route_vv_faults, 0, fault_keys },
    { "POST", "/arrays/{}/volumes/{}/write", route_write, CTL_BIG_BODY, write_keys },
    { "GET", "/arrays/{}/volumes/{}/read", route_read, 0, NULL },
    { "GET", "/arrays/{}/volumes/{}/digest", route_digest, 0, NULL },
    { "GET", "/clock", route_clock, 0, NULL },
    { "POST", "/clock/advance", route_clock_advance, 0, advance_keys },
    { "POST", "/clock/set", route_clock_set, 0, set_keys },
    { "POST", "/clock/mode", route_clock_mode, 0, mode_keys },
    { "GET", "/events", route_events, 0, NULL },
    { "GET", "/timeline", ctl_route_timeline_list, 0, NULL },
    { "POST", "/timeline", ctl_route_timeline_add, 0, ctl_timeline_keys },
    { "DELETE", "/timeline/{}", ctl_route_timeline_cancel, 0, NULL },
    { "GET", "/stream", ctl_route_stream, 0, NULL },
    { "GET", "/lab", ctl_route_lab_get, 0, NULL },
    { "PUT", "/lab", ctl_route_lab_put, 0, ctl_lab_keys },
    { "DELETE", "/lab", ctl_route_lab_delete, 0, NULL },
    { "POST", "/reset", route_reset, 0, NULL },
    { "GET", "/checkpoints", route_checkpoints, 0, NULL },
    { "POST", "/checkpoints/{}", route_checkpoint_save, 0, save_keys },
    { "DELETE", "/checkpoints/{}", route_checkpoint_delete, 0, NULL },
    { "POST", "/checkpoints/{}/load", route_checkpoint_load, 0, NULL },
    { NULL, NULL, NULL, 0, NULL },
};
