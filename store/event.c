/* store/event.c - see event.h. */
#include "store/event.h"
#include "store/internal.h"

int store_event_append(struct store *st, struct store_event_row *r)
{
    static const char sql[] = "INSERT INTO events(time, array, kind, severity, object, detail)"
        " VALUES(?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->time);
    store_bind_text(s, 2, r->array);
    store_bind_text(s, 3, r->kind);
    store_bind_text(s, 4, r->severity);
    store_bind_text(s, 5, r->object);
    store_bind_text(s, 6, r->detail);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

static void event_read(sqlite3_stmt *s, void *row)
{
    struct store_event_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->time = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->array, sizeof(r->array));
    store_col_text(s, 3, r->kind, sizeof(r->kind));
    store_col_text(s, 4, r->severity, sizeof(r->severity));
    store_col_text(s, 5, r->object, sizeof(r->object));
    store_col_text(s, 6, r->detail, sizeof(r->detail));
}

int store_event_list(struct store *st, const char *array, int64_t since, int64_t limit,
                     struct store_event_row **out, size_t *n)
{
    static const char sql[] = "SELECT id, time, array, kind, severity, object, detail"
        " FROM events WHERE id > ?1 AND (?2 IS NULL OR array = ?2) ORDER BY id LIMIT ?3";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, since);
    store_bind_text(s, 2, array);
    sqlite3_bind_int64(s, 3, limit);
    return store_get_all(st, s, event_read, sizeof(**out), (void **)out, n);
}

int store_event_list_kinds(struct store *st, const char *array, const char *const *kinds,
                           size_t nkinds, int64_t limit, struct store_event_row **out,
                           size_t *n)
{
    static const char sql[] = "SELECT id, time, array, kind, severity, object, detail"
        " FROM events WHERE array = ?1 AND kind IN (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        " ORDER BY id LIMIT ?10";
    if (nkinds > 8)
        return -1;
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, array);
    for (size_t i = 0; i < 8; i++)
        store_bind_text(s, (int)i + 2, i < nkinds ? kinds[i] : NULL);
    sqlite3_bind_int64(s, 10, limit);
    return store_get_all(st, s, event_read, sizeof(**out), (void **)out, n);
}

int store_event_last_id(struct store *st, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(max(id), 0) FROM events";
    return store_get_int(st, store_stmt(st, sql), out);
}
