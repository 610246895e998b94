/* api/wsapi_host.c - /hosts. Spec: docs/array-interfaces.md §2.6, §6
 * facts 15, 17, 18, 19, 24: Location on create; ?query= filtered here;
 * the modify body is judged before the host is looked up; delete refuses
 * an exported host (26) before a host in a set (77). */
#include "api/wsapi_internal.h"
#include "api/wsapi_query.h"
#include "sim/limits.h"
#include "sim/host.h"

#include <stdlib.h>
#include <string.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

static const struct wsapi_field desc_fields[] = {
    { "location", WF_STR, WF_NULLABLE, 0, SIM_LIM_HOST_DESC, 0, NULL },
    { "IPAddr", WF_STR, WF_NULLABLE, 0, SIM_LIM_HOST_DESC, 0, NULL },
    { "os", WF_STR, WF_NULLABLE, 0, SIM_LIM_HOST_DESC, 0, NULL },
    { "model", WF_STR, WF_NULLABLE, 0, SIM_LIM_HOST_DESC, 0, NULL },
    { "contact", WF_STR, WF_NULLABLE, 0, SIM_LIM_HOST_DESC, 0, NULL },
    { "comment", WF_STR, WF_NULLABLE, 0, SIM_LIM_HOST_COMMENT, 0, NULL },
    NO_FIELD,
};
static const struct wsapi_field create_fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME | WF_NONEMPTY, 0, SIM_LIM_HOST_NAME, 0, NULL },
    { "domain", WF_STR, WF_NAME | WF_NONEMPTY, 0, SIM_LIM_DOMAIN_NAME, 0, NULL },
    { "persona", WF_INT, WF_NULLABLE, 1, 11, WC_BAD_ENUM, NULL },
    { "FCWWNs", WF_ARR_STR, WF_NULLABLE, 0, 0, 0, NULL },
    { "iSCSINames", WF_ARR_STR, WF_NULLABLE, 0, SIM_LIM_ISCSI_NAME, 0, NULL },
    { "NQN", WF_STR, WF_NULLABLE, 0, SIM_LIM_NQN, 0, NULL },
    { "forceTearDown", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "descriptors", WF_OBJ, WF_NULLABLE, 0, 0, 0, desc_fields },
    NO_FIELD,
};
static const struct wsapi_field modify_fields[] = {
    { "newName", WF_STR, WF_NAME | WF_NONEMPTY, 0, SIM_LIM_HOST_NAME, 0, NULL },
    { "pathOperation", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },
    { "FCWWNs", WF_ARR_STR, WF_NULLABLE, 0, 0, 0, NULL },
    { "iSCSINames", WF_ARR_STR, WF_NULLABLE, 0, SIM_LIM_ISCSI_NAME, 0, NULL },
    { "forcePathRemoval", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "persona", WF_INT, WF_NULLABLE, 1, 11, WC_BAD_ENUM, NULL },
    { "descriptors", WF_OBJ, WF_NULLABLE, 0, 0, 0, desc_fields },
    { "chapOperation", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },
    { "chapOperationMode", WF_INT, WF_NULLABLE, 1, 2, WC_BAD_ENUM, NULL },
    { "chapName", WF_STR, WF_NULLABLE, 0, SIM_LIM_CHAP_NAME, 0, NULL },
    { "chapSecret", WF_STR, WF_NULLABLE, 0, SIM_LIM_CHAP_SECRET_HEX, 0, NULL },
    { "chapSecretHex", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "chapRemoveTargetOnly", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    NO_FIELD,
};

static cJSON *host_json(const struct sim_host_view *h, const struct sim_host_path_view *paths,
                        size_t n)
{
    cJSON *o = json_object(), *fc = json_array(), *is = json_array(), *nv = NULL;
    cJSON *d = json_object();
    json_put_num(o, "id", (double)h->id);
    json_put_str(o, "name", h->name);
    if (*h->domain)
        json_put_str(o, "domain", h->domain);
    json_put_num(o, "persona", h->persona);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(paths[i].host, h->name))
            continue;
        cJSON *p = json_object();
        switch (paths[i].kind) {
        case SIM_PATH_FC:
            json_put_str(p, "wwn", paths[i].path);
            json_push(fc, p);
            break;
        case SIM_PATH_ISCSI:
            json_put_str(p, "name", paths[i].path);
            json_push(is, p);
            break;
        case SIM_PATH_NVME:
            if (!nv)
                nv = json_array();
            json_put_str(p, "NQN", paths[i].path);
            json_push(nv, p);
            break;
        }
    }
    json_put(o, "FCPaths", fc);
    json_put(o, "iSCSIPaths", is);
    if (nv)
        json_put(o, "NVMETCPPaths", nv);
    if (*h->location)
        json_put_str(d, "location", h->location);
    if (*h->ip_addr)
        json_put_str(d, "IPAddr", h->ip_addr);
    if (*h->os)
        json_put_str(d, "os", h->os);
    if (*h->model)
        json_put_str(d, "model", h->model);
    if (*h->contact)
        json_put_str(d, "contact", h->contact);
    if (*h->comment)
        json_put_str(d, "comment", h->comment);
    json_put(o, "descriptors", d);
    if (*h->chap_name) {
        cJSON *c = json_object();
        json_put_str(c, "chapName", h->chap_name);
        json_put(o, "initiatorChapEnabled", cJSON_CreateTrue());
        json_put(o, "initiatorChap", c);
    }
    return o;
}

int wsapi_hosts_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_host_view *hs = NULL;
    struct sim_host_path_view *ps = NULL;
    struct wsapi_filter f;
    size_t n = 0, np = 0;
    const char *q = wsapi_query_get(rq, "query");
    if (q && wsapi_filter_parse(q, &f))
        return wsapi_reply_code(rq, WC_INV_INPUT, "query");
    if (sim_host_list(rq->s, rq->array, &hs, &n, &err) ||
        sim_host_path_list(rq->s, rq->array, NULL, &ps, &np, &err)) {
        free(hs);
        return wsapi_reply_error(rq, &err);
    }
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, host_json(&hs[i], ps, np));
    free(hs);
    free(ps);
    if (q)
        wsapi_filter_apply(&f, m);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_host_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_host_view h;
    struct sim_host_path_view *ps = NULL;
    size_t np = 0;
    if (wsapi_name_has_illegal(rq->segs[1]))
        return wsapi_reply_code(rq, WC_ILLEGAL_CHAR, rq->segs[1]);
    if (sim_host_get(rq->s, rq->array, rq->segs[1], &h, &err) ||
        sim_host_path_list(rq->s, rq->array, h.name, &ps, &np, &err))
        return wsapi_reply_error(rq, &err);
    wsapi_reply(rq, 200, host_json(&h, ps, np));
    free(ps);
    return 0;
}

/* WWNs must be 16 hex digits (colons allowed): a 400 before any look-up. */
static int wwns_check(struct wsapi_req *rq, const char *const *wwns, size_t n)
{
    char norm[17];
    for (size_t i = 0; i < n; i++)
        if (sim_wwn_normalise(wwns[i], norm))
            /* the WSAPI type WWN: 16 hex digits, else a wrong type (39) */
            return wsapi_reply_code(rq, WC_WRONG_TYPE, wwns[i]);
    return 0;
}

static void desc_from(const cJSON *d, struct sim_host_desc *out)
{
    out->location = wb_str(d, "location");
    out->ip_addr = wb_str(d, "IPAddr");
    out->os = wb_str(d, "os");
    out->model = wb_str(d, "model");
    out->contact = wb_str(d, "contact");
    out->comment = wb_str(d, "comment");
}

int wsapi_hosts_post(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    const cJSON *b = rq->body;
    size_t n_fc, n_is;
    int rc = -1;
    if (wsapi_body_check(rq, b, create_fields))
        return -1;
    if (wb_has(b, "FCWWNs") && wb_has(b, "iSCSINames"))
        return wsapi_reply_code(rq, WC_PARAM_CONFLICT, "FCWWNs,iSCSINames");
    const char **fc = wb_strv(b, "FCWWNs", &n_fc);
    const char **is = wb_strv(b, "iSCSINames", &n_is);
    if (wwns_check(rq, fc, n_fc))
        goto out;
    struct sim_host_spec sp = {
        .name = wb_str(b, "name"),
        .domain = wb_str(b, "domain"),
        .persona = (int)wb_int(b, "persona", 0),
        .fc = fc, .n_fc = n_fc,
        .iscsi = is, .n_iscsi = n_is,
        .nqn = wb_str(b, "NQN"),
    };
    desc_from(cJSON_GetObjectItemCaseSensitive(b, "descriptors"), &sp.desc);
    if (sim_host_create(rq->s, rq->array, &sp, &err)) {
        wsapi_reply_error(rq, &err);
        goto out;
    }
    wsapi_set_location(rq, "hosts/%s", sp.name);
    wsapi_reply(rq, 201, NULL);
    rc = 0;
out:
    free(fc);
    free(is);
    return rc;
}

int wsapi_host_put(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    const cJSON *b = rq->body;
    size_t n_fc, n_is;
    int rc = -1;
    if (wsapi_body_check(rq, b, modify_fields))
        return -1;
    bool paths = wb_has(b, "FCWWNs") || wb_has(b, "iSCSINames");
    if (wb_has(b, "FCWWNs") && wb_has(b, "iSCSINames"))
        return wsapi_reply_code(rq, WC_PARAM_CONFLICT, "FCWWNs,iSCSINames");
    if (paths && !wb_has(b, "pathOperation"))
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "pathOperation");
    if (!paths && wb_has(b, "pathOperation"))
        return wsapi_reply_code(rq, WC_ONE_REQUIRED, "FCWWNs,iSCSINames");
    if (wb_has(b, "chapOperation") && !wb_has(b, "chapName") &&
        wb_int(b, "chapOperation", 0) == 1)
        return wsapi_reply_code(rq, WC_MISSING_REQUIRED, "chapName");
    const char **fc = wb_strv(b, "FCWWNs", &n_fc);
    const char **is = wb_strv(b, "iSCSINames", &n_is);
    if (wwns_check(rq, fc, n_fc))
        goto out;
    struct sim_host_mod mod = {
        .new_name = wb_str(b, "newName"),
        .persona = (int)wb_int(b, "persona", 0),
        .path_op = (enum sim_path_op)wb_int(b, "pathOperation", 0),
        .fc = fc, .n_fc = n_fc,
        .iscsi = is, .n_iscsi = n_is,
        .force_path_removal = wb_bool(b, "forcePathRemoval", false),
        .chap_name = wb_int(b, "chapOperation", 0) == 2 ? "" : wb_str(b, "chapName"),
        .chap_secret = wb_str(b, "chapSecret"),
        .chap_secret_hex = wb_bool(b, "chapSecretHex", false),
    };
    desc_from(cJSON_GetObjectItemCaseSensitive(b, "descriptors"), &mod.desc);
    if (sim_host_modify(rq->s, rq->array, rq->segs[1], &mod, &err)) {
        wsapi_reply_error(rq, &err);
        goto out;
    }
    if (mod.new_name)
        wsapi_set_location(rq, "hosts/%s", mod.new_name);
    wsapi_reply(rq, 200, NULL);
    rc = 0;
out:
    free(fc);
    free(is);
    return rc;
}

int wsapi_host_delete(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_host_remove(rq->s, rq->array, rq->segs[1], &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}
