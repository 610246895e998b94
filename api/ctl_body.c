/* api/ctl_body.c - typed access to control API request bodies and query
 * parameters. Owns: the type and range checks and their refusal details,
 * so that handlers never look at raw JSON. Not: routing (ctl_routes.c). */
#include "api/ctl_internal.h"
#include "util/strutil.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <string.h>

#define JSON_INT_MAX 9007199254740992.0     /* 2^53: exact in a double */

static const cJSON *field(const struct ctl_req *rq, const char *key)
{
    if (!rq->body)
        return NULL;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(rq->body, key);
    return cJSON_IsNull(item) ? NULL : item;
}

static int absent(const char *key, bool required, struct sim_err *err)
{
    if (required)
        return sim_fail(err, SIM_EINVAL, key, "missing field '%s'", key);
    return 0;
}

int ctl_body_str(const struct ctl_req *rq, const char *key, bool required, const char **out,
                 struct sim_err *err)
{
    const cJSON *item = field(rq, key);
    if (!item)
        return absent(key, required, err);
    if (!cJSON_IsString(item))
        return sim_fail(err, SIM_EINVAL, key, "field '%s' must be a string", key);
    *out = item->valuestring;
    return 1;
}

static int parse_u64_text(const char *key, const char *text, bool sizes, uint64_t *out,
                          struct sim_err *err)
{
    int64_t v;
    if (sizes ? rc_parse_bytes(text, out) == 0 : (rc_parse_i64(text, &v) == 0 && v >= 0)) {
        if (!sizes)
            *out = (uint64_t)v;
        return 1;
    }
    return sim_fail(err, SIM_EINVAL, key, "'%s' must be a non-negative integer%s, not '%s'",
                    key, sizes ? " (K/M/G/T suffixes allowed)" : "", text);
}

int ctl_body_u64(const struct ctl_req *rq, const char *key, bool required, bool sizes,
                 uint64_t *out, struct sim_err *err)
{
    const cJSON *item = field(rq, key);
    if (!item)
        return absent(key, required, err);
    if (cJSON_IsString(item) && sizes)
        return parse_u64_text(key, item->valuestring, sizes, out, err);
    if (!cJSON_IsNumber(item))
        return sim_fail(err, SIM_EINVAL, key, "field '%s' must be an integer%s", key,
                        sizes ? " or a size string like \"1G\"" : "");
    double d = item->valuedouble;
    if (d < 0 || d != floor(d) || d > JSON_INT_MAX)
        return sim_fail(err, SIM_ERANGE, key, "field '%s' must be an integer in 0..2^53", key);
    *out = (uint64_t)d;
    return 1;
}

int ctl_body_duration(const struct ctl_req *rq, const char *key, bool required, int64_t *ms,
                      struct sim_err *err)
{
    const cJSON *item = field(rq, key);
    uint64_t n;
    if (cJSON_IsString(item)) {
        if (rc_parse_duration_ms(item->valuestring, 0, ms))
            return sim_fail(err, SIM_EINVAL, key,
                            "'%s' must be a duration like \"90s\", \"1m30s\", \"1.5s\", "
                            "not '%s'", key, item->valuestring);
        return 1;
    }
    int rc = ctl_body_u64(rq, key, required, false, &n, err);
    if (rc < 0 && err->rc == SIM_EINVAL)
        sim_fail(err, SIM_EINVAL, key,
                 "'%s' must be milliseconds or a duration string like \"5m\"", key);
    if (rc == 1)
        *ms = (int64_t)n;
    return rc;
}

int ctl_body_bool(const struct ctl_req *rq, const char *key, bool required, bool *out,
                  struct sim_err *err)
{
    const cJSON *item = field(rq, key);
    if (!item)
        return absent(key, required, err);
    if (!cJSON_IsBool(item))
        return sim_fail(err, SIM_EINVAL, key, "field '%s' must be true or false", key);
    *out = cJSON_IsTrue(item);
    return 1;
}

int ctl_body_double(const struct ctl_req *rq, const char *key, bool required, double *out,
                    struct sim_err *err)
{
    const cJSON *item = field(rq, key);
    if (!item)
        return absent(key, required, err);
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
        return sim_fail(err, SIM_EINVAL, key, "field '%s' must be a number", key);
    *out = item->valuedouble;
    return 1;
}

int ctl_body_strv(const struct ctl_req *rq, const char *key, bool required,
                  const cJSON **out, struct sim_err *err)
{
    const cJSON *item = field(rq, key);
    const cJSON *elem;
    if (!item)
        return absent(key, required, err);
    if (!cJSON_IsArray(item))
        return sim_fail(err, SIM_EINVAL, key, "field '%s' must be an array of strings", key);
    cJSON_ArrayForEach(elem, item) {
        if (!cJSON_IsString(elem))
            return sim_fail(err, SIM_EINVAL, key, "field '%s' must be an array of strings",
                            key);
    }
    *out = item;
    return 1;
}

int ctl_query_u64(const struct ctl_req *rq, const char *key, bool required, bool sizes,
                  uint64_t *out, struct sim_err *err)
{
    const char *v = ctl_req_query(rq, key);
    if (!v)
        return absent(key, required, err);
    return parse_u64_text(key, v, sizes, out, err);
}
