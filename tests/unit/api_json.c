/* tests/unit/api_json.c - the JSON builder shared by the WSAPI, the control
 * API and the rcsim command: each helper writes what the cJSON call it
 * wraps writes (so replies stay byte for byte the same), a NULL string is
 * "", integers stay exact, items put into a parent belong to it, and an
 * allocation cJSON cannot make aborts instead of leaving a half-built
 * reply. */
#include "api/json.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* The unformatted text of j (then deleted), compared with want. */
static void expect_text(cJSON *j, const char *want)
{
    char *got = cJSON_PrintUnformatted(j);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want);
    free(got);
    cJSON_Delete(j);
}

Test(api_json, every_kind_of_member)
{
    cJSON *o = json_object();
    json_put_str(o, "s", "a\"b");
    json_put_num(o, "n", 1.5);
    json_put_int(o, "i", -42);
    json_put_bool(o, "t", true);
    json_put_bool(o, "f", false);
    json_put_null(o, "z");
    expect_text(o, "{\"s\":\"a\\\"b\",\"n\":1.5,\"i\":-42,\"t\":true,\"f\":false,\"z\":null}");
}

Test(api_json, same_text_as_the_cjson_calls)
{
    cJSON *ours = json_object(), *raw = cJSON_CreateObject();
    json_put_str(ours, "name", "vv1");
    json_put_num(ours, "sizeMiB", 10240);
    json_put_num(ours, "ratio", 0.25);
    json_put_bool(ours, "up", true);
    json_put_null(ours, "none");
    cJSON_AddStringToObject(raw, "name", "vv1");
    cJSON_AddNumberToObject(raw, "sizeMiB", 10240);
    cJSON_AddNumberToObject(raw, "ratio", 0.25);
    cJSON_AddBoolToObject(raw, "up", true);
    cJSON_AddNullToObject(raw, "none");
    char *want = cJSON_PrintUnformatted(raw);
    cr_assert_not_null(want);
    expect_text(ours, want);
    free(want);
    cJSON_Delete(raw);
}

Test(api_json, null_string_is_empty)
{
    cJSON *o = json_object();
    json_put_str(o, "detail", NULL);
    expect_text(o, "{\"detail\":\"\"}");
}

/* Past 32 bits (ids, byte counts), up to the 15 digits cJSON prints. */
Test(api_json, integers_stay_exact)
{
    cJSON *o = json_object();
    json_put_int(o, "big", INT64_C(999999999999999));
    json_put_int(o, "neg", INT64_C(-4294967296));
    json_put_int(o, "zero", 0);
    expect_text(o, "{\"big\":999999999999999,\"neg\":-4294967296,\"zero\":0}");
}

Test(api_json, nesting_and_order)
{
    cJSON *o = json_object(), *a = json_array(), *inner = json_object();
    json_put_str(inner, "k", "v");
    json_push(a, inner);
    json_push(a, cJSON_CreateNumber(7));
    json_push(a, cJSON_CreateString("x"));
    json_put(o, "list", a);
    json_put(o, "empty", json_array());
    json_put(o, "obj", json_object());
    expect_text(o, "{\"list\":[{\"k\":\"v\"},7,\"x\"],\"empty\":[],\"obj\":{}}");
}

/* An allocator that fails from the nth call on: what cJSON sees when the
 * process is out of memory. */
static int allocs_left;

static void *failing_malloc(size_t n)
{
    if (allocs_left-- <= 0)
        return NULL;
    return malloc(n);
}

static void fail_after(int n)
{
    cJSON_Hooks hooks = { .malloc_fn = failing_malloc, .free_fn = free };
    allocs_left = n;
    cJSON_InitHooks(&hooks);
}

Test(api_json, object_out_of_memory_aborts, .signal = SIGABRT)
{
    fail_after(0);
    json_object();
}

Test(api_json, array_out_of_memory_aborts, .signal = SIGABRT)
{
    fail_after(0);
    json_array();
}

Test(api_json, member_out_of_memory_aborts, .signal = SIGABRT)
{
    cJSON *o = json_object();
    fail_after(0);
    json_put_str(o, "k", "v");
}

Test(api_json, number_out_of_memory_aborts, .signal = SIGABRT)
{
    cJSON *o = json_object();
    fail_after(0);
    json_put_int(o, "k", 1);
}

/* The key copy fails after the item was made. */
Test(api_json, key_out_of_memory_aborts, .signal = SIGABRT)
{
    cJSON *o = json_object(), *a = json_array();
    fail_after(0);
    json_put(o, "k", a);
}

/* A cJSON_Create* that failed hands NULL to put or push. */
Test(api_json, put_of_failed_item_aborts, .signal = SIGABRT)
{
    json_put(json_object(), "k", NULL);
}

Test(api_json, push_of_failed_item_aborts, .signal = SIGABRT)
{
    json_push(json_array(), NULL);
}
