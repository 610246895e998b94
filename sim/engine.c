/* sim/engine.c - the engine handle: open, close, transactions, timers,
 * the ticker and reset (checkpoints: checkpoint.c).
 * Owns: struct sim's lifecycle, the engine lock discipline, the timer
 * sources table. Not: any object's rules (their own files). Spec: docs/design.md §4
 * (one engine lock, one transaction per command), §3 (clock). */
#include "sim/internal.h"
#include "store/array.h"
#include "store/event.h"
#include "store/file.h"
#include "store/store.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const struct sim_timer_source sim_vv_expiry_timer;
extern const struct sim_timer_source sim_rc_target_timer;
extern const struct sim_timer_source sim_rc_transfer_timer;
extern const struct sim_timer_source sim_rc_periodic_timer;
extern const struct sim_timer_source sim_rc_coord_timer;
extern const struct sim_timer_source sim_sched_timer;
extern const struct sim_timer_source sim_pcopy_timer;
extern const struct sim_timer_source sim_timeline_timer;

/* Every timer source, run in this order when several are due together:
 * timed faults happen first (the targets then see them at that moment),
 * targets fail before data moves, data moves before a new cycle starts. */
static const struct sim_timer_source *const timer_sources[] = {
    &sim_timeline_timer,
    &sim_rc_target_timer,
    &sim_rc_transfer_timer,
    &sim_rc_periodic_timer,
    &sim_rc_coord_timer,
    &sim_pcopy_timer,
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

int sim_refusal_record(struct sim *s, const char *array, const struct sim_err *err)
{
    struct sim_err e = SIM_ERR_INIT;
    /* a store failure is logged where it happens, not by a second write */
    if (err->rc == SIM_OK || err->rc == SIM_EINTERNAL || sim_txn_begin(s, &e))
        return -1;
    if (sim_event_add(s, SIM_EV_COMMAND_REFUSED, err->rc == SIM_ENOENT_ARRAY ? NULL : array,
                      err->subject, &e, "%s", err->detail))
        return sim_txn_rollback(s);
    sim_txn_commit(s, &e);
    return -1;
}

int sim_txn_refuse(struct sim *s, const char *array, const struct sim_err *err)
{
    sim_txn_rollback(s);
    return sim_refusal_record(s, array, err);
}

void sim_hold(struct sim *s)
{
    pthread_mutex_lock(&s->lock);
}

void sim_unhold(struct sim *s)
{
    pthread_mutex_unlock(&s->lock);
}

void sim_faultsim(struct sim *s, int nth_write, int nth_commit)
{
    SIM_LOCK_SCOPE(s);
    store_faultsim(s->st, nth_write, nth_commit);
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
    int rc;
    pthread_mutex_lock(&s->lock);
    rc = tick_locked(s, err);
    pthread_mutex_unlock(&s->lock);
    sim_power_flush(s);
    return rc;
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
            if (s->power_moved) {       /* watchers run outside the lock */
                pthread_mutex_unlock(&s->lock);
                sim_power_flush(s);
                pthread_mutex_lock(&s->lock);
            }
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

int sim_state_reload(struct sim *s, struct sim_err *err)
{
    int clock;
    if (store_vv_max_gen(s->st, &s->gen) || (clock = sim_clock_load(s)) < 0)
        return sim_store_fail(s, err, "load state");
    if (clock > 0)
        return sim_fail(err, SIM_ERANGE, "clock", "the saved time is past "
                        SIM_CLOCK_MAX_TEXT ", the latest time");
    int64_t last;
    if (store_event_last_id(s->st, &last))
        return sim_store_fail(s, err, "event last id");
    s->last_event_id = last;
    s->txn_event_id = 0;
    return 0;
}

static char *default_checkpoint_dir(const char *db_path, bool *temporary)
{
    *temporary = strcmp(db_path, ":memory:") == 0;
    if (*temporary)
        return xasprintf("%s/rcsim-checkpoints-%d",
                         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    return xasprintf("%s.checkpoints", db_path);
}

/* A :memory: engine's checkpoints die with it, as its state does: the
 * temporary directory (ours: made 0700 under our pid) goes at close. */
static void checkpoint_dir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        if (unlink(path))
            rclog(RCLOG_WARN, "cannot remove '%s': %s", path, strerror(errno));
        free(path);
    }
    closedir(d);
    if (rmdir(dir) && errno != ENOENT)
        rclog(RCLOG_WARN, "cannot remove '%s': %s", dir, strerror(errno));
}

/* The database exists already: a fixture named at start must be the one
 * it was made from (else its state would silently win over the fixture
 * asked for), unless the database is to start again from the fixture.
 * Without a fixture named, reset goes back to the database's own. */
static int existing_db_fixture(struct sim *s, const struct sim_options *o, struct sim_err *err)
{
    char *json = NULL, *name = NULL;
    if (o->reset_db)
        return sim_reset(s, err);
    if (store_meta_get_text(s->st, "fixture_json", &json) != 1)
        return 0;           /* made before the fixture was kept: nothing to compare */
    if (store_meta_get_text(s->st, "fixture_name", &name) != 1)
        name = xstrdup("fixture");
    int rc = 0;
    if (!o->fixture_must_match) {
        free(s->fixture_json);
        free(s->fixture_name);
        s->fixture_json = json;
        s->fixture_name = name;
        return 0;
    }
    if (strcmp(json, s->fixture_json) != 0)
        rc = sim_fail(err, SIM_EINVAL, "fixture",
                      "database '%s' holds the state of fixture '%s', not of '%s'", s->db_path,
                      name, s->fixture_name);
    free(json);
    free(name);
    return rc;
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
                                          : default_checkpoint_dir(s->db_path,
                                                                   &s->checkpoint_dir_temp);
    s->port_offset = o->port_offset;
    s->free_ports = o->free_ports;
    s->one_address = o->one_address ? xstrdup(o->one_address) : NULL;
    s->auth = o->auth ? *o->auth : (struct sim_auth_policy)SIM_AUTH_POLICY_DEFAULT;
    s->limiter = sim_auth_limiter_new(&s->auth);
    s->clock_mode = SIM_CLOCK_REAL;
    s->clock_scale = 1.0;
    s->clock_base_wall = sim_wall_ms();
    s->clock_base_sim = s->clock_base_wall;
    s->clock_manual = s->clock_base_wall;
    s->event_epoch = s->clock_base_wall;    /* differs between runs */

    if (store_open(s->db_path, &s->st, msg, sizeof(msg))) {
        sim_fail(err, SIM_EINVAL, s->db_path, "%s", msg);
        sim_close(s);
        return -1;
    }
    if (sim_state_reload(s, err) || store_array_count(s->st, &arrays)) {
        sim_close(s);
        return -1;
    }
    if (arrays == 0 ? load_fixture(s, err) : existing_db_fixture(s, o, err)) {
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
    if (s->checkpoint_dir_temp)
        checkpoint_dir_remove(s->checkpoint_dir);
    pthread_cond_destroy(&s->ticker_cond);
    pthread_cond_destroy(&s->event_cond);
    pthread_mutex_destroy(&s->clock_lock);
    pthread_mutex_destroy(&s->watch_lock);
    pthread_mutex_destroy(&s->lock);
    free(s->db_path);
    free(s->fixture_json);
    free(s->fixture_name);
    free(s->checkpoint_dir);
    free(s->one_address);
    free(s->bound);
    sim_auth_limiter_free(s->limiter);
    sim_rc_stats_clear(s);
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
    if (sim_txn_commit(s, err) || sim_event_log_replaced(s, err))
        return -1;
    sim_auth_limiter_clear(s->limiter);     /* the next test finds no name locked */
    sim_rc_stats_clear(s);                  /* nor the traffic of the last */
    return 0;
}

int sim_reset(struct sim *s, struct sim_err *err)
{
    if (reset_locked(s, err))
        return -1;
    sim_power_notify(s, NULL, true);        /* the fixture's arrays are on */
    return 0;
}

int sim_db_space(struct sim *s, struct sim_db_space *out, struct sim_err *err)
{
    struct store_space sp;
    SIM_LOCK_SCOPE(s);
    if (store_space_get(s->st, &sp))
        return sim_store_fail(s, err, "database space");
    *out = (struct sim_db_space){ .live_bytes = sp.live_bytes, .free_bytes = sp.free_bytes,
                                  .allocated_bytes = sp.allocated_bytes,
                                  .file_bytes = sp.file_bytes, .wal_bytes = sp.wal_bytes };
    return 0;
}

