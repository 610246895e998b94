/* api/wsapi_set.c - /hostsets and /volumesets (one shape, two kinds) and
 * volume-set snapshots. Spec: docs/array-interfaces.md §2.5, §2.6 and
 * §6 fact 20: a set's GET equals its list element; members keep their
 * order; a name longer than 31 is 400 on create and PUT but 404 on GET
 * and DELETE; an illegal character is 400. */
#include "api/wsapi_internal.h"
#include "sim/limits.h"
#include "sim/set.h"
#include "sim/vv.h"

#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

static enum sim_set_kind kind_of(const struct wsapi_req *rq)
{
    return !strcmp(rq->segs[0], "hostsets") ? SIM_SET_HOST : SIM_SET_VV;
}

static cJSON *set_json(const struct sim_set_view *v)
{
    cJSON *o = json_object();
    json_put_num(o, "id", (double)v->id);
    json_put_str(o, "uuid", v->uuid);
    json_put_str(o, "name", v->name);
    if (*v->domain)
        json_put_str(o, "domain", v->domain);
    if (*v->comment)
        json_put_str(o, "comment", v->comment);
    if (v->n_members) {
        cJSON *m = json_array();
        for (size_t i = 0; i < v->n_members; i++)
            json_push(m, cJSON_CreateString(v->members[i]));
        json_put(o, "setmembers", m);
    }
    if (v->kind == SIM_SET_VV && v->flash_cache)
        json_put_num(o, "flashCachePolicy", v->flash_cache);
    return o;
}

static int list_sets(struct wsapi_req *rq, enum sim_set_kind kind)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_set_view *sets = NULL;
    size_t n = 0;
    if (sim_set_list(rq->s, rq->array, kind, &sets, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++) {
        json_push(m, set_json(&sets[i]));
        sim_set_view_release(&sets[i]);
    }
    free(sets);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_hostsets_get(struct wsapi_req *rq) { return list_sets(rq, SIM_SET_HOST); }
int wsapi_vvsets_get(struct wsapi_req *rq) { return list_sets(rq, SIM_SET_VV); }

static int get_set(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_set_view v;
    if (wsapi_name_has_illegal(rq->segs[1]))
        return wsapi_reply_code(rq, WC_ILLEGAL_CHAR, rq->segs[1]);
    if (sim_set_get(rq->s, rq->array, kind_of(rq), rq->segs[1], &v, &err))
        return wsapi_reply_error(rq, &err);
    wsapi_reply(rq, 200, set_json(&v));
    sim_set_view_release(&v);
    return 0;
}

int wsapi_hostset_get(struct wsapi_req *rq) { return get_set(rq); }
int wsapi_vvset_get(struct wsapi_req *rq) { return get_set(rq); }

static const struct wsapi_field create_fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_SET_NAME, 0, NULL },
    { "domain", WF_STR, WF_NULLABLE | WF_NAME, 0, SIM_LIM_DOMAIN_NAME, 0, NULL },
    { "comment", WF_STR, WF_NULLABLE, 0, SIM_LIM_SET_COMMENT, 0, NULL },
    { "setmembers", WF_ARR_STR, WF_NULLABLE, 0, SIM_LIM_VV_NAME, 0, NULL },
    NO_FIELD,
};

static int create_set(struct wsapi_req *rq, enum sim_set_kind kind)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, create_fields))
        return -1;
    size_t n;
    const char **members = wb_strv(rq->body, "setmembers", &n);
    struct sim_set_spec sp = {
        .name = wb_str(rq->body, "name"),
        .domain = wb_str(rq->body, "domain"),
        .comment = wb_str(rq->body, "comment"),
        .members = members,
        .n_members = n,
    };
    int rc = sim_set_create(rq->s, rq->array, kind, &sp, &err);
    free(members);
    if (rc)
        return wsapi_reply_error(rq, &err);
    wsapi_set_location(rq, "%s/%s", kind == SIM_SET_HOST ? "hostsets" : "volumesets", sp.name);
    return wsapi_reply(rq, 201, NULL);
}

int wsapi_hostsets_post(struct wsapi_req *rq) { return create_set(rq, SIM_SET_HOST); }
int wsapi_vvsets_post(struct wsapi_req *rq) { return create_set(rq, SIM_SET_VV); }

static const struct wsapi_field modify_fields[] = {
    { "action", WF_INT, WF_NULLABLE, 1, 4, WC_BAD_ENUM, NULL },
    { "newName", WF_STR, WF_NULLABLE | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_SET_NAME, 0, NULL },
    { "comment", WF_STR, WF_NULLABLE, 0, SIM_LIM_SET_COMMENT, 0, NULL },
    { "setmembers", WF_ARR_STR, WF_NULLABLE, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "flashCachePolicy", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },
    NO_FIELD,
};

static int modify_set(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    enum sim_set_kind kind = kind_of(rq);
    /* §2.6: the path name is judged before the body and any look-up */
    if (strlen(rq->segs[1]) > SIM_LIM_SYS_SET_NAME)
        return wsapi_reply_code(rq, WC_EXCEEDS_LENGTH, "name");
    if (wsapi_name_has_illegal(rq->segs[1]))
        return wsapi_reply_code(rq, WC_ILLEGAL_CHAR, rq->segs[1]);
    if (wsapi_body_check(rq, rq->body, modify_fields))
        return -1;
    if (wsapi_conflict(rq, rq->body, "newName", "setmembers"))
        return -1;
    int64_t action = wb_int(rq->body, "action", 0);
    if (kind == SIM_SET_HOST && action > 2)
        return wsapi_reply_code(rq, WC_BAD_ENUM, "action");
    if (wb_has(rq->body, "setmembers") && action != 1 && action != 2)
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "action");
    size_t n;
    const char **members = wb_strv(rq->body, "setmembers", &n);
    struct sim_set_mod mod = {
        .new_name = wb_str(rq->body, "newName"),
        .comment = wb_str(rq->body, "comment"),
        .op = action == 1 ? SIM_SET_OP_ADD : action == 2 ? SIM_SET_OP_REMOVE : SIM_SET_OP_NONE,
        .members = members,
        .n_members = n,
        .flash_cache = (int)wb_int(rq->body, "flashCachePolicy", 0),
    };
    int rc = sim_set_modify(rq->s, rq->array, kind, rq->segs[1], &mod, &err);
    free(members);
    if (rc)
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

int wsapi_hostset_put(struct wsapi_req *rq) { return modify_set(rq); }
int wsapi_vvset_put(struct wsapi_req *rq) { return modify_set(rq); }

static int delete_set(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_name_has_illegal(rq->segs[1]))
        return wsapi_reply_code(rq, WC_ILLEGAL_CHAR, rq->segs[1]);
    if (sim_set_remove(rq->s, rq->array, kind_of(rq), rq->segs[1], &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

int wsapi_hostset_delete(struct wsapi_req *rq) { return delete_set(rq); }
int wsapi_vvset_delete(struct wsapi_req *rq) { return delete_set(rq); }

static const struct wsapi_field snap_params[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "id", WF_INT, WF_NULLABLE, 1, SIM_VV_ID_MAX, 0, NULL },
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

/* POST /volumesets/<set> {"action":"createSnapshot", ...}: the parameters
 * first (400), then the set (404), then emptiness (404) (§2.5). */
int wsapi_vvset_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (wsapi_body_check(rq, rq->body, snap_fields))
        return -1;
    if (strcmp(wb_str(rq->body, "action"), "createSnapshot"))
        return wsapi_reply_code(rq, WC_BAD_ENUM, "action");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(rq->body, "parameters");
    struct sim_snap_spec sp = {
        .name = wb_str(p, "name"),
        .readonly = wb_bool(p, "readOnly", false),
        .id = wb_int(p, "id", 0),
        .expire_ms = wb_int(p, "expirationHours", 0) * 3600000,
        .retain_ms = wb_int(p, "retentionHours", 0) * 3600000,
        .comment = wb_str(p, "comment"),
    };
    if (sim_set_snapshot(rq->s, rq->array, rq->segs[1], &sp, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 201, NULL);
}
