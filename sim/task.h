/* sim/task.h - the array's tasks (showtask, WSAPI /tasks): the work that
 * DR operations, syncs and copies start. */
#ifndef RCSIM_SIM_TASK_H
#define RCSIM_SIM_TASK_H

#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

/* WSAPI task types (docs/array-interfaces.md §2.8). */
enum sim_task_type {
    SIM_TASK_VV_COPY = 1, SIM_TASK_PHYS_COPY_RESYNC = 2, SIM_TASK_PROMOTE_SV = 4,
    SIM_TASK_RC_SYNC = 5, SIM_TASK_RC_REVERSE = 6, SIM_TASK_RC_FAILOVER = 7,
    SIM_TASK_RC_RECOVER = 8, SIM_TASK_RC_RESTORE = 9, SIM_TASK_SYSTEM = 15,
    SIM_TASK_BACKGROUND = 16, SIM_TASK_ONLINE_COPY = 18, SIM_TASK_CONVERT_VV = 19,
};
enum sim_task_status { SIM_TASK_DONE = 1, SIM_TASK_ACTIVE = 2, SIM_TASK_CANCELLED = 3,
                       SIM_TASK_FAILED = 4 };

struct sim_task_view {
    int64_t id;
    enum sim_task_type type;
    char name[64];
    enum sim_task_status status;
    int64_t started_ms, finished_ms;    /* finished 0 while active */
    int priority;                       /* 1 high, 2 med, 3 low */
    char user[32];
    char detail[1024];                  /* step lines, "\n"-separated */
    int64_t steps_done, steps_total;    /* a copy's progress in MiB; 0/0: no copy */
};

/* "remote_copy_failover", ...; "done", "active", ... */
const char *sim_task_type_name(enum sim_task_type t);
const char *sim_task_status_name(enum sim_task_status s);

int sim_task_list(struct sim *s, const char *array, struct sim_task_view **out, size_t *n,
                  struct sim_err *err);
int sim_task_get(struct sim *s, const char *array, int64_t id, struct sim_task_view *out,
                 struct sim_err *err);
/* Creates a task of the array (e.g. an online copy) and returns its id. */
int sim_task_create(struct sim *s, const char *array, enum sim_task_type type, const char *name,
                    enum sim_task_status status, const char *user, int64_t *id,
                    struct sim_err *err);
/* Cancels an active task (a copy stops with it); refuses one that is not
 * active. */
int sim_task_cancel(struct sim *s, const char *array, int64_t id, struct sim_err *err);

#endif
