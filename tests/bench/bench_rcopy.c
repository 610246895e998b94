/* tests/bench/bench_rcopy.c - remote-copy benchmarks run in-process against
 * the engine: delta resync of 1,000 changed blocks on a 16 TiB volume vs a
 * 1 GiB one, showrcopy with 1,000 groups and 10,000 pairs, sync-mode host
 * writes of 4 KiB; on the three-site-sld fleet, showrcopy with 1,000 SLD
 * groups, and an SLD group of 100 volumes through near-site loss, failover
 * at the far site, recover and restore. Prints "ROW\t<name>\t<measured>\t<goal>\t<ok|NO>". */
#include "cli/cli.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/sim.h"
#include "sim/vv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rcsim_fixture_two_site[];
extern const char rcsim_fixture_three_site_sld[];

static void die(const char *what, const struct sim_err *err)
{
    fprintf(stderr, "bench: %s: %s (%s)\n", what, err->detail, sim_rc_name(err->rc));
    exit(1);
}

#define CHECK(call, what)                                                       \
    do {                                                                        \
        struct sim_err err_ = SIM_ERR_INIT;                                     \
        struct sim_err *err = &err_;                                            \
        if ((call))                                                             \
            die(what, err);                                                     \
    } while (0)

static struct sim *open_fleet(const char *json, const char *name)
{
    struct sim_options o = { .db_path = ":memory:", .fixture_json = json,
                             .fixture_name = name, .clock_set = true,
                             .clock_mode = SIM_CLOCK_MANUAL, .clock_scale = 1.0 };
    struct sim *s;
    CHECK(sim_open(&o, &s, err), "open");
    return s;
}

static struct sim *open_sim(void)
{
    return open_fleet(rcsim_fixture_two_site, "two-site.json");
}

static void row(const char *name, const char *measured, const char *goal, int ok)
{
    printf("ROW\t%s\t%s\t%s\t%s\n", name, measured, goal, ok ? "ok" : "NO");
}

/* A synced sync group name with one volume of mib MiB holding nblk blocks. */
static void synced_group(struct sim *s, const char *name, uint64_t mib, int nblk)
{
    struct sim_vv_spec vs = { .name = name, .cpg = "FC_r1", .size_mib = mib,
                              .prov = SIM_PROV_TPVV };
    CHECK(sim_vv_create(s, "site-a", &vs, err), name);
    for (int i = 0; i < nblk; i++)
        CHECK(sim_io_write_pattern(s, "site-a", name, (uint64_t)i * 7 * SIM_BLOCK_SIZE,
                                   SIM_BLOCK_SIZE, 1, err), "write");
    struct sim_group_spec gs = { .name = name, .target = "site-b", .mode = SIM_RC_SYNC,
                                 .remote_user_cpg = "FC_r1" };
    CHECK(sim_group_create(s, "site-a", &gs, err), "group");
    struct sim_admit_spec as = { .vv = name, .sec_vv = name, .createvv = true };
    CHECK(sim_group_admit_vv(s, "site-a", name, &as, err), "admit");
    CHECK(sim_group_start(s, "site-a", name, NULL, err), "start");
    CHECK(sim_clock_advance(s, 60000, err), "advance");
}

/* Engine time of a delta resync of 1,000 changed blocks: stop, change,
 * start, and let the transfer run. */
static int64_t delta_resync_ms(struct sim *s, const char *name, uint64_t *sent)
{
    CHECK(sim_group_stop(s, "site-a", name, NULL, false, err), "stop");
    for (int i = 0; i < 1000; i++)
        CHECK(sim_io_write_pattern(s, "site-a", name, (uint64_t)i * 7 * SIM_BLOCK_SIZE,
                                   SIM_BLOCK_SIZE, 2, err), "write");
    int64_t t0 = sim_wall_ms();
    CHECK(sim_group_start(s, "site-a", name, NULL, err), "start");
    CHECK(sim_clock_advance(s, 60000, err), "advance");
    int64_t ms = sim_wall_ms() - t0;
    struct sim_group_view v;
    CHECK(sim_group_get(s, "site-a", name, &v, err), "get");
    *sent = v.pairs[0].blocks_sent;
    if (v.pairs[0].status != SIM_SYNC_SYNCED)
        fprintf(stderr, "bench: %s not synced\n", name);
    sim_group_view_release(&v);
    return ms;
}

static void bench_delta(void)
{
    struct sim *s = open_sim();
    uint64_t sent_big, sent_small;
    synced_group(s, "big", SIM_VV_SIZE_MAX_MIB, 2000);
    synced_group(s, "small", 1024, 2000);
    int64_t big = delta_resync_ms(s, "big", &sent_big);
    int64_t small = delta_resync_ms(s, "small", &sent_small);
    double ratio = (double)(big + 1) / (double)(small + 1);
    char m[128];
    snprintf(m, sizeof(m), "16 TiB %lld ms / 1 GiB %lld ms = %.2f (%llu/%llu blocks sent)",
             (long long)big, (long long)small, ratio, (unsigned long long)sent_big,
             (unsigned long long)sent_small);
    row("delta resync of 1,000 blocks", m, "< 50 ms, ratio <= 1.2",
        big < 50 && ratio <= 1.2 && sent_big == 1000 && sent_small == 1000);
    sim_close(s);
}

static void bench_sync_writes(void)
{
    struct sim *s = open_sim();
    static char buf[4096];
    synced_group(s, "w", 1024, 0);
    memset(buf, 0xA5, sizeof(buf));
    int n = 20000;
    int64_t t0 = sim_wall_ms();
    for (int i = 0; i < n; i++) {
        buf[0] = (char)i;
        CHECK(sim_io_write(s, "site-a", "w", (uint64_t)(i % 65536) * 4096 * 3, sizeof(buf),
                           buf, err), "write");
    }
    int64_t ms = sim_wall_ms() - t0;
    double rate = n * 1000.0 / (double)(ms ? ms : 1);
    char m[96];
    snprintf(m, sizeof(m), "%.0f writes/s (%d in %lld ms)", rate, n, (long long)ms);
    row("sync-mode 4 KiB host writes", m, ">= 50,000/s", rate >= 50000);
    sim_close(s);
}

static void discard(void *ctx, const char *data, size_t len)
{
    *(size_t *)ctx += len;
    (void)data;
}

/* Times showrcopy on site-a (best of three) and prints the row. */
static void showrcopy_row(struct sim *s, const char *name, int64_t goal_ms)
{
    size_t bytes = 0;
    bool ex = false;
    struct cli_io io = { .out = discard, .err = discard, .ctx = &bytes };
    struct cli_session *cs = cli_session_new(s, "site-a", "3paradm", SIM_ROLE_SUPER);
    int64_t best = INT64_MAX;
    int status = 0;
    for (int i = 0; i < 3; i++) {
        int64_t t0 = sim_wall_ms();
        status = cli_session_run(cs, "showrcopy", &io, &ex);
        int64_t ms = sim_wall_ms() - t0;
        best = ms < best ? ms : best;
    }
    cli_session_free(cs);
    char m[96];
    snprintf(m, sizeof(m), "%lld ms (%zu bytes)%s", (long long)best, bytes / 3,
             status ? " FAILED" : "");
    char goal[32];
    snprintf(goal, sizeof(goal), "< %lld ms", (long long)goal_ms);
    row(name, m, goal, best < goal_ms && status == 0);
}

static void bench_showrcopy(void)
{
    struct sim *s = open_sim();
    char name[32], vv[32];
    for (int g = 0; g < 1000; g++) {
        snprintf(name, sizeof(name), "g%04d", g);
        struct sim_group_spec gs = { .name = name, .target = "site-b", .mode = SIM_RC_SYNC,
                                     .remote_user_cpg = "FC_r1" };
        CHECK(sim_group_create(s, "site-a", &gs, err), "group");
        for (int v = 0; v < 10; v++) {
            snprintf(vv, sizeof(vv), "v%04d.%d", g, v);
            struct sim_vv_spec vs = { .name = vv, .cpg = "FC_r1", .size_mib = 1024,
                                      .prov = SIM_PROV_TPVV };
            CHECK(sim_vv_create(s, "site-a", &vs, err), vv);
            struct sim_admit_spec as = { .vv = vv, .sec_vv = vv, .createvv = true };
            CHECK(sim_group_admit_vv(s, "site-a", name, &as, err), "admit");
        }
    }
    showrcopy_row(s, "showrcopy, 1,000 groups, 10,000 pairs", 100);
    sim_close(s);
}

/* An SLD group name on site-a: sync to site-b, periodic to site-c, with
 * nvv volumes of 1 GiB (secondaries made on both), not started. */
static void sld_group(struct sim *s, const char *name, int nvv)
{
    struct sim_group_spec gs = { .name = name, .target = "site-b", .mode = SIM_RC_SYNC,
                                 .remote_user_cpg = "FC_r1" };
    CHECK(sim_group_create(s, "site-a", &gs, err), "group");
    struct sim_vv_map *maps = calloc((size_t)nvv, sizeof(*maps));
    char (*vv)[32] = calloc((size_t)nvv, sizeof(*vv));
    for (int v = 0; v < nvv; v++) {
        snprintf(vv[v], sizeof(vv[v]), "%s.%d", name, v);
        struct sim_vv_spec vs = { .name = vv[v], .cpg = "FC_r1", .size_mib = 1024,
                                  .prov = SIM_PROV_TPVV, .snap_cpg = "FC_r1" };
        CHECK(sim_vv_create(s, "site-a", &vs, err), vv[v]);
        CHECK(sim_vv_create(s, "site-c", &vs, err), vv[v]);
        struct sim_admit_spec as = { .vv = vv[v], .sec_vv = vv[v], .createvv = true };
        CHECK(sim_group_admit_vv(s, "site-a", name, &as, err), "admit");
        maps[v] = (struct sim_vv_map){ .vv = vv[v], .sec_vv = vv[v] };
    }
    CHECK(sim_group_target_admit(s, "site-a", name, "site-c", SIM_RC_PERIODIC, maps,
                                 (size_t)nvv, err), "admit target");
    free(maps);
    free(vv);
}

static void bench_sld_showrcopy(void)
{
    struct sim *s = open_fleet(rcsim_fixture_three_site_sld, "three-site-sld.json");
    char name[32];
    for (int g = 0; g < 1000; g++) {
        snprintf(name, sizeof(name), "s%04d", g);
        sld_group(s, name, 1);
    }
    showrcopy_row(s, "showrcopy, three sites, 1,000 SLD groups", 150);
    sim_close(s);
}

/* Engine time (the wall time the engine takes to run it, the clock being
 * manual) of an SLD group of 100 volumes losing its near site, then its
 * source, failing over at the far site, recovering and restoring. */
static void bench_sld_dr(void)
{
    struct sim *s = open_fleet(rcsim_fixture_three_site_sld, "three-site-sld.json");
    sld_group(s, "sld", 100);
    for (int v = 0; v < 100; v++) {
        char vv[32];
        snprintf(vv, sizeof(vv), "sld.%d", v);
        CHECK(sim_io_write_pattern(s, "site-a", vv, 0, 4 * SIM_BLOCK_SIZE, 1, err), "write");
    }
    CHECK(sim_group_start(s, "site-a", "sld", NULL, err), "start");
    CHECK(sim_clock_advance(s, 60000, err), "initial copies");
    struct sim_link_fault down = { .up = 0, .latency_ms = -1, .bandwidth_mbs = -1,
                                   .loss_pct = -1 };
    struct sim_dr_opts o = { .user = "3paradm" };
    int64_t task, t0 = sim_wall_ms();
    CHECK(sim_link_fault(s, "site-a", "site-b", NULL, &down, err), "near links down");
    CHECK(sim_clock_advance(s, 60000, err), "near leg stops");
    CHECK(sim_array_set_power(s, "site-a", false, err), "source lost");
    CHECK(sim_clock_advance(s, 300000, err), "far leg stops");
    CHECK(sim_group_dr(s, "site-c", "sld.r101", SIM_DR_FAILOVER, &o, &task, err), "failover");
    CHECK(sim_array_set_power(s, "site-a", true, err), "source back");
    CHECK(sim_clock_advance(s, 1000, err), "reconnect");
    CHECK(sim_group_dr(s, "site-c", "sld.r101", SIM_DR_RECOVER, &o, &task, err), "recover");
    CHECK(sim_clock_advance(s, 60000, err), "copy back");
    CHECK(sim_group_dr(s, "site-c", "sld.r101", SIM_DR_RESTORE, &o, &task, err), "restore");
    CHECK(sim_clock_advance(s, 10000, err), "restored");
    int64_t ms = sim_wall_ms() - t0;
    struct sim_group_view v;
    CHECK(sim_group_get(s, "site-c", "sld.r101", &v, err), "get");
    bool ok = v.role == SIM_RC_SECONDARY && v.status == SIM_RC_STARTED;
    sim_group_view_release(&v);
    char m[96];
    snprintf(m, sizeof(m), "%lld ms%s", (long long)ms, ok ? "" : " (not restored)");
    row("SLD, 100 volumes: near loss, far failover, recover, restore", m, "< 200 ms",
        ms < 200 && ok);
    sim_close(s);
}

/* With an argument, only the benchmark of that name: delta, sync, showrcopy
 * sld-showrcopy, sld-dr (for profiling one of them). */
int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    if (!only || !strcmp(only, "delta"))
        bench_delta();
    if (!only || !strcmp(only, "sync"))
        bench_sync_writes();
    if (!only || !strcmp(only, "showrcopy"))
        bench_showrcopy();
    if (!only || !strcmp(only, "sld-showrcopy"))
        bench_sld_showrcopy();
    if (!only || !strcmp(only, "sld-dr"))
        bench_sld_dr();
    return 0;
}
