/* tests/bench/bench_foundation.c - foundation benchmarks run in-process
 * against the engine: pattern write throughput, digest cost vs volume size,
 * showvv of 10,000 volumes. Prints one row per measure as
 * "ROW\t<name>\t<measured>\t<goal>\t<ok|NO>" for tests/bench/run.sh.
 * With --make-db PATH it only builds a database holding 10,000 volumes (for
 * the server memory measure) and exits. */
#include "cli/cli.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/io.h"
#include "sim/sim.h"
#include "sim/vv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const char rcsim_fixture_two_site[];

#define N_VOLUMES 10000
#define N_BLOCKS 10000

static void die(const char *what, const struct sim_err *err)
{
    fprintf(stderr, "bench: %s: %s (%s)\n", what, err->detail, sim_rc_name(err->rc));
    exit(1);
}

static struct sim *open_sim(const char *db)
{
    struct sim_options o = { .db_path = db, .fixture_json = rcsim_fixture_two_site,
                             .fixture_name = "two-site.json", .clock_set = true,
                             .clock_mode = SIM_CLOCK_MANUAL, .clock_scale = 1.0 };
    struct sim *s;
    struct sim_err err = SIM_ERR_INIT;
    if (sim_open(&o, &s, &err))
        die("open", &err);
    return s;
}

static void create_vv(struct sim *s, const char *name, uint64_t mib)
{
    struct sim_vv_spec spec = { .name = name, .cpg = "FC_r1", .size_mib = mib,
                                .prov = SIM_PROV_TPVV };
    struct sim_err err = SIM_ERR_INIT;
    if (sim_vv_create(s, "site-a", &spec, &err))
        die(name, &err);
}

static void create_many(struct sim *s)
{
    char name[32];
    for (int i = 0; i < N_VOLUMES; i++) {
        snprintf(name, sizeof(name), "bv%05d", i);
        create_vv(s, name, 1024);
    }
}

static void row(const char *name, const char *measured, const char *goal, int ok)
{
    printf("ROW\t%s\t%s\t%s\t%s\n", name, measured, goal, ok ? "ok" : "NO");
    fflush(stdout);
}

static void bench_pattern_write(struct sim *s)
{
    struct sim_err err = SIM_ERR_INIT;
    const uint64_t total = 4ULL << 30, chunk = 1ULL << 30;
    create_vv(s, "wr", 8192);
    int64_t t0 = sim_wall_ms();
    for (uint64_t off = 0; off < total; off += chunk)
        if (sim_io_write_pattern(s, "site-a", "wr", off, chunk, 42, &err))
            die("pattern write", &err);
    int64_t ms = sim_wall_ms() - t0;
    double gibs = (double)(total >> 30) / ((ms ? ms : 1) / 1000.0);
    char m[64];
    snprintf(m, sizeof(m), "%.2f GiB/s (4 GiB in %lld ms)", gibs, (long long)ms);
    row("pattern write (engine)", m, ">= 1 GiB/s", gibs >= 1.0);
}

static double mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Best of 20, in microseconds: a digest takes a few ms, too short for ms. */
static double time_digest(struct sim *s, const char *vv, struct sim_digest *d)
{
    struct sim_err err = SIM_ERR_INIT;
    double best = 1e18;
    for (int i = 0; i < 20; i++) {
        double t0 = mono_us();
        if (sim_io_digest(s, "site-a", vv, d, &err))
            die("digest", &err);
        double us = mono_us() - t0;
        best = us < best ? us : best;
    }
    return best;
}

static void bench_digest(struct sim *s)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_digest big, small;
    create_vv(s, "huge", SIM_VV_SIZE_MAX_MIB);
    create_vv(s, "small", 1024);
    /* the same 10,000 blocks, every sixth block of the first 1 GiB */
    for (int i = 0; i < N_BLOCKS; i++) {
        uint64_t off = (uint64_t)(i * 6 % 65536) * SIM_BLOCK_SIZE;
        if (sim_io_write_pattern(s, "site-a", "huge", off, SIM_BLOCK_SIZE, i, &err) ||
            sim_io_write_pattern(s, "site-a", "small", off, SIM_BLOCK_SIZE, i, &err))
            die("digest setup", &err);
    }
    double t_big = time_digest(s, "huge", &big);
    double t_small = time_digest(s, "small", &small);
    double ratio = t_big / t_small;
    char m[96];
    snprintf(m, sizeof(m), "16 TiB %.2f ms / 1 GiB %.2f ms = %.2f (%llu blocks)",
             t_big / 1000, t_small / 1000, ratio, (unsigned long long)big.blocks);
    row("digest 16 TiB vs 1 GiB", m, "ratio <= 1.2", ratio <= 1.2 && big.blocks == small.blocks);
}

static void discard(void *ctx, const char *data, size_t len)
{
    *(size_t *)ctx += len;
    (void)data;
}

static void bench_showvv(struct sim *s)
{
    size_t bytes = 0;
    struct cli_io io = { .out = discard, .err = discard, .ctx = &bytes };
    bool ex = false;
    create_many(s);
    struct cli_session *cs = cli_session_new(s, "site-a", "3paradm", SIM_ROLE_SUPER);
    int64_t best = INT64_MAX;
    for (int i = 0; i < 3; i++) {
        int64_t t0 = sim_wall_ms();
        if (cli_session_run(cs, "showvv", &io, &ex) != 0) {
            fprintf(stderr, "bench: showvv failed\n");
            exit(1);
        }
        int64_t ms = sim_wall_ms() - t0;
        best = ms < best ? ms : best;
    }
    cli_session_free(cs);
    char m[64];
    snprintf(m, sizeof(m), "%lld ms (%zu bytes)", (long long)best, bytes / 3);
    row("showvv of 10,000 volumes (engine)", m, "< 100 ms", best < 100);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--make-db") == 0) {
        struct sim *s = open_sim(argv[2]);
        create_many(s);
        sim_close(s);
        return 0;
    }
    struct sim *s = open_sim(":memory:");
    bench_pattern_write(s);
    bench_digest(s);
    bench_showvv(s);
    sim_close(s);
    return 0;
}
