/* api/wsapi_vlun.c - /vluns. Spec: docs/array-interfaces.md §2.7 and §6
 * facts 15, 17: Location /api/v1/vluns/<vol>,<lun>,<host>[,<n:s:p>] on
 * create; ?query="volumeName EQ v" / "hostname EQ h" filtered here; a
 * port the array lacks is 400/55 on delete. */
#include "api/wsapi_internal.h"
#include "api/wsapi_query.h"
#include "sim/limits.h"
#include "sim/vlun.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

static const struct wsapi_field pos_fields[] = {
    { "node", WF_INT, WF_REQUIRED, 0, 7, 0, NULL },
    { "slot", WF_INT, WF_REQUIRED, 0, 9, 0, NULL },
    { "cardPort", WF_INT, WF_REQUIRED, 1, 4, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field create_fields[] = {
    { "volumeName", WF_STR, WF_REQUIRED | WF_NONEMPTY, 0, SIM_LIM_VV_NAME, 0, NULL },
    { "lun", WF_INT, WF_NULLABLE, 0, SIM_LUN_MAX, 0, NULL },
    { "hostname", WF_STR, WF_NULLABLE, 0, 36, 0, NULL },
    { "portPos", WF_OBJ, WF_NULLABLE, 0, 0, 0, pos_fields },
    { "noVcn", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "overrideLowerPriority", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "autoLun", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "maxAutoLun", WF_INT, WF_NULLABLE, 0, SIM_LUN_MAX, 0, NULL },
    NO_FIELD,
};

static cJSON *vlun_json(const struct sim_vlun_view *v)
{
    cJSON *o = json_object();
    json_put_str(o, "volumeName", v->volume);
    json_put_num(o, "lun", (double)v->lun);
    if (*v->host)
        json_put_str(o, "hostname", v->host);
    if (v->has_port) {
        cJSON *p = json_object();
        json_put_num(p, "node", v->node);
        json_put_num(p, "slot", v->slot);
        json_put_num(p, "cardPort", v->port);
        json_put(o, "portPos", p);
    }
    json_put_num(o, "type", v->type);
    json_put_bool(o, "active", v->active);
    json_put_str(o, "volumeWWN", v->volume_wwn);
    json_put_num(o, "multipathing", 2);       /* round robin */
    json_put_num(o, "failedPathPol", 1);
    json_put_num(o, "failedPathInterval", 0);
    /* Peer Persistence path state (docs/behaviour.md), when there is one */
    if (v->alua != SIM_ALUA_NONE)
        json_put_str(o, "aluaState", sim_alua_name(v->alua));
    return o;
}

int wsapi_vluns_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vlun_view *vs = NULL;
    struct wsapi_filter f;
    size_t n = 0;
    const char *q = wsapi_query_get(rq, "query");
    if (q && wsapi_filter_parse(q, &f))
        return wsapi_reply_code(rq, WC_INV_INPUT, "query");
    if (sim_vlun_list(rq->s, rq->array, &vs, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, vlun_json(&vs[i]));
    free(vs);
    if (q)
        wsapi_filter_apply(&f, m);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_vluns_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    const cJSON *b = rq->body;
    int64_t lun;
    if (wsapi_body_check(rq, b, create_fields))
        return -1;
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(b, "portPos");
    bool has_port = cJSON_IsObject(pos);
    if (!wb_has(b, "lun") && !wb_bool(b, "autoLun", false))
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "lun");
    if (!wb_has(b, "hostname") && !has_port)
        return wsapi_reply_code(rq, WC_ONE_REQUIRED, "hostname,portPos");
    struct sim_vlun_spec sp = {
        .volume = wb_str(b, "volumeName"),
        .lun = wb_int(b, "lun", 0),
        .auto_lun = wb_bool(b, "autoLun", false),
        .max_auto_lun = wb_int(b, "maxAutoLun", 0),
        .host = wb_str(b, "hostname"),
        .has_port = has_port,
        .node = (int)wb_int(pos, "node", 0),
        .slot = (int)wb_int(pos, "slot", 0),
        .port = (int)wb_int(pos, "cardPort", 0),
    };
    if (sim_vlun_create(rq->s, rq->array, &sp, &lun, &err))
        return wsapi_reply_error(rq, &err);
    if (has_port)
        wsapi_set_location(rq, "vluns/%s,%lld,%s,%d:%d:%d", sp.volume, (long long)lun,
                           sp.host ? sp.host : "", sp.node, sp.slot, sp.port);
    else
        wsapi_set_location(rq, "vluns/%s,%lld,%s", sp.volume, (long long)lun, sp.host);
    return wsapi_reply(rq, 201, NULL);
}

/* A VLUN's id in a path: <vol>,<lun>,<host>,<n:s:p>, <vol>,<lun>,<host> or
 * <vol>,<lun>,<n:s:p> (the client also sends <vol>,<lun>,,<n:s:p>). */
struct vlun_id {
    char buf[128];
    const char *vol, *host;     /* host NULL: none */
    int64_t lun;
    bool has_port;
    int node, slot, port;
};

static bool nsp_of(const char *w, int *node, int *slot, int *port)
{
    char extra;
    return sscanf(w, "%d:%d:%d%c", node, slot, port, &extra) == 3;
}

/* Parses rq's VLUN id; on a fault replies it and returns -1. */
static int vlun_id_parse(struct wsapi_req *rq, struct vlun_id *v)
{
    char *parts[4] = { NULL, NULL, NULL, NULL };
    size_t np = 0;
    memset(v, 0, sizeof(*v));
    rc_strlcpy(v->buf, rq->segs[1], sizeof(v->buf));
    for (char *p = v->buf, *c; np < 4; p = c + 1) {
        parts[np++] = p;
        if (!(c = strchr(p, ',')))
            break;
        *c = '\0';
    }
    if (np < 2 || strchr(parts[np - 1], ',') || rc_parse_i64(parts[1], &v->lun))
        return wsapi_reply_code(rq, WC_INV_INPUT, rq->segs[1]);
    v->vol = parts[0];
    const char *port = np == 4 ? parts[3] : NULL;
    v->host = np >= 3 ? parts[2] : NULL;
    if (np == 3 && strchr(parts[2], ':')) {
        port = parts[2];
        v->host = NULL;
    }
    v->has_port = port && *port;
    if (v->has_port && !nsp_of(port, &v->node, &v->slot, &v->port))
        return wsapi_reply_code(rq, WC_BAD_PORT, port);
    return 0;
}

int wsapi_vlun_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct vlun_id v;
    if (vlun_id_parse(rq, &v))
        return -1;
    if (sim_vlun_remove(rq->s, rq->array, v.vol, v.lun, v.host, v.has_port, v.node, v.slot,
                        v.port, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}

/* Querying a single VLUN answers a collection of the matching ones (the
 * array's form), 404/19 when there is none. */
int wsapi_vlun_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vlun_view *vs = NULL;
    struct vlun_id id;
    size_t n = 0;
    if (vlun_id_parse(rq, &id))
        return -1;
    if (sim_vlun_list(rq->s, rq->array, &vs, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct sim_vlun_view *v = &vs[i];
        if (strcmp(v->volume, id.vol) || v->lun != id.lun ||
            (id.host && *id.host && strcmp(v->host, id.host)) ||
            (id.has_port && (!v->has_port || v->node != id.node || v->slot != id.slot ||
                             v->port != id.port)))
            continue;
        json_push(m, vlun_json(v));
    }
    free(vs);
    if (!cJSON_GetArraySize(m)) {
        cJSON_Delete(m);
        sim_fail(&err, SIM_ENOENT_VLUN, rq->segs[1], "no VLUN %s", rq->segs[1]);
        return wsapi_reply_error(rq, &err);
    }
    return wsapi_reply(rq, 200, wsapi_collection(m));
}
