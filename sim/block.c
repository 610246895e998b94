/* sim/block.c - sparse, content-addressed, versioned 16 KiB blocks.
 * Owns: block versions, snapshot sharing, content blobs, diffs between a
 * volume and its snapshot. Not: host I/O ranges (io.c), volume rows (vv.c).
 * Spec: docs/design.md §2 (volumes, snapshots), docs/design.md §5.8 (cost follows the written blocks).
 *
 * Design
 * ------
 * A block row (vv, blk, gen, fp) says: from generation gen on, block blk
 * of volume vv holds the content whose 64-bit fingerprint is fp; fp 0 is
 * an explicit zero block. The engine hands out increasing generations
 * (sim_gen_next). A snapshot records the generation it was taken at
 * (base_gen) and its parent; it reads the parent's newest row with
 * gen <= base_gen, unless it has a row of its own (a read-write snapshot
 * that was written). So the snapshot chain is resolved like this:
 *
 *     level 0: vv itself, every generation
 *     level 1: parent, gen <= vv.base_gen
 *     level 2: grandparent, gen <= min(vv.base_gen, parent.base_gen) ...
 *
 * Writing a block either replaces the head row in place (when no snapshot
 * can see it: head.gen > vv.snap_gen, the newest child's base_gen) or adds
 * a new row and keeps the old one for the snapshots. Taking a snapshot is
 * O(1); a write is O(1); deleting a snapshot releases the rows only it
 * could see (sim_block_unpin), visiting only the blocks changed since it
 * was taken. The difference between a volume and its snapshot is the set of
 * blocks with a row newer than the snapshot (index blocks_gen), so a delta
 * resync costs the changed blocks and never the volume size.
 *
 * Invariants
 *   1. Every row of vv with gen > vv.snap_gen is the head of its block.
 *   2. For each child c of vv and each block, the newest row with
 *      gen <= c.base_gen exists as long as c exists.
 *   3. vv.used_blocks counts head rows with fp != 0; vv.kept_blocks counts
 *      the non-head rows.
 *   4. Blobs are keyed by fp and never change; identical content is one row.
 *   5. A blob lives exactly as long as some block row holds its fp: the
 *      schema's triggers (store/migrate.c, version 7) free it in the
 *      statement that drops or replaces its last row, so space follows the
 *      rows changed. Nothing else holds a fingerprint: remote-copy queues
 *      and in-flight logs hold block numbers, resolved when sent.
 */
#include "sim/internal.h"
#include "util/log.h"
#include "store/block.h"
#include "sim/io.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define GEN_MAX INT64_MAX

int64_t sim_gen_next(struct sim *s)
{
    return ++s->gen;
}

static bool all_zero(const void *data)
{
    const uint64_t *w = data;
    for (size_t i = 0; i < SIM_BLOCK_SIZE / 8; i++)
        if (w[i])
            return false;
    return true;
}

int sim_blob_store(struct sim *s, const void *data, uint64_t *fp, struct sim_err *err)
{
    if (all_zero(data)) {
        *fp = 0;
        return 0;
    }
    *fp = rc_hash64(data, SIM_BLOCK_SIZE, 0);
    struct store_blob b = { .kind = STORE_BLOB_BYTES, .data = data, .len = SIM_BLOCK_SIZE };
    if (store_blob_put(s->st, *fp, &b))
        return sim_store_fail(s, err, "blob put");
    return 0;
}

int sim_blob_store_pattern(struct sim *s, uint64_t seed, int64_t blk, uint64_t *fp,
                           struct sim_err *err)
{
    uint64_t buf[SIM_BLOCK_SIZE / 8];
    sim_pattern_fill(buf, (uint64_t)blk * SIM_BLOCK_SIZE, SIM_BLOCK_SIZE, seed);
    if (all_zero(buf)) {
        *fp = 0;
        return 0;
    }
    *fp = rc_hash64(buf, SIM_BLOCK_SIZE, 0);
    struct store_blob b = { .kind = STORE_BLOB_PATTERN, .seed = seed, .blk = blk };
    if (store_blob_put(s->st, *fp, &b))
        return sim_store_fail(s, err, "blob put");
    return 0;
}

int sim_blob_load(struct sim *s, uint64_t fp, void *buf, struct sim_err *err)
{
    struct store_blob b;
    if (fp == 0) {
        memset(buf, 0, SIM_BLOCK_SIZE);
        return 0;
    }
    int rc = store_blob_get(s->st, fp, &b, buf, SIM_BLOCK_SIZE);
    if (rc < 0)
        return sim_store_fail(s, err, "blob get");
    if (rc == 0)
        return sim_fail(err, SIM_EINTERNAL, "", "block content %016llx missing",
                        (unsigned long long)fp);
    if (b.kind == STORE_BLOB_PATTERN) {
        sim_pattern_fill(buf, (uint64_t)b.blk * SIM_BLOCK_SIZE, SIM_BLOCK_SIZE, b.seed);
        return 0;
    }
    if (b.len != SIM_BLOCK_SIZE)
        return sim_fail(err, SIM_EINTERNAL, "", "block content %016llx has %zu bytes",
                        (unsigned long long)fp, b.len);
    return 0;
}

/* The chain of volumes whose rows vv can see, with each level's limit. */
struct chain {
    struct { int64_t vv; int64_t limit; } level[16];
    size_t n;
};

static int chain_build(struct sim *s, const struct store_vv_row *vv, struct chain *c,
                       struct sim_err *err)
{
    struct store_vv_row cur = *vv;
    int64_t limit = GEN_MAX;

    c->n = 0;
    for (;;) {
        if (c->n == sizeof(c->level) / sizeof(c->level[0]))
            return sim_fail(err, SIM_EINTERNAL, vv->name, "snapshot chain too deep");
        c->level[c->n].vv = cur.id;
        c->level[c->n].limit = limit;
        c->n++;
        if (!cur.parent)
            return 0;
        if (cur.base_gen < limit)
            limit = cur.base_gen;
        int rc = store_vv_get_by_id(s->st, cur.parent, &cur);
        if (rc < 0)
            return sim_store_fail(s, err, "vv get");
        if (rc == 0)
            return sim_fail(err, SIM_EINTERNAL, vv->name, "parent of snapshot missing");
    }
}

int sim_block_resolve(struct sim *s, const struct store_vv_row *vv, int64_t blk,
                      uint64_t *fp, struct sim_err *err)
{
    struct chain c;
    struct store_block_row r;

    if (chain_build(s, vv, &c, err))
        return -1;
    for (size_t i = 0; i < c.n; i++) {
        int rc = store_block_latest(s->st, c.level[i].vv, blk, c.level[i].limit, &r);
        if (rc < 0)
            return sim_store_fail(s, err, "block latest");
        if (rc == 1) {
            *fp = r.fp;
            return 0;
        }
    }
    *fp = 0;
    return 0;
}

int sim_block_write(struct sim *s, struct store_vv_row *vv, int64_t blk, uint64_t fp,
                    int64_t gen, struct sim_err *err)
{
    struct store_block_row head, row = { .blk = blk, .gen = gen, .fp = fp };
    int rc = store_block_latest(s->st, vv->id, blk, GEN_MAX, &head);

    if (rc < 0)
        return sim_store_fail(s, err, "block latest");
    if (rc == 0) {
        /* a base volume's unwritten block already reads as zeros */
        if (fp == 0 && !vv->parent)
            return 0;
        if (store_block_insert(s->st, vv->id, &row))
            return sim_store_fail(s, err, "block insert");
        vv->used_blocks += fp != 0;
        return 0;
    }
    if (head.fp == fp)
        return 0;
    if (head.gen > vv->snap_gen) {
        /* no snapshot can see the old version (invariant 1) */
        if (store_block_replace(s->st, vv->id, head.gen, &row))
            return sim_store_fail(s, err, "block replace");
    } else {
        if (store_block_insert(s->st, vv->id, &row))
            return sim_store_fail(s, err, "block insert");
        vv->kept_blocks++;
    }
    vv->used_blocks += (int64_t)(fp != 0) - (int64_t)(head.fp != 0);
    return 0;
}

/* A small open-addressing map from block number to fingerprint. */
struct blkmap {
    int64_t *keys;
    uint64_t *vals;
    unsigned char *used;
    size_t cap, len;
};

static void blkmap_free(struct blkmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->used);
    memset(m, 0, sizeof(*m));
}

static size_t blkmap_slot(const struct blkmap *m, int64_t k)
{
    size_t i = (size_t)rc_mix64((uint64_t)k) & (m->cap - 1);
    while (m->used[i] && m->keys[i] != k)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void blkmap_grow(struct blkmap *m)
{
    struct blkmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 256;
    m->keys = xcalloc(m->cap, sizeof(*m->keys));
    m->vals = xcalloc(m->cap, sizeof(*m->vals));
    m->used = xcalloc(m->cap, 1);
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.used[i])
            continue;
        size_t j = blkmap_slot(m, old.keys[i]);
        m->used[j] = 1;
        m->keys[j] = old.keys[i];
        m->vals[j] = old.vals[i];
        m->len++;
    }
    blkmap_free(&old);
}

/* Inserts k -> v unless k is present. */
static void blkmap_put_new(struct blkmap *m, int64_t k, uint64_t v)
{
    if ((m->len + 1) * 2 > m->cap)
        blkmap_grow(m);
    size_t i = blkmap_slot(m, k);
    if (m->used[i])
        return;
    m->used[i] = 1;
    m->keys[i] = k;
    m->vals[i] = v;
    m->len++;
}

struct level_scan {
    struct blkmap *map;
    int64_t last_blk;
    bool have_last;
};

/* Rows arrive by blk, newest first: the first row of each blk counts. */
static int level_row(void *ctx, const struct store_block_row *r)
{
    struct level_scan *ls = ctx;
    if (ls->have_last && r->blk == ls->last_blk)
        return 0;
    ls->have_last = true;
    ls->last_blk = r->blk;
    blkmap_put_new(ls->map, r->blk, r->fp);
    return 0;
}

struct direct_visit {
    sim_block_fn fn;
    void *ctx;
    int64_t last_blk;
    bool have_last;
    int stop;
};

static int direct_row(void *ctx, const struct store_block_row *r)
{
    struct direct_visit *dv = ctx;
    if (dv->have_last && r->blk == dv->last_blk)
        return 0;
    dv->have_last = true;
    dv->last_blk = r->blk;
    dv->stop = dv->fn(dv->ctx, r->blk, r->fp);
    return dv->stop;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int sim_block_visit(struct sim *s, const struct store_vv_row *vv, int64_t lo, int64_t hi,
                    sim_block_fn fn, void *ctx, struct sim_err *err)
{
    struct chain c;
    if (chain_build(s, vv, &c, err))
        return -1;
    if (c.n == 1) {
        /* a base volume streams straight from the index, in order */
        struct direct_visit dv = { .fn = fn, .ctx = ctx };
        if (store_block_scan(s->st, vv->id, lo, hi, GEN_MAX, direct_row, &dv))
            return sim_store_fail(s, err, "block scan");
        return dv.stop < 0 ? -1 : 0;
    }
    struct blkmap map = { 0 };
    int ret = 0;
    for (size_t i = 0; i < c.n && ret == 0; i++) {
        struct level_scan ls = { .map = &map };
        if (store_block_scan(s->st, c.level[i].vv, lo, hi, c.level[i].limit, level_row, &ls))
            ret = sim_store_fail(s, err, "block scan");
    }
    if (ret == 0 && map.len) {
        int64_t *keys = xmalloc(map.len * sizeof(*keys));
        size_t n = 0;
        for (size_t i = 0; i < map.cap; i++)
            if (map.used[i])
                keys[n++] = map.keys[i];
        qsort(keys, n, sizeof(*keys), cmp_i64);
        for (size_t i = 0; i < n; i++) {
            int rc = fn(ctx, keys[i], map.vals[blkmap_slot(&map, keys[i])]);
            if (rc) {
                ret = rc < 0 ? -1 : 0;
                break;
            }
        }
        free(keys);
    }
    blkmap_free(&map);
    return ret;
}

struct diff_ctx {
    struct sim *s;
    const struct store_vv_row *vv, *snap;
    sim_block_fn fn;
    void *ctx;
    struct sim_err *err;
    bool own_pass;              /* visiting the snapshot's own rows */
    int ret;
};

/* The content of blk in the volume at generation limit; a base volume
 * needs one index probe, a snapshot its chain. */
static int fp_at(struct sim *s, const struct store_vv_row *vv, int64_t blk, int64_t limit,
                 uint64_t *fp, struct sim_err *err)
{
    struct store_block_row r;
    if (vv->parent && limit == GEN_MAX)
        return sim_block_resolve(s, vv, blk, fp, err);
    int rc = store_block_latest(s->st, vv->id, blk, limit, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "block latest");
    *fp = rc ? r.fp : 0;
    return 0;
}

static int diff_row(void *p, const struct store_block_row *r)
{
    struct diff_ctx *d = p;
    struct store_block_row row;
    uint64_t head_fp, old_fp = 0;
    int rc;

    if (d->own_pass) {
        /* blocks the volume changed too were compared in the first pass */
        rc = store_block_next(d->s->st, d->vv->id, r->blk, d->snap->base_gen, &row);
        if (rc < 0) {
            d->ret = sim_store_fail(d->s, d->err, "block next");
            return 1;
        }
        if (rc == 1)
            return 0;
    }
    /* the snapshot sees its own row, else the volume as of base_gen */
    rc = store_block_latest(d->s->st, d->snap->id, r->blk, GEN_MAX, &row);
    if (rc < 0) {
        d->ret = sim_store_fail(d->s, d->err, "block latest");
        return 1;
    }
    if (fp_at(d->s, d->vv, r->blk, GEN_MAX, &head_fp, d->err) ||
        (rc == 0 && (d->vv->parent ? sim_block_resolve(d->s, d->snap, r->blk, &old_fp, d->err)
                                   : fp_at(d->s, d->vv, r->blk, d->snap->base_gen, &old_fp,
                                           d->err)))) {
        d->ret = -1;
        return 1;
    }
    if (rc == 1)
        old_fp = row.fp;
    if (head_fp == old_fp)
        return 0;
    rc = d->fn(d->ctx, r->blk, head_fp);
    if (rc)
        d->ret = rc < 0 ? -1 : 0;
    return rc;
}

int sim_block_diff(struct sim *s, const struct store_vv_row *vv, const struct store_vv_row *snap,
                   sim_block_fn fn, void *ctx, struct sim_err *err)
{
    struct diff_ctx d = { .s = s, .vv = vv, .snap = snap, .fn = fn, .ctx = ctx, .err = err };

    if (snap->parent != vv->id)
        RC_BUG("sim_block_diff: %s is not a snapshot of %s", snap->name, vv->name);
    if (store_block_changed(s->st, vv->id, snap->base_gen, diff_row, &d))
        return sim_store_fail(s, err, "block changed");
    if (d.ret)
        return -1;
    /* a read-write snapshot's own writes differ from the volume too */
    if (snap->used_blocks || snap->kept_blocks) {
        d.own_pass = true;
        if (store_block_changed(s->st, snap->id, 0, diff_row, &d))
            return sim_store_fail(s, err, "block changed");
    }
    return d.ret;
}

struct gens_ctx {
    struct sim *s;
    const struct store_vv_row *vv;
    int64_t from, to;
    sim_block_fn fn;
    void *ctx;
    struct sim_err *err;
    int ret;
};

static int gens_row(void *p, const struct store_block_row *r)
{
    struct gens_ctx *g = p;
    uint64_t a, b;
    if (fp_at(g->s, g->vv, r->blk, g->from, &a, g->err) ||
        fp_at(g->s, g->vv, r->blk, g->to, &b, g->err)) {
        g->ret = -1;
        return 1;
    }
    if (a == b)
        return 0;
    int rc = g->fn(g->ctx, r->blk, b);
    if (rc)
        g->ret = rc < 0 ? -1 : 0;
    return rc;
}

int sim_block_diff_gens(struct sim *s, const struct store_vv_row *vv, int64_t from_gen,
                        int64_t to_gen, sim_block_fn fn, void *ctx, struct sim_err *err)
{
    struct gens_ctx g = { .s = s, .vv = vv, .from = from_gen, .to = to_gen, .fn = fn,
                          .ctx = ctx, .err = err };
    if (vv->parent)
        RC_BUG("sim_block_diff_gens: %s is a snapshot, not a base volume", vv->name);
    if (store_block_changed(s->st, vv->id, from_gen, gens_row, &g))
        return sim_store_fail(s, err, "block changed");
    return g.ret;
}

struct unpin_ctx {
    struct sim *s;
    struct store_vv_row *parent;
    int64_t child_gen;
    int64_t *others;            /* base_gens of the remaining children, sorted */
    size_t n_others;
    struct sim_err *err;
    int ret;
};

static bool pinned_by_other(const struct unpin_ctx *u, int64_t from, int64_t to)
{
    for (size_t i = 0; i < u->n_others; i++)
        if (u->others[i] >= from && u->others[i] < to)
            return true;
    return false;
}

static int unpin_row(void *p, const struct store_block_row *r)
{
    struct unpin_ctx *u = p;
    struct store_block_row kept, next;

    /* the version the removed child saw, and the one that superseded it */
    int rc = store_block_latest(u->s->st, u->parent->id, r->blk, u->child_gen, &kept);
    if (rc == 0)
        return 0;
    if (rc > 0)
        rc = store_block_next(u->s->st, u->parent->id, r->blk, kept.gen, &next);
    if (rc < 0) {
        u->ret = sim_store_fail(u->s, u->err, "block unpin");
        return 1;
    }
    if (rc == 0 || pinned_by_other(u, kept.gen, next.gen))
        return 0;
    if (store_block_delete(u->s->st, u->parent->id, kept.blk, kept.gen)) {
        u->ret = sim_store_fail(u->s, u->err, "block delete");
        return 1;
    }
    u->parent->kept_blocks--;
    return 0;
}

int sim_block_unpin(struct sim *s, struct store_vv_row *parent, int64_t child_gen,
                    struct sim_err *err)
{
    struct store_vv_row *kids = NULL;
    size_t n = 0;
    struct unpin_ctx u = { .s = s, .parent = parent, .child_gen = child_gen, .err = err };

    if (store_vv_children(s->st, parent->id, &kids, &n))
        return sim_store_fail(s, err, "vv children");
    u.others = xcalloc(n ? n : 1, sizeof(*u.others));
    for (size_t i = 0; i < n; i++)
        if (kids[i].base_gen != child_gen)
            u.others[u.n_others++] = kids[i].base_gen;
    free(kids);
    if (store_block_changed(s->st, parent->id, child_gen, unpin_row, &u))
        u.ret = sim_store_fail(s, err, "block changed");
    free(u.others);
    return u.ret;
}
