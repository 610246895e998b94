/* store/qos.c - see qos.h. */
#include "store/qos.h"
#include "store/internal.h"

#define QOS_COLS "array_id, type, name, enabled, priority, bw_min, bw_max, io_min, io_max," \
    " bw_min_op, bw_max_op, io_min_op, io_max_op, latency, default_latency, created"

static void qos_read(sqlite3_stmt *s, void *row)
{
    struct store_qos_row *r = row;
    r->array_id = sqlite3_column_int64(s, 0);
    r->type = sqlite3_column_int(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    r->enabled = sqlite3_column_int(s, 3);
    r->priority = sqlite3_column_int(s, 4);
    r->bw_min = sqlite3_column_int64(s, 5);
    r->bw_max = sqlite3_column_int64(s, 6);
    r->io_min = sqlite3_column_int64(s, 7);
    r->io_max = sqlite3_column_int64(s, 8);
    r->bw_min_op = sqlite3_column_int(s, 9);
    r->bw_max_op = sqlite3_column_int(s, 10);
    r->io_min_op = sqlite3_column_int(s, 11);
    r->io_max_op = sqlite3_column_int(s, 12);
    r->latency = sqlite3_column_int64(s, 13);
    r->default_latency = sqlite3_column_int(s, 14);
    r->created = sqlite3_column_int64(s, 15);
}

int store_qos_put(struct store *st, const struct store_qos_row *r)
{
    static const char sql[] = "INSERT OR REPLACE INTO qos_rules(" QOS_COLS ")"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int(s, 2, r->type);
    store_bind_text(s, 3, r->name);
    sqlite3_bind_int(s, 4, r->enabled);
    sqlite3_bind_int(s, 5, r->priority);
    sqlite3_bind_int64(s, 6, r->bw_min);
    sqlite3_bind_int64(s, 7, r->bw_max);
    sqlite3_bind_int64(s, 8, r->io_min);
    sqlite3_bind_int64(s, 9, r->io_max);
    sqlite3_bind_int(s, 10, r->bw_min_op);
    sqlite3_bind_int(s, 11, r->bw_max_op);
    sqlite3_bind_int(s, 12, r->io_min_op);
    sqlite3_bind_int(s, 13, r->io_max_op);
    sqlite3_bind_int64(s, 14, r->latency);
    sqlite3_bind_int(s, 15, r->default_latency);
    sqlite3_bind_int64(s, 16, r->created);
    return store_exec_stmt(st, s);
}

int store_qos_delete(struct store *st, int64_t array_id, int type, const char *name)
{
    static const char sql[] = "DELETE FROM qos_rules WHERE array_id = ? AND type = ?"
        " AND name = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, type);
    store_bind_text(s, 3, name);
    return store_exec_stmt(st, s);
}

int store_qos_get(struct store *st, int64_t array_id, int type, const char *name,
                  struct store_qos_row *out)
{
    static const char sql[] = "SELECT " QOS_COLS " FROM qos_rules WHERE array_id = ?"
        " AND type = ? AND name = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, type);
    store_bind_text(s, 3, name);
    return store_get_one(st, s, qos_read, out);
}

int store_qos_list(struct store *st, int64_t array_id, struct store_qos_row **out, size_t *n)
{
    static const char sql[] = "SELECT " QOS_COLS " FROM qos_rules WHERE array_id = ?"
        " ORDER BY type, name";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, qos_read, sizeof(**out), (void **)out, n);
}
