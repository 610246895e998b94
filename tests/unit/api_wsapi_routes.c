/* tests/unit/api_wsapi_routes.c - path decoding, query strings, query
 * filters and body checks of the WSAPI router. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "api/wsapi_internal.h"
#include "api/wsapi_query.h"

static void free_segs(char **segs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(segs[i]);
}

Test(api_wsapi_routes, raw_reserved_characters_stay)
{
    char *segs[WSAPI_MAX_SEGS];
    size_t n;
    bool root;
    cr_assert_eq(wsapi_path_split("/api/v1/vluns/VOL,5,HOST,1:7:1", segs, WSAPI_MAX_SEGS,
                                  &n, &root), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(segs[0], "vluns");
    cr_assert_str_eq(segs[1], "VOL,5,HOST,1:7:1");
    free_segs(segs, n);
    cr_assert_eq(wsapi_path_split("/api/v1/volumes/VOL/objectKeyValues/&", segs,
                                  WSAPI_MAX_SEGS, &n, &root), 0);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(segs[3], "&");
    free_segs(segs, n);
    cr_assert_eq(wsapi_path_split("/api/v1/hostsets/HostSet-!nval!d", segs, WSAPI_MAX_SEGS,
                                  &n, &root), 0);
    cr_assert_str_eq(segs[1], "HostSet-!nval!d");
    free_segs(segs, n);
    cr_assert_eq(wsapi_path_split("/api/v1/qos/vvset:VSET_1", segs, WSAPI_MAX_SEGS, &n,
                                  &root), 0);
    cr_assert_str_eq(segs[1], "vvset:VSET_1");
    free_segs(segs, n);
}

Test(api_wsapi_routes, percent_escapes_decode_per_segment)
{
    char *segs[WSAPI_MAX_SEGS];
    size_t n;
    bool root;
    cr_assert_eq(wsapi_path_split("/api/v1/hosts/B%26d%20Host", segs, WSAPI_MAX_SEGS, &n,
                                  &root), 0);
    cr_assert_str_eq(segs[1], "B&d Host");
    free_segs(segs, n);
    /* an escaped slash stays inside its segment */
    cr_assert_eq(wsapi_path_split("/api/v1/hosts/a%2Fb", segs, WSAPI_MAX_SEGS, &n, &root), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(segs[1], "a/b");
    free_segs(segs, n);
    /* -2: an illegal character (400/69), not an unknown path */
    cr_assert_eq(wsapi_path_split("/api/v1/hosts/bad%zz", segs, WSAPI_MAX_SEGS, &n, &root), -2);
    cr_assert_eq(wsapi_path_split("/api/v1/hosts/nul%00", segs, WSAPI_MAX_SEGS, &n, &root), -2);
}

Test(api_wsapi_routes, odd_urls)
{
    char *segs[WSAPI_MAX_SEGS];
    size_t n;
    bool root;
    cr_assert_eq(wsapi_path_split("/api", segs, WSAPI_MAX_SEGS, &n, &root), 0);
    cr_assert(root);
    cr_assert_eq(wsapi_path_split("/api/v1/", segs, WSAPI_MAX_SEGS, &n, &root), 0);
    cr_assert(!root);
    cr_assert_eq(n, 0);
    cr_assert_eq(wsapi_path_split("/api/v1/ports/0:2:1/iSCSIVlans/", segs, WSAPI_MAX_SEGS, &n,
                                  &root), 0);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(segs[2], "iSCSIVlans");
    free_segs(segs, n);
    cr_assert_eq(wsapi_path_split("/api/v1systemreporter/x", segs, WSAPI_MAX_SEGS, &n, &root),
                 -1);
    cr_assert_eq(wsapi_path_split("/other", segs, WSAPI_MAX_SEGS, &n, &root), -1);
    cr_assert_eq(wsapi_path_split("/api/v1/a/b/c/d/e/f/g/h/i", segs, WSAPI_MAX_SEGS, &n, &root),
                 -1);
}

Test(api_wsapi_routes, query_string_decodes)
{
    struct wsapi_query_kv kv[WSAPI_MAX_QUERY];
    size_t n;
    char *store;
    cr_assert_eq(wsapi_query_parse("query=%22copyOf%20EQ%20VOL1%22&keepSnap=true", kv,
                                   WSAPI_MAX_QUERY, &n, &store), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(kv[0].key, "query");
    cr_assert_str_eq(kv[0].value, "\"copyOf EQ VOL1\"");
    cr_assert_str_eq(kv[1].key, "keepSnap");
    cr_assert_str_eq(kv[1].value, "true");
    for (size_t i = 0; i < n; i++)
        free(kv[i].value);
    free(store);
    cr_assert_eq(wsapi_query_parse("a=%G1", kv, WSAPI_MAX_QUERY, &n, &store), -1);
}

Test(api_wsapi_routes, eq_filter_matches_fields)
{
    struct wsapi_filter f;
    cr_assert_eq(wsapi_filter_parse("\"copyOf EQ VOL1\"", &f), 0);
    cr_assert_eq(f.n, 1);
    cJSON *a = cJSON_Parse("{\"name\":\"S1\",\"copyOf\":\"VOL1\"}");
    cJSON *b = cJSON_Parse("{\"name\":\"VOL1\"}");
    cr_assert(wsapi_filter_match(&f, a));
    cr_assert(!wsapi_filter_match(&f, b));
    cJSON_Delete(a);
    cJSON_Delete(b);
    cr_assert_eq(wsapi_filter_parse("\"\"", &f), -1);
    cr_assert_eq(wsapi_filter_parse("\"copyOf LIKE x\"", &f), -1);
}

Test(api_wsapi_routes, host_path_filter)
{
    struct wsapi_filter f;
    cr_assert_eq(wsapi_filter_parse("\"FCPaths[wwn==1000000000000001 OR wwn==1000000000000002]"
                                    " OR iSCSIPaths[name==iqn.x]\"", &f), 0);
    cr_assert_eq(f.n, 3);
    cr_assert(f.any);
    cJSON *h1 = cJSON_Parse("{\"FCPaths\":[{\"wwn\":\"10:00:00:00:00:00:00:02\"}],"
                            "\"iSCSIPaths\":[]}");
    cJSON *h2 = cJSON_Parse("{\"FCPaths\":[],\"iSCSIPaths\":[{\"name\":\"iqn.x\"}]}");
    cJSON *h3 = cJSON_Parse("{\"FCPaths\":[{\"wwn\":\"1000000000000009\"}],"
                            "\"iSCSIPaths\":[{\"name\":\"iqn.y\"}]}");
    cr_assert(wsapi_filter_match(&f, h1));
    cr_assert(wsapi_filter_match(&f, h2));
    cr_assert(!wsapi_filter_match(&f, h3));
    cJSON_Delete(h1);
    cJSON_Delete(h2);
    cJSON_Delete(h3);
}

static const struct wsapi_field inner[] = {
    { "HA", WF_INT, 0, 1, 3, WC_BAD_ENUM, NULL },
    { NULL, 0, 0, 0, 0, 0, NULL },
};
static const struct wsapi_field fields[] = {
    { "name", WF_STR, WF_REQUIRED | WF_NAME, 0, 31, 0, NULL },
    { "size", WF_INT, WF_REQUIRED, 1, 100, WC_TOO_LARGE, NULL },
    { "flag", WF_BOOL, WF_NULLABLE, 0, 0, 0, NULL },
    { "LD", WF_OBJ, 0, 0, 0, 0, inner },
    { NULL, 0, 0, 0, 0, 0, NULL },
};

static int check_code(const char *json)
{
    struct wsapi_req rq = { .array = "a" };
    cJSON *b = cJSON_Parse(json);
    int code = wsapi_body_check(&rq, b, fields) ? cJSON_GetObjectItem(rq.reply,
                                                                      "code")->valueint : 0;
    cJSON_Delete(b);
    wsapi_req_release(&rq);
    return code;
}

Test(api_wsapi_routes, body_checks_in_order)
{
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":1}"), 0);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":1,\"flag\":null}"), 0);
    /* unknown keys first, nested ones included */
    cr_assert_eq(check_code("{\"name\":\"" "0123456789012345678901234567890123" "\","
                            "\"bad\":1}"), 12);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":1,\"LD\":{\"RAIDBad\":1}}"), 12);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":\"junk\"}"), 39);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":1.5}"), 39);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":1,\"flag\":\"junk\"}"), 39);
    cr_assert_eq(check_code("{\"size\":1}"), 40);
    cr_assert_eq(check_code("{\"name\":null,\"size\":1}"), 39);
    cr_assert_eq(check_code("{\"name\":\"0123456789012345678901234567890123\",\"size\":1}"),
                 57);
    cr_assert_eq(check_code("{\"name\":\"B&d\",\"size\":1}"), 69);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":0}"), 115);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":101}"), 28);
    cr_assert_eq(check_code("{\"name\":\"a\",\"size\":1,\"LD\":{\"HA\":9}}"), 46);
}
