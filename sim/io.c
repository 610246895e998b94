/* sim/io.c - host I/O on volumes and snapshots, and data digests.
 * Owns: byte ranges onto 16 KiB blocks (read-modify-write of partial
 * blocks), the seeded pattern, the digest. Not: block versions (block.c),
 * replication of writes (the remote-copy engine). Spec: docs/design.md §2, §2.8.
 * Host I/O is data, not configuration: it appends no events. */
#include "sim/internal.h"
#include "sim/io.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <string.h>

/* The pattern: 8-byte word w of the volume (byte offset 8w) is a mix of
 * the seed and w, so the data depends only on (seed, offset). */
static inline uint64_t pattern_word(uint64_t seed, uint64_t w)
{
    return rc_mix64(w ^ (seed * 0xD1B54A32D192ED03ULL));
}

void sim_pattern_fill(void *buf, uint64_t off, size_t len, uint64_t seed)
{
    unsigned char *p = buf;
    while (len && (off & 7)) {
        uint64_t w = pattern_word(seed, off >> 3);
        *p++ = (unsigned char)(w >> ((off & 7) * 8));
        off++;
        len--;
    }
    for (; len >= 8; len -= 8, off += 8, p += 8) {
        uint64_t w = pattern_word(seed, off >> 3);
        memcpy(p, &w, 8);   /* little-endian byte order, as the tail below */
    }
    for (size_t i = 0; i < len; i++) {
        uint64_t w = pattern_word(seed, (off + i) >> 3);
        p[i] = (unsigned char)(w >> (((off + i) & 7) * 8));
    }
}

/* Loads the target volume for I/O and checks the range. */
static int io_open(struct sim *s, const char *array, const char *name, uint64_t off,
                   uint64_t len, bool write, struct store_array_row *a,
                   struct store_vv_row *vv, struct sim_err *err)
{
    if (sim_array_load(s, array, a, err) || sim_vv_load(s, a->id, name, vv, err))
        return -1;
    if (!a->powered)
        return sim_fail(err, SIM_EPOWERED_OFF, array, "array is powered off");
    uint64_t size = (uint64_t)vv->size_mib << 20;
    if (off > size || len > size - off)
        return sim_fail(err, SIM_EIO_RANGE, name,
                        "range %llu+%llu is past the end of the volume (%llu bytes)",
                        (unsigned long long)off, (unsigned long long)len,
                        (unsigned long long)size);
    if (write && vv->readonly)
        return sim_fail(err, SIM_EREADONLY, name, "volume is read-only");
    return 0;
}

/* Where the bytes of one write come from. */
struct io_source {
    const unsigned char *data;  /* bytes, or NULL for the pattern or zeros */
    bool zero;                  /* zeros (data NULL) */
    uint64_t seed;
    uint64_t off;               /* volume offset of the first byte */
};

/* Writes [off, off + len) of vv from src; partial blocks are merged with
 * what they hold now. */
static int write_range(struct sim *s, const struct store_array_row *a, struct store_vv_row *vv,
                       uint64_t off, uint64_t len, const struct io_source *src,
                       struct sim_err *err)
{
    unsigned char buf[SIM_BLOCK_SIZE];
    struct rc_writes rw;

    /* remote copy decides first: a secondary refuses, sync writes through */
    if (sim_rc_write_begin(s, a, vv, &rw, err))
        return -1;
    int64_t gen = sim_gen_next(s);
    int64_t used = vv->used_blocks, kept = vv->kept_blocks;

    while (len) {
        int64_t blk = (int64_t)(off / SIM_BLOCK_SIZE);
        size_t in = off % SIM_BLOCK_SIZE;
        size_t n = SIM_BLOCK_SIZE - in < len ? SIM_BLOCK_SIZE - in : (size_t)len;
        uint64_t fp;

        if (n == SIM_BLOCK_SIZE && src->zero) {
            fp = 0;             /* an explicit zero block: no blob */
        } else if (n == SIM_BLOCK_SIZE && !src->data) {
            if (sim_blob_store_pattern(s, src->seed, blk, &fp, err))
                return -1;
        } else {
            if (n < SIM_BLOCK_SIZE) {
                uint64_t cur;
                if (sim_block_resolve(s, vv, blk, &cur, err) || sim_blob_load(s, cur, buf, err))
                    return -1;
            }
            if (src->data)
                memcpy(buf + in, src->data + (off - src->off), n);
            else if (src->zero)
                memset(buf + in, 0, n);
            else
                sim_pattern_fill(buf + in, off, n, src->seed);
            if (sim_blob_store(s, buf, &fp, err))
                return -1;
        }
        if (sim_block_write(s, vv, blk, fp, gen, err) ||
            (rw.active && sim_rc_write_block(s, &rw, blk, fp, err)))
            return -1;
        off += n;
        len -= n;
    }
    /* overwrites in place leave the counters, and the row, as they were */
    if ((vv->used_blocks != used || vv->kept_blocks != kept) && sim_vv_save_usage(s, vv, err))
        return -1;
    return rw.active ? sim_rc_write_end(s, &rw, err) : 0;
}

static int io_write(struct sim *s, const char *array, const char *name, uint64_t off,
                    uint64_t len, const struct io_source *src, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (io_open(s, array, name, off, len, true, &a, &vv, err) ||
        write_range(s, &a, &vv, off, len, src, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_io_write(struct sim *s, const char *array, const char *vv, uint64_t off, uint64_t len,
                 const void *data, struct sim_err *err)
{
    if (len > SIM_IO_BYTES_MAX)
        return sim_fail(err, SIM_EIO_TOOBIG, vv, "write of %llu bytes; at most %llu at once",
                        (unsigned long long)len, (unsigned long long)SIM_IO_BYTES_MAX);
    struct io_source src = { .data = data, .off = off };
    return io_write(s, array, vv, off, len, &src, err);
}

int sim_io_write_pattern(struct sim *s, const char *array, const char *vv, uint64_t off,
                         uint64_t len, uint64_t seed, struct sim_err *err)
{
    if (len > SIM_IO_PATTERN_MAX)
        return sim_fail(err, SIM_EIO_TOOBIG, vv,
                        "pattern write of %llu bytes; at most %llu at once",
                        (unsigned long long)len, (unsigned long long)SIM_IO_PATTERN_MAX);
    struct io_source src = { .seed = seed, .off = off };
    return io_write(s, array, vv, off, len, &src, err);
}

int sim_io_write_zeroes(struct sim *s, const char *array, const char *vv, uint64_t off,
                        uint64_t len, struct sim_err *err)
{
    if (len > SIM_IO_PATTERN_MAX)
        return sim_fail(err, SIM_EIO_TOOBIG, vv,
                        "zero write of %llu bytes; at most %llu at once",
                        (unsigned long long)len, (unsigned long long)SIM_IO_PATTERN_MAX);
    struct io_source src = { .zero = true, .off = off };
    return io_write(s, array, vv, off, len, &src, err);
}

struct read_ctx {
    struct sim *s;
    unsigned char *buf;
    uint64_t off, len;
    struct sim_err *err;
};

static int read_block(void *p, int64_t blk, uint64_t fp)
{
    struct read_ctx *r = p;
    unsigned char data[SIM_BLOCK_SIZE];
    uint64_t start = (uint64_t)blk * SIM_BLOCK_SIZE;
    uint64_t lo = start > r->off ? start : r->off;
    uint64_t hi = start + SIM_BLOCK_SIZE < r->off + r->len ? start + SIM_BLOCK_SIZE
                                                            : r->off + r->len;
    if (fp == 0)
        return 0;   /* the buffer starts zeroed */
    if (sim_blob_load(r->s, fp, data, r->err))
        return -1;
    memcpy(r->buf + (lo - r->off), data + (lo - start), hi - lo);
    return 0;
}

int sim_io_read(struct sim *s, const char *array, const char *name, uint64_t off,
                uint64_t len, void *buf, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    SIM_LOCK_SCOPE(s);

    if (len > SIM_IO_BYTES_MAX)
        return sim_fail(err, SIM_EIO_TOOBIG, name, "read of %llu bytes; at most %llu at once",
                        (unsigned long long)len, (unsigned long long)SIM_IO_BYTES_MAX);
    if (io_open(s, array, name, off, len, false, &a, &vv, err))
        return -1;
    memset(buf, 0, len);
    if (len == 0)
        return 0;
    struct read_ctx r = { .s = s, .buf = buf, .off = off, .len = len, .err = err };
    int64_t lo = (int64_t)(off / SIM_BLOCK_SIZE);
    int64_t hi = (int64_t)((off + len + SIM_BLOCK_SIZE - 1) / SIM_BLOCK_SIZE);
    return sim_block_visit(s, &vv, lo, hi, read_block, &r, err);
}

struct alloc_ctx {
    unsigned char *map;
    int64_t lo;
};

static int alloc_block(void *p, int64_t blk, uint64_t fp)
{
    struct alloc_ctx *c = p;
    c->map[blk - c->lo] = fp != 0;
    return 0;
}

int sim_io_allocated(struct sim *s, const char *array, const char *name, uint64_t off,
                     uint64_t len, unsigned char *map, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    SIM_LOCK_SCOPE(s);

    if (len > SIM_IO_PATTERN_MAX)
        return sim_fail(err, SIM_EIO_TOOBIG, name, "status of %llu bytes; at most %llu at once",
                        (unsigned long long)len, (unsigned long long)SIM_IO_PATTERN_MAX);
    if (io_open(s, array, name, off, len, false, &a, &vv, err))
        return -1;
    int64_t lo = (int64_t)(off / SIM_BLOCK_SIZE);
    int64_t hi = (int64_t)((off + len + SIM_BLOCK_SIZE - 1) / SIM_BLOCK_SIZE);
    memset(map, 0, (size_t)(hi - lo));
    struct alloc_ctx c = { .map = map, .lo = lo };
    return sim_block_visit(s, &vv, lo, hi, alloc_block, &c, err);
}

/* The digest sums a mix of (blk, fp) over the non-zero blocks in two
 * independent lanes: the order of visiting does not matter, and it costs
 * the blocks written, never the size. */
struct digest_ctx {
    uint64_t a, b, n;
};

static int digest_block(void *p, int64_t blk, uint64_t fp)
{
    struct digest_ctx *d = p;
    if (fp == 0)
        return 0;
    d->a += rc_mix64((uint64_t)blk * 0x9E3779B97F4A7C15ULL ^ fp);
    d->b += rc_mix64(fp * 0xC2B2AE3D27D4EB4FULL + (uint64_t)blk);
    d->n++;
    return 0;
}

int sim_vv_digest_row(struct sim *s, const struct store_vv_row *vv, struct sim_digest *out,
                      struct sim_err *err)
{
    struct digest_ctx d = { 0 };
    if (sim_block_visit(s, vv, 0, INT64_MAX, digest_block, &d, err))
        return -1;
    uint64_t size = (uint64_t)vv->size_mib;
    snprintf(out->hex, sizeof(out->hex), "%016llx%016llx",
             (unsigned long long)rc_mix64(d.a ^ rc_mix64(size)),
             (unsigned long long)rc_mix64(d.b + size * 0x165667B19E3779F9ULL));
    out->blocks = d.n;
    return 0;
}

int sim_io_digest(struct sim *s, const char *array, const char *name, struct sim_digest *out,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    SIM_LOCK_SCOPE(s);

    /* an inspection, not host I/O: it works on a powered-off array too */
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, name, &vv, err))
        return -1;
    return sim_vv_digest_row(s, &vv, out, err);
}
