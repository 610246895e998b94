/* tests/bench/bench_space.c - the database stays near the size of the live
 * data however often that data is overwritten (docs/behaviour.md "Space").
 * Fills a working set of a volume with bytes that are not a pattern (so
 * every block is stored as it is), then overwrites random 1 MiB extents of
 * it with new bytes until the given number of block overwrites is reached,
 * on a database file, and prints the database file (plus its WAL) against
 * the live data as "ROW\t<name>\t<measured>\t<goal>\t<ok|NO>" for
 * tests/bench/run.sh.
 *
 *   bench_space [--working-set BYTES] [--overwrites N] [--db PATH]
 *
 * make bench runs a small case (64 MiB, 64 Ki overwrites); the figure for
 * the closing note is --working-set 1G --overwrites 1000000 (16 GiB
 * written: minutes). */
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/io.h"
#include "sim/sim.h"
#include "sim/vv.h"
#include "util/strutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char rcsim_fixture_two_site[];

#define BLOCK 16384ULL
#define EXTENT (1ULL << 20)             /* one write: 64 blocks */

static void die(const char *what, const struct sim_err *err)
{
    fprintf(stderr, "bench_space: %s: %s (%s)\n", what, err->detail, sim_rc_name(err->rc));
    exit(1);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void fill_random(unsigned char *buf, size_t len)
{
    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t v = rng_next();
        memcpy(buf + i, &v, 8);
    }
}

static struct sim_db_space space(struct sim *s)
{
    struct sim_db_space sp;
    struct sim_err err = SIM_ERR_INIT;
    if (sim_db_space(s, &sp, &err))
        die("space", &err);
    return sp;
}

static void row(const char *name, const char *measured, const char *goal, int ok)
{
    printf("ROW\t%s\t%s\t%s\t%s\n", name, measured, goal, ok ? "ok" : "NO");
    fflush(stdout);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_space [--working-set BYTES] [--overwrites N] [--db PATH]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t ws = 64ULL << 20, overwrites = 65536;
    bool own_db = true;         /* a scratch file of ours: removed at the end */
    char db[256];
    snprintf(db, sizeof(db), "%s/rcsim-bench-space-%d.db",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    for (int i = 1; i < argc; i++) {
        int64_t n;
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--working-set") && !rc_parse_bytes(argv[i + 1], &ws))
            i++;
        else if (!strcmp(argv[i], "--overwrites") && !rc_parse_i64(argv[i + 1], &n) && n > 0)
            overwrites = (uint64_t)n, i++;
        else if (!strcmp(argv[i], "--db"))
            snprintf(db, sizeof(db), "%s", argv[++i]), own_db = false;
        else
            usage();
    }
    ws = ws / EXTENT * EXTENT;
    if (!ws)
        usage();

    struct sim_options o = { .db_path = db, .fixture_json = rcsim_fixture_two_site,
                             .fixture_name = "two-site.json", .clock_set = true,
                             .clock_mode = SIM_CLOCK_MANUAL, .clock_scale = 1.0 };
    struct sim *s;
    struct sim_err err = SIM_ERR_INIT;
    if (sim_open(&o, &s, &err))
        die("open", &err);
    struct sim_vv_spec spec = { .name = "ws", .cpg = "FC_r1",
                                .size_mib = ws >> 20, .prov = SIM_PROV_TPVV };
    if (sim_vv_create(s, "site-a", &spec, &err))
        die("createvv", &err);

    unsigned char *buf = malloc(EXTENT);
    int64_t t0 = sim_wall_ms();
    for (uint64_t off = 0; off < ws; off += EXTENT) {
        fill_random(buf, EXTENT);
        if (sim_io_write(s, "site-a", "ws", off, EXTENT, buf, &err))
            die("fill", &err);
    }
    uint64_t peak = 0, done = 0, extents = ws / EXTENT;
    while (done < overwrites) {
        fill_random(buf, EXTENT);
        uint64_t off = rng_next() % extents * EXTENT;
        if (sim_io_write(s, "site-a", "ws", off, EXTENT, buf, &err))
            die("overwrite", &err);
        done += EXTENT / BLOCK;
        if (done % (EXTENT / BLOCK * 1024) == 0) {
            struct sim_db_space sp = space(s);
            if (sp.file_bytes + sp.wal_bytes > peak)
                peak = sp.file_bytes + sp.wal_bytes;
        }
    }
    struct sim_db_space sp = space(s);
    int64_t ms = sim_wall_ms() - t0;
    if (sp.file_bytes + sp.wal_bytes > peak)
        peak = sp.file_bytes + sp.wal_bytes;
    free(buf);
    sim_close(s);

    char name[128], m[256], f[32], w[32], l[32], pk[32], live[32];
    rc_format_bytes(sp.file_bytes, f, sizeof(f));
    rc_format_bytes(sp.wal_bytes, w, sizeof(w));
    rc_format_bytes(sp.live_bytes, l, sizeof(l));
    rc_format_bytes(peak, pk, sizeof(pk));
    rc_format_bytes(ws, live, sizeof(live));
    double ratio = (double)peak / (double)ws;
    snprintf(name, sizeof(name), "database after %llu overwrites of %s",
             (unsigned long long)done, live);
    snprintf(m, sizeof(m), "%.2fx (peak %s; end: file %s + WAL %s, %s live; %.0f s)", ratio,
             pk, f, w, l, (double)ms / 1000.0);
    row(name, m, "< 2x the live data", ratio < 2.0);

    static const char *const side[] = { "", "-wal", "-shm" };
    for (size_t i = 0; own_db && i < sizeof(side) / sizeof(side[0]); i++) {
        char p[300];
        snprintf(p, sizeof(p), "%s%s", db, side[i]);
        unlink(p);
    }
    return 0;
}
