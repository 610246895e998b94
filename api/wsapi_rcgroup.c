/* api/wsapi_rcgroup.c - /remotecopygroups: the group object, its volumes
 * and targets, create, modify (PUT without action), the PUT actions 1-5
 * (admit, dismiss, start, stop, sync), POST .../volumes, and the DELETEs.
 * Owns: the WSAPI shape of a group (docs/array-interfaces.md §3.3) and
 * the mapping of WSAPI bodies onto the sim_group_* calls the CLI makes.
 * Not: the DR actions 6-11, targets, links and the service
 * (wsapi_rcopy.c); the groups themselves (sim/group.c).
 * Spec: docs/array-interfaces.md §2.10, §3.1-§3.3, §6 facts 7-14; docs/array-remote-copy.md
 * §1.8 (role 1/2 with roleReversed; state 3/5; syncStatus 3). */
#include "api/wsapi_internal.h"
#include "sim/limits.h"
#include "sim/rcopy.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

/* --- the group object (§3.3) -------------------------------------------- */

static bool role_reversed(enum sim_rc_role r)
{
    return r == SIM_RC_PRIMARY_REV || r == SIM_RC_SECONDARY_REV;
}

/* docs/array-remote-copy.md §1.8: no separate value for -Rev */
static int role_number(enum sim_rc_role r)
{
    return r == SIM_RC_PRIMARY || r == SIM_RC_PRIMARY_REV ? 1 : 2;
}

static void add_time(cJSON *o, const char *k, int64_t ms)
{
    char iso[40];
    if (!ms) {
        json_put_null(o, k);
        return;
    }
    rc_format_time_iso(ms, iso, sizeof(iso));
    json_put_str(o, k, iso);
}

static void add_opt_str(cJSON *o, const char *k, const char *v)
{
    if (v && *v)
        json_put_str(o, k, v);
}

static cJSON *remote_volume_json(const struct sim_group_view *g, const struct sim_pair_view *p)
{
    cJSON *o = json_object();
    json_put_str(o, "targetName", g->target);
    json_put_str(o, "remoteVolumeName", p->remote_vv);
    json_put_num(o, "remoteVolumeID", (double)p->remote_id);
    json_put_num(o, "syncStatus", p->status);
    if (p->status == SIM_SYNC_SYNCING)
        json_put_num(o, "syncProgress", p->progress_pct);
    /* §3.3 spells it lastSyncTime; live arrays volumeLastSyncTime(Sec)
     * (docs/array-remote-copy.md §1.8). Both keys always exist, null while NA. */
    add_time(o, "lastSyncTime", p->last_sync_ms);
    add_time(o, "volumeLastSyncTime", p->last_sync_ms);
    if (p->last_sync_ms)
        json_put_num(o, "volumeLastSyncTimeSec", (double)(p->last_sync_ms / 1000));
    return o;
}

/* A volume with its secondary on every target (the legs of a
 * multi-target group each hold a pair of it). */
static cJSON *volume_json(const struct sim_group_view *g, const struct sim_pair_view *p)
{
    cJSON *o = json_object(), *rv = json_array();
    json_put_str(o, "localVolumeName", p->local_vv);
    json_put_num(o, "localVolumeID", (double)p->local_id);
    json_push(rv, remote_volume_json(g, p));
    for (size_t i = 0; i < g->n_legs; i++)
        for (size_t j = 0; j < g->legs[i].n_pairs; j++)
            if (strcmp(g->legs[i].pairs[j].local_vv, p->local_vv) == 0)
                json_push(rv, remote_volume_json(&g->legs[i], &g->legs[i].pairs[j]));
    json_put(o, "remoteVolumes", rv);
    return o;
}

/* The group's last sync: its own (periodic, or a requested sync), else the
 * newest of its volumes'. */
static int64_t group_last_sync(const struct sim_group_view *g)
{
    int64_t t = g->last_sync_ms;
    for (size_t i = 0; i < g->n_pairs; i++)
        if (g->pairs[i].last_sync_ms > t)
            t = g->pairs[i].last_sync_ms;
    return t;
}

static cJSON *target_json(const struct sim_group_view *g)
{
    cJSON *o = json_object(), *pol = json_object();
    json_put_str(o, "targetName", g->target);
    /* targetInRemoteCopyGroupExists reads "target" (§3.3) */
    json_put_str(o, "target", g->target);
    json_put_str(o, "remoteGroupName", g->peer_group);
    json_put_num(o, "mode", g->mode);
    json_put_num(o, "state", g->status);
    json_put_bool(o, "roleReversed", role_reversed(g->role));
    if (g->mode != SIM_RC_SYNC)
        json_put_num(o, "syncPeriod", (double)(g->period_ms / 1000));
    if (g->mode == SIM_RC_ASYNC)
        json_put_num(o, "snapFrequency", (double)(g->snap_freq_ms / 1000));
    add_time(o, "groupLastSyncTime", group_last_sync(g));
    add_opt_str(o, "remoteUserCPG", g->remote_user_cpg);
    add_opt_str(o, "remoteSnapCPG", g->remote_snap_cpg);
    json_put_bool(pol, "autoRecover", g->policies & SIM_POL_AUTO_RECOVER);
    json_put_bool(pol, "overPeriodAlert", g->policies & SIM_POL_OVER_PER_ALERT);
    json_put_bool(pol, "autoFailover", g->policies & SIM_POL_AUTO_FAILOVER);
    json_put_bool(pol, "pathManagement", g->policies & SIM_POL_PATH_MANAGEMENT);
    json_put_bool(pol, "autoSynchronize", g->policies & SIM_POL_AUTO_SYNCHRONIZE);
    json_put_bool(pol, "activeActive", g->policies & SIM_POL_ACTIVE_ACTIVE);
    json_put(o, "policies", pol);
    return o;
}

static cJSON *group_json(const struct sim_group_view *g)
{
    cJSON *o = json_object(), *t = json_array(), *v = json_array();
    json_put_num(o, "id", (double)g->id);
    json_put_str(o, "name", g->name);
    add_opt_str(o, "domain", g->domain);
    json_put_num(o, "role", role_number(g->role));
    json_put_str(o, "remoteGroupName", g->peer_group);
    add_opt_str(o, "localUserCPG", g->local_user_cpg);
    add_opt_str(o, "localSnapCPG", g->local_snap_cpg);
    json_push(t, target_json(g));
    for (size_t i = 0; i < g->n_legs; i++)
        json_push(t, target_json(&g->legs[i]));
    json_put(o, "targets", t);
    for (size_t i = 0; i < g->n_pairs; i++)
        json_push(v, volume_json(g, &g->pairs[i]));
    json_put(o, "volumes", v);
    return o;
}

/* --- GET ------------------------------------------------------------------ */

int wsapi_rcgroups_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view *g = NULL;
    size_t n = 0;
    if (sim_group_list(rq->s, rq->array, &g, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, group_json(&g[i]));
    sim_group_views_free(g, n);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_rcgroup_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view g;
    if (sim_group_get(rq->s, rq->array, rq->segs[1], &g, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = group_json(&g);
    sim_group_view_release(&g);
    return wsapi_reply(rq, 200, o);
}

int wsapi_rcgroup_volumes_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view g;
    if (sim_group_get(rq->s, rq->array, rq->segs[1], &g, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < g.n_pairs; i++)
        json_push(m, volume_json(&g, &g.pairs[i]));
    sim_group_view_release(&g);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_rcgroup_volume_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view g;
    cJSON *o = NULL;
    if (sim_group_get(rq->s, rq->array, rq->segs[1], &g, &err))
        return wsapi_reply_error(rq, &err);
    for (size_t i = 0; i < g.n_pairs && !o; i++)
        if (!strcmp(g.pairs[i].local_vv, rq->segs[3]))
            o = volume_json(&g, &g.pairs[i]);
    sim_group_view_release(&g);
    if (!o) {
        sim_fail(&err, SIM_ENOENT_GROUP_VV, rq->segs[3], "volume is not in group %s",
                 rq->segs[1]);
        return wsapi_reply_error(rq, &err);
    }
    return wsapi_reply(rq, 200, o);
}

int wsapi_rcgroup_targets_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view g;
    if (sim_group_get(rq->s, rq->array, rq->segs[1], &g, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    json_push(m, target_json(&g));
    sim_group_view_release(&g);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_rcgroup_target_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view g;
    if (sim_group_get(rq->s, rq->array, rq->segs[1], &g, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = strcmp(g.target, rq->segs[3]) ? NULL : target_json(&g);
    sim_group_view_release(&g);
    if (!o) {
        sim_fail(&err, SIM_ENOT_TARGET_OF_GROUP, rq->segs[3], "not a target of %s",
                 rq->segs[1]);
        return wsapi_reply_error(rq, &err);
    }
    return wsapi_reply(rq, 200, o);
}

/* --- POST /remotecopygroups (createRemoteCopyGroup) ------------------------ */

static const struct wsapi_field create_target_fields[] = {
    { "targetName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    { "mode", WF_INT, WF_REQUIRED, 1, 4, WC_BAD_ENUM, NULL },
    { "userCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "snapCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field create_fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_GROUP_NAME, 0, NULL },
    { "targets", WF_ARR_OBJ, WF_REQUIRED, 0, 0, 0, create_target_fields },
    { "localUserCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "localSnapCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "domain", WF_STR, WF_NULLABLE | WF_NAME, 0, SIM_LIM_DOMAIN_NAME, 0, NULL },
    NO_FIELD,
};

/* WSAPI mode numbers: 1 sync, 2 and 3 periodic, 4 async (§3.1). */
static enum sim_rc_mode mode_from_wsapi(int64_t m)
{
    return m == 1 ? SIM_RC_SYNC : m == 4 ? SIM_RC_ASYNC : SIM_RC_PERIODIC;
}

/* One target per group is what the model holds; two sync targets get the
 * array's own refusal, any other second target is not supported. */
static int one_target(struct wsapi_req *rq, const cJSON *targets)
{
    struct sim_err err = SIM_ERR_INIT;
    int n = cJSON_GetArraySize(targets), n_sync = 0;
    const cJSON *t;
    if (n == 0)
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "targets");
    if (n == 1)
        return 0;
    cJSON_ArrayForEach(t, targets)
        n_sync += wb_int(t, "mode", 0) == 1;
    if (n_sync > 1) {
        sim_fail(&err, SIM_EONE_SYNC_TARGET, "targets", "%d sync targets", n_sync);
        return wsapi_reply_error(rq, &err);
    }
    return wsapi_reply_code(rq, WC_UNSUPPORTED, "targets");
}

int wsapi_rcgroups_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, create_fields))
        return -1;
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(rq->body, "targets");
    if (one_target(rq, targets))
        return -1;
    const cJSON *t = cJSON_GetArrayItem(targets, 0);
    struct sim_group_spec sp = {
        .name = wb_str(rq->body, "name"),
        .target = wb_str(t, "targetName"),
        .mode = mode_from_wsapi(wb_int(t, "mode", 2)),
        .domain = wb_str(rq->body, "domain"),
        .local_user_cpg = wb_str(rq->body, "localUserCPG"),
        .local_snap_cpg = wb_str(rq->body, "localSnapCPG"),
        .remote_user_cpg = wb_str(t, "userCPG"),
        .remote_snap_cpg = wb_str(t, "snapCPG"),
    };
    if (sim_group_create(rq->s, rq->array, &sp, &err)) {
        /* creating toward an unknown target is 194, not 186 (docs/array-remote-copy.md
         * §1.3: "specified target is not a target of remote copy group") */
        if (err.rc == SIM_ENOENT_TARGET)
            err.rc = SIM_ENOT_TARGET_OF_GROUP;
        return wsapi_reply_error(rq, &err);
    }
    wsapi_set_location(rq, "remotecopygroups/%s", sp.name);
    return wsapi_reply(rq, 201, NULL);
}

/* --- PUT without action (modifyRemoteCopyGroup) ---------------------------- */

static const struct wsapi_field policy_fields[] = {
    { "autoRecover", WF_BOOL, 0, 0, 0, 0, NULL },
    { "overPeriodAlert", WF_BOOL, 0, 0, 0, 0, NULL },
    { "autoFailover", WF_BOOL, 0, 0, 0, 0, NULL },
    { "pathManagement", WF_BOOL, 0, 0, 0, 0, NULL },
    { "autoSynchronize", WF_BOOL, 0, 0, 0, 0, NULL },
    { "activeActive", WF_BOOL, 0, 0, 0, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field modify_target_fields[] = {
    { "targetName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    { "remoteUserCPG", WF_STR, 0, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "remoteSnapCPG", WF_STR, 0, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "mode", WF_INT, 0, 1, 4, WC_BAD_ENUM, NULL },
    { "syncPeriod", WF_INT, 0, SIM_LIM_PERIOD_MIN_S, SIM_LIM_PERIOD_MAX_S, 0, NULL },
    { "rmSyncPeriod", WF_BOOL, 0, 0, 0, 0, NULL },
    { "snapFrequency", WF_INT, 0, SIM_LIM_PERIOD_MIN_S, SIM_LIM_SNAP_FREQ_MAX_S, 0, NULL },
    { "rmSnapFrequency", WF_BOOL, 0, 0, 0, 0, NULL },
    { "policies", WF_OBJ, 0, 0, 0, 0, policy_fields },
    NO_FIELD,
};
static const struct wsapi_field modify_fields[] = {
    { "localUserCPG", WF_STR, 0, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "localSnapCPG", WF_STR, 0, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "unsetUserCPG", WF_BOOL, 0, 0, 0, 0, NULL },
    { "unsetSnapCPG", WF_BOOL, 0, 0, 0, 0, NULL },
    { "targets", WF_ARR_OBJ, 0, 0, 0, 0, modify_target_fields },
    NO_FIELD,
};

static const struct { const char *key; uint32_t bit; } policy_keys[] = {
    { "autoRecover", SIM_POL_AUTO_RECOVER },
    { "overPeriodAlert", SIM_POL_OVER_PER_ALERT },
    { "autoFailover", SIM_POL_AUTO_FAILOVER },
    { "pathManagement", SIM_POL_PATH_MANAGEMENT },
    { "autoSynchronize", SIM_POL_AUTO_SYNCHRONIZE },
    { "activeActive", SIM_POL_ACTIVE_ACTIVE },
};

/* Fills m from one targets[] entry (the model has one target). */
static int modify_target(struct wsapi_req *rq, const cJSON *t, struct sim_group_mod *m)
{
    if (wsapi_conflict(rq, t, "policies", "syncPeriod") ||
        wsapi_conflict(rq, t, "syncPeriod", "rmSyncPeriod") ||
        wsapi_conflict(rq, t, "snapFrequency", "rmSnapFrequency"))
        return -1;
    m->target = wb_str(t, "targetName");
    m->remote_user_cpg = wb_str(t, "remoteUserCPG");
    m->remote_snap_cpg = wb_str(t, "remoteSnapCPG");
    if (wb_has(t, "mode"))
        m->mode = mode_from_wsapi(wb_int(t, "mode", 2));
    if (wb_has(t, "syncPeriod"))
        m->period_ms = wb_int(t, "syncPeriod", 0) * 1000;
    else if (wb_bool(t, "rmSyncPeriod", false))
        m->period_ms = 0;
    if (wb_has(t, "snapFrequency"))
        m->snap_freq_ms = wb_int(t, "snapFrequency", 0) * 1000;
    else if (wb_bool(t, "rmSnapFrequency", false))
        m->snap_freq_ms = 0;
    const cJSON *pol = cJSON_GetObjectItemCaseSensitive(t, "policies");
    for (size_t i = 0; pol && i < sizeof(policy_keys) / sizeof(policy_keys[0]); i++) {
        if (!wb_has(pol, policy_keys[i].key))
            continue;
        if (wb_bool(pol, policy_keys[i].key, false))
            m->pol_on |= policy_keys[i].bit;
        else
            m->pol_off |= policy_keys[i].bit;
    }
    return 0;
}

static int rcgroup_modify(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_mod m = SIM_GROUP_MOD_INIT;
    if (wsapi_body_check(rq, rq->body, modify_fields))
        return -1;
    if (wsapi_conflict(rq, rq->body, "localUserCPG", "unsetUserCPG") ||
        wsapi_conflict(rq, rq->body, "localSnapCPG", "unsetSnapCPG"))
        return -1;
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(rq->body, "targets");
    if (cJSON_GetArraySize(targets) > 1)
        return wsapi_reply_code(rq, WC_UNSUPPORTED, "targets");
    if (targets && cJSON_GetArraySize(targets) == 1 &&
        modify_target(rq, cJSON_GetArrayItem(targets, 0), &m))
        return -1;
    m.local_user_cpg = wb_str(rq->body, "localUserCPG");
    m.local_snap_cpg = wb_str(rq->body, "localSnapCPG");
    if (wb_bool(rq->body, "unsetUserCPG", false)) {
        if (m.remote_user_cpg)
            return wsapi_reply_code(rq, WC_PARAM_CONFLICT, "unsetUserCPG, remoteUserCPG");
        m.local_user_cpg = m.remote_user_cpg = "";
    }
    if (wb_bool(rq->body, "unsetSnapCPG", false)) {
        if (m.remote_snap_cpg)
            return wsapi_reply_code(rq, WC_PARAM_CONFLICT, "unsetSnapCPG, remoteSnapCPG");
        m.local_snap_cpg = m.remote_snap_cpg = "";
    }
    if (sim_group_modify(rq->s, rq->array, rq->segs[1], &m, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

/* --- PUT actions 1-5 and POST .../volumes ------------------------------------ */

enum rc_put_action { RA_ADMIT = 1, RA_DISMISS = 2, RA_START = 3, RA_STOP = 4, RA_SYNC = 5 };

static const struct wsapi_field admit_target_fields[] = {
    { "targetName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    { "secVolumeName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    NO_FIELD,
};
#define ADMIT_FIELDS                                                            \
    { "volumeName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL }, \
    { "targets", WF_ARR_OBJ, WF_REQUIRED, 0, 0, 0, admit_target_fields },       \
    { "snapshotName", WF_STR, WF_NULLABLE, 0, SIM_LIM_VV_NAME, 0, NULL },          \
    { "volumeAutoCreation", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },              \
    { "skipInitialSync", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },                 \
    { "differentSecondaryWWN", WF_BOOL, 0, 0, 0, 0, NULL }
#define ACTION_FIELD { "action", WF_INT, WF_REQUIRED, 1, 5, WC_BAD_ENUM, NULL }

static const struct wsapi_field admit_fields[] = { ACTION_FIELD, ADMIT_FIELDS, NO_FIELD };
static const struct wsapi_field admit_post_fields[] = { ADMIT_FIELDS, NO_FIELD };
static const struct wsapi_field dismiss_fields[] = {
    ACTION_FIELD,
    { "volumeName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "keepSnap", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field starting_snap_fields[] = {
    { "volumeName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "snapshotName", WF_STR, WF_NULLABLE | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field start_fields[] = {
    ACTION_FIELD,
    { "skipInitialSync", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "targetName", WF_STR, WF_NULLABLE, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    { "startingSnapshots", WF_ARR_OBJ, WF_NULLABLE, 0, 0, 0, starting_snap_fields },
    NO_FIELD,
};
static const struct wsapi_field stop_fields[] = {
    ACTION_FIELD,
    { "noSnapshot", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "targetName", WF_STR, WF_NULLABLE, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field sync_fields[] = {
    ACTION_FIELD,
    { "noResyncSnapshot", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "targetName", WF_STR, WF_NULLABLE, 0, SIM_TARGET_NAME_MAX, 0, NULL },
    { "fullSync", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    NO_FIELD,
};

static int rcgroup_admit(struct wsapi_req *rq, const struct wsapi_field *fields)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, fields))
        return -1;
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(rq->body, "targets");
    if (one_target(rq, targets))
        return -1;
    const cJSON *t = cJSON_GetArrayItem(targets, 0);
    struct sim_admit_spec sp = {
        .vv = wb_str(rq->body, "volumeName"),
        .snapshot = wb_str(rq->body, "snapshotName"),
        .target = wb_str(t, "targetName"),
        .sec_vv = wb_str(t, "secVolumeName"),
        .createvv = wb_bool(rq->body, "volumeAutoCreation", false),
        .nosync = wb_bool(rq->body, "skipInitialSync", false),
        /* an auto-created secondary keeps the primary's WWN unless asked
         * (admitrcopyvv -createvv -nowwn) */
        .nowwn = wb_bool(rq->body, "differentSecondaryWWN", false),
    };
    if (sim_group_admit_vv(rq->s, rq->array, rq->segs[1], &sp, &err))
        return wsapi_reply_error(rq, &err);
    return 0;
}

static int rcgroup_start(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, start_fields))
        return -1;
    const cJSON *snaps = cJSON_GetObjectItemCaseSensitive(rq->body, "startingSnapshots");
    size_t n = cJSON_IsArray(snaps) ? (size_t)cJSON_GetArraySize(snaps) : 0;
    const char **vv = xcalloc(n + 1, sizeof(*vv)), **sn = xcalloc(n + 1, sizeof(*sn));
    for (size_t i = 0; i < n; i++) {
        const cJSON *e = cJSON_GetArrayItem(snaps, (int)i);
        vv[i] = wb_str(e, "volumeName");
        /* a pair without a starting snapshot is fully synced, as the CLI's
         * vv:- (the client's startingSnapshots documentation) */
        sn[i] = wb_str(e, "snapshotName") ? wb_str(e, "snapshotName") : "-";
    }
    struct sim_start_opts o = {
        .nosync = wb_bool(rq->body, "skipInitialSync", false),
        .target = wb_str(rq->body, "targetName"),
        .snap_vv = vv, .snap_name = sn, .n_snaps = n,
    };
    int rc = sim_group_start(rq->s, rq->array, rq->segs[1], &o, &err);
    free(vv);
    free(sn);
    return rc ? wsapi_reply_error(rq, &err) : 0;
}

static int rcgroup_action(struct wsapi_req *rq, int64_t action)
{
    struct sim_err err = SIM_ERR_INIT;
    int64_t task = 0;
    const cJSON *b = rq->body;
    switch ((enum rc_put_action)action) {
    case RA_ADMIT:
        return rcgroup_admit(rq, admit_fields);
    case RA_DISMISS:
        if (wsapi_body_check(rq, b, dismiss_fields))
            return -1;
        if (sim_group_dismiss_vv(rq->s, rq->array, rq->segs[1], wb_str(b, "volumeName"), false,
                                 wb_bool(b, "keepSnap", false), &err))
            return wsapi_reply_error(rq, &err);
        return 0;
    case RA_START:
        return rcgroup_start(rq);
    case RA_STOP:
        if (wsapi_body_check(rq, b, stop_fields))
            return -1;
        if (sim_group_stop(rq->s, rq->array, rq->segs[1], wb_str(b, "targetName"),
                           wb_bool(b, "noSnapshot", false), &err))
            return wsapi_reply_error(rq, &err);
        return 0;
    case RA_SYNC:
        if (wsapi_body_check(rq, b, sync_fields))
            return -1;
        if (sim_group_sync(rq->s, rq->array, rq->segs[1], wb_str(b, "targetName"),
                           wb_bool(b, "noResyncSnapshot", false), false,
                           wb_bool(b, "fullSync", false), &task, &err))
            return wsapi_reply_error(rq, &err);
        cJSON *o = json_object();
        json_put_num(o, "taskid", (double)task);
        return wsapi_reply(rq, 200, o);
    }
    return wsapi_reply_code(rq, WC_BAD_ENUM, "action");
}

int wsapi_rcgroup_put(struct wsapi_req *rq)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(rq->body, "action");
    if (!a || cJSON_IsNull(a))
        return rcgroup_modify(rq);
    if (!cJSON_IsNumber(a) || a->valuedouble != (double)(int64_t)a->valuedouble)
        return wsapi_reply_code(rq, WC_WRONG_TYPE, "action");
    int rc = rcgroup_action(rq, (int64_t)a->valuedouble);
    if (rc == 0 && rq->status == 200 && !rq->reply)
        return wsapi_reply(rq, 200, NULL);
    return rc;
}

int wsapi_rcgroup_volumes_post(struct wsapi_req *rq)
{
    if (rcgroup_admit(rq, admit_post_fields))
        return -1;
    wsapi_set_location(rq, "remotecopygroups/%s/volumes/%s", rq->segs[1],
                       wb_str(rq->body, "volumeName"));
    return wsapi_reply(rq, 201, NULL);
}

/* --- DELETE ------------------------------------------------------------------ */

/* A boolean query parameter: "true" or "false" only. Returns 0 or -1
 * (replied). */
static int query_bool(struct wsapi_req *rq, const char *key, bool *out)
{
    const char *v = wsapi_query_get(rq, key);
    *out = false;
    if (!v)
        return 0;
    if (!strcmp(v, "true") || !strcmp(v, "True")) {
        *out = true;
        return 0;
    }
    if (!strcmp(v, "false") || !strcmp(v, "False"))
        return 0;
    return wsapi_reply_code(rq, WC_INV_INPUT, key);
}

int wsapi_rcgroup_volume_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    bool keep, removevv;
    if (query_bool(rq, "keepSnap", &keep) || query_bool(rq, "removeSecondaryVolume", &removevv))
        return -1;
    if (keep && removevv)
        return wsapi_reply_code(rq, WC_PARAM_CONFLICT, "keepSnap, removeSecondaryVolume");
    if (sim_group_dismiss_vv(rq->s, rq->array, rq->segs[1], rq->segs[3], removevv, keep, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

int wsapi_rcgroup_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    bool keep;
    if (query_bool(rq, "keepSnap", &keep))
        return -1;
    if (sim_group_remove(rq->s, rq->array, rq->segs[1], false, keep, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}
