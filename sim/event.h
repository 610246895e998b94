/* sim/event.h - the event log: every change appends one event in the same
 * transaction. It is the simulated showeventlog, the control API's event
 * stream and the tests' evidence. Event kinds are data (sim/event.c). */
#ifndef RCSIM_SIM_EVENT_H
#define RCSIM_SIM_EVENT_H

#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

struct sim_event_view {
    int64_t id;                 /* increasing, a cursor for "since" */
    int64_t time_ms;            /* simulated time */
    char array[32];             /* "" for simulator-wide events */
    char kind[48];              /* e.g. "vv_created" */
    char severity[12];          /* "info", "minor", "major", "critical" */
    char object[64];            /* the object's name */
    char detail[256];
};

/* Lists events with id > since, oldest first, at most limit (0: 1000).
 * array NULL lists every array. *out is a new array (free()). */
int sim_event_list(struct sim *s, const char *array, int64_t since, size_t limit,
                   struct sim_event_view **out, size_t *n, struct sim_err *err);
/* Waits up to timeout_ms for an event with id > since, or for the log to
 * be replaced (see sim_event_epoch). Returns 1 when an event exists, 0
 * otherwise. */
int sim_event_wait(struct sim *s, int64_t since, int timeout_ms);
/* The id of the newest event (0 when none). */
int64_t sim_event_last_id(struct sim *s);
/* Which event log ids belong to. A reset or a checkpoint load replaces the
 * log, and ids start again from that log's own (a reset from 1): the
 * epoch changes then, so that a reader holding a cursor knows its cursor
 * means nothing in the new log and reads it from the start. It also
 * differs between runs of the server. */
int64_t sim_event_epoch(struct sim *s);

#endif
