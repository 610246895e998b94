/* tests/unit/sim_pcopy.c - physical copies take time: a task at the
 * array's copy rate (300 MiB/s in the fixture), on the manual clock. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/io.h"
#include "sim/pcopy.h"
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

TestSuite(sim_pcopy, .init = setup, .fini = teardown);

static void mkvv(const char *name, uint64_t mib)
{
    struct sim_vv_spec sp = { .name = name, .cpg = "FC_r1", .size_mib = mib,
                              .prov = SIM_PROV_TPVV };
    assert_ok(sim_vv_create(s, "site-a", &sp, &err), err);
}

static void digest(const char *vv, char out[33])
{
    struct sim_digest d;
    assert_ok(sim_io_digest(s, "site-a", vv, &d, &err), err);
    memcpy(out, d.hex, 33);
}

static struct sim_task_view task(int64_t id)
{
    struct sim_task_view t;
    assert_ok(sim_task_get(s, "site-a", id, &t, &err), err);
    return t;
}

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

Test(sim_pcopy, offline_copy_runs_at_the_copy_rate)
{
    char a[33], b[33];
    int64_t id;
    mkvv("src", 4096);
    mkvv("dst", 4096);
    assert_ok(sim_io_write_pattern(s, "site-a", "src", 0, 600ULL << 20, 7, &err), err);
    struct sim_vv_copy_spec sp = { .dest = "dst", .user = "3paradm" };
    assert_ok(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err);
    struct sim_task_view t = task(id);
    cr_assert_eq(t.status, SIM_TASK_ACTIVE);
    cr_assert_eq(t.type, SIM_TASK_VV_COPY);
    cr_assert_eq(t.steps_total, 600);
    /* the source keeps being written: the copy is of the start */
    digest("src", a);
    assert_ok(sim_io_write_pattern(s, "site-a", "src", 0, 1 << 20, 8, &err), err);
    advance(1000);                      /* 300 MiB of 600 */
    t = task(id);
    cr_assert_eq(t.status, SIM_TASK_ACTIVE);
    cr_assert(t.steps_done >= 299 && t.steps_done <= 301, "done %lld", (long long)t.steps_done);
    /* neither volume can go while it runs */
    assert_refused(sim_vv_remove(s, "site-a", "dst", &err), err, SIM_ECOPY_ACTIVE);
    assert_refused(sim_vv_remove(s, "site-a", "src", &err), err, SIM_EHAS_SNAPSHOTS);
    advance(1000);
    t = task(id);
    cr_assert_eq(t.status, SIM_TASK_DONE);
    cr_assert_eq(t.steps_done, 600);
    digest("dst", b);
    cr_assert_str_eq(a, b, "the destination holds the source as of the start");
    assert_ok(sim_vv_remove(s, "site-a", "src", &err), err);   /* the snapshot went */
}

Test(sim_pcopy, offline_copy_of_nothing_is_done_at_once)
{
    int64_t id;
    mkvv("src", 1024);
    mkvv("dst", 1024);
    struct sim_vv_copy_spec sp = { .dest = "dst" };
    assert_ok(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err);
    cr_assert_eq(task(id).status, SIM_TASK_DONE);
    assert_ok(sim_vv_remove(s, "site-a", "dst", &err), err);
    assert_ok(sim_vv_remove(s, "site-a", "src", &err), err);
}

Test(sim_pcopy, online_copy_stays_active_until_stopped)
{
    int64_t id;
    struct sim_vv_view v;
    mkvv("src", 1024);
    struct sim_vv_copy_spec sp = { .dest = "dst", .online = true, .dest_cpg = "FC_r5",
                                   .prov = SIM_PROV_TPVV };
    assert_ok(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err);
    assert_ok(sim_vv_get(s, "site-a", "dst", &v, &err), err);
    cr_assert_str_eq(v.user_cpg, "FC_r5");
    cr_assert_eq(task(id).type, SIM_TASK_ONLINE_COPY);
    cr_assert_str_eq(task(id).name, "dst");
    advance(SIM_PCOPY_ONLINE_MIN_MS / 2);
    cr_assert_eq(task(id).status, SIM_TASK_ACTIVE, "an online copy takes a while");
    /* stopOnlinePhysicalCopy: cancel the task, then the volume can go */
    assert_ok(sim_task_cancel(s, "site-a", id, &err), err);
    cr_assert_eq(task(id).status, SIM_TASK_CANCELLED);
    assert_refused(sim_task_cancel(s, "site-a", id, &err), err, SIM_EINVAL);
    assert_ok(sim_vv_remove(s, "site-a", "dst", &err), err);
    assert_ok(sim_vv_remove(s, "site-a", "src", &err), err);
}

Test(sim_pcopy, stop_leaves_what_was_copied)
{
    int64_t id;
    struct sim_digest d;
    mkvv("src", 1024);
    mkvv("dst", 1024);
    assert_ok(sim_io_write_pattern(s, "site-a", "src", 0, 300ULL << 20, 3, &err), err);
    struct sim_vv_copy_spec sp = { .dest = "dst" };
    assert_ok(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err);
    advance(500);
    assert_ok(sim_vv_copy_stop(s, "site-a", "dst", &err), err);
    cr_assert_eq(task(id).status, SIM_TASK_CANCELLED);
    assert_ok(sim_io_digest(s, "site-a", "dst", &d, &err), err);
    cr_assert(d.blocks > 0 && d.blocks < 300 * 64, "%llu blocks", (unsigned long long)d.blocks);
    assert_refused(sim_vv_copy_stop(s, "site-a", "dst", &err), err, SIM_ENOT_COPY);
    assert_refused(sim_vv_copy_stop(s, "site-a", "src", &err), err, SIM_ENOT_COPY);
}

Test(sim_pcopy, resync_from_a_saved_snapshot_sends_the_changes)
{
    int64_t id;
    char a[33], b[33];
    mkvv("src", 8192);
    mkvv("dst", 8192);
    assert_ok(sim_io_write_pattern(s, "site-a", "src", 0, 3000ULL << 20, 1, &err), err);
    struct sim_vv_copy_spec sp = { .dest = "dst", .save_snapshot = true };
    assert_ok(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err);
    advance(11 * 1000);
    cr_assert_eq(task(id).status, SIM_TASK_DONE);
    /* 30 MiB change: the resync copies those, not the 3000 MiB */
    assert_ok(sim_io_write_pattern(s, "site-a", "src", 100ULL << 20, 30ULL << 20, 2, &err),
              err);
    assert_ok(sim_vv_copy_resync(s, "site-a", "dst", "3paradm", &id, &err), err);
    struct sim_task_view t = task(id);
    cr_assert_eq(t.type, SIM_TASK_PHYS_COPY_RESYNC);
    cr_assert_eq(t.steps_total, 30);
    advance(200);
    cr_assert_eq(task(id).status, SIM_TASK_DONE);
    digest("src", a);
    digest("dst", b);
    cr_assert_str_eq(a, b);
    assert_refused(sim_vv_copy_resync(s, "site-a", "src", "3paradm", &id, &err), err,
                   SIM_ENOT_COPY);
}

Test(sim_pcopy, refusals_change_nothing)
{
    int64_t id;
    mkvv("src", 2048);
    mkvv("small", 1024);
    struct sim_vv_copy_spec sp = { .dest = "small" };
    assert_refused(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err, SIM_EVV_SIZE_MISMATCH);
    sp.dest = "src";
    assert_refused(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err, SIM_EINVAL);
    sp.dest = "nosuch";
    assert_refused(sim_vv_copy(s, "site-a", "src", &sp, &id, &err), err, SIM_ENOENT_VV);
    struct sim_vv_copy_spec on = { .dest = "new", .online = true, .dest_cpg = "NOCPG" };
    assert_refused(sim_vv_copy(s, "site-a", "src", &on, &id, &err), err, SIM_ENOENT_CPG);
    struct sim_vv_view v;
    assert_refused(sim_vv_get(s, "site-a", "new", &v, &err), err, SIM_ENOENT_VV);
    assert_ok(sim_vv_remove(s, "site-a", "src", &err), err);   /* no snapshot was left */
}
