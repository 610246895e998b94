/* api/wsapi_body.c - declarative checks of JSON request bodies.
 * Owns: the order in which a body is judged, which the client's tests pin
 * down (docs/array-interfaces.md §2.2, §2.3, §2.6, §6 fact 18): every key is known (else
 * 12), then per field in table order its type (39), presence (40), empty
 * string (45), range (115 below, 43 or the field's code above), length
 * (57) and characters (69). All of it runs before any handler looks an
 * object up, so a bad body for a missing object is a 400, not a 404/409.
 * A null member is one not given, as the array takes it (the client
 * libraries send null for every option left unset); only a required
 * member may not be null. A boolean false asks for nothing either, so a
 * false "unset"/"remove" flag conflicts with no other member.
 * Not: enum membership and cross-field rules (the handlers). */
#include "api/wsapi_internal.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool wsapi_name_has_illegal(const char *s)
{
    /* docs/array-interfaces.md §2.6: & ! @ # $ % ^ in host names; the array accepts only
     * [A-Za-z0-9_.-] and a few more in object names */
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x21 || c > 0x7e || strchr("&!@#$%^*()+={}[]|\\;'\"<>,?/`~", c))
            return true;
    }
    return false;
}

static bool type_ok(const cJSON *v, enum wsapi_ftype t)
{
    switch (t) {
    case WF_STR: return cJSON_IsString(v);
    case WF_INT:
        return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
               fabs(v->valuedouble) < 9.0e15;
    case WF_BOOL: return cJSON_IsBool(v);
    case WF_OBJ: return cJSON_IsObject(v);
    case WF_ARR_STR:
    case WF_ARR_OBJ: {
        if (!cJSON_IsArray(v))
            return false;
        const cJSON *e;
        cJSON_ArrayForEach(e, v)
            if (t == WF_ARR_STR ? !cJSON_IsString(e) : !cJSON_IsObject(e))
                return false;
        return true;
    }
    case WF_ANY: return true;
    }
    return false;
}

static const struct wsapi_field *field_find(const struct wsapi_field *f, const char *k)
{
    for (; f->key; f++)
        if (!strcmp(f->key, k))
            return f;
    return NULL;
}

static int check_value(struct wsapi_req *rq, const cJSON *v, const struct wsapi_field *f)
{
    if (!type_ok(v, f->type))
        return wsapi_reply_code(rq, WC_WRONG_TYPE, f->key);
    if (f->type == WF_STR) {
        size_t len = strlen(v->valuestring);
        if ((f->flags & WF_NONEMPTY) && len == 0)
            return wsapi_reply_code(rq, WC_EMPTY_STR, f->key);
        if (f->max && len > (size_t)f->max)
            return wsapi_reply_code(rq, WC_EXCEEDS_LENGTH, f->key);
        if ((f->flags & WF_NAME) && wsapi_name_has_illegal(v->valuestring))
            return wsapi_reply_code(rq, WC_ILLEGAL_CHAR, f->key);
    } else if (f->type == WF_INT && (f->min || f->max)) {
        if (v->valuedouble < (double)f->min)
            return wsapi_reply_code(rq, WC_BELOW_RANGE, f->key);
        if (v->valuedouble > (double)f->max)
            return wsapi_reply_code(rq, f->above ? f->above : WC_EXCEEDS_RANGE, f->key);
    } else if (f->type == WF_ARR_STR && (f->max || (f->flags & WF_NAME))) {
        const cJSON *e;
        cJSON_ArrayForEach(e, v) {
            if (f->max && strlen(e->valuestring) > (size_t)f->max)
                return wsapi_reply_code(rq, WC_EXCEEDS_LENGTH, f->key);
            if ((f->flags & WF_NAME) && wsapi_name_has_illegal(e->valuestring))
                return wsapi_reply_code(rq, WC_ILLEGAL_CHAR, f->key);
        }
    }
    return 0;
}

static int check_keys(struct wsapi_req *rq, const cJSON *obj, const struct wsapi_field *fields)
{
    const cJSON *kv;
    cJSON_ArrayForEach(kv, obj) {
        const struct wsapi_field *f = field_find(fields, kv->string);
        if (!f)
            return wsapi_reply_code(rq, WC_INV_INPUT, kv->string);
        /* nested keys are judged with the top-level ones (§2.2: an unknown
         * LDLayout key is a 400 before the domain is looked at) */
        if (f->sub && f->type == WF_OBJ && cJSON_IsObject(kv) &&
            check_keys(rq, kv, f->sub))
            return -1;
        if (f->sub && f->type == WF_ARR_OBJ && cJSON_IsArray(kv)) {
            const cJSON *e;
            cJSON_ArrayForEach(e, kv)
                if (cJSON_IsObject(e) && check_keys(rq, e, f->sub))
                    return -1;
        }
    }
    return 0;
}

static int check_fields(struct wsapi_req *rq, const cJSON *obj, const struct wsapi_field *fields)
{
    for (const struct wsapi_field *f = fields; f->key; f++) {
        const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, f->key) : NULL;
        bool null = cJSON_IsNull(v);
        if (!v || (null && ((f->flags & WF_NULLABLE) || !(f->flags & WF_REQUIRED)))) {
            if (f->flags & WF_REQUIRED)
                return wsapi_reply_code(rq, v ? WC_WRONG_TYPE : WC_MISSING_REQUIRED, f->key);
            continue;
        }
        if (check_value(rq, v, f))
            return -1;
        if (f->sub && f->type == WF_OBJ && check_fields(rq, v, f->sub))
            return -1;
        if (f->sub && f->type == WF_ARR_OBJ) {
            const cJSON *e;
            cJSON_ArrayForEach(e, v)
                if (check_fields(rq, e, f->sub))
                    return -1;
        }
    }
    return 0;
}

int wsapi_body_check(struct wsapi_req *rq, const cJSON *obj, const struct wsapi_field *fields)
{
    if (obj && check_keys(rq, obj, fields))
        return -1;
    return check_fields(rq, obj, fields);
}

const char *wb_str(const cJSON *o, const char *k)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char **wb_strv(const cJSON *o, const char *k, size_t *n)
{
    const cJSON *arr = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL, *e;
    *n = 0;
    if (!cJSON_IsArray(arr))
        return NULL;
    const char **v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*v));
    cJSON_ArrayForEach(e, arr)
        v[(*n)++] = e->valuestring;
    return v;
}

int64_t wb_int(const cJSON *o, const char *k, int64_t dflt)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : dflt;
}

bool wb_bool(const cJSON *o, const char *k, bool dflt)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

bool wb_has(const cJSON *o, const char *k)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return v && !cJSON_IsNull(v);
}

bool wb_given(const cJSON *o, const char *k)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return v && !cJSON_IsNull(v) && !cJSON_IsFalse(v);
}

int wsapi_conflict(struct wsapi_req *rq, const cJSON *o, const char *a, const char *b)
{
    char ref[64];
    if (!wb_given(o, a) || !wb_given(o, b))
        return 0;
    snprintf(ref, sizeof(ref), "%s, %s", a, b);
    return wsapi_reply_code(rq, WC_PARAM_CONFLICT, ref);
}
