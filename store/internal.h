/* store/internal.h - shared inside store/ only. */
#ifndef RCSIM_STORE_INTERNAL_H
#define RCSIM_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_STMT_CACHE 512

/* PRAGMA application_id of the databases rcsim writes ("rcsm"): a file
 * with another id is not ours, whatever its tables. */
#define STORE_APP_ID 0x7263736d

struct store {
    sqlite3 *db;
    char *path;                 /* as opened (":memory:" for none) */
    int txn_depth;
    /* fault injection (store_faultsim): statements or commits to go before
     * one fails, 0 for none */
    int fault_writes, fault_commits;
    /* prepared statements, keyed by the address of their SQL literal */
    struct { const char *sql; sqlite3_stmt *stmt; } cache[STORE_STMT_CACHE];
};

/* Returns the prepared statement for the literal sql (prepared on first use,
 * persistent), reset and with its bindings cleared; NULL on error (logged). */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/* Steps a statement that returns no rows; resets it. Returns 0 or -1. */
int store_exec_stmt(struct store *st, sqlite3_stmt *stmt);
/* Logs a failed step and resets; returns -1. */
int store_fail(struct store *st, sqlite3_stmt *stmt, const char *what);

/* Copies a text column into buf[size] ("" for NULL). */
void store_col_text(sqlite3_stmt *stmt, int col, char *buf, size_t size);
/* Binds a string, or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);

/* Reads one row with read(stmt, out): 1 found, 0 none, -1 error. */
typedef void (*store_read_fn)(sqlite3_stmt *stmt, void *row);
int store_get_one(struct store *st, sqlite3_stmt *stmt, store_read_fn read, void *out);
/* Reads every row into a new array of elem-sized rows (*out, free()). */
int store_get_all(struct store *st, sqlite3_stmt *stmt, store_read_fn read, size_t elem,
                  void **out, size_t *n);

/* Looks an object up by array and name: sql takes the array id, then the
 * name; reads one row as store_get_one does. */
int store_get_named(struct store *st, const char *sql, int64_t array_id, const char *name,
                    store_read_fn read, void *out);
/* Reads the first column of a one-row query into *out (0 when no row). */
int store_get_int(struct store *st, sqlite3_stmt *stmt, int64_t *out);

/* migrations (store/migrate.c) */
size_t store_clear_table_count(void);
int store_migrate(struct store *st, char *errbuf, size_t errlen);

#endif
