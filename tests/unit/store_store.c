/* tests/unit/store_store.c - the database files are the owner's only: the
 * database holds users' passwords and the arrays' private keys (store.c). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/file.h"
#include "store/store.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/rcsim-store-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    umask(022);             /* what a shell usually gives */
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(store_store, .init = setup, .fini = teardown);

static unsigned mode_of(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s is missing", path);
    return (unsigned)(st.st_mode & 07777);
}

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

Test(store_store, new_database_and_its_wal_and_shm_are_0600)
{
    char db[128], side[160], errbuf[256];
    struct store *st;
    path_of(db, sizeof(db), "rcsim.db");
    cr_assert_eq(store_open(db, &st, errbuf, sizeof(errbuf)), 0, "%s", errbuf);
    cr_assert_eq(store_meta_set_int(st, "probe", 1), 0);  /* a write makes the -wal */
    cr_assert_eq(mode_of(db), 0600);
    snprintf(side, sizeof(side), "%s-wal", db);
    cr_assert_eq(mode_of(side), 0600);
    snprintf(side, sizeof(side), "%s-shm", db);
    cr_assert_eq(mode_of(side), 0600);
    store_close(st);
}

Test(store_store, an_open_database_of_ours_is_made_private)
{
    char db[128], wal[160], errbuf[256];
    struct store *st;
    path_of(db, sizeof(db), "old.db");
    cr_assert_eq(store_open(db, &st, errbuf, sizeof(errbuf)), 0, "%s", errbuf);
    store_close(st);
    cr_assert_eq(chmod(db, 0644), 0);
    snprintf(wal, sizeof(wal), "%s-wal", db);
    int fd = open(wal, O_CREAT | O_WRONLY, 0666);     /* a stale -wal, as left by 0.x */
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(chmod(wal, 0664), 0);
    cr_assert_eq(store_open(db, &st, errbuf, sizeof(errbuf)), 0, "%s", errbuf);
    cr_assert_eq(mode_of(db), 0600);
    cr_assert_eq(mode_of(wal), 0600);
    store_close(st);
}

Test(store_store, checkpoint_copies_are_0600)
{
    char db[128], copy[128], errbuf[256];
    struct store *st;
    path_of(db, sizeof(db), "a.db");
    path_of(copy, sizeof(copy), "copy.db");
    cr_assert_eq(store_open(db, &st, errbuf, sizeof(errbuf)), 0, "%s", errbuf);
    cr_assert_eq(store_backup_to(st, copy), 0);
    cr_assert_eq(mode_of(copy), 0600);
    store_close(st);
}

Test(store_store, memory_databases_touch_no_file)
{
    char errbuf[256];
    struct store *st;
    cr_assert_eq(chdir(dir), 0);
    cr_assert_eq(store_open(":memory:", &st, errbuf, sizeof(errbuf)), 0, "%s", errbuf);
    store_close(st);
    cr_assert_neq(access(":memory:", F_OK), 0);
}
