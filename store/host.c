/* store/host.c - see host.h. */
#include "store/host.h"
#include "store/internal.h"

#define HOST_COLS "id, array_id, hostid, name, domain, persona, location, ip_addr, os," \
    " model, contact, comment, chap_name, created"

static void host_read(sqlite3_stmt *s, void *row)
{
    struct store_host_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->hostid = sqlite3_column_int64(s, 2);
    store_col_text(s, 3, r->name, sizeof(r->name));
    store_col_text(s, 4, r->domain, sizeof(r->domain));
    r->persona = sqlite3_column_int(s, 5);
    store_col_text(s, 6, r->location, sizeof(r->location));
    store_col_text(s, 7, r->ip_addr, sizeof(r->ip_addr));
    store_col_text(s, 8, r->os, sizeof(r->os));
    store_col_text(s, 9, r->model, sizeof(r->model));
    store_col_text(s, 10, r->contact, sizeof(r->contact));
    store_col_text(s, 11, r->comment, sizeof(r->comment));
    store_col_text(s, 12, r->chap_name, sizeof(r->chap_name));
    r->created = sqlite3_column_int64(s, 13);
}

static void host_bind(sqlite3_stmt *s, const struct store_host_row *r)
{
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int64(s, 2, r->hostid);
    store_bind_text(s, 3, r->name);
    store_bind_text(s, 4, r->domain);
    sqlite3_bind_int(s, 5, r->persona);
    store_bind_text(s, 6, r->location);
    store_bind_text(s, 7, r->ip_addr);
    store_bind_text(s, 8, r->os);
    store_bind_text(s, 9, r->model);
    store_bind_text(s, 10, r->contact);
    store_bind_text(s, 11, r->comment);
    store_bind_text(s, 12, r->chap_name);
    sqlite3_bind_int64(s, 13, r->created);
}

int store_host_insert(struct store *st, struct store_host_row *r)
{
    static const char sql[] = "INSERT INTO hosts(array_id, hostid, name, domain, persona,"
        " location, ip_addr, os, model, contact, comment, chap_name, created)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    host_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_host_update(struct store *st, const struct store_host_row *r)
{
    static const char sql[] = "UPDATE hosts SET array_id = ?1, hostid = ?2, name = ?3,"
        " domain = ?4, persona = ?5, location = ?6, ip_addr = ?7, os = ?8, model = ?9,"
        " contact = ?10, comment = ?11, chap_name = ?12, created = ?13 WHERE id = ?14";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    host_bind(s, r);
    sqlite3_bind_int64(s, 14, r->id);
    return store_exec_stmt(st, s);
}

int store_host_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM hosts WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_host_get(struct store *st, int64_t array_id, const char *name,
                   struct store_host_row *out)
{
    static const char sql[] = "SELECT " HOST_COLS " FROM hosts WHERE array_id = ? AND name = ?";
    return store_get_named(st, sql, array_id, name, host_read, out);
}

int store_host_list(struct store *st, int64_t array_id, struct store_host_row **out,
                    size_t *n)
{
    static const char sql[] = "SELECT " HOST_COLS " FROM hosts WHERE array_id = ?"
        " ORDER BY hostid";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, host_read, sizeof(**out), (void **)out, n);
}

int store_host_max_id(struct store *st, int64_t array_id, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(max(hostid), -1) FROM hosts WHERE array_id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_int(st, s, out);
}

static void path_read(sqlite3_stmt *s, void *row)
{
    struct store_host_path_row *r = row;
    r->array_id = sqlite3_column_int64(s, 0);
    r->host = sqlite3_column_int64(s, 1);
    r->kind = sqlite3_column_int(s, 2);
    store_col_text(s, 3, r->path, sizeof(r->path));
    r->seq = sqlite3_column_int64(s, 4);
    store_col_text(s, 5, r->host_name, sizeof(r->host_name));
}

int store_host_path_insert(struct store *st, const struct store_host_path_row *r)
{
    static const char sql[] = "INSERT INTO host_paths(array_id, host, kind, path, seq)"
        " VALUES(?1, ?2, ?3, ?4,"
        " (SELECT coalesce(max(seq), 0) + 1 FROM host_paths WHERE host = ?2))";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int64(s, 2, r->host);
    sqlite3_bind_int(s, 3, r->kind);
    store_bind_text(s, 4, r->path);
    return store_exec_stmt(st, s);
}

int store_host_path_delete(struct store *st, int64_t array_id, int kind, const char *path)
{
    static const char sql[] = "DELETE FROM host_paths WHERE array_id = ? AND kind = ?"
        " AND path = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, kind);
    store_bind_text(s, 3, path);
    return store_exec_stmt(st, s);
}

int store_host_path_get(struct store *st, int64_t array_id, int kind, const char *path,
                        struct store_host_path_row *out)
{
    static const char sql[] = "SELECT p.array_id, p.host, p.kind, p.path, p.seq, h.name"
        " FROM host_paths p JOIN hosts h ON h.id = p.host"
        " WHERE p.array_id = ? AND p.kind = ? AND p.path = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int(s, 2, kind);
    store_bind_text(s, 3, path);
    return store_get_one(st, s, path_read, out);
}

int store_host_path_list(struct store *st, int64_t array_id, int64_t host,
                         struct store_host_path_row **out, size_t *n)
{
    static const char sql[] = "SELECT p.array_id, p.host, p.kind, p.path, p.seq, h.name"
        " FROM host_paths p JOIN hosts h ON h.id = p.host"
        " WHERE p.array_id = ?1 AND (?2 = 0 OR p.host = ?2) ORDER BY p.host, p.seq";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int64(s, 2, host);
    return store_get_all(st, s, path_read, sizeof(**out), (void **)out, n);
}
