/* store/rcopy.c - see rcopy.h. */
#include "store/internal.h"
#include "store/rcopy.h"

#include <stdlib.h>

/* ---- targets ---- */

#define TARGET_COLS "id, array_id, name, local_no, peer_array_id, fc, mirror, enabled, status," \
    " down_since, xfer_at, hb_ms, tgt_ms, witness, witness_state"

static void target_read(sqlite3_stmt *s, void *row)
{
    struct store_target_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    r->local_no = sqlite3_column_int64(s, 3);
    r->peer_array_id = sqlite3_column_int64(s, 4);
    r->fc = sqlite3_column_int(s, 5);
    r->mirror = sqlite3_column_int(s, 6);
    r->enabled = sqlite3_column_int(s, 7);
    r->status = sqlite3_column_int(s, 8);
    r->down_since = sqlite3_column_int64(s, 9);
    r->xfer_at = sqlite3_column_int64(s, 10);
    r->hb_ms = sqlite3_column_int64(s, 11);
    r->tgt_ms = sqlite3_column_int64(s, 12);
    store_col_text(s, 13, r->witness, sizeof(r->witness));
    store_col_text(s, 14, r->witness_state, sizeof(r->witness_state));
}

static int target_bind(sqlite3_stmt *s, const struct store_target_row *r)
{
    int i = 1;
    sqlite3_bind_int64(s, i++, r->array_id);
    store_bind_text(s, i++, r->name);
    sqlite3_bind_int64(s, i++, r->local_no);
    sqlite3_bind_int64(s, i++, r->peer_array_id);
    sqlite3_bind_int(s, i++, r->fc);
    sqlite3_bind_int(s, i++, r->mirror);
    sqlite3_bind_int(s, i++, r->enabled);
    sqlite3_bind_int(s, i++, r->status);
    sqlite3_bind_int64(s, i++, r->down_since);
    sqlite3_bind_int64(s, i++, r->xfer_at);
    sqlite3_bind_int64(s, i++, r->hb_ms);
    sqlite3_bind_int64(s, i++, r->tgt_ms);
    store_bind_text(s, i++, r->witness);
    store_bind_text(s, i++, r->witness_state);
    return i;
}

int store_target_insert(struct store *st, struct store_target_row *r)
{
    static const char sql[] = "INSERT INTO rc_targets(array_id, name, local_no, peer_array_id,"
        " fc, mirror, enabled, status, down_since, xfer_at, hb_ms, tgt_ms, witness,"
        " witness_state) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    target_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_target_update(struct store *st, const struct store_target_row *r)
{
    static const char sql[] = "UPDATE rc_targets SET array_id=?, name=?, local_no=?,"
        " peer_array_id=?, fc=?, mirror=?, enabled=?, status=?, down_since=?, xfer_at=?,"
        " hb_ms=?, tgt_ms=?, witness=?, witness_state=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, target_bind(s, r), r->id);
    return store_exec_stmt(st, s);
}

static int delete_by_id(struct store *st, const char *sql, int64_t id)
{
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

int store_target_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM rc_targets WHERE id = ?";
    return delete_by_id(st, sql, id);
}

int store_target_get(struct store *st, int64_t array_id, const char *name,
                     struct store_target_row *out)
{
    static const char sql[] = "SELECT " TARGET_COLS " FROM rc_targets WHERE array_id = ?"
        " AND name = ?";
    return store_get_named(st, sql, array_id, name, target_read, out);
}

int store_target_get_by_id(struct store *st, int64_t id, struct store_target_row *out)
{
    static const char sql[] = "SELECT " TARGET_COLS " FROM rc_targets WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_get_one(st, s, target_read, out);
}

int store_target_get_by_peer(struct store *st, int64_t array_id, int64_t peer_array_id,
                             struct store_target_row *out)
{
    static const char sql[] = "SELECT " TARGET_COLS " FROM rc_targets WHERE array_id = ?"
        " AND peer_array_id = ? ORDER BY id LIMIT 1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    sqlite3_bind_int64(s, 2, peer_array_id);
    return store_get_one(st, s, target_read, out);
}

int store_target_reachable(struct store *st, int64_t target_id)
{
    static const char sql[] = "SELECT t.enabled AND a.powered AND b.powered AND a.rc_started"
        " AND b.rc_started AND EXISTS (SELECT 1 FROM rc_links l WHERE l.target_id = t.id"
        " AND l.up) AND EXISTS (SELECT 1 FROM rc_targets r WHERE r.array_id = t.peer_array_id"
        " AND r.peer_array_id = t.array_id AND r.enabled)"
        " FROM rc_targets t JOIN arrays a ON a.id = t.array_id"
        " JOIN arrays b ON b.id = t.peer_array_id WHERE t.id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    int64_t v;
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, target_id);
    if (store_get_int(st, s, &v))
        return -1;
    return v != 0;
}

int store_target_list(struct store *st, int64_t array_id, struct store_target_row **out,
                      size_t *n)
{
    static const char sql[] = "SELECT " TARGET_COLS " FROM rc_targets WHERE array_id = ?"
        " ORDER BY local_no";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, target_read, sizeof(**out), (void **)out, n);
}

int store_target_list_all(struct store *st, struct store_target_row **out, size_t *n)
{
    static const char sql[] = "SELECT " TARGET_COLS " FROM rc_targets ORDER BY id";
    return store_get_all(st, store_stmt(st, sql), target_read, sizeof(**out), (void **)out, n);
}

/* ---- links ---- */

#define LINK_COLS "id, target_id, local_nsp, address, up, down_at, latency_ms, bandwidth, loss"

static void link_read(sqlite3_stmt *s, void *row)
{
    struct store_link_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->target_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->local_nsp, sizeof(r->local_nsp));
    store_col_text(s, 3, r->address, sizeof(r->address));
    r->up = sqlite3_column_int(s, 4);
    r->down_at = sqlite3_column_int64(s, 5);
    r->latency_ms = sqlite3_column_int(s, 6);
    r->bandwidth = sqlite3_column_int(s, 7);
    r->loss = sqlite3_column_int(s, 8);
}

static int link_bind(sqlite3_stmt *s, const struct store_link_row *r)
{
    int i = 1;
    sqlite3_bind_int64(s, i++, r->target_id);
    store_bind_text(s, i++, r->local_nsp);
    store_bind_text(s, i++, r->address);
    sqlite3_bind_int(s, i++, r->up);
    sqlite3_bind_int64(s, i++, r->down_at);
    sqlite3_bind_int(s, i++, r->latency_ms);
    sqlite3_bind_int(s, i++, r->bandwidth);
    sqlite3_bind_int(s, i++, r->loss);
    return i;
}

int store_link_insert(struct store *st, struct store_link_row *r)
{
    static const char sql[] = "INSERT INTO rc_links(target_id, local_nsp, address, up,"
        " down_at, latency_ms, bandwidth, loss) VALUES(?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    link_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_link_update(struct store *st, const struct store_link_row *r)
{
    static const char sql[] = "UPDATE rc_links SET target_id=?, local_nsp=?, address=?, up=?,"
        " down_at=?, latency_ms=?, bandwidth=?, loss=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, link_bind(s, r), r->id);
    return store_exec_stmt(st, s);
}

int store_link_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM rc_links WHERE id = ?";
    return delete_by_id(st, sql, id);
}

int store_link_list(struct store *st, int64_t target_id, struct store_link_row **out,
                    size_t *n)
{
    static const char sql[] = "SELECT " LINK_COLS " FROM rc_links WHERE target_id = ?"
        " ORDER BY local_nsp, address";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, target_id);
    return store_get_all(st, s, link_read, sizeof(**out), (void **)out, n);
}

int store_link_find(struct store *st, int64_t array_id, const char *nsp, const char *address,
                    struct store_link_row *out)
{
    static const char sql[] = "SELECT l.id, l.target_id, l.local_nsp, l.address, l.up,"
        " l.down_at, l.latency_ms, l.bandwidth, l.loss FROM rc_links l"
        " JOIN rc_targets t ON t.id = l.target_id"
        " WHERE t.array_id = ? AND l.local_nsp = ? AND l.address = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, nsp);
    store_bind_text(s, 3, address);
    return store_get_one(st, s, link_read, out);
}

/* ---- groups ---- */

#define GROUP_COLS "id, array_id, name, target_id, peer_name, role, status, mode, period," \
    " snap_freq, policies, domain, l_usr_cpg, l_snp_cpg, r_usr_cpg, r_snp_cpg, stop_reason," \
    " last_sync, next_sync, cycle, created, lag_since"

static void group_read(sqlite3_stmt *s, void *row)
{
    struct store_group_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    r->target_id = sqlite3_column_int64(s, 3);
    store_col_text(s, 4, r->peer_name, sizeof(r->peer_name));
    r->role = sqlite3_column_int(s, 5);
    r->status = sqlite3_column_int(s, 6);
    r->mode = sqlite3_column_int(s, 7);
    r->period = sqlite3_column_int64(s, 8);
    r->snap_freq = sqlite3_column_int64(s, 9);
    r->policies = (uint32_t)sqlite3_column_int64(s, 10);
    store_col_text(s, 11, r->domain, sizeof(r->domain));
    store_col_text(s, 12, r->l_usr_cpg, sizeof(r->l_usr_cpg));
    store_col_text(s, 13, r->l_snp_cpg, sizeof(r->l_snp_cpg));
    store_col_text(s, 14, r->r_usr_cpg, sizeof(r->r_usr_cpg));
    store_col_text(s, 15, r->r_snp_cpg, sizeof(r->r_snp_cpg));
    r->stop_reason = sqlite3_column_int(s, 16);
    r->last_sync = sqlite3_column_int64(s, 17);
    r->next_sync = sqlite3_column_int64(s, 18);
    r->cycle = sqlite3_column_int(s, 19);
    r->created = sqlite3_column_int64(s, 20);
    r->lag_since = sqlite3_column_int64(s, 21);
}

static int group_bind(sqlite3_stmt *s, const struct store_group_row *r)
{
    int i = 1;
    sqlite3_bind_int64(s, i++, r->array_id);
    store_bind_text(s, i++, r->name);
    sqlite3_bind_int64(s, i++, r->target_id);
    store_bind_text(s, i++, r->peer_name);
    sqlite3_bind_int(s, i++, r->role);
    sqlite3_bind_int(s, i++, r->status);
    sqlite3_bind_int(s, i++, r->mode);
    sqlite3_bind_int64(s, i++, r->period);
    sqlite3_bind_int64(s, i++, r->snap_freq);
    sqlite3_bind_int64(s, i++, r->policies);
    store_bind_text(s, i++, r->domain);
    store_bind_text(s, i++, r->l_usr_cpg);
    store_bind_text(s, i++, r->l_snp_cpg);
    store_bind_text(s, i++, r->r_usr_cpg);
    store_bind_text(s, i++, r->r_snp_cpg);
    sqlite3_bind_int(s, i++, r->stop_reason);
    sqlite3_bind_int64(s, i++, r->last_sync);
    sqlite3_bind_int64(s, i++, r->next_sync);
    sqlite3_bind_int(s, i++, r->cycle);
    sqlite3_bind_int64(s, i++, r->created);
    sqlite3_bind_int64(s, i++, r->lag_since);
    return i;
}

int store_group_insert(struct store *st, struct store_group_row *r)
{
    static const char sql[] = "INSERT INTO rc_groups(array_id, name, target_id, peer_name,"
        " role, status, mode, period, snap_freq, policies, domain, l_usr_cpg, l_snp_cpg,"
        " r_usr_cpg, r_snp_cpg, stop_reason, last_sync, next_sync, cycle, created, lag_since)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    group_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_group_update(struct store *st, const struct store_group_row *r)
{
    static const char sql[] = "UPDATE rc_groups SET array_id=?, name=?, target_id=?,"
        " peer_name=?, role=?, status=?, mode=?, period=?, snap_freq=?, policies=?, domain=?,"
        " l_usr_cpg=?, l_snp_cpg=?, r_usr_cpg=?, r_snp_cpg=?, stop_reason=?, last_sync=?,"
        " next_sync=?, cycle=?, created=?, lag_since=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, group_bind(s, r), r->id);
    return store_exec_stmt(st, s);
}

int store_group_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM rc_groups WHERE id = ?";
    return delete_by_id(st, sql, id);
}

int store_group_get(struct store *st, int64_t array_id, const char *name,
                    struct store_group_row *out)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups WHERE array_id = ?"
        " AND name = ? ORDER BY id LIMIT 1";
    return store_get_named(st, sql, array_id, name, group_read, out);
}

int store_group_get_leg(struct store *st, int64_t array_id, const char *name,
                        int64_t target_id, struct store_group_row *out)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups WHERE array_id = ?"
        " AND name = ? AND target_id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, name);
    sqlite3_bind_int64(s, 3, target_id);
    return store_get_one(st, s, group_read, out);
}

int store_group_legs(struct store *st, int64_t array_id, const char *name,
                     struct store_group_row **out, size_t *n)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups WHERE array_id = ?"
        " AND name = ? ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, name);
    return store_get_all(st, s, group_read, sizeof(**out), (void **)out, n);
}

int store_group_get_by_id(struct store *st, int64_t id, struct store_group_row *out)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_get_one(st, s, group_read, out);
}

int store_group_list(struct store *st, int64_t array_id, struct store_group_row **out,
                     size_t *n)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups WHERE array_id = ?"
        " ORDER BY name, id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, group_read, sizeof(**out), (void **)out, n);
}

int store_group_list_by_target(struct store *st, int64_t target_id,
                               struct store_group_row **out, size_t *n)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups WHERE target_id = ?"
        " ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, target_id);
    return store_get_all(st, s, group_read, sizeof(**out), (void **)out, n);
}

int store_group_list_all(struct store *st, struct store_group_row **out, size_t *n)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM rc_groups ORDER BY id";
    return store_get_all(st, store_stmt(st, sql), group_read, sizeof(**out), (void **)out, n);
}

/* ---- pairs ---- */

#define PAIR_COLS "id, group_id, vv, remote_vv, status, last_sync, base_snap, prot_snap," \
    " new_snap, seq, total, sent, full, ever_synced"

static void pair_read(sqlite3_stmt *s, void *row)
{
    struct store_pair_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->group_id = sqlite3_column_int64(s, 1);
    r->vv = sqlite3_column_int64(s, 2);
    store_col_text(s, 3, r->remote_vv, sizeof(r->remote_vv));
    r->status = sqlite3_column_int(s, 4);
    r->last_sync = sqlite3_column_int64(s, 5);
    r->base_snap = sqlite3_column_int64(s, 6);
    r->prot_snap = sqlite3_column_int64(s, 7);
    r->new_snap = sqlite3_column_int64(s, 8);
    r->seq = sqlite3_column_int64(s, 9);
    r->total = sqlite3_column_int64(s, 10);
    r->sent = sqlite3_column_int64(s, 11);
    r->full = sqlite3_column_int(s, 12);
    r->ever_synced = sqlite3_column_int(s, 13);
}

static int pair_bind(sqlite3_stmt *s, const struct store_pair_row *r)
{
    int i = 1;
    sqlite3_bind_int64(s, i++, r->group_id);
    sqlite3_bind_int64(s, i++, r->vv);
    store_bind_text(s, i++, r->remote_vv);
    sqlite3_bind_int(s, i++, r->status);
    sqlite3_bind_int64(s, i++, r->last_sync);
    sqlite3_bind_int64(s, i++, r->base_snap);
    sqlite3_bind_int64(s, i++, r->prot_snap);
    sqlite3_bind_int64(s, i++, r->new_snap);
    sqlite3_bind_int64(s, i++, r->seq);
    sqlite3_bind_int64(s, i++, r->total);
    sqlite3_bind_int64(s, i++, r->sent);
    sqlite3_bind_int(s, i++, r->full);
    sqlite3_bind_int(s, i++, r->ever_synced);
    return i;
}

int store_pair_insert(struct store *st, struct store_pair_row *r)
{
    static const char sql[] = "INSERT INTO rc_pairs(group_id, vv, remote_vv, status, last_sync,"
        " base_snap, prot_snap, new_snap, seq, total, sent, full, ever_synced)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    pair_bind(s, r);
    if (store_exec_stmt(st, s))
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_pair_update(struct store *st, const struct store_pair_row *r)
{
    static const char sql[] = "UPDATE rc_pairs SET group_id=?, vv=?, remote_vv=?, status=?,"
        " last_sync=?, base_snap=?, prot_snap=?, new_snap=?, seq=?, total=?, sent=?, full=?,"
        " ever_synced=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, pair_bind(s, r), r->id);
    return store_exec_stmt(st, s);
}

int store_pair_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM rc_pairs WHERE id = ?";
    return delete_by_id(st, sql, id);
}

int store_pair_list(struct store *st, int64_t group_id, struct store_pair_row **out, size_t *n)
{
    static const char sql[] = "SELECT " PAIR_COLS " FROM rc_pairs WHERE group_id = ? ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, group_id);
    return store_get_all(st, s, pair_read, sizeof(**out), (void **)out, n);
}

int store_pair_by_vv(struct store *st, int64_t vv, struct store_pair_row *out)
{
    static const char sql[] = "SELECT " PAIR_COLS " FROM rc_pairs WHERE vv = ? ORDER BY id"
        " LIMIT 1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    return store_get_one(st, s, pair_read, out);
}

int store_pair_list_by_vv(struct store *st, int64_t vv, struct store_pair_row **out, size_t *n)
{
    static const char sql[] = "SELECT " PAIR_COLS " FROM rc_pairs WHERE vv = ? ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    return store_get_all(st, s, pair_read, sizeof(**out), (void **)out, n);
}

int store_pair_get_in_group(struct store *st, int64_t group_id, int64_t vv,
                            struct store_pair_row *out)
{
    static const char sql[] = "SELECT " PAIR_COLS " FROM rc_pairs WHERE group_id = ?"
        " AND vv = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, group_id);
    sqlite3_bind_int64(s, 2, vv);
    return store_get_one(st, s, pair_read, out);
}

int store_pair_by_snap(struct store *st, int64_t snap, struct store_pair_row *out)
{
    static const char sql[] = "SELECT " PAIR_COLS " FROM rc_pairs WHERE base_snap = ?1"
        " OR prot_snap = ?1 OR new_snap = ?1";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, snap);
    return store_get_one(st, s, pair_read, out);
}

/* ---- block sets: the resync queue and the in-flight log ---- */

static sqlite3_stmt *blkset_stmt(struct store *st, int which, const char *q, const char *d)
{
    return store_stmt(st, which == STORE_BLKSET_DIRTY ? d : q);
}

int store_blkset_add(struct store *st, int which, int64_t pair_id, int64_t blk)
{
    static const char q[] = "INSERT OR IGNORE INTO rc_queue(pair_id, blk) VALUES(?,?)";
    static const char d[] = "INSERT OR IGNORE INTO rc_dirty(pair_id, blk) VALUES(?,?)";
    sqlite3_stmt *s = blkset_stmt(st, which, q, d);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, pair_id);
    sqlite3_bind_int64(s, 2, blk);
    return store_exec_stmt(st, s);
}

int store_blkset_remove(struct store *st, int which, int64_t pair_id, int64_t blk)
{
    static const char q[] = "DELETE FROM rc_queue WHERE pair_id = ? AND blk = ?";
    static const char d[] = "DELETE FROM rc_dirty WHERE pair_id = ? AND blk = ?";
    sqlite3_stmt *s = blkset_stmt(st, which, q, d);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, pair_id);
    sqlite3_bind_int64(s, 2, blk);
    return store_exec_stmt(st, s);
}

int store_blkset_clear(struct store *st, int which, int64_t pair_id)
{
    static const char q[] = "DELETE FROM rc_queue WHERE pair_id = ?";
    static const char d[] = "DELETE FROM rc_dirty WHERE pair_id = ?";
    sqlite3_stmt *s = blkset_stmt(st, which, q, d);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, pair_id);
    return store_exec_stmt(st, s);
}

int store_blkset_count(struct store *st, int which, int64_t pair_id, int64_t *out)
{
    static const char q[] = "SELECT count(*) FROM rc_queue WHERE pair_id = ?";
    static const char d[] = "SELECT count(*) FROM rc_dirty WHERE pair_id = ?";
    sqlite3_stmt *s = blkset_stmt(st, which, q, d);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, pair_id);
    return store_get_int(st, s, out);
}

static void blk_read(sqlite3_stmt *s, void *row)
{
    *(int64_t *)row = sqlite3_column_int64(s, 0);
}

int store_blkset_head(struct store *st, int which, int64_t pair_id, size_t max, int64_t **out,
                      size_t *n)
{
    static const char q[] = "SELECT blk FROM rc_queue WHERE pair_id = ? ORDER BY blk LIMIT ?";
    static const char d[] = "SELECT blk FROM rc_dirty WHERE pair_id = ? ORDER BY blk LIMIT ?";
    sqlite3_stmt *s = blkset_stmt(st, which, q, d);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, pair_id);
    sqlite3_bind_int64(s, 2, (int64_t)max);
    return store_get_all(st, s, blk_read, sizeof(**out), (void **)out, n);
}

int store_blkset_merge(struct store *st, int from, int to, int64_t pair_id)
{
    static const char qd[] = "INSERT OR IGNORE INTO rc_dirty(pair_id, blk)"
        " SELECT pair_id, blk FROM rc_queue WHERE pair_id = ?";
    static const char dq[] = "INSERT OR IGNORE INTO rc_queue(pair_id, blk)"
        " SELECT pair_id, blk FROM rc_dirty WHERE pair_id = ?";
    if (from == to)
        return 0;
    sqlite3_stmt *s = store_stmt(st, from == STORE_BLKSET_DIRTY ? dq : qd);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, pair_id);
    return store_exec_stmt(st, s);
}

int store_blkset_merge_from(struct store *st, int64_t from_pair, int64_t to_pair)
{
    static const char sql[] = "INSERT OR IGNORE INTO rc_queue(pair_id, blk)"
        " SELECT ?, blk FROM rc_dirty WHERE pair_id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, to_pair);
    sqlite3_bind_int64(s, 2, from_pair);
    return store_exec_stmt(st, s);
}

/* ---- tasks ---- */

#define TASK_COLS "id, array_id, type, name, status, started, finished, priority, user, detail," \
    " group_id, action"

static void task_read(sqlite3_stmt *s, void *row)
{
    struct store_task_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    r->type = sqlite3_column_int(s, 2);
    store_col_text(s, 3, r->name, sizeof(r->name));
    r->status = sqlite3_column_int(s, 4);
    r->started = sqlite3_column_int64(s, 5);
    r->finished = sqlite3_column_int64(s, 6);
    r->priority = sqlite3_column_int(s, 7);
    store_col_text(s, 8, r->user, sizeof(r->user));
    store_col_text(s, 9, r->detail, sizeof(r->detail));
    r->group_id = sqlite3_column_int64(s, 10);
    r->action = sqlite3_column_int(s, 11);
}

static int task_bind(sqlite3_stmt *s, const struct store_task_row *r)
{
    int i = 1;
    sqlite3_bind_int64(s, i++, r->array_id);
    sqlite3_bind_int(s, i++, r->type);
    store_bind_text(s, i++, r->name);
    sqlite3_bind_int(s, i++, r->status);
    sqlite3_bind_int64(s, i++, r->started);
    sqlite3_bind_int64(s, i++, r->finished);
    sqlite3_bind_int(s, i++, r->priority);
    store_bind_text(s, i++, r->user);
    store_bind_text(s, i++, r->detail);
    sqlite3_bind_int64(s, i++, r->group_id);
    sqlite3_bind_int(s, i++, r->action);
    return i;
}

int store_task_insert(struct store *st, struct store_task_row *r)
{
    static const char sql[] = "INSERT INTO tasks(array_id, type, name, status, started,"
        " finished, priority, user, detail, group_id, action) VALUES(?,?,?,?,?,?,?,?,?,?,?)";
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
    static const char sql[] = "UPDATE tasks SET array_id=?, type=?, name=?, status=?,"
        " started=?, finished=?, priority=?, user=?, detail=?, group_id=?, action=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, task_bind(s, r), r->id);
    return store_exec_stmt(st, s);
}

int store_task_get(struct store *st, int64_t id, struct store_task_row *out)
{
    static const char sql[] = "SELECT " TASK_COLS " FROM tasks WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_get_one(st, s, task_read, out);
}

int store_task_list(struct store *st, int64_t array_id, struct store_task_row **out, size_t *n)
{
    static const char sql[] = "SELECT " TASK_COLS " FROM tasks WHERE array_id = ? ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, task_read, sizeof(**out), (void **)out, n);
}

int store_task_list_active(struct store *st, struct store_task_row **out, size_t *n)
{
    static const char sql[] = "SELECT " TASK_COLS " FROM tasks WHERE status = 2 ORDER BY id";
    return store_get_all(st, store_stmt(st, sql), task_read, sizeof(**out), (void **)out, n);
}

/* ---- injected volume faults ---- */

int store_vv_fault_get(struct store *st, int64_t vv, int64_t *write_errors,
                       int64_t *read_errors)
{
    static const char sql[] = "SELECT write_errors, read_errors FROM vv_faults WHERE vv = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *write_errors = sqlite3_column_int64(s, 0);
        *read_errors = sqlite3_column_int64(s, 1);
        sqlite3_reset(s);
        return 1;
    }
    if (rc != SQLITE_DONE)
        return store_fail(st, s, "vv fault get");
    sqlite3_reset(s);
    *write_errors = *read_errors = 0;
    return 0;
}

int store_vv_fault_set(struct store *st, int64_t vv, int64_t write_errors, int64_t read_errors)
{
    static const char del[] = "DELETE FROM vv_faults WHERE vv = ?";
    static const char ins[] = "INSERT INTO vv_faults(vv, write_errors, read_errors)"
        " VALUES(?1, ?2, ?3) ON CONFLICT(vv) DO UPDATE SET write_errors = ?2, read_errors = ?3";
    if (!write_errors && !read_errors)
        return delete_by_id(st, del, vv);
    sqlite3_stmt *s = store_stmt(st, ins);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, vv);
    sqlite3_bind_int64(s, 2, write_errors);
    sqlite3_bind_int64(s, 3, read_errors);
    return store_exec_stmt(st, s);
}

int store_witness_down(struct store *st, const char *address, int64_t array_id)
{
    static const char sql[] = "SELECT count(*) FROM witness_faults WHERE address = ?"
        " AND array_id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    int64_t n;
    if (!s)
        return -1;
    store_bind_text(s, 1, address);
    sqlite3_bind_int64(s, 2, array_id);
    if (store_get_int(st, s, &n))
        return -1;
    return n > 0;
}

int store_witness_fault_set(struct store *st, const char *address, int64_t array_id, bool down)
{
    static const char del[] = "DELETE FROM witness_faults WHERE address = ? AND array_id = ?";
    static const char ins[] = "INSERT OR IGNORE INTO witness_faults(address, array_id)"
        " VALUES(?, ?)";
    sqlite3_stmt *s = store_stmt(st, down ? ins : del);
    if (!s)
        return -1;
    store_bind_text(s, 1, address);
    sqlite3_bind_int64(s, 2, array_id);
    return store_exec_stmt(st, s);
}
