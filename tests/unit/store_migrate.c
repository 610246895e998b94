/* tests/unit/store_migrate.c - schema versions: upgrades of every older
 * version, refusal of newer and foreign databases, and reset coverage. */
#include <criterion/criterion.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/block.h"
#include "store/internal.h"
#include "store/rcopy.h"
#include "store/store.h"

static char path[64];

static void setup(void)
{
    snprintf(path, sizeof(path), "/tmp/rcsim-migrate-%d.db", (int)getpid());
    unlink(path);
}

static void teardown(void)
{
    unlink(path);
    char wal[80];
    snprintf(wal, sizeof(wal), "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof(wal), "%s-shm", path);
    unlink(wal);
}

TestSuite(store_migrate, .init = setup, .fini = teardown);

static int pragma_version(const char *p)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    int v = -1;
    cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void exec(const char *p, const char *sql)
{
    sqlite3 *db;
    char *msg = NULL;
    cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql, msg);
    sqlite3_close(db);
}

Test(store_migrate, every_older_version_upgrades_and_keeps_data)
{
    char msg[256];
    for (int v = 1; v < store_schema_version(); v++) {
        teardown();
        cr_assert_eq(store_create_at_version(path, v, msg, sizeof(msg)), 0, "%s", msg);
        cr_assert_eq(pragma_version(path), v);
        exec(path, "INSERT INTO meta(key, ival) VALUES('kept', 42)");
        struct store *st;
        cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), 0, "v%d: %s", v, msg);
        int64_t val = 0;
        cr_assert_eq(store_meta_get_int(st, "kept", &val), 1);
        cr_assert_eq(val, 42);
        store_close(st);
        cr_assert_eq(pragma_version(path), store_schema_version());
    }
}

/* Schema 12 rebuilt rc_groups for multi-target groups: a group written by
 * version 11 keeps its id, its pairs and its volume set, and a second leg
 * of the same name (another target) can then be added. */
Test(store_migrate, group_rows_survive_the_rebuild_for_legs)
{
    char msg[256];
    cr_assert_eq(store_create_at_version(path, 11, msg, sizeof(msg)), 0, "%s", msg);
    exec(path,
         "INSERT INTO arrays(id, name, sysid, model, serial, os_version, wwn, wsapi_addr,"
         "  wsapi_http, wsapi_https, ssh_addr, ssh_port, total_mib, nodes)"
         "  VALUES(1, 'a', 101, 'm', 's', 'o', 'w', '', 0, 0, '', 0, 1, 2);"
         "INSERT INTO rc_targets(id, array_id, name, local_no, peer_array_id, fc, mirror,"
         "  enabled, status, down_since, xfer_at, hb_ms, tgt_ms, witness, witness_state)"
         "  VALUES(7, 1, 'b', 1, 2, 0, 1, 1, 1, 0, 0, 0, 0, '', ''),"
         "        (8, 1, 'c', 2, 3, 0, 1, 1, 1, 0, 0, 0, 0, '', '');"
         "INSERT INTO vvs(id, array_id, vvid, name, wwn, uuid, size_mib, prov, copy_type,"
         "  compression, readonly, user_cpg, snap_cpg, domain, base_gen, snap_gen,"
         "  used_blocks, kept_blocks, created, expires, retain, comment, rc_snap)"
         "  VALUES(3, 1, 1, 'v', '', '', 1024, 1, 1, 0, 0, '', '', '', 0, 0, 0, 0, 0, 0,"
         "  0, '', 0);"
         "INSERT INTO rc_groups(id, array_id, name, target_id, peer_name, role, status, mode,"
         "  period, snap_freq, policies, domain, l_usr_cpg, l_snp_cpg, r_usr_cpg,"
         "  r_snp_cpg, stop_reason, last_sync, next_sync, cycle, created, lag_since)"
         "  VALUES(5, 1, 'g', 7, 'g.r101', 1, 3, 1, 0, 0, 0, '', '', '', '', '', 0, 0, 0,"
         "  0, 0, 42);"
         "INSERT INTO rc_pairs(id, group_id, vv, remote_vv, status, last_sync, base_snap,"
         "  prot_snap, new_snap, seq, total, sent, full, ever_synced)"
         "  VALUES(9, 5, 3, 'v', 3, 0, 0, 0, 0, 0, 0, 0, 0, 1);"
         "INSERT INTO sets(id, array_id, kind, setid, name, domain, comment, uuid,"
         "  flash_cache, created, rc_group) VALUES(4, 1, 2, 1, 'RCP_g', '', '', '', 0, 0, 5);");
    struct store *st;
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), 0, "%s", msg);
    struct store_group_row g;
    cr_assert_eq(store_group_get(st, 1, "g", &g), 1);
    cr_assert_eq(g.id, 5);
    cr_assert_eq(g.lag_since, 42);
    struct store_pair_row p;
    cr_assert_eq(store_pair_by_vv(st, 3, &p), 1);
    cr_assert_eq(p.group_id, 5);
    struct store_group_row leg = g;
    leg.target_id = 8;
    cr_assert_eq(store_group_insert(st, &leg), 0, "a second leg of g");
    cr_assert_eq(store_group_insert(st, &leg), -1, "one leg per target");
    struct store_group_row *legs;
    size_t n;
    cr_assert_eq(store_group_legs(st, 1, "g", &legs, &n), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(legs[0].target_id, 7);
    cr_assert_eq(legs[1].target_id, 8);
    free(legs);
    cr_assert_eq(store_group_get_leg(st, 1, "g", 8, &g), 1);
    cr_assert_eq(g.id, leg.id);
    /* foreign keys are on again: removing the first leg takes its pair */
    cr_assert_eq(store_group_delete(st, 5), 0);
    cr_assert_eq(store_pair_by_vv(st, 3, &p), 0);
    store_close(st);
}

Test(store_migrate, newer_database_is_refused_and_left_alone)
{
    char msg[256];
    struct store *st;
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), 0, "%s", msg);
    store_close(st);
    exec(path, "PRAGMA user_version = 999");
    FILE *f = fopen(path, "rb");
    char before[8192], after[8192];
    size_t nb = fread(before, 1, sizeof(before), f);
    fclose(f);
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), -1);
    cr_assert(strstr(msg, "999") && strstr(msg, "newer"), "%s", msg);
    f = fopen(path, "rb");
    size_t na = fread(after, 1, sizeof(after), f);
    fclose(f);
    cr_assert_eq(na, nb);
    cr_assert_arr_eq(before, after, nb);
}

Test(store_migrate, foreign_files_are_refused)
{
    char msg[256];
    struct store *st;
    FILE *f = fopen(path, "wb");
    fputs("this is not a database, just some text that is long enough to look like one\n", f);
    fclose(f);
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), -1);
    teardown();
    exec(path, "CREATE TABLE other(x)");
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), -1);
    cr_assert(strstr(msg, "not an rcsim database"), "%s", msg);
}

Test(store_migrate, reset_clears_every_table_but_secrets)
{
    char msg[256];
    struct store *st;
    cr_assert_eq(store_open(":memory:", &st, msg, sizeof(msg)), 0, "%s", msg);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema WHERE"
                                    " type = 'table' AND name NOT LIKE 'sqlite_%'"
                                    " AND name <> 'secrets'", -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    size_t tables = (size_t)sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    cr_assert_eq(tables, store_clear_table_count(), "%zu tables, %zu cleared", tables,
                 store_clear_table_count());
    cr_assert_eq(store_begin(st), 0);
    cr_assert_eq(store_clear_all(st), 0);
    cr_assert_eq(store_commit(st), 0);
    store_close(st);
}

static int64_t count(struct store *st, const char *sql)
{
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* Versions before 7 never freed a blob: the upgrade frees those no block
 * row holds, and from then on the last row to go takes its blob along. */
Test(store_migrate, blobs_no_block_holds_are_freed)
{
    char msg[256];
    struct store *st;
    cr_assert_eq(store_create_at_version(path, 6, msg, sizeof(msg)), 0, "%s", msg);
    exec(path, "INSERT INTO blobs(fp, kind, seed, blk) VALUES(11, 1, 1, 0), (12, 1, 2, 0),"
               " (13, 1, 3, 0);"
               "INSERT INTO blocks(vv, blk, gen, fp) VALUES(1, 0, 1, 11), (2, 0, 1, 11),"
               " (1, 1, 1, 12)");
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), 0, "%s", msg);
    cr_assert_eq(count(st, "SELECT count(*) FROM blobs"), 2, "the orphan 13 stays");
    cr_assert_eq(store_block_delete(st, 1, 0, 1), 0);
    cr_assert_eq(count(st, "SELECT count(*) FROM blobs WHERE fp = 11"), 1, "vv 2 holds 11");
    struct store_block_row row = { .blk = 1, .gen = 2, .fp = 11 };
    cr_assert_eq(store_block_replace(st, 1, 1, &row), 0);
    cr_assert_eq(count(st, "SELECT count(*) FROM blobs WHERE fp = 12"), 0, "12 replaced");
    cr_assert_eq(store_block_delete_vv(st, 1), 0);
    cr_assert_eq(store_block_delete_vv(st, 2), 0);
    cr_assert_eq(count(st, "SELECT count(*) FROM blobs"), 0);
    store_close(st);
}

Test(store_migrate, databases_get_the_application_id_and_others_are_refused)
{
    char msg[256];
    struct store *st;
    cr_assert_eq(store_create_at_version(path, 1, msg, sizeof(msg)), 0, "%s", msg);
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), 0, "%s", msg);
    cr_assert_eq(count(st, "PRAGMA application_id"), STORE_APP_ID);
    store_close(st);
    exec(path, "PRAGMA application_id = 42");
    cr_assert_eq(store_open(path, &st, msg, sizeof(msg)), -1);
    cr_assert(strstr(msg, "not an rcsim database"), "%s", msg);
}
