/* api/wsapi_rcdr.c - the DR actions 6-11 over WSAPI (POST
 * /remotecopygroups/<g>, the client's recoverRemoteCopyGroupFromDisaster).
 * Owns: the action numbers and the mapping of their bodies onto
 * sim_group_dr(), the function `setrcopygroup <op>` calls. Not: which
 * options an action takes (sim_dr_opts_allowed), the role changes
 * (sim/dr.c). Spec: docs/array-interfaces.md §3.2; docs/array-remote-copy.md §1.8 (action
 * numbers and options), §2.4 (what each does). */
#include "api/wsapi_internal.h"
#include "sim/rcopy.h"

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

/* --- POST /remotecopygroups/<g>: DR actions 6-11 ------------------------------
 *
 * The options the client documents, and the actions each is valid for:
 *   6 reverse     targetName skipPromote noSnapshot stopGroups localGroupsDirection
 *   7 failover    targetName skipStart skipSync discardNewData skipPromote noSnapshot
 *   8 switchover  targetName
 *   9 recover     targetName skipStart skipSync
 *  10 restore     targetName skipStart skipSync noSnapshot
 *  11 override    targetName
 * Any other key is 400/12, as anywhere. An option the action does not take
 * is 400/12 too when it asks for something; null or false asks for nothing
 * (the Ansible modules send every option, unset ones as null). They map
 * onto setrcopygroup's options: skipStart -nostart, skipSync -nosync,
 * discardNewData -discard, skipPromote -nopromote, noSnapshot -nosnap,
 * stopGroups -stopgroups, localGroupsDirection -local -current. */

#define DR_BOOL(k) { k, WF_BOOL, 0, 0, 0, 0, NULL }

static const struct wsapi_field dr_fields[] = {
    { "action", WF_INT, WF_REQUIRED, 0, 0, 0, NULL },
    { "targetName", WF_STR, 0, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    DR_BOOL("skipStart"), DR_BOOL("skipSync"), DR_BOOL("discardNewData"),
    DR_BOOL("skipPromote"), DR_BOOL("noSnapshot"), DR_BOOL("stopGroups"),
    DR_BOOL("localGroupsDirection"),
    NO_FIELD,
};

/* The engine's option bits of dr_fields[i + 2]: which an action takes is
 * the engine's rule (sim_dr_opts_allowed). */
static const uint32_t dr_field_bits[] = {
    SIM_DRO_NOSTART, SIM_DRO_NOSYNC, SIM_DRO_DISCARD, SIM_DRO_NOPROMOTE, SIM_DRO_NOSNAP,
    SIM_DRO_STOPGROUPS, SIM_DRO_LOCAL | SIM_DRO_CURRENT,
};

/* The client's action numbers 6-11 (*_GROUP), in the engine's order. */
#define DR_ACTION_FIRST 6
static const enum sim_dr_op dr_actions[] = {
    SIM_DR_REVERSE, SIM_DR_FAILOVER, SIM_DR_SWITCHOVER, SIM_DR_RECOVER, SIM_DR_RESTORE,
    SIM_DR_OVERRIDE,
};
#define N_DR_ACTIONS (sizeof(dr_actions) / sizeof(dr_actions[0]))

static int dr_options_check(struct wsapi_req *rq, enum sim_dr_op op)
{
    uint32_t allowed = sim_dr_opts_allowed(op);
    for (size_t i = 2; dr_fields[i].key; i++)
        if ((dr_field_bits[i - 2] & allowed) != dr_field_bits[i - 2] &&
            wb_given(rq->body, dr_fields[i].key))
            return wsapi_reply_code(rq, WC_INV_INPUT, dr_fields[i].key);
    return 0;
}

int wsapi_rcgroup_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    const cJSON *b = rq->body;
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(b, "action");
    if (!a || cJSON_IsNull(a))
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "action");
    if (!cJSON_IsNumber(a) || a->valuedouble != (double)(int64_t)a->valuedouble)
        return wsapi_reply_code(rq, WC_WRONG_TYPE, "action");
    /* 1-5 are PUT actions; 12 (CLX_DR) is not modelled */
    if (a->valuedouble < DR_ACTION_FIRST || a->valuedouble >= DR_ACTION_FIRST + N_DR_ACTIONS)
        return wsapi_reply_code(rq, WC_BAD_ENUM, "action");
    enum sim_dr_op op = dr_actions[(size_t)(a->valuedouble - DR_ACTION_FIRST)];
    if (wsapi_body_check(rq, b, dr_fields) || dr_options_check(rq, op))
        return -1;
    bool local = wb_bool(b, "localGroupsDirection", false);
    struct sim_dr_opts o = {
        .nostart = wb_bool(b, "skipStart", false),
        .nosync = wb_bool(b, "skipSync", false),
        .discard = wb_bool(b, "discardNewData", false),
        .nopromote = wb_bool(b, "skipPromote", false),
        .nosnap = wb_bool(b, "noSnapshot", false),
        .stopgroups = wb_bool(b, "stopGroups", false),
        .local = local,
        .current = local,
        .target = wb_str(b, "targetName"),
        .user = rq->user,
    };
    int64_t task = 0;
    if (sim_group_dr(rq->s, rq->array, rq->segs[1], op, &o, &task, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *r = json_object();
    json_put_num(r, "taskid", (double)task);
    return wsapi_reply(rq, 200, r);
}
