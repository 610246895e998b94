/* store/vvmeta.c - see vvmeta.h. */
#include "store/vvmeta.h"
#include "store/internal.h"

static void meta_read(sqlite3_stmt *s, void *row)
{
    struct store_vvmeta_row *r = row;
    r->vv = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->key, sizeof(r->key));
    store_col_text(s, 2, r->value, sizeof(r->value));
    r->created = sqlite3_column_int64(s, 3);
}

int store_vvmeta_put(struct store *st, const struct store_vvmeta_row *r)
{
    static const char sql[] = "INSERT OR REPLACE INTO vv_meta(vv, key, value, created)"
        " VALUES(?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->vv);
    store_bind_text(s, 2, r->key);
    store_bind_text(s, 3, r->value);
    sqlite3_bind_int64(s, 4, r->created);
    return store_exec_stmt(st, s);
}

int store_vvmeta_delete(struct store *st, int64_t vv, const char *key)
{
    static const char sql[] = "DELETE FROM vv_meta WHERE vv = ? AND key = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    store_bind_text(s, 2, key);
    return store_exec_stmt(st, s);
}

int store_vvmeta_get(struct store *st, int64_t vv, const char *key,
                     struct store_vvmeta_row *out)
{
    static const char sql[] = "SELECT vv, key, value, created FROM vv_meta"
        " WHERE vv = ? AND key = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    store_bind_text(s, 2, key);
    return store_get_one(st, s, meta_read, out);
}

int store_vvmeta_list(struct store *st, int64_t vv, struct store_vvmeta_row **out, size_t *n)
{
    static const char sql[] = "SELECT vv, key, value, created FROM vv_meta WHERE vv = ?"
        " ORDER BY created, key";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    return store_get_all(st, s, meta_read, sizeof(**out), (void **)out, n);
}
