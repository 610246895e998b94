/* sim/timeline.h - faults timed on the simulated clock: a link cut, slowed
 * or restored, an array powered off or on, at a moment to come, for a
 * while, one way or both; alone or as a named schedule of several steps
 * ("cut at T+5m, restore at T+6m30s"). A script or a lab schedules them,
 * then only moves the clock: each change happens at its own moment during
 * rcsim clock advance, as a real outage would. */
#ifndef RCSIM_SIM_TIMELINE_H
#define RCSIM_SIM_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/rcopy.h"

struct sim;
struct sim_err;

enum sim_tf_kind { SIM_TF_LINK = 1, SIM_TF_POWER = 2 };

#define SIM_TF_PLAN_MAX 64          /* a schedule name: [A-Za-z0-9_.-] */
#define SIM_TF_STEPS_MAX 1000       /* steps in one schedule */

/* One step to schedule. */
struct sim_tf_step {
    int64_t at_ms;                  /* from now (>= 0) */
    int64_t jitter_ms;              /* fires up to this much later (>= 0) */
    int64_t for_ms;                 /* > 0: undone this long after it fired */
    enum sim_tf_kind kind;
    const char *a;                  /* the link's first end, or the array */
    const char *b;                  /* the link's other end (SIM_TF_LINK) */
    const char *port;               /* a's local port, NULL for every link */
    struct sim_link_fault link;     /* SIM_TF_LINK: what changes (one_way too) */
    bool power_on;                  /* SIM_TF_POWER */
};

/* Schedules steps[n] under the name plan ("" for none: cancel by id), all
 * or none. Each step is checked now (arrays, links and values as a direct
 * change would be), so that a mistake shows before the clock moves. A
 * step with for_ms adds its undoing: a cut link comes back up, a slowed
 * one gets the values it has now, a powered-off array comes back on.
 * Jitter delays a step by a reproducible amount in [0, jitter_ms] drawn
 * from the plan, the step and the time. */
int sim_timeline_add(struct sim *s, const char *plan, const struct sim_tf_step *steps,
                     size_t n, struct sim_err *err);

struct sim_tf_view {
    int64_t id;
    char plan[SIM_TF_PLAN_MAX + 1];
    int64_t due_ms;                 /* simulated time */
    enum sim_tf_kind kind;
    char a[32], b[32], port[16];
    bool one_way;
    int up, latency_ms, bandwidth_mbs, loss_pct;    /* -1: unchanged */
    bool power_on;
    char note[64];                  /* "cut", "restore", ... */
};

/* The changes still to come, by time. *out is a new array (free()). */
int sim_timeline_list(struct sim *s, struct sim_tf_view **out, size_t *n, struct sim_err *err);

/* Cancels the pending changes of the schedule named what, or the one
 * change with id what (digits); *count gets how many.
 * SIM_ENOENT_TIMED_FAULT when none matched. */
int sim_timeline_cancel(struct sim *s, const char *what, size_t *count, struct sim_err *err);

#endif
