/* store/migrate.c - the schema, as append-only migrations.
 * Entry N takes the schema from version N-1 to N. store_open() applies the
 * missing steps and sets PRAGMA user_version in one transaction, and refuses
 * a database newer than this binary, naming both versions. Never edit an
 * entry once released: add one. Spec: HACKING.md §4.8. */
#include "store/internal.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const migrations[] = {
    [0] = NULL,
    [1] =
    "CREATE TABLE meta("
    "  key TEXT PRIMARY KEY, ival INTEGER, tval TEXT) STRICT;"
    "CREATE TABLE arrays("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, sysid INTEGER NOT NULL UNIQUE,"
    "  model TEXT NOT NULL, serial TEXT NOT NULL, os_version TEXT NOT NULL,"
    "  wwn TEXT NOT NULL, powered INTEGER NOT NULL DEFAULT 1,"
    "  rc_started INTEGER NOT NULL DEFAULT 0, flags INTEGER NOT NULL DEFAULT 0,"
    "  wsapi_addr TEXT NOT NULL, wsapi_http INTEGER NOT NULL, wsapi_https INTEGER NOT NULL,"
    "  ssh_addr TEXT NOT NULL, ssh_port INTEGER NOT NULL,"
    "  total_mib INTEGER NOT NULL, nodes INTEGER NOT NULL,"
    "  next_vvid INTEGER NOT NULL DEFAULT 1) STRICT;"
    "CREATE TABLE users("
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, password TEXT NOT NULL, role INTEGER NOT NULL,"
    "  PRIMARY KEY(array_id, name)) STRICT;"
    "CREATE TABLE ports("
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  node INTEGER NOT NULL, slot INTEGER NOT NULL, port INTEGER NOT NULL,"
    "  protocol TEXT NOT NULL, mode TEXT NOT NULL, state TEXT NOT NULL,"
    "  wwn TEXT NOT NULL, node_wwn TEXT NOT NULL, ip TEXT NOT NULL, iqn TEXT NOT NULL,"
    "  label TEXT NOT NULL,"
    "  PRIMARY KEY(array_id, node, slot, port)) STRICT;"
    "CREATE TABLE domains("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, comment TEXT NOT NULL, created INTEGER NOT NULL,"
    "  UNIQUE(array_id, name)) STRICT;"
    "CREATE TABLE cpgs("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, domain TEXT NOT NULL, raid INTEGER NOT NULL,"
    "  set_size INTEGER NOT NULL, ha INTEGER NOT NULL, disk_type INTEGER NOT NULL,"
    "  growth_inc INTEGER NOT NULL, growth_limit INTEGER NOT NULL,"
    "  growth_warn INTEGER NOT NULL, created INTEGER NOT NULL,"
    "  UNIQUE(array_id, name)) STRICT;"
    /* vvs.id is global; vvid is the array's own VV id. A snapshot has a
     * parent and the block generation it was taken at (base_gen); snap_gen
     * is the newest base_gen of any child, so a block row newer than it is
     * seen by no snapshot and may be overwritten in place. */
    "CREATE TABLE vvs("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  vvid INTEGER NOT NULL, name TEXT NOT NULL, wwn TEXT NOT NULL, uuid TEXT NOT NULL,"
    "  size_mib INTEGER NOT NULL, prov INTEGER NOT NULL, copy_type INTEGER NOT NULL,"
    "  compression INTEGER NOT NULL, readonly INTEGER NOT NULL,"
    "  user_cpg TEXT NOT NULL, snap_cpg TEXT NOT NULL, domain TEXT NOT NULL,"
    "  parent INTEGER REFERENCES vvs(id), base_gen INTEGER NOT NULL,"
    "  snap_gen INTEGER NOT NULL, used_blocks INTEGER NOT NULL,"
    "  kept_blocks INTEGER NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,"
    "  retain INTEGER NOT NULL, comment TEXT NOT NULL, rc_snap INTEGER NOT NULL,"
    "  UNIQUE(array_id, name), UNIQUE(array_id, vvid)) STRICT;"
    "CREATE INDEX vvs_parent ON vvs(parent);"
    "CREATE INDEX vvs_expires ON vvs(expires) WHERE expires > 0;"
    /* One row per (volume, block, generation); fp 0 is an explicit zero
     * block. Rows older than the head are kept only while a snapshot may
     * read them. */
    "CREATE TABLE blocks("
    "  vv INTEGER NOT NULL, blk INTEGER NOT NULL, gen INTEGER NOT NULL,"
    "  fp INTEGER NOT NULL,"
    "  PRIMARY KEY(vv, blk, gen)) STRICT, WITHOUT ROWID;"
    "CREATE INDEX blocks_gen ON blocks(vv, gen);"
    /* Distinct block contents: stored bytes, or a seeded pattern that is
     * regenerated on read (kind 1). */
    "CREATE TABLE blobs("
    "  fp INTEGER PRIMARY KEY, kind INTEGER NOT NULL, seed INTEGER NOT NULL,"
    "  blk INTEGER NOT NULL, data BLOB) STRICT;"
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY, time INTEGER NOT NULL, array TEXT NOT NULL,"
    "  kind TEXT NOT NULL, severity TEXT NOT NULL, object TEXT NOT NULL,"
    "  detail TEXT NOT NULL) STRICT;"
    "CREATE INDEX events_array ON events(array, id);"
    /* kept across reset: an array's SSH host key must not change */
    "CREATE TABLE secrets("
    "  array TEXT NOT NULL, kind TEXT NOT NULL, pem TEXT NOT NULL,"
    "  PRIMARY KEY(array, kind)) STRICT;"
    /* Remote Copy: a target is one array's definition of its peer; its
     * links carry the fault state the control API sets. */
    "CREATE TABLE rc_targets("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, local_no INTEGER NOT NULL, peer_array_id INTEGER NOT NULL,"
    "  fc INTEGER NOT NULL, mirror INTEGER NOT NULL, enabled INTEGER NOT NULL,"
    "  status INTEGER NOT NULL, down_since INTEGER NOT NULL, xfer_at INTEGER NOT NULL,"
    "  hb_ms INTEGER NOT NULL, tgt_ms INTEGER NOT NULL,"
    "  witness TEXT NOT NULL, witness_state TEXT NOT NULL,"
    "  UNIQUE(array_id, name)) STRICT;"
    "CREATE TABLE rc_links("
    "  id INTEGER PRIMARY KEY,"
    "  target_id INTEGER NOT NULL REFERENCES rc_targets(id) ON DELETE CASCADE,"
    "  local_nsp TEXT NOT NULL, address TEXT NOT NULL, up INTEGER NOT NULL,"
    "  down_at INTEGER NOT NULL, latency_ms INTEGER NOT NULL, bandwidth INTEGER NOT NULL,"
    "  loss INTEGER NOT NULL,"
    "  UNIQUE(target_id, local_nsp, address)) STRICT;"
    /* A group as one array sees it; its peer is the group peer_name on the
     * target's array. */
    "CREATE TABLE rc_groups("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, target_id INTEGER NOT NULL REFERENCES rc_targets(id),"
    "  peer_name TEXT NOT NULL, role INTEGER NOT NULL, status INTEGER NOT NULL,"
    "  mode INTEGER NOT NULL, period INTEGER NOT NULL, snap_freq INTEGER NOT NULL,"
    "  policies INTEGER NOT NULL, domain TEXT NOT NULL,"
    "  l_usr_cpg TEXT NOT NULL, l_snp_cpg TEXT NOT NULL,"
    "  r_usr_cpg TEXT NOT NULL, r_snp_cpg TEXT NOT NULL,"
    "  stop_reason INTEGER NOT NULL, last_sync INTEGER NOT NULL,"
    "  next_sync INTEGER NOT NULL, cycle INTEGER NOT NULL, created INTEGER NOT NULL,"
    "  UNIQUE(array_id, name)) STRICT;"
    /* A volume pair on one side: base_snap is this side's last common
     * point (resync or failover snapshot), prot_snap the protection
     * snapshot a secondary takes before a resync, new_snap a periodic
     * cycle's new consistency point. */
    "CREATE TABLE rc_pairs("
    "  id INTEGER PRIMARY KEY,"
    "  group_id INTEGER NOT NULL REFERENCES rc_groups(id) ON DELETE CASCADE,"
    "  vv INTEGER NOT NULL REFERENCES vvs(id), remote_vv TEXT NOT NULL,"
    "  status INTEGER NOT NULL, last_sync INTEGER NOT NULL, base_snap INTEGER NOT NULL,"
    "  prot_snap INTEGER NOT NULL, new_snap INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  total INTEGER NOT NULL, sent INTEGER NOT NULL, full INTEGER NOT NULL,"
    "  ever_synced INTEGER NOT NULL,"
    "  UNIQUE(group_id, vv)) STRICT;"
    "CREATE INDEX rc_pairs_vv ON rc_pairs(vv);"
    /* blocks still to send in a resync, and blocks written while the peer
     * could not be reached (the array's NVRAM log) */
    "CREATE TABLE rc_queue("
    "  pair_id INTEGER NOT NULL REFERENCES rc_pairs(id) ON DELETE CASCADE,"
    "  blk INTEGER NOT NULL, PRIMARY KEY(pair_id, blk)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE rc_dirty("
    "  pair_id INTEGER NOT NULL REFERENCES rc_pairs(id) ON DELETE CASCADE,"
    "  blk INTEGER NOT NULL, PRIMARY KEY(pair_id, blk)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE tasks("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  type INTEGER NOT NULL, name TEXT NOT NULL, status INTEGER NOT NULL,"
    "  started INTEGER NOT NULL, finished INTEGER NOT NULL, priority INTEGER NOT NULL,"
    "  user TEXT NOT NULL, detail TEXT NOT NULL, group_id INTEGER NOT NULL,"
    "  action INTEGER NOT NULL) STRICT;"
    "CREATE TABLE vv_faults("
    "  vv INTEGER PRIMARY KEY REFERENCES vvs(id) ON DELETE CASCADE,"
    "  write_errors INTEGER NOT NULL, read_errors INTEGER NOT NULL) STRICT;",
    /* 2: WSAPI objects: hosts and their paths, host and volume sets,
     * VLUNs, QoS rules, volume metadata. Set members and VLUNs point
     * at rows, so renames need no update; triggers drop set members and
     * metadata with their volume. */
    [2] =
    /* space accounting and WSAPI listings look volumes up by CPG */
    "CREATE INDEX vvs_user_cpg ON vvs(array_id, user_cpg);"
    "CREATE INDEX vvs_snap_cpg ON vvs(array_id, snap_cpg);"
    "CREATE TABLE hosts("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  hostid INTEGER NOT NULL, name TEXT NOT NULL, domain TEXT NOT NULL,"
    "  persona INTEGER NOT NULL, location TEXT NOT NULL, ip_addr TEXT NOT NULL,"
    "  os TEXT NOT NULL, model TEXT NOT NULL, contact TEXT NOT NULL, comment TEXT NOT NULL,"
    "  chap_name TEXT NOT NULL, created INTEGER NOT NULL,"
    "  UNIQUE(array_id, name), UNIQUE(array_id, hostid)) STRICT;"
    "CREATE TABLE host_paths("
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  host INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
    "  kind INTEGER NOT NULL, path TEXT NOT NULL, seq INTEGER NOT NULL,"
    "  PRIMARY KEY(array_id, kind, path)) STRICT;"
    "CREATE INDEX host_paths_host ON host_paths(host);"
    "CREATE TABLE sets("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  kind INTEGER NOT NULL, setid INTEGER NOT NULL, name TEXT NOT NULL,"
    "  domain TEXT NOT NULL, comment TEXT NOT NULL, uuid TEXT NOT NULL,"
    "  flash_cache INTEGER NOT NULL, created INTEGER NOT NULL,"
    "  UNIQUE(array_id, kind, name)) STRICT;"
    "CREATE TABLE set_members("
    "  set_id INTEGER NOT NULL REFERENCES sets(id) ON DELETE CASCADE,"
    "  kind INTEGER NOT NULL, member INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  PRIMARY KEY(set_id, member)) STRICT;"
    "CREATE INDEX set_members_member ON set_members(kind, member);"
    "CREATE TRIGGER vvs_leave_sets AFTER DELETE ON vvs BEGIN"
    "  DELETE FROM set_members WHERE kind = 2 AND member = OLD.id; END;"
    "CREATE TRIGGER hosts_leave_sets AFTER DELETE ON hosts BEGIN"
    "  DELETE FROM set_members WHERE kind = 1 AND member = OLD.id; END;"
    "CREATE TABLE vluns("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  vv INTEGER NOT NULL REFERENCES vvs(id), lun INTEGER NOT NULL,"
    "  host TEXT NOT NULL, node INTEGER NOT NULL, slot INTEGER NOT NULL, port INTEGER NOT NULL,"
    "  type INTEGER NOT NULL, created INTEGER NOT NULL,"
    "  UNIQUE(array_id, vv, lun, host, node, slot, port)) STRICT;"
    "CREATE INDEX vluns_vv ON vluns(vv);"
    "CREATE TABLE qos_rules("
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  type INTEGER NOT NULL, name TEXT NOT NULL, enabled INTEGER NOT NULL,"
    "  priority INTEGER NOT NULL, bw_min INTEGER NOT NULL, bw_max INTEGER NOT NULL,"
    "  io_min INTEGER NOT NULL, io_max INTEGER NOT NULL, bw_min_op INTEGER NOT NULL,"
    "  bw_max_op INTEGER NOT NULL, io_min_op INTEGER NOT NULL, io_max_op INTEGER NOT NULL,"
    "  latency INTEGER NOT NULL, default_latency INTEGER NOT NULL, created INTEGER NOT NULL,"
    "  PRIMARY KEY(array_id, type, name)) STRICT;"
    "CREATE TABLE vv_meta("
    "  vv INTEGER NOT NULL REFERENCES vvs(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL, value TEXT NOT NULL, created INTEGER NOT NULL,"
    "  PRIMARY KEY(vv, key)) STRICT;",
    /* 3: the RCP_<group> volume set a remote-copy group keeps (behaviour
     * flag rcp_vvset) goes with its group */
    [3] =
    "ALTER TABLE sets ADD COLUMN"
    "  rc_group INTEGER REFERENCES rc_groups(id) ON DELETE CASCADE;"
    "CREATE INDEX sets_rc_group ON sets(rc_group);",
    /* 4: scheduled CLI commands (createsched); pending counts the runs
     * that came due and have not run yet, so none is lost to a crash */
    [4] =
    "CREATE TABLE schedules("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, command TEXT NOT NULL, spec TEXT NOT NULL, owner TEXT NOT NULL,"
    "  suspended INTEGER NOT NULL, run_once INTEGER NOT NULL, alert INTEGER NOT NULL,"
    "  next_run INTEGER NOT NULL, pending INTEGER NOT NULL, due_at INTEGER NOT NULL,"
    "  last_run INTEGER NOT NULL, last_status INTEGER NOT NULL, last_output TEXT NOT NULL,"
    "  created INTEGER NOT NULL, UNIQUE(array_id, name)) STRICT;"
    "CREATE INDEX schedules_next ON schedules(next_run);",
    /* 5: the volume policies and space allocation alerts WSAPI sets; the
     * default policies are staleSS and caching (bits 0 and 4) */
    [5] =
    "ALTER TABLE vvs ADD COLUMN policies INTEGER NOT NULL DEFAULT 17;"
    "ALTER TABLE vvs ADD COLUMN host_dif INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE vvs ADD COLUMN ss_warn INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE vvs ADD COLUMN ss_limit INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE vvs ADD COLUMN usr_warn INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE vvs ADD COLUMN usr_limit INTEGER NOT NULL DEFAULT 0;",
    /* 6: a CPG's chunklet position preference (1 first, 2 last) */
    [6] =
    "ALTER TABLE cpgs ADD COLUMN chunklet_pos INTEGER NOT NULL DEFAULT 1;",
    /* 7: physical copies run as tasks at the array's copy rate (MiB/s of
     * written data): one row per destination, the blocks still to copy in
     * pcopy_queue; checkrclink servers listening on replication ports */
    [7] =
    "ALTER TABLE arrays ADD COLUMN copy_rate INTEGER NOT NULL DEFAULT 300;"
    "CREATE TABLE vv_pcopies("
    "  dest INTEGER PRIMARY KEY REFERENCES vvs(id) ON DELETE CASCADE,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  src INTEGER NOT NULL, snap INTEGER NOT NULL, task_id INTEGER NOT NULL,"
    "  online INTEGER NOT NULL, save INTEGER NOT NULL, state INTEGER NOT NULL,"
    "  total INTEGER NOT NULL, done INTEGER NOT NULL, at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX vv_pcopies_task ON vv_pcopies(task_id);"
    "CREATE TABLE pcopy_queue("
    "  dest INTEGER NOT NULL REFERENCES vv_pcopies(dest) ON DELETE CASCADE,"
    "  blk INTEGER NOT NULL, PRIMARY KEY(dest, blk)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE rc_link_servers("
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  nsp TEXT NOT NULL, address TEXT NOT NULL, port INTEGER NOT NULL,"
    "  started INTEGER NOT NULL, PRIMARY KEY(array_id, nsp)) STRICT;",
    /* 8: faults timed on the simulated clock (sim/timeline.c): one row per
     * change still to come; -1 in a value column means "unchanged"; ids
     * are never reused, so that cancelling by id cannot hit a later one */
    [8] =
    "CREATE TABLE timed_faults("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  plan TEXT NOT NULL,"
    "  due INTEGER NOT NULL,"
    "  kind INTEGER NOT NULL,"
    "  a TEXT NOT NULL,"
    "  b TEXT NOT NULL,"
    "  port TEXT NOT NULL,"
    "  one_way INTEGER NOT NULL,"
    "  up INTEGER NOT NULL,"
    "  latency INTEGER NOT NULL,"
    "  bandwidth INTEGER NOT NULL,"
    "  loss INTEGER NOT NULL,"
    "  power INTEGER NOT NULL,"
    "  note TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX timed_faults_due ON timed_faults(due, id);",
    /* 9: a blob goes with the last block row that holds its fingerprint.
     * Block rows are the only holders (remote-copy queues and logs hold
     * block numbers, read from a volume or snapshot when sent), so the
     * triggers free a blob in the statement, and the transaction, that
     * drops its last row: the cost follows the rows changed, never the
     * volume. blocks_fp finds the other holders; the last statement frees
     * what older versions left behind. */
    [9] =
    "CREATE INDEX blocks_fp ON blocks(fp);"
    "CREATE TRIGGER blocks_free_deleted AFTER DELETE ON blocks WHEN OLD.fp != 0 BEGIN"
    "  DELETE FROM blobs WHERE fp = OLD.fp"
    "    AND NOT EXISTS (SELECT 1 FROM blocks WHERE fp = OLD.fp); END;"
    "CREATE TRIGGER blocks_free_replaced AFTER UPDATE OF fp ON blocks"
    "  WHEN OLD.fp != 0 AND OLD.fp != NEW.fp BEGIN"
    "  DELETE FROM blobs WHERE fp = OLD.fp"
    "    AND NOT EXISTS (SELECT 1 FROM blocks WHERE fp = OLD.fp); END;"
    "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM blocks WHERE blocks.fp = blobs.fp);",
    /* 10: who cannot reach a quorum witness (control API faults): one row
     * per cut, array_id 0 for the witness itself being down */
    [10] =
    "CREATE TABLE witness_faults("
    "  address TEXT NOT NULL, array_id INTEGER NOT NULL,"
    "  PRIMARY KEY(address, array_id)) STRICT, WITHOUT ROWID;",
    /* 11: async streaming's lag: when the group's queue last stopped
     * being empty */
    [11] =
    "ALTER TABLE rc_groups ADD COLUMN lag_since INTEGER NOT NULL DEFAULT 0;",
    /* 12: a multi-target group (SLD) holds one row per target, a leg, on
     * each array: the table is rebuilt with UNIQUE(array_id, name,
     * target_id). Ids are kept, so pairs, sets and tasks still point at
     * their rows (migrate_to() runs this with foreign keys off, so the
     * drop cascades nowhere). */
    [12] =
    "CREATE TABLE rc_groups_new("
    "  id INTEGER PRIMARY KEY,"
    "  array_id INTEGER NOT NULL REFERENCES arrays(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, target_id INTEGER NOT NULL REFERENCES rc_targets(id),"
    "  peer_name TEXT NOT NULL, role INTEGER NOT NULL, status INTEGER NOT NULL,"
    "  mode INTEGER NOT NULL, period INTEGER NOT NULL, snap_freq INTEGER NOT NULL,"
    "  policies INTEGER NOT NULL, domain TEXT NOT NULL,"
    "  l_usr_cpg TEXT NOT NULL, l_snp_cpg TEXT NOT NULL,"
    "  r_usr_cpg TEXT NOT NULL, r_snp_cpg TEXT NOT NULL,"
    "  stop_reason INTEGER NOT NULL, last_sync INTEGER NOT NULL,"
    "  next_sync INTEGER NOT NULL, cycle INTEGER NOT NULL, created INTEGER NOT NULL,"
    "  lag_since INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE(array_id, name, target_id)) STRICT;"
    "INSERT INTO rc_groups_new(id, array_id, name, target_id, peer_name, role, status, mode,"
    "  period, snap_freq, policies, domain, l_usr_cpg, l_snp_cpg, r_usr_cpg, r_snp_cpg,"
    "  stop_reason, last_sync, next_sync, cycle, created, lag_since)"
    "  SELECT id, array_id, name, target_id, peer_name, role, status, mode,"
    "  period, snap_freq, policies, domain, l_usr_cpg, l_snp_cpg, r_usr_cpg, r_snp_cpg,"
    "  stop_reason, last_sync, next_sync, cycle, created, lag_since FROM rc_groups;"
    "DROP TABLE rc_groups;"
    "ALTER TABLE rc_groups_new RENAME TO rc_groups;"
    "CREATE INDEX rc_groups_target ON rc_groups(target_id);",
    /* 13: the host data path's listener (NBD); an older database gets the
     * default, on its WSAPI address */
    [13] =
    "ALTER TABLE arrays ADD COLUMN nbd_addr TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE arrays ADD COLUMN nbd_port INTEGER NOT NULL DEFAULT 10809;"
    "UPDATE arrays SET nbd_addr = wsapi_addr;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* Every table but secrets, children before parents, for store_clear_all().
 * A unit test checks that no table is missing. */
static const char *const clear_sql[] = {
    "DELETE FROM witness_faults", "DELETE FROM timed_faults", "DELETE FROM rc_link_servers", "DELETE FROM pcopy_queue",
    "DELETE FROM vv_pcopies", "DELETE FROM schedules", "DELETE FROM vv_meta",
    "DELETE FROM qos_rules", "DELETE FROM vluns",
    "DELETE FROM set_members", "DELETE FROM sets", "DELETE FROM host_paths",
    "DELETE FROM hosts",
    "DELETE FROM events", "DELETE FROM tasks", "DELETE FROM vv_faults",
    "DELETE FROM rc_queue", "DELETE FROM rc_dirty", "DELETE FROM rc_pairs",
    "DELETE FROM rc_groups", "DELETE FROM rc_links", "DELETE FROM rc_targets",
    "DELETE FROM blocks", "DELETE FROM blobs",
    "DELETE FROM vvs", "DELETE FROM cpgs", "DELETE FROM domains",
    "DELETE FROM ports", "DELETE FROM users", "DELETE FROM arrays",
    "DELETE FROM meta",
};

int store_schema_version(void)
{
    return N_MIGRATIONS - 1;
}

int store_clear_all(struct store *st)
{
    for (size_t i = 0; i < sizeof(clear_sql) / sizeof(clear_sql[0]); i++)
        if (store_exec_stmt(st, store_stmt(st, clear_sql[i])))
            return -1;
    return 0;
}

size_t store_clear_table_count(void)
{
    return sizeof(clear_sql) / sizeof(clear_sql[0]);
}

/* One integer a PRAGMA answers. */
static int pragma_get(struct store *st, const char *sql, int *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int read_version(struct store *st, int *out)
{
    return pragma_get(st, "PRAGMA user_version", out);
}

/* A row that points nowhere after the steps fails the migration: 0 none,
 * 1 some, -1 error. */
static int fk_violations(struct store *st)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? 1 : -1;
}

/* Foreign keys on or off (errbuf NULL: no message, as when turning them
 * off, or after a failure already reported). */
static int fk_set(struct store *st, int fk, char *errbuf, size_t errlen)
{
    const char *sql = fk ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF";
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    if (errbuf)
        snprintf(errbuf, errlen, "cannot restore foreign keys: %s", sqlite3_errmsg(st->db));
    return -1;
}

/* A database with tables but version 0 was not written by rcsim. */
static int count_tables(struct store *st, int *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int migrate_to(struct store *st, int want, char *errbuf, size_t errlen);

int store_migrate(struct store *st, char *errbuf, size_t errlen)
{
    return migrate_to(st, store_schema_version(), errbuf, errlen);
}

int store_create_at_version(const char *path, int version, char *errbuf, size_t errlen)
{
    struct store st = { 0 };
    if (version < 1 || version > store_schema_version()) {
        snprintf(errbuf, errlen, "no schema version %d", version);
        return -1;
    }
    if (sqlite3_open(path, &st.db) != SQLITE_OK) {
        snprintf(errbuf, errlen, "cannot open '%s'", path);
        sqlite3_close(st.db);
        return -1;
    }
    int rc = migrate_to(&st, version, errbuf, errlen);
    sqlite3_close(st.db);
    return rc;
}

static int migrate_to(struct store *st, int want, char *errbuf, size_t errlen)
{
    int have, tables, fk = 0;
    char *msg = NULL;
    const char *why = NULL;

    if (read_version(st, &have) || count_tables(st, &tables)) {
        snprintf(errbuf, errlen, "not an rcsim database: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    if (have > want) {
        snprintf(errbuf, errlen,
                 "database schema version %d is newer than this rcsim (version %d); "
                 "refusing to open it", have, want);
        return -1;
    }
    if (have == 0 && tables > 0) {
        snprintf(errbuf, errlen, "not an rcsim database (it has tables but no rcsim schema version)");
        return -1;
    }
    if (have == want)
        return 0;
    /* a table rebuild (12) must not cascade: foreign keys are off while
     * the steps run (they cannot change inside a transaction), checked
     * before the commit, and back as they were after */
    if (pragma_get(st, "PRAGMA foreign_keys", &fk) || fk_set(st, 0, NULL, 0))
        goto fail;
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    for (int v = have + 1; v <= want; v++) {
        if (sqlite3_exec(st->db, migrations[v], NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        rclog(RCLOG_INFO, "database migrated to schema version %d", v);
    }
    char pragma[64];
    snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", want);
    int bad = fk_violations(st);
    if (bad)
        why = bad > 0 ? "a row points at a missing row" : NULL;
    if (bad || sqlite3_exec(st->db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    return fk_set(st, fk, errbuf, errlen);
fail:
    snprintf(errbuf, errlen, "schema migration from version %d failed: %s", have,
             why ? why : msg ? msg : sqlite3_errmsg(st->db));
    sqlite3_free(msg);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    fk_set(st, fk, NULL, 0);
    return -1;
}
