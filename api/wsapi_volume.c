/* api/wsapi_volume.c - /volumes: create, read, list with ?query=, modify,
 * grow, promote, tune, snapshots and physical copies, delete.
 * Spec: docs/array-interfaces.md §2.3 and §6 facts 18, 21, 27, 28:
 * every body check runs before an object is looked up, CPG existence
 * before the name/id conflicts; tdvv, compression and reduce are echoed. */
#include "api/wsapi_internal.h"
#include "api/wsapi_query.h"
#include "sim/limits.h"
#include "sim/cpg.h"
#include "sim/pcopy.h"
#include "sim/task.h"
#include "sim/vv.h"
#include "sim/vvtune.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

static const struct wsapi_field policy_fields[] = {
    { "staleSS", WF_BOOL, 0, 0, 0, 0, NULL },
    { "oneHost", WF_BOOL, 0, 0, 0, 0, NULL },
    { "zeroDetect", WF_BOOL, 0, 0, 0, 0, NULL },
    { "system", WF_BOOL, 0, 0, 0, 0, NULL },
    { "caching", WF_BOOL, 0, 0, 0, 0, NULL },
    { "fsvc", WF_BOOL, 0, 0, 0, 0, NULL },
    { "hostDIF", WF_INT, 0, 1, 3, WC_BAD_ENUM, NULL },
    NO_FIELD,
};

#define PCT_FIELDS                                                          \
    { "ssSpcAllocWarningPct", WF_INT, 0, 0, 100, 0, NULL },                 \
    { "ssSpcAllocLimitPct", WF_INT, 0, 0, 100, 0, NULL },                   \
    { "usrSpcAllocWarningPct", WF_INT, 0, 0, 100, 0, NULL },                \
    { "usrSpcAllocLimitPct", WF_INT, 0, 0, 100, 0, NULL }

static const struct wsapi_field kv_fields[] = {
    { "key", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VVMETA_KEY, 0, NULL },
    { "value", WF_STR, WF_REQUIRED, 0, SIM_LIM_VVMETA_VALUE, 0, NULL },
    NO_FIELD,
};

static const struct wsapi_field create_fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "cpg", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "sizeMiB", WF_INT, WF_REQUIRED, 1, (int64_t)SIM_LIM_VV_SIZE_MIB, WC_TOO_LARGE, NULL },
    { "id", WF_INT, WF_NULLABLE, 1, SIM_LIM_VV_ID, 0, NULL },
    { "comment", WF_STR, WF_NULLABLE, 0, SIM_LIM_VV_COMMENT, 0, NULL },
    { "policies", WF_OBJ, WF_NULLABLE, 0, 0, 0, policy_fields },
    { "snapCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    PCT_FIELDS,
    { "tpvv", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "tdvv", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "compression", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "reduce", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "expirationHours", WF_INT, WF_NULLABLE, 1, SIM_LIM_HOURS, 0, NULL },
    { "retentionHours", WF_INT, WF_NULLABLE, 1, SIM_LIM_HOURS, 0, NULL },
    { "objectKeyValues", WF_ARR_OBJ, 0, 0, 0, 0, kv_fields },
    NO_FIELD,
};

static const struct {
    const char *key;
    uint32_t bit;
} policy_bits[] = {
    { "staleSS", SIM_VVP_STALE_SS }, { "oneHost", SIM_VVP_ONE_HOST },
    { "zeroDetect", SIM_VVP_ZERO_DETECT }, { "system", SIM_VVP_SYSTEM },
    { "caching", SIM_VVP_CACHING }, { "fsvc", SIM_VVP_FSVC },
};
static const char *const pct_keys[4] = {
    [SIM_VVA_SS_WARN] = "ssSpcAllocWarningPct", [SIM_VVA_SS_LIMIT] = "ssSpcAllocLimitPct",
    [SIM_VVA_USR_WARN] = "usrSpcAllocWarningPct", [SIM_VVA_USR_LIMIT] = "usrSpcAllocLimitPct",
};
/* The rm* flags of a modify clear these (the typo is the client's own). */
static const char *const pct_rm_keys[4][2] = {
    [SIM_VVA_SS_WARN] = { "rmSsSpcAllocWarning", NULL },
    [SIM_VVA_SS_LIMIT] = { "rmSsSpcAllocLimit", NULL },
    [SIM_VVA_USR_WARN] = { "rmUsrSpcAllocWarning", "rmUsrSpcAllocWarwaning" },
    [SIM_VVA_USR_LIMIT] = { "rmUsrSpcAllocLimit", NULL },
};

/* The attributes of a checked create or modify body: policies, allocation
 * alerts, expiration and retention (in hours), and the rm* flags. Returns
 * at, or NULL when the body sets none. */
static const struct sim_vv_attrs *attrs_of(const cJSON *b, struct sim_vv_attrs *at)
{
    const cJSON *pol = cJSON_GetObjectItemCaseSensitive(b, "policies");
    memset(at, 0, sizeof(*at));
    for (int k = 0; k < 4; k++)
        at->alloc_pct[k] = SIM_VV_KEEP;
    bool any = pol != NULL;
    for (size_t i = 0; pol && i < sizeof(policy_bits) / sizeof(policy_bits[0]); i++) {
        if (!wb_has(pol, policy_bits[i].key))
            continue;
        if (wb_bool(pol, policy_bits[i].key, false))
            at->pol_on |= policy_bits[i].bit;
        else
            at->pol_off |= policy_bits[i].bit;
    }
    if (pol)
        at->host_dif = (int)wb_int(pol, "hostDIF", 0);
    for (int k = 0; k < 4; k++) {
        if (wb_has(b, pct_keys[k]))
            at->alloc_pct[k] = (int)wb_int(b, pct_keys[k], 0);
        for (int j = 0; j < 2; j++)
            if (pct_rm_keys[k][j] && wb_bool(b, pct_rm_keys[k][j], false))
                at->alloc_pct[k] = 0;
        any |= at->alloc_pct[k] != SIM_VV_KEEP;
    }
    at->expire_ms = wb_int(b, "expirationHours", 0) * 3600000;
    if (wb_bool(b, "rmExpTime", false))
        at->expire_ms = SIM_VV_KEEP;
    at->retain_ms = wb_int(b, "retentionHours", 0) * 3600000;
    any |= at->expire_ms || at->retain_ms;
    return any ? at : NULL;
}

static cJSON *space_json(uint64_t reserved, uint64_t used)
{
    cJSON *o = json_object();
    json_put_num(o, "reservedMiB", (double)reserved);
    json_put_num(o, "rawReservedMiB", (double)reserved * 2);
    json_put_num(o, "usedMiB", (double)used);
    json_put_num(o, "freeMiB", (double)(reserved > used ? reserved - used : 0));
    return o;
}

static cJSON *volume_json(const struct sim_vv_view *v)
{
    cJSON *o = json_object(), *pol = json_object();
    char iso[40];
    uint64_t used_mib = (v->used_blocks * SIM_BLOCK_SIZE + (1 << 20) - 1) >> 20;
    bool dedup = v->prov == SIM_PROV_TDVV;
    json_put_num(o, "id", (double)v->id);
    json_put_str(o, "name", v->name);
    json_put_str(o, "uuid", v->uuid);
    json_put_str(o, "wwn", v->wwn);
    json_put_num(o, "sizeMiB", (double)v->size_mib);
    json_put_bool(o, "readOnly", v->readonly);
    json_put_num(o, "provisioningType", v->prov);
    json_put_num(o, "copyType", v->copy_type);
    json_put_num(o, "baseId", (double)v->base_id);
    if (v->parent_id) {
        json_put_str(o, "copyOf", v->copy_of);
        json_put_num(o, "parentId", (double)v->parent_id);
    }
    json_put_num(o, "state", 1);
    if (*v->domain)
        json_put_str(o, "domain", v->domain);
    if (*v->comment)
        json_put_str(o, "comment", v->comment);
    if (*v->user_cpg)
        json_put_str(o, "userCPG", v->user_cpg);
    if (*v->snap_cpg)
        json_put_str(o, "snapCPG", v->snap_cpg);
    json_put_bool(o, "tdvv", dedup);
    json_put_bool(o, "compression", v->compression);
    json_put_bool(o, "reduce", dedup && v->compression);
    json_put_num(o, "compressionState", v->compression ? 1 : 2);   /* 1 yes, 2 no */
    json_put_num(o, "deduplicationState", dedup ? 1 : 2);
    for (size_t i = 0; i < sizeof(policy_bits) / sizeof(policy_bits[0]); i++)
        json_put_bool(pol, policy_bits[i].key, (v->policies & policy_bits[i].bit) != 0);
    json_put_num(pol, "hostDIF", v->host_dif);
    json_put(o, "policies", pol);
    bool snap = v->copy_type == SIM_COPY_VIRTUAL;
    json_put(o, "userSpace", space_json(snap ? 0 : v->prov == SIM_PROV_FULL ? v->size_mib
                                                                             : used_mib,
                                        snap ? 0 : used_mib));
    json_put(o, "snapshotSpace", space_json(snap ? used_mib : 0, snap ? used_mib : 0));
    json_put(o, "adminSpace", space_json(0, 0));
    for (int k = 0; k < 4; k++)
        json_put_num(o, pct_keys[k], v->alloc_pct[k]);
    rc_format_time_iso(v->created_ms, iso, sizeof(iso));
    json_put_str(o, "creationTime8601", iso);
    json_put_num(o, "creationTimeSec", (double)(v->created_ms / 1000));
    if (v->expires_ms) {
        rc_format_time_iso(v->expires_ms, iso, sizeof(iso));
        json_put_str(o, "expirationTime8601", iso);
        json_put_num(o, "expirationTimeSec", (double)(v->expires_ms / 1000));
    }
    if (v->retain_ms) {
        rc_format_time_iso(v->retain_ms, iso, sizeof(iso));
        json_put_str(o, "retentionTime8601", iso);
        json_put_num(o, "retentionTimeSec", (double)(v->retain_ms / 1000));
    }
    json_put(o, "additionalStates", json_array());
    json_put(o, "degradedStates", json_array());
    json_put(o, "failedStates", json_array());
    return o;
}

int wsapi_volumes_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vv_view *vvs = NULL;
    struct wsapi_filter f;
    size_t n = 0;
    const char *q = wsapi_query_get(rq, "query");
    if (q && wsapi_filter_parse(q, &f))
        return wsapi_reply_code(rq, WC_INV_INPUT, "query");
    if (sim_vv_list(rq->s, rq->array, &vvs, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, volume_json(&vvs[i]));
    free(vvs);
    if (q)
        wsapi_filter_apply(&f, m);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_volume_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vv_view v;
    if (sim_vv_get(rq->s, rq->array, rq->segs[1], &v, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, volume_json(&v));
}

int wsapi_volumes_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_cpg_view c;
    if (wsapi_body_check(rq, rq->body, create_fields))
        return -1;
    const cJSON *b = rq->body;
    bool tdvv = wb_bool(b, "tdvv", false), reduce = wb_bool(b, "reduce", false);
    bool tpvv = wb_bool(b, "tpvv", false), comp = wb_bool(b, "compression", false);
    if (tpvv && (tdvv || reduce))
        return wsapi_reply_code(rq, WC_PARAM_CONFLICT, "tpvv,tdvv");
    struct sim_vv_attrs at;
    const struct sim_vv_attrs *attrs = attrs_of(b, &at);
    /* objectKeyValues: metadata set with the volume, in its transaction */
    const cJSON *kvs = cJSON_GetObjectItemCaseSensitive(b, "objectKeyValues"), *kv;
    size_t n_kv = cJSON_IsArray(kvs) ? (size_t)cJSON_GetArraySize(kvs) : 0, i = 0;
    const char **keys = xcalloc(n_kv + 1, sizeof(*keys));
    const char **values = xcalloc(n_kv + 1, sizeof(*values));
    for (kv = n_kv ? kvs->child : NULL; kv; kv = kv->next) {
        keys[i] = wb_str(kv, "key");
        values[i++] = wb_str(kv, "value");
    }
    struct sim_vv_spec sp = {
        .name = wb_str(b, "name"),
        .cpg = wb_str(b, "cpg"),
        .snap_cpg = wb_str(b, "snapCPG"),
        .size_mib = (uint64_t)wb_int(b, "sizeMiB", 0),
        .prov = (tdvv || reduce) ? SIM_PROV_TDVV : tpvv ? SIM_PROV_TPVV : SIM_PROV_FULL,
        .compression = comp || reduce,
        .id = wb_int(b, "id", 0),
        .comment = wb_str(b, "comment"),
        .attrs = attrs,
        .meta_keys = keys, .meta_values = values, .n_meta = n_kv,
    };
    /* existence before conflicts (§2.3): a missing CPG is 404 even when
     * the name or id is taken */
    int rc = sim_cpg_get(rq->s, rq->array, sp.cpg, &c, &err) ||
             (sp.snap_cpg && sim_cpg_get(rq->s, rq->array, sp.snap_cpg, &c, &err)) ||
             sim_vv_create(rq->s, rq->array, &sp, &err);
    free(keys);
    free(values);
    if (rc)
        return wsapi_reply_error(rq, &err);
    wsapi_set_location(rq, "volumes/%s", sp.name);
    return wsapi_reply(rq, 201, NULL);
}

int wsapi_volume_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_vv_remove(rq->s, rq->array, rq->segs[1], &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

/* --- POST /volumes/<name>: snapshots and physical copies --------------- */

static const struct wsapi_field snap_params[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "id", WF_INT, WF_NULLABLE, 1, SIM_LIM_VV_ID, 0, NULL },
    { "comment", WF_STR, WF_NULLABLE, 0, SIM_LIM_VV_COMMENT, 0, NULL },
    { "readOnly", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "expirationHours", WF_INT, WF_NULLABLE, 1, SIM_LIM_HOURS, 0, NULL },
    { "retentionHours", WF_INT, WF_NULLABLE, 1, SIM_LIM_HOURS, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field snap_fields[] = {
    { "action", WF_STR, WF_REQUIRED, 0, 0, 0, NULL },
    { "parameters", WF_OBJ, WF_REQUIRED, 0, 0, 0, snap_params },
    NO_FIELD,
};
static const struct wsapi_field copy_params_online[] = {
    { "destVolume", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "destCPG", WF_STR, WF_REQUIRED, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "online", WF_BOOL, 0, 0, 0, 0, NULL },
    { "tpvv", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "tdvv", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "reduce", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "compression", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "snapCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "saveSnapshot", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "priority", WF_INT, WF_NULLABLE, 1, 3, WC_BAD_ENUM, NULL },
    /* newer arrays take the destination's comment (Cinder sends it) */
    { "comment", WF_STR, 0, 0, SIM_LIM_VV_COMMENT, 0, NULL },
    NO_FIELD,
};
/* §2.3: offline accepts only these four */
static const struct wsapi_field copy_params_offline[] = {
    { "destVolume", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "online", WF_BOOL, 0, 0, 0, 0, NULL },
    { "saveSnapshot", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "priority", WF_INT, WF_NULLABLE, 1, 3, WC_BAD_ENUM, NULL },
    NO_FIELD,
};
static const struct wsapi_field copy_fields_online[] = {
    { "action", WF_STR, WF_REQUIRED, 0, 0, 0, NULL },
    { "parameters", WF_OBJ, WF_REQUIRED, 0, 0, 0, copy_params_online },
    NO_FIELD,
};
static const struct wsapi_field copy_fields_offline[] = {
    { "action", WF_STR, WF_REQUIRED, 0, 0, 0, NULL },
    { "parameters", WF_OBJ, WF_REQUIRED, 0, 0, 0, copy_params_offline },
    NO_FIELD,
};

static int create_snapshot(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, snap_fields))
        return -1;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(rq->body, "parameters");
    struct sim_snap_spec sp = {
        .name = wb_str(p, "name"),
        .readonly = wb_bool(p, "readOnly", false),
        .id = wb_int(p, "id", 0),
        .expire_ms = wb_int(p, "expirationHours", 0) * 3600000,
        .retain_ms = wb_int(p, "retentionHours", 0) * 3600000,
        .comment = wb_str(p, "comment"),
    };
    if (sim_vv_snapshot(rq->s, rq->array, rq->segs[1], &sp, &err))
        return wsapi_reply_error(rq, &err);
    wsapi_set_location(rq, "volumes/%s", sp.name);
    return wsapi_reply(rq, 201, NULL);
}

static int create_copy(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vv_view src;
    int64_t task = 0;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(rq->body, "parameters");
    bool online = wb_bool(p, "online", false);
    if (wsapi_body_check(rq, rq->body, online ? copy_fields_online : copy_fields_offline))
        return -1;
    bool tdvv = wb_bool(p, "tdvv", false), reduce = wb_bool(p, "reduce", false);
    struct sim_vv_copy_spec sp = {
        .dest = wb_str(p, "destVolume"),
        .online = online,
        .dest_cpg = wb_str(p, "destCPG"),
        .snap_cpg = wb_str(p, "snapCPG"),
        .prov = (tdvv || reduce) ? SIM_PROV_TDVV : wb_bool(p, "tpvv", false) ? SIM_PROV_TPVV
                                                                           : SIM_PROV_FULL,
        .compression = reduce || wb_bool(p, "compression", false),
        .save_snapshot = wb_bool(p, "saveSnapshot", false),
        .comment = wb_str(p, "comment"),
        .priority = (int)wb_int(p, "priority", 0),
        .user = rq->user,
    };
    if (sim_vv_get(rq->s, rq->array, rq->segs[1], &src, &err) ||
        sim_vv_copy(rq->s, rq->array, rq->segs[1], &sp, &task, &err))
        return wsapi_reply_error(rq, &err);
    /* both kinds answer their task: Cinder waits for an offline copy's */
    cJSON *o = json_object();
    json_put_num(o, "taskid", (double)task);
    wsapi_set_location(rq, "volumes/%s", sp.dest);
    return wsapi_reply(rq, 201, o);
}

int wsapi_volume_post(struct wsapi_req *rq)
{
    const char *action = wb_str(rq->body, "action");
    if (!rq->body || !cJSON_GetObjectItemCaseSensitive(rq->body, "action"))
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "action");
    if (!action)
        return wsapi_reply_code(rq, WC_WRONG_TYPE, "action");
    if (!strcmp(action, "createSnapshot"))
        return create_snapshot(rq);
    if (!strcmp(action, "createPhysicalCopy"))
        return create_copy(rq);
    return wsapi_reply_code(rq, WC_BAD_ENUM, "action");
}

/* --- PUT /volumes/<name> ------------------------------------------------ */

enum { VV_ACT_STOP_COPY = 1, VV_ACT_RESYNC_COPY = 2, VV_ACT_GROW = 3, VV_ACT_PROMOTE = 4,
       VV_ACT_TUNE = 6 };

static const struct wsapi_field modify_fields[] = {
    { "newName", WF_STR, WF_NAME | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "comment", WF_STR, WF_NULLABLE, 0, SIM_LIM_VV_COMMENT, 0, NULL },
    { "snapCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "userCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "policies", WF_OBJ, WF_NULLABLE, 0, 0, 0, policy_fields },
    PCT_FIELDS,
    { "expirationHours", WF_INT, WF_NULLABLE, 1, SIM_LIM_HOURS, 0, NULL },
    { "retentionHours", WF_INT, WF_NULLABLE, 1, SIM_LIM_HOURS, 0, NULL },
    { "rmSsSpcAllocWarning", WF_BOOL, 0, 0, 0, 0, NULL },
    { "rmUsrSpcAllocWarning", WF_BOOL, 0, 0, 0, 0, NULL },
    { "rmUsrSpcAllocWarwaning", WF_BOOL, 0, 0, 0, 0, NULL },
    { "rmExpTime", WF_BOOL, 0, 0, 0, 0, NULL },
    { "rmSsSpcAllocLimit", WF_BOOL, 0, 0, 0, 0, NULL },
    { "rmUsrSpcAllocLimit", WF_BOOL, 0, 0, 0, 0, NULL },
    /* the client documents tpvv for modify too; the array converts only
     * by tune (action 6): accepted, it changes nothing */
    { "tpvv", WF_BOOL, 0, 0, 0, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field grow_fields[] = {
    { "action", WF_INT, WF_REQUIRED, 0, 0, 0, NULL },
    { "sizeMiB", WF_INT, WF_REQUIRED, 0, 0, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field copy_action_fields[] = {
    { "action", WF_INT, WF_REQUIRED, 0, 0, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field promote_fields[] = {
    { "action", WF_INT, WF_REQUIRED, 0, 0, 0, NULL },
    { "online", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "allowRemoteCopyParent", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "priority", WF_INT, WF_NULLABLE, 1, 3, WC_BAD_ENUM, NULL },
    NO_FIELD,
};
static const struct wsapi_field tune_fields[] = {
    { "action", WF_INT, WF_REQUIRED, 0, 0, 0, NULL },
    { "tuneOperation", WF_INT, WF_REQUIRED, 1, 2, WC_BAD_ENUM, NULL },
    { "userCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "snapCPG", WF_STR, WF_NULLABLE, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "conversionOperation", WF_INT, WF_NULLABLE, 1, 4, WC_BAD_ENUM, NULL },
    { "keepVV", WF_STR, WF_NULLABLE | WF_NAME, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "compression", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    NO_FIELD,
};

static int modify(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    const cJSON *b = rq->body;
    if (wsapi_body_check(rq, b, modify_fields))
        return -1;
    struct sim_vv_attrs at;
    struct sim_vv_mod m = {
        .new_name = wb_str(b, "newName"),
        .comment = wb_str(b, "comment"),
        .user_cpg = wb_str(b, "userCPG"),
        .snap_cpg = wb_str(b, "snapCPG"),
        .attrs = attrs_of(b, &at),
    };
    /* all or nothing (§1.2: a refused request leaves no side effects) */
    if (sim_vv_modify(rq->s, rq->array, rq->segs[1], &m, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

static int grow(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, grow_fields))
        return -1;
    int64_t add = wb_int(rq->body, "sizeMiB", 0);
    if (add <= 0) {
        sim_fail(&err, SIM_EGROW_SIZE, rq->segs[1], "grow by %lld MiB", (long long)add);
        return wsapi_reply_error(rq, &err);
    }
    if (sim_vv_grow(rq->s, rq->array, rq->segs[1], (uint64_t)add, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

static int promote(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vv_view v;
    int64_t task;
    if (wsapi_body_check(rq, rq->body, promote_fields))
        return -1;
    /* the array refuses a priority for an online promote (§4.4: 409) */
    if (wb_bool(rq->body, "online", false) && wb_has(rq->body, "priority"))
        return wsapi_reply_code(rq, WC_PARAM_CONFLICT_409, "online,priority");
    if (sim_vv_get(rq->s, rq->array, rq->segs[1], &v, &err))
        return wsapi_reply_error(rq, &err);
    if (*v.rcopy_group && !wb_bool(rq->body, "allowRemoteCopyParent", false)) {
        sim_fail(&err, SIM_EVV_IN_RCOPY, v.copy_of, "parent is in group %s", v.rcopy_group);
        return wsapi_reply_error(rq, &err);
    }
    if (sim_vv_promote(rq->s, rq->array, rq->segs[1], rq->user, &task, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = json_object();
    json_put_num(o, "taskid", (double)task);
    return wsapi_reply(rq, 200, o);
}

static int tune(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vv_view v;
    int64_t task = 0;
    const cJSON *b = rq->body;
    if (wsapi_body_check(rq, b, tune_fields))
        return -1;
    if (sim_vv_get(rq->s, rq->array, rq->segs[1], &v, &err))
        return wsapi_reply_error(rq, &err);
    enum sim_prov prov = v.prov;
    bool comp = wb_bool(b, "compression", v.compression);
    switch (wb_int(b, "conversionOperation", 0)) {
    case 1: prov = SIM_PROV_TPVV; break;
    case 2: prov = SIM_PROV_FULL; comp = false; break;
    case 3: prov = SIM_PROV_TDVV; break;
    case 4: prov = SIM_PROV_TDVV; comp = true; break;  /* dedup + compression */
    default: break;
    }
    if (sim_vv_convert(rq->s, rq->array, rq->segs[1], prov, comp, wb_str(b, "userCPG"),
                       wb_str(b, "snapCPG"), rq->user, &task, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = json_object();
    json_put_num(o, "taskid", (double)task);
    return wsapi_reply(rq, 200, o);
}

/* Actions 1 and 2 on the destination of a physical copy: stop the copy
 * running into it, or copy again what changed on its parent. */
static int copy_action(struct wsapi_req *rq, int action)
{
    struct sim_err err = SIM_ERR_INIT;
    int64_t task = 0;
    if (wsapi_body_check(rq, rq->body, copy_action_fields))
        return -1;
    if (action == VV_ACT_STOP_COPY) {
        if (sim_vv_copy_stop(rq->s, rq->array, rq->segs[1], &err))
            return wsapi_reply_error(rq, &err);
        return wsapi_reply(rq, 200, NULL);
    }
    if (sim_vv_copy_resync(rq->s, rq->array, rq->segs[1], rq->user, &task, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = json_object();
    json_put_num(o, "taskid", (double)task);
    return wsapi_reply(rq, 200, o);
}

int wsapi_volume_put(struct wsapi_req *rq)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(rq->body, "action");
    if (!a || cJSON_IsNull(a))
        return modify(rq);
    if (!cJSON_IsNumber(a))
        return wsapi_reply_code(rq, WC_WRONG_TYPE, "action");
    switch (a->valueint) {
    case VV_ACT_STOP_COPY:
    case VV_ACT_RESYNC_COPY: return copy_action(rq, a->valueint);
    case VV_ACT_GROW: return grow(rq);
    case VV_ACT_PROMOTE: return promote(rq);
    case VV_ACT_TUNE: return tune(rq);
    default: return wsapi_reply_code(rq, WC_BAD_ENUM, "action");
    }
}
