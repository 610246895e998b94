/* tests/unit/api_wsapi_rcopy.c - remote copy over WSAPI end to end in one
 * process: a two-site engine with a manual clock, both arrays' listeners,
 * libcurl as the client. Written from docs/array-interfaces.md §2.10,
 * §3 (calls, group object, constants), §4.3 (the test_22 sequences) and
 * docs/array-remote-copy.md §1.8, §2.4, §2.6 (codes and refusals). */
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
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/io.h"
#include "sim/sim.h"
#include "util/strbuf.h"

extern const char rcsim_fixture_two_site[];

static struct sim *S;
static struct wsapi *W;
static int OFF;
static char KA[128], KB[128];

#define HA "127.0.0.1"      /* site-a, system id 101 */
#define HB "127.0.0.2"      /* site-b, system id 102 */

/* Bodies are written with ' for " to stay readable. */
static char *unquote(const char *body)
{
    char *b = strdup(body);
    for (char *p = b; *p; p++)
        if (*p == '\'')
            *p = '"';
    return b;
}

static struct resp req(const char *host, const char *method, const char *path,
                       const char *body, const char *key)
{
    char *b = body ? unquote(body) : NULL;
    struct resp r = wsapi_client_req(host, 8008 + OFF, method, path, b, key);
    free(b);
    return r;
}

static struct resp A(const char *method, const char *path, const char *body)
{
    return req(HA, method, path, body, KA);
}

static struct resp B(const char *method, const char *path, const char *body)
{
    return req(HB, method, path, body, KB);
}

/* An item by a dotted path ("targets.0.state"), or NULL. */
static const cJSON *jp(const cJSON *o, const char *path)
{
    char buf[128], *save = NULL;
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
        o = cJSON_IsArray(o) ? cJSON_GetArrayItem(o, atoi(k))
                             : cJSON_GetObjectItemCaseSensitive(o, k);
    return o;
}

static int jint(const cJSON *o, const char *path)
{
    const cJSON *v = jp(o, path);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", path);
    return v->valueint;
}

static const char *jstr(const cJSON *o, const char *path)
{
    const cJSON *v = jp(o, path);
    cr_assert(cJSON_IsString(v), "%s is not a string", path);
    return v->valuestring;
}

static bool jbool(const cJSON *o, const char *path)
{
    const cJSON *v = jp(o, path);
    cr_assert(cJSON_IsBool(v), "%s is not a boolean", path);
    return cJSON_IsTrue(v);
}

/* The call must be refused with this status and WSAPI code. */
static void refused(struct resp r, long status, int code, const char *what)
{
    cr_assert_eq(r.status, status, "%s: status %ld, want %ld", what, r.status, status);
    cr_assert_not_null(r.body, "%s: no JSON error body", what);
    cr_assert_eq(jint(r.body, "code"), code, "%s: code %d, want %d (%s)", what,
                 jint(r.body, "code"), code, cJSON_IsString(jp(r.body, "desc")) ?
                 jstr(r.body, "desc") : "");
    cr_assert(cJSON_IsString(jp(r.body, "desc")));
    done(&r);
}

static void ok(struct resp r, long status, const char *what)
{
    cr_assert_eq(r.status, status, "%s: status %ld, want %ld (%s)", what, r.status, status,
                 r.body && cJSON_IsString(jp(r.body, "desc")) ? jstr(r.body, "desc") : "");
    done(&r);
}

static void login(const char *host, char *key, size_t len, const char *user, const char *pw)
{
    char body[200];
    snprintf(body, sizeof(body), "{'user':'%s','password':'%s'}", user, pw);
    struct resp r = req(host, "POST", "/api/v1/credentials", body, NULL);
    cr_assert_eq(r.status, 201);
    snprintf(key, len, "%s", jstr(r.body, "key"));
    done(&r);
}

static void setup(void)
{
    S = test_sim_open_wsapi(&W, &OFF);
    login(HA, KA, sizeof(KA), "3paradm", "3pardata");
    login(HB, KB, sizeof(KB), "3paradm", "3pardata");
}

static void teardown(void)
{
    wsapi_stop(W);
    sim_close(S);
}

TestSuite(api_wsapi_rcopy, .init = setup, .fini = teardown, .timeout = 60);

/* ---- shared steps (docs/array-interfaces.md §4.3 prefixes A, B and V) -------------------- */

#define G "RCG1_UNIT_TEST101530"        /* 20 characters, as the tests' G */
#define GP G ".r101"                    /* its peer on site-b */
#define V "RC_VOLUME1_UNIT_TEST101530"

static void create_group(int mode)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{'name':'" G "','targets':[{'targetName':'site-b','mode':%d,"
             "'userCPG':'FC_r1','snapCPG':'FC_r5'}],'localSnapCPG':'FC_r5',"
             "'localUserCPG':'FC_r1','domain':'UNIT_TEST_DOMAIN'}", mode);
    struct resp r = A("POST", "/api/v1/remotecopygroups", body);
    cr_assert_eq(r.status, 201, "create: %ld", r.status);
    cr_assert_str_eq(r.location, "/api/v1/remotecopygroups/" G);
    done(&r);
}

static void create_volume(void)
{
    ok(A("POST", "/api/v1/volumes", "{'name':'" V "','cpg':'FC_r1','sizeMiB':512,"
         "'comment':'test volume','tpvv':true,'snapCPG':'FC_r5'}"), 201, "createVolume");
}

static void admit_volume(void)
{
    create_volume();
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':1,'volumeName':'" V "',"
         "'targets':[{'targetName':'site-b','secVolumeName':'" V "'}],"
         "'volumeAutoCreation':true}"), 200, "admit");
}

static void advance(int64_t ms)
{
    struct sim_err err = SIM_ERR_INIT;
    cr_assert_eq(sim_clock_advance(S, ms, &err), 0, "%s", err.detail);
}

/* Advances the clock a second at a time until every volume of G on site-a
 * shows syncStatus 3. */
static void advance_until_synced(void)
{
    for (int i = 0; i < 600; i++) {
        struct resp r = A("GET", "/api/v1/remotecopygroups/" G, NULL);
        const cJSON *v, *vols = jp(r.body, "volumes");
        bool synced = cJSON_GetArraySize(vols) > 0;
        cJSON_ArrayForEach(v, vols)
            synced &= jint(v, "remoteVolumes.0.syncStatus") == 3;
        done(&r);
        if (synced)
            return;
        advance(1000);
    }
    cr_assert_fail("group " G " not synced after 600 s");
}

static cJSON *get_group(bool on_b, const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/remotecopygroups/%s", name);
    struct resp r = on_b ? B("GET", path, NULL) : A("GET", path, NULL);
    cr_assert_eq(r.status, 200, "GET %s: %ld", path, r.status);
    return r.body;
}

/* ---- the service, targets, links --------------------------------------- */

Test(api_wsapi_rcopy, service_status)
{
    struct resp r = A("GET", "/api/v1/remotecopy", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "mode"), 2);
    cr_assert_eq(jint(r.body, "status"), 1);
    cr_assert_eq(jbool(r.body, "asyncEnabled"), false);
    cr_assert_str_eq(jstr(r.body, "links.0.href"), "/api/v1/remotecopygroups");
    done(&r);
    refused(A("POST", "/api/v1/remotecopy", "{}"), 405, 12, "POST /remotecopy");
    refused(A("DELETE", "/api/v1/remotecopy", NULL), 405, 12, "DELETE /remotecopy");
    refused(req(HA, "GET", "/api/v1/remotecopy", NULL, NULL), 401, 6, "no session");
}

Test(api_wsapi_rcopy, targets_list_and_get)
{
    struct resp r = A("GET", "/api/v1/remotecopytargets", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "total"), 1);
    cr_assert_str_eq(jstr(r.body, "members.0.name"), "site-b");
    cr_assert_eq(jint(r.body, "members.0.type"), 1);
    cr_assert_eq(jint(r.body, "members.0.status"), 1);
    cr_assert_eq(jint(r.body, "members.0.numLinks"), 2);
    cr_assert(jbool(r.body, "members.0.policies.mirrorConfig"));
    done(&r);
    r = B("GET", "/api/v1/remotecopytargets/site-a", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(jstr(r.body, "name"), "site-a");
    done(&r);
    refused(A("GET", "/api/v1/remotecopytargets/nosuch", NULL), 404, 186, "unknown target");
}

Test(api_wsapi_rcopy, target_mirror_config_toggle)
{
    ok(A("PUT", "/api/v1/remotecopytargets/site-b", "{'policies':{'mirrorConfig':false}}"), 200,
       "mirror off");
    struct resp r = A("GET", "/api/v1/remotecopytargets/site-b", NULL);
    cr_assert_eq(jbool(r.body, "policies.mirrorConfig"), false);
    done(&r);
    ok(A("PUT", "/api/v1/remotecopytargets/site-b", "{'policies':{'mirrorConfig':true}}"), 200,
       "mirror on");
    r = A("GET", "/api/v1/remotecopytargets/site-b", NULL);
    cr_assert(jbool(r.body, "policies.mirrorConfig"));
    done(&r);
    refused(A("PUT", "/api/v1/remotecopytargets/site-b", "{}"), 400, 40, "no policies");
    refused(A("PUT", "/api/v1/remotecopytargets/site-b", "{'policies':{}}"), 400, 40,
            "no mirrorConfig");
    refused(A("PUT", "/api/v1/remotecopytargets/site-b", "{'policies':{'mirrorConfig':'no'}}"),
            400, 39, "string for a boolean");
    refused(A("PUT", "/api/v1/remotecopytargets/site-b", "{'name':'x'}"), 400, 12,
            "unknown key");
    refused(A("PUT", "/api/v1/remotecopytargets/site-b",
              "{'policies':{'mirrorConfig':true,'bogus':1}}"), 400, 12, "unknown policy");
    refused(A("PUT", "/api/v1/remotecopytargets/nosuch", "{'policies':{'mirrorConfig':true}}"),
            404, 186, "unknown target");
}

Test(api_wsapi_rcopy, links_list_and_get)
{
    struct resp r = A("GET", "/api/v1/remotecopylinks", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "total"), 2);
    cr_assert_eq(cJSON_GetArraySize(jp(r.body, "members")), 2);
    const char *name = jstr(r.body, "members.0.name");
    cr_assert_str_eq(name, "site-b_0_3_1");
    cr_assert_str_eq(jstr(r.body, "members.0.targetName"), "site-b");
    cr_assert_eq(jint(r.body, "members.0.localPortPos.node"), 0);
    cr_assert_eq(jint(r.body, "members.0.localPortPos.slot"), 3);
    cr_assert_eq(jint(r.body, "members.0.localPortPos.cardPort"), 1);
    cr_assert_eq(jint(r.body, "members.0.state"), 1);
    cr_assert(strlen(jstr(r.body, "members.0.address")) > 0);
    done(&r);
    r = A("GET", "/api/v1/remotecopylinks/site-b_1_3_1", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "localPortPos.node"), 1);
    done(&r);
    refused(A("GET", "/api/v1/remotecopylinks/site-b_9_9_9", NULL), 404, 198, "unknown link");
}

/* ---- groups: create, the object, the peer ------------------------------ */

Test(api_wsapi_rcopy, create_group_and_its_peer)
{
    create_group(2);
    cJSON *g = get_group(false, G);
    cr_assert(cJSON_IsNumber(jp(g, "id")));
    cr_assert_str_eq(jstr(g, "name"), G);
    cr_assert_str_eq(jstr(g, "domain"), "UNIT_TEST_DOMAIN");
    cr_assert_eq(jint(g, "role"), 1);
    cr_assert_str_eq(jstr(g, "remoteGroupName"), GP);
    cr_assert_str_eq(jstr(g, "localUserCPG"), "FC_r1");
    cr_assert_str_eq(jstr(g, "localSnapCPG"), "FC_r5");
    cr_assert_eq(cJSON_GetArraySize(jp(g, "targets")), 1);
    cr_assert_str_eq(jstr(g, "targets.0.targetName"), "site-b");
    cr_assert_str_eq(jstr(g, "targets.0.target"), "site-b");
    cr_assert_str_eq(jstr(g, "targets.0.remoteGroupName"), GP);
    cr_assert_eq(jint(g, "targets.0.mode"), 2);
    cr_assert_eq(jint(g, "targets.0.state"), 1, "a new group is New");
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cr_assert_eq(jint(g, "targets.0.syncPeriod"), 0);
    cr_assert(cJSON_IsNull(jp(g, "targets.0.groupLastSyncTime")), "key exists, null");
    cr_assert_str_eq(jstr(g, "targets.0.remoteUserCPG"), "FC_r1");
    cr_assert_str_eq(jstr(g, "targets.0.remoteSnapCPG"), "FC_r5");
    static const char *const pols[] = { "autoRecover", "overPeriodAlert", "autoFailover",
                                        "pathManagement", "autoSynchronize", "activeActive" };
    for (size_t i = 0; i < sizeof(pols) / sizeof(pols[0]); i++)
        cr_assert(cJSON_IsBool(jp(jp(g, "targets.0.policies"), pols[i])), "%s", pols[i]);
    cr_assert(jbool(g, "targets.0.policies.overPeriodAlert"), "periodic default");
    cr_assert(cJSON_IsArray(jp(g, "volumes")) && cJSON_GetArraySize(jp(g, "volumes")) == 0,
              "an empty group has volumes: []");
    cJSON_Delete(g);

    /* B: the peer on site-b, synchronously, named after site-a's id 101 */
    g = get_group(true, GP);
    cr_assert_str_eq(jstr(g, "name"), GP);
    cr_assert_eq(jint(g, "role"), 2);
    cr_assert_str_eq(jstr(g, "remoteGroupName"), G);
    cr_assert_str_eq(jstr(g, "domain"), "UNIT_TEST_DOMAIN");
    cr_assert_str_eq(jstr(g, "localUserCPG"), "FC_r1");
    cr_assert_str_eq(jstr(g, "localSnapCPG"), "FC_r5");
    cr_assert_str_eq(jstr(g, "targets.0.targetName"), "site-a");
    cr_assert_eq(jint(g, "targets.0.mode"), 2);
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cJSON_Delete(g);

    /* the sync mode carries no syncPeriod (docs/array-remote-copy.md §1.8) */
    ok(A("DELETE", "/api/v1/remotecopygroups/" G "?keepSnap=false", NULL), 200, "delete");
    create_group(1);
    g = get_group(false, G);
    cr_assert_eq(jint(g, "targets.0.mode"), 1);
    cr_assert_null(jp(g, "targets.0.syncPeriod"));
    cr_assert_eq(jbool(g, "targets.0.policies.overPeriodAlert"), false);
    cJSON_Delete(g);
}

Test(api_wsapi_rcopy, group_collections)
{
    create_group(2);
    struct resp r = A("GET", "/api/v1/remotecopygroups", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "total"), 1);
    cr_assert_str_eq(jstr(r.body, "members.0.name"), G);
    /* a single GET equals the list element (§6 fact 20) */
    cJSON *one = get_group(false, G);
    cr_assert(cJSON_Compare(jp(r.body, "members.0"), one, true));
    cJSON_Delete(one);
    done(&r);
    r = B("GET", "/api/v1/remotecopygroups", NULL);
    cr_assert_eq(jint(r.body, "total"), 1);
    cr_assert_str_eq(jstr(r.body, "members.0.name"), GP);
    done(&r);
    r = A("GET", "/api/v1/remotecopygroups/" G "/volumes", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "total"), 0);
    done(&r);
    r = A("GET", "/api/v1/remotecopygroups/" G "/targets", NULL);
    cr_assert_eq(jint(r.body, "total"), 1);
    cr_assert_str_eq(jstr(r.body, "members.0.targetName"), "site-b");
    done(&r);
    r = A("GET", "/api/v1/remotecopygroups/" G "/targets/site-b", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "mode"), 2);
    done(&r);
    refused(A("GET", "/api/v1/remotecopygroups/" G "/targets/nosuch", NULL), 403, 194,
            "not a target of the group");
    refused(A("GET", "/api/v1/remotecopygroups/nosuch", NULL), 404, 187, "unknown group");
    refused(A("GET", "/api/v1/remotecopygroups/nosuch/volumes", NULL), 404, 187,
            "volumes of an unknown group");
    refused(A("GET", "/api/v1/remotecopygroups/" G "/volumes/nosuch", NULL), 404, 223,
            "volume not in the group");
    /* the primary's name does not exist on site-b (test_22 delete asserts it) */
    refused(B("GET", "/api/v1/remotecopygroups/" G, NULL), 404, 187, "G on site-b");
}

Test(api_wsapi_rcopy, create_refusals)
{
    const char *p = "/api/v1/remotecopygroups";
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':2}]"), 400, 12,
            "malformed JSON");
    refused(A("POST", p, "[1,2]"), 400, 39, "a body that is not an object");
    refused(A("POST", p, "{'name':'g1'}"), 400, 40, "no targets");
    refused(A("POST", p, "{'name':'g1','targets':[]}"), 400, 40, "empty targets");
    refused(A("POST", p, "{'targets':[{'targetName':'site-b','mode':2}]}"), 400, 40, "no name");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':'2'}]}"), 400,
            39, "mode as a string");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':5}]}"), 400, 46,
            "mode 5");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':0}]}"), 400,
            115, "mode 0");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':2.5}]}"), 400,
            39, "mode 2.5");
    refused(A("POST", p, "{'name':'g1','targets':{'targetName':'site-b'}}"), 400, 39,
            "targets as an object");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':2}],"
              "'bogus':1}"), 400, 12, "unknown key");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':2,"
              "'secVolumeName':'x'}]}"), 400, 12, "unknown target key");
    refused(A("POST", p, "{'name':'g&1','targets':[{'targetName':'site-b','mode':2}]}"), 400, 69,
            "illegal character");
    refused(A("POST", p, "{'name':'ABCDEFGHIJKLMNOPQRSTUVWXYZ','targets':[{'targetName':'site-b',"
              "'mode':2}]}"), 400, 57, "26 characters");
    refused(A("POST", p, "{'name':'ABCDEFGHIJKLMNOPQRSTUVW','targets':[{'targetName':'site-b',"
              "'mode':2}]}"), 400, 57, "23 characters with mirror_config");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'nosuch','mode':2}]}"), 403, 194,
            "unknown target");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':2,"
              "'userCPG':'NOCPG'}]}"), 404, 15, "unknown CPG on the target");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':2}],"
              "'domain':'BAD_DOMAIN'}"), 404, 38, "unknown domain");
    refused(A("POST", p, "{'name':'g1','targets':[{'targetName':'site-b','mode':1},"
              "{'targetName':'site-b','mode':1}]}"), 400, 231, "two sync targets");
    /* nothing was made by any of them */
    struct resp r = A("GET", p, NULL);
    cr_assert_eq(jint(r.body, "total"), 0);
    done(&r);
    r = B("GET", p, NULL);
    cr_assert_eq(jint(r.body, "total"), 0);
    done(&r);
    create_group(2);
    refused(A("POST", p, "{'name':'" G "','targets':[{'targetName':'site-b','mode':2}]}"), 409,
            237, "duplicate");
}

/* ---- modify (PUT without action) --------------------------------------- */

Test(api_wsapi_rcopy, modify_is_mirrored_to_the_peer)
{
    create_group(2);
    const char *p = "/api/v1/remotecopygroups/" G;
    /* test_22 modify_remote_copy_group */
    ok(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':300}]}"), 200, "syncPeriod");
    cJSON *g = get_group(false, G);
    cr_assert_eq(jint(g, "targets.0.syncPeriod"), 300);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "targets.0.syncPeriod"), 300);
    cJSON_Delete(g);

    ok(A("PUT", p, "{'targets':[{'targetName':'site-b','policies':{'autoRecover':true,"
         "'overPeriodAlert':false}}]}"), 200, "policies");
    g = get_group(true, GP);
    cr_assert(jbool(g, "targets.0.policies.autoRecover"));
    cr_assert_eq(jbool(g, "targets.0.policies.overPeriodAlert"), false);
    cJSON_Delete(g);

    ok(A("PUT", p, "{'localUserCPG':'SSD_r6','targets':[{'targetName':'site-b',"
         "'remoteUserCPG':'FC_r5','rmSyncPeriod':true}]}"), 200, "CPGs, rmSyncPeriod");
    g = get_group(false, G);
    cr_assert_str_eq(jstr(g, "localUserCPG"), "SSD_r6");
    cr_assert_str_eq(jstr(g, "targets.0.remoteUserCPG"), "FC_r5");
    cr_assert_eq(jint(g, "targets.0.syncPeriod"), 0);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_str_eq(jstr(g, "localUserCPG"), "FC_r5", "the peer's local is our remote");
    cr_assert_str_eq(jstr(g, "targets.0.remoteUserCPG"), "SSD_r6");
    cJSON_Delete(g);

    ok(A("PUT", p, "{'unsetSnapCPG':true}"), 200, "unsetSnapCPG");
    g = get_group(false, G);
    cr_assert_null(jp(g, "localSnapCPG"));
    cr_assert_null(jp(g, "targets.0.remoteSnapCPG"));
    cJSON_Delete(g);

    ok(A("PUT", p, "{'targets':[{'targetName':'site-b','mode':1}]}"), 200, "mode to sync");
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "targets.0.mode"), 1);
    cJSON_Delete(g);
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':600}]}"), 403, 230,
            "a period on a sync group");
    ok(A("PUT", p, "{'targets':[{'targetName':'site-b','mode':2}]}"), 200, "back to periodic");

    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':299}]}"), 400, 115,
            "period below 300 s");
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':31622401}]}"), 400, 43,
            "period above a year");
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':300,"
              "'policies':{'autoRecover':true}}]}"), 400, 44, "policies with syncPeriod");
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':300,"
              "'rmSyncPeriod':true}]}"), 400, 44, "syncPeriod with rmSyncPeriod");
    refused(A("PUT", p, "{'localUserCPG':'FC_r1','unsetUserCPG':true}"), 400, 44,
            "a CPG with its unset");
    refused(A("PUT", p, "{'targets':[{'targetName':'nosuch','syncPeriod':300}]}"), 403, 194,
            "not a target of the group");
    refused(A("PUT", p, "{'targets':[{'syncPeriod':300}]}"), 400, 40, "no targetName");
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','syncPeriod':'300'}]}"), 400, 39,
            "period as a string");
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','policies':{'autoRecover':1}}]}"),
            400, 39, "policy as a number");
    refused(A("PUT", p, "{'targets':[{'targetName':'site-b','policies':{'bogus':true}}]}"), 400,
            12, "unknown policy");
    refused(A("PUT", p, "{'localUserCPG':'NOCPG'}"), 404, 15, "unknown CPG");
    refused(A("PUT", p, "{'bogus':true}"), 400, 12, "unknown key");
    refused(A("PUT", "/api/v1/remotecopygroups/nosuch", "{'localUserCPG':'FC_r1'}"), 404, 187,
            "unknown group");
    refused(B("PUT", "/api/v1/remotecopygroups/" GP,
              "{'targets':[{'targetName':'site-a','syncPeriod':900}]}"), 403, 228,
            "modify on the secondary side");
    /* nothing half-applied: the period is still 0 on both sides */
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "targets.0.syncPeriod"), 0);
    cJSON_Delete(g);
}

/* ---- volumes: admit (PUT 1, POST), dismiss (PUT 2, DELETE) -------------- */

Test(api_wsapi_rcopy, admit_volume_with_auto_creation)
{
    create_group(2);
    admit_volume();
    cJSON *g = get_group(false, G);
    cr_assert_eq(cJSON_GetArraySize(jp(g, "volumes")), 1);
    cr_assert_str_eq(jstr(g, "volumes.0.localVolumeName"), V);
    cr_assert(cJSON_IsNumber(jp(g, "volumes.0.localVolumeID")));
    cr_assert_str_eq(jstr(g, "volumes.0.remoteVolumes.0.remoteVolumeName"), V);
    cr_assert_str_eq(jstr(g, "volumes.0.remoteVolumes.0.targetName"), "site-b");
    cr_assert(jint(g, "volumes.0.remoteVolumes.0.remoteVolumeID") > 0);
    cr_assert_eq(jint(g, "volumes.0.remoteVolumes.0.syncStatus"), 1, "New");
    cr_assert(cJSON_IsNull(jp(g, "volumes.0.remoteVolumes.0.lastSyncTime")));
    cJSON_Delete(g);
    /* the secondary exists on site-b before the PUT returned, same size */
    struct resp r = B("GET", "/api/v1/volumes/" V, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(jint(r.body, "sizeMiB"), 512);
    cr_assert_str_eq(jstr(r.body, "userCPG"), "FC_r1");
    done(&r);
    g = get_group(true, GP);
    cr_assert_str_eq(jstr(g, "volumes.0.localVolumeName"), V);
    cr_assert_str_eq(jstr(g, "volumes.0.remoteVolumes.0.remoteVolumeName"), V);
    cJSON_Delete(g);
    r = A("GET", "/api/v1/remotecopygroups/" G "/volumes/" V, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(jstr(r.body, "localVolumeName"), V);
    done(&r);

    const char *p = "/api/v1/remotecopygroups/" G;
    refused(A("PUT", p, "{'action':1,'volumeName':'" V "','targets':[{'targetName':'site-b',"
              "'secVolumeName':'" V "'}],'volumeAutoCreation':true}"), 409, 222,
            "already in the group");
    /* test_22 add_volume_..._nonExistVolume */
    refused(A("PUT", p, "{'action':1,'volumeName':'BAD_VOLUME_NAME','targets':[{'targetName':"
              "'site-b','secVolumeName':'" V "'}]}"), 404, 23, "unknown local volume");
    refused(A("PUT", p, "{'action':1,'volumeName':'" V "','targets':[{'targetName':'site-b'}]}"),
            400, 40, "no secVolumeName");
    refused(A("PUT", p, "{'action':1,'volumeName':'" V "'}"), 400, 40, "no targets");
    refused(A("PUT", p, "{'action':1,'volumeName':'" V "','targets':[{'targetName':'site-b',"
              "'targetVolumeName':'x'}]}"), 400, 12, "the CLI's key name");
    refused(A("PUT", p, "{'action':1,'volumeName':'" V "','targets':[{'targetName':'site-b',"
              "'secVolumeName':'x'}],'volumeAutoCreation':'yes'}"), 400, 39,
            "volumeAutoCreation as a string");
    refused(A("PUT", "/api/v1/remotecopygroups/nosuch", "{'action':1,'volumeName':'" V "',"
              "'targets':[{'targetName':'site-b','secVolumeName':'" V "'}]}"), 404, 187,
            "unknown group");
}

Test(api_wsapi_rcopy, admit_by_post_and_dismiss_by_delete)
{
    create_group(2);
    create_volume();
    const char *p = "/api/v1/remotecopygroups/" G "/volumes";
    struct resp r = A("POST", p, "{'volumeName':'" V "','targets':[{'targetName':'site-b',"
                      "'secVolumeName':'" V "'}],'volumeAutoCreation':true}");
    cr_assert_eq(r.status, 201);
    cr_assert_str_eq(r.location, "/api/v1/remotecopygroups/" G "/volumes/" V);
    done(&r);
    refused(A("POST", p, "{'action':1,'volumeName':'" V "','targets':[{'targetName':'site-b',"
              "'secVolumeName':'" V "'}]}"), 400, 12, "action in the POST body");
    refused(A("DELETE", "/api/v1/remotecopygroups/" G "/volumes/" V
              "?keepSnap=true&removeSecondaryVolume=true", NULL), 400, 44, "both options");
    refused(A("DELETE", "/api/v1/remotecopygroups/" G "/volumes/" V "?keepSnap=yes", NULL), 400,
            12, "keepSnap=yes");
    ok(A("DELETE", "/api/v1/remotecopygroups/" G "/volumes/" V "?removeSecondaryVolume=true",
         NULL), 200, "dismiss, removing the secondary");
    cJSON *g = get_group(false, G);
    cr_assert_eq(cJSON_GetArraySize(jp(g, "volumes")), 0);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(cJSON_GetArraySize(jp(g, "volumes")), 0);
    cJSON_Delete(g);
    refused(B("GET", "/api/v1/volumes/" V, NULL), 404, 23, "the secondary is gone");
    ok(A("GET", "/api/v1/volumes/" V, NULL), 200, "the primary stays");
    refused(A("DELETE", "/api/v1/remotecopygroups/" G "/volumes/" V, NULL), 404, 223,
            "not in the group any more");

    /* PUT action 2 keeps the secondary */
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':1,'volumeName':'" V "','targets':"
         "[{'targetName':'site-b','secVolumeName':'" V "'}],'volumeAutoCreation':true}"), 200,
       "admit again");
    refused(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':2}"), 400, 40, "no volumeName");
    refused(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':2,'volumeName':'" V "',"
              "'removeSecondaryVolume':true}"), 400, 12, "not a PUT option");
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':2,'volumeName':'" V "',"
         "'keepSnap':false}"), 200, "dismiss by PUT");
    ok(B("GET", "/api/v1/volumes/" V, NULL), 200, "the secondary stays");
    g = get_group(false, G);
    cr_assert_eq(cJSON_GetArraySize(jp(g, "volumes")), 0);
    cJSON_Delete(g);
    refused(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':2,'volumeName':'nosuch'}"), 404,
            23, "unknown volume");
}

/* ---- start, stop, sync (PUT 3, 4, 5) ------------------------------------ */

Test(api_wsapi_rcopy, start_stop_sync_are_instant)
{
    create_group(2);
    const char *p = "/api/v1/remotecopygroups/" G;
    refused(A("PUT", p, "{'action':3}"), 400, 217, "start an empty group");
    admit_volume();
    refused(B("PUT", "/api/v1/remotecopygroups/" GP, "{'action':3}"), 403, 228,
            "start on the secondary");
    refused(A("PUT", p, "{'action':3,'targetName':'nosuch'}"), 403, 194, "start, unknown target");
    refused(A("PUT", p, "{'action':5}"), 403, 216, "sync a group not started");
    refused(A("PUT", p, "{'action':4}"), 403, 216, "stop a group not started");

    /* test_22 start_remote_copy: state 3 at once, on both sides */
    ok(A("PUT", p, "{'action':3}"), 200, "start");
    cJSON *g = get_group(false, G);
    cr_assert_eq(jint(g, "targets.0.state"), 3);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "targets.0.state"), 3);
    cJSON_Delete(g);
    refused(A("PUT", p, "{'action':3}"), 403, 215, "start twice");
    refused(A("PUT", p, "{'action':1,'volumeName':'" V "','targets':[{'targetName':'site-b',"
              "'secVolumeName':'" V "'}]}"), 403, 215, "admit into a started group");
    refused(A("DELETE", p, NULL), 403, 215, "delete a started group");

    /* test_22 synchronize_remote_copy_group */
    struct resp r = A("PUT", p, "{'action':5}");
    cr_assert_eq(r.status, 200);
    cr_assert(cJSON_IsNumber(jp(r.body, "taskid")));
    done(&r);
    g = get_group(false, G);
    cr_assert(cJSON_IsString(jp(g, "targets.0.groupLastSyncTime")),
              "groupLastSyncTime is set right after action 5");
    cJSON_Delete(g);
    refused(A("PUT", p, "{'action':5,'targetName':'nosuch'}"), 403, 194, "sync, unknown target");

    /* test_22 stop_remote_copy: state 5 at once, on both sides */
    refused(A("PUT", p, "{'action':4,'targetName':'nosuch'}"), 403, 194, "stop, unknown target");
    ok(A("PUT", p, "{'action':4,'targetName':'site-b'}"), 200, "stop");
    g = get_group(false, G);
    cr_assert_eq(jint(g, "targets.0.state"), 5);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "targets.0.state"), 5);
    cJSON_Delete(g);
    refused(A("PUT", p, "{'action':4}"), 403, 216, "stop twice");

    /* the options of each action */
    ok(A("PUT", p, "{'action':3,'skipInitialSync':true,'targetName':'site-b'}"), 200,
       "start -nosync");
    g = get_group(false, G);
    cr_assert_eq(jint(g, "volumes.0.remoteVolumes.0.syncStatus"), 3, "Synced at once");
    cJSON_Delete(g);
    ok(A("PUT", p, "{'action':4,'noSnapshot':true}"), 200, "stop -nosnap");
    ok(A("PUT", p, "{'action':3,'startingSnapshots':[{'volumeName':'" V "'}]}"), 200,
       "start, full sync of the volume");
    ok(A("PUT", p, "{'action':5,'noResyncSnapshot':true}"), 200, "sync -n");
    refused(A("PUT", p, "{'action':5,'fullSync':true}"), 400, 12,
            "fullSync on a periodic group");
}

Test(api_wsapi_rcopy, actions_refuse_bad_bodies)
{
    create_group(2);
    admit_volume();
    const char *p = "/api/v1/remotecopygroups/" G;
    refused(A("PUT", p, "{'action':'3'}"), 400, 39, "action as a string");
    refused(A("PUT", p, "{'action':3.5}"), 400, 39, "action 3.5");
    refused(A("PUT", p, "{'action':7}"), 400, 46, "a DR action by PUT");
    refused(A("PUT", p, "{'action':0}"), 400, 46, "action 0");
    refused(A("PUT", p, "{'action':3,'noSnapshot':true}"), 400, 12, "a stop option on start");
    refused(A("PUT", p, "{'action':4,'fullSync':true}"), 400, 12, "a sync option on stop");
    refused(A("PUT", p, "{'action':3,'skipInitialSync':1}"), 400, 39, "a number for a boolean");
    refused(A("PUT", p, "{'action':3,'startingSnapshots':[{'snapshotName':'x'}]}"), 400, 40,
            "a starting snapshot without its volume");
    refused(A("PUT", p, "{'action':3,'startingSnapshots':[{'volumeName':'" V "',"
              "'snapshotName':'nosuch'}]}"), 404, 23, "an unknown starting snapshot");
    refused(A("PUT", p, "{'action':3"), 400, 12, "malformed JSON");
    /* none of them started the group */
    cJSON *g = get_group(false, G);
    cr_assert_eq(jint(g, "targets.0.state"), 1);
    cJSON_Delete(g);
}

/* ---- DR actions (POST 6-11) ---------------------------------------------- */

/* test_22 failover_remote_copy_group, then recover and restore to the end */
Test(api_wsapi_rcopy, failover_recover_restore_on_the_secondary)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_digest da, db;
    create_group(2);
    admit_volume();
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':3}"), 200, "start");
    cr_assert_eq(sim_io_write_pattern(S, "site-a", V, 0, 1 << 20, 7, &err), 0, "%s",
                 err.detail);
    advance_until_synced();
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':5}"), 200, "sync");
    advance_until_synced();
    cr_assert_eq(sim_io_digest(S, "site-a", V, &da, &err), 0);
    cr_assert_eq(sim_io_digest(S, "site-b", V, &db, &err), 0);
    cr_assert_str_eq(da.hex, db.hex, "the secondary holds the primary's data");

    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':4}"), 200, "stop");
    const char *pb = "/api/v1/remotecopygroups/" GP;
    struct resp r = B("POST", pb, "{'action':7}");
    cr_assert_eq(r.status, 200, "failover: %ld", r.status);
    cr_assert(cJSON_IsNumber(jp(r.body, "taskid")));
    done(&r);
    cJSON *g = get_group(true, GP);
    cr_assert(jbool(g, "targets.0.roleReversed"), "S roleReversed after action 7");
    cr_assert_eq(jint(g, "role"), 1, "Primary-Rev is role 1");
    cr_assert_eq(jint(g, "targets.0.state"), 5);
    cJSON_Delete(g);
    g = get_group(false, G);
    cr_assert_eq(jint(g, "role"), 2, "P learned of it: Secondary-Rev");
    cr_assert(jbool(g, "targets.0.roleReversed"));
    cJSON_Delete(g);
    refused(B("POST", pb, "{'action':7}"), 403, 229, "failover twice");

    /* the DR side writes, recover sends it back */
    cr_assert_eq(sim_io_write_pattern(S, "site-b", V, 2 << 20, 64 << 10, 8, &err), 0);
    ok(B("POST", pb, "{'action':9,'targetName':'site-a'}"), 200, "recover");
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "targets.0.state"), 3, "recover starts the group");
    cJSON_Delete(g);
    refused(B("POST", pb, "{'action':9}"), 403, 284, "recover of a started group");
    for (int i = 0; i < 600; i++) {
        g = get_group(true, GP);
        bool synced = jint(g, "volumes.0.remoteVolumes.0.syncStatus") == 3;
        cJSON_Delete(g);
        if (synced)
            break;
        advance(1000);
    }
    ok(B("POST", pb, "{'action':10}"), 200, "restore");
    advance(1000);
    advance_until_synced();
    g = get_group(false, G);
    cr_assert_eq(jint(g, "role"), 1);
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cr_assert_eq(jint(g, "targets.0.state"), 3);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "role"), 2);
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cJSON_Delete(g);
    cr_assert_eq(sim_io_digest(S, "site-a", V, &da, &err), 0);
    cr_assert_eq(sim_io_digest(S, "site-b", V, &db, &err), 0);
    cr_assert_str_eq(da.hex, db.hex, "the DR side's write reached site-a");
    refused(B("POST", pb, "{'action':10}"), 400, 29, "restore twice");

    /* P's group still stops, dismisses and deletes; the peer goes with it */
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':4}"), 200, "stop");
    ok(A("DELETE", "/api/v1/remotecopygroups/" G "/volumes/" V "?removeSecondaryVolume=true",
         NULL), 200, "dismiss");
    ok(A("DELETE", "/api/v1/remotecopygroups/" G "?keepSnap=false", NULL), 200, "delete");
    refused(A("GET", "/api/v1/remotecopygroups/" G, NULL), 404, 187, "P's group gone");
    refused(B("GET", pb, NULL), 404, 187, "the peer gone");
    create_group(2);    /* the name can be used again */
}

Test(api_wsapi_rcopy, dr_refusals)
{
    create_group(1);
    admit_volume();
    const char *pa = "/api/v1/remotecopygroups/" G, *pb = "/api/v1/remotecopygroups/" GP;
    refused(B("POST", pb, "{}"), 400, 40, "no action");
    refused(B("POST", pb, "{'action':'7'}"), 400, 39, "action as a string");
    refused(B("POST", pb, "{'action':3}"), 400, 46, "a PUT action by POST");
    refused(B("POST", pb, "{'action':12}"), 400, 46, "action 12");
    refused(B("POST", pb, "{'action':7,'stopGroups':true}"), 400, 12,
            "stopGroups is for reverse only");
    refused(B("POST", pb, "{'action':10,'skipPromote':true}"), 400, 12,
            "skipPromote is not for restore");
    refused(B("POST", pb, "{'action':7,'skipStart':'yes'}"), 400, 39, "a string for a boolean");
    refused(B("POST", "/api/v1/remotecopygroups/nosuch", "{'action':7}"), 404, 187,
            "unknown group");
    refused(B("POST", pb, "{'action':7,'targetName':'nosuch'}"), 403, 194, "unknown target");
    refused(A("POST", pa, "{'action':7}"), 403, 229, "failover on the primary");
    refused(B("POST", pb, "{'action':10}"), 400, 29, "restore, roles not reversed");
    refused(B("POST", pb, "{'action':9}"), 403, 227, "recover on a plain secondary");
    refused(B("POST", pb, "{'action':11}"), 400, 12, "override, not in failsafe");
    ok(A("PUT", pa, "{'action':3}"), 200, "start");
    refused(B("POST", pb, "{'action':7}"), 403, 284, "failover of a started group");
    refused(A("POST", pa, "{'action':6}"), 403, 284, "reverse of a started group");
    /* nothing changed */
    cJSON *g = get_group(true, GP);
    cr_assert_eq(jint(g, "role"), 2);
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cr_assert_eq(jint(g, "targets.0.state"), 3);
    cJSON_Delete(g);
}

Test(api_wsapi_rcopy, switchover_and_reverse)
{
    create_group(1);
    admit_volume();
    const char *pa = "/api/v1/remotecopygroups/" G, *pb = "/api/v1/remotecopygroups/" GP;
    refused(A("POST", pa, "{'action':8}"), 403, 216, "switchover of a group not started");
    ok(A("PUT", pa, "{'action':3}"), 200, "start");
    advance_until_synced();
    refused(B("POST", pb, "{'action':8}"), 403, 228, "switchover on the secondary");
    ok(A("POST", pa, "{'action':8}"), 200, "switchover");
    cJSON *g = get_group(false, G);
    cr_assert_eq(jint(g, "role"), 2, "plain Secondary");
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cr_assert_eq(jint(g, "targets.0.state"), 3, "still started");
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "role"), 1);
    cJSON_Delete(g);
    /* reverse back from site-a, stopping the groups first */
    ok(A("POST", pa, "{'action':6,'stopGroups':true}"), 200, "reverse");
    g = get_group(false, G);
    cr_assert_eq(jint(g, "role"), 1);
    cr_assert_eq(jbool(g, "targets.0.roleReversed"), false);
    cr_assert_eq(jint(g, "targets.0.state"), 5);
    cJSON_Delete(g);
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "role"), 2);
    cJSON_Delete(g);
    /* localGroupsDirection: this side only, current direction flipped */
    ok(B("POST", pb, "{'action':6,'localGroupsDirection':true}"), 200, "reverse -local");
    g = get_group(true, GP);
    cr_assert_eq(jint(g, "role"), 1, "Primary-Rev");
    cr_assert(jbool(g, "targets.0.roleReversed"));
    cJSON_Delete(g);
    g = get_group(false, G);
    cr_assert_eq(jint(g, "role"), 1, "site-a unchanged");
    cJSON_Delete(g);
}

/* ---- delete ---------------------------------------------------------------- */

Test(api_wsapi_rcopy, delete_group)
{
    create_group(2);
    admit_volume();
    refused(A("DELETE", "/api/v1/remotecopygroups/" G "?keepSnap=maybe", NULL), 400, 12,
            "keepSnap=maybe");
    refused(B("DELETE", "/api/v1/remotecopygroups/" GP, NULL), 403, 228,
            "delete on the secondary");
    refused(A("DELETE", "/api/v1/remotecopygroups/nosuch", NULL), 404, 187, "unknown group");
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':3}"), 200, "start");
    advance_until_synced();
    ok(A("PUT", "/api/v1/remotecopygroups/" G, "{'action':4}"), 200, "stop");
    /* a stopped group with volumes deletes (§6 fact 14) */
    ok(A("DELETE", "/api/v1/remotecopygroups/" G "?keepSnap=true", NULL), 200, "delete");
    refused(B("GET", "/api/v1/remotecopygroups/" GP, NULL), 404, 187, "the peer went too");
    ok(A("GET", "/api/v1/volumes/" V, NULL), 200, "the volumes stay");
    ok(B("GET", "/api/v1/volumes/" V, NULL), 200, "the secondary stays");
    /* keepSnap kept the resync snapshot as sv.rcpy.* */
    struct resp r = A("GET", "/api/v1/volumes", NULL);
    const cJSON *m;
    bool kept = false;
    cJSON_ArrayForEach(m, jp(r.body, "members"))
        kept |= !strncmp(jstr(m, "name"), "sv.rcpy.", 8);
    done(&r);
    cr_assert(kept, "keepSnap keeps the resync snapshot");
    create_group(2);
}

/* ---- roles ----------------------------------------------------------------- */

Test(api_wsapi_rcopy, browse_may_only_read)
{
    char kb[128];
    create_group(2);
    login(HA, kb, sizeof(kb), "browse", "browse");
    struct resp r = req(HA, "GET", "/api/v1/remotecopygroups/" G, NULL, kb);
    cr_assert_eq(r.status, 200);
    done(&r);
    ok(req(HA, "GET", "/api/v1/remotecopy", NULL, kb), 200, "GET /remotecopy");
    ok(req(HA, "GET", "/api/v1/remotecopytargets", NULL, kb), 200, "GET targets");
    ok(req(HA, "GET", "/api/v1/remotecopylinks", NULL, kb), 200, "GET links");
    refused(req(HA, "POST", "/api/v1/remotecopygroups", "{'name':'g2','targets':"
                "[{'targetName':'site-b','mode':2}]}", kb), 403, 7, "browse create");
    refused(req(HA, "PUT", "/api/v1/remotecopygroups/" G, "{'targets':[{'targetName':'site-b',"
                "'syncPeriod':300}]}", kb), 403, 7, "browse modify");
    refused(req(HA, "POST", "/api/v1/remotecopygroups/" G, "{'action':7}", kb), 403, 7,
            "browse DR");
    refused(req(HA, "DELETE", "/api/v1/remotecopygroups/" G, NULL, kb), 403, 7, "browse delete");
    refused(req(HA, "PUT", "/api/v1/remotecopytargets/site-b",
                "{'policies':{'mirrorConfig':false}}", kb), 403, 7, "browse mirror");
    /* no side effects */
    cJSON *g = get_group(false, G);
    cr_assert_eq(jint(g, "targets.0.syncPeriod"), 0);
    cJSON_Delete(g);
    r = A("GET", "/api/v1/remotecopygroups", NULL);
    cr_assert_eq(jint(r.body, "total"), 1);
    done(&r);
    char ke[128];
    login(HA, ke, sizeof(ke), "edit", "edit");
    ok(req(HA, "PUT", "/api/v1/remotecopygroups/" G, "{'targets':[{'targetName':'site-b',"
           "'syncPeriod':600}]}", ke), 200, "edit may modify");
}
