/* tests/unit/api_ctl.c - the control API's tables and helpers: every refusal
 * code has an HTTP status, routes match as documented, base64 round trips,
 * no listener off loopback without a token. */
#include "api/ctl_internal.h"
#include "api/ctl_server.h"
#include "sim/rcopy.h"
#include "util/base64.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

Test(api_ctl, every_sim_rc_has_an_http_status)
{
    for (int rc = 0; rc < SIM_RC__COUNT; rc++)
        cr_expect(ctl_http_status_defined((enum sim_rc)rc), "no HTTP status for %s",
                  sim_rc_name((enum sim_rc)rc));
}

Test(api_ctl, statuses_fit_the_kind_of_refusal)
{
    cr_expect_eq(ctl_http_status(SIM_ENOENT_VV), 404);
    cr_expect_eq(ctl_http_status(SIM_EEXIST_VV), 409);
    cr_expect_eq(ctl_http_status(SIM_EINVAL), 400);
    cr_expect_eq(ctl_http_status(SIM_EPERM), 403);
    cr_expect_eq(ctl_http_status(SIM_EINTERNAL), 500);
    cr_expect_eq(ctl_http_status(SIM_RC__COUNT), 500);
}

Test(api_ctl, routes_capture_segments)
{
    struct ctl_req rq;
    const struct ctl_route *r;
    bool known;
    memset(&rq, 0, sizeof(rq));
    cr_assert_eq(ctl_route_find("POST", "/arrays/site-a/volumes/vv.1/write", &rq, &r, &known), 1);
    cr_expect_str_eq(rq.param[0], "site-a");
    cr_expect_str_eq(rq.param[1], "vv.1");
    cr_expect(r->flags & CTL_BIG_BODY);
    cr_expect_eq(ctl_route_find("GET", "/clock/", &rq, &r, &known), 1);
}

Test(api_ctl, wrong_method_is_known_unknown_path_is_not)
{
    struct ctl_req rq;
    const struct ctl_route *r;
    bool known;
    memset(&rq, 0, sizeof(rq));
    cr_expect_eq(ctl_route_find("DELETE", "/clock", &rq, &r, &known), 0);
    cr_expect(known);
    cr_expect_eq(ctl_route_find("GET", "/arrays//cli", &rq, &r, &known), 0);
    cr_expect(!known);
    cr_expect_eq(ctl_route_find("GET", "/nosuch", &rq, &r, &known), 0);
    cr_expect(!known);
}

Test(api_ctl, remote_copy_routes_take_the_documented_fields)
{
    struct ctl_req rq;
    const struct ctl_route *r;
    bool known;
    memset(&rq, 0, sizeof(rq));
    cr_assert_eq(ctl_route_find("POST", "/links/site-a/site-b", &rq, &r, &known), 1);
    cr_expect_str_eq(rq.param[0], "site-a");
    cr_expect_str_eq(rq.param[1], "site-b");
    const char *want[] = { "up", "latency_ms", "bandwidth_mbs", "loss_pct", "port", NULL };
    for (size_t i = 0; want[i]; i++)
        cr_expect_str_eq(r->keys[i], want[i]);
    cr_assert_eq(ctl_route_find("POST", "/arrays/site-b/volumes/v/faults", &rq, &r, &known), 1);
    cr_expect_str_eq(r->keys[0], "write_errors");
    cr_expect_str_eq(r->keys[1], "read_errors");
    cr_expect_null(r->keys[2]);
    cr_assert_eq(ctl_route_find("POST", "/arrays/site-a/reboot", &rq, &r, &known), 1);
    cr_expect_null(r->keys, "reboot takes no body");
    cr_expect_eq(ctl_route_find("GET", "/arrays/site-a/groups/g.r101", &rq, &r, &known), 1);
    cr_expect_str_eq(rq.param[1], "g.r101");
    cr_expect_eq(ctl_route_find("GET", "/arrays/site-a/tasks/7", &rq, &r, &known), 1);
    cr_expect_eq(ctl_route_find("GET", "/arrays/site-a/links", &rq, &r, &known), 1);
    cr_expect_eq(ctl_route_find("GET", "/arrays/site-a/targets", &rq, &r, &known), 1);
    cr_expect_eq(ctl_route_find("GET", "/links/site-a/site-b", &rq, &r, &known), 0);
    cr_expect(known, "GET on a link is a wrong method, not an unknown path");
}

Test(api_ctl, group_json_names_roles_statuses_and_pairs)
{
    struct sim_pair_view pairs[2] = {
        { .local_vv = "v1", .remote_vv = "v1", .status = SIM_SYNC_SYNCING, .progress_pct = 42,
          .blocks_sent = 3, .blocks_total = 7, .full_sync = false },
        { .local_vv = "v2", .remote_vv = "w2", .status = SIM_SYNC_NOTSYNCED,
          .resync_snap = "rcpy.1.2.3", .full_sync = true, .last_sync_ms = 1000 },
    };
    struct sim_group_view g = { .name = "g.r101", .role = SIM_RC_PRIMARY_REV,
                                .status = SIM_RC_STOPPED, .mode = SIM_RC_PERIODIC,
                                .policies = SIM_POL_AUTO_RECOVER | SIM_POL_OVER_PER_ALERT,
                                .n_pairs = 2, .pairs = pairs };
    cJSON *j = ctl_json_from_group(&g);
    char *text = cJSON_PrintUnformatted(j);
    cr_expect(strstr(text, "\"role\":\"Primary-Rev\",\"status\":\"Stopped\","
                           "\"mode\":\"Periodic\""), "%s", text);
    cr_expect(strstr(text, "\"policies\":[\"auto_recover\",\"over_per_alert\"]"), "%s", text);
    cr_expect(strstr(text, "\"status\":\"Syncing\",\"progress_pct\":42"), "%s", text);
    cr_expect(strstr(text, "\"blocks_sent\":3,\"blocks_total\":7,\"sync_type\":\"delta\""),
              "%s", text);
    cr_expect(strstr(text, "\"status\":\"NotSynced\""), "%s", text);
    cr_expect(strstr(text, "\"resync_snapshot\":\"rcpy.1.2.3\""), "%s", text);
    cr_expect(strstr(text, "\"last_sync\":\"NA\""), "an unsynced pair shows NA: %s", text);
    cJSON_free(text);
    cJSON_Delete(j);
}

Test(api_ctl, base64_round_trips_and_refuses_garbage)
{
    unsigned char *out;
    size_t n;
    const char *texts[] = { "", "h", "he", "hel", "hello world" };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        char *e = rc_base64_encode(texts[i], strlen(texts[i]));
        cr_assert_eq(rc_base64_decode(e, strlen(e), &out, &n), 0);
        cr_expect_eq(n, strlen(texts[i]));
        cr_expect_eq(memcmp(out, texts[i], n), 0);
        free(out);
        free(e);
    }
    char *hw = rc_base64_encode("hello world", 11);
    cr_expect_str_eq(hw, "aGVsbG8gd29ybGQ=");
    free(hw);
    cr_expect_eq(rc_base64_decode("a!==", 4, &out, &n), -1);
    cr_expect_eq(rc_base64_decode("a", 1, &out, &n), -1);
    cr_expect_eq(rc_base64_decode("aGk=x", 5, &out, &n), -1);
    cr_expect_eq(rc_base64_decode("aG!kaGk=", 8, &out, &n), -1);
    cr_expect_eq(rc_base64_decode("aG=kaGk=", 8, &out, &n), -1);
    /* unpadded input decodes too */
    cr_assert_eq(rc_base64_decode("aGk", 3, &out, &n), 0);
    cr_expect(n == 2 && memcmp(out, "hi", 2) == 0);
    free(out);
    /* every byte value, at every length modulo 3 */
    unsigned char all[258];
    for (int i = 0; i < 258; i++)
        all[i] = (unsigned char)(i * 7);
    for (size_t len = 255; len <= 258; len++) {
        char *e = rc_base64_encode(all, len);
        cr_assert_eq(rc_base64_decode(e, strlen(e), &out, &n), 0);
        cr_expect(n == len && memcmp(out, all, len) == 0, "length %zu", len);
        free(out);
        free(e);
    }
}

Test(api_ctl, loopback_is_only_what_resolves_to_loopback)
{
    cr_expect(ctl_addr_is_loopback("127.0.0.1"));
    cr_expect(ctl_addr_is_loopback("127.3.4.5"));
    cr_expect(ctl_addr_is_loopback("::1"));
    cr_expect(ctl_addr_is_loopback("::ffff:127.0.0.1"));
    cr_expect(ctl_addr_is_loopback("localhost"));
    cr_expect_not(ctl_addr_is_loopback("0.0.0.0"));
    cr_expect_not(ctl_addr_is_loopback("::"));
    cr_expect_not(ctl_addr_is_loopback("10.1.2.3"));
    cr_expect_not(ctl_addr_is_loopback("128.0.0.1"));
    cr_expect_not(ctl_addr_is_loopback("127.0.0.1.nip.invalid"));
    cr_expect_not(ctl_addr_is_loopback(""));
}

Test(api_ctl, no_token_no_listener_off_loopback)
{
    struct ctl_server *cs = NULL;
    char errbuf[256];
    /* the address is checked before anything is bound: no engine needed */
    cr_assert_eq(ctl_server_start(NULL, "0.0.0.0", 0, NULL, &cs, errbuf, sizeof(errbuf)), -1);
    cr_expect(strstr(errbuf, "without a token"), "%s", errbuf);
    cr_assert_eq(ctl_server_start(NULL, "0.0.0.0", 0, "", &cs, errbuf, sizeof(errbuf)), -1);
    cr_assert_eq(ctl_server_start(NULL, "0.0.0.0", 0, "s3cret", &cs, errbuf, sizeof(errbuf)),
                 0, "%s", errbuf);
    ctl_server_stop(cs);
}
