/* store/cpg.c - see cpg.h. */
#include "store/cpg.h"
#include "store/internal.h"

#include <string.h>

#define CPG_COLS "id, array_id, name, domain, raid, set_size, ha, disk_type, growth_inc," \
    " growth_limit, growth_warn, created, chunklet_pos"

static void cpg_read(sqlite3_stmt *s, void *row)
{
    struct store_cpg_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    store_col_text(s, 3, r->domain, sizeof(r->domain));
    r->raid = sqlite3_column_int(s, 4);
    r->set_size = sqlite3_column_int(s, 5);
    r->ha = sqlite3_column_int(s, 6);
    r->disk_type = sqlite3_column_int(s, 7);
    r->growth_inc = sqlite3_column_int64(s, 8);
    r->growth_limit = sqlite3_column_int64(s, 9);
    r->growth_warn = sqlite3_column_int64(s, 10);
    r->created = sqlite3_column_int64(s, 11);
    r->chunklet_pos = sqlite3_column_int(s, 12);
}

int store_cpg_insert(struct store *st, struct store_cpg_row *r)
{
    static const char sql[] = "INSERT INTO cpgs(array_id, name, domain, raid, set_size, ha,"
        " disk_type, growth_inc, growth_limit, growth_warn, created, chunklet_pos)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->array_id);
    store_bind_text(s, 2, r->name);
    store_bind_text(s, 3, r->domain);
    sqlite3_bind_int(s, 4, r->raid);
    sqlite3_bind_int(s, 5, r->set_size);
    sqlite3_bind_int(s, 6, r->ha);
    sqlite3_bind_int(s, 7, r->disk_type);
    sqlite3_bind_int64(s, 8, r->growth_inc);
    sqlite3_bind_int64(s, 9, r->growth_limit);
    sqlite3_bind_int64(s, 10, r->growth_warn);
    sqlite3_bind_int64(s, 11, r->created);
    sqlite3_bind_int(s, 12, r->chunklet_pos);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_cpg_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM cpgs WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_cpg_get(struct store *st, int64_t array_id, const char *name,
                  struct store_cpg_row *out)
{
    static const char sql[] = "SELECT " CPG_COLS " FROM cpgs WHERE array_id = ? AND name = ?";
    return store_get_named(st, sql, array_id, name, cpg_read, out);
}

int store_cpg_list(struct store *st, int64_t array_id, struct store_cpg_row **out, size_t *n)
{
    static const char sql[] = "SELECT " CPG_COLS " FROM cpgs WHERE array_id = ? ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, cpg_read, sizeof(**out), (void **)out, n);
}

int store_cpg_refs(struct store *st, int64_t array_id, const char *name, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM vvs WHERE array_id = ?1"
        " AND (user_cpg = ?2 OR snap_cpg = ?2)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, name);
    return store_get_int(st, s, out);
}

static void usage_read(sqlite3_stmt *s, void *row)
{
    struct store_cpg_usage *u = row;
    u->n_vvs = sqlite3_column_int64(s, 0);
    u->n_tpvvs = sqlite3_column_int64(s, 1);
    u->n_fpvvs = sqlite3_column_int64(s, 2);
    u->full_mib = sqlite3_column_int64(s, 3);
    u->usr_blocks = sqlite3_column_int64(s, 4);
    u->snp_blocks = sqlite3_column_int64(s, 5);
}

int store_cpg_usage(struct store *st, int64_t array_id, const char *name,
                    struct store_cpg_usage *out)
{
    /* prov 1 = full; copy_type 1 = base volume */
    static const char sql[] = "SELECT"
        " count(*) FILTER (WHERE user_cpg = ?2 AND parent IS NULL),"
        " count(*) FILTER (WHERE user_cpg = ?2 AND parent IS NULL AND prov <> 1),"
        " count(*) FILTER (WHERE user_cpg = ?2 AND parent IS NULL AND prov = 1),"
        " coalesce(sum(size_mib) FILTER (WHERE user_cpg = ?2 AND parent IS NULL AND prov = 1), 0),"
        " coalesce(sum(used_blocks) FILTER (WHERE user_cpg = ?2 AND parent IS NULL), 0),"
        " coalesce(sum(kept_blocks) FILTER (WHERE snap_cpg = ?2), 0)"
        " + coalesce(sum(used_blocks) FILTER (WHERE snap_cpg = ?2 AND parent IS NOT NULL), 0)"
        " FROM vvs WHERE array_id = ?1 AND (user_cpg = ?2 OR snap_cpg = ?2)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, name);
    memset(out, 0, sizeof(*out));
    return store_get_one(st, s, usage_read, out) < 0 ? -1 : 0;
}
