/* api/wsapi_routes.c - the WSAPI router: one table of routes, and the steps
 * every request shares. Owns: path decoding (raw ':' ',' '&' '!' '@' '$'
 * stay as they are, %XX escapes are decoded per segment), query strings,
 * route lookup (404 unknown path, 405 wrong method), the session (401),
 * the role (403), the body (413 past the cap, 400 for bad JSON or a body
 * that is not an object), then the handler. A refused request changes
 * nothing: the client replays every 401/403 (docs/array-interfaces.md §1.2). Not: the
 * listeners (wsapi.c), wording of refusals (wsapi_errors.c).
 * Spec: docs/array-interfaces.md §1, §2, §6 facts 5, 6, 16. */
#include "api/wsapi_internal.h"
#include "sim/sim.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum wsapi_route_flags {
    WR_NO_SESSION = (1 << 0),   /* login, GET /api, logout */
    WR_API_ROOT   = (1 << 1),   /* GET http://host:port/api */
    WR_CACHE      = (1 << 2),   /* the reply depends only on engine state */
};

/* A pattern is the path after /api/v1 with '*' matching one segment. */
struct wsapi_route {
    enum wsapi_method method;
    const char *pattern;
    wsapi_handler_fn handler;
    enum sim_user_role min_role;
    unsigned flags;
};

static const struct wsapi_route routes[] = {
    { WM_GET, "", wsapi_version_get, SIM_ROLE_NONE, WR_NO_SESSION | WR_API_ROOT },
    { WM_POST, "credentials", wsapi_credentials_post, SIM_ROLE_NONE, WR_NO_SESSION },
    { WM_DELETE, "credentials/*", wsapi_credentials_delete, SIM_ROLE_NONE, WR_NO_SESSION },
    { WM_POST, "", wsapi_flashcache_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "flashcache", wsapi_flashcache_get, SIM_ROLE_BROWSE, 0 },
    { WM_DELETE, "flashcache", wsapi_flashcache_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "system", wsapi_system_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_GET, "wsapiconfiguration", wsapi_wsapiconf_get, SIM_ROLE_BROWSE, 0 },
    { WM_GET, "capacity", wsapi_capacity_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_GET, "ports", wsapi_ports_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_GET, "ports/*/iSCSIVlans", wsapi_port_vlans_get, SIM_ROLE_BROWSE, 0 },
    { WM_GET, "domains", wsapi_domains_get, SIM_ROLE_BROWSE, 0 },
    { WM_GET, "domains/*", wsapi_domain_get, SIM_ROLE_BROWSE, 0 },
    { WM_GET, "cpgs", wsapi_cpgs_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "cpgs", wsapi_cpgs_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "cpgs/*", wsapi_cpg_get, SIM_ROLE_BROWSE, 0 },
    { WM_DELETE, "cpgs/*", wsapi_cpg_delete, SIM_ROLE_EDIT, 0 },
    { WM_POST, "spacereporter", wsapi_spacereporter_post, SIM_ROLE_BROWSE, 0 },
    { WM_GET, "volumes", wsapi_volumes_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "volumes", wsapi_volumes_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "volumes/*", wsapi_volume_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "volumes/*", wsapi_volume_post, SIM_ROLE_EDIT, 0 },
    { WM_PUT, "volumes/*", wsapi_volume_put, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "volumes/*", wsapi_volume_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "volumes/*/objectKeyValues", wsapi_vvmeta_list, SIM_ROLE_BROWSE, 0 },
    { WM_POST, "volumes/*/objectKeyValues", wsapi_vvmeta_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "volumes/*/objectKeyValues/*", wsapi_vvmeta_get, SIM_ROLE_BROWSE, 0 },
    { WM_PUT, "volumes/*/objectKeyValues/*", wsapi_vvmeta_put, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "volumes/*/objectKeyValues/*", wsapi_vvmeta_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "volumesets", wsapi_vvsets_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "volumesets", wsapi_vvsets_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "volumesets/*", wsapi_vvset_get, SIM_ROLE_BROWSE, 0 },
    { WM_POST, "volumesets/*", wsapi_vvset_post, SIM_ROLE_EDIT, 0 },
    { WM_PUT, "volumesets/*", wsapi_vvset_put, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "volumesets/*", wsapi_vvset_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "qos", wsapi_qos_list, SIM_ROLE_BROWSE, 0 },
    { WM_POST, "qos", wsapi_qos_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "qos/*", wsapi_qos_get, SIM_ROLE_BROWSE, 0 },
    { WM_PUT, "qos/*", wsapi_qos_put, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "qos/*", wsapi_qos_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "hosts", wsapi_hosts_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "hosts", wsapi_hosts_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "hosts/*", wsapi_host_get, SIM_ROLE_BROWSE, 0 },
    { WM_PUT, "hosts/*", wsapi_host_put, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "hosts/*", wsapi_host_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "hostsets", wsapi_hostsets_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "hostsets", wsapi_hostsets_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "hostsets/*", wsapi_hostset_get, SIM_ROLE_BROWSE, 0 },
    { WM_PUT, "hostsets/*", wsapi_hostset_put, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "hostsets/*", wsapi_hostset_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "vluns", wsapi_vluns_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "vluns", wsapi_vluns_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "vluns/*", wsapi_vlun_get, SIM_ROLE_BROWSE, 0 },
    { WM_DELETE, "vluns/*", wsapi_vlun_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "tasks", wsapi_tasks_get, SIM_ROLE_BROWSE, 0 },
    { WM_GET, "tasks/*", wsapi_task_get, SIM_ROLE_BROWSE, 0 },
    { WM_PUT, "tasks/*", wsapi_task_put, SIM_ROLE_EDIT, 0 },
    /* remote copy (docs/array-interfaces.md §2.10, §3): PUT actions 1-5 on a group, POST
     * actions 6-11 (DR) on the same path */
    { WM_GET, "remotecopy", wsapi_rcopy_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_GET, "remotecopygroups", wsapi_rcgroups_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_POST, "remotecopygroups", wsapi_rcgroups_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "remotecopygroups/*", wsapi_rcgroup_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_PUT, "remotecopygroups/*", wsapi_rcgroup_put, SIM_ROLE_EDIT, 0 },
    { WM_POST, "remotecopygroups/*", wsapi_rcgroup_post, SIM_ROLE_EDIT, 0 },
    { WM_DELETE, "remotecopygroups/*", wsapi_rcgroup_delete, SIM_ROLE_EDIT, 0 },
    { WM_GET, "remotecopygroups/*/volumes", wsapi_rcgroup_volumes_get, SIM_ROLE_BROWSE,
      WR_CACHE },
    { WM_POST, "remotecopygroups/*/volumes", wsapi_rcgroup_volumes_post, SIM_ROLE_EDIT, 0 },
    { WM_GET, "remotecopygroups/*/volumes/*", wsapi_rcgroup_volume_get, SIM_ROLE_BROWSE,
      WR_CACHE },
    { WM_DELETE, "remotecopygroups/*/volumes/*", wsapi_rcgroup_volume_delete, SIM_ROLE_EDIT,
      0 },
    { WM_GET, "remotecopygroups/*/targets", wsapi_rcgroup_targets_get, SIM_ROLE_BROWSE,
      WR_CACHE },
    { WM_GET, "remotecopygroups/*/targets/*", wsapi_rcgroup_target_get, SIM_ROLE_BROWSE,
      WR_CACHE },
    { WM_GET, "remotecopytargets", wsapi_rctargets_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_GET, "remotecopytargets/*", wsapi_rctarget_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_PUT, "remotecopytargets/*", wsapi_rctarget_put, SIM_ROLE_EDIT, 0 },
    { WM_GET, "remotecopylinks", wsapi_rclinks_get, SIM_ROLE_BROWSE, WR_CACHE },
    { WM_GET, "remotecopylinks/*", wsapi_rclink_get, SIM_ROLE_BROWSE, WR_CACHE },
};

/* --- replies ---------------------------------------------------------- */

cJSON *wsapi_collection(cJSON *members)
{
    cJSON *o = json_object();
    json_put_num(o, "total", cJSON_GetArraySize(members));
    json_put(o, "members", members);
    return o;
}

int wsapi_reply(struct wsapi_req *rq, unsigned status, cJSON *body)
{
    free(rq->reply_text);
    rq->reply_text = NULL;
    cJSON_Delete(rq->reply);
    rq->reply = body;
    rq->status = status;
    return 0;
}

void wsapi_set_location(struct wsapi_req *rq, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    strbuf_adds(&sb, "/api/v1/");
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    free(rq->location);
    rq->location = strbuf_detach(&sb, NULL);
}

const char *wsapi_query_get(const struct wsapi_req *rq, const char *key)
{
    for (size_t i = 0; i < rq->nquery; i++)
        if (!strcmp(rq->query[i].key, key))
            return rq->query[i].value;
    return NULL;
}

/* --- decoding ---------------------------------------------------------- */

int wsapi_path_split(const char *path, char **segs, size_t max, size_t *n, bool *api_root)
{
    size_t len = strlen(path);
    int rc = -1;
    *n = 0;
    *api_root = false;
    if (!strcmp(path, "/api") || !strcmp(path, "/api/")) {
        *api_root = true;
        return 0;
    }
    if (strncmp(path, "/api/v1", 7) || (path[7] && path[7] != '/'))
        return -1;
    const char *p = path + 7;
    while (*p == '/')
        p++;
    /* a trailing slash is the same resource ("/api/v1/", ".../iSCSIVlans/") */
    while (len > 0 && path[len - 1] == '/' && path + len > p)
        len--;
    const char *end = path + len;
    while (p < end) {
        const char *q = memchr(p, '/', (size_t)(end - p));
        if (!q)
            q = end;
        if (*n == max)
            goto fail;
        segs[*n] = xstrndup(p, (size_t)(q - p));
        (*n)++;
        if (rc_pct_decode(segs[*n - 1], false)) {
            rc = -2;
            goto fail;
        }
        p = q + 1;
    }
    return 0;
fail:
    for (size_t i = 0; i < *n; i++)
        free(segs[i]);
    *n = 0;
    return rc;
}

int wsapi_query_parse(const char *raw, struct wsapi_query_kv *kv, size_t max, size_t *n,
                      char **store)
{
    *n = 0;
    *store = xstrdup(raw ? raw : "");
    for (char *save = NULL, *tok = strtok_r(*store, "&", &save); tok;
         tok = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(tok, '=');
        if (*n == max)
            goto fail;
        if (eq)
            *eq = '\0';
        if (rc_pct_decode(tok, true))
            goto fail;
        kv[*n].key = tok;
        kv[*n].raw = eq ? eq + 1 : "";
        kv[*n].value = xstrdup(kv[*n].raw);
        (*n)++;
        if (rc_pct_decode(kv[*n - 1].value, true))
            goto fail;
    }
    return 0;
fail:
    for (size_t i = 0; i < *n; i++)
        free(kv[i].value);
    *n = 0;
    free(*store);
    *store = NULL;
    return -1;
}

/* --- dispatch ------------------------------------------------------------ */

static bool pattern_match(const char *pattern, char *const *segs, size_t nseg)
{
    size_t i = 0;
    const char *p = pattern;
    if (!*p)
        return nseg == 0;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t plen = slash ? (size_t)(slash - p) : strlen(p);
        if (i >= nseg)
            return false;
        if (!(plen == 1 && *p == '*') &&
            (strlen(segs[i]) != plen || strncmp(segs[i], p, plen)))
            return false;
        i++;
        p += plen;
        if (*p == '/')
            p++;
    }
    return i == nseg;
}

static const struct wsapi_route *route_find(const struct wsapi_req *rq, bool api_root,
                                            bool *path_known)
{
    *path_known = false;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const struct wsapi_route *r = &routes[i];
        if (!!(r->flags & WR_API_ROOT) != api_root)
            continue;
        if (!api_root && !pattern_match(r->pattern, rq->segs, rq->nseg))
            continue;
        *path_known = true;
        if (r->method == rq->method)
            return r;
    }
    return NULL;
}

/* GETs of pure state are answered from the cache while the engine's
 * generation is unchanged: listing 1,000 volumes costs one lookup, not
 * 1,000 rows and a fresh JSON text (tests/bench/wsapi_wrk). The key is
 * the request as sent: raw path, keys and values, which hold no '&' (and
 * keys no '='), so two requests share an entry only when they ask the
 * same. Decoded values would not do: "?x=1%26query=v" would answer
 * "?x=1&query=v" from the cache. */
static void cached_call(struct wsapi_req *rq, const struct wsapi_route *r)
{
    struct strbuf key = STRBUF_INIT;
    uint64_t gen = sim_generation(rq->s);
    unsigned status;
    strbuf_adds(&key, rq->path);
    for (size_t i = 0; i < rq->nquery; i++)
        strbuf_addf(&key, "%c%s=%s", i ? '&' : '?', rq->query[i].key, rq->query[i].raw);
    char *text = wsapi_cache_get(rq->w, rq->array, key.buf, gen, &status);
    if (text) {
        rq->reply_text = text;
        rq->status = status;
        strbuf_release(&key);
        return;
    }
    r->handler(rq);
    if (rq->reply && rq->status < 400 && !rq->location) {
        char *out = cJSON_PrintUnformatted(rq->reply);
        if (!out)
            abort();
        wsapi_cache_put(rq->w, rq->array, key.buf, gen, rq->status, out);
        cJSON_Delete(rq->reply);
        rq->reply = NULL;
        rq->reply_text = out;
    }
    strbuf_release(&key);
}

void wsapi_dispatch(struct wsapi_req *rq, const char *body, size_t body_len,
                    bool body_too_large)
{
    bool api_root, known;
    cJSON *parsed = NULL;

    int split = wsapi_path_split(rq->path, rq->segs, WSAPI_MAX_SEGS, &rq->nseg, &api_root);
    if (split) {
        wsapi_reply_code(rq, split == -2 ? WC_ILLEGAL_CHAR : WC_NO_SUCH_PATH, NULL);
        return;
    }
    /* a value that does not decode is refused, never dropped: dropping
     * ?query=...%00 answered with every volume */
    if (rq->query_bad || rq->query_many) {
        wsapi_reply_code(rq, rq->query_bad ? WC_ILLEGAL_CHAR : WC_INV_INPUT, "query");
        return;
    }
    const struct wsapi_route *r = route_find(rq, api_root, &known);
    if (!r) {
        wsapi_reply_code(rq, known ? WC_METHOD : WC_NO_SUCH_PATH, NULL);
        return;
    }
    if (!(r->flags & WR_NO_SESSION)) {
        if (!rq->session_key ||
            wsapi_session_lookup(wsapi_sessions_of(rq->w), rq->array, rq->session_key,
                                 rq->user, sizeof(rq->user), &rq->role) != 1) {
            wsapi_reply_code(rq, WC_NO_SESSION, NULL);
            return;
        }
        if (rq->role < r->min_role) {
            wsapi_reply_code(rq, WC_PERM_DENIED, NULL);
            return;
        }
    }
    if (body_too_large) {
        wsapi_reply_code(rq, WC_BODY_TOO_LARGE, NULL);
        return;
    }
    if (body_len > 0 && rq->method != WM_GET) {
        /* cJSON would cut "vol\u0000evil" to "vol" */
        if (rc_json_has_nul(body, body_len)) {
            wsapi_reply_code(rq, WC_ILLEGAL_CHAR, NULL);
            return;
        }
        parsed = cJSON_ParseWithLength(body, body_len);
        if (!parsed) {
            wsapi_reply_code(rq, WC_BAD_JSON, NULL);
            return;
        }
        if (!cJSON_IsObject(parsed)) {
            cJSON_Delete(parsed);
            wsapi_reply_code(rq, WC_WRONG_TYPE, NULL);
            return;
        }
    }
    rq->body = parsed;
    rq->status = 200;
    /* one wait for the engine lock per request, however many sim_ calls the
     * handler makes (checks, the change, the view it answers with): under
     * load each extra acquisition is another turn in the queue */
    sim_hold(rq->s);
    if (r->flags & WR_CACHE)
        cached_call(rq, r);
    else
        r->handler(rq);
    sim_unhold(rq->s);
    rq->body = NULL;
    cJSON_Delete(parsed);
}

void wsapi_req_release(struct wsapi_req *rq)
{
    for (size_t i = 0; i < rq->nseg; i++)
        free(rq->segs[i]);
    for (size_t i = 0; i < rq->nquery; i++)
        free(rq->query[i].value);
    rq->nseg = rq->nquery = 0;
    cJSON_Delete(rq->reply);
    rq->reply = NULL;
    free(rq->reply_text);
    rq->reply_text = NULL;
    free(rq->location);
    rq->location = NULL;
    free(rq->path);
    rq->path = NULL;
}
