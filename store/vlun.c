/* store/vlun.c - see vlun.h. */
#include "store/vlun.h"
#include "store/internal.h"

static void vlun_read(sqlite3_stmt *s, void *row)
{
    struct store_vlun_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->vv = sqlite3_column_int64(s, 2);
    store_col_text(s, 3, r->vv_name, sizeof(r->vv_name));
    r->lun = sqlite3_column_int64(s, 4);
    store_col_text(s, 5, r->host, sizeof(r->host));
    r->node = sqlite3_column_int(s, 6);
    r->slot = sqlite3_column_int(s, 7);
    r->port = sqlite3_column_int(s, 8);
    r->type = sqlite3_column_int(s, 9);
    r->created = sqlite3_column_int64(s, 10);
}

int store_vlun_insert(struct store *st, struct store_vlun_row *r)
{
    static const char sql[] = "INSERT INTO vluns(array_id, vv, lun, host, node, slot, port,"
        " type, created) VALUES(?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int64(s, 2, r->vv);
    sqlite3_bind_int64(s, 3, r->lun);
    store_bind_text(s, 4, r->host);
    sqlite3_bind_int(s, 5, r->node);
    sqlite3_bind_int(s, 6, r->slot);
    sqlite3_bind_int(s, 7, r->port);
    sqlite3_bind_int(s, 8, r->type);
    sqlite3_bind_int64(s, 9, r->created);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_vlun_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM vluns WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_vlun_list(struct store *st, int64_t array_id, struct store_vlun_row **out,
                    size_t *n)
{
    static const char sql[] = "SELECT l.id, l.array_id, l.vv, v.name, l.lun, l.host, l.node,"
        " l.slot, l.port, l.type, l.created FROM vluns l JOIN vvs v ON v.id = l.vv"
        " WHERE l.array_id = ? ORDER BY v.name, l.lun, l.host, l.node, l.slot, l.port";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, vlun_read, sizeof(**out), (void **)out, n);
}

int store_vlun_count_vv(struct store *st, int64_t vv, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM vluns WHERE vv = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    return store_get_int(st, s, out);
}

int store_vlun_count_host(struct store *st, int64_t array_id, const char *host, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM vluns WHERE array_id = ? AND host = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, host);
    return store_get_int(st, s, out);
}

int store_vlun_rename_host(struct store *st, int64_t array_id, const char *from,
                           const char *to)
{
    static const char sql[] = "UPDATE vluns SET host = ? WHERE array_id = ? AND host = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, to);
    sqlite3_bind_int64(s, 2, array_id);
    store_bind_text(s, 3, from);
    return store_exec_stmt(st, s);
}
