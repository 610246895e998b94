/* store/file.h - whole-database copies and checks: checkpoint files, the
 * check a file passes before it may replace the live database, and the
 * space the database takes.
 *
 * Every copy uses the SQLite backup API, so a copy into an open database
 * is one write transaction on it: it lands whole or not at all. */
#ifndef RCSIM_STORE_FILE_H
#define RCSIM_STORE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* Copies the whole database to path (a new file, made 0600; an existing
 * one is overwritten). Returns 0 or -1 (logged). */
int store_backup_to(struct store *st, const char *path);

/* Replaces the whole content of to with that of from, in one transaction
 * on to: on failure to is as it was. Returns 0 or -1 (logged). */
int store_copy(struct store *to, struct store *from);

/* Copies the database file from (opened read-only) to the new file to
 * (made 0600). Returns 0 or -1 (logged). */
int store_file_copy(const char *from, const char *to);

/* Makes the database one self-contained file: rollback journal instead of
 * WAL, so that the file alone (once closed) holds every commit. For
 * checkpoint files, which are copied and renamed. Returns 0 or -1. */
int store_make_standalone(struct store *st);

/* Whether the file at path is an rcsim database this binary can load:
 * not empty, an SQLite database, rcsim's application id (or none, as
 * rcsim wrote before it set one), a schema version of 1 .. this binary's.
 * With deep, also PRAGMA quick_check, which reads
 * the whole file. Returns 0, or -1 with the reason in why. Never changes
 * the file. */
int store_file_check(const char *path, bool deep, char *why, size_t len);

/* What the database takes on disk. live_bytes is what its pages hold;
 * allocated_bytes what the database spans once checkpointed (live + free
 * pages, which later writes reuse); file_bytes and wal_bytes the files as
 * they are now (0 for an in-memory database). */
struct store_space {
    uint64_t page_size;
    uint64_t live_bytes;
    uint64_t free_bytes;
    uint64_t allocated_bytes;
    uint64_t file_bytes;
    uint64_t wal_bytes;
};
int store_space_get(struct store *st, struct store_space *out);

#endif
