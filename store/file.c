/* store/file.c - see file.h. Checkpoints are whole-database copies made
 * with the SQLite backup API; nothing here decides when one is taken or
 * loaded (sim/checkpoint.c). */
#include "store/file.h"
#include "store/internal.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int copy_db(sqlite3 *to, sqlite3 *from)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return -1;
    int rc = sqlite3_backup_step(b, -1);
    /* finish rolls the destination back when the step failed */
    sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Opens path for writing, as a private file. */
static int open_target(const char *path, sqlite3 **db)
{
    if (store_file_private(path))
        rclog(RCLOG_WARN, "database copy '%s': %s", path, strerror(errno));
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
        rclog(RCLOG_ERROR, "database copy '%s': %s", path, sqlite3_errmsg(*db));
        sqlite3_close(*db);
        return -1;
    }
    return 0;
}

int store_backup_to(struct store *st, const char *path)
{
    sqlite3 *dst;
    if (open_target(path, &dst))
        return -1;
    int rc = copy_db(dst, st->db);
    if (rc)
        rclog(RCLOG_ERROR, "database copy '%s': %s", path, sqlite3_errmsg(dst));
    sqlite3_close(dst);
    return rc;
}

int store_copy(struct store *to, struct store *from)
{
    int rc = copy_db(to->db, from->db);
    if (rc)
        rclog(RCLOG_ERROR, "database copy from '%s': %s", from->path,
              sqlite3_errmsg(to->db));
    return rc;
}

int store_file_copy(const char *from, const char *to)
{
    sqlite3 *src, *dst;
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL)) {
        rclog(RCLOG_ERROR, "database copy from '%s': %s", from, sqlite3_errmsg(src));
        sqlite3_close(src);
        return -1;
    }
    if (open_target(to, &dst)) {
        sqlite3_close(src);
        return -1;
    }
    int rc = copy_db(dst, src);
    if (rc)
        rclog(RCLOG_ERROR, "database copy from '%s' to '%s': %s", from, to,
              sqlite3_errmsg(dst));
    sqlite3_close(dst);
    sqlite3_close(src);
    return rc;
}

int store_make_standalone(struct store *st)
{
    static const char sql[] = "PRAGMA journal_mode=DELETE";
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rclog(RCLOG_ERROR, "'%s': journal mode: %s", st->path, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* The first column of a one-row statement as an integer, or as text into
 * buf when buf is not NULL. */
static int one_value(sqlite3 *db, const char *sql, int64_t *out, char *buf, size_t len)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (out)
            *out = sqlite3_column_int64(s, 0);
        if (buf) {
            const unsigned char *t = sqlite3_column_text(s, 0);
            rc_strlcpy(buf, t ? (const char *)t : "", len);
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* The checks on an open database; fills why and returns -1 on the first
 * that fails. */
static int check_db(sqlite3 *db, bool deep, char *why, size_t len)
{
    int64_t app, version, pages, arrays;
    char ok[256];
    /* page_count reads the header against the file: a short file fails */
    if (one_value(db, "PRAGMA application_id", &app, NULL, 0) ||
        one_value(db, "PRAGMA user_version", &version, NULL, 0) ||
        one_value(db, "PRAGMA page_count", &pages, NULL, 0)) {
        snprintf(why, len, "not a database (%s)", sqlite3_errmsg(db));
        return -1;
    }
    if (app != 0 && app != STORE_APP_ID) {
        snprintf(why, len, "not an rcsim database (application id %#llx)",
                 (unsigned long long)app);
        return -1;
    }
    if (version < 1 || version > store_schema_version()) {
        snprintf(why, len, version < 1 ? "not an rcsim database (no schema version)"
                                       : "schema version %lld is newer than this rcsim (%d)",
                 (long long)version, store_schema_version());
        return -1;
    }
    if (one_value(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                  " AND name = 'arrays'", &arrays, NULL, 0) || arrays != 1) {
        snprintf(why, len, "not an rcsim database (no arrays table)");
        return -1;
    }
    if (deep && (one_value(db, "PRAGMA quick_check", NULL, ok, sizeof(ok)) ||
                 strcmp(ok, "ok") != 0)) {
        snprintf(why, len, "damaged (%s)", *ok ? ok : sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

int store_file_check(const char *path, bool deep, char *why, size_t len)
{
    struct stat sb;
    sqlite3 *db;
    if (stat(path, &sb)) {
        snprintf(why, len, "cannot read it (%s)", strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(why, len, "not a regular file");
        return -1;
    }
    if (sb.st_size == 0) {
        snprintf(why, len, "empty file");
        return -1;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(why, len, "cannot open it (%s)", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    int rc = check_db(db, deep, why, len);
    sqlite3_close(db);
    return rc;
}

static uint64_t file_size(const char *path, const char *suffix)
{
    struct stat sb;
    char *p = xasprintf("%s%s", path, suffix);
    int rc = stat(p, &sb);
    free(p);
    return rc == 0 ? (uint64_t)sb.st_size : 0;
}

int store_space_get(struct store *st, struct store_space *out)
{
    static const char pages_sql[] = "PRAGMA page_count";
    static const char free_sql[] = "PRAGMA freelist_count";
    static const char size_sql[] = "PRAGMA page_size";
    int64_t pages, free_pages, page_size;
    memset(out, 0, sizeof(*out));
    if (store_get_int(st, store_stmt(st, pages_sql), &pages) ||
        store_get_int(st, store_stmt(st, free_sql), &free_pages) ||
        store_get_int(st, store_stmt(st, size_sql), &page_size))
        return -1;
    out->page_size = (uint64_t)page_size;
    out->allocated_bytes = (uint64_t)pages * out->page_size;
    out->free_bytes = (uint64_t)free_pages * out->page_size;
    out->live_bytes = out->allocated_bytes - out->free_bytes;
    if (strcmp(st->path, ":memory:") != 0) {
        out->file_bytes = file_size(st->path, "");
        out->wal_bytes = file_size(st->path, "-wal");
    }
    return 0;
}
