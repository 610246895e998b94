/* api/ctl_timeline.c - the timed fault routes of the control API
 * (/sim/v1/timeline): reading a schedule's steps from JSON, listing what
 * is still to come, cancelling. Owns: the step fields and their checks.
 * Not: what a timed fault does (sim/timeline.c). Spec: docs/control-api.md
 * §Timed faults. */
#include "api/ctl_internal.h"
#include "sim/clock.h"
#include "sim/sim.h"
#include "sim/timeline.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

const char *const ctl_timeline_keys[] = { "name", "steps", NULL };

static const char *const step_keys[] = {
    "at", "jitter", "for", "link", "a", "b", "port", "one_way", "latency_ms",
    "bandwidth_mbs", "loss_pct", "power", "array", NULL,
};

/* The step's own fields are read with the body accessors, as if the step
 * were the body. */
static struct ctl_req step_req(const struct ctl_req *rq, const cJSON *step)
{
    struct ctl_req sub = *rq;
    sub.body = step;
    return sub;
}

static int step_keys_check(const cJSON *step, size_t i, struct sim_err *err)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, step) {
        bool ok = false;
        for (const char *const *k = step_keys; *k && !ok; k++)
            ok = strcmp(*k, item->string) == 0;
        if (!ok)
            return sim_fail(err, SIM_EINVAL, item->string, "step %zu: unknown field '%s'",
                            i + 1, item->string);
    }
    return 0;
}

/* "at": a duration from now ("+5m", "5m", or ms), or a time to come
 * ("2026-11-25 10:05:00", ISO 8601, @<epoch s>). */
static int step_at(const struct ctl_req *sq, struct sim *s, int64_t *at, struct sim_err *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(sq->body, "at");
    if (cJSON_IsString(item)) {
        const char *text = item->valuestring;
        int64_t when;
        if (rc_parse_duration_ms(text + (text[0] == '+'), 0, at) == 0)
            return 0;
        if (rc_parse_time(text, &when))
            return sim_fail(err, SIM_EINVAL, "at", "'at' must be a duration from now "
                            "(\"+5m\") or a time (\"2026-11-25 10:05:00\"), not '%s'", text);
        *at = when - sim_clock_now(s);
        if (*at < 0)
            return sim_fail(err, SIM_EINVAL, "at", "'at' %s is in the past", text);
        return 0;
    }
    *at = 0;
    return ctl_body_duration(sq, "at", false, at, err) < 0 ? -1 : 0;
}

/* An optional small integer into *out (-1 when absent). */
static int step_int(const struct ctl_req *sq, const char *key, int *out, struct sim_err *err)
{
    uint64_t v;
    int rc = ctl_body_u64(sq, key, false, false, &v, err);
    *out = -1;
    if (rc < 0)
        return -1;
    if (rc && v > INT32_MAX)
        return sim_fail(err, SIM_ERANGE, key, "field '%s' is too large", key);
    if (rc)
        *out = (int)v;
    return 0;
}

static int step_link(const struct ctl_req *sq, const char *what, struct sim_tf_step *st,
                     struct sim_err *err)
{
    st->kind = SIM_TF_LINK;
    st->link.up = strcmp(what, "down") == 0 ? 0 : strcmp(what, "up") == 0 ? 1 : -1;
    if (st->link.up < 0 && strcmp(what, "set"))
        return sim_fail(err, SIM_EINVAL, "link", "'link' must be \"down\", \"up\" or \"set\", "
                        "not '%s'", what);
    if (ctl_body_str(sq, "a", true, &st->a, err) < 0 ||
        ctl_body_str(sq, "b", true, &st->b, err) < 0 ||
        ctl_body_str(sq, "port", false, &st->port, err) < 0 ||
        ctl_body_bool(sq, "one_way", false, &st->link.one_way, err) < 0 ||
        step_int(sq, "latency_ms", &st->link.latency_ms, err) ||
        step_int(sq, "bandwidth_mbs", &st->link.bandwidth_mbs, err) ||
        step_int(sq, "loss_pct", &st->link.loss_pct, err))
        return -1;
    bool values = st->link.latency_ms >= 0 || st->link.bandwidth_mbs >= 0 ||
                  st->link.loss_pct >= 0;
    if (values != (st->link.up < 0))
        return sim_fail(err, SIM_EINVAL, "link", "latency_ms, bandwidth_mbs and loss_pct go "
                        "with \"link\": \"set\" (and it needs one of them)");
    return 0;
}

static int step_power(const struct ctl_req *sq, const char *what, struct sim_tf_step *st,
                      struct sim_err *err)
{
    st->kind = SIM_TF_POWER;
    if (strcmp(what, "on") && strcmp(what, "off"))
        return sim_fail(err, SIM_EINVAL, "power", "'power' must be \"on\" or \"off\", not '%s'",
                        what);
    st->power_on = strcmp(what, "on") == 0;
    return ctl_body_str(sq, "array", true, &st->a, err) < 0 ? -1 : 0;
}

static int step_read(const struct ctl_req *rq, const cJSON *item, size_t i,
                     struct sim_tf_step *st, struct sim_err *err)
{
    struct ctl_req sq = step_req(rq, item);
    const char *link = NULL, *power = NULL;
    int has_link, has_power;
    memset(st, 0, sizeof(*st));
    if (!cJSON_IsObject(item))
        return sim_fail(err, SIM_EINVAL, "steps", "step %zu is not an object", i + 1);
    if (step_keys_check(item, i, err) || step_at(&sq, rq->sim, &st->at_ms, err) ||
        ctl_body_duration(&sq, "jitter", false, &st->jitter_ms, err) < 0 ||
        ctl_body_duration(&sq, "for", false, &st->for_ms, err) < 0 ||
        (has_link = ctl_body_str(&sq, "link", false, &link, err)) < 0 ||
        (has_power = ctl_body_str(&sq, "power", false, &power, err)) < 0)
        return -1;
    if (has_link == has_power)
        return sim_fail(err, SIM_EINVAL, "steps", "step %zu: give either \"link\" or \"power\"",
                        i + 1);
    return has_link ? step_link(&sq, link, st, err) : step_power(&sq, power, st, err);
}

int ctl_route_timeline_add(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    const char *name = "";
    const cJSON *steps = rq->body ? cJSON_GetObjectItemCaseSensitive(rq->body, "steps") : NULL;
    if (ctl_body_str(rq, "name", false, &name, err) < 0)
        return -1;
    if (!cJSON_IsArray(steps) || !cJSON_GetArraySize(steps))
        return sim_fail(err, SIM_EINVAL, "steps", "'steps' must be a list of steps");
    size_t n = (size_t)cJSON_GetArraySize(steps), i = 0;
    if (n > SIM_TF_STEPS_MAX)
        return sim_fail(err, SIM_EINVAL, "steps", "at most %d steps", SIM_TF_STEPS_MAX);
    struct sim_tf_step *st = xcalloc(n, sizeof(*st));
    const cJSON *item;
    int rc = 0;
    cJSON_ArrayForEach(item, steps) {
        if (rc == 0)
            rc = step_read(rq, item, i, &st[i], err);
        i++;
    }
    if (rc == 0)
        rc = sim_timeline_add(rq->sim, name, st, n, err);
    free(st);
    if (rc)
        return -1;
    resp->status = 201;
    return ctl_route_timeline_list(rq, resp, err);
}

static cJSON *fault_json(const struct sim_tf_view *v)
{
    char when[40];
    cJSON *o = json_object();
    json_put_num(o, "id", (double)v->id);
    json_put_str(o, "schedule", v->plan);
    json_put_num(o, "due_ms", (double)v->due_ms);
    rc_format_time(v->due_ms, when, sizeof(when));
    json_put_str(o, "due", when);
    json_put_str(o, "note", v->note);
    if (v->kind == SIM_TF_POWER) {
        json_put_str(o, "array", v->a);
        json_put_str(o, "power", v->power_on ? "on" : "off");
        return o;
    }
    json_put_str(o, "link", v->up == 0 ? "down" : v->up == 1 ? "up" : "set");
    json_put_str(o, "a", v->a);
    json_put_str(o, "b", v->b);
    if (v->port[0])
        json_put_str(o, "port", v->port);
    json_put_bool(o, "one_way", v->one_way);
    if (v->latency_ms >= 0)
        json_put_num(o, "latency_ms", v->latency_ms);
    if (v->bandwidth_mbs >= 0)
        json_put_num(o, "bandwidth_mbs", v->bandwidth_mbs);
    if (v->loss_pct >= 0)
        json_put_num(o, "loss_pct", v->loss_pct);
    return o;
}

int ctl_route_timeline_list(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    struct sim_tf_view *v = NULL;
    size_t n = 0;
    if (sim_timeline_list(rq->sim, &v, &n, err))
        return -1;
    cJSON *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(list, fault_json(&v[i]));
    free(v);
    json_put(o, "faults", list);
    resp->json = o;
    return 0;
}

int ctl_route_timeline_cancel(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    size_t n = 0;
    if (sim_timeline_cancel(rq->sim, rq->param[0], &n, err))
        return -1;
    cJSON *o = json_object();
    json_put_num(o, "cancelled", (double)n);
    resp->json = o;
    return 0;
}
