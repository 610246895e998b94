/* sim/clock.c - the simulated clock; the only file that reads wall time.
 * Real mode: now = base_sim + (wall - base_wall) * scale. Manual mode: now
 * moves only on advance or set (sim_engine_run_until then steps through
 * every timer due on the way). Time never goes backward. The mode, scale
 * and base are kept in the database, so a restart carries on. */
#include "sim/clock.h"
#include "sim/internal.h"
#include "store/store.h"

#include <stdio.h>
#include <time.h>

int64_t sim_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t sim_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sim_wall_sleep_ms(int ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

void sim_wall_deadline(struct timespec *ts, int timeout_ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += timeout_ms / 1000;
    ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

const char *sim_clock_mode_name(enum sim_clock_mode mode)
{
    return mode == SIM_CLOCK_MANUAL ? "manual" : "real";
}

static int64_t now_locked(const struct sim *s)
{
    if (s->clock_mode == SIM_CLOCK_MANUAL)
        return s->clock_manual;
    /* a fast real clock stops at the bound instead of passing it */
    double elapsed = (double)(sim_wall_ms() - s->clock_base_wall) * s->clock_scale;
    if (elapsed >= (double)(SIM_CLOCK_MAX_MS - s->clock_base_sim))
        return SIM_CLOCK_MAX_MS;
    return s->clock_base_sim + (int64_t)elapsed;
}

int64_t sim_clock_now(struct sim *s)
{
    pthread_mutex_lock(&s->clock_lock);
    int64_t now = now_locked(s);
    pthread_mutex_unlock(&s->clock_lock);
    return now;
}

int sim_clock_get(struct sim *s, struct sim_clock_view *out)
{
    pthread_mutex_lock(&s->clock_lock);
    out->mode = s->clock_mode;
    out->scale = s->clock_scale;
    out->now_ms = now_locked(s);
    pthread_mutex_unlock(&s->clock_lock);
    return 0;
}

/* Rebases the real clock at the current instant (so scale changes and
 * restarts carry on from "now"). */
static void rebase(struct sim *s)
{
    int64_t now = now_locked(s);
    s->clock_base_sim = now;
    s->clock_base_wall = sim_wall_ms();
    s->clock_manual = now;
}

int sim_clock_save(struct sim *s)
{
    pthread_mutex_lock(&s->clock_lock);
    int64_t mode = s->clock_mode, scale = (int64_t)(s->clock_scale * 1000000.0);
    int64_t now = now_locked(s);
    pthread_mutex_unlock(&s->clock_lock);
    if (store_meta_set_int(s->st, "clock_mode", mode) ||
        store_meta_set_int(s->st, "clock_scale_ppm", scale) ||
        store_meta_set_int(s->st, "clock_now", now))
        return -1;
    return 0;
}

int sim_clock_load(struct sim *s)
{
    int64_t mode, scale, now;
    int r1 = store_meta_get_int(s->st, "clock_mode", &mode);
    int r2 = store_meta_get_int(s->st, "clock_scale_ppm", &scale);
    int r3 = store_meta_get_int(s->st, "clock_now", &now);
    if (r1 < 0 || r2 < 0 || r3 < 0)
        return -1;
    if (r3 == 1 && now > SIM_CLOCK_MAX_MS)
        return 1;
    pthread_mutex_lock(&s->clock_lock);
    if (r1 == 1)
        s->clock_mode = mode == SIM_CLOCK_MANUAL ? SIM_CLOCK_MANUAL : SIM_CLOCK_REAL;
    if (r2 == 1 && scale > 0)
        s->clock_scale = (double)scale / 1000000.0;
    if (r3 == 1) {
        /* real mode carries on from the saved time plus the time off */
        int64_t wall = sim_wall_ms();
        s->clock_manual = now;
        s->clock_base_sim = now > wall ? now : wall;
        s->clock_base_wall = wall;
    }
    pthread_mutex_unlock(&s->clock_lock);
    return 0;
}

void sim_clock_set_manual_now(struct sim *s, int64_t now)
{
    pthread_mutex_lock(&s->clock_lock);
    if (s->clock_mode == SIM_CLOCK_MANUAL) {
        if (now > s->clock_manual)
            s->clock_manual = now;
    } else if (now > now_locked(s)) {
        s->clock_base_sim = now;
        s->clock_base_wall = sim_wall_ms();
    }
    pthread_mutex_unlock(&s->clock_lock);
}

void sim_clock_restore_manual(struct sim *s, int64_t now)
{
    pthread_mutex_lock(&s->clock_lock);
    if (s->clock_mode == SIM_CLOCK_MANUAL)
        s->clock_manual = now;
    pthread_mutex_unlock(&s->clock_lock);
}

static int clock_event(struct sim *s, const char *what, struct sim_err *err)
{
    struct sim_clock_view v;
    if (sim_clock_save(s))
        return sim_store_fail(s, err, "clock save");
    sim_clock_get(s, &v);
    return sim_event_add(s, SIM_EV_CLOCK_CHANGED, NULL, "clock", err, "%s (mode %s)", what,
                         sim_clock_mode_name(v.mode));
}

static int clock_persist(struct sim *s, const char *what, struct sim_err *err)
{
    if (sim_txn_begin(s, err))
        return -1;
    if (clock_event(s, what, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Moves time to when with every timer due on the way, as one transaction. */
static int move_step(struct sim *s, int64_t when, const char *what, struct sim_err *err)
{
    int64_t before = sim_clock_now(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_engine_run_until(s, when, err) || (what && clock_event(s, what, err))) {
        sim_txn_rollback(s);
        sim_clock_restore_manual(s, before);
        return -1;
    }
    if (sim_txn_commit(s, err)) {
        sim_clock_restore_manual(s, before);
        return -1;
    }
    return 0;
}

/* Moves time to when; the move stops at each moment a schedule is due and
 * runs its command there (sim/sched.c), then goes on. Without schedules
 * it is one transaction. */
static int move_to(struct sim *s, int64_t when, const char *what, struct sim_err *err)
{
    /* each step moves time forward (a due schedule gets a later next
     * run), and the bound keeps a broken one from stalling the clock */
    for (int steps = 0;; steps++) {
        int64_t stop = steps < 1000000 ? sim_sched_stop(s, when) : when;
        if (move_step(s, stop, stop >= when ? what : NULL, err))
            return -1;
        sim_sched_drain(s);
        if (stop >= when)
            return 0;
    }
}

static int advance_locked(struct sim *s, int64_t ms, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (ms <= 0)
        return sim_fail(err, SIM_ECLOCK_BACKWARD, "clock", "advance by %lld ms; must be > 0",
                        (long long)ms);
    if (ms > SIM_CLOCK_MAX_MS - sim_clock_now(s))
        return sim_fail(err, SIM_ERANGE, "clock", "advance by %lld ms goes past "
                        SIM_CLOCK_MAX_TEXT ", the latest time", (long long)ms);
    char what[64];
    snprintf(what, sizeof(what), "advanced by %lld ms", (long long)ms);
    return move_to(s, sim_clock_now(s) + ms, what, err);
}

/* The clock moves run the timed faults, power changes among them. */
int sim_clock_advance(struct sim *s, int64_t ms, struct sim_err *err)
{
    int rc = advance_locked(s, ms, err);
    sim_power_flush(s);
    return rc;
}

static int set_locked(struct sim *s, int64_t when_ms, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (when_ms < sim_clock_now(s))
        return sim_fail(err, SIM_ECLOCK_BACKWARD, "clock", "time may not move backward");
    if (when_ms > SIM_CLOCK_MAX_MS)
        return sim_fail(err, SIM_ERANGE, "clock", "time past " SIM_CLOCK_MAX_TEXT
                        ", the latest time");
    return move_to(s, when_ms, "set", err);
}

int sim_clock_set(struct sim *s, int64_t when_ms, struct sim_err *err)
{
    int rc = set_locked(s, when_ms, err);
    sim_power_flush(s);
    return rc;
}

int sim_clock_set_mode(struct sim *s, enum sim_clock_mode mode, double scale,
                       struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (mode != SIM_CLOCK_REAL && mode != SIM_CLOCK_MANUAL)
        return sim_fail(err, SIM_EINVAL, "clock", "bad clock mode %d", (int)mode);
    if (scale > 1000000.0)
        return sim_fail(err, SIM_ERANGE, "clock", "scale past 1000000");
    pthread_mutex_lock(&s->clock_lock);
    rebase(s);
    s->clock_mode = mode;
    s->clock_scale = scale > 0 ? scale : 1.0;
    pthread_mutex_unlock(&s->clock_lock);
    return clock_persist(s, "mode changed", err);
}
