/* api/wsapi_vvmeta.c - /volumes/<v>/objectKeyValues[/<key>].
 * Spec: docs/array-interfaces.md §2.4, §6 fact 22: empty metadata is
 * exactly {"total":0,"members":[]}; a duplicate key on POST is 409 (the
 * client then PUTs); a bad key is 400 before the volume is looked up. */
#include "api/wsapi_internal.h"
#include "sim/vvmeta.h"
#include "util/strutil.h"

#include <stdlib.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

static cJSON *meta_json(const struct sim_vvmeta_view *m)
{
    cJSON *o = json_object();
    char iso[40], when[40];
    rc_format_time_iso(m->created_ms, iso, sizeof(iso));
    rc_format_time(m->created_ms, when, sizeof(when));
    json_put_str(o, "key", m->key);
    json_put_str(o, "value", m->value);
    json_put_num(o, "creationTimeSec", (double)(m->created_ms / 1000));
    json_put_str(o, "creationTime8601", iso);
    json_put_str(o, "date_added", when);
    return o;
}

static int key_check(struct wsapi_req *rq, const char *key)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_vvmeta_key_check(key, &err))
        return wsapi_reply_error(rq, &err);
    return 0;
}

int wsapi_vvmeta_list(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vvmeta_view *ms = NULL;
    size_t n = 0;
    if (sim_vvmeta_list(rq->s, rq->array, rq->segs[1], &ms, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, meta_json(&ms[i]));
    free(ms);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_vvmeta_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vvmeta_view m;
    if (key_check(rq, rq->segs[3]))
        return -1;
    if (sim_vvmeta_get(rq->s, rq->array, rq->segs[1], rq->segs[3], &m, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, meta_json(&m));
}

static const struct wsapi_field post_fields[] = {
    { "key", WF_STR, WF_REQUIRED, 0, 0, 0, NULL },
    { "value", WF_STR, WF_REQUIRED, 0, SIM_VVMETA_VALUE_MAX, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field put_fields[] = {
    { "value", WF_STR, WF_REQUIRED, 0, SIM_VVMETA_VALUE_MAX, 0, NULL },
    NO_FIELD,
};

int wsapi_vvmeta_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, post_fields))
        return -1;
    const char *key = wb_str(rq->body, "key");
    if (key_check(rq, key))
        return -1;
    if (sim_vvmeta_set(rq->s, rq->array, rq->segs[1], key, wb_str(rq->body, "value"), true,
                       &err))
        return wsapi_reply_error(rq, &err);
    wsapi_set_location(rq, "volumes/%s/objectKeyValues/%s", rq->segs[1], key);
    return wsapi_reply(rq, 201, NULL);
}

int wsapi_vvmeta_put(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (key_check(rq, rq->segs[3]) || wsapi_body_check(rq, rq->body, put_fields))
        return -1;
    if (sim_vvmeta_set(rq->s, rq->array, rq->segs[1], rq->segs[3], wb_str(rq->body, "value"),
                       false, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

int wsapi_vvmeta_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (key_check(rq, rq->segs[3]))
        return -1;
    if (sim_vvmeta_remove(rq->s, rq->array, rq->segs[1], rq->segs[3], &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}
