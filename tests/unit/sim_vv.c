/* tests/unit/sim_vv.c - volumes, snapshots, copy-on-write data, digests. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/cpg.h"
#include "sim/event.h"
#include "sim/io.h"
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

TestSuite(sim_vv, .init = setup, .fini = teardown);

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

Test(sim_vv, create_and_get)
{
    struct sim_vv_view v;
    mkvv("vol1", 1024);
    assert_ok(sim_vv_get(s, "site-a", "vol1", &v, &err), err);
    cr_assert_eq(v.size_mib, 1024);
    cr_assert_str_eq(v.user_cpg, "FC_r1");
    cr_assert_eq(v.copy_type, SIM_COPY_BASE);
    cr_assert_eq(strlen(v.wwn), 32);
}

Test(sim_vv, create_refusals_change_nothing)
{
    struct sim_vv_spec sp = { .name = "v", .cpg = "FC_r1", .size_mib = 0 };
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_ESIZE_ZERO);
    sp.size_mib = SIM_VV_SIZE_MAX_MIB + 1;
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_ESIZE_TOOBIG);
    sp.size_mib = 10;
    sp.name = "a_name_that_is_longer_than_31_ch";
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_ENAME_TOOLONG);
    sp.name = "bad/name";
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_ENAME_BADCHAR);
    /* the array's rule: no name starts with '.' (nor '-') */
    static const char *const dotted[] = { ".dot", ".", "..", "-dash" };
    for (size_t i = 0; i < sizeof(dotted) / sizeof(dotted[0]); i++) {
        sp.name = dotted[i];
        assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_ENAME_BADCHAR);
    }
    sp.name = "v";
    sp.cpg = "nosuch";
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_ENOENT_CPG);
    sp.cpg = "FC_r1";
    assert_refused(sim_vv_create(s, "nosuch", &sp, &err), err, SIM_ENOENT_ARRAY);
    mkvv("v", 10);
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_EEXIST_VV);
    struct sim_vv_view *list;
    size_t n;
    assert_ok(sim_vv_list(s, "site-a", &list, &n, &err), err);
    cr_assert_eq(n, 1);
    free(list);
}

Test(sim_vv, count_creates_all_or_none)
{
    struct sim_vv_spec sp = { .name = "m", .cpg = "FC_r1", .size_mib = 10, .count = 3 };
    assert_ok(sim_vv_create(s, "site-a", &sp, &err), err);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "m.2", &v, &err), err);
    mkvv("n.1", 10);
    sp.name = "n";
    assert_refused(sim_vv_create(s, "site-a", &sp, &err), err, SIM_EEXIST_VV);
    assert_refused(sim_vv_get(s, "site-a", "n.0", &v, &err), err, SIM_ENOENT_VV);
}

Test(sim_vv, snapshot_keeps_old_data)
{
    char d0[33], d1[33], ds[33];
    mkvv("base", 64);
    assert_ok(sim_io_write_pattern(s, "site-a", "base", 0, 1 << 20, 7, &err), err);
    digest("base", d0);
    struct sim_snap_spec sp = { .name = "snap", .readonly = true };
    assert_ok(sim_vv_snapshot(s, "site-a", "base", &sp, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "base", 4096, 100000, 8, &err), err);
    digest("base", d1);
    digest("snap", ds);
    cr_assert_str_eq(ds, d0);
    cr_assert_str_neq(d1, d0);

    unsigned char got[8192], want[8192];
    assert_ok(sim_io_read(s, "site-a", "snap", 5000, sizeof(got), got, &err), err);
    sim_pattern_fill(want, 5000, sizeof(want), 7);
    cr_assert_arr_eq(got, want, sizeof(got));
    assert_ok(sim_io_read(s, "site-a", "base", 5000, sizeof(got), got, &err), err);
    sim_pattern_fill(want, 5000, sizeof(want), 8);
    cr_assert_arr_eq(got, want, sizeof(got));
}

Test(sim_vv, snapshot_is_read_only_and_rw_snapshot_writes_alone)
{
    char db[33], dr[33], d2[33];
    mkvv("base", 16);
    assert_ok(sim_io_write_pattern(s, "site-a", "base", 0, 1 << 20, 1, &err), err);
    struct sim_snap_spec ro = { .name = "ro", .readonly = true };
    struct sim_snap_spec rw = { .name = "rw", .readonly = false };
    assert_ok(sim_vv_snapshot(s, "site-a", "base", &ro, &err), err);
    assert_ok(sim_vv_snapshot(s, "site-a", "base", &rw, &err), err);
    assert_refused(sim_io_write(s, "site-a", "ro", 0, 4, "abcd", &err), err, SIM_EREADONLY);
    digest("base", db);
    assert_ok(sim_io_write(s, "site-a", "rw", 100, 4, "abcd", &err), err);
    digest("rw", dr);
    digest("base", d2);
    cr_assert_str_eq(db, d2);
    cr_assert_str_neq(dr, db);
    char buf[4];
    assert_ok(sim_io_read(s, "site-a", "rw", 100, 4, buf, &err), err);
    cr_assert_arr_eq(buf, "abcd", 4);
}

Test(sim_vv, snapshot_of_snapshot)
{
    char d1[33], d2[33];
    mkvv("b", 16);
    assert_ok(sim_io_write_pattern(s, "site-a", "b", 0, 65536, 3, &err), err);
    struct sim_snap_spec s1 = { .name = "s1", .readonly = true };
    assert_ok(sim_vv_snapshot(s, "site-a", "b", &s1, &err), err);
    digest("s1", d1);
    struct sim_snap_spec s2 = { .name = "s2", .readonly = true };
    assert_ok(sim_vv_snapshot(s, "site-a", "s1", &s2, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "b", 0, 65536, 4, &err), err);
    digest("s2", d2);
    cr_assert_str_eq(d1, d2);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "s2", &v, &err), err);
    cr_assert_str_eq(v.copy_of, "s1");
    assert_refused(sim_vv_remove(s, "site-a", "s1", &err), err, SIM_EHAS_SNAPSHOTS);
}

Test(sim_vv, remove_snapshot_releases_kept_blocks)
{
    mkvv("b", 16);
    assert_ok(sim_io_write_pattern(s, "site-a", "b", 0, 1 << 20, 1, &err), err);
    struct sim_snap_spec sp = { .name = "s", .readonly = true };
    assert_ok(sim_vv_snapshot(s, "site-a", "b", &sp, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "b", 0, 1 << 20, 2, &err), err);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "b", &v, &err), err);
    cr_assert_eq(v.kept_blocks, 64);
    cr_assert_eq(v.used_blocks, 64);
    assert_refused(sim_vv_remove(s, "site-a", "b", &err), err, SIM_EHAS_SNAPSHOTS);
    assert_ok(sim_vv_remove(s, "site-a", "s", &err), err);
    assert_ok(sim_vv_get(s, "site-a", "b", &v, &err), err);
    cr_assert_eq(v.kept_blocks, 0);
}

Test(sim_vv, promote_rolls_back)
{
    char d0[33], d1[33];
    mkvv("b", 16);
    assert_ok(sim_io_write_pattern(s, "site-a", "b", 0, 100000, 1, &err), err);
    digest("b", d0);
    struct sim_snap_spec sp = { .name = "s", .readonly = true };
    assert_ok(sim_vv_snapshot(s, "site-a", "b", &sp, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "b", 50000, 200000, 2, &err), err);
    assert_ok(sim_vv_promote(s, "site-a", "s", "3paradm", NULL, &err), err);
    digest("b", d1);
    cr_assert_str_eq(d0, d1);
}

Test(sim_vv, digest_follows_blocks_not_size)
{
    char a[33], b[33];
    mkvv("small", 1024);
    mkvv("big", SIM_VV_SIZE_MAX_MIB);
    assert_ok(sim_io_write_pattern(s, "site-a", "small", 0, 1 << 20, 9, &err), err);
    assert_ok(sim_io_write_pattern(s, "site-a", "big", 0, 1 << 20, 9, &err), err);
    digest("small", a);
    digest("big", b);
    /* same blocks, different sizes: different digests */
    cr_assert_str_neq(a, b);
    assert_refused(sim_io_write(s, "site-a", "small", (1ULL << 30) - 2, 4, "abcd", &err), err,
                   SIM_EIO_RANGE);
}

Test(sim_vv, zero_writes_cost_nothing)
{
    static char zeros[65536];
    mkvv("z", 16);
    assert_ok(sim_io_write(s, "site-a", "z", 0, sizeof(zeros), zeros, &err), err);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "z", &v, &err), err);
    cr_assert_eq(v.used_blocks, 0);
}

Test(sim_vv, expiry_removes_snapshot_on_clock_advance)
{
    mkvv("b", 16);
    struct sim_snap_spec sp = { .name = "s", .readonly = true, .expire_ms = 3600 * 1000 };
    assert_ok(sim_vv_snapshot(s, "site-a", "b", &sp, &err), err);
    assert_ok(sim_clock_advance(s, 1800 * 1000, &err), err);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "s", &v, &err), err);
    assert_ok(sim_clock_advance(s, 1800 * 1000, &err), err);
    assert_refused(sim_vv_get(s, "site-a", "s", &v, &err), err, SIM_ENOENT_VV);
}

Test(sim_vv, grow_and_rename)
{
    mkvv("g", 16);
    assert_ok(sim_vv_grow(s, "site-a", "g", 16, &err), err);
    assert_refused(sim_vv_grow(s, "site-a", "g", 0, &err), err, SIM_EGROW_SIZE);
    struct sim_vv_mod m = { .new_name = "h" };
    assert_ok(sim_vv_modify(s, "site-a", "g", &m, &err), err);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "h", &v, &err), err);
    cr_assert_eq(v.size_mib, 32);
}

Test(sim_vv, cpg_in_use_refused)
{
    mkvv("v", 16);
    assert_refused(sim_cpg_remove(s, "site-a", "FC_r1", &err), err, SIM_EBUSY_CPG);
    assert_ok(sim_cpg_remove(s, "site-a", "FC_r5", &err), err);
}

Test(sim_vv, reset_returns_to_fixture)
{
    mkvv("v", 16);
    assert_ok(sim_reset(s, &err), err);
    struct sim_vv_view *list;
    size_t n;
    assert_ok(sim_vv_list(s, "site-a", &list, &n, &err), err);
    cr_assert_eq(n, 0);
    free(list);
    struct sim_cpg_view *cpgs;
    assert_ok(sim_cpg_list(s, "site-a", &cpgs, &n, &err), err);
    cr_assert_eq(n, 3);
    free(cpgs);
}

/* setvv and PUT /volumes: every change or none. */
Test(sim_vv, modify_is_all_or_nothing)
{
    mkvv("m1", 1024);
    mkvv("m2", 1024);
    struct sim_vv_mod taken = { .comment = "x", .snap_cpg = "FC_r5", .new_name = "m2" };
    assert_refused(sim_vv_modify(s, "site-a", "m1", &taken, &err), err, SIM_EEXIST_VV);
    struct sim_vv_mod nocpg = { .comment = "x", .new_name = "m3", .user_cpg = "NOPE" };
    assert_refused(sim_vv_modify(s, "site-a", "m1", &nocpg, &err), err, SIM_ENOENT_CPG);
    struct sim_vv_mod badname = { .comment = "x", .new_name = "bad:name" };
    assert_refused(sim_vv_modify(s, "site-a", "m1", &badname, &err), err, SIM_ENAME_BADCHAR);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "m1", &v, &err), err);
    cr_assert_str_eq(v.comment, "");
    cr_assert_str_eq(v.snap_cpg, "");

    struct sim_vv_mod all = { .comment = "x", .snap_cpg = "FC_r5", .new_name = "m3" };
    assert_ok(sim_vv_modify(s, "site-a", "m1", &all, &err), err);
    assert_ok(sim_vv_get(s, "site-a", "m3", &v, &err), err);
    cr_assert_str_eq(v.comment, "x");
    cr_assert_str_eq(v.snap_cpg, "FC_r5");
    assert_refused(sim_vv_get(s, "site-a", "m1", &v, &err), err, SIM_ENOENT_VV);
}

/* WSAPI attributes: policies, alerts, expiration and retention. */
Test(sim_vv, attributes_expiry_and_retention)
{
    struct sim_vv_attrs at = SIM_VV_ATTRS_INIT;
    at.pol_on = SIM_VVP_ONE_HOST;
    at.pol_off = SIM_VVP_STALE_SS;
    at.alloc_pct[SIM_VVA_USR_WARN] = 80;
    at.expire_ms = 3 * 3600000LL;
    at.retain_ms = 1 * 3600000LL;
    struct sim_vv_spec sp = { .name = "ax", .cpg = "FC_r1", .size_mib = 64,
                              .prov = SIM_PROV_TPVV, .attrs = &at };
    assert_ok(sim_vv_create(s, "site-a", &sp, &err), err);
    struct sim_vv_view v;
    assert_ok(sim_vv_get(s, "site-a", "ax", &v, &err), err);
    cr_assert_eq(v.policies, SIM_VVP_ONE_HOST | SIM_VVP_CACHING);
    cr_assert_eq(v.alloc_pct[SIM_VVA_USR_WARN], 80);
    cr_assert_eq(v.host_dif, 1);
    /* retained: no removal yet */
    assert_refused(sim_vv_remove(s, "site-a", "ax", &err), err, SIM_ERETAINED);
    /* retention past expiration, and bad values, are refused and change nothing */
    struct sim_vv_attrs bad = SIM_VV_ATTRS_INIT;
    bad.retain_ms = 5 * 3600000LL;
    struct sim_vv_mod m = { .comment = "c", .attrs = &bad };
    assert_refused(sim_vv_modify(s, "site-a", "ax", &m, &err), err, SIM_EINVAL);
    bad = (struct sim_vv_attrs)SIM_VV_ATTRS_INIT;
    bad.alloc_pct[SIM_VVA_SS_LIMIT] = 101;
    assert_refused(sim_vv_modify(s, "site-a", "ax", &m, &err), err, SIM_ERANGE);
    assert_ok(sim_vv_get(s, "site-a", "ax", &v, &err), err);
    cr_assert_str_eq(v.comment, "");
    /* at its expiry the volume goes */
    assert_ok(sim_clock_advance(s, 3 * 3600000LL, &err), err);
    assert_refused(sim_vv_get(s, "site-a", "ax", &v, &err), err, SIM_ENOENT_VV);
}
