/* api/wsapi_cpg.c - /cpgs and /spacereporter.
 * Spec: docs/array-interfaces.md §2.2: keys are judged first (unknown
 * top-level or LDLayout key -> 400), then the domain (404/38), then the
 * name (409/14). */
#include "api/wsapi_internal.h"
#include "sim/limits.h"
#include "sim/cpg.h"
#include "sim/vv.h"

#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

static const struct wsapi_field disk_pattern_fields[] = {
    { "diskType", WF_INT, 0, 1, 3, WC_BAD_ENUM, NULL },
    NO_FIELD,
};
static const struct wsapi_field ldlayout_fields[] = {
    { "RAIDType", WF_INT, 0, 1, 4, WC_BAD_ENUM, NULL },
    { "setSize", WF_INT, 0, 1, 9, 0, NULL },
    { "HA", WF_INT, 0, 1, 3, WC_BAD_ENUM, NULL },
    { "chunkletPosPref", WF_INT, 0, 1, 2, WC_BAD_ENUM, NULL },
    { "diskPatterns", WF_ARR_OBJ, 0, 0, 0, 0, disk_pattern_fields },
    NO_FIELD,
};
static const struct wsapi_field cpg_fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_CPG_NAME, 0, NULL },
    { "domain", WF_STR, WF_NULLABLE | WF_NAME, 0, SIM_LIM_DOMAIN_NAME, 0, NULL },
    { "growthIncrementMiB", WF_INT, 0, 0, (int64_t)SIM_VV_SIZE_MAX_MIB, 0, NULL },
    { "growthLimitMiB", WF_INT, 0, 0, (int64_t)1 << 40, 0, NULL },
    { "usedLDWarningAlertMiB", WF_INT, 0, 0, (int64_t)1 << 40, 0, NULL },
    { "LDLayout", WF_OBJ, 0, 0, 0, 0, ldlayout_fields },
    NO_FIELD,
};

static cJSON *usage_json(uint64_t total, uint64_t used)
{
    cJSON *o = json_object();
    json_put_num(o, "totalMiB", (double)total);
    json_put_num(o, "usedMiB", (double)used);
    json_put_num(o, "rawTotalMiB", (double)total * 2);
    json_put_num(o, "rawUsedMiB", (double)used * 2);
    return o;
}

static cJSON *ldlayout_json(const struct sim_cpg_view *c)
{
    cJSON *o = json_object(), *pats = json_array(), *p = json_object();
    json_put_num(o, "RAIDType", c->raid);
    json_put_num(o, "setSize", c->set_size);
    json_put_num(o, "HA", c->ha);
    json_put_num(o, "chunkletPosPref", c->chunklet_pos);
    json_put_num(p, "diskType", c->disk_type);
    json_push(pats, p);
    json_put(o, "diskPatterns", pats);
    return o;
}

static cJSON *cpg_json(const struct sim_cpg_view *c)
{
    cJSON *o = json_object(), *sa = json_object(), *sd = json_object();
    uint64_t usr_total = c->usr_total_mib > c->usr_used_mib ? c->usr_total_mib : c->usr_used_mib;
    json_put_num(o, "id", (double)c->id);
    json_put_str(o, "uuid", c->uuid);
    json_put_str(o, "name", c->name);
    if (*c->domain)
        json_put_str(o, "domain", c->domain);
    json_put_num(o, "state", 1);
    json_put_num(o, "numFPVVs", (double)c->n_fpvvs);
    json_put_num(o, "numTPVVs", (double)c->n_tpvvs);
    json_put_num(o, "numTDVVs", (double)(c->n_vvs - c->n_fpvvs - c->n_tpvvs));
    json_put(o, "UsrUsage", usage_json(usr_total, c->usr_used_mib));
    json_put(o, "SAUsage", usage_json(0, 0));
    json_put(o, "SDUsage", usage_json(c->snp_used_mib, c->snp_used_mib));
    json_put_num(sa, "incrementMiB", 8192);
    json_put(sa, "LDLayout", ldlayout_json(c));
    json_put(o, "SAGrowth", sa);
    json_put_num(sd, "incrementMiB", (double)c->growth_inc_mib);
    if (c->growth_limit_mib)
        json_put_num(sd, "limitMiB", (double)c->growth_limit_mib);
    if (c->growth_warn_mib)
        json_put_num(sd, "warningMiB", (double)c->growth_warn_mib);
    json_put(sd, "LDLayout", ldlayout_json(c));
    json_put(o, "SDGrowth", sd);
    json_put(o, "additionalStates", json_array());
    json_put(o, "degradedStates", json_array());
    json_put(o, "failedStates", json_array());
    return o;
}

int wsapi_cpgs_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_cpg_view *cpgs = NULL;
    size_t n = 0;
    if (sim_cpg_list(rq->s, rq->array, &cpgs, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, cpg_json(&cpgs[i]));
    free(cpgs);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_cpg_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_cpg_view c;
    if (sim_cpg_get(rq->s, rq->array, rq->segs[1], &c, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, cpg_json(&c));
}

int wsapi_cpgs_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_domain_view d;
    if (wsapi_body_check(rq, rq->body, cpg_fields))
        return -1;
    const cJSON *ld = cJSON_GetObjectItemCaseSensitive(rq->body, "LDLayout");
    const cJSON *pats = cJSON_GetObjectItemCaseSensitive(ld, "diskPatterns");
    struct sim_cpg_spec sp = {
        .name = wb_str(rq->body, "name"),
        .domain = wb_str(rq->body, "domain"),
        .raid = (enum sim_raid)wb_int(ld, "RAIDType", 0),
        .set_size = (int)wb_int(ld, "setSize", 0),
        .ha = (int)wb_int(ld, "HA", 0),
        .chunklet_pos = (int)wb_int(ld, "chunkletPosPref", 0),
        .disk_type = (enum sim_disk_type)wb_int(cJSON_GetArrayItem(pats, 0), "diskType", 0),
        .growth_inc_mib = (uint64_t)wb_int(rq->body, "growthIncrementMiB", 0),
        .growth_limit_mib = (uint64_t)wb_int(rq->body, "growthLimitMiB", 0),
        .growth_warn_mib = (uint64_t)wb_int(rq->body, "usedLDWarningAlertMiB", 0),
    };
    /* the domain before the name: a bad domain is 404/38 even when the
     * name is taken (§2.2) */
    if (sp.domain && *sp.domain && sim_domain_get(rq->s, rq->array, sp.domain, &d, &err))
        return wsapi_reply_error(rq, &err);
    if (sim_cpg_create(rq->s, rq->array, &sp, &err))
        return wsapi_reply_error(rq, &err);
    wsapi_set_location(rq, "cpgs/%s", sp.name);
    return wsapi_reply(rq, 201, NULL);
}

int wsapi_cpg_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_cpg_remove(rq->s, rq->array, rq->segs[1], &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

static const struct wsapi_field space_fields[] = {
    { "cpg", WF_STR, WF_REQUIRED, 0, SIM_LIM_CPG_NAME, 0, NULL },
    NO_FIELD,
};

int wsapi_spacereporter_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_cpg_view c;
    struct sim_array_view a;
    struct sim_cpg_view *cpgs = NULL;
    size_t n = 0;
    uint64_t used = 0;
    if (wsapi_body_check(rq, rq->body, space_fields))
        return -1;
    if (sim_cpg_get(rq->s, rq->array, wb_str(rq->body, "cpg"), &c, &err) ||
        sim_array_get(rq->s, rq->array, &a, &err) ||
        sim_cpg_list(rq->s, rq->array, &cpgs, &n, &err))
        return wsapi_reply_error(rq, &err);
    for (size_t i = 0; i < n; i++)
        used += cpgs[i].usr_used_mib + cpgs[i].snp_used_mib;
    free(cpgs);
    uint64_t raw_free = a.total_mib > used ? a.total_mib - used : 0;
    /* usable space after the CPG's RAID overhead */
    uint64_t usable = c.raid == SIM_RAID_1 ? raw_free / 2 :
                      c.raid == SIM_RAID_5 ? raw_free * 3 / 4 :
                      c.raid == SIM_RAID_6 ? raw_free * 6 / 8 : raw_free;
    cJSON *o = json_object();
    json_put_num(o, "rawFreeMiB", (double)raw_free);
    json_put_num(o, "usableFreeMiB", (double)usable);
    return wsapi_reply(rq, 200, o);
}
