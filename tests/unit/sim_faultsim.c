/* tests/unit/sim_faultsim.c - a command whose database write or commit
 * fails changes nothing and is refused cleanly (after SQLite's faultsim
 * tests): each command is run with a fault at its 1st, 2nd, ... statement,
 * then at its commit, until it runs through; every failed run must leave the
 * state a client sees exactly as it was, and the command must then succeed
 * and reach the same state as a run that never failed. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/event.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "sim/vv.h"
#include "util/log.h"
#include "util/strbuf.h"

static struct sim_err err;
static int64_t base;            /* the clock when the scene was set: times are told from it */

/* What a client can see of both arrays, as one string. */
static char *fingerprint(struct sim *s)
{
    static const char *const arrays[] = { "site-a", "site-b" };
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "clock +%lld events %lld\n", (long long)(sim_clock_now(s) - base),
                (long long)sim_event_last_id(s));
    for (int a = 0; a < 2; a++) {
        struct sim_vv_view *v;
        struct sim_group_view *g;
        struct sim_task_view *t;
        size_t n;
        cr_assert_eq(sim_vv_list(s, arrays[a], &v, &n, &err), 0, "%s", err.detail);
        for (size_t i = 0; i < n; i++) {
            struct sim_digest d;
            cr_assert_eq(sim_io_digest(s, arrays[a], v[i].name, &d, &err), 0);
            strbuf_addf(&sb, "%s vv %s %s\n", arrays[a], v[i].name, d.hex);
        }
        free(v);
        cr_assert_eq(sim_group_list(s, arrays[a], &g, &n, &err), 0);
        for (size_t i = 0; i < n; i++) {
            strbuf_addf(&sb, "%s group %s %d/%d\n", arrays[a], g[i].name, g[i].role,
                        g[i].status);
            for (size_t j = 0; j < g[i].n_pairs; j++) {
                const struct sim_pair_view *p = &g[i].pairs[j];
                strbuf_addf(&sb, "  %s %d %lld %s %llu/%llu %llu\n", p->local_vv, p->status,
                            (long long)(p->last_sync_ms ? p->last_sync_ms - base : 0),
                            p->resync_snap,
                            (unsigned long long)p->blocks_sent,
                            (unsigned long long)p->blocks_total,
                            (unsigned long long)p->in_flight_blocks);
            }
        }
        sim_group_views_free(g, n);
        cr_assert_eq(sim_task_list(s, arrays[a], &t, &n, &err), 0);
        strbuf_addf(&sb, "%s tasks %zu\n", arrays[a], n);
        free(t);
    }
    return strbuf_detach(&sb, NULL);
}

/* A sync group g of two volumes, synced, then stopped with a write held
 * on site-a: every command below has data to move. */
static struct sim *scene(void)
{
    struct sim *s = test_sim_open();
    for (int i = 0; i < 2; i++) {
        char name[16];
        snprintf(name, sizeof(name), "v%d", i);
        struct sim_vv_spec vs = { .name = name, .cpg = "FC_r1", .size_mib = 256,
                                  .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
        assert_ok(sim_vv_create(s, "site-a", &vs, &err), err);
        assert_ok(sim_io_write_pattern(s, "site-a", name, 0, 1 << 20, 1 + i, &err), err);
    }
    struct sim_group_spec gs = { .name = "g", .target = "site-b", .mode = SIM_RC_SYNC,
                                 .local_user_cpg = "FC_r1", .remote_user_cpg = "FC_r1" };
    assert_ok(sim_group_create(s, "site-a", &gs, &err), err);
    for (int i = 0; i < 2; i++) {
        char name[16];
        snprintf(name, sizeof(name), "v%d", i);
        struct sim_admit_spec as = { .vv = name, .sec_vv = name, .createvv = true };
        assert_ok(sim_group_admit_vv(s, "site-a", "g", &as, &err), err);
    }
    assert_ok(sim_group_start(s, "site-a", "g", NULL, &err), err);
    assert_ok(sim_clock_advance(s, 5000, &err), err);
    assert_ok(sim_group_stop(s, "site-a", "g", NULL, false, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "v0", 4 << 20, 64 << 10, 7, &err), err);
    base = sim_clock_now(s);
    return s;
}

typedef int (*command_fn)(struct sim *s);

static int cmd_start(struct sim *s)
{
    return sim_group_start(s, "site-a", "g", NULL, &err);
}

static int cmd_advance(struct sim *s)
{
    /* started by the scene's run of cmd_start: the resync's blocks move */
    return sim_clock_advance(s, 3000, &err);
}

static int cmd_write(struct sim *s)
{
    return sim_io_write_pattern(s, "site-a", "v1", 8 << 20, 48 << 10, 9, &err);
}

static int cmd_failover(struct sim *s)
{
    int64_t task;
    return sim_group_dr(s, "site-b", "g.r101", SIM_DR_FAILOVER, NULL, &task, &err);
}

/* Runs cmd against faults at every statement, then at the commit. */
static void faults_leave_nothing(command_fn before, command_fn cmd, const char *what)
{
    rclog_threshold = RCLOG_OFF;    /* every injected fault is logged as an error */
    struct sim *ref = scene();
    if (before)
        cr_assert_eq(before(ref), 0, "%s", err.detail);
    cr_assert_eq(cmd(ref), 0, "%s without faults: %s", what, err.detail);
    char *want = fingerprint(ref);
    sim_close(ref);

    int runs = 0;
    for (int nth = 1, commit = 0; commit < 2; ) {
        struct sim *s = scene();
        if (before)
            cr_assert_eq(before(s), 0, "%s", err.detail);
        char *was = fingerprint(s);
        sim_faultsim(s, commit ? 0 : nth, commit ? 1 : 0);
        sim_err_clear(&err);
        int rc = cmd(s);
        sim_faultsim(s, 0, 0);
        char *now = fingerprint(s);
        bool at_commit = commit;
        if (rc) {
            cr_assert_eq(err.rc, SIM_EINTERNAL, "%s, fault at %s %d: refused with %s", what,
                         commit ? "commit" : "statement", nth, sim_rc_name(err.rc));
            cr_assert_str_eq(now, was, "%s, fault at %s %d: the state changed", what,
                             commit ? "commit" : "statement", nth);
            cr_assert_eq(cmd(s), 0, "%s again after the fault: %s", what, err.detail);
            free(now);
            now = fingerprint(s);
            runs++;
        }
        /* no statement left to fail: the commit next, then done */
        if (!rc || at_commit)
            commit++;
        cr_assert_str_eq(now, want, "%s, fault at %s %d: the end differs:\n%s\n---\n%s", what,
                         commit ? "commit" : "statement", nth, now, want);
        free(was);
        free(now);
        sim_close(s);
        if (!at_commit && rc)
            nth++;
        cr_assert_lt(nth, 2000, "%s never ran through", what);
    }
    free(want);
    cr_assert_gt(runs, 1, "%s: the faults never fired", what);
}

Test(sim_faultsim, start_resync)
{
    faults_leave_nothing(NULL, cmd_start, "startrcopygroup");
}

Test(sim_faultsim, clock_advance_moving_blocks)
{
    faults_leave_nothing(cmd_start, cmd_advance, "clock advance");
}

Test(sim_faultsim, host_write)
{
    faults_leave_nothing(cmd_start, cmd_write, "host write");
}

Test(sim_faultsim, failover)
{
    faults_leave_nothing(NULL, cmd_failover, "failover");
}
