/* tests/unit/sim_rcopy.c - remote copy: replication, link failure, delta
 * resync, DR operations and refusals (docs/array-remote-copy.md §6.6). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/array.h"
#include "sim/clock.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "sim/vv.h"

static struct sim *s;
static struct sim_err err;

static void setup(void)
{
    s = test_sim_open();
}

static void teardown(void)
{
    sim_close(s);
}

TestSuite(sim_rcopy, .init = setup, .fini = teardown);

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

static void digest(const char *array, const char *vv, char out[33])
{
    struct sim_digest d;
    assert_ok(sim_io_digest(s, array, vv, &d, &err), err);
    memcpy(out, d.hex, 33);
}

static void assert_same_data(const char *vv)
{
    char a[33], b[33];
    digest("site-a", vv, a);
    digest("site-b", vv, b);
    cr_assert_str_eq(a, b, "%s differs between the sites", vv);
}

static struct sim_group_view group(const char *array, const char *name)
{
    struct sim_group_view v;
    assert_ok(sim_group_get(s, array, name, &v, &err), err);
    return v;
}

static enum sim_rc_status gstatus(const char *array, const char *name)
{
    struct sim_group_view v = group(array, name);
    enum sim_rc_status st = v.status;
    sim_group_view_release(&v);
    return st;
}

static enum sim_rc_role grole(const char *array, const char *name)
{
    struct sim_group_view v = group(array, name);
    enum sim_rc_role r = v.role;
    sim_group_view_release(&v);
    return r;
}

static enum sim_rc_sync pair_status(const char *array, const char *name)
{
    struct sim_group_view v = group(array, name);
    cr_assert_eq(v.n_pairs, 1);
    enum sim_rc_sync st = v.pairs[0].status;
    sim_group_view_release(&v);
    return st;
}

/* Turns policies on for group g (setrcopygroup pol). */
static void set_policies(uint32_t bits)
{
    struct sim_group_mod m = SIM_GROUP_MOD_INIT;
    m.pol_on = bits;
    assert_ok(sim_group_modify(s, "site-a", "g", &m, &err), err);
}

/* A sync group g with one 1 GiB volume v, created with -createvv, synced. */
static void bring_up(enum sim_rc_mode mode, bool start)
{
    struct sim_vv_spec vs = { .name = "v", .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 4 << 20, 1, &err), err);
    struct sim_group_spec gs = { .name = "g", .target = "site-b", .mode = mode,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
    struct sim_admit_spec as = { .vv = "v", .sec_vv = "v", .createvv = true };
    assert_ok(sim_group_admit_vv(s, "site-a", "g", &as, &err), err);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_NEW);
    if (!start)
        return;
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(2000);
}

static void links(bool up)
{
    struct sim_link_fault f = { .up = up, .latency_ms = -1, .bandwidth_mbs = -1,
                                .loss_pct = -1 };
    assert_ok(sim_link_fault(s, "site-a", "site-b", NULL, &f, &err), err);
}

static size_t count_rcpy(const char *array)
{
    struct sim_vv_view *v;
    size_t n, c = 0;
    assert_ok(sim_vv_list(s, array, &v, &n, &err), err);
    for (size_t i = 0; i < n; i++)
        c += strncmp(v[i].name, "rcpy.", 5) == 0;
    free(v);
    return c;
}

Test(sim_rcopy, bring_up_makes_peer_and_syncs)
{
    bring_up(SIM_RC_SYNC, true);
    struct sim_group_view b = group("site-b", "g.r101");
    cr_assert_eq(b.role, SIM_RC_SECONDARY);
    cr_assert_eq(b.status, SIM_RC_STARTED);
    cr_assert_eq(b.pairs[0].status, SIM_SYNC_SYNCED);
    cr_assert_eq(b.pairs[0].last_sync_ms, 0);
    sim_group_view_release(&b);
    struct sim_group_view a = group("site-a", "g");
    cr_assert_eq(a.pairs[0].blocks_sent, 256);
    cr_assert(a.pairs[0].full_sync, "the first sync is a full one");
    sim_group_view_release(&a);
    assert_same_data("v");
    /* sync mode: a host write reaches the secondary before it returns */
    assert_ok(sim_io_write(s, "site-a", "v", 12345, 5, "hello", &err), err);
    assert_same_data("v");
    /* the secondary volume is read-only */
    assert_refused(sim_io_write(s, "site-b", "v", 0, 1, "x", &err), err, SIM_EREADONLY);
}

Test(sim_rcopy, full_sync_is_paced_by_bandwidth)
{
    struct sim_link_fault f = { .up = -1, .latency_ms = -1, .bandwidth_mbs = 1,
                                .loss_pct = -1 };
    assert_ok(sim_link_fault(s, "site-a", "site-b", NULL, &f, &err), err);
    bring_up(SIM_RC_SYNC, false);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    /* two links of 1 MB/s: 4 MiB take two seconds */
    advance(1000);
    struct sim_group_view a = group("site-a", "g");
    cr_assert_eq(a.pairs[0].status, SIM_SYNC_SYNCING);
    cr_assert(a.pairs[0].progress_pct >= 40 && a.pairs[0].progress_pct <= 60, "%d%%",
              a.pairs[0].progress_pct);
    sim_group_view_release(&a);
    advance(1100);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_SYNCED);
    assert_same_data("v");
}

Test(sim_rcopy, link_failure_snapshots_primary_and_delta_resyncs)
{
    bring_up(SIM_RC_SYNC, true);
    links(false);
    /* writes during the heartbeat window go to the in-flight log */
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 2, &err), err);
    advance(25000);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STOPPED);
    cr_assert_eq(gstatus("site-b", "g.r101"), SIM_RC_STOPPED);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_STOPPED);
    cr_assert_eq(count_rcpy("site-a"), 1);
    cr_assert_eq(count_rcpy("site-b"), 0);
    /* host writes carry on: 3 more blocks, one of them the logged one */
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 3 * 16384, 3, &err), err);
    links(true);
    advance(1000);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STOPPED, "no auto_recover: stays");
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    struct sim_group_view a = group("site-a", "g");
    cr_assert_eq(a.pairs[0].status, SIM_SYNC_SYNCED);
    cr_assert_eq(a.pairs[0].blocks_sent, 3, "sent %llu", (unsigned long long)a.pairs[0].blocks_sent);
    cr_assert_eq(a.pairs[0].full_sync, false);
    sim_group_view_release(&a);
    cr_assert_eq(count_rcpy("site-a"), 0);
    cr_assert_eq(count_rcpy("site-b"), 0);
    assert_same_data("v");
}

Test(sim_rcopy, auto_recover_restarts_on_link_up)
{
    bring_up(SIM_RC_SYNC, true);
    set_policies(SIM_POL_AUTO_RECOVER);
    links(false);
    advance(25000);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 1 << 20, 32768, 5, &err), err);
    links(true);
    advance(1000);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STARTED);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_SYNCED);
    assert_same_data("v");
}

Test(sim_rcopy, secondary_array_down_then_up)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_array_set_power(s, "site-b", false, &err), err);
    advance(25000);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STOPPED);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 9, &err), err);
    assert_ok(sim_array_set_power(s, "site-b", true, &err), err);
    struct sim_group_view b = group("site-b", "g.r101");
    cr_assert_eq(b.role, SIM_RC_SECONDARY);
    sim_group_view_release(&b);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    assert_same_data("v");
}

Test(sim_rcopy, failover_recover_restore_moves_data_back)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    int64_t task = 0;
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, NULL, &task, &err), err);
    cr_assert(task > 0);
    struct sim_group_view b = group("site-b", "g.r101");
    cr_assert_eq(b.role, SIM_RC_PRIMARY_REV);
    cr_assert_eq(b.status, SIM_RC_STOPPED);
    sim_group_view_release(&b);
    cr_assert_eq(grole("site-a", "g"), SIM_RC_SECONDARY_REV);
    /* the recovery site writes */
    assert_ok(sim_io_write_pattern(s, "site-b", "v", 8 << 20, 2 * 16384, 7, &err), err);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RECOVER, NULL, &task, &err), err);
    advance(1000);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STARTED);
    assert_same_data("v");
    struct sim_group_view bb = group("site-b", "g.r101");
    cr_assert_eq(bb.pairs[0].blocks_sent, 2);
    sim_group_view_release(&bb);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RESTORE, NULL, &task, &err), err);
    cr_assert_eq(grole("site-a", "g"), SIM_RC_PRIMARY);
    cr_assert_eq(grole("site-b", "g.r101"), SIM_RC_SECONDARY);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STARTED);
    struct sim_task_view tv;
    assert_ok(sim_task_get(s, "site-b", task, &tv, &err), err);
    cr_assert_eq(tv.status, SIM_TASK_DONE);
    /* natural direction again */
    assert_ok(sim_io_write(s, "site-a", "v", 0, 3, "abc", &err), err);
    assert_same_data("v");
}

Test(sim_rcopy, restore_right_after_failover_succeeds)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, NULL, NULL, &err), err);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RESTORE, NULL, NULL, &err), err);
    cr_assert_eq(grole("site-a", "g"), SIM_RC_PRIMARY);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    assert_ok(sim_group_dismiss_vv(s, "site-a", "g", "v", true, false, &err), err);
    assert_ok(sim_group_remove(s, "site-a", "g", false, false, &err), err);
    struct sim_group_view v;
    assert_refused(sim_group_get(s, "site-b", "g.r101", &v, &err), err, SIM_ENOENT_GROUP);
    struct sim_vv_view vv;
    assert_refused(sim_vv_get(s, "site-b", "v", &vv, &err), err, SIM_ENOENT_VV);
}

Test(sim_rcopy, primary_down_failover_then_failsafe)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_array_set_power(s, "site-a", false, &err), err);
    advance(25000);
    cr_assert_eq(gstatus("site-b", "g.r101"), SIM_RC_STOPPED);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, NULL, NULL, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-b", "v", 0, 16384, 4, &err), err);
    assert_ok(sim_array_set_power(s, "site-a", true, &err), err);
    /* -createvv gave the same WWN: the old primary holds in failsafe */
    struct sim_group_view a = group("site-a", "g");
    cr_assert_eq(a.status, SIM_RC_FAILSAFE);
    cr_assert_eq(a.role, SIM_RC_PRIMARY);
    sim_group_view_release(&a);
    assert_refused(sim_io_write(s, "site-a", "v", 0, 1, "x", &err), err, SIM_EFAILSAFE);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RECOVER, NULL, NULL, &err), err);
    advance(1000);
    assert_same_data("v");
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RESTORE, NULL, NULL, &err), err);
    cr_assert_eq(grole("site-a", "g"), SIM_RC_PRIMARY);
}

Test(sim_rcopy, periodic_cycles_on_the_clock)
{
    bring_up(SIM_RC_PERIODIC, false);
    assert_ok(sim_group_set_period(s, "site-a", "g", NULL, 300000, &err), err);
    struct sim_group_view b = group("site-b", "g.r101");
    cr_assert_eq(b.period_ms, 300000);
    sim_group_view_release(&b);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    assert_same_data("v");
    cr_assert_eq(count_rcpy("site-a"), 1, "the resync snapshot is kept");
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 11, &err), err);
    char a1[33], b1[33];
    digest("site-a", "v", a1);
    digest("site-b", "v", b1);
    cr_assert_str_neq(a1, b1, "periodic: not shipped before the cycle");
    advance(300000);
    assert_same_data("v");
    struct sim_group_view a = group("site-a", "g");
    cr_assert_eq(a.pairs[0].blocks_sent, 1);
    cr_assert(a.last_sync_ms > 0);
    sim_group_view_release(&a);
    int64_t task;
    assert_ok(sim_group_sync(s, "site-a", "g", NULL, false, false, false, &task, &err), err);
    advance(1000);
    cr_assert_eq(sim_group_synced(s, "site-a", "g", &err), 1);
}

Test(sim_rcopy, refusals_change_nothing)
{
    bring_up(SIM_RC_SYNC, false);
    assert_refused(sim_group_start(s, "site-b", "g.r101", NULL, &err), err, SIM_EPRIMARY_ONLY);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    assert_refused(sim_group_start(s, "site-a", "g", NULL, &err), err, SIM_EGROUP_STARTED);
    assert_refused(sim_group_dr(s, "site-a", "g", SIM_DR_FAILOVER, NULL, NULL, &err), err,
                   SIM_ESECONDARY_ONLY);
    assert_refused(sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, NULL, NULL, &err), err,
                   SIM_ENOTSTOPPED);
    assert_refused(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RESTORE, NULL, NULL, &err), err,
                   SIM_ENOT_SWITCHED);
    assert_refused(sim_group_remove(s, "site-a", "g", false, false, &err), err,
                   SIM_EGROUP_STARTED);
    struct sim_vv_spec vs = { .name = "w", .cpg = "FC_r1", .size_mib = 16 };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    struct sim_admit_spec as = { .vv = "w", .sec_vv = "w", .createvv = true };
    assert_refused(sim_group_admit_vv(s, "site-a", "g", &as, &err), err, SIM_EGROUP_STARTED);
    assert_refused(sim_group_set_period(s, "site-a", "g", NULL, 300000, &err), err, SIM_ENOT_PERIODIC);
    struct sim_group_spec gs = { .name = "a_group_name_of_23_char", .target = "site-b",
                                 .mode = SIM_RC_SYNC };
    assert_refused(sim_group_create(s, "site-a", &gs, &err), err, SIM_ENAME_TOOLONG);
    gs.name = "g";
    assert_refused(sim_group_create(s, "site-a", &gs, &err), err, SIM_EEXIST_GROUP);
    gs.name = "h";
    gs.target = "nosuch";
    assert_refused(sim_group_create(s, "site-a", &gs, &err), err, SIM_ENOENT_TARGET);
    struct sim_group_spec e = { .name = "empty", .target = "site-b", .mode = SIM_RC_SYNC };
    assert_ok(sim_group_create(s, "site-a", &e, &err), err);
    assert_refused(sim_group_start(s, "site-a", "empty", NULL, &err), err, SIM_EGROUP_EMPTY);
    struct sim_group_spec pg = { .name = "pg", .target = "site-b", .mode = SIM_RC_PERIODIC };
    assert_ok(sim_group_create(s, "site-a", &pg, &err), err);
    struct sim_admit_spec pa = { .vv = "w", .sec_vv = "w", .createvv = true };
    /* -createvv needs the group's target CPG (§1.4) */
    assert_refused(sim_group_admit_vv(s, "site-a", "pg", &pa, &err), err, SIM_EINVAL);
    struct sim_group_mod cpgs = SIM_GROUP_MOD_INIT;
    cpgs.local_user_cpg = cpgs.remote_user_cpg = "FC_r1";
    assert_ok(sim_group_modify(s, "site-a", "pg", &cpgs, &err), err);
    assert_ok(sim_group_admit_vv(s, "site-a", "pg", &pa, &err), err);
    assert_refused(sim_group_start(s, "site-a", "pg", NULL, &err), err, SIM_EMIXED_MODES);
    assert_refused(sim_vv_remove(s, "site-a", "v", &err), err, SIM_EVV_IN_RCOPY);
    /* removevv of several: none goes when one is refused */
    struct sim_vv_spec zs = { .name = "zz", .cpg = "FC_r1", .size_mib = 16,
                              .prov = SIM_PROV_TPVV };
    assert_ok(sim_vv_create(s, "site-a", &zs, &err), err);
    const char *both[] = { "zz", "v" };
    assert_refused(sim_vv_remove_list(s, "site-a", both, 2, &err), err, SIM_EVV_IN_RCOPY);
    struct sim_vv_view zv;
    assert_ok(sim_vv_get(s, "site-a", "zz", &zv, &err), err);
    struct sim_link_spec l = { .local_nsp = "0:3:1", .address = "10.1.1.21" };
    assert_refused(sim_target_create(s, "site-a", "other", false, &l, 1, false, &err), err,
                   SIM_EEXIST_LINK);
    assert_refused(sim_group_stop(s, "site-b", "g.r101", NULL, false, &err), err, SIM_EPRIMARY_ONLY);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, true, &err), err);
    assert_refused(sim_group_stop(s, "site-a", "g", NULL, false, &err), err, SIM_EGROUP_NOT_STARTED);
    assert_refused(sim_group_dr(s, "site-b", "g.r101", SIM_DR_RECOVER, NULL, NULL, &err), err,
                   SIM_EROLE);
}

Test(sim_rcopy, nosnap_stop_means_full_sync)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, true, &err), err);
    cr_assert_eq(count_rcpy("site-a"), 0);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 16384, 3, &err), err);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    struct sim_group_view a = group("site-a", "g");
    cr_assert_eq(a.pairs[0].blocks_sent, 256);
    cr_assert(a.pairs[0].full_sync);
    sim_group_view_release(&a);
    assert_same_data("v");
}

Test(sim_rcopy, write_error_on_secondary_stops_without_auto_recover)
{
    bring_up(SIM_RC_SYNC, true);
    set_policies(SIM_POL_AUTO_RECOVER);
    assert_ok(sim_vv_inject_errors(s, "site-b", "v", 1, SIM_FAULT_KEEP, &err), err);
    assert_ok(sim_io_write(s, "site-a", "v", 0, 4, "abcd", &err), err);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STOPPED);
    cr_assert_eq(count_rcpy("site-a"), 1);
    links(false);
    links(true);
    advance(1000);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STOPPED);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    assert_same_data("v");
}

Test(sim_rcopy, read_error_in_initial_sync_is_notsynced_then_syncrcopy_fixes)
{
    bring_up(SIM_RC_SYNC, false);
    assert_ok(sim_vv_inject_errors(s, "site-a", "v", SIM_FAULT_KEEP, 1, &err), err);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_NOTSYNCED);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_STARTED);
    assert_ok(sim_group_sync(s, "site-a", "g", NULL, false, false, false, NULL, &err), err);
    advance(1000);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_SYNCED);
    assert_same_data("v");
}

Test(sim_rcopy, reverse_then_start_from_the_other_side)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    assert_ok(sim_group_dr(s, "site-b", "g.r101", SIM_DR_REVERSE, NULL, NULL, &err), err);
    cr_assert_eq(grole("site-b", "g.r101"), SIM_RC_PRIMARY);
    cr_assert_eq(grole("site-a", "g"), SIM_RC_SECONDARY);
    assert_ok(sim_io_write_pattern(s, "site-b", "v", 0, 16384, 8, &err), err);
    assert_ok(sim_group_start(s, "site-b", "g.r101", NULL, &err), err);
    advance(1000);
    assert_same_data("v");
}

Test(sim_rcopy, switchover_keeps_started)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_group_dr(s, "site-a", "g", SIM_DR_SWITCHOVER, NULL, NULL, &err), err);
    cr_assert_eq(grole("site-a", "g"), SIM_RC_SECONDARY);
    cr_assert_eq(grole("site-b", "g.r101"), SIM_RC_PRIMARY);
    cr_assert_eq(gstatus("site-b", "g.r101"), SIM_RC_STARTED);
    assert_ok(sim_io_write(s, "site-b", "v", 0, 2, "zz", &err), err);
    assert_same_data("v");
}

Test(sim_rcopy, peer_persistence_fails_over_when_the_primary_dies)
{
    bring_up(SIM_RC_SYNC, true);
    set_policies(SIM_POL_AUTO_FAILOVER | SIM_POL_PATH_MANAGEMENT);
    assert_ok(sim_target_witness(s, "site-b", "site-a", "create", "10.9.9.9", &err), err);
    assert_ok(sim_target_witness(s, "site-b", "site-a", "start", NULL, &err), err);
    /* links only: no failover */
    links(false);
    advance(25000);
    cr_assert_eq(grole("site-b", "g.r101"), SIM_RC_SECONDARY);
    links(true);
    advance(1000);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(1000);
    /* the array dies: the survivor fails over by itself */
    assert_ok(sim_array_set_power(s, "site-a", false, &err), err);
    advance(25000);
    cr_assert_eq(grole("site-b", "g.r101"), SIM_RC_PRIMARY_REV);
    assert_ok(sim_io_write(s, "site-b", "v", 0, 2, "pp", &err), err);
    assert_ok(sim_array_set_power(s, "site-a", true, &err), err);
    cr_assert_eq(gstatus("site-a", "g"), SIM_RC_FAILSAFE);
}

/* sim_group_modify (WSAPI modifyRemoteCopyGroup): every change of one call
 * is mirrored to the peer, and a refused part leaves both sides as they
 * were (docs/array-interfaces.md §3.2, §6 fact 10). */
Test(sim_rcopy, modify_is_all_or_nothing_and_mirrored)
{
    bring_up(SIM_RC_PERIODIC, false);
    struct sim_group_mod m = SIM_GROUP_MOD_INIT;
    m.target = "site-b";
    m.period_ms = 300000;
    m.pol_on = SIM_POL_AUTO_RECOVER;
    m.local_snap_cpg = "FC_r5";
    assert_ok(sim_group_modify(s, "site-a", "g", &m, &err), err);
    struct sim_group_view a = group("site-a", "g"), b = group("site-b", "g.r101");
    cr_assert_eq(a.period_ms, 300000);
    cr_assert_eq(b.period_ms, 300000);
    cr_assert(a.policies & SIM_POL_AUTO_RECOVER);
    cr_assert(b.policies & SIM_POL_AUTO_RECOVER);
    cr_assert_str_eq(a.local_snap_cpg, "FC_r5");
    cr_assert_str_eq(b.remote_snap_cpg, "FC_r5");
    sim_group_view_release(&a);
    sim_group_view_release(&b);

    /* a CPG change that would pass, with a mode change to sync and a
     * period: the period is refused, so neither applies */
    struct sim_group_mod bad = SIM_GROUP_MOD_INIT;
    bad.local_user_cpg = "SSD_r6";
    bad.mode = SIM_RC_SYNC;
    bad.period_ms = 600000;
    assert_refused(sim_group_modify(s, "site-a", "g", &bad, &err), err, SIM_ENOT_PERIODIC);
    a = group("site-a", "g");
    b = group("site-b", "g.r101");
    cr_assert_str_eq(a.local_user_cpg, "FC_r1");
    cr_assert_eq(a.mode, SIM_RC_PERIODIC);
    cr_assert_eq(b.mode, SIM_RC_PERIODIC);
    cr_assert_eq(a.period_ms, 300000);
    sim_group_view_release(&a);
    sim_group_view_release(&b);

    struct sim_group_mod other = SIM_GROUP_MOD_INIT;
    other.target = "nosuch";
    other.period_ms = 0;
    assert_refused(sim_group_modify(s, "site-a", "g", &other, &err), err,
                   SIM_ENOT_TARGET_OF_GROUP);
    other.target = NULL;
    assert_refused(sim_group_modify(s, "site-b", "g.r101", &other, &err), err,
                   SIM_EPRIMARY_ONLY);
    struct sim_group_mod both = SIM_GROUP_MOD_INIT;
    both.pol_on = both.pol_off = SIM_POL_AUTO_RECOVER;
    assert_refused(sim_group_modify(s, "site-a", "g", &both, &err), err, SIM_EPARAM_CONFLICT);
    assert_refused(sim_group_modify(s, "site-a", "nosuch", &other, &err), err,
                   SIM_ENOENT_GROUP);
}

static int pair_pct(const char *array, const char *name)
{
    struct sim_group_view v = group(array, name);
    int pct = v.pairs[0].status == SIM_SYNC_SYNCING ? v.pairs[0].progress_pct : -1;
    sim_group_view_release(&v);
    return pct;
}

/* Both arrays show the same progress of a sync in flight (the receiving
 * side does not keep counters of its own). */
Test(sim_rcopy, both_sides_show_the_same_sync_progress)
{
    struct sim_vv_spec vs = { .name = "big", .cpg = "FC_r1", .size_mib = 4096,
                              .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "big", 0, 1024ULL << 20, 7, &err), err);
    struct sim_group_spec gs = { .name = "g", .target = "site-b", .mode = SIM_RC_SYNC,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
    struct sim_admit_spec as = { .vv = "big", .sec_vv = "big", .createvv = true };
    assert_ok(sim_group_admit_vv(s, "site-a", "g", &as, &err), err);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    int seen_mid = 0;
    for (int i = 0; i < 2000 && pair_status("site-a", "g") != SIM_SYNC_SYNCED; i++) {
        int a = pair_pct("site-a", "g"), b = pair_pct("site-b", "g.r101");
        cr_assert_eq(a, b, "site-a shows %d%%, site-b %d%%", a, b);
        seen_mid += a > 0 && a < 100;
        advance(50);
    }
    cr_assert_gt(seen_mid, 2, "the sync never showed progress between 0 and 100%%");
    cr_assert_eq(pair_status("site-b", "g.r101"), SIM_SYNC_SYNCED);
}

/* §3.3: a periodic cycle cut while a volume is being sent leaves the
 * secondary at its older point in time: both sides show Stale, and the
 * data the secondary holds is the last completed cycle's. */
Test(sim_rcopy, a_cut_periodic_cycle_is_stale_on_both_sides)
{
    bring_up(SIM_RC_PERIODIC, true);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_SYNCED);
    char before[33];
    digest("site-b", "v", before);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 512ULL << 20, 9, &err), err);
    int64_t task = 0;
    assert_ok(sim_group_sync(s, "site-a", "g", NULL, false, false, false, &task, &err), err);
    advance(100);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_SYNCING);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    cr_assert_eq(pair_status("site-a", "g"), SIM_SYNC_STALE);
    cr_assert_eq(pair_status("site-b", "g.r101"), SIM_SYNC_STALE);
    char after[33];
    digest("site-b", "v", after);
    cr_assert_str_eq(before, after, "the secondary was not rolled back");
}

/* Which options a DR operation takes is the engine's rule, whatever the
 * front: another is refused, naming it, and nothing changes. */
Test(sim_rcopy, dr_refuses_options_the_operation_does_not_take)
{
    bring_up(SIM_RC_SYNC, true);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    struct sim_dr_opts o = { .stopgroups = true };
    int64_t task;
    assert_refused(sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, &o, &task, &err), err,
                   SIM_EINVAL);
    cr_assert_str_eq(err.subject, "-stopgroups");
    cr_assert_eq(grole("site-b", "g.r101"), SIM_RC_SECONDARY);
    struct sim_dr_opts r = { .nostart = true };
    assert_refused(sim_group_dr(s, "site-b", "g.r101", SIM_DR_REVERSE, &r, &task, &err), err,
                   SIM_EINVAL);
    cr_assert_str_eq(err.subject, "-nostart");
}
