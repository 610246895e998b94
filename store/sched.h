/* store/sched.h - rows of scheduled CLI commands (createsched). */
#ifndef RCSIM_STORE_SCHED_H
#define RCSIM_STORE_SCHED_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_sched_row {
    int64_t id, array_id;
    char name[32];
    char command[512];
    char spec[160];             /* the cron specification as given */
    char owner[32];             /* the user the command runs as */
    int suspended, run_once, alert;
    int64_t next_run;           /* ms; 0: never again */
    int64_t pending;            /* runs come due, not run yet */
    int64_t due_at;             /* when the oldest pending run came due */
    int64_t last_run;           /* ms; 0: never ran */
    int last_status;            /* 0 none, 1 ok, 2 failed */
    char last_output[256];      /* the first line the last run printed */
    int64_t created;
};

int store_sched_insert(struct store *st, struct store_sched_row *row);
int store_sched_update(struct store *st, const struct store_sched_row *row);
int store_sched_delete(struct store *st, int64_t id);
int store_sched_get(struct store *st, int64_t array_id, const char *name,
                    struct store_sched_row *out); /* 1/0/-1 */
int store_sched_get_id(struct store *st, int64_t id, struct store_sched_row *out); /* 1/0/-1 */
/* Every schedule of the array (array_id > 0) or of all arrays, by name. */
int store_sched_list(struct store *st, int64_t array_id, struct store_sched_row **out,
                     size_t *n);
/* The earliest next_run of a schedule that is not suspended (0: none). */
int store_sched_next_due(struct store *st, int64_t *when);
/* Schedules due at now (next_run in (0, now], not suspended). */
int store_sched_due(struct store *st, int64_t now, struct store_sched_row **out, size_t *n);
/* The schedule with pending runs that came due first: 1 (row filled), 0, -1. */
int store_sched_first_pending(struct store *st, struct store_sched_row *out);

#endif
