/* sim/engine.c - the engine handle: open, close, transactions, timers,
 * the ticker, reset and checkpoints.
 * Owns: struct sim's lifecycle, the engine lock discipline, the timer
 * sources table. Not: any object's rules (their own files). Spec: SPEC §2
 * (one engine lock, one transaction per command), §3 (clock). */
#include "sim/internal.h"
#include "store/array.h"
#include "store/event.h"
#include "store/store.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const struct sim_timer_source sim_vv_expiry_timer;
extern const struct sim_timer_source sim_rc_target_timer;
extern const struct sim_timer_source sim_rc_transfer_timer;
extern const struct sim_timer_source sim_rc_periodic_timer;
extern const struct sim_timer_source sim_sched_timer;

/* Every timer source, run in this order when several are due together:
 * targets fail before data moves, data moves before a new cycle starts. */
static const struct sim_timer_source *const timer_sources[] = {
    &sim_rc_target_timer,
    &sim_rc_transfer_timer,
    &sim_rc_periodic_timer,
    &sim_vv_expiry_timer,
    &sim_sched_timer,
};

#define N_TIMER_SOURCES (sizeof(timer_sources) / sizeof(timer_sources[0]))

int sim_store_fail(struct sim *s, struct sim_err *err, const char *what)
{
    rclog(RCLOG_ERROR, "store failure in %s: %s", what, store_errmsg(s->st));
    return sim_fail(err, SIM_EINTERNAL, "", "internal error (%s)", what);
}

int sim_txn_begin(struct sim *s, struct sim_err *err)
{
    if (store_begin(s->st))
        return sim_store_fail(s, err, "begin");
    return 0;
}

int sim_txn_commit(struct sim *s, struct sim_err *err)
{
    if (store_commit(s->st)) {
        s->txn_event_id = 0;
        return sim_store_fail(s, err, "commit");
    }
    s->changes++;
    sim_event_notify(s);
    return 0;
}

int sim_txn_rollback(struct sim *s)
{
    store_rollback(s->st);
    s->txn_event_id = 0;
    return -1;
}

void sim_hold(struct sim *s)
{
    pthread_mutex_lock(&s->lock);
}

void sim_unhold(struct sim *s)
{
    pthread_mutex_unlock(&s->lock);
}

uint64_t sim_generation(struct sim *s)
{
    SIM_LOCK_SCOPE(s);
    return s->changes;
}

/* The earliest due time over every source, 0 when nothing is due ever. */
static int next_due(struct sim *s, int64_t *when, struct sim_err *err)
{
    *when = 0;
    for (size_t i = 0; i < N_TIMER_SOURCES; i++) {
        int64_t t = 0;
        if (timer_sources[i]->next_due(s, &t, err))
            return -1;
        if (t && (!*when || t < *when))
            *when = t;
    }
    return 0;
}

/* Runs every source at now, inside the caller's transaction. */
static int run_due(struct sim *s, int64_t now, struct sim_err *err)
{
    for (size_t i = 0; i < N_TIMER_SOURCES; i++) {
        if (timer_sources[i]->run(s, now, err)) {
            rclog(RCLOG_ERROR, "timer '%s' failed: %s", timer_sources[i]->name, err->detail);
            return -1;
        }
    }
    return 0;
}

int sim_engine_run_until(struct sim *s, int64_t until, struct sim_err *err)
{
    /* step from due time to due time, so each timer sees its own moment;
     * the bound keeps a misbehaving source from looping for ever */
    for (int steps = 0; steps < 1000000; steps++) {
        int64_t when;
        if (next_due(s, &when, err))
            return -1;
        if (!when || when > until)
            break;
        if (when > sim_clock_now(s))
            sim_clock_set_manual_now(s, when);
        if (run_due(s, sim_clock_now(s), err))
            return -1;
    }
    /* work that progresses continuously (transfers) moves up to until */
    if (until > sim_clock_now(s))
        sim_clock_set_manual_now(s, until);
    return run_due(s, until, err);
}

/* One tick of the real clock: everything due now, in one transaction,
 * then the scheduled commands that came due (after the commit). */
static int tick_locked(struct sim *s, struct sim_err *err)
{
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_engine_run_until(s, sim_clock_now(s), err))
        return sim_txn_rollback(s);
    int rc = sim_txn_commit(s, err);
    sim_sched_drain(s);
    return rc;
}

int sim_tick(struct sim *s, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    return tick_locked(s, err);
}

static void *ticker_main(void *arg)
{
    struct sim *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->ticker_stop) {
        struct timespec deadline;
        sim_wall_deadline(&deadline, s->ticker_period_ms);
        pthread_cond_timedwait(&s->ticker_cond, &s->lock, &deadline);
        if (s->ticker_stop)
            break;
        if (s->clock_mode == SIM_CLOCK_REAL) {
            struct sim_err err = SIM_ERR_INIT;
            tick_locked(s, &err);
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int sim_ticker_start(struct sim *s, int period_ms, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (s->ticker_running)
        return 0;
    s->ticker_period_ms = period_ms > 0 ? period_ms : 100;
    s->ticker_stop = false;
    if (pthread_create(&s->ticker, NULL, ticker_main, s))
        return sim_fail(err, SIM_EINTERNAL, "", "cannot start the ticker thread");
    s->ticker_running = true;
    return 0;
}

void sim_ticker_stop(struct sim *s)
{
    pthread_mutex_lock(&s->lock);
    if (!s->ticker_running) {
        pthread_mutex_unlock(&s->lock);
        return;
    }
    s->ticker_stop = true;
    pthread_cond_broadcast(&s->ticker_cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->ticker, NULL);
    s->ticker_running = false;
}

/* Loads the fixture into an empty database (in one transaction). */
static int load_fixture(struct sim *s, struct sim_err *err)
{
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_fixture_load(s, s->fixture_json, s->fixture_name, err) ||
        store_meta_set_text(s->st, "fixture_json", s->fixture_json) ||
        store_meta_set_text(s->st, "fixture_name", s->fixture_name) || sim_clock_save(s))
        return sim_txn_rollback(s);
    if (sim_event_add(s, SIM_EV_FIXTURE_LOADED, NULL, s->fixture_name, err,
                      "fixture '%s' loaded", s->fixture_name))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Restores the in-memory state that mirrors the database. */
static int reload_state(struct sim *s, struct sim_err *err)
{
    if (store_vv_max_gen(s->st, &s->gen) || sim_clock_load(s))
        return sim_store_fail(s, err, "load state");
    int64_t last;
    if (store_event_last_id(s->st, &last))
        return sim_store_fail(s, err, "event last id");
    s->last_event_id = last;
    s->txn_event_id = 0;
    return 0;
}

static char *default_checkpoint_dir(const char *db_path)
{
    if (strcmp(db_path, ":memory:") == 0)
        return xasprintf("%s/rcsim-checkpoints-%d",
                         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    return xasprintf("%s.checkpoints", db_path);
}

int sim_open(const struct sim_options *o, struct sim **out, struct sim_err *err)
{
    struct sim *s = xcalloc(1, sizeof(*s));
    char msg[512];
    int64_t arrays;

    /* recursive, so that sim_hold() can keep it across several calls */
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&s->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_mutex_init(&s->clock_lock, NULL);
    pthread_mutex_init(&s->watch_lock, NULL);
    pthread_cond_init(&s->event_cond, NULL);
    pthread_cond_init(&s->ticker_cond, NULL);
    s->db_path = xstrdup(o->db_path ? o->db_path : ":memory:");
    s->fixture_json = xstrdup(o->fixture_json ? o->fixture_json : "");
    s->fixture_name = xstrdup(o->fixture_name ? o->fixture_name : "fixture");
    s->checkpoint_dir = o->checkpoint_dir ? xstrdup(o->checkpoint_dir)
                                          : default_checkpoint_dir(s->db_path);
    s->port_offset = o->port_offset;
    s->auth = o->auth ? *o->auth : (struct sim_auth_policy)SIM_AUTH_POLICY_DEFAULT;
    s->limiter = sim_auth_limiter_new(&s->auth);
    s->clock_mode = SIM_CLOCK_REAL;
    s->clock_scale = 1.0;
    s->clock_base_wall = sim_wall_ms();
    s->clock_base_sim = s->clock_base_wall;
    s->clock_manual = s->clock_base_wall;

    if (store_open(s->db_path, &s->st, msg, sizeof(msg))) {
        sim_fail(err, SIM_EINVAL, s->db_path, "%s", msg);
        sim_close(s);
        return -1;
    }
    if (reload_state(s, err) || store_array_count(s->st, &arrays)) {
        sim_close(s);
        return -1;
    }
    if (arrays == 0 && load_fixture(s, err)) {
        sim_close(s);
        return -1;
    }
    if (o->clock_set && sim_clock_set_mode(s, o->clock_mode, o->clock_scale, err)) {
        sim_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

void sim_close(struct sim *s)
{
    if (!s)
        return;
    sim_ticker_stop(s);
    store_close(s->st);
    pthread_cond_destroy(&s->ticker_cond);
    pthread_cond_destroy(&s->event_cond);
    pthread_mutex_destroy(&s->clock_lock);
    pthread_mutex_destroy(&s->watch_lock);
    pthread_mutex_destroy(&s->lock);
    free(s->db_path);
    free(s->fixture_json);
    free(s->fixture_name);
    free(s->checkpoint_dir);
    sim_auth_limiter_free(s->limiter);
    free(s);
}

static int reset_locked(struct sim *s, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    /* the clock carries on: time never moves backward, even on reset */
    if (store_clear_all(s->st)) {
        sim_store_fail(s, err, "clear");
        return sim_txn_rollback(s);
    }
    if (sim_fixture_load(s, s->fixture_json, s->fixture_name, err) ||
        store_meta_set_text(s->st, "fixture_json", s->fixture_json) ||
        store_meta_set_text(s->st, "fixture_name", s->fixture_name) || sim_clock_save(s))
        return sim_txn_rollback(s);
    if (sim_event_add(s, SIM_EV_RESET, NULL, s->fixture_name, err,
                      "state reset to fixture '%s'", s->fixture_name))
        return sim_txn_rollback(s);
    if (sim_txn_commit(s, err))
        return -1;
    sim_auth_limiter_clear(s->limiter);     /* the next test finds no name locked */
    return 0;
}

int sim_reset(struct sim *s, struct sim_err *err)
{
    if (reset_locked(s, err))
        return -1;
    sim_power_notify(s, NULL, true);        /* the fixture's arrays are on */
    return 0;
}

static int checkpoint_name_check(const char *name, struct sim_err *err)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0 || len > 64)
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
 * anyone could have made it first). A lax one of ours is tightened. */
static int checkpoint_dir_check(struct sim *s, bool create, struct sim_err *err)
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

static char *checkpoint_path(const struct sim *s, const char *name)
{
    return xasprintf("%s/%s.db", s->checkpoint_dir, name);
}

int sim_checkpoint_save(struct sim *s, const char *name, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (checkpoint_name_check(name, err))
        return -1;
    if (checkpoint_dir_check(s, true, err))
        return -1;
    /* the event goes in first, so the checkpoint holds its own record */
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_clock_save(s) ||
        sim_event_add(s, SIM_EV_CHECKPOINT_SAVED, NULL, name, err, "checkpoint '%s' saved",
                      name))
        return sim_txn_rollback(s);
    if (sim_txn_commit(s, err))
        return -1;
    char *path = checkpoint_path(s, name);
    int rc = store_backup_to(s->st, path);     /* made 0600 */
    free(path);
    if (rc)
        return sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be written");
    return 0;
}

static int checkpoint_load_locked(struct sim *s, const char *name, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (checkpoint_name_check(name, err))
        return -1;
    int dir = checkpoint_dir_check(s, false, err);
    if (dir < 0)
        return -1;
    char *path = checkpoint_path(s, name);
    if (dir > 0 || access(path, R_OK) != 0) {
        free(path);
        return sim_fail(err, SIM_ENOENT_CHECKPOINT, name, "no checkpoint named '%s'", name);
    }
    int64_t now = sim_clock_now(s);
    int rc = store_restore_from(s->st, path);
    free(path);
    if (rc)
        return sim_fail(err, SIM_EINTERNAL, name, "checkpoint could not be read");
    if (reload_state(s, err))
        return -1;
    /* the restored state keeps its clock mode, but time never goes back */
    sim_clock_set_manual_now(s, now);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_clock_save(s) ||
        sim_event_add(s, SIM_EV_CHECKPOINT_LOADED, NULL, name, err, "checkpoint '%s' loaded",
                      name))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_checkpoint_load(struct sim *s, const char *name, struct sim_err *err)
{
    if (checkpoint_load_locked(s, name, err))
        return -1;
    sim_power_notify(s, NULL, true);        /* the arrays as they were saved */
    return 0;
}

int sim_checkpoint_list(struct sim *s, char ***names, size_t *n, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    *names = NULL;
    *n = 0;
    int dir = checkpoint_dir_check(s, false, err);
    if (dir)
        return dir < 0 ? -1 : 0;
    DIR *d = opendir(s->checkpoint_dir);
    if (!d)
        return 0;
    size_t alloc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".db") != 0 || e->d_name[0] == '.')
            continue;
        XGROW(*names, *n + 1, alloc);
        (*names)[(*n)++] = xstrndup(e->d_name, len - 3);
    }
    closedir(d);
    return 0;
}
