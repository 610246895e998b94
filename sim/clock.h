/* sim/clock.h - the simulated clock. The only place rcsim reads wall time.
 * Real mode: now = wall * scale + offset. Manual mode: time moves only on
 * advance or set, and every timer due on the way runs in order, so a
 * scenario repeats exactly. Time never moves backward. */
#ifndef RCSIM_SIM_CLOCK_H
#define RCSIM_SIM_CLOCK_H

#include <stdint.h>

#include "sim/sim.h"

/* The latest simulated time, 2199-12-31 23:59:59.999 UTC: one bound for
 * every way the clock moves (advance, set, the real clock at any scale, a
 * database or checkpoint opened), so that the time always prints as a
 * date `clock set` reads back. */
#define SIM_CLOCK_MAX_MS 7258118399999LL
#define SIM_CLOCK_MAX_TEXT "2199-12-31 23:59:59 UTC"

struct sim_clock_view {
    enum sim_clock_mode mode;
    int64_t now_ms;             /* simulated ms since the Unix epoch */
    double scale;
};

/* Simulated time in ms since the epoch. Takes no lock of its own. */
int64_t sim_clock_now(struct sim *s);
int sim_clock_get(struct sim *s, struct sim_clock_view *out);
/* Moves time forward by ms (> 0), running every timer due on the way.
 * Past SIM_CLOCK_MAX_MS: SIM_ERANGE, nothing moves. */
int sim_clock_advance(struct sim *s, int64_t ms, struct sim_err *err);
/* Sets the time (not earlier than now, not past SIM_CLOCK_MAX_MS), running
 * the timers due. */
int sim_clock_set(struct sim *s, int64_t when_ms, struct sim_err *err);
/* Switches mode; the simulated time carries on from where it is. scale
 * applies to real mode (1.0 if <= 0); the real clock stops at
 * SIM_CLOCK_MAX_MS. */
int sim_clock_set_mode(struct sim *s, enum sim_clock_mode mode, double scale,
                       struct sim_err *err);
const char *sim_clock_mode_name(enum sim_clock_mode mode);

/* Wall-clock helpers for code outside sim/ that must measure real time
 * (session expiry, login delays, benchmarks). */
int64_t sim_wall_ms(void);
/* A monotonic clock in ms (its origin means nothing): for intervals that
 * must not jump when the system time is set (session idle time, login
 * lockouts). */
int64_t sim_mono_ms(void);
void sim_wall_sleep_ms(int ms);

#endif
