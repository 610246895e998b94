/* store/timeline.c - see timeline.h. */
#include "store/internal.h"
#include "store/timeline.h"

#define TF_COLS "id, plan, due, kind, a, b, port, one_way, up, latency, bandwidth, loss," \
    " power, note"

static void tf_read(sqlite3_stmt *s, void *row)
{
    struct store_tf_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->plan, sizeof(r->plan));
    r->due = sqlite3_column_int64(s, 2);
    r->kind = sqlite3_column_int(s, 3);
    store_col_text(s, 4, r->a, sizeof(r->a));
    store_col_text(s, 5, r->b, sizeof(r->b));
    store_col_text(s, 6, r->port, sizeof(r->port));
    r->one_way = sqlite3_column_int(s, 7);
    r->up = sqlite3_column_int(s, 8);
    r->latency = sqlite3_column_int(s, 9);
    r->bandwidth = sqlite3_column_int(s, 10);
    r->loss = sqlite3_column_int(s, 11);
    r->power = sqlite3_column_int(s, 12);
    store_col_text(s, 13, r->note, sizeof(r->note));
}

int store_tf_insert(struct store *st, struct store_tf_row *r)
{
    static const char sql[] = "INSERT INTO timed_faults(plan, due, kind, a, b, port, one_way,"
        " up, latency, bandwidth, loss, power, note) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, r->plan);
    sqlite3_bind_int64(s, 2, r->due);
    sqlite3_bind_int(s, 3, r->kind);
    store_bind_text(s, 4, r->a);
    store_bind_text(s, 5, r->b);
    store_bind_text(s, 6, r->port);
    sqlite3_bind_int(s, 7, r->one_way);
    sqlite3_bind_int(s, 8, r->up);
    sqlite3_bind_int(s, 9, r->latency);
    sqlite3_bind_int(s, 10, r->bandwidth);
    sqlite3_bind_int(s, 11, r->loss);
    sqlite3_bind_int(s, 12, r->power);
    store_bind_text(s, 13, r->note);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_tf_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM timed_faults WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_tf_list(struct store *st, struct store_tf_row **out, size_t *n)
{
    static const char sql[] = "SELECT " TF_COLS " FROM timed_faults ORDER BY due, id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    return store_get_all(st, s, tf_read, sizeof(**out), (void **)out, n);
}

int store_tf_next_due(struct store *st, int64_t *when)
{
    static const char sql[] = "SELECT coalesce(min(due), 0) FROM timed_faults";
    return store_get_int(st, store_stmt(st, sql), when);
}

int store_tf_first_due(struct store *st, int64_t now, struct store_tf_row *out)
{
    static const char sql[] = "SELECT " TF_COLS " FROM timed_faults WHERE due <= ?"
        " ORDER BY due, id LIMIT 1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now);
    return store_get_one(st, s, tf_read, out);
}
