/* tests/unit/sim_quirks.c - the live_10_5_quirks behaviour flag (reference
 * docs/array-remote-copy.md §2.5, scenario §6.6 #18): a failover with both arrays up
 * reaches the old primary at once and starts the group from the new
 * source; once that sync is done the reversed direction becomes the
 * natural one (Primary / Secondary), and restore is refused. Without the
 * flag the roles stay Primary-Rev / Secondary-Rev until restore. */
#include "helpers.h"

#include <stdlib.h>

#include "sim/clock.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/vv.h"

static struct sim *s;
static struct sim_err err;
static char *fixture;

static void teardown(void)
{
    sim_close(s);
    free(fixture);
}

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

static enum sim_rc_role role(const char *array, const char *g)
{
    struct sim_group_view v;
    assert_ok(sim_group_get(s, array, g, &v, &err), err);
    enum sim_rc_role r = v.role;
    sim_group_view_release(&v);
    return r;
}

/* A synced sync group g with one volume, then a failover on site-b (not
 * started: the test starts the sync back when it has written). */
static void failover(void)
{
    struct sim_vv_spec vs = { .name = "v", .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 4 << 20, 1, &err), err);
    struct sim_group_spec gs = { .name = "g", .target = "site-b", .mode = SIM_RC_SYNC,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
    struct sim_admit_spec as = { .vv = "v", .sec_vv = "v", .createvv = true };
    assert_ok(sim_group_admit_vv(s, "site-a", "g", &as, &err), err);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(5000);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    int64_t task;
    struct sim_dr_opts o = { .nostart = true };
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, &o, &task, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-b", "v", 0, 8 << 20, 2, &err), err);
}

Test(sim_quirks, live_10_5_flips_the_natural_direction_after_the_sync_back,
     .fini = teardown)
{
    s = test_sim_open_flag("live_10_5_quirks", &fixture);
    failover();
    cr_assert_eq(role("site-b", "g.r101"), SIM_RC_PRIMARY_REV);
    cr_assert_eq(role("site-a", "g"), SIM_RC_SECONDARY_REV, "quirk 1: mirrored at once");
    assert_ok(sim_group_start(s, "site-b", "g.r101", NULL, &err), err);
    cr_assert_eq(role("site-b", "g.r101"), SIM_RC_PRIMARY_REV, "flipped before the sync");
    advance(60000);
    cr_assert_eq(role("site-b", "g.r101"), SIM_RC_PRIMARY, "quirk 2: natural after sync");
    cr_assert_eq(role("site-a", "g"), SIM_RC_SECONDARY);
    int64_t task;
    assert_refused(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RESTORE, NULL, &task, &err),
                   err, SIM_ENOT_SWITCHED);
}

Test(sim_quirks, without_the_flag_the_roles_wait_for_restore, .fini = teardown)
{
    s = test_sim_open();
    fixture = NULL;
    failover();
    int64_t task;
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RECOVER, NULL, &task, &err), err);
    advance(60000);
    cr_assert_eq(role("site-b", "g.r101"), SIM_RC_PRIMARY_REV);
    cr_assert_eq(role("site-a", "g"), SIM_RC_SECONDARY_REV);
}
