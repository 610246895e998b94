/* tests/unit/api_wsapi_server.c - the WSAPI end to end in one process: a
 * two-site engine, the real listeners (HTTP and HTTPS), libcurl as the
 * client. Written from docs/array-interfaces.md §1-§2 field lists. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "api/wsapi.h"
#include "helpers.h"
#include "wsapi_client.h"
#include "sim/array.h"
#include "sim/err.h"
#include "sim/sim.h"
#include "util/strbuf.h"

extern const char rcsim_fixture_two_site[];

static struct sim *S;
static struct wsapi *W;
static int OFF;
static char KEY[128];

static struct resp req(const char *host, const char *method, const char *path,
                       const char *body, const char *key)
{
    return wsapi_client_req(host, 8008 + OFF, method, path, body, key);
}

static struct resp A(const char *method, const char *path, const char *body)
{
    return req("127.0.0.1", method, path, body, KEY);
}

static int code_of(const struct resp *r)
{
    const cJSON *c = r->body ? cJSON_GetObjectItem(r->body, "code") : NULL;
    return c ? c->valueint : -1;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void login(char *key, size_t len, const char *user, const char *pw)
{
    char body[200];
    snprintf(body, sizeof(body), "{\"user\":\"%s\",\"password\":\"%s\",\"InServ\":\"x\"}",
             user, pw);
    struct resp r = req("127.0.0.1", "POST", "/api/v1/credentials", body, NULL);
    cr_assert_eq(r.status, 201);
    snprintf(key, len, "%s", str_of(r.body, "key"));
    done(&r);
}

static void setup(void)
{
    S = test_sim_open_wsapi(&W, &OFF);
    login(KEY, sizeof(KEY), "3paradm", "3pardata");
}

static void teardown(void)
{
    wsapi_stop(W);
    sim_close(S);
}

TestSuite(api_wsapi_server, .init = setup, .fini = teardown, .timeout = 60);

Test(api_wsapi_server, login_and_sessions)
{
    struct resp r = req("127.0.0.1", "POST", "/api/v1/credentials",
                        "{\"user\":\"3paradm\",\"password\":\"bad\"}", NULL);
    cr_assert_eq(r.status, 403);
    cr_assert_eq(code_of(&r), 5);
    cr_assert_str_eq(str_of(r.body, "desc"), "invalid username or password");
    done(&r);
    r = req("127.0.0.1", "GET", "/api/v1/system", NULL, NULL);
    cr_assert_eq(r.status, 401);
    cr_assert_not_null(r.body);
    done(&r);
    r = req("127.0.0.1", "GET", "/api/v1/system", NULL, "0-bogus");
    cr_assert_eq(r.status, 401);
    done(&r);
    /* a key is per array */
    r = req("127.0.0.2", "GET", "/api/v1/system", NULL, KEY);
    cr_assert_eq(r.status, 401);
    done(&r);
    r = req("127.0.0.1", "GET", "/api", NULL, NULL);
    cr_assert_eq(r.status, 200);
    double build = cJSON_GetObjectItem(r.body, "build")->valuedouble;
    cr_assert(build >= 30202290 && build < 40000128);
    /* older clients enable compression when "major.minor.revision" >=
     * "1.6.0" compared as strings (§2.1) */
    char ver[64];
    snprintf(ver, sizeof(ver), "%d.%d.%d", cJSON_GetObjectItem(r.body, "major")->valueint,
             cJSON_GetObjectItem(r.body, "minor")->valueint,
             cJSON_GetObjectItem(r.body, "revision")->valueint);
    cr_assert(strcmp(ver, "1.6.0") >= 0, "version %s sorts below 1.6.0", ver);
    done(&r);
    char key2[128];
    login(key2, sizeof(key2), "3paradm", "3pardata");
    char path[200];
    snprintf(path, sizeof(path), "/api/v1/credentials/%s", key2);
    r = req("127.0.0.1", "DELETE", path, NULL, key2);
    cr_assert_eq(r.status, 200);
    done(&r);
    r = req("127.0.0.1", "GET", "/api/v1/system", NULL, key2);
    cr_assert_eq(r.status, 401);
    done(&r);
}

Test(api_wsapi_server, system_and_ports)
{
    struct resp r = A("GET", "/api/v1/system", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "id")->valueint, 101);
    cr_assert_str_eq(str_of(r.body, "name"), "site-a");
    cr_assert_not_null(str_of(r.body, "systemVersion"));
    done(&r);
    r = req("127.0.0.2", "GET", "/api", NULL, NULL);
    done(&r);
    r = A("GET", "/api/v1/ports", NULL);
    cr_assert_eq(r.status, 200);
    const cJSON *m = cJSON_GetObjectItem(r.body, "members"), *p;
    cr_assert_eq(cJSON_GetObjectItem(r.body, "total")->valueint, cJSON_GetArraySize(m));
    bool target = false, fc = false, iscsi = false, ip = false;
    cJSON_ArrayForEach(p, m) {
        int mode = cJSON_GetObjectItem(p, "mode")->valueint;
        int ls = cJSON_GetObjectItem(p, "linkState")->valueint;
        int proto = cJSON_GetObjectItem(p, "protocol")->valueint;
        if (mode == 2 && ls == 4 && cJSON_GetArraySize(cJSON_GetObjectItem(p, "device")) == 0)
            target = true;
        fc |= proto == 1 && ls == 4;
        iscsi |= proto == 2 && ls == 4;
        ip |= proto == 4;
        if (proto == 2)
            cr_assert_neq(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "iSCSIPortInfo"),
                                              "vlan")->valueint, 1);
    }
    cr_assert(target && fc && iscsi && ip);
    done(&r);
    r = A("GET", "/api/v1/wsapiconfiguration", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", "/api/v1/capacity", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
}

Test(api_wsapi_server, cpg_validation_order)
{
    struct resp r = A("POST", "/api/v1/cpgs", "{\"name\":\"C1\",\"domainBad\":\"x\"}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("POST", "/api/v1/cpgs", "{\"name\":\"C1\",\"LDLayout\":{\"RAIDBadType\":1}}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("POST", "/api/v1/cpgs", "{\"name\":\"FC_r1\",\"domain\":\"BAD_DOMAIN\"}");
    cr_assert_eq(r.status, 404);
    cr_assert_eq(code_of(&r), 38);
    done(&r);
    r = A("POST", "/api/v1/cpgs", "{\"name\":\"C1\",\"domain\":\"UNIT_TEST_DOMAIN\","
          "\"LDLayout\":{\"HA\":3,\"RAIDType\":2,\"chunkletPosPref\":2,"
          "\"diskPatterns\":[{\"diskType\":3}]}}");
    cr_assert_eq(r.status, 201);
    done(&r);
    /* the layout comes back as given, and the CPG has a stable uuid */
    r = A("GET", "/api/v1/cpgs/C1", NULL);
    cJSON *sdg = cJSON_GetObjectItem(r.body, "SDGrowth");
    cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(sdg, "LDLayout"),
                                     "chunkletPosPref")->valueint, 2);
    char uuid[40];
    snprintf(uuid, sizeof(uuid), "%s", str_of(r.body, "uuid"));
    cr_assert_eq(strlen(uuid), 36);
    done(&r);
    r = A("GET", "/api/v1/cpgs/C1", NULL);
    cr_assert_str_eq(str_of(r.body, "uuid"), uuid);
    done(&r);
    r = A("POST", "/api/v1/cpgs", "{\"name\":\"C1\"}");
    cr_assert_eq(r.status, 409);
    cr_assert_eq(code_of(&r), 14);
    done(&r);
    r = A("GET", "/api/v1/cpgs/C1", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(str_of(r.body, "name"), "C1");
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V1\",\"cpg\":\"C1\",\"sizeMiB\":512}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("DELETE", "/api/v1/cpgs/C1", NULL);
    cr_assert_geq(r.status, 400);
    done(&r);
    r = A("DELETE", "/api/v1/cpgs/NOPE", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_eq(code_of(&r), 15);
    done(&r);
}

Test(api_wsapi_server, volumes)
{
    struct resp r;
    /* validations before conflicts (§2.3) */
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V1\",\"cpg\":\"FC_r1\",\"sizeMiB\":512,"
          "\"id\":10000}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V9\",\"cpg\":\"FC_r1\",\"sizeMiB\":512,"
          "\"badPram\":1,\"id\":10000}");
    cr_assert_eq(r.status, 400);
    cr_assert_eq(code_of(&r), 12);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V12345678901234567890123456789012\","
          "\"cpg\":\"FC_r1\",\"sizeMiB\":512,\"id\":10000}");
    cr_assert_eq(code_of(&r), 57);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V9\",\"cpg\":\"FC_r1\",\"sizeMiB\":16777218}");
    cr_assert_eq(code_of(&r), 28);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V9\",\"cpg\":\"FC_r1\",\"sizeMiB\":1,"
          "\"tpvv\":\"junk\"}");
    cr_assert_eq(code_of(&r), 39);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V1\",\"cpg\":\"NOCPG\",\"sizeMiB\":1,"
          "\"id\":10000}");
    cr_assert_eq(r.status, 404);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V1\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}");
    cr_assert_eq(code_of(&r), 22);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V2\",\"cpg\":\"FC_r1\",\"sizeMiB\":1,"
          "\"id\":10000}");
    cr_assert_eq(code_of(&r), 59);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V2\",\"cpg\":\"FC_r1\",\"sizeMiB\":1024,"
          "\"tpvv\":null,\"reduce\":true,\"comment\":\"c1\"}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("GET", "/api/v1/volumes/V2", NULL);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(r.body, "reduce")));
    done(&r);
    /* a refused modify changes nothing: the comment stays with a taken name */
    r = A("PUT", "/api/v1/volumes/V2", "{\"comment\":\"c2\",\"newName\":\"V1\"}");
    cr_assert_eq(r.status, 409);
    cr_assert_eq(code_of(&r), 22);
    done(&r);
    /* rename keeps the comment; grow adds */
    r = A("PUT", "/api/v1/volumes/V2", "{\"newName\":\"V3\"}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", "/api/v1/volumes/V3", NULL);
    cr_assert_str_eq(cJSON_GetObjectItem(r.body, "comment")->valuestring, "c1");
    done(&r);
    /* policies and allocation alerts are kept, and modified, not dropped */
    r = A("PUT", "/api/v1/volumes/V3", "{\"policies\":{\"staleSS\":false,\"oneHost\":true},"
          "\"usrSpcAllocWarningPct\":70}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", "/api/v1/volumes/V3", NULL);
    cJSON *pol = cJSON_GetObjectItem(r.body, "policies");
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(pol, "staleSS")));
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(pol, "oneHost")));
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(pol, "caching")));
    cr_assert_eq(cJSON_GetObjectItem(r.body, "usrSpcAllocWarningPct")->valueint, 70);
    done(&r);
    r = A("PUT", "/api/v1/volumes/V3", "{\"rmUsrSpcAllocWarning\":true}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", "/api/v1/volumes/V3", NULL);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "usrSpcAllocWarningPct")->valueint, 0);
    done(&r);
    r = A("PUT", "/api/v1/volumes/V3", "{\"action\":3,\"sizeMiB\":1024}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("PUT", "/api/v1/volumes/V3", "{\"action\":3,\"sizeMiB\":0}");
    cr_assert_eq(r.status, 400);
    cr_assert_eq(code_of(&r), 152);
    done(&r);
    r = A("GET", "/api/v1/volumes/V3", NULL);
    cr_assert_str_eq(str_of(r.body, "comment"), "c1");
    cr_assert_eq(cJSON_GetObjectItem(r.body, "sizeMiB")->valueint, 2048);
    done(&r);
    /* snapshots in creation order, filtered by query */
    r = A("POST", "/api/v1/volumes/V3", "{\"action\":\"createSnapshot\","
          "\"parameters\":{\"name\":\"S1\"}}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("POST", "/api/v1/volumes/V3", "{\"action\":\"createSnapshot\","
          "\"parameters\":{\"name\":\"S2\",\"readOnly\":true}}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("POST", "/api/v1/volumes/V3", "{\"action\":\"createSnapshot\","
          "\"parameters\":{\"name\":\"S4\",\"Bad\":1}}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("GET", "/api/v1/volumes?query=%22copyOf%20EQ%20V3%22", NULL);
    const cJSON *m = cJSON_GetObjectItem(r.body, "members");
    cr_assert_eq(cJSON_GetArraySize(m), 2);
    cr_assert_str_eq(str_of(cJSON_GetArrayItem(m, 0), "name"), "S1");
    cr_assert_str_eq(str_of(cJSON_GetArrayItem(m, 1), "name"), "S2");
    cr_assert_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(m, 0), "copyType")->valueint, 3);
    cr_assert_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(m, 0), "provisioningType")->valueint,
                 3);
    done(&r);
    r = A("GET", "/api/v1/volumes?query=%22copyOf%20EQ%20NOPE%22", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "total")->valueint, 0);
    done(&r);
    r = A("PUT", "/api/v1/volumes/S1", "{\"action\":4}");
    cr_assert_eq(r.status, 200);
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(r.body, "taskid")));
    done(&r);
    r = A("PUT", "/api/v1/volumes/V3", "{\"action\":6,\"tuneOperation\":3}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("PUT", "/api/v1/volumes/V1", "{\"action\":6,\"tuneOperation\":1,"
          "\"userCPG\":\"UserCPG\",\"conversionOperation\":4}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", "/api/v1/volumes/V1", NULL);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(r.body, "tdvv")));
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(r.body, "compression")));
    done(&r);
    r = A("DELETE", "/api/v1/volumes/V3", NULL);
    cr_assert_eq(r.status, 409);
    done(&r);
    r = A("DELETE", "/api/v1/volumes/S1", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("DELETE", "/api/v1/volumes/NOPE", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_eq(code_of(&r), 23);
    done(&r);
}

Test(api_wsapi_server, metadata_exact)
{
    struct resp r = A("POST", "/api/v1/volumes", "{\"name\":\"V1\",\"cpg\":\"FC_r1\","
                      "\"sizeMiB\":1}");
    done(&r);
    r = A("GET", "/api/v1/volumes/V1/objectKeyValues", NULL);
    char *text = cJSON_PrintUnformatted(r.body);
    cr_assert_str_eq(text, "{\"total\":0,\"members\":[]}");
    free(text);
    done(&r);
    r = A("POST", "/api/v1/volumes/V1/objectKeyValues", "{\"key\":\"k1\",\"value\":\"v1\"}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("POST", "/api/v1/volumes/V1/objectKeyValues", "{\"key\":\"k1\",\"value\":\"v2\"}");
    cr_assert_eq(r.status, 409);
    done(&r);
    r = A("PUT", "/api/v1/volumes/V1/objectKeyValues/k1", "{\"value\":\"v2\"}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", "/api/v1/volumes/V1/objectKeyValues/k1", NULL);
    cr_assert_str_eq(str_of(r.body, "value"), "v2");
    done(&r);
    r = A("GET", "/api/v1/volumes/V1/objectKeyValues/&", NULL);
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("POST", "/api/v1/volumes/V1/objectKeyValues", "{\"key\":null,\"value\":\"v\"}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("GET", "/api/v1/volumes/NOPE/objectKeyValues", NULL);
    cr_assert_eq(r.status, 404);
    done(&r);
}

Test(api_wsapi_server, hosts_sets_vluns)
{
    struct resp r = A("POST", "/api/v1/hosts", "{\"name\":\"H1\",\"FCWWNs\":"
                      "[\"10:00:00:00:C9:00:00:01\"],\"persona\":2}");
    cr_assert_eq(r.status, 201);
    cr_assert_str_eq(r.location, "/api/v1/hosts/H1");
    done(&r);
    r = A("POST", "/api/v1/hosts", "{\"name\":\"H2\",\"iSCSIPaths\":[]}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("POST", "/api/v1/hosts", "{\"name\":\"H2\",\"FCWWNs\":[\"1000000000000001\"],"
          "\"iSCSINames\":[\"iqn.x\"]}");
    cr_assert_eq(code_of(&r), 44);
    done(&r);
    r = A("POST", "/api/v1/hosts", "{\"name\":\"H2\",\"FCWWNs\":[\"10000000C9000001\"]}");
    cr_assert_eq(r.status, 409);
    done(&r);
    r = A("POST", "/api/v1/hosts", "{\"name\":\"H2\",\"iSCSINames\":[\"iqn.h2\"]}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("GET", "/api/v1/hosts?query=%22FCPaths%5Bwwn%3D%3D10000000C9000001%5D%20OR%20"
          "iSCSIPaths%5Bname%3D%3Diqn.none%5D%22", NULL);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "total")->valueint, 1);
    done(&r);
    r = A("GET", "/api/v1/hosts/B&dHostName", NULL);
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("GET", "/api/v1/hosts/None", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_eq(code_of(&r), 17);
    done(&r);
    r = A("PUT", "/api/v1/hosts/None", "{\"newName\":\"a#b\"}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("PUT", "/api/v1/hosts/None", "{\"pathOperation\":1}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("PUT", "/api/v1/hosts/None", "{\"persona\":1}");
    cr_assert_eq(r.status, 404);
    done(&r);
    r = A("POST", "/api/v1/hostsets", "{\"name\":\"HS1\",\"setmembers\":[\"H1\",\"H2\"]}");
    cr_assert_eq(r.status, 201);
    cr_assert_str_eq(r.location, "/api/v1/hostsets/HS1");
    done(&r);
    r = A("POST", "/api/v1/hostsets", "{\"name\":\"HS2\",\"setmembers\":[\"NOPE\"]}");
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(str_of(r.body, "desc"), "host does not exist");
    done(&r);
    struct resp one = A("GET", "/api/v1/hostsets/HS1", NULL);
    struct resp all = A("GET", "/api/v1/hostsets", NULL);
    cr_assert(cJSON_Compare(one.body, cJSON_GetArrayItem(cJSON_GetObjectItem(all.body,
                                                                               "members"), 0),
                            true));
    done(&one);
    done(&all);
    r = A("GET", "/api/v1/hostsets/HostSet-!nval!d", NULL);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(str_of(r.body, "desc"), "illegal character in input");
    done(&r);
    r = A("PUT", "/api/v1/hostsets/HS1", "{\"newName\":\"X\",\"setmembers\":[\"H1\"]}");
    cr_assert_eq(code_of(&r), 44);
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V1\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}");
    done(&r);
    r = A("POST", "/api/v1/vluns", "{\"volumeName\":\"V1\",\"lun\":100000,\"hostname\":\"H1\"}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("POST", "/api/v1/vluns", "{\"volumeName\":\"V1\",\"lun\":0,\"hostname\":\"H1\","
          "\"portPos\":{\"badNode\":1}}");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("POST", "/api/v1/vluns", "{\"volumeName\":\"V1\",\"lun\":0,\"hostname\":\"H1\","
          "\"portPos\":{\"node\":0,\"slot\":1,\"cardPort\":1}}");
    cr_assert_eq(r.status, 201);
    cr_assert_str_eq(r.location, "/api/v1/vluns/V1,0,H1,0:1:1");
    done(&r);
    r = A("GET", "/api/v1/vluns?query=%22volumeName%20EQ%20V1%22", NULL);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "total")->valueint, 1);
    done(&r);
    r = A("DELETE", "/api/v1/hosts/H1", NULL);
    cr_assert_eq(r.status, 409);
    cr_assert_eq(code_of(&r), 26);
    cr_assert_str_eq(str_of(r.body, "desc"), "has exported VLUN");
    done(&r);
    r = A("DELETE", "/api/v1/volumes/V1", NULL);
    cr_assert_eq(r.status, 409);
    done(&r);
    r = A("DELETE", "/api/v1/vluns/V1,0,H1,8:8:8", NULL);
    cr_assert_eq(r.status, 400);
    cr_assert_eq(code_of(&r), 55);
    done(&r);
    r = A("DELETE", "/api/v1/vluns/V1,0,H1,0:1:1", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("DELETE", "/api/v1/vluns/V1,0,H1,0:1:1", NULL);
    cr_assert_eq(r.status, 404);
    done(&r);
    r = A("DELETE", "/api/v1/hosts/H1", NULL);
    cr_assert_eq(r.status, 409);
    cr_assert_eq(code_of(&r), 77);
    cr_assert_str_eq(str_of(r.body, "desc"), "host is a member of a set");
    done(&r);
}

/* A member refusal names the member, never the set: "set exists" (101)
 * for a set that does not exist misled clients. */
Test(api_wsapi_server, set_member_refusals_are_about_the_member)
{
    struct resp r = A("POST", "/api/v1/hosts", "{\"name\":\"H1\"}");
    done(&r);
    r = A("POST", "/api/v1/hostsets", "{\"name\":\"HS\",\"setmembers\":[\"H1\",\"H1\"]}");
    cr_assert_eq(r.status, 409);
    cr_assert_eq(code_of(&r), 104);
    cr_assert_str_eq(str_of(r.body, "desc"), "object is already part of the set");
    done(&r);
    r = A("GET", "/api/v1/hostsets/HS", NULL);
    cr_assert_eq(r.status, 404, "a refused create leaves no set");
    done(&r);
    r = A("POST", "/api/v1/hostsets", "{\"name\":\"HS\",\"setmembers\":[\"H1\"]}");
    cr_assert_eq(r.status, 201);
    done(&r);
    r = A("PUT", "/api/v1/hostsets/HS", "{\"action\":1,\"setmembers\":[\"H1\"]}");
    cr_assert_eq(r.status, 409);
    cr_assert_eq(code_of(&r), 104);
    done(&r);
    r = A("POST", "/api/v1/hosts", "{\"name\":\"H2\"}");
    done(&r);
    r = A("PUT", "/api/v1/hostsets/HS", "{\"action\":2,\"setmembers\":[\"H2\"]}");
    cr_assert_eq(r.status, 404);
    cr_assert_eq(code_of(&r), 105);
    cr_assert_str_eq(str_of(r.body, "desc"), "object is not part of the set");
    done(&r);
    /* names starting with '.' are refused as the CLI says */
    r = A("POST", "/api/v1/volumes", "{\"name\":\".dot\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}");
    cr_assert_eq(r.status, 400);
    cr_assert_eq(code_of(&r), 69);
    done(&r);
    r = A("POST", "/api/v1/hostsets", "{\"name\":\"..\"}");
    cr_assert_eq(r.status, 400);
    cr_assert_eq(code_of(&r), 69);
    done(&r);
}

static int total_of(const struct resp *r)
{
    const cJSON *t = r->body ? cJSON_GetObjectItem(r->body, "total") : NULL;
    return t ? t->valueint : -1;
}

/* A query value that does not decode is refused, never dropped (dropped,
 * ?query=... answered with every volume), and the response cache keys on
 * the request as sent: "?x=1%26query=..." is one parameter x, and must not
 * answer "?x=1&query=..." for the next client. */
Test(api_wsapi_server, query_escapes_are_checked_and_cached_as_sent)
{
    struct resp r = A("POST", "/api/v1/volumes",
                      "{\"name\":\"V1\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}");
    done(&r);
    r = A("POST", "/api/v1/volumes", "{\"name\":\"V2\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}");
    done(&r);
    static const char *const bad[] = {
        "/api/v1/volumes?query=%22name%20EQ%20V1%22%00", "/api/v1/volumes?query=%G1",
        "/api/v1/volumes?x=%", "/api/v1/volumes/V1%00x",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = A("GET", bad[i], NULL);
        cr_assert_eq(r.status, 400, "%s: %u", bad[i], r.status);
        cr_assert_eq(code_of(&r), 69, "%s", bad[i]);
        done(&r);
    }
    r = A("GET", "/api/v1/volumes?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&query=%22name%20EQ%20V1%22",
          NULL);
    cr_assert_eq(r.status, 400, "parameters past the limit are refused, not cut");
    done(&r);

    r = A("GET", "/api/v1/volumes?x=1%26query=%22name%20EQ%20nope%22", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(total_of(&r), 2, "one parameter x: no filter");
    done(&r);
    r = A("GET", "/api/v1/volumes?x=1&query=%22name%20EQ%20nope%22", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(total_of(&r), 0, "the filter applies: the cache must not answer");
    done(&r);
    r = A("GET", "/api/v1/volumes?x=1&query=%22name%20EQ%20V1%22", NULL);
    cr_assert_eq(total_of(&r), 1);
    done(&r);
}

/* cJSON decodes \u0000 into a C string it then cuts: "vol\u0000evil"
 * would create "vol". Any NUL in a string is an illegal character. */
Test(api_wsapi_server, nul_in_a_json_string_is_an_illegal_character)
{
    static const char *const bodies[] = {
        "{\"name\":\"vol\\u0000evil\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}",
        "{\"name\":\"vol\",\"cpg\":\"FC_r1\",\"sizeMiB\":1,\"comment\":\"a\\u0000\"}",
        "{\"na\\u0000me\":\"vol\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}",
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct resp r = A("POST", "/api/v1/volumes", bodies[i]);
        cr_assert_eq(r.status, 400, "%s: %u", bodies[i], r.status);
        cr_assert_eq(code_of(&r), 69, "%s", bodies[i]);
        done(&r);
    }
    struct resp r = A("GET", "/api/v1/volumes/vol", NULL);
    cr_assert_eq(r.status, 404, "nothing was created");
    done(&r);
    /* an escaped backslash followed by u0000 is text, not a NUL */
    r = A("POST", "/api/v1/volumes",
          "{\"name\":\"vol\",\"cpg\":\"FC_r1\",\"sizeMiB\":1,\"comment\":\"a\\\\u0000\"}");
    cr_assert_eq(r.status, 201);
    done(&r);
}

Test(api_wsapi_server, tasks)
{
    struct resp r = A("GET", "/api/v1/tasks", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_gt(cJSON_GetObjectItem(r.body, "total")->valueint, 0);
    cJSON *first = cJSON_Duplicate(cJSON_GetArrayItem(cJSON_GetObjectItem(r.body, "members"),
                                                      0), true);
    done(&r);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/tasks/%d", cJSON_GetObjectItem(first, "id")->valueint);
    r = A("GET", path, NULL);
    cr_assert(cJSON_Compare(r.body, first, true));
    cJSON_Delete(first);
    done(&r);
    r = A("GET", "/api/v1/tasks/-1", NULL);
    cr_assert_eq(code_of(&r), 115);
    done(&r);
    r = A("GET", "/api/v1/tasks/nonIntTask", NULL);
    cr_assert_eq(code_of(&r), 39);
    done(&r);
    r = A("GET", "/api/v1/tasks/99999", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_eq(code_of(&r), 145);
    done(&r);
    /* an online copy keeps a task active until cancelled */
    r = A("POST", "/api/v1/volumes", "{\"name\":\"SRC\",\"cpg\":\"FC_r1\",\"sizeMiB\":64}");
    done(&r);
    r = A("POST", "/api/v1/volumes/SRC", "{\"action\":\"createPhysicalCopy\",\"parameters\":"
          "{\"destVolume\":\"DST\",\"destCPG\":\"FC_r1\",\"online\":true}}");
    cr_assert_eq(r.status, 201);
    int task = cJSON_GetObjectItem(r.body, "taskid")->valueint;
    done(&r);
    r = A("GET", "/api/v1/volumes/DST", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
    snprintf(path, sizeof(path), "/api/v1/tasks/%d", task);
    r = A("GET", path, NULL);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "status")->valueint, 2);
    cr_assert_str_eq(str_of(r.body, "name"), "DST");
    done(&r);
    r = A("PUT", path, "{\"action\":1}");
    cr_assert_eq(r.status, 200);
    done(&r);
    r = A("GET", path, NULL);
    cr_assert_eq(cJSON_GetObjectItem(r.body, "status")->valueint, 3);
    done(&r);
    r = A("POST", "/api/v1/volumes/SRC", "{\"action\":\"createPhysicalCopy\",\"parameters\":"
          "{\"destVolume\":\"DST\",\"tpvv\":true}}");
    cr_assert_eq(r.status, 400);
    done(&r);
}

Test(api_wsapi_server, bad_requests_keep_serving)
{
    struct resp r = A("POST", "/api/v1/cpgs", "{not json");
    cr_assert_eq(r.status, 400);
    cr_assert_not_null(r.body);
    done(&r);
    r = A("POST", "/api/v1/cpgs", "[1,2]");
    cr_assert_eq(r.status, 400);
    done(&r);
    r = A("GET", "/api/v1/nothing", NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_not_null(r.body);
    done(&r);
    r = A("PATCH", "/api/v1/volumes", "{}");
    cr_assert_eq(r.status, 405);
    done(&r);
    size_t big = 2 * 1024 * 1024;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    huge[big] = '\0';
    r = A("POST", "/api/v1/cpgs", huge);
    cr_assert_eq(r.status, 413);
    done(&r);
    free(huge);
    r = A("GET", "/api/v1/system", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
}

Test(api_wsapi_server, browse_role_has_no_side_effect)
{
    char key[128];
    login(key, sizeof(key), "browse", "browse");
    struct resp r = req("127.0.0.1", "POST", "/api/v1/volumes",
                        "{\"name\":\"VB\",\"cpg\":\"FC_r1\",\"sizeMiB\":1}", key);
    cr_assert_eq(r.status, 403);
    cr_assert_eq(code_of(&r), 7);
    cr_assert_str_eq(str_of(r.body, "desc"), "insufficient privileges");
    done(&r);
    r = A("GET", "/api/v1/volumes/VB", NULL);
    cr_assert_eq(r.status, 404);
    done(&r);
    r = req("127.0.0.1", "GET", "/api/v1/volumes", NULL, key);
    cr_assert_eq(r.status, 200);
    done(&r);
}

Test(api_wsapi_server, failed_logins_lock_the_name_a_while_not_the_others)
{
    struct resp r;
    for (int i = 0; i < 5; i++) {
        r = req("127.0.0.1", "POST", "/api/v1/credentials",
                "{\"user\":\"edit\",\"password\":\"guess\"}", NULL);
        cr_assert_eq(r.status, 403);
        cr_assert_str_eq(str_of(r.body, "desc"), "invalid username or password");
        done(&r);
    }
    r = req("127.0.0.1", "POST", "/api/v1/credentials",
            "{\"user\":\"edit\",\"password\":\"edit\"}", NULL);
    cr_assert_eq(r.status, 403, "locked: even the right password is refused");
    cr_assert_eq(code_of(&r), 5);
    cr_assert(strstr(str_of(r.body, "desc"), "too many failed attempts"));
    done(&r);
    char key[128];
    login(key, sizeof(key), "browse", "browse");    /* other names log in */
    r = req("127.0.0.1", "GET", "/api/v1/system", NULL, KEY);
    cr_assert_eq(r.status, 200, "sessions opened before are unaffected");
    done(&r);
}

Test(api_wsapi_server, power_off_closes_listeners)
{
    struct sim_err err = SIM_ERR_INIT;
    char url[128];
    cr_assert_eq(sim_array_set_power(S, "site-b", false, &err), 0, "%s", err.detail);
    usleep(300 * 1000);
    CURL *c = curl_easy_init();
    snprintf(url, sizeof(url), "http://127.0.0.2:%d/api", 8008 + OFF);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    cr_assert_eq(curl_easy_perform(c), CURLE_COULDNT_CONNECT);
    cr_assert_eq(sim_array_set_power(S, "site-b", true, &err), 0, "%s", err.detail);
    usleep(300 * 1000);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK);
    curl_easy_cleanup(c);
    /* the other array never stopped */
    struct resp r = A("GET", "/api/v1/system", NULL);
    cr_assert_eq(r.status, 200);
    done(&r);
}

Test(api_wsapi_server, https_serves_with_a_kept_certificate)
{
    char url[128];
    struct strbuf sb = STRBUF_INIT;
    CURL *c = curl_easy_init();
    snprintf(url, sizeof(url), "https://127.0.0.1:%d/api", 8080 + OFF);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, wsapi_client_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sb);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK);
    long status;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    cr_assert_eq(status, 200);
    curl_easy_cleanup(c);
    strbuf_release(&sb);
    struct sim_err err = SIM_ERR_INIT;
    char *pem = NULL;
    cr_assert_eq(sim_secret_get(S, "site-a", "tls_cert", &pem, &err), 0);
    cr_assert(strstr(pem, "BEGIN CERTIFICATE"));
    free(pem);
}
