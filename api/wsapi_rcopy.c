/* api/wsapi_rcopy.c - the rest of remote copy over WSAPI: the service
 * (GET /remotecopy), targets (GET /remotecopytargets[/<t>], PUT .../<t>
 * for mirrorConfig), links (GET /remotecopylinks[/<l>]) and the DR actions
 * 6-11 (POST /remotecopygroups/<g>). Owns: the WSAPI shape of a target and
 * a link, and the mapping of DR bodies onto sim_group_dr(), the function
 * `setrcopygroup <op>` calls. Not: groups, their volumes and the PUT
 * actions 1-5 (wsapi_rcgroup.c); the role changes (sim/dr.c).
 * Spec: wsapi-and-ssh.md §2.10, §3.1, §3.2 (recoverRemoteCopyGroupFromDisaster,
 * toggleRemoteCopyConfigMirror); remote-copy.md §1.8 (DR action numbers and
 * options), §2.4 (what each does). The shapes of /remotecopy, targets and
 * links are read by no client of the reference ("any object"); the choices
 * are in docs/behaviour.md §WSAPI. */
#include "api/wsapi_internal.h"
#include "sim/rcopy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

/* --- GET /remotecopy ------------------------------------------------------- */

/* docs/behaviour.md: mode 2 started / 3 stopped, status 1 normal, as a live
 * array answers while started */
enum { RCOPY_MODE_STARTED = 2, RCOPY_MODE_STOPPED = 3, RCOPY_STATUS_NORMAL = 1 };

static void add_link(cJSON *links, const char *rel)
{
    char href[64];
    cJSON *l = wj_obj();
    snprintf(href, sizeof(href), "/api/v1/%s", rel);
    wj_str(l, "href", href);
    wj_str(l, "rel", rel);
    wj_push(links, l);
}

int wsapi_rcopy_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    if (sim_array_get(rq->s, rq->array, &a, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = wj_obj(), *links = wj_arr();
    wj_num(o, "mode", a.rc_started ? RCOPY_MODE_STARTED : RCOPY_MODE_STOPPED);
    wj_num(o, "status", RCOPY_STATUS_NORMAL);
    wj_bool(o, "asyncEnabled", false);
    add_link(links, "remotecopygroups");
    add_link(links, "remotecopytargets");
    add_link(links, "remotecopylinks");
    wj_add(o, "links", links);
    return wsapi_reply(rq, 200, o);
}

/* --- targets ---------------------------------------------------------------- */

/* docs/behaviour.md: type 1 IP, 2 FC; status as the engine numbers it
 * (1 ready, 2 failing, 3 failed) */
enum { TARGET_TYPE_IP = 1, TARGET_TYPE_FC = 2 };

static cJSON *target_json(const struct sim_target_view *t)
{
    cJSON *o = wj_obj(), *pol = wj_obj();
    wj_num(o, "id", (double)t->id);
    wj_str(o, "name", t->name);
    wj_num(o, "type", t->fc ? TARGET_TYPE_FC : TARGET_TYPE_IP);
    wj_num(o, "status", t->status);
    wj_bool(o, "enabled", t->enabled);
    if (t->fc && t->node_wwn[0])
        wj_str(o, "nodeWWN", t->node_wwn);
    wj_num(o, "numLinks", t->n_links);
    wj_bool(pol, "mirrorConfig", t->mirror_config);
    wj_add(o, "policies", pol);
    return o;
}

int wsapi_rctargets_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_target_view *t = NULL;
    size_t n = 0;
    if (sim_target_list(rq->s, rq->array, &t, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = wj_arr();
    for (size_t i = 0; i < n; i++)
        wj_push(m, target_json(&t[i]));
    free(t);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_rctarget_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_target_view *t = NULL;
    size_t n = 0;
    cJSON *o = NULL;
    if (sim_target_list(rq->s, rq->array, &t, &n, &err))
        return wsapi_reply_error(rq, &err);
    for (size_t i = 0; i < n && !o; i++)
        if (!strcmp(t[i].name, rq->segs[1]))
            o = target_json(&t[i]);
    free(t);
    if (!o) {
        sim_fail(&err, SIM_ENOENT_TARGET, rq->segs[1], "no target named %s", rq->segs[1]);
        return wsapi_reply_error(rq, &err);
    }
    return wsapi_reply(rq, 200, o);
}

static const struct wsapi_field target_policy_fields[] = {
    { "mirrorConfig", WF_BOOL, WF_REQUIRED, 0, 0, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field target_put_fields[] = {
    { "policies", WF_OBJ, WF_REQUIRED, 0, 0, 0, target_policy_fields },
    NO_FIELD,
};

/* toggleRemoteCopyConfigMirror: setrcopytarget pol [no_]mirror_config */
int wsapi_rctarget_put(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, target_put_fields))
        return -1;
    const cJSON *pol = cJSON_GetObjectItemCaseSensitive(rq->body, "policies");
    if (sim_target_set_mirror(rq->s, rq->array, rq->segs[1], wb_bool(pol, "mirrorConfig", true),
                              &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

/* --- links ------------------------------------------------------------------ */

/* A link is named <target>_<N>_<S>_<P> after its local port, as live arrays
 * name them (docs/behaviour.md). */
static void link_name(const struct sim_link_view *l, char *buf, size_t size)
{
    snprintf(buf, size, "%s_%s", l->target, l->local_nsp);
    for (char *p = buf + strlen(l->target) + 1; *p; p++)
        if (*p == ':')
            *p = '_';
}

enum { LINK_STATE_UP = 1, LINK_STATE_DOWN = 2 };

static cJSON *link_json(const struct sim_link_view *l)
{
    char name[80];
    int node = 0, slot = 0, port = 0;
    cJSON *o = wj_obj(), *pos = wj_obj();
    link_name(l, name, sizeof(name));
    wj_str(o, "name", name);
    wj_str(o, "targetName", l->target);
    if (sscanf(l->local_nsp, "%d:%d:%d", &node, &slot, &port) == 3) {
        wj_num(pos, "node", node);
        wj_num(pos, "slot", slot);
        wj_num(pos, "cardPort", port);
    }
    wj_add(o, "localPortPos", pos);
    wj_str(o, "address", l->address);
    wj_num(o, "state", l->up ? LINK_STATE_UP : LINK_STATE_DOWN);
    return o;
}

int wsapi_rclinks_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_link_view *l = NULL;
    size_t n = 0;
    if (sim_link_list(rq->s, rq->array, &l, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = wj_arr();
    for (size_t i = 0; i < n; i++)
        wj_push(m, link_json(&l[i]));
    free(l);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_rclink_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_link_view *l = NULL;
    size_t n = 0;
    cJSON *o = NULL;
    char name[80];
    if (sim_link_list(rq->s, rq->array, &l, &n, &err))
        return wsapi_reply_error(rq, &err);
    for (size_t i = 0; i < n && !o; i++) {
        link_name(&l[i], name, sizeof(name));
        if (!strcmp(name, rq->segs[1]))
            o = link_json(&l[i]);
    }
    free(l);
    if (!o) {
        sim_fail(&err, SIM_ENOENT_LINK, rq->segs[1], "no link named %s", rq->segs[1]);
        return wsapi_reply_error(rq, &err);
    }
    return wsapi_reply(rq, 200, o);
}

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
    cJSON *r = wj_obj();
    wj_num(r, "taskid", (double)task);
    return wsapi_reply(rq, 200, r);
}
