/* api/wsapi_query.c - see wsapi_query.h. */
#include "api/wsapi_query.h"
#include "util/strutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void trim(char *s)
{
    size_t len = strlen(s), i = 0;
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    while (isspace((unsigned char)s[i]))
        i++;
    memmove(s, s + i, len - i + 1);
}

static int add_term(struct wsapi_filter *f, const char *prefix, const char *field,
                    const char *value)
{
    if (f->n == WSAPI_FILTER_MAX || !*field || !*value)
        return -1;
    snprintf(f->terms[f->n].field, sizeof(f->terms[f->n].field), "%s%s%s", prefix,
             *prefix ? "." : "", field);
    rc_strlcpy(f->terms[f->n].value, value, sizeof(f->terms[f->n].value));
    f->n++;
    return 0;
}

/* One "k EQ v" or "k==v" term, trimmed. */
static int parse_term(struct wsapi_filter *f, const char *prefix, char *t)
{
    char *op, *v;
    trim(t);
    if ((op = strstr(t, "=="))) {
        v = op + 2;
    } else if ((op = strstr(t, " EQ "))) {
        v = op + 4;
    } else {
        return -1;
    }
    *op = '\0';
    trim(t);
    trim(v);
    return add_term(f, prefix, t, v);
}

/* Splits s at " OR " / " AND " outside brackets, calling parse for each. */
static int split_terms(struct wsapi_filter *f, char *s,
                       int (*each)(struct wsapi_filter *, char *))
{
    int depth = 0;
    char *start = s;
    for (char *p = s; *p; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']')
            depth--;
        if (depth)
            continue;
        size_t skip = 0;
        if (!strncmp(p, " OR ", 4)) {
            skip = 4;
            f->any = true;
        } else if (!strncmp(p, " AND ", 5)) {
            skip = 5;
        }
        if (skip) {
            *p = '\0';
            if (each(f, start))
                return -1;
            start = p + skip;
            p += skip - 1;
        }
    }
    return depth ? -1 : each(f, start);
}

static int bracket_group(struct wsapi_filter *f, char *g)
{
    trim(g);
    char *open = strchr(g, '[');
    size_t len = strlen(g);
    if (!open)
        return parse_term(f, "", g);
    if (len == 0 || g[len - 1] != ']')
        return -1;
    g[len - 1] = '\0';
    *open = '\0';
    char prefix[64];
    rc_strlcpy(prefix, g, sizeof(prefix));
    trim(prefix);
    /* inside a group the terms are alternatives (wwn==A OR wwn==B) */
    char *s = open + 1;
    for (char *tok = s, *next; tok; tok = next) {
        next = strstr(tok, " OR ");
        if (next) {
            *next = '\0';
            next += 4;
        }
        if (parse_term(f, prefix, tok))
            return -1;
    }
    f->any = true;
    return 0;
}

int wsapi_filter_parse(const char *q, struct wsapi_filter *f)
{
    char buf[2048];
    memset(f, 0, sizeof(*f));
    if (rc_strlcpy(buf, q, sizeof(buf)) >= sizeof(buf))
        return -1;
    trim(buf);
    size_t len = strlen(buf);
    if (len >= 2 && buf[0] == '"' && buf[len - 1] == '"') {
        buf[len - 1] = '\0';
        memmove(buf, buf + 1, len - 1);
    }
    trim(buf);
    if (!*buf)
        return -1;
    return split_terms(f, buf, bracket_group);
}

static void wwn_squash(const char *in, char *out, size_t size)
{
    size_t j = 0;
    for (; *in && j + 1 < size; in++)
        if (*in != ':')
            out[j++] = (char)toupper((unsigned char)*in);
    out[j] = '\0';
}

static bool value_eq(const cJSON *v, const char *field, const char *want)
{
    char buf[64];
    if (cJSON_IsString(v)) {
        if (strstr(field, "wwn") || strstr(field, "WWN")) {
            char a[256], b[256];
            wwn_squash(v->valuestring, a, sizeof(a));
            wwn_squash(want, b, sizeof(b));
            return !strcmp(a, b);
        }
        return !strcmp(v->valuestring, want);
    }
    if (cJSON_IsNumber(v)) {
        snprintf(buf, sizeof(buf), "%lld", (long long)v->valuedouble);
        return !strcmp(buf, want);
    }
    if (cJSON_IsBool(v))
        return !strcasecmp(want, cJSON_IsTrue(v) ? "true" : "false");
    return false;
}

static bool term_match(const cJSON *obj, const char *field, const char *want)
{
    const char *dot = strchr(field, '.');
    if (!dot)
        return value_eq(cJSON_GetObjectItemCaseSensitive(obj, field), field, want);
    char head[64];
    size_t hl = (size_t)(dot - field) < sizeof(head) - 1 ? (size_t)(dot - field)
                                                          : sizeof(head) - 1;
    memcpy(head, field, hl);
    head[hl] = '\0';
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(obj, head), *e;
    if (cJSON_IsObject(sub))
        return term_match(sub, dot + 1, want);
    cJSON_ArrayForEach(e, sub)
        if (term_match(e, dot + 1, want))
            return true;
    return false;
}

bool wsapi_filter_match(const struct wsapi_filter *f, const cJSON *obj)
{
    for (size_t i = 0; i < f->n; i++) {
        bool m = term_match(obj, f->terms[i].field, f->terms[i].value);
        if (f->any && m)
            return true;
        if (!f->any && !m)
            return false;
    }
    return !f->any;
}

cJSON *wsapi_filter_apply(const struct wsapi_filter *f, cJSON *members)
{
    cJSON *e = members->child;
    while (e) {
        cJSON *next = e->next;
        if (!wsapi_filter_match(f, e))
            cJSON_Delete(cJSON_DetachItemViaPointer(members, e));
        e = next;
    }
    return members;
}
