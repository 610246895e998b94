/* tests/unit/sim_rcpset.c - the RCP_<group> volume sets of arrays with the
 * rcp_vvset behaviour flag (docs/array-remote-copy.md §1.3): made with the
 * group on each side, following its volumes, refused to removevvset, gone
 * with the group; none without the flag. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/rcopy.h"
#include "sim/set.h"
#include "sim/vv.h"

static struct sim *s;
static struct sim_err err;
static char *fixture;

static void setup(void)
{
    s = test_sim_open_flag("rcp_vvset", &fixture);
}

static void teardown(void)
{
    sim_close(s);
    free(fixture);
}

TestSuite(sim_rcpset, .init = setup, .fini = teardown);

static void group(const char *name)
{
    struct sim_group_spec gs = { .name = name, .target = "site-b", .mode = SIM_RC_PERIODIC,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
}

static void admit(const char *g, const char *vv)
{
    struct sim_vv_spec vs = { .name = vv, .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    struct sim_admit_spec as = { .vv = vv, .sec_vv = vv, .createvv = true };
    assert_ok(sim_group_admit_vv(s, "site-a", g, &as, &err), err);
}

/* The members of a set as "a,b,"; "-" when the set does not exist. */
static const char *members(const char *array, const char *set)
{
    static char buf[256];
    struct sim_set_view v;
    struct sim_err e = SIM_ERR_INIT;
    if (sim_set_get(s, array, SIM_SET_VV, set, &v, &e) < 0)
        return "-";
    buf[0] = '\0';
    for (size_t i = 0; i < v.n_members; i++) {
        strcat(buf, v.members[i]);
        strcat(buf, ",");
    }
    sim_set_view_release(&v);
    return buf;
}

Test(sim_rcpset, the_set_follows_the_group_on_both_sides)
{
    group("g");
    cr_assert_str_eq(members("site-a", "RCP_g"), "");
    cr_assert_str_eq(members("site-b", "RCP_g.r101"), "");
    admit("g", "v1");
    admit("g", "v2");
    cr_assert_str_eq(members("site-a", "RCP_g"), "v1,v2,");
    cr_assert_str_eq(members("site-b", "RCP_g.r101"), "v1,v2,");
    assert_ok(sim_group_dismiss_vv(s, "site-a", "g", "v1", false, false, &err), err);
    cr_assert_str_eq(members("site-a", "RCP_g"), "v2,");
    cr_assert_str_eq(members("site-b", "RCP_g.r101"), "v2,");
    assert_ok(sim_group_remove(s, "site-a", "g", false, false, &err), err);
    cr_assert_str_eq(members("site-a", "RCP_g"), "-");
    cr_assert_str_eq(members("site-b", "RCP_g.r101"), "-");
}

Test(sim_rcpset, removevvset_refuses_the_set_of_a_group)
{
    group("g");
    admit("g", "v1");
    assert_refused(sim_set_remove(s, "site-a", SIM_SET_VV, "RCP_g", &err), err,
                   SIM_ESET_IN_RCOPY);
    assert_refused(sim_set_remove(s, "site-b", SIM_SET_VV, "RCP_g.r101", &err), err,
                   SIM_ESET_IN_RCOPY);
    cr_assert_str_eq(members("site-a", "RCP_g"), "v1,");
}

Test(sim_rcpset, a_taken_name_gets_a_suffix)
{
    struct sim_set_spec sp = { .name = "RCP_h" };
    assert_ok(sim_set_create(s, "site-a", SIM_SET_VV, &sp, &err), err);
    group("h");
    cr_assert_str_eq(members("site-a", "RCP_h"), "");
    admit("h", "v1");
    cr_assert_str_eq(members("site-a", "RCP_h"), "", "the user's set is left alone");
    cr_assert_str_eq(members("site-a", "RCP_h.0"), "v1,");
    /* the user's set can still go; the group's cannot */
    assert_ok(sim_set_remove(s, "site-a", SIM_SET_VV, "RCP_h", &err), err);
}

Test(sim_rcpset, a_long_group_name_is_cut_to_fit)
{
    group("abcdefghijklmnopqrstuv"); /* 22 characters, the mirror_config limit */
    cr_assert_str_eq(members("site-a", "RCP_abcdefghijklmnopqrstuv"), "");
    cr_assert_str_eq(members("site-b", "RCP_abcdefghijklmnopqrstuv.r101"), "");
}

Test(sim_rcpset, no_set_without_the_flag)
{
    sim_close(s);
    s = test_sim_open();
    group("g");
    admit("g", "v1");
    cr_assert_str_eq(members("site-a", "RCP_g"), "-");
    cr_assert_str_eq(members("site-b", "RCP_g.r101"), "-");
}
