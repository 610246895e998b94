/* api/wsapi_rcopy.c - the rest of remote copy over WSAPI: the service
 * (GET /remotecopy), targets (GET /remotecopytargets[/<t>], PUT .../<t>
 * for mirrorConfig) and links (GET /remotecopylinks[/<l>]). Owns: the
 * WSAPI shape of a target and a link. Not: groups, their volumes and the
 * PUT actions 1-5 (wsapi_rcgroup.c); the DR actions (wsapi_rcdr.c).
 * Spec: docs/array-interfaces.md §2.10, §3.1, §3.2 (toggleRemoteCopyConfigMirror).
 * The shapes of /remotecopy, targets and links are read by no client of
 * the reference ("any object"); the choices are in docs/behaviour.md
 * §WSAPI. */
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
    cJSON *l = json_object();
    snprintf(href, sizeof(href), "/api/v1/%s", rel);
    json_put_str(l, "href", href);
    json_put_str(l, "rel", rel);
    json_push(links, l);
}

int wsapi_rcopy_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    if (sim_array_get(rq->s, rq->array, &a, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *o = json_object(), *links = json_array();
    json_put_num(o, "mode", a.rc_started ? RCOPY_MODE_STARTED : RCOPY_MODE_STOPPED);
    json_put_num(o, "status", RCOPY_STATUS_NORMAL);
    json_put_bool(o, "asyncEnabled", false);
    add_link(links, "remotecopygroups");
    add_link(links, "remotecopytargets");
    add_link(links, "remotecopylinks");
    json_put(o, "links", links);
    return wsapi_reply(rq, 200, o);
}

/* --- targets ---------------------------------------------------------------- */

/* docs/behaviour.md: type 1 IP, 2 FC; status as the engine numbers it
 * (1 ready, 2 failing, 3 failed) */
enum { TARGET_TYPE_IP = 1, TARGET_TYPE_FC = 2 };

static cJSON *target_json(const struct sim_target_view *t)
{
    cJSON *o = json_object(), *pol = json_object();
    json_put_num(o, "id", (double)t->id);
    json_put_str(o, "name", t->name);
    json_put_num(o, "type", t->fc ? TARGET_TYPE_FC : TARGET_TYPE_IP);
    json_put_num(o, "status", t->status);
    json_put_bool(o, "enabled", t->enabled);
    if (t->fc && t->node_wwn[0])
        json_put_str(o, "nodeWWN", t->node_wwn);
    json_put_num(o, "numLinks", t->n_links);
    json_put_bool(pol, "mirrorConfig", t->mirror_config);
    json_put(o, "policies", pol);
    return o;
}

int wsapi_rctargets_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_target_view *t = NULL;
    size_t n = 0;
    if (sim_target_list(rq->s, rq->array, &t, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, target_json(&t[i]));
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
    cJSON *o = json_object(), *pos = json_object();
    link_name(l, name, sizeof(name));
    json_put_str(o, "name", name);
    json_put_str(o, "targetName", l->target);
    if (sscanf(l->local_nsp, "%d:%d:%d", &node, &slot, &port) == 3) {
        json_put_num(pos, "node", node);
        json_put_num(pos, "slot", slot);
        json_put_num(pos, "cardPort", port);
    }
    json_put(o, "localPortPos", pos);
    json_put_str(o, "address", l->address);
    json_put_num(o, "state", l->up ? LINK_STATE_UP : LINK_STATE_DOWN);
    return o;
}

int wsapi_rclinks_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_link_view *l = NULL;
    size_t n = 0;
    if (sim_link_list(rq->s, rq->array, &l, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, link_json(&l[i]));
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
