/* api/json.c - see json.h. cJSON returns NULL (or false) only when it
 * cannot allocate; every helper turns that into one abort. */
#include "api/json.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>

static void oom(void)
{
    fputs("rcsim: out of memory building JSON\n", stderr);
    abort();
}

static cJSON *must(cJSON *item)
{
    if (!item)
        oom();
    return item;
}

cJSON *json_object(void)
{
    return must(cJSON_CreateObject());
}

cJSON *json_array(void)
{
    return must(cJSON_CreateArray());
}

void json_put_str(cJSON *o, const char *key, const char *val)
{
    must(cJSON_AddStringToObject(o, key, val ? val : ""));
}

void json_put_num(cJSON *o, const char *key, double val)
{
    must(cJSON_AddNumberToObject(o, key, val));
}

void json_put_int(cJSON *o, const char *key, int64_t val)
{
    must(cJSON_AddNumberToObject(o, key, (double)val));
}

void json_put_bool(cJSON *o, const char *key, bool val)
{
    must(cJSON_AddBoolToObject(o, key, val));
}

void json_put_null(cJSON *o, const char *key)
{
    must(cJSON_AddNullToObject(o, key));
}

void json_put(cJSON *o, const char *key, cJSON *item)
{
    if (!cJSON_AddItemToObject(o, key, must(item)))
        oom();
}

void json_push(cJSON *a, cJSON *item)
{
    if (!cJSON_AddItemToArray(a, must(item)))
        oom();
}
