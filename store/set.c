/* store/set.c - see set.h. */
#include "store/set.h"
#include "store/internal.h"

#define SET_COLS \
    "id, array_id, kind, setid, name, domain, comment, uuid, flash_cache, created, rc_group"

static void set_read(sqlite3_stmt *s, void *row)
{
    struct store_set_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->kind = sqlite3_column_int(s, 2);
    r->setid = sqlite3_column_int64(s, 3);
    store_col_text(s, 4, r->name, sizeof(r->name));
    store_col_text(s, 5, r->domain, sizeof(r->domain));
    store_col_text(s, 6, r->comment, sizeof(r->comment));
    store_col_text(s, 7, r->uuid, sizeof(r->uuid));
    r->flash_cache = sqlite3_column_int(s, 8);
    r->created = sqlite3_column_int64(s, 9);
    r->rc_group = sqlite3_column_int64(s, 10);
}

static void set_bind(sqlite3_stmt *s, const struct store_set_row *r)
{
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int(s, 2, r->kind);
    sqlite3_bind_int64(s, 3, r->setid);
    store_bind_text(s, 4, r->name);
    store_bind_text(s, 5, r->domain);
    store_bind_text(s, 6, r->comment);
    store_bind_text(s, 7, r->uuid);
    sqlite3_bind_int(s, 8, r->flash_cache);
    sqlite3_bind_int64(s, 9, r->created);
    if (r->rc_group)
        sqlite3_bind_int64(s, 10, r->rc_group);
    else
        sqlite3_bind_null(s, 10);
}

int store_set_insert(struct store *st, struct store_set_row *r)
{
    static const char sql[] = "INSERT INTO sets(array_id, kind, setid, name, domain, comment,"
        " uuid, flash_cache, created, rc_group) VALUES(?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    set_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_set_update(struct store *st, const struct store_set_row *r)
{
    static const char sql[] = "UPDATE sets SET array_id = ?1, kind = ?2, setid = ?3,"
        " name = ?4, domain = ?5, comment = ?6, uuid = ?7, flash_cache = ?8, created = ?9,"
        " rc_group = ?10 WHERE id = ?11";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    set_bind(s, r);
    sqlite3_bind_int64(s, 11, r->id);
    return store_exec_stmt(st, s);
}

int store_set_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM sets WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_set_get(struct store *st, int64_t array_id, int kind, const char *name,
                  struct store_set_row *out)
{
    static const char sql[] = "SELECT " SET_COLS " FROM sets WHERE array_id = ? AND kind = ?"
        " AND name = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, kind);
    store_bind_text(s, 3, name);
    return store_get_one(st, s, set_read, out);
}

int store_set_list(struct store *st, int64_t array_id, int kind, struct store_set_row **out,
                   size_t *n)
{
    static const char sql[] = "SELECT " SET_COLS " FROM sets WHERE array_id = ? AND kind = ?"
        " ORDER BY setid";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, kind);
    return store_get_all(st, s, set_read, sizeof(**out), (void **)out, n);
}

int store_set_max_id(struct store *st, int64_t array_id, int kind, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(max(setid), 0) FROM sets WHERE array_id = ?"
        " AND kind = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, kind);
    return store_get_int(st, s, out);
}

int store_set_member_add(struct store *st, int64_t set_id, int kind, int64_t member)
{
    static const char sql[] = "INSERT INTO set_members(set_id, kind, member, seq)"
        " VALUES(?1, ?2, ?3,"
        " (SELECT coalesce(max(seq), 0) + 1 FROM set_members WHERE set_id = ?1))";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, set_id);
    sqlite3_bind_int(s, 2, kind);
    sqlite3_bind_int64(s, 3, member);
    return store_exec_stmt(st, s);
}

int store_set_member_remove(struct store *st, int64_t set_id, int64_t member)
{
    static const char sql[] = "DELETE FROM set_members WHERE set_id = ? AND member = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, set_id);
    sqlite3_bind_int64(s, 2, member);
    return store_exec_stmt(st, s);
}

int store_set_member_clear(struct store *st, int64_t set_id)
{
    static const char sql[] = "DELETE FROM set_members WHERE set_id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, set_id);
    return store_exec_stmt(st, s);
}

static void member_read(sqlite3_stmt *s, void *row)
{
    struct store_set_member_row *r = row;
    r->set_id = sqlite3_column_int64(s, 0);
    r->member = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    r->seq = sqlite3_column_int64(s, 3);
}

int store_set_member_list(struct store *st, int64_t array_id, int kind, int64_t set_id,
                          struct store_set_member_row **out, size_t *n)
{
    static const char sql[] = "SELECT m.set_id, m.member,"
        " CASE m.kind WHEN 1 THEN (SELECT name FROM hosts WHERE id = m.member)"
        " ELSE (SELECT name FROM vvs WHERE id = m.member) END, m.seq"
        " FROM set_members m JOIN sets t ON t.id = m.set_id"
        " WHERE t.array_id = ?1 AND t.kind = ?2 AND (?3 = 0 OR m.set_id = ?3)"
        " ORDER BY m.set_id, m.seq";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, kind);
    sqlite3_bind_int64(s, 3, set_id);
    return store_get_all(st, s, member_read, sizeof(**out), (void **)out, n);
}

int store_set_member_count(struct store *st, int kind, int64_t member, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM set_members WHERE kind = ? AND member = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int(s, 1, kind);
    sqlite3_bind_int64(s, 2, member);
    return store_get_int(st, s, out);
}

int store_set_get_by_group(struct store *st, int64_t group_id, struct store_set_row *out)
{
    static const char sql[] = "SELECT " SET_COLS " FROM sets WHERE rc_group = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, group_id);
    return store_get_one(st, s, set_read, out);
}
