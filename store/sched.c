/* store/sched.c - see sched.h. */
#include "store/internal.h"
#include "store/sched.h"

#define SCHED_COLS                                                                         \
    "id, array_id, name, command, spec, owner, suspended, run_once, alert, next_run,"      \
    " pending, due_at, last_run, last_status, last_output, created"

static void sched_read(sqlite3_stmt *s, void *row)
{
    struct store_sched_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    store_col_text(s, 3, r->command, sizeof(r->command));
    store_col_text(s, 4, r->spec, sizeof(r->spec));
    store_col_text(s, 5, r->owner, sizeof(r->owner));
    r->suspended = sqlite3_column_int(s, 6);
    r->run_once = sqlite3_column_int(s, 7);
    r->alert = sqlite3_column_int(s, 8);
    r->next_run = sqlite3_column_int64(s, 9);
    r->pending = sqlite3_column_int64(s, 10);
    r->due_at = sqlite3_column_int64(s, 11);
    r->last_run = sqlite3_column_int64(s, 12);
    r->last_status = sqlite3_column_int(s, 13);
    store_col_text(s, 14, r->last_output, sizeof(r->last_output));
    r->created = sqlite3_column_int64(s, 15);
}

static void sched_bind(sqlite3_stmt *s, const struct store_sched_row *r)
{
    sqlite3_bind_int64(s, 1, r->array_id);
    store_bind_text(s, 2, r->name);
    store_bind_text(s, 3, r->command);
    store_bind_text(s, 4, r->spec);
    store_bind_text(s, 5, r->owner);
    sqlite3_bind_int(s, 6, r->suspended);
    sqlite3_bind_int(s, 7, r->run_once);
    sqlite3_bind_int(s, 8, r->alert);
    sqlite3_bind_int64(s, 9, r->next_run);
    sqlite3_bind_int64(s, 10, r->pending);
    sqlite3_bind_int64(s, 11, r->due_at);
    sqlite3_bind_int64(s, 12, r->last_run);
    sqlite3_bind_int(s, 13, r->last_status);
    store_bind_text(s, 14, r->last_output);
    sqlite3_bind_int64(s, 15, r->created);
}

int store_sched_insert(struct store *st, struct store_sched_row *r)
{
    static const char sql[] = "INSERT INTO schedules(array_id, name, command, spec, owner,"
        " suspended, run_once, alert, next_run, pending, due_at, last_run, last_status,"
        " last_output, created) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sched_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_sched_update(struct store *st, const struct store_sched_row *r)
{
    static const char sql[] = "UPDATE schedules SET array_id = ?1, name = ?2, command = ?3,"
        " spec = ?4, owner = ?5, suspended = ?6, run_once = ?7, alert = ?8, next_run = ?9,"
        " pending = ?10, due_at = ?11, last_run = ?12, last_status = ?13,"
        " last_output = ?14, created = ?15 WHERE id = ?16";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sched_bind(s, r);
    sqlite3_bind_int64(s, 16, r->id);
    return store_exec_stmt(st, s);
}

int store_sched_delete(struct store *st, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, "DELETE FROM schedules WHERE id = ?");
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_sched_get(struct store *st, int64_t array_id, const char *name,
                    struct store_sched_row *out)
{
    static const char sql[] = "SELECT " SCHED_COLS " FROM schedules"
        " WHERE array_id = ? AND name = ?";
    return store_get_named(st, sql, array_id, name, sched_read, out);
}

int store_sched_list(struct store *st, int64_t array_id, struct store_sched_row **out,
                     size_t *n)
{
    static const char sql[] = "SELECT " SCHED_COLS " FROM schedules"
        " WHERE ?1 = 0 OR array_id = ?1 ORDER BY array_id, name";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, sched_read, sizeof(**out), (void **)out, n);
}

int store_sched_next_due(struct store *st, int64_t *when)
{
    static const char sql[] = "SELECT coalesce(min(next_run), 0) FROM schedules"
        " WHERE next_run > 0 AND suspended = 0";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    return store_get_int(st, s, when);
}

int store_sched_due(struct store *st, int64_t now, struct store_sched_row **out, size_t *n)
{
    static const char sql[] = "SELECT " SCHED_COLS " FROM schedules"
        " WHERE next_run > 0 AND next_run <= ? AND suspended = 0 ORDER BY next_run, id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now);
    return store_get_all(st, s, sched_read, sizeof(**out), (void **)out, n);
}

int store_sched_first_pending(struct store *st, struct store_sched_row *out)
{
    static const char sql[] = "SELECT " SCHED_COLS " FROM schedules"
        " WHERE pending > 0 ORDER BY due_at, id LIMIT 1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    return store_get_one(st, s, sched_read, out);
}

int store_sched_get_id(struct store *st, int64_t id, struct store_sched_row *out)
{
    static const char sql[] = "SELECT " SCHED_COLS " FROM schedules WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_get_one(st, s, sched_read, out);
}
