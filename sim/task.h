/* sim/task.h - the array's task list (WSAPI /tasks, CLI showtask): long
 * operations (online copies, promotes, remote-copy DR actions) and the
 * system's own background tasks. Types and statuses are the WSAPI's
 * numbers (reference wsapi-and-ssh.md §2.8). */
#ifndef RCSIM_SIM_TASK_H
#define RCSIM_SIM_TASK_H

#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

enum sim_task_type {
    SIM_TASK_VV_COPY = 1, SIM_TASK_PHYS_COPY_RESYNC = 2, SIM_TASK_MOVE_REGIONS = 3,
    SIM_TASK_PROMOTE_SV = 4, SIM_TASK_RC_SYNC = 5, SIM_TASK_RC_REVERSE = 6,
    SIM_TASK_RC_FAILOVER = 7, SIM_TASK_RC_RECOVER = 8, SIM_TASK_RC_RESTORE = 9,
    SIM_TASK_COMPACT_CPG = 10, SIM_TASK_COMPACT_IDS = 11, SIM_TASK_SNAPSHOT_ACCOUNTING = 12,
    SIM_TASK_CHECK_VV = 13, SIM_TASK_SCHEDULED = 14, SIM_TASK_SYSTEM = 15,
    SIM_TASK_BACKGROUND = 16, SIM_TASK_IMPORT_VV = 17, SIM_TASK_ONLINE_COPY = 18,
    SIM_TASK_CONVERT_VV = 19,
};

enum sim_task_status { SIM_TASK_DONE = 1, SIM_TASK_ACTIVE = 2, SIM_TASK_CANCELLED = 3,
                       SIM_TASK_FAILED = 4 };

struct sim_task_view {
    int64_t id;                 /* the array's task id, from 1 */
    enum sim_task_type type;
    char name[64];              /* e.g. the destination volume of a copy */
    enum sim_task_status status;
    int64_t start_ms;           /* simulated time */
    int64_t finish_ms;          /* 0 while active */
    int priority;               /* 1 high, 2 medium, 3 low; 0: none */
    char user[32];
    char detail[256];
};

/* Records a task. status DONE or FAILED also sets its finish time. *id
 * (if not NULL) receives the new task's id. */
int sim_task_create(struct sim *s, const char *array, enum sim_task_type type,
                    const char *name, enum sim_task_status status, int priority,
                    const char *user, const char *detail, int64_t *id, struct sim_err *err);
/* Moves a task to another status (an active task may end; an ended task
 * may not change: SIM_ETASK_ENDED). */
int sim_task_set_status(struct sim *s, const char *array, int64_t id,
                        enum sim_task_status status, const char *detail, struct sim_err *err);
/* Cancels an active task (SIM_ETASK_ENDED when it already ended). */
int sim_task_cancel(struct sim *s, const char *array, int64_t id, struct sim_err *err);
/* SIM_ENOENT_TASK when unknown. */
int sim_task_get(struct sim *s, const char *array, int64_t id, struct sim_task_view *out,
                 struct sim_err *err);
/* Every task by id; *out is a new array (free()). */
int sim_task_list(struct sim *s, const char *array, struct sim_task_view **out, size_t *n,
                  struct sim_err *err);
/* Makes sure the array shows at least one task: records a finished system
 * task (its boot-time check) when it has none. Idempotent. */
int sim_task_ensure_system(struct sim *s, const char *array, struct sim_err *err);

const char *sim_task_type_name(enum sim_task_type t);     /* "online_copy", ... */
const char *sim_task_status_name(enum sim_task_status st); /* "done", "active", ... */

#endif
