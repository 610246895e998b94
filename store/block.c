/* store/block.c - see block.h. */
#include "store/block.h"
#include "store/internal.h"

#include <string.h>

static void block_read(sqlite3_stmt *s, void *row)
{
    struct store_block_row *r = row;
    r->blk = sqlite3_column_int64(s, 0);
    r->gen = sqlite3_column_int64(s, 1);
    r->fp = (uint64_t)sqlite3_column_int64(s, 2);
}

int store_block_latest(struct store *st, int64_t vv, int64_t blk, int64_t max_gen,
                       struct store_block_row *out)
{
    static const char sql[] = "SELECT blk, gen, fp FROM blocks WHERE vv = ? AND blk = ?"
        " AND gen <= ? ORDER BY gen DESC LIMIT 1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, blk);
    sqlite3_bind_int64(s, 3, max_gen);
    return store_get_one(st, s, block_read, out);
}

int store_block_next(struct store *st, int64_t vv, int64_t blk, int64_t after,
                     struct store_block_row *out)
{
    static const char sql[] = "SELECT blk, gen, fp FROM blocks WHERE vv = ? AND blk = ?"
        " AND gen > ? ORDER BY gen ASC LIMIT 1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, blk);
    sqlite3_bind_int64(s, 3, after);
    return store_get_one(st, s, block_read, out);
}

int store_block_insert(struct store *st, int64_t vv, const struct store_block_row *row)
{
    static const char sql[] = "INSERT INTO blocks(vv, blk, gen, fp) VALUES(?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, row->blk);
    sqlite3_bind_int64(s, 3, row->gen);
    sqlite3_bind_int64(s, 4, (int64_t)row->fp);
    return store_exec_stmt(st, s);
}

int store_block_replace(struct store *st, int64_t vv, int64_t old_gen,
                        const struct store_block_row *row)
{
    static const char sql[] = "UPDATE blocks SET gen = ?, fp = ? WHERE vv = ? AND blk = ?"
        " AND gen = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, row->gen);
    sqlite3_bind_int64(s, 2, (int64_t)row->fp);
    sqlite3_bind_int64(s, 3, vv);
    sqlite3_bind_int64(s, 4, row->blk);
    sqlite3_bind_int64(s, 5, old_gen);
    return store_exec_stmt(st, s);
}

int store_block_delete(struct store *st, int64_t vv, int64_t blk, int64_t gen)
{
    static const char sql[] = "DELETE FROM blocks WHERE vv = ? AND blk = ? AND gen = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, blk);
    sqlite3_bind_int64(s, 3, gen);
    return store_exec_stmt(st, s);
}

int store_block_delete_vv(struct store *st, int64_t vv)
{
    static const char sql[] = "DELETE FROM blocks WHERE vv = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    return store_exec_stmt(st, s);
}

static int scan_rows(struct store *st, sqlite3_stmt *s, store_block_fn fn, void *ctx)
{
    struct store_block_row r;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        block_read(s, &r);
        if (fn(ctx, &r)) {
            sqlite3_reset(s);
            return 0;
        }
    }
    if (rc != SQLITE_DONE)
        return store_fail(st, s, "block scan");
    sqlite3_reset(s);
    return 0;
}

int store_block_scan(struct store *st, int64_t vv, int64_t lo, int64_t hi, int64_t max_gen,
                     store_block_fn fn, void *ctx)
{
    static const char sql[] = "SELECT blk, gen, fp FROM blocks WHERE vv = ? AND blk >= ?"
        " AND blk < ? AND gen <= ? ORDER BY blk, gen DESC";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, lo);
    sqlite3_bind_int64(s, 3, hi);
    sqlite3_bind_int64(s, 4, max_gen);
    return scan_rows(st, s, fn, ctx);
}

int store_block_changed(struct store *st, int64_t vv, int64_t after, store_block_fn fn,
                        void *ctx)
{
    /* blocks_gen(vv, gen) finds the changed rows without touching the rest */
    static const char sql[] = "SELECT blk, max(gen), 0 FROM blocks WHERE vv = ? AND gen > ?"
        " GROUP BY blk ORDER BY blk";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, after);
    return scan_rows(st, s, fn, ctx);
}

int store_block_count(struct store *st, int64_t vv, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM blocks WHERE vv = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    return store_get_int(st, s, out);
}

int store_blob_put(struct store *st, uint64_t fp, const struct store_blob *b)
{
    static const char sql[] = "INSERT OR IGNORE INTO blobs(fp, kind, seed, blk, data)"
        " VALUES(?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, (int64_t)fp);
    sqlite3_bind_int(s, 2, b->kind);
    sqlite3_bind_int64(s, 3, (int64_t)b->seed);
    sqlite3_bind_int64(s, 4, b->blk);
    if (b->kind == STORE_BLOB_BYTES)
        sqlite3_bind_blob(s, 5, b->data, (int)b->len, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 5);
    return store_exec_stmt(st, s);
}

int store_blob_get(struct store *st, uint64_t fp, struct store_blob *out, void *buf,
                   size_t cap)
{
    static const char sql[] = "SELECT kind, seed, blk, data FROM blobs WHERE fp = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, (int64_t)fp);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return 0;
    }
    if (rc != SQLITE_ROW)
        return store_fail(st, s, "blob get");
    out->kind = (enum store_blob_kind)sqlite3_column_int(s, 0);
    out->seed = (uint64_t)sqlite3_column_int64(s, 1);
    out->blk = sqlite3_column_int64(s, 2);
    out->len = (size_t)sqlite3_column_bytes(s, 3);
    if (out->len)
        memcpy(buf, sqlite3_column_blob(s, 3), out->len < cap ? out->len : cap);
    out->data = buf;
    /* Reset now: a statement left on its row keeps a read transaction open
     * on the connection, which pins the WAL (it cannot restart, so it only
     * grows) and makes the backup API refuse the database as "in use". */
    sqlite3_reset(s);
    return 1;
}
