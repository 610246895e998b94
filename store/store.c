/* store/store.c - connection, statement cache, transactions, meta.
 * SQLite runs in WAL mode with synchronous=FULL: a command acknowledged to
 * a client survives kill -9 and power loss of the host (docs/behaviour.md).
 * The database holds users' passwords and the arrays' private keys, so
 * every file it (or a checkpoint) lives in is the owner's only: 0600,
 * which SQLite passes on to the -wal, -shm and -journal files it makes. */
#include "store/internal.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t slot_of(const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 7) % STORE_STMT_CACHE;
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
    size_t i = slot_of(sql);
    for (size_t n = 0; n < STORE_STMT_CACHE; n++, i = (i + 1) % STORE_STMT_CACHE) {
        if (st->cache[i].sql == sql) {
            sqlite3_stmt *stmt = st->cache[i].stmt;
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            return stmt;
        }
        if (!st->cache[i].sql) {
            sqlite3_stmt *stmt;
            int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
            if (rc != SQLITE_OK) {
                rclog(RCLOG_ERROR, "prepare failed: %s: %s", sqlite3_errmsg(st->db), sql);
                return NULL;
            }
            st->cache[i].sql = sql;
            st->cache[i].stmt = stmt;
            return stmt;
        }
    }
    rclog(RCLOG_ERROR, "statement cache full");
    return NULL;
}

int store_fail(struct store *st, sqlite3_stmt *stmt, const char *what)
{
    rclog(RCLOG_ERROR, "%s: %s", what, sqlite3_errmsg(st->db));
    if (stmt)
        sqlite3_reset(stmt);
    return -1;
}

void store_faultsim(struct store *st, int nth_write, int nth_commit)
{
    st->fault_writes = nth_write > 0 ? nth_write : 0;
    st->fault_commits = nth_commit > 0 ? nth_commit : 0;
}

/* Whether the fault armed by store_faultsim fires now. */
static bool fault_fires(int *countdown)
{
    return *countdown > 0 && --*countdown == 0;
}

int store_exec_stmt(struct store *st, sqlite3_stmt *stmt)
{
    if (!stmt)
        return -1;
    if (fault_fires(&st->fault_writes)) {
        rclog(RCLOG_ERROR, "%s: injected I/O error", sqlite3_sql(stmt));
        sqlite3_reset(stmt);
        return -1;
    }
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_fail(st, stmt, sqlite3_sql(stmt));
    sqlite3_reset(stmt);
    return 0;
}

void store_col_text(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    rc_strlcpy(buf, t ? (const char *)t : "", size);
}

int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
    if (!s)
        return sqlite3_bind_null(stmt, idx);
    return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

int store_get_one(struct store *st, sqlite3_stmt *stmt, store_read_fn read, void *out)
{
    if (!stmt)
        return -1;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        read(stmt, out);
        sqlite3_reset(stmt);
        return 1;
    }
    if (rc != SQLITE_DONE)
        return store_fail(st, stmt, sqlite3_sql(stmt));
    sqlite3_reset(stmt);
    return 0;
}

int store_get_all(struct store *st, sqlite3_stmt *stmt, store_read_fn read, size_t elem,
                  void **out, size_t *n)
{
    char *v = NULL;
    size_t len = 0, alloc = 0;
    int rc;
    if (!stmt)
        return -1;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (len == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            v = xrealloc(v, alloc * elem);
        }
        memset(v + len * elem, 0, elem);
        read(stmt, v + len * elem);
        len++;
    }
    if (rc != SQLITE_DONE) {
        free(v);
        return store_fail(st, stmt, sqlite3_sql(stmt));
    }
    sqlite3_reset(stmt);
    *out = v;
    *n = len;
    return 0;
}

static void int_read(sqlite3_stmt *s, void *row)
{
    *(int64_t *)row = sqlite3_column_int64(s, 0);
}

int store_get_named(struct store *st, const char *sql, int64_t array_id, const char *name,
                    store_read_fn read, void *out)
{
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    store_bind_text(s, 2, name);
    return store_get_one(st, s, read, out);
}

int store_get_int(struct store *st, sqlite3_stmt *stmt, int64_t *out)
{
    *out = 0;
    return store_get_one(st, stmt, int_read, out) < 0 ? -1 : 0;
}

static int exec_sql(struct store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rclog(RCLOG_ERROR, "%s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int pragma_int(struct store *st, const char *sql, int64_t *out)
{
    sqlite3_stmt *s;
    *out = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Takes group and other bits off an existing file of ours. */
static void tighten(const char *path, int fd)
{
    struct stat st;
    int rc = fd >= 0 ? fstat(fd, &st) : stat(path, &st);
    if (rc || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || !(st.st_mode & 077))
        return;
    rc = fd >= 0 ? fchmod(fd, st.st_mode & 0700) : chmod(path, st.st_mode & 0700);
    if (rc)
        rclog(RCLOG_WARN, "cannot make '%s' private: %s", path, strerror(errno));
    else
        rclog(RCLOG_WARN, "'%s' was open to other users (mode %04o); now %04o", path,
              (unsigned)(st.st_mode & 07777), (unsigned)(st.st_mode & 0700));
}

int store_file_private(const char *path)
{
    static const char *const side[] = { "-wal", "-shm", "-journal" };
    if (!path || !*path || !strcmp(path, ":memory:") || !strncmp(path, "file:", 5))
        return 0;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;          /* SQLite reports why, in its own words */
    tighten(path, fd);
    close(fd);
    for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
        char *p = xasprintf("%s%s", path, side[i]);
        tighten(p, -1);
        free(p);
    }
    return 0;
}

int store_open(const char *path, struct store **out, char *errbuf, size_t errlen)
{
    struct store *st = xcalloc(1, sizeof(*st));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

    st->path = xstrdup(path);
    store_file_private(path);
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        snprintf(errbuf, errlen, "cannot open database '%s': %s", path,
                 st->db ? sqlite3_errmsg(st->db) : "out of memory");
        store_close(st);
        return -1;
    }
    sqlite3_busy_timeout(st->db, 5000);
    sqlite3_extended_result_codes(st->db, 1);
    /* a file that is not a database fails here, on the first read */
    if (exec_sql(st, "PRAGMA foreign_keys=ON")) {
        snprintf(errbuf, errlen, "cannot use database '%s': %s", path, sqlite3_errmsg(st->db));
        store_close(st);
        return -1;
    }
    /* Migrate (or refuse a newer database) before switching to WAL, which
     * writes the file header: a refused database stays byte for byte. */
    int64_t app_id;
    if (pragma_int(st, "PRAGMA application_id", &app_id)) {
        snprintf(errbuf, errlen, "not an rcsim database: %s", sqlite3_errmsg(st->db));
        store_close(st);
        return -1;
    }
    if (app_id != 0 && app_id != STORE_APP_ID) {
        snprintf(errbuf, errlen, "not an rcsim database (application id %#llx)",
                 (unsigned long long)app_id);
        store_close(st);
        return -1;
    }
    if (store_migrate(st, errbuf, errlen)) {
        store_close(st);
        return -1;
    }
    /* databases written before rcsim set an id get one now */
    _Static_assert(STORE_APP_ID == 1919120237, "the PRAGMA below spells STORE_APP_ID");
    if (app_id == 0 && exec_sql(st, "PRAGMA application_id = 1919120237")) {
        snprintf(errbuf, errlen, "cannot use database '%s': %s", path, sqlite3_errmsg(st->db));
        store_close(st);
        return -1;
    }
    if ((strcmp(path, ":memory:") != 0 && exec_sql(st, "PRAGMA journal_mode=WAL")) ||
        exec_sql(st, "PRAGMA synchronous=FULL")) {
        snprintf(errbuf, errlen, "cannot use database '%s': %s", path, sqlite3_errmsg(st->db));
        store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < STORE_STMT_CACHE; i++)
        if (st->cache[i].stmt)
            sqlite3_finalize(st->cache[i].stmt);
    if (st->db)
        sqlite3_close(st->db);
    free(st->path);
    free(st);
}

int store_begin(struct store *st)
{
    static const char sql[] = "BEGIN IMMEDIATE";
    if (store_exec_stmt(st, store_stmt(st, sql)))
        return -1;
    st->txn_depth = 1;
    return 0;
}

int store_commit(struct store *st)
{
    static const char sql[] = "COMMIT";
    if (fault_fires(&st->fault_commits)) {
        rclog(RCLOG_ERROR, "COMMIT: injected I/O error");
        store_rollback(st);
        return -1;
    }
    if (store_exec_stmt(st, store_stmt(st, sql))) {
        store_rollback(st);
        return -1;
    }
    st->txn_depth = 0;
    return 0;
}

int store_read_begin(struct store *st)
{
    static const char sql[] = "BEGIN";
    if (!sqlite3_get_autocommit(st->db))
        return 0;
    return store_exec_stmt(st, store_stmt(st, sql)) ? -1 : 1;
}

void store_read_end(struct store *st)
{
    static const char sql[] = "COMMIT";
    if (!sqlite3_get_autocommit(st->db) && store_exec_stmt(st, store_stmt(st, sql)))
        store_rollback(st);
}

int store_rollback(struct store *st)
{
    static const char sql[] = "ROLLBACK";
    st->txn_depth = 0;
    if (sqlite3_get_autocommit(st->db))
        return 0;
    return store_exec_stmt(st, store_stmt(st, sql));
}

bool store_in_txn(struct store *st)
{
    return !sqlite3_get_autocommit(st->db);
}

const char *store_errmsg(struct store *st)
{
    return sqlite3_errmsg(st->db);
}

int store_meta_get_int(struct store *st, const char *key, int64_t *out)
{
    static const char sql[] = "SELECT ival FROM meta WHERE key = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        return 1;
    }
    if (rc != SQLITE_DONE)
        return store_fail(st, s, "meta get");
    sqlite3_reset(s);
    return 0;
}

int store_meta_set_int(struct store *st, const char *key, int64_t v)
{
    static const char sql[] =
        "INSERT INTO meta(key, ival) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET ival = excluded.ival";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, v);
    return store_exec_stmt(st, s);
}

int store_meta_get_text(struct store *st, const char *key, char **out)
{
    static const char sql[] = "SELECT tval FROM meta WHERE key = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        *out = xstrdup(t ? (const char *)t : "");
        sqlite3_reset(s);
        return 1;
    }
    if (rc != SQLITE_DONE)
        return store_fail(st, s, "meta get");
    sqlite3_reset(s);
    return 0;
}

int store_meta_set_text(struct store *st, const char *key, const char *v)
{
    static const char sql[] =
        "INSERT INTO meta(key, tval) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET tval = excluded.tval";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    store_bind_text(s, 2, v);
    return store_exec_stmt(st, s);
}

int store_secret_get(struct store *st, const char *array, const char *kind, char **out)
{
    static const char sql[] = "SELECT pem FROM secrets WHERE array = ? AND kind = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, array);
    store_bind_text(s, 2, kind);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        *out = xstrdup(t ? (const char *)t : "");
        sqlite3_reset(s);
        return 1;
    }
    if (rc != SQLITE_DONE)
        return store_fail(st, s, "secret get");
    sqlite3_reset(s);
    return 0;
}

int store_secret_put(struct store *st, const char *array, const char *kind, const char *pem)
{
    static const char sql[] = "INSERT INTO secrets(array, kind, pem) VALUES(?,?,?)"
        " ON CONFLICT(array, kind) DO UPDATE SET pem = excluded.pem";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, array);
    store_bind_text(s, 2, kind);
    store_bind_text(s, 3, pem);
    return store_exec_stmt(st, s);
}
