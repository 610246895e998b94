/* store/store.h - the SQLite database: open, migrate, transactions, meta.
 *
 * Owns the connection, the schema (store/migrate.c) and every SQL statement;
 * no other directory sees SQL. Statements are prepared once (persistent)
 * and reset after each use. store/ never opens a transaction of its own
 * except for migrations: sim/ brackets each command with store_begin() and
 * store_commit() or store_rollback(). Not thread-safe: sim/ serialises
 * every call under its engine lock. Typed accessors per table live in
 * store/<table>.h. */
#ifndef RCSIM_STORE_STORE_H
#define RCSIM_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* The schema version this binary writes (PRAGMA user_version). */
int store_schema_version(void);

/* Opens path (":memory:" for a private in-memory database), applies the
 * missing migrations in one transaction, and refuses a database newer than
 * this binary or one that is not an rcsim database (tables but no schema
 * version, or another application id). Sets rcsim's application id on a
 * database that has none. On failure returns -1 with a message in
 * errbuf. */
int store_open(const char *path, struct store **out, char *errbuf, size_t errlen);
void store_close(struct store *st);

/* Creates the database file path with mode 0600 if it is missing, and
 * takes group and other access off it and its -wal, -shm and -journal
 * files when they are ours (logged). ":memory:" and URIs are left alone.
 * Returns 0, or -1 (errno set) when path cannot be opened. store_open()
 * and the copies of store/file.h call it. */
int store_file_private(const char *path);

/* For upgrade tests: creates the database at path with the schema of an
 * older version (1 .. store_schema_version()), as that rcsim wrote it. */
int store_create_at_version(const char *path, int version, char *errbuf, size_t errlen);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1. */
int store_begin(struct store *st);
int store_commit(struct store *st);
/* Fault injection for tests (after SQLite's faultsim): the nth_write-th
 * statement run from now (1: the next) fails as if the disk had, or the
 * nth_commit-th COMMIT does (and rolls back); 0 disarms. Counts down once:
 * arm again for another fault. */
void store_faultsim(struct store *st, int nth_write, int nth_commit);
int store_rollback(struct store *st);
/* A read snapshot for a view that runs many statements: one WAL read
 * transaction instead of one per statement, and a consistent picture.
 * Returns 1 when it began one, 0 when a transaction is open already, -1 on
 * failure (the view then runs without one). */
int store_read_begin(struct store *st);
void store_read_end(struct store *st);
bool store_in_txn(struct store *st);

/* The last SQLite error message (for the log only). */
const char *store_errmsg(struct store *st);

/* Empties every table but secrets (for reset), inside the caller's
 * transaction. */
int store_clear_all(struct store *st);

/* meta: small named values (clock, counters, the fixture text). */
int store_meta_get_int(struct store *st, const char *key, int64_t *out);   /* 1/0/-1 */
int store_meta_set_int(struct store *st, const char *key, int64_t v);
/* *out is a new string (free()) on 1. */
int store_meta_get_text(struct store *st, const char *key, char **out);    /* 1/0/-1 */
int store_meta_set_text(struct store *st, const char *key, const char *v);

/* secrets: PEM text per (array name, kind), kept across reset. */
int store_secret_get(struct store *st, const char *array, const char *kind, char **out); /* 1/0/-1 */
int store_secret_put(struct store *st, const char *array, const char *kind, const char *pem);

#endif
