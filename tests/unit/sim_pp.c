/* tests/unit/sim_pp.c - Peer Persistence (docs/array-remote-copy.md §3.9,
 * docs/behaviour.md): the quorum witness decides automatic failover, the
 * side that loses the links and the witness goes failsafe, hosts' paths
 * follow the source role, and active_active keeps a secondary unexported. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/array.h"
#include "sim/clock.h"
#include "sim/host.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/vlun.h"
#include "sim/vv.h"

static struct sim *s;
static struct sim_err err;

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

static void links(int up)
{
    struct sim_link_fault f = { .up = up, .latency_ms = -1, .bandwidth_mbs = -1,
                                .loss_pct = -1 };
    assert_ok(sim_link_fault(s, "site-a", "site-b", NULL, &f, &err), err);
}

static struct sim_group_view group(const char *array, const char *name)
{
    struct sim_group_view v;
    assert_ok(sim_group_get(s, array, name, &v, &err), err);
    return v;
}

/* "Role/Status" of the group as the array shows it. */
static const char *state(const char *array, const char *name)
{
    static char buf[64];
    struct sim_group_view v = group(array, name);
    snprintf(buf, sizeof(buf), "%s/%s", sim_rc_role_name(v.role), sim_rc_status_name(v.status));
    sim_group_view_release(&v);
    return buf;
}

/* The ALUA state of the first VLUN of v on array. */
static enum sim_alua alua(const char *array)
{
    struct sim_vlun_view *v;
    size_t n;
    assert_ok(sim_vlun_list(s, array, &v, &n, &err), err);
    cr_assert_geq(n, 1);
    enum sim_alua a = v[0].alua;
    free(v);
    return a;
}

static void export_on(const char *array)
{
    const char *wwn[] = { strcmp(array, "site-a") == 0 ? "10000000C9000001" : "10000000C9000002" };
    struct sim_host_spec hs = { .name = "h1", .fc = wwn, .n_fc = 1 };
    assert_ok(sim_host_create(s, array, &hs, &err), err);
    struct sim_vlun_spec vs = { .volume = "v", .lun = 1, .host = "h1" };
    int64_t lun;
    assert_ok(sim_vlun_create(s, array, &vs, &lun, &err), err);
}

/* A sync group g with auto_failover, path_management and auto_recover, a
 * started witness on both targets, volume v exported on both arrays. */
static void setup(void)
{
    s = test_sim_open();
    assert_ok(sim_target_witness(s, "site-a", "site-b", "create", "10.9.9.9", &err), err);
    assert_ok(sim_target_witness(s, "site-a", "site-b", "start", NULL, &err), err);
    assert_ok(sim_target_witness(s, "site-b", "site-a", "create", "10.9.9.9", &err), err);
    assert_ok(sim_target_witness(s, "site-b", "site-a", "start", NULL, &err), err);
    struct sim_vv_spec vs = { .name = "v", .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 1 << 20, 1, &err), err);
    struct sim_group_spec gs = { .name = "g", .target = "site-b", .mode = SIM_RC_SYNC,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
    struct sim_admit_spec as = { .vv = "v", .sec_vv = "v", .createvv = true };
    assert_ok(sim_group_admit_vv(s, "site-a", "g", &as, &err), err);
    struct sim_group_mod m = SIM_GROUP_MOD_INIT;
    m.pol_on = SIM_POL_AUTO_FAILOVER | SIM_POL_PATH_MANAGEMENT | SIM_POL_AUTO_RECOVER;
    assert_ok(sim_group_modify(s, "site-a", "g", &m, &err), err);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(2000);
    export_on("site-a");
    export_on("site-b");
}

static void teardown(void)
{
    sim_close(s);
}

TestSuite(sim_pp, .init = setup, .fini = teardown);

Test(sim_pp, paths_follow_the_source_role)
{
    cr_assert_eq(alua("site-a"), SIM_ALUA_ACTIVE);
    cr_assert_eq(alua("site-b"), SIM_ALUA_STANDBY);
    int64_t task;
    assert_ok(sim_group_dr(s, "site-a", "g", SIM_DR_SWITCHOVER, NULL, &task, &err), err);
    cr_assert_eq(alua("site-a"), SIM_ALUA_STANDBY, "switchover flips the paths");
    cr_assert_eq(alua("site-b"), SIM_ALUA_ACTIVE);
}

Test(sim_pp, link_loss_alone_fails_nothing_over)
{
    links(0);
    advance(30000);
    cr_assert_str_eq(state("site-a", "g"), "Primary/Stopped");
    cr_assert_str_eq(state("site-b", "g.r101"), "Secondary/Stopped");
    /* the primary still takes host writes */
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 2, &err), err);
}

Test(sim_pp, the_survivor_fails_over_when_the_witness_agrees)
{
    assert_ok(sim_array_set_power(s, "site-a", false, &err), err);
    advance(30000);
    cr_assert_str_eq(state("site-b", "g.r101"), "Primary-Rev/Stopped");
    cr_assert_eq(alua("site-b"), SIM_ALUA_ACTIVE, "hosts continue on the survivor's paths");
    assert_ok(sim_io_write_pattern(s, "site-b", "v", 0, 16384, 3, &err), err);
    /* the old primary comes back in failsafe (same WWNs) */
    assert_ok(sim_array_set_power(s, "site-a", true, &err), err);
    advance(1000);
    cr_assert_str_eq(state("site-a", "g"), "Primary/Failsafe");
    cr_assert_eq(alua("site-a"), SIM_ALUA_UNAVAILABLE);
    assert_refused(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 4, &err), err,
                   SIM_EFAILSAFE);
}

Test(sim_pp, no_failover_without_the_witness)
{
    /* the survivor cannot ask the witness either: it waits */
    assert_ok(sim_witness_fault(s, NULL, "site-b", false, &err), err);
    assert_ok(sim_array_set_power(s, "site-a", false, &err), err);
    advance(30000);
    cr_assert_str_eq(state("site-b", "g.r101"), "Secondary/Stopped");
    /* the witness back: now it agrees that site-a is gone */
    assert_ok(sim_witness_fault(s, NULL, "site-b", true, &err), err);
    cr_assert_str_eq(state("site-b", "g.r101"), "Primary-Rev/Stopped");
}

Test(sim_pp, an_isolated_primary_goes_failsafe_and_the_other_side_takes_over)
{
    assert_ok(sim_witness_fault(s, "10.9.9.9", "site-a", false, &err), err);
    links(0);
    advance(30000);
    cr_assert_str_eq(state("site-a", "g"), "Primary/Failsafe", "lost the peer and the witness");
    assert_refused(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 5, &err), err,
                   SIM_EFAILSAFE);
    cr_assert_str_eq(state("site-b", "g.r101"), "Primary-Rev/Stopped",
                     "the witness no longer hears site-a");
    cr_assert_eq(alua("site-a"), SIM_ALUA_UNAVAILABLE);
    cr_assert_eq(alua("site-b"), SIM_ALUA_ACTIVE);
    /* never two writable copies of one WWN, also once everything is back */
    assert_ok(sim_witness_fault(s, NULL, "site-a", true, &err), err);
    links(1);
    advance(1000);
    cr_assert_str_eq(state("site-a", "g"), "Primary/Failsafe");
    int64_t task;
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RECOVER, NULL, &task, &err), err);
    cr_assert_str_eq(state("site-a", "g"), "Secondary-Rev/Started");
}

Test(sim_pp, failsafe_ends_when_the_peer_is_still_secondary)
{
    /* nobody reaches the witness: the primary goes failsafe, the secondary
     * cannot fail over; with the links back nothing happened on site-b */
    assert_ok(sim_witness_fault(s, NULL, NULL, false, &err), err);
    links(0);
    advance(30000);
    cr_assert_str_eq(state("site-a", "g"), "Primary/Failsafe");
    cr_assert_str_eq(state("site-b", "g.r101"), "Secondary/Stopped");
    links(1);
    advance(5000);
    cr_assert_str_eq(state("site-a", "g"), "Primary/Started", "auto_recover restarts it");
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 6, &err), err);
}

Test(sim_pp, witness_faults_name_a_witness_that_exists)
{
    assert_refused(sim_witness_fault(s, "10.1.2.3", NULL, false, &err), err,
                   SIM_ENOENT_WITNESS);
    assert_refused(sim_witness_fault(s, NULL, "nosuch", false, &err), err, SIM_ENOENT_ARRAY);
    struct sim_target_view *t;
    size_t n;
    assert_ok(sim_witness_fault(s, NULL, "site-a", false, &err), err);
    assert_ok(sim_target_list(s, "site-a", &t, &n, &err), err);
    cr_assert_not(t[0].witness_reachable);
    free(t);
    assert_ok(sim_target_list(s, "site-b", &t, &n, &err), err);
    cr_assert(t[0].witness_reachable);
    free(t);
}

Test(sim_pp, active_active_keeps_the_secondary_unexported)
{
    struct sim_group_mod m = SIM_GROUP_MOD_INIT;
    m.pol_on = SIM_POL_ACTIVE_ACTIVE;
    assert_ok(sim_group_modify(s, "site-a", "g", &m, &err), err);
    struct sim_group_mod off = SIM_GROUP_MOD_INIT;
    off.pol_off = SIM_POL_ACTIVE_ACTIVE;
    assert_refused(sim_group_modify(s, "site-a", "g", &off, &err), err, SIM_EAA_EXPORTED);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    assert_refused(sim_group_remove(s, "site-a", "g", false, false, &err), err,
                   SIM_EAA_EXPORTED);
    assert_ok(sim_vlun_remove(s, "site-b", "v", 1, "h1", false, 0, 0, 0, &err), err);
    assert_ok(sim_group_modify(s, "site-a", "g", &off, &err), err);
    assert_ok(sim_group_remove(s, "site-a", "g", false, false, &err), err);
}
