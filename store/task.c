/* store/task.c - see task.h. */
#include "store/task.h"
#include "store/internal.h"

#define TASK_COLS "id, array_id, taskid, type, status, name, started, finished, priority," \
    " user, detail"

static void task_read(sqlite3_stmt *s, void *row)
{
    struct store_task_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->taskid = sqlite3_column_int64(s, 2);
    r->type = sqlite3_column_int(s, 3);
    r->status = sqlite3_column_int(s, 4);
    store_col_text(s, 5, r->name, sizeof(r->name));
    r->started = sqlite3_column_int64(s, 6);
    r->finished = sqlite3_column_int64(s, 7);
    r->priority = sqlite3_column_int(s, 8);
    store_col_text(s, 9, r->user, sizeof(r->user));
    store_col_text(s, 10, r->detail, sizeof(r->detail));
}

static void task_bind(sqlite3_stmt *s, const struct store_task_row *r)
{
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int64(s, 2, r->taskid);
    sqlite3_bind_int(s, 3, r->type);
    sqlite3_bind_int(s, 4, r->status);
    store_bind_text(s, 5, r->name);
    sqlite3_bind_int64(s, 6, r->started);
    sqlite3_bind_int64(s, 7, r->finished);
    sqlite3_bind_int(s, 8, r->priority);
    store_bind_text(s, 9, r->user);
    store_bind_text(s, 10, r->detail);
}

int store_task_insert(struct store *st, struct store_task_row *r)
{
    static const char sql[] = "INSERT INTO tasks(array_id, taskid, type, status, name,"
        " started, finished, priority, user, detail) VALUES(?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    task_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_task_update(struct store *st, const struct store_task_row *r)
{
    static const char sql[] = "UPDATE tasks SET array_id = ?1, taskid = ?2, type = ?3,"
        " status = ?4, name = ?5, started = ?6, finished = ?7, priority = ?8, user = ?9,"
        " detail = ?10 WHERE id = ?11";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    task_bind(s, r);
    sqlite3_bind_int64(s, 11, r->id);
    return store_exec_stmt(st, s);
}

int store_task_get(struct store *st, int64_t array_id, int64_t taskid,
                   struct store_task_row *out)
{
    static const char sql[] = "SELECT " TASK_COLS " FROM tasks WHERE array_id = ? AND taskid = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int64(s, 2, taskid);
    return store_get_one(st, s, task_read, out);
}

int store_task_list(struct store *st, int64_t array_id, struct store_task_row **out, size_t *n)
{
    static const char sql[] = "SELECT " TASK_COLS " FROM tasks WHERE array_id = ?"
        " ORDER BY taskid";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, task_read, sizeof(**out), (void **)out, n);
}

int store_task_max_id(struct store *st, int64_t array_id, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(max(taskid), 0) FROM tasks WHERE array_id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_int(st, s, out);
}
