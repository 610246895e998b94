/* tool/lab_goal.c - the goals of a lab: each a check on the model, read
 * through the control API (groups, links, power, digests, events).
 * Spec: docs/labs.md "Checks". */
#include "tool/lab.h"

#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int invalid(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int invalid(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -1;
}

static bool is_str(const cJSON *o, const char *key)
{
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* "array/name" with both parts non-empty. */
static bool is_path(const cJSON *o, const char *key)
{
    const char *s = tool_jstr(o, key), *slash = strchr(s, '/');
    return slash && slash != s && slash[1] && !strchr(slash + 1, '/');
}

static int duration_of(const cJSON *v, int64_t *ms)
{
    if (cJSON_IsNumber(v) && v->valuedouble >= 0) {
        *ms = (int64_t)v->valuedouble;
        return 0;
    }
    return cJSON_IsString(v) ? rc_parse_duration_ms(v->valuestring, 0, ms) : -1;
}

/* Every key of o is in allowed (NULL-ended). */
static int keys_ok(const cJSON *o, const char *const *allowed, char *why, size_t len)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, o) {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, k->string) == 0;
        if (!ok)
            return invalid(why, len, "unknown field '%s'", k->string);
    }
    return 0;
}

int lab_check_valid(const cJSON *c, char *why, size_t len)
{
    static const char *const group_keys[] = { "group", "role", "status", "mode", "sync_type",
                                              "rpo_max", "period_max", NULL };
    static const char *const synced_keys[] = { "synced", NULL };
    static const char *const data_keys[] = { "same_data", NULL };
    static const char *const link_keys[] = { "link", "up", NULL };
    static const char *const power_keys[] = { "power", "on", NULL };
    static const char *const event_keys[] = { "event", "array", "object", "detail", NULL };
    int64_t ms;
    if (!cJSON_IsObject(c))
        return invalid(why, len, "a check is an object");
    if (cJSON_GetObjectItemCaseSensitive(c, "group")) {
        if (!is_path(c, "group"))
            return invalid(why, len, "\"group\" is \"<array>/<group>\"");
        for (const char *const *k = group_keys + 1; k < group_keys + 5; k++)
            if (cJSON_GetObjectItemCaseSensitive(c, *k) && !is_str(c, *k))
                return invalid(why, len, "\"%s\" is a string", *k);
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(c, "rpo_max");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "period_max");
        if ((r && duration_of(r, &ms)) || (p && duration_of(p, &ms)))
            return invalid(why, len, "\"rpo_max\" and \"period_max\" are durations");
        return keys_ok(c, group_keys, why, len);
    }
    if (cJSON_GetObjectItemCaseSensitive(c, "synced")) {
        if (!is_path(c, "synced"))
            return invalid(why, len, "\"synced\" is \"<array>/<group>\"");
        return keys_ok(c, synced_keys, why, len);
    }
    if (cJSON_GetObjectItemCaseSensitive(c, "same_data")) {
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(c, "same_data"), *v;
        if (cJSON_GetArraySize(l) < 2)
            return invalid(why, len, "\"same_data\" lists two volumes or more");
        cJSON_ArrayForEach(v, l) {
            const char *s = cJSON_IsString(v) ? v->valuestring : "", *slash = strchr(s, '/');
            if (!slash || slash == s || !slash[1])
                return invalid(why, len, "\"same_data\" entries are \"<array>/<volume>\"");
        }
        return keys_ok(c, data_keys, why, len);
    }
    if (cJSON_GetObjectItemCaseSensitive(c, "link")) {
        if (!is_path(c, "link") || !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(c, "up")))
            return invalid(why, len, "a link check is {\"link\": \"<a>/<b>\", \"up\": true}");
        return keys_ok(c, link_keys, why, len);
    }
    if (cJSON_GetObjectItemCaseSensitive(c, "power")) {
        if (!is_str(c, "power") || !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(c, "on")))
            return invalid(why, len, "a power check is {\"power\": \"<array>\", \"on\": true}");
        return keys_ok(c, power_keys, why, len);
    }
    if (cJSON_GetObjectItemCaseSensitive(c, "event")) {
        for (const char *const *k = event_keys; *k; k++)
            if (cJSON_GetObjectItemCaseSensitive(c, *k) && !is_str(c, *k))
                return invalid(why, len, "\"%s\" is a string", *k);
        return keys_ok(c, event_keys, why, len);
    }
    return invalid(why, len, "a check is one of group, synced, same_data, link, power, event");
}

int lab_get(struct cx *cx, const char *path, cJSON **out, char *why, size_t len)
{
    struct ctl_reply r = CTL_REPLY_INIT;
    *out = NULL;
    if (ctl_client_call(cx->client, "GET", path, NULL, 30, &r, why, len))
        return -1;
    cJSON *j = cJSON_ParseWithLength(r.body, r.len);
    long status = r.status;
    ctl_reply_release(&r);
    if (status < 200 || status > 299) {
        snprintf(why, len, "%s", j && *tool_jstr(j, "message") ? tool_jstr(j, "message")
                                                               : "refused");
        cJSON_Delete(j);
        return 1;
    }
    if (!j)
        return invalid(why, len, "the server's answer is not JSON");
    *out = j;
    return 0;
}

/* GET /arrays/{a}/<what>/{b} for "a/b". */
static int get_pair(struct cx *cx, const char *ab, const char *what, const char *tail,
                    cJSON **out, struct lab_result *r)
{
    const char *slash = strchr(ab, '/');
    char *a = xstrndup(ab, (size_t)(slash - ab));
    char *ea = ctl_client_escape(a), *eb = ctl_client_escape(slash + 1);
    char *path = xasprintf("/arrays/%s/%s/%s%s", ea, what, eb, tail);
    int rc = lab_get(cx, path, out, r->why, sizeof(r->why));
    free(path);
    free(ea);
    free(eb);
    free(a);
    return rc;
}

static int eval_group(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    static const char *const fields[] = { "role", "status", "mode", NULL };
    const char *name = tool_jstr(c, "group");
    cJSON *g;
    int rc = get_pair(cx, name, "groups", "", &g, r);
    if (rc)
        return rc < 0 ? EXIT_REFUSED : 0;
    r->held = true;
    for (const char *const *f = fields; *f && r->held; f++) {
        const char *want = tool_jstr(c, *f);
        if (*want && strcmp(want, tool_jstr(g, *f))) {
            r->held = false;
            snprintf(r->why, sizeof(r->why), "%s is %s/%s %s", name, tool_jstr(g, "role"),
                     tool_jstr(g, "status"), tool_jstr(g, "mode"));
        }
    }
    const cJSON *p;
    const char *sync_type = tool_jstr(c, "sync_type");
    cJSON_ArrayForEach(p, tool_jget(g, "pairs")) {
        if (r->held && *sync_type && strcmp(sync_type, tool_jstr(p, "sync_type"))) {
            r->held = false;
            snprintf(r->why, sizeof(r->why), "%s: the last sync of %s was %s", name,
                     tool_jstr(p, "local_vv"), tool_jstr(p, "sync_type"));
        }
    }
    int64_t max;
    double rpo = tool_jnum(g, "rpo_ms"), period = tool_jnum(g, "period_ms");
    if (r->held && !duration_of(cJSON_GetObjectItemCaseSensitive(c, "rpo_max"), &max) &&
        (rpo < 0 || rpo > (double)max)) {
        r->held = false;
        snprintf(r->why, sizeof(r->why), "%s: RPO %s (%.0f s)", name,
                 rpo < 0 ? "not known yet" : "too large", rpo / 1000);
    }
    if (r->held && !duration_of(cJSON_GetObjectItemCaseSensitive(c, "period_max"), &max) &&
        (period <= 0 || period > (double)max)) {
        r->held = false;
        snprintf(r->why, sizeof(r->why), "%s: period %.0f s", name, period / 1000);
    }
    cJSON_Delete(g);
    return 0;
}

static int eval_synced(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    const char *name = tool_jstr(c, "synced");
    cJSON *g;
    int rc = get_pair(cx, name, "groups", "", &g, r);
    if (rc)
        return rc < 0 ? EXIT_REFUSED : 0;
    const cJSON *p;
    r->held = cJSON_GetArraySize(tool_jget(g, "pairs")) > 0;
    if (!r->held)
        snprintf(r->why, sizeof(r->why), "%s has no volumes", name);
    cJSON_ArrayForEach(p, tool_jget(g, "pairs")) {
        if (r->held && (strcmp(tool_jstr(p, "status"), "Synced") ||
                        tool_jnum(p, "in_flight_blocks") > 0)) {
            r->held = false;
            snprintf(r->why, sizeof(r->why), "%s: %s is %s", name, tool_jstr(p, "local_vv"),
                     tool_jstr(p, "status"));
        }
    }
    cJSON_Delete(g);
    return 0;
}

static int eval_same_data(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    const cJSON *v;
    char first[64] = "";
    r->held = true;
    cJSON_ArrayForEach(v, tool_jget(c, "same_data")) {
        cJSON *d;
        int rc = get_pair(cx, v->valuestring, "volumes", "/digest", &d, r);
        if (rc) {
            r->held = false;
            return rc < 0 ? EXIT_REFUSED : 0;
        }
        if (!first[0])
            snprintf(first, sizeof(first), "%s", tool_jstr(d, "digest"));
        else if (strcmp(first, tool_jstr(d, "digest"))) {
            r->held = false;
            snprintf(r->why, sizeof(r->why), "%s holds other data", v->valuestring);
        }
        cJSON_Delete(d);
        if (!r->held)
            break;
    }
    return 0;
}

static int eval_link(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    const char *ab = tool_jstr(c, "link"), *slash = strchr(ab, '/');
    char *a = xstrndup(ab, (size_t)(slash - ab)), *ea = ctl_client_escape(a);
    char *pt = xasprintf("/arrays/%s/targets", ea), *pl = xasprintf("/arrays/%s/links", ea);
    cJSON *t = NULL, *l = NULL;
    int rc = lab_get(cx, pt, &t, r->why, sizeof(r->why));
    if (!rc)
        rc = lab_get(cx, pl, &l, r->why, sizeof(r->why));
    free(pt);
    free(pl);
    free(ea);
    free(a);
    if (!rc) {
        bool want = tool_jtrue(c, "up"), all = true;
        int n = 0;
        const cJSON *x, *y;
        cJSON_ArrayForEach(x, tool_jget(t, "targets")) {
            if (strcmp(tool_jstr(x, "peer_array"), slash + 1))
                continue;
            cJSON_ArrayForEach(y, tool_jget(l, "links")) {
                if (strcmp(tool_jstr(y, "target"), tool_jstr(x, "name")))
                    continue;
                n++;
                all = all && (tool_jtrue(y, "up") && tool_jtrue(y, "admin_up")) == want;
            }
        }
        r->held = n > 0 && all;
        if (!r->held)
            snprintf(r->why, sizeof(r->why), "the links %s are not all %s", ab,
                     want ? "up" : "down");
    }
    cJSON_Delete(t);
    cJSON_Delete(l);
    return rc < 0 ? EXIT_REFUSED : 0;
}

static int eval_power(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    char *e = ctl_client_escape(tool_jstr(c, "power")), *path = xasprintf("/arrays/%s", e);
    cJSON *a;
    int rc = lab_get(cx, path, &a, r->why, sizeof(r->why));
    free(path);
    free(e);
    if (rc)
        return rc < 0 ? EXIT_REFUSED : 0;
    r->held = tool_jtrue(a, "powered") == tool_jtrue(c, "on");
    if (!r->held)
        snprintf(r->why, sizeof(r->why), "%s is powered %s", tool_jstr(c, "power"),
                 tool_jtrue(a, "powered") ? "on" : "off");
    cJSON_Delete(a);
    return 0;
}

/* An event of the current log (a lab starts with a new one). */
static int eval_event(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    cJSON *j;
    int rc = lab_get(cx, "/events?limit=10000", &j, r->why, sizeof(r->why));
    if (rc)
        return rc < 0 ? EXIT_REFUSED : 0;
    const cJSON *e;
    const char *array = tool_jstr(c, "array"), *object = tool_jstr(c, "object"),
               *detail = tool_jstr(c, "detail");
    cJSON_ArrayForEach(e, tool_jget(j, "events")) {
        if (strcmp(tool_jstr(e, "kind"), tool_jstr(c, "event")) ||
            (*array && strcmp(array, tool_jstr(e, "array"))) ||
            (*object && strcmp(object, tool_jstr(e, "object"))) ||
            (*detail && !strstr(tool_jstr(e, "detail"), detail)))
            continue;
        r->held = true;
        break;
    }
    if (!r->held)
        snprintf(r->why, sizeof(r->why), "no %s event%s%s", tool_jstr(c, "event"),
                 *object ? " of " : "", object);
    cJSON_Delete(j);
    return 0;
}

int lab_check_eval(struct cx *cx, const cJSON *c, struct lab_result *r)
{
    static const struct {
        const char *key;
        int (*fn)(struct cx *cx, const cJSON *c, struct lab_result *r);
    } kinds[] = {
        { "group", eval_group }, { "synced", eval_synced }, { "same_data", eval_same_data },
        { "link", eval_link }, { "power", eval_power }, { "event", eval_event },
    };
    r->held = false;
    r->why[0] = '\0';
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (!cJSON_GetObjectItemCaseSensitive(c, kinds[i].key))
            continue;
        int rc = kinds[i].fn(cx, c, r);
        if (rc)
            fprintf(stderr, "rcsim %s: %s\n", cx->cmd->name, r->why);
        return rc;
    }
    return 0;
}
