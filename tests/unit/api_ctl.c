/* tests/unit/api_ctl.c - the control API's tables and helpers: every refusal
 * code has an HTTP status, routes match as documented, base64 round trips. */
#include "api/ctl_internal.h"
#include "util/base64.h"

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
}
