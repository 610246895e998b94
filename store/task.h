/* store/task.h - rows of tasks (WSAPI /tasks, CLI showtask). */
#ifndef RCSIM_STORE_TASK_H
#define RCSIM_STORE_TASK_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_task_row {
    int64_t id, array_id;
    int64_t taskid;             /* the array's task id */
    int type, status;
    char name[64];
    int64_t started, finished;  /* sim ms; finished 0 while active */
    int priority;               /* 0: none */
    char user[32];
    char detail[256];
};

int store_task_insert(struct store *st, struct store_task_row *row);
int store_task_update(struct store *st, const struct store_task_row *row);
int store_task_get(struct store *st, int64_t array_id, int64_t taskid,
                   struct store_task_row *out); /* 1/0/-1 */
/* Every task of the array by taskid; *out new (free()). */
int store_task_list(struct store *st, int64_t array_id, struct store_task_row **out, size_t *n);
/* The largest taskid of the array (0 when none). */
int store_task_max_id(struct store *st, int64_t array_id, int64_t *out);

#endif
