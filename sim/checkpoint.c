/* sim/checkpoint.c - whole-state checkpoints: save, load, list, delete.
 * Owns: the checkpoint directory and its files, the order in which a
 * checkpoint and the live database change. Not: the copies and the file
 * checks themselves (store/file.c). Spec: docs/behaviour.md "Checkpoints".
 *
 * A checkpoint is one self-contained SQLite file, <dir>/<name>.db. Both
 * directions prepare a temporary file, .<name>.tmp (no name starts with
 * '.', so it never meets a checkpoint), and change what others see in one
 * step:
 *
 *   save: live -> tmp; tmp gets the clock and the "checkpoint_saved" event;
 *         fsync; rename over <name>.db; fsync the directory; then the live
 *         database records the same event. Killed before the rename: the
 *         old checkpoint (or none) stays. Killed after it: the checkpoint
 *         is whole, and the live state is that of before the command, or
 *         of after it once its event committed.
 *   load: <name>.db is checked first (not empty, rcsim's application id,
 *         a schema this binary reads, every page there, quick_check); then
 *         copied to tmp, opened (an older schema is migrated there), given
 *         the clock (time never goes back) and the "checkpoint_loaded"
 *         event, and copied into the live database in one transaction.
 *         Whatever fails before that copy, the live database is untouched
 *         and the engine re-reads its memory from it. */
#include "sim/internal.h"
#include "store/file.h"
#include "store/store.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int name_check(const char *name, struct sim_err *err)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0 || len > SIM_CHECKPOINT_NAME_MAX)
        return sim_fail(err, SIM_EINVAL, name, "checkpoint name must be 1..64 characters");
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || (*p == '.' && p != name)))
            return sim_fail(err, SIM_ENAME_BADCHAR, name,
                            "checkpoint names use [A-Za-z0-9_.-] and do not start with '.'");
    return 0;
}

/* The checkpoint directory holds whole databases (passwords, private
 * keys): made 0700, and used only when it is a directory of ours that no
 * one else may write or read (the default for :memory: is in /tmp, where
 * anyone could have made it first). A lax one of ours is tightened.
 * Returns 0, 1 when it does not exist (and create is false), or -1. */
static int dir_check(struct sim *s, bool create, struct sim_err *err)
{
    struct stat st;
    if (create && mkdir(s->checkpoint_dir, 0700) && errno != EEXIST)
        return sim_fail(err, SIM_EINTERNAL, s->checkpoint_dir, "cannot create %s: %s",
                        s->checkpoint_dir, strerror(errno));
    if (stat(s->checkpoint_dir, &st))
        return create ? sim_fail(err, SIM_EINTERNAL, s->checkpoint_dir, "cannot use %s: %s",
                                 s->checkpoint_dir, strerror(errno))
                      : 1;      /* not there yet: no checkpoints */
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
        rclog(RCLOG_ERROR, "checkpoint directory '%s' is not a directory of this user",
              s->checkpoint_dir);
        return sim_fail(err, SIM_EINTERNAL, s->checkpoint_dir,
                        "checkpoint directory %s is not a directory of this user",
                        s->checkpoint_dir);
    }
    if ((st.st_mode & 077) && chmod(s->checkpoint_dir, st.st_mode & 0700))
        return sim_fail(err, SIM_EINTERNAL, s->checkpoint_dir, "cannot make %s private: %s",
                        s->checkpoint_dir, strerror(errno));
    return 0;
}

static char *final_path(const struct sim *s, const char *name)
{
    return xasprintf("%s/%s.db", s->checkpoint_dir, name);
}

static char *tmp_path(const struct sim *s, const char *name)
{
    return xasprintf("%s/.%s.tmp", s->checkpoint_dir, name);
}

/* Removes a temporary database and whatever SQLite kept beside it. */
static void tmp_remove(const char *path)
{
    static const char *const side[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
        char *p = xasprintf("%s%s", path, side[i]);
        if (unlink(p) && errno != ENOENT)
            rclog(RCLOG_WARN, "cannot remove '%s': %s", p, strerror(errno));
        free(p);
    }
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Records the clock and one event on db, which is not the live database
 * (a checkpoint being prepared), in a transaction of its own. The event
 * helpers write to s->st: db stands in for the live store meanwhile. */
static int stamp(struct sim *s, struct store *db, enum sim_event_kind kind, const char *name,
                 struct sim_err *err)
{
    static const char *const what[] = {
        [SIM_EV_CHECKPOINT_SAVED] = "saved", [SIM_EV_CHECKPOINT_LOADED] = "loaded",
    };
    struct store *live = s->st;
    int rc = 0;
    s->st = db;
    if (store_begin(db))
        rc = sim_store_fail(s, err, "begin");
    else if (sim_clock_save(s) ||
             sim_event_add(s, kind, NULL, name, err, "checkpoint '%s' %s", name, what[kind]))
        rc = sim_txn_rollback(s);
    else if (store_commit(db))
        rc = sim_store_fail(s, err, "commit");
    s->txn_event_id = 0;
    s->st = live;
    return rc;
}

/* The live side of a save, once the file is in place: the same record. */
static int record_saved(struct sim *s, const char *name, struct sim_err *err)
{
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_clock_save(s) ||
        sim_event_add(s, SIM_EV_CHECKPOINT_SAVED, NULL, name, err, "checkpoint '%s' saved",
                      name))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Writes the live state, stamped, to tmp as one standalone file. */
static int save_tmp(struct sim *s, const char *name, const char *tmp, struct sim_err *err)
{
    struct store *db;
    char msg[256];
    if (store_backup_to(s->st, tmp))
        return sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be written");
    if (store_open(tmp, &db, msg, sizeof(msg))) {
        rclog(RCLOG_ERROR, "checkpoint '%s': %s", name, msg);
        return sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be written");
    }
    int rc = stamp(s, db, SIM_EV_CHECKPOINT_SAVED, name, err);
    if (rc == 0 && store_make_standalone(db))
        rc = sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be written");
    store_close(db);
    if (rc == 0 && fsync_path(tmp, O_RDONLY))
        rc = sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be synced: %s",
                      strerror(errno));
    return rc;
}

static bool exists(const struct sim *s, const char *name)
{
    char *path = final_path(s, name);
    bool there = access(path, F_OK) == 0;
    free(path);
    return there;
}

int sim_checkpoint_save(struct sim *s, const char *name, bool replace, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (name_check(name, err) || dir_check(s, true, err))
        return -1;
    if (!replace && exists(s, name))
        return sim_fail(err, SIM_EEXIST_CHECKPOINT, name, "checkpoint '%s' exists", name);
    char *tmp = tmp_path(s, name), *path = final_path(s, name);
    tmp_remove(tmp);
    int rc = save_tmp(s, name, tmp, err);
    if (rc == 0 && rename(tmp, path))
        rc = sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be renamed: %s",
                      strerror(errno));
    /* the rename is durable once the directory is */
    if (rc == 0 && fsync_path(s->checkpoint_dir, O_RDONLY | O_DIRECTORY))
        rc = sim_fail(err, SIM_EINTERNAL, name, "checkpoint directory could not be synced: %s",
                      strerror(errno));
    tmp_remove(tmp);
    free(tmp);
    free(path);
    return rc ? rc : record_saved(s, name, err);
}

/* Prepares tmp from the checkpoint at path: a migrated, stamped copy.
 * *db is the open copy on success. */
static int load_tmp(struct sim *s, const char *name, const char *path, const char *tmp,
                    int64_t now, struct store **db, struct sim_err *err)
{
    char msg[256];
    if (store_file_copy(path, tmp))
        return sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be read");
    if (store_open(tmp, db, msg, sizeof(msg)))
        return sim_fail(err, SIM_EBAD_CHECKPOINT, name, "checkpoint '%s': %s", name, msg);
    /* the copy's clock mode, but time never goes back */
    struct store *live = s->st;
    s->st = *db;
    int rc = sim_state_reload(s, err);
    s->st = live;
    if (rc && err && err->rc == SIM_ERANGE)
        rc = sim_fail(err, SIM_EBAD_CHECKPOINT, name, "checkpoint '%s': %s", name, err->detail);
    sim_clock_set_manual_now(s, now);
    if (rc || stamp(s, *db, SIM_EV_CHECKPOINT_LOADED, name, err)) {
        store_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}

static int load_locked(struct sim *s, const char *name, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    char why[256];
    if (name_check(name, err))
        return -1;
    int dir = dir_check(s, false, err);
    if (dir < 0)
        return -1;
    char *path = final_path(s, name), *tmp = tmp_path(s, name);
    struct store *db = NULL;
    int64_t now = sim_clock_now(s);
    int rc;
    if (dir > 0 || access(path, F_OK) != 0) {
        rc = sim_fail(err, SIM_ENOENT_CHECKPOINT, name, "no checkpoint named '%s'", name);
    } else if (store_file_check(path, true, why, sizeof(why))) {
        rclog(RCLOG_WARN, "checkpoint '%s' refused: %s", name, why);
        rc = sim_fail(err, SIM_EBAD_CHECKPOINT, name, "checkpoint '%s' cannot be loaded: %s",
                      name, why);
    } else {
        tmp_remove(tmp);
        rc = load_tmp(s, name, path, tmp, now, &db, err);
        if (rc == 0 && store_copy(s->st, db))
            rc = sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be loaded");
    }
    store_close(db);
    tmp_remove(tmp);
    free(path);
    free(tmp);
    /* on success the memory follows the loaded state, on failure the
     * untouched live one */
    if (sim_state_reload(s, rc ? NULL : err))
        rc = -1;
    sim_clock_set_manual_now(s, now);
    if (rc == 0) {
        s->changes++;
        pthread_cond_broadcast(&s->event_cond);     /* the "loaded" event */
        sim_rc_stats_clear(s);                      /* traffic of the state left behind */
        rc = sim_event_log_replaced(s, err);        /* followers start the new log */
    }
    return rc;
}

int sim_checkpoint_load(struct sim *s, const char *name, struct sim_err *err)
{
    if (load_locked(s, name, err))
        return -1;
    sim_power_notify(s, NULL, true);        /* the arrays as they were saved */
    return 0;
}

static int cmp_view(const void *a, const void *b)
{
    return strcmp(((const struct sim_checkpoint_view *)a)->name,
                  ((const struct sim_checkpoint_view *)b)->name);
}

int sim_checkpoint_list(struct sim *s, struct sim_checkpoint_view **out, size_t *n,
                        struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    *out = NULL;
    *n = 0;
    int dir = dir_check(s, false, err);
    if (dir)
        return dir < 0 ? -1 : 0;
    DIR *d = opendir(s->checkpoint_dir);
    if (!d)
        return 0;
    size_t alloc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || len - 3 > SIM_CHECKPOINT_NAME_MAX ||
            strcmp(e->d_name + len - 3, ".db") != 0 || e->d_name[0] == '.')
            continue;
        XGROW(*out, *n + 1, alloc);
        struct sim_checkpoint_view *v = &(*out)[(*n)++];
        memset(v, 0, sizeof(*v));
        memcpy(v->name, e->d_name, len - 3);
        /* the quick look: a load makes the full check */
        char *path = final_path(s, v->name);
        struct stat st;
        v->valid = store_file_check(path, false, v->why, sizeof(v->why)) == 0;
        if (stat(path, &st) == 0) {
            v->saved_ms = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
            v->bytes = (uint64_t)st.st_size;
        }
        free(path);
    }
    closedir(d);
    if (*n)
        qsort(*out, *n, sizeof(**out), cmp_view);
    return 0;
}

int sim_checkpoint_delete(struct sim *s, const char *name, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (name_check(name, err))
        return -1;
    int dir = dir_check(s, false, err);
    if (dir < 0)
        return -1;
    if (dir > 0 || !exists(s, name))
        return sim_fail(err, SIM_ENOENT_CHECKPOINT, name, "no checkpoint named '%s'", name);
    char *path = final_path(s, name);
    int rc = unlink(path);
    free(path);
    if (rc)
        return sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be removed: %s",
                        strerror(errno));
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_event_add(s, SIM_EV_CHECKPOINT_DELETED, NULL, name, err,
                      "checkpoint '%s' deleted", name))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}
