/* tests/unit/store_file.c - the check a file passes before it may replace
 * the live database, and copies that land whole or not at all. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/file.h"
#include "store/store.h"

static char dir[64];
static char why[256];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/rcsim-file-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(store_file, .init = setup, .fini = teardown);

static char *at(const char *name)
{
    static char buf[4][128];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
    return buf[i];
}

/* A checkpoint as rcsim writes one: a database with data, copied. */
static void make_good(const char *name)
{
    char msg[256];
    struct store *st;
    cr_assert_eq(store_open(at("live.db"), &st, msg, sizeof(msg)), 0, "%s", msg);
    for (int i = 0; i < 200; i++)
        cr_assert_eq(store_meta_set_text(st, "filler", "x"), 0);
    cr_assert_eq(store_meta_set_int(st, "kept", 7), 0);
    cr_assert_eq(store_backup_to(st, at(name)), 0);
    store_close(st);
}

static void sql(const char *path, const char *text)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK, "%s", text);
    sqlite3_close(db);
}

static void refused(const char *path, bool deep, const char *reason)
{
    cr_assert_eq(store_file_check(path, deep, why, sizeof(why)), -1, "%s passed", path);
    cr_assert(strstr(why, reason), "%s: '%s' does not say '%s'", path, why, reason);
}

Test(store_file, a_checkpoint_passes)
{
    make_good("good.db");
    cr_assert_eq(store_file_check(at("good.db"), true, why, sizeof(why)), 0, "%s", why);
    cr_assert_eq(store_file_check(at("good.db"), false, why, sizeof(why)), 0, "%s", why);
}

Test(store_file, empty_missing_and_foreign_files_are_refused)
{
    close(open(at("empty.db"), O_CREAT | O_WRONLY, 0600));
    refused(at("empty.db"), false, "empty");
    refused(at("none.db"), false, "cannot read");
    FILE *f = fopen(at("text.db"), "w");
    fputs("this is not a database, just some text that is long enough to look like one\n", f);
    fclose(f);
    refused(at("text.db"), false, "not a database");
    sql(at("other.db"), "CREATE TABLE t(x); PRAGMA user_version = 3");
    refused(at("other.db"), false, "no arrays table");
    sql(at("plain.db"), "CREATE TABLE arrays(x)");
    refused(at("plain.db"), false, "no schema version");
    make_good("app.db");
    sql(at("app.db"), "PRAGMA application_id = 42");
    refused(at("app.db"), false, "application id");
    make_good("new.db");
    sql(at("new.db"), "PRAGMA user_version = 999");
    refused(at("new.db"), false, "newer");
}

Test(store_file, a_truncated_copy_is_refused)
{
    make_good("good.db");
    struct stat sb;
    cr_assert_eq(stat(at("good.db"), &sb), 0);
    cr_assert_eq(truncate(at("good.db"), sb.st_size / 2 / 4096 * 4096), 0);
    refused(at("good.db"), false, "not a database");
}

Test(store_file, a_damaged_page_fails_the_deep_check)
{
    make_good("good.db");
    /* page 2 onwards: scribble over the b-tree page headers */
    int fd = open(at("good.db"), O_WRONLY);
    cr_assert_geq(fd, 0);
    static const char junk[64] = "garbage garbage garbage garbage garbage garbage garbage!";
    for (off_t page = 1; page < 6; page++)
        cr_assert_eq(pwrite(fd, junk, sizeof(junk), page * 4096), (ssize_t)sizeof(junk));
    close(fd);
    cr_assert_eq(store_file_check(at("good.db"), false, why, sizeof(why)), 0, "%s", why);
    refused(at("good.db"), true, "damaged");
}

Test(store_file, a_failed_copy_leaves_the_target_as_it_was)
{
    char msg[256];
    struct store *live, *src;
    make_good("good.db");
    cr_assert_eq(store_open(at("live.db"), &live, msg, sizeof(msg)), 0, "%s", msg);
    cr_assert_eq(store_meta_set_int(live, "kept", 8), 0);
    /* a source that cannot be read: the copy fails, the target stays */
    cr_assert_eq(store_open(at("src.db"), &src, msg, sizeof(msg)), 0, "%s", msg);
    cr_assert_eq(store_begin(src), 0);          /* holds its write lock */
    cr_assert_eq(store_meta_set_int(src, "kept", 9), 0);
    cr_assert_eq(store_copy(live, src), -1);
    cr_assert_eq(store_rollback(src), 0);
    int64_t v = 0;
    cr_assert_eq(store_meta_get_int(live, "kept", &v), 1);
    cr_assert_eq(v, 8);
    store_close(src);
    store_close(live);
}
