/* api/wsapi_qos.c - /qos: rules on volume sets ("vvset:<set>") and the
 * system default ("sys:all_others"). Spec: docs/array-interfaces.md
 * §2.5. */
#include "api/wsapi_internal.h"
#include "sim/limits.h"
#include "sim/qos.h"
#include "util/strutil.h"

#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }
#define BIG ((int64_t)1 << 40)

#define RULE_FIELDS                                                         \
    { "priority", WF_INT, WF_NULLABLE, 1, 3, WC_BAD_ENUM, NULL },           \
    { "bwMinGoalKB", WF_INT, WF_NULLABLE, 0, BIG, 0, NULL },                \
    { "bwMaxLimitKB", WF_INT, WF_NULLABLE, 0, BIG, 0, NULL },               \
    { "ioMinGoal", WF_INT, WF_NULLABLE, 0, BIG, 0, NULL },                  \
    { "ioMaxLimit", WF_INT, WF_NULLABLE, 0, BIG, 0, NULL },                 \
    { "enable", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },                      \
    { "bwMinGoalOP", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },        \
    { "bwMaxLimitOP", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },       \
    { "ioMinGoalOP", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },        \
    { "ioMaxLimitOP", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },       \
    { "latencyGoal", WF_INT, WF_NULLABLE, 0, BIG, 0, NULL },                \
    { "defaultLatency", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL }

static const struct wsapi_field create_fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_SYS_SET_NAME, 0, NULL },
    { "type", WF_INT, WF_REQUIRED, 1, 2, WC_BAD_ENUM, NULL },
    RULE_FIELDS,
    NO_FIELD,
};
static const struct wsapi_field modify_fields[] = {
    RULE_FIELDS,
    NO_FIELD,
};

static cJSON *rule_json(const struct sim_qos_rule *r)
{
    cJSON *o = json_object();
    json_put_str(o, "name", r->name);
    json_put_num(o, "type", r->type);
    json_put_bool(o, "enabled", r->enabled);
    json_put_num(o, "priority", r->priority ? r->priority : 2);
    json_put_num(o, "bwMinGoalKB", (double)r->bw_min_kb);
    json_put_num(o, "bwMaxLimitKB", (double)r->bw_max_kb);
    json_put_num(o, "ioMinGoal", (double)r->io_min);
    json_put_num(o, "ioMaxLimit", (double)r->io_max);
    if (r->bw_min_op)
        json_put_num(o, "bwMinGoalOP", r->bw_min_op);
    if (r->bw_max_op)
        json_put_num(o, "bwMaxLimitOP", r->bw_max_op);
    if (r->io_min_op)
        json_put_num(o, "ioMinGoalOP", r->io_min_op);
    if (r->io_max_op)
        json_put_num(o, "ioMaxLimitOP", r->io_max_op);
    json_put_num(o, "latencyGoal", (double)r->latency_ms);
    json_put_bool(o, "defaultLatency", r->default_latency);
    return o;
}

/* Fills the settings present in body over r. */
static void rule_from(const cJSON *b, struct sim_qos_rule *r)
{
    r->enabled = wb_bool(b, "enable", r->enabled);
    r->priority = (int)wb_int(b, "priority", r->priority);
    r->bw_min_kb = wb_int(b, "bwMinGoalKB", r->bw_min_kb);
    r->bw_max_kb = wb_int(b, "bwMaxLimitKB", r->bw_max_kb);
    r->io_min = wb_int(b, "ioMinGoal", r->io_min);
    r->io_max = wb_int(b, "ioMaxLimit", r->io_max);
    r->bw_min_op = (int)wb_int(b, "bwMinGoalOP", r->bw_min_op);
    r->bw_max_op = (int)wb_int(b, "bwMaxLimitOP", r->bw_max_op);
    r->io_min_op = (int)wb_int(b, "ioMinGoalOP", r->io_min_op);
    r->io_max_op = (int)wb_int(b, "ioMaxLimitOP", r->io_max_op);
    r->latency_ms = wb_int(b, "latencyGoal", r->latency_ms);
    r->default_latency = wb_bool(b, "defaultLatency", r->default_latency);
}

/* "vvset:<name>" or "sys:<name>" */
static int target_of(struct wsapi_req *rq, enum sim_qos_type *type, const char **name)
{
    const char *t = rq->segs[1];
    if (!strncmp(t, "vvset:", 6)) {
        *type = SIM_QOS_VVSET;
        *name = t + 6;
    } else if (!strncmp(t, "sys:", 4)) {
        *type = SIM_QOS_SYS;
        *name = t + 4;
    } else {
        return wsapi_reply_code(rq, WC_INV_INPUT, t);
    }
    return 0;
}

int wsapi_qos_list(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_qos_rule *rs = NULL;
    size_t n = 0;
    if (sim_qos_list(rq->s, rq->array, &rs, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, rule_json(&rs[i]));
    free(rs);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_qos_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_qos_rule r;
    enum sim_qos_type type;
    const char *name;
    if (target_of(rq, &type, &name))
        return -1;
    if (sim_qos_get(rq->s, rq->array, type, name, &r, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, rule_json(&r));
}

int wsapi_qos_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_qos_rule r = { .enabled = true };
    if (wsapi_body_check(rq, rq->body, create_fields))
        return -1;
    r.type = (enum sim_qos_type)wb_int(rq->body, "type", 0);
    rc_strlcpy(r.name, wb_str(rq->body, "name"), sizeof(r.name));
    rule_from(rq->body, &r);
    if (sim_qos_create(rq->s, rq->array, &r, &err))
        return wsapi_reply_error(rq, &err);
    wsapi_set_location(rq, "qos/%s:%s", r.type == SIM_QOS_SYS ? "sys" : "vvset", r.name);
    return wsapi_reply(rq, 201, NULL);
}

int wsapi_qos_put(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_qos_rule r;
    enum sim_qos_type type;
    const char *name;
    if (target_of(rq, &type, &name) || wsapi_body_check(rq, rq->body, modify_fields))
        return -1;
    if (sim_qos_get(rq->s, rq->array, type, name, &r, &err))
        return wsapi_reply_error(rq, &err);
    rule_from(rq->body, &r);
    if (sim_qos_modify(rq->s, rq->array, &r, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

int wsapi_qos_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    enum sim_qos_type type;
    const char *name;
    if (target_of(rq, &type, &name))
        return -1;
    if (sim_qos_remove(rq->s, rq->array, type, name, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}
