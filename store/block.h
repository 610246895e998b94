/* store/block.h - versioned block rows and content blobs.
 * A block row (vv, blk, gen, fp) says that from generation gen on, block
 * blk of volume vv holds the content fingerprinted fp (0: zeros). */
#ifndef RCSIM_STORE_BLOCK_H
#define RCSIM_STORE_BLOCK_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_block_row {
    int64_t blk;
    int64_t gen;
    uint64_t fp;
};

/* Called for each row; returns non-zero to stop the scan. */
typedef int (*store_block_fn)(void *ctx, const struct store_block_row *row);

/* The newest row of (vv, blk) with gen <= max_gen: 1 found, 0 none, -1. */
int store_block_latest(struct store *st, int64_t vv, int64_t blk, int64_t max_gen,
                       struct store_block_row *out);
/* The oldest row of (vv, blk) with gen > after: 1/0/-1. */
int store_block_next(struct store *st, int64_t vv, int64_t blk, int64_t after,
                     struct store_block_row *out);
int store_block_insert(struct store *st, int64_t vv, const struct store_block_row *row);
/* Replaces the row (vv, blk, old_gen) by row, in place. */
int store_block_replace(struct store *st, int64_t vv, int64_t old_gen,
                        const struct store_block_row *row);
int store_block_delete(struct store *st, int64_t vv, int64_t blk, int64_t gen);
int store_block_delete_vv(struct store *st, int64_t vv);
/* Rows of vv with lo <= blk < hi and gen <= max_gen, by blk then newest
 * first (the first row of each blk is the one visible at max_gen). */
int store_block_scan(struct store *st, int64_t vv, int64_t lo, int64_t hi, int64_t max_gen,
                     store_block_fn fn, void *ctx);
/* Each distinct blk of vv that has a row with gen > after, in blk order;
 * the row passed is the newest such row. Costs the rows changed, not the
 * volume. */
int store_block_changed(struct store *st, int64_t vv, int64_t after, store_block_fn fn,
                        void *ctx);
/* Number of rows of vv (all generations). */
int store_block_count(struct store *st, int64_t vv, int64_t *out);

enum store_blob_kind { STORE_BLOB_BYTES = 0, STORE_BLOB_PATTERN = 1 };

struct store_blob {
    enum store_blob_kind kind;
    uint64_t seed;              /* pattern */
    int64_t blk;                /* pattern: the block index it was made for */
    const void *data;           /* bytes: put borrows them; get copies them into
                                 * the caller's buffer and points here */
    size_t len;                 /* bytes: their number (get: even past cap) */
};

/* Stores a blob under fp unless one exists. */
int store_blob_put(struct store *st, uint64_t fp, const struct store_blob *blob);
/* 1 found, 0 none, -1. The bytes of a STORE_BLOB_BYTES blob are copied to
 * buf (at most cap of them; out->len is their full number). */
int store_blob_get(struct store *st, uint64_t fp, struct store_blob *out, void *buf,
                   size_t cap);

#endif
