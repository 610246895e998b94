/* store/vv.c - see vv.h. */
#include "store/internal.h"
#include "store/vv.h"

#define VV_COLS "id, array_id, vvid, name, wwn, uuid, size_mib, prov, copy_type, compression," \
    " readonly, user_cpg, snap_cpg, domain, coalesce(parent, 0), base_gen, snap_gen," \
    " used_blocks, kept_blocks, created, expires, retain, comment, rc_snap, policies," \
    " host_dif, ss_warn, ss_limit, usr_warn, usr_limit"

static void vv_read(sqlite3_stmt *s, void *row)
{
    struct store_vv_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->vvid = sqlite3_column_int64(s, 2);
    store_col_text(s, 3, r->name, sizeof(r->name));
    store_col_text(s, 4, r->wwn, sizeof(r->wwn));
    store_col_text(s, 5, r->uuid, sizeof(r->uuid));
    r->size_mib = sqlite3_column_int64(s, 6);
    r->prov = sqlite3_column_int(s, 7);
    r->copy_type = sqlite3_column_int(s, 8);
    r->compression = sqlite3_column_int(s, 9);
    r->readonly = sqlite3_column_int(s, 10);
    store_col_text(s, 11, r->user_cpg, sizeof(r->user_cpg));
    store_col_text(s, 12, r->snap_cpg, sizeof(r->snap_cpg));
    store_col_text(s, 13, r->domain, sizeof(r->domain));
    r->parent = sqlite3_column_int64(s, 14);
    r->base_gen = sqlite3_column_int64(s, 15);
    r->snap_gen = sqlite3_column_int64(s, 16);
    r->used_blocks = sqlite3_column_int64(s, 17);
    r->kept_blocks = sqlite3_column_int64(s, 18);
    r->created = sqlite3_column_int64(s, 19);
    r->expires = sqlite3_column_int64(s, 20);
    r->retain = sqlite3_column_int64(s, 21);
    store_col_text(s, 22, r->comment, sizeof(r->comment));
    r->rc_snap = sqlite3_column_int(s, 23);
    r->policies = (uint32_t)sqlite3_column_int64(s, 24);
    r->host_dif = sqlite3_column_int(s, 25);
    for (int k = 0; k < 4; k++)
        r->alloc_pct[k] = sqlite3_column_int(s, 26 + k);
}

/* Binds every column after array_id, from parameter first on. */
static int vv_bind(sqlite3_stmt *s, int first, const struct store_vv_row *r)
{
    int i = first;
    sqlite3_bind_int64(s, i++, r->vvid);
    store_bind_text(s, i++, r->name);
    store_bind_text(s, i++, r->wwn);
    store_bind_text(s, i++, r->uuid);
    sqlite3_bind_int64(s, i++, r->size_mib);
    sqlite3_bind_int(s, i++, r->prov);
    sqlite3_bind_int(s, i++, r->copy_type);
    sqlite3_bind_int(s, i++, r->compression);
    sqlite3_bind_int(s, i++, r->readonly);
    store_bind_text(s, i++, r->user_cpg);
    store_bind_text(s, i++, r->snap_cpg);
    store_bind_text(s, i++, r->domain);
    if (r->parent)
        sqlite3_bind_int64(s, i++, r->parent);
    else
        sqlite3_bind_null(s, i++);
    sqlite3_bind_int64(s, i++, r->base_gen);
    sqlite3_bind_int64(s, i++, r->snap_gen);
    sqlite3_bind_int64(s, i++, r->used_blocks);
    sqlite3_bind_int64(s, i++, r->kept_blocks);
    sqlite3_bind_int64(s, i++, r->created);
    sqlite3_bind_int64(s, i++, r->expires);
    sqlite3_bind_int64(s, i++, r->retain);
    store_bind_text(s, i++, r->comment);
    sqlite3_bind_int(s, i++, r->rc_snap);
    sqlite3_bind_int64(s, i++, r->policies);
    sqlite3_bind_int(s, i++, r->host_dif);
    for (int k = 0; k < 4; k++)
        sqlite3_bind_int(s, i++, r->alloc_pct[k]);
    return i;
}

int store_vv_insert(struct store *st, struct store_vv_row *row)
{
    static const char sql[] = "INSERT INTO vvs(array_id, vvid, name, wwn, uuid, size_mib, prov,"
        " copy_type, compression, readonly, user_cpg, snap_cpg, domain, parent, base_gen,"
        " snap_gen, used_blocks, kept_blocks, created, expires, retain, comment, rc_snap,"
        " policies, host_dif, ss_warn, ss_limit, usr_warn, usr_limit)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, row->array_id);
    vv_bind(s, 2, row);
    if (store_exec_stmt(st, s))
        return -1;
    row->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_vv_update(struct store *st, const struct store_vv_row *row)
{
    static const char sql[] = "UPDATE vvs SET vvid=?, name=?, wwn=?, uuid=?, size_mib=?, prov=?,"
        " copy_type=?, compression=?, readonly=?, user_cpg=?, snap_cpg=?, domain=?, parent=?,"
        " base_gen=?, snap_gen=?, used_blocks=?, kept_blocks=?, created=?, expires=?, retain=?,"
        " comment=?, rc_snap=?, policies=?, host_dif=?, ss_warn=?, ss_limit=?, usr_warn=?,"
        " usr_limit=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    int i = vv_bind(s, 1, row);
    sqlite3_bind_int64(s, i, row->id);
    return store_exec_stmt(st, s);
}

/* Only the space counters: a host write changes nothing else, and leaving
 * the indexed columns out of the SET keeps SQLite from rewriting indexes. */
int store_vv_set_usage(struct store *st, const struct store_vv_row *row)
{
    static const char sql[] = "UPDATE vvs SET used_blocks=?, kept_blocks=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, row->used_blocks);
    sqlite3_bind_int64(s, 2, row->kept_blocks);
    sqlite3_bind_int64(s, 3, row->id);
    return store_exec_stmt(st, s);
}

int store_vv_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM vvs WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_vv_get(struct store *st, int64_t array_id, const char *name, struct store_vv_row *out)
{
    static const char sql[] = "SELECT " VV_COLS " FROM vvs WHERE array_id = ? AND name = ?";
    return store_get_named(st, sql, array_id, name, vv_read, out);
}

int store_vv_get_by_id(struct store *st, int64_t id, struct store_vv_row *out)
{
    static const char sql[] = "SELECT " VV_COLS " FROM vvs WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_get_one(st, s, vv_read, out);
}

int store_vv_get_by_vvid(struct store *st, int64_t array_id, int64_t vvid,
                         struct store_vv_row *out)
{
    static const char sql[] = "SELECT " VV_COLS " FROM vvs WHERE array_id = ? AND vvid = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int64(s, 2, vvid);
    return store_get_one(st, s, vv_read, out);
}

int store_vv_list(struct store *st, int64_t array_id, struct store_vv_row **out, size_t *n)
{
    static const char sql[] = "SELECT " VV_COLS " FROM vvs WHERE array_id = ? ORDER BY vvid";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, vv_read, sizeof(**out), (void **)out, n);
}

int store_vv_children(struct store *st, int64_t parent, struct store_vv_row **out, size_t *n)
{
    static const char sql[] = "SELECT " VV_COLS " FROM vvs WHERE parent = ? ORDER BY base_gen, id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, parent);
    return store_get_all(st, s, vv_read, sizeof(**out), (void **)out, n);
}

int store_vv_count_children(struct store *st, int64_t parent, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM vvs WHERE parent = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, parent);
    return store_get_int(st, s, out);
}

int store_vv_expired(struct store *st, int64_t now, struct store_vv_row **out, size_t *n)
{
    /* children first, so that a snapshot of a snapshot goes before its parent */
    static const char sql[] = "SELECT " VV_COLS " FROM vvs WHERE expires > 0 AND expires <= ?"
        " ORDER BY base_gen DESC";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, now);
    return store_get_all(st, s, vv_read, sizeof(**out), (void **)out, n);
}

int store_vv_next_expiry(struct store *st, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(min(expires), 0) FROM vvs WHERE expires > 0";
    return store_get_int(st, store_stmt(st, sql), out);
}

int store_vv_free_vvid(struct store *st, int64_t array_id, int64_t from, int64_t *out)
{
    /* the first id >= from whose successor is free */
    static const char sql[] = "SELECT coalesce((SELECT ?2 WHERE NOT EXISTS"
        " (SELECT 1 FROM vvs WHERE array_id = ?1 AND vvid = ?2)),"
        " (SELECT min(a.vvid) + 1 FROM vvs a WHERE a.array_id = ?1 AND a.vvid >= ?2"
        "  AND NOT EXISTS (SELECT 1 FROM vvs b WHERE b.array_id = ?1 AND b.vvid = a.vvid + 1)))";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int64(s, 2, from);
    return store_get_int(st, s, out);
}

int store_vv_max_gen(struct store *st, int64_t *out)
{
    static const char sql[] = "SELECT max(coalesce((SELECT max(base_gen) FROM vvs), 0),"
        " coalesce((SELECT max(gen) FROM blocks), 0))";
    return store_get_int(st, store_stmt(st, sql), out);
}
