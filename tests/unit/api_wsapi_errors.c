/* tests/unit/api_wsapi_errors.c - every refusal has a WSAPI status, code
 * and text, and the texts the client matches exactly are exact. */
#include <criterion/criterion.h>
#include <string.h>

#include "api/wsapi_internal.h"
#include "sim/err.h"

Test(api_wsapi_errors, every_sim_rc_has_an_entry)
{
    for (int rc = 0; rc < SIM_RC__COUNT; rc++) {
        const struct wsapi_err_entry *e = wsapi_err_lookup_rc((enum sim_rc)rc);
        cr_assert_not_null(e, "no WSAPI entry for %s", sim_rc_name((enum sim_rc)rc));
        cr_assert(strlen(e->desc) > 0, "empty text for %s", sim_rc_name((enum sim_rc)rc));
        if (rc != SIM_OK)
            cr_assert(e->http >= 400 && e->http < 600 && e->http != 503,
                      "%s: status %u", sim_rc_name((enum sim_rc)rc), e->http);
    }
}

Test(api_wsapi_errors, every_wsapi_code_has_an_entry)
{
    for (int c = 0; c < WC__COUNT; c++) {
        const struct wsapi_err_entry *e = wsapi_err_lookup_code((enum wsapi_code)c);
        cr_assert_not_null(e, "no entry for wsapi code %d", c);
        cr_assert(e->http >= 400 && e->http != 503, "code %d: status %u", c, e->http);
    }
}

/* docs/array-interfaces.md §1.5 and §6 fact 19 */
Test(api_wsapi_errors, texts_the_client_matches)
{
    const struct wsapi_err_entry *e;
    e = wsapi_err_for_rc(SIM_EVV_EXPORTED);
    cr_assert(e->http == 409 && e->code == 26);
    cr_assert_str_eq(e->desc, "has exported VLUN");
    e = wsapi_err_for_rc(SIM_EHOST_IN_SET);
    cr_assert(e->http == 409 && e->code == 77);
    cr_assert_str_eq(e->desc, "host is a member of a set");
    e = wsapi_err_for_rc(SIM_ENOENT_HOST);
    cr_assert(e->http == 404 && e->code == 17);
    cr_assert_str_eq(e->desc, "host does not exist");
    e = wsapi_err_for_rc(SIM_ENOENT_DOMAIN);
    cr_assert(e->http == 404 && e->code == 38);
    e = wsapi_err_for_code(WC_EXCEEDS_LENGTH);
    cr_assert_str_eq(e->desc, "invalid input: string length exceeds limit");
    e = wsapi_err_for_code(WC_ILLEGAL_CHAR);
    cr_assert_str_eq(e->desc, "illegal character in input");
    e = wsapi_err_for_code(WC_PARAM_CONFLICT);
    cr_assert(e->http == 400 && e->code == 44);
    cr_assert_str_eq(e->desc, "invalid input: parameters cannot be present at the same time");
    e = wsapi_err_for_code(WC_INV_USER_PASS);
    cr_assert(e->http == 403 && e->code == 5);
    cr_assert_str_eq(e->desc, "invalid username or password");
    e = wsapi_err_for_rc(SIM_ENOENT_GROUP);
    cr_assert(e->http == 404 && e->code == 187);
    e = wsapi_err_for_rc(SIM_ENOTSTOPPED);
    cr_assert(e->http == 403 && e->code == 284);
    cr_assert(wsapi_err_for_rc(SIM_ENOENT_TASK)->code == 145);
    cr_assert(wsapi_err_for_code(WC_BAD_TASK_ID)->code == 39);
    cr_assert(wsapi_err_for_code(WC_BELOW_RANGE)->code == 115);
}

Test(api_wsapi_errors, reply_carries_code_desc_and_ref)
{
    struct wsapi_req rq = { .array = "site-a" };
    struct sim_err err = SIM_ERR_INIT;
    sim_fail(&err, SIM_ENOENT_VV, "vol1", "no such volume");
    cr_assert_eq(wsapi_reply_error(&rq, &err), -1);
    cr_assert_eq(rq.status, 404);
    cr_assert_eq(cJSON_GetObjectItem(rq.reply, "code")->valueint, 23);
    cr_assert_str_eq(cJSON_GetObjectItem(rq.reply, "desc")->valuestring,
                     "volume does not exist");
    cr_assert_str_eq(cJSON_GetObjectItem(rq.reply, "ref")->valuestring, "vol1");
    wsapi_req_release(&rq);
}

/* docs/array-remote-copy.md §1.3, §1.8, §2.6: the numbers and texts the reference
 * gives for remote copy */
Test(api_wsapi_errors, remote_copy_codes)
{
    const struct wsapi_err_entry *e;
    e = wsapi_err_for_rc(SIM_ENOENT_GROUP);
    cr_assert(e->http == 404 && e->code == 187);
    e = wsapi_err_for_rc(SIM_EEXIST_GROUP);
    cr_assert(e->http == 409 && e->code == 237);
    e = wsapi_err_for_rc(SIM_EGROUP_STARTED);
    cr_assert(e->http == 403 && e->code == 215);
    cr_assert_str_eq(e->desc, "remote-copy group has already been started");
    e = wsapi_err_for_rc(SIM_ENOTSTOPPED);
    cr_assert(e->http == 403 && e->code == 284);
    cr_assert_str_eq(e->desc, "Remote copy group not stopped");
    e = wsapi_err_for_rc(SIM_ENOT_SWITCHED);
    cr_assert(e->http == 400 && e->code == 29);
    cr_assert(strstr(e->desc, "was not previously switched"));
    e = wsapi_err_for_rc(SIM_EMIXED_MODES);
    cr_assert(e->http == 400 && e->code == 236);
    cr_assert_str_eq(e->desc, "Group with different modes on a single target is not supported");
    e = wsapi_err_for_rc(SIM_ENOT_TARGET_OF_GROUP);
    cr_assert_eq(e->code, 194);
    cr_assert_str_eq(e->desc, "specified target is not a target of remote copy group");
    e = wsapi_err_for_rc(SIM_EPARAM_CONFLICT);
    cr_assert(e->http == 400 && e->code == 44);
    /* 29 means "not previously switched" only */
    for (int rc = 0; rc < SIM_RC__COUNT; rc++)
        if (rc != SIM_ENOT_SWITCHED)
            cr_assert_neq(wsapi_err_for_rc((enum sim_rc)rc)->code, 29, "%s",
                          sim_rc_name((enum sim_rc)rc));
}
