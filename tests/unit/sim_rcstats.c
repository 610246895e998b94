/* tests/unit/sim_rcstats.c - the bytes the replication engine sent, per
 * link and group (srstatrcopy); alerts read back from the event log
 * (showalert); link tests (checkrclink). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alert.h"
#include "sim/clock.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/rcstats.h"
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

TestSuite(sim_rcstats, .init = setup, .fini = teardown);

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

/* Group g: a sync group with one 1 GiB volume holding mib MiB, started
 * and synced. */
static void bring_up(uint64_t mib)
{
    struct sim_vv_spec vs = { .name = "v", .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
    assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, mib << 20, 1, &err), err);
    struct sim_group_spec gs = { .name = "g", .target = "site-b", .mode = SIM_RC_SYNC,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
    struct sim_admit_spec as = { .vv = "v", .sec_vv = "v", .createvv = true };
    assert_ok(sim_group_admit_vv(s, "site-a", "g", &as, &err), err);
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(2000);
}

static int64_t bytes_sent(const char *array)
{
    struct sim_rcstat_view *v;
    size_t n;
    int64_t total = 0;
    assert_ok(sim_rc_stats_list(s, array, SIM_RC_STATS_SAMPLE_MS, 0, 0, &v, &n, &err), err);
    for (size_t i = 0; i < n; i++)
        total += v[i].bytes;
    free(v);
    return total;
}

Test(sim_rcstats, counts_the_resync_and_the_replicated_writes)
{
    bring_up(8);
    cr_assert_eq(bytes_sent("site-a"), 8 << 20, "the full sync sent the 8 MiB written");
    cr_assert_eq(bytes_sent("site-b"), 0, "the secondary sent nothing");
    assert_ok(sim_io_write_pattern(s, "site-a", "v", 0, 1 << 20, 2, &err), err);
    cr_assert_eq(bytes_sent("site-a"), 9 << 20, "a sync write goes to the peer at once");

    struct sim_rcstat_view *v;
    size_t n;
    assert_ok(sim_rc_stats_list(s, "site-a", SIM_RC_STATS_SAMPLE_MS, 0, 0, &v, &n, &err), err);
    cr_assert_eq(n, 2, "two links");
    cr_assert_str_eq(v[0].group, "g");
    cr_assert_str_eq(v[0].target, "site-b");
    cr_assert_str_eq(v[0].nsp, "0:3:1");
    cr_assert_str_eq(v[1].nsp, "1:3:1");
    cr_assert_eq(v[0].bytes, v[1].bytes, "equal links share equally");
    free(v);
    /* samples outside the window are left out */
    int64_t later = sim_clock_now(s) + 3600 * 1000;
    assert_ok(sim_rc_stats_list(s, "site-a", SIM_RC_STATS_SAMPLE_MS, later, 0, &v, &n, &err),
              err);
    cr_assert_eq(n, 0);
    free(v);
    assert_ok(sim_reset(s, &err), err);
    cr_assert_eq(bytes_sent("site-a"), 0, "reset forgets the traffic");
}

Test(sim_rcstats, link_test_measures_the_simulated_link)
{
    struct sim_link_test r;
    struct sim_link_fault f = { .up = -1, .latency_ms = 7, .bandwidth_mbs = 50, .loss_pct = 10 };
    assert_ok(sim_link_fault(s, "site-a", "site-b", NULL, &f, &err), err);
    assert_refused(sim_link_client_run(s, "site-a", "0:3:1", "10.1.1.21", 5001, 10, &r, &err),
                   err, SIM_ENOENT_LINK);
    assert_ok(sim_link_server_start(s, "site-b", "0:3:1", NULL, 5001, &err), err);
    assert_ok(sim_link_client_run(s, "site-a", "0:3:1", "10.1.1.21", 5001, 10, &r, &err), err);
    cr_assert_eq(r.latency_ms, 7);
    cr_assert_eq(r.bytes_per_s, 50LL * 1048576 * 90 / 100);
    cr_assert_eq(r.bytes, r.bytes_per_s * 10);
    cr_assert_str_eq(r.peer_array, "site-b");
    assert_refused(sim_link_client_run(s, "site-a", "0:3:1", "10.1.1.22", 5001, 10, &r, &err),
                   err, SIM_ENOENT_LINK);
    assert_refused(sim_link_server_start(s, "site-b", "0:1:1", NULL, 5001, &err), err,
                   SIM_ENOENT_PORT);
    struct sim_link_fault down = { .up = 0, .latency_ms = -1, .bandwidth_mbs = -1,
                                   .loss_pct = -1 };
    assert_ok(sim_link_fault(s, "site-a", "site-b", NULL, &down, &err), err);
    assert_refused(sim_link_client_run(s, "site-a", "0:3:1", "10.1.1.21", 5001, 10, &r, &err),
                   err, SIM_ETARGET_NOT_READY);
    assert_ok(sim_link_server_stop(s, "site-b", "0:3:1", &err), err);
    assert_refused(sim_link_server_stop(s, "site-b", "0:3:1", &err), err, SIM_ENOENT_LINK);
}

static size_t alerts(const char *array, const char *type)
{
    struct sim_alert_view *v;
    size_t n, c = 0;
    assert_ok(sim_alert_list(s, array, &v, &n, &err), err);
    for (size_t i = 0; i < n; i++)
        c += !type || !strcmp(v[i].type, type);
    free(v);
    return c;
}

Test(sim_rcstats, alerts_follow_the_failures)
{
    bring_up(1);
    cr_assert_eq(alerts("site-a", NULL), 0);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    cr_assert_eq(alerts("site-a", NULL), 0, "a stop asked for is no alert");
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    advance(2000);
    struct sim_link_fault down = { .up = 0, .latency_ms = -1, .bandwidth_mbs = -1,
                                   .loss_pct = -1 };
    assert_ok(sim_link_fault(s, "site-a", "site-b", NULL, &down, &err), err);
    advance(30 * 1000);
    cr_assert_eq(alerts("site-a", "Remote Copy link status change"), 2);
    cr_assert_eq(alerts("site-a", "Remote Copy target failure"), 1);
    cr_assert_eq(alerts("site-a", "Remote Copy group stopped"), 1);
    cr_assert_eq(alerts("site-b", "Remote Copy target failure"), 1);
}
