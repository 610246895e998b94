/* tests/unit/sim_block.c - stored block contents are freed with the last
 * volume or snapshot that holds them, and only then (sim/block.c). The
 * measure is the database's live bytes (sim_db_space), as rcsim status
 * shows them. */
#include "helpers.h"

#include <string.h>

#include "sim/io.h"
#include "sim/vv.h"

#define BLK 16384

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

TestSuite(sim_block, .init = setup, .fini = teardown);

static void mkvv(const char *name)
{
    struct sim_vv_spec sp = { .name = name, .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV };
    assert_ok(sim_vv_create(s, "site-a", &sp, &err), err);
}

static void snap(const char *parent, const char *name)
{
    struct sim_snap_spec sp = { .name = name, .readonly = true };
    assert_ok(sim_vv_snapshot(s, "site-a", parent, &sp, &err), err);
}

/* One block of bytes that no pattern seed makes: stored as they are. */
static void fill(unsigned char *buf, uint64_t tag)
{
    for (size_t i = 0; i < BLK; i += 8) {
        uint64_t v = (tag + 1) * 0x9E3779B97F4A7C15ULL ^ (i * 0xC2B2AE3D27D4EB4FULL);
        memcpy(buf + i, &v, 8);
    }
}

static void write_block(const char *vv, int64_t blk, uint64_t tag)
{
    static unsigned char buf[BLK];
    fill(buf, tag);
    assert_ok(sim_io_write(s, "site-a", vv, (uint64_t)blk * BLK, BLK, buf, &err), err);
}

static void assert_block(const char *vv, int64_t blk, uint64_t tag)
{
    static unsigned char want[BLK], got[BLK];
    fill(want, tag);
    assert_ok(sim_io_read(s, "site-a", vv, (uint64_t)blk * BLK, BLK, got, &err), err);
    cr_assert(memcmp(want, got, BLK) == 0, "%s block %lld lost its data", vv, (long long)blk);
}

static uint64_t live(void)
{
    struct sim_db_space sp;
    assert_ok(sim_db_space(s, &sp, &err), err);
    cr_assert_leq(sp.live_bytes + sp.free_bytes, sp.allocated_bytes);
    return sp.live_bytes;
}

Test(sim_block, overwrites_of_one_block_keep_one_copy)
{
    mkvv("v");
    write_block("v", 7, 0);
    uint64_t before = live();
    for (uint64_t i = 1; i <= 300; i++)
        write_block("v", 7, i);
    /* 300 versions kept would be 4.7 MiB */
    cr_assert_lt(live(), before + 256 * 1024, "live %llu bytes, was %llu",
                 (unsigned long long)live(), (unsigned long long)before);
    assert_block("v", 7, 300);
}

Test(sim_block, removing_a_volume_frees_its_blocks)
{
    uint64_t before = live();
    mkvv("v");
    for (int64_t b = 0; b < 200; b++)
        write_block("v", b, (uint64_t)b);
    cr_assert_gt(live(), before + 200 * BLK);
    assert_ok(sim_vv_remove(s, "site-a", "v", &err), err);
    cr_assert_lt(live(), before + 256 * 1024);
}

Test(sim_block, a_snapshot_keeps_what_it_sees_until_it_goes)
{
    mkvv("v");
    for (int64_t b = 0; b < 100; b++)
        write_block("v", b, (uint64_t)b);
    snap("v", "v.s");
    uint64_t with_snap = live();
    for (int64_t b = 0; b < 100; b++)
        write_block("v", b, 1000 + (uint64_t)b);
    /* the old versions stay for the snapshot */
    cr_assert_gt(live(), with_snap + 100 * BLK);
    for (int64_t b = 0; b < 100; b += 9) {
        assert_block("v.s", b, (uint64_t)b);
        assert_block("v", b, 1000 + (uint64_t)b);
    }
    assert_ok(sim_vv_remove(s, "site-a", "v.s", &err), err);
    cr_assert_lt(live(), with_snap + 256 * 1024);
    assert_block("v", 42, 1042);
}

Test(sim_block, content_shared_by_volumes_lives_while_one_holds_it)
{
    mkvv("a");
    mkvv("b");
    write_block("a", 3, 77);
    write_block("b", 5, 77);        /* the same bytes: one stored copy */
    assert_ok(sim_vv_remove(s, "site-a", "a", &err), err);
    assert_block("b", 5, 77);
    write_block("b", 5, 78);
    write_block("b", 6, 77);        /* stored again after it was freed */
    assert_block("b", 6, 77);
}
