/* tests/unit/sim_limits.c - the limits of docs/limits.md marked "unit":
 * the names a fixture gives, at the limit and one past it. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/limits.h"

/* The two-site fixture with the first array's name or first user's name
 * replaced; returns sim_open's result (the engine closed again). */
static int open_with(const char *what, const char *name, struct sim_err *err)
{
    cJSON *root = cJSON_Parse(rcsim_fixture_two_site);
    cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "arrays"), 0);
    cJSON *o = !strcmp(what, "user") ? cJSON_GetArrayItem(cJSON_GetObjectItem(a, "users"), 0)
                                     : a;
    cJSON_ReplaceItemInObject(o, "name", cJSON_CreateString(name));
    if (!strcmp(what, "array")) {
        /* the peer's target names the array it reaches */
        cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "targets")) {
            cJSON *arr = cJSON_GetObjectItem(t, "array"), *peer = cJSON_GetObjectItem(t, "peer");
            if (cJSON_IsString(arr) && !strcmp(arr->valuestring, "site-a"))
                cJSON_ReplaceItemInObject(t, "array", cJSON_CreateString(name));
            if (cJSON_IsString(peer) && !strcmp(peer->valuestring, "site-a"))
                cJSON_ReplaceItemInObject(t, "peer", cJSON_CreateString(name));
        }
    }
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    struct sim *s = NULL;
    struct sim_options opt = { .db_path = ":memory:", .fixture_json = json,
                               .fixture_name = "limits.json", .clock_set = true,
                               .clock_mode = SIM_CLOCK_MANUAL };
    int rc = sim_open(&opt, &s, err);
    sim_close(s);
    free(json);
    return rc;
}

static void at_and_past(const char *what, size_t lim)
{
    struct sim_err err = SIM_ERR_INIT;
    char name[64];
    memset(name, 'n', lim);
    name[lim] = '\0';
    cr_assert_eq(open_with(what, name, &err), 0, "%s name of %zu: %s", what, lim, err.detail);
    name[lim] = 'n';
    name[lim + 1] = '\0';
    cr_assert_eq(open_with(what, name, &err), -1, "%s name of %zu taken", what, lim + 1);
    cr_assert(strstr(err.detail, "name"), "the refusal names the field: %s", err.detail);
}

Test(sim_limits, user_name)
{
    at_and_past("user", SIM_LIM_USER_NAME);
}

Test(sim_limits, array_name)
{
    at_and_past("array", SIM_LIM_ARRAY_NAME);
}
