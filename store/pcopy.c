/* store/pcopy.c - see pcopy.h. */
#include "store/internal.h"
#include "store/pcopy.h"
#include "util/xalloc.h"

#define PCOPY_COLS "dest, array_id, src, snap, task_id, online, save, state, total, done, at"

static void pcopy_read(sqlite3_stmt *s, void *row)
{
    struct store_pcopy_row *r = row;
    r->dest = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->src = sqlite3_column_int64(s, 2);
    r->snap = sqlite3_column_int64(s, 3);
    r->task_id = sqlite3_column_int64(s, 4);
    r->online = sqlite3_column_int(s, 5);
    r->save = sqlite3_column_int(s, 6);
    r->state = sqlite3_column_int(s, 7);
    r->total = sqlite3_column_int64(s, 8);
    r->done = sqlite3_column_int64(s, 9);
    r->at = sqlite3_column_int64(s, 10);
}

int store_pcopy_put(struct store *st, const struct store_pcopy_row *r)
{
    static const char sql[] = "INSERT INTO vv_pcopies(" PCOPY_COLS ") VALUES(?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(dest) DO UPDATE SET array_id=excluded.array_id, src=excluded.src,"
        " snap=excluded.snap, task_id=excluded.task_id, online=excluded.online,"
        " save=excluded.save, state=excluded.state, total=excluded.total,"
        " done=excluded.done, at=excluded.at";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    int i = 1;
    sqlite3_bind_int64(s, i++, r->dest);
    sqlite3_bind_int64(s, i++, r->array_id);
    sqlite3_bind_int64(s, i++, r->src);
    sqlite3_bind_int64(s, i++, r->snap);
    sqlite3_bind_int64(s, i++, r->task_id);
    sqlite3_bind_int(s, i++, r->online);
    sqlite3_bind_int(s, i++, r->save);
    sqlite3_bind_int(s, i++, r->state);
    sqlite3_bind_int64(s, i++, r->total);
    sqlite3_bind_int64(s, i++, r->done);
    sqlite3_bind_int64(s, i++, r->at);
    return store_exec_stmt(st, s);
}

static int get_by(struct store *st, const char *sql, int64_t key, struct store_pcopy_row *out)
{
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, key);
    return store_get_one(st, s, pcopy_read, out);
}

int store_pcopy_get(struct store *st, int64_t dest, struct store_pcopy_row *out)
{
    static const char sql[] = "SELECT " PCOPY_COLS " FROM vv_pcopies WHERE dest = ?";
    return get_by(st, sql, dest, out);
}

int store_pcopy_get_by_task(struct store *st, int64_t task_id, struct store_pcopy_row *out)
{
    static const char sql[] = "SELECT " PCOPY_COLS " FROM vv_pcopies WHERE task_id = ?";
    return get_by(st, sql, task_id, out);
}

int store_pcopy_delete(struct store *st, int64_t dest)
{
    static const char sql[] = "DELETE FROM vv_pcopies WHERE dest = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, dest);
    return store_exec_stmt(st, s);
}

static int list_by(struct store *st, const char *sql, int64_t key, struct store_pcopy_row **out,
                   size_t *n)
{
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, key);
    return store_get_all(st, s, pcopy_read, sizeof(**out), (void **)out, n);
}

int store_pcopy_list_state(struct store *st, int state, struct store_pcopy_row **out,
                           size_t *n)
{
    static const char sql[] = "SELECT " PCOPY_COLS " FROM vv_pcopies WHERE state = ?"
        " ORDER BY dest";
    return list_by(st, sql, state, out, n);
}

int store_pcopy_list_by_src(struct store *st, int64_t vv, struct store_pcopy_row **out,
                            size_t *n)
{
    static const char sql[] = "SELECT " PCOPY_COLS " FROM vv_pcopies"
        " WHERE src = ?1 OR (snap = ?1 AND snap <> 0) ORDER BY dest";
    return list_by(st, sql, vv, out, n);
}

static int queue_exec(struct store *st, const char *sql, int64_t dest, int64_t blk)
{
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, dest);
    sqlite3_bind_int64(s, 2, blk);
    return store_exec_stmt(st, s);
}

int store_pcopy_queue_add(struct store *st, int64_t dest, int64_t blk)
{
    static const char sql[] = "INSERT OR IGNORE INTO pcopy_queue(dest, blk) VALUES(?,?)";
    return queue_exec(st, sql, dest, blk);
}

int store_pcopy_queue_remove(struct store *st, int64_t dest, int64_t blk)
{
    static const char sql[] = "DELETE FROM pcopy_queue WHERE dest = ? AND blk = ?";
    return queue_exec(st, sql, dest, blk);
}

int store_pcopy_queue_clear(struct store *st, int64_t dest)
{
    static const char sql[] = "DELETE FROM pcopy_queue WHERE dest = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, dest);
    return store_exec_stmt(st, s);
}

int store_pcopy_queue_count(struct store *st, int64_t dest, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM pcopy_queue WHERE dest = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, dest);
    return store_get_int(st, s, out);
}

static void blk_read(sqlite3_stmt *s, void *row)
{
    *(int64_t *)row = sqlite3_column_int64(s, 0);
}

int store_pcopy_queue_head(struct store *st, int64_t dest, size_t max, int64_t **out,
                           size_t *n)
{
    static const char sql[] = "SELECT blk FROM pcopy_queue WHERE dest = ? ORDER BY blk LIMIT ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, dest);
    sqlite3_bind_int64(s, 2, (int64_t)max);
    return store_get_all(st, s, blk_read, sizeof(**out), (void **)out, n);
}

int store_link_server_put(struct store *st, const struct store_link_server_row *r)
{
    static const char sql[] = "INSERT OR REPLACE INTO rc_link_servers(array_id, nsp, address,"
        " port, started) VALUES(?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->array_id);
    store_bind_text(s, 2, r->nsp);
    store_bind_text(s, 3, r->address);
    sqlite3_bind_int(s, 4, r->port);
    sqlite3_bind_int64(s, 5, r->started);
    return store_exec_stmt(st, s);
}

static void server_read(sqlite3_stmt *s, void *row)
{
    struct store_link_server_row *r = row;
    r->array_id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->nsp, sizeof(r->nsp));
    store_col_text(s, 2, r->address, sizeof(r->address));
    r->port = sqlite3_column_int(s, 3);
    r->started = sqlite3_column_int64(s, 4);
}

int store_link_server_get(struct store *st, int64_t array_id, const char *nsp,
                          struct store_link_server_row *out)
{
    static const char sql[] = "SELECT array_id, nsp, address, port, started"
        " FROM rc_link_servers WHERE array_id = ? AND nsp = ?";
    return store_get_named(st, sql, array_id, nsp, server_read, out);
}

int store_link_server_delete(struct store *st, int64_t array_id, const char *nsp)
{
    static const char sql[] = "DELETE FROM rc_link_servers WHERE array_id = ? AND nsp = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, nsp);
    return store_exec_stmt(st, s);
}
