/* sim/task.c - tasks: what showtask and WSAPI /tasks list.
 * Owns: task rows and their step log. Not: the work itself (the DR
 * operations in group.c finish their tasks). Spec:
 * docs/array-remote-copy.md §5.3 (showtask), docs/array-interfaces.md §2.8. */
#include "sim/internal.h"
#include "sim/task.h"
#include "store/rcopy.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sim_task_type_name(enum sim_task_type t)
{
    switch (t) {
    case SIM_TASK_VV_COPY:           return "vv_copy";
    case SIM_TASK_PHYS_COPY_RESYNC:  return "phys_copy_resync";
    case SIM_TASK_PROMOTE_SV:        return "promote_sv";
    case SIM_TASK_RC_SYNC:           return "remote_copy_sync";
    case SIM_TASK_RC_REVERSE:        return "remote_copy_reverse";
    case SIM_TASK_RC_FAILOVER:       return "remote_copy_failover";
    case SIM_TASK_RC_RECOVER:        return "remote_copy_recover";
    case SIM_TASK_RC_RESTORE:        return "remote_copy_restore";
    case SIM_TASK_SYSTEM:            return "system_task";
    case SIM_TASK_BACKGROUND:        return "background_task";
    case SIM_TASK_ONLINE_COPY:       return "online_copy";
    case SIM_TASK_CONVERT_VV:        return "convert_vv";
    }
    return "task";
}

const char *sim_task_status_name(enum sim_task_status st)
{
    switch (st) {
    case SIM_TASK_DONE:      return "done";
    case SIM_TASK_ACTIVE:    return "active";
    case SIM_TASK_CANCELLED: return "cancelled";
    case SIM_TASK_FAILED:    return "failed";
    }
    return "?";
}

/* Appends a step line "<time> <text>" to a task's log. */
static void task_step(struct sim *s, struct store_task_row *t, const char *text)
{
    char when[40], line[160];
    size_t len = strlen(t->detail);
    rc_format_time(sim_clock_now(s), when, sizeof(when));
    snprintf(line, sizeof(line), "%s%s %s", len ? "\n" : "", when, text);
    if (len + strlen(line) < sizeof(t->detail))
        memcpy(t->detail + len, line, strlen(line) + 1);
}

int sim_task_add(struct sim *s, int64_t array_id, int type, const char *name, bool done,
                 const char *user, int64_t group_id, int action, const char *detail,
                 int64_t *id, struct sim_err *err)
{
    struct store_task_row t = { .array_id = array_id, .type = type, .priority = 2,
                                .group_id = group_id, .action = action };
    t.started = sim_clock_now(s);
    t.status = done ? SIM_TASK_DONE : SIM_TASK_ACTIVE;
    t.finished = done ? t.started : 0;
    rc_strlcpy(t.name, name, sizeof(t.name));
    rc_strlcpy(t.user, user && *user ? user : "3paradm", sizeof(t.user));
    task_step(s, &t, "Created task.");
    if (detail) {
        /* detail holds step lines separated by '\n' */
        char buf[512];
        rc_strlcpy(buf, detail, sizeof(buf));
        for (char *save, *line = strtok_r(buf, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save))
            task_step(s, &t, line);
    }
    if (done)
        task_step(s, &t, "Completed task.");
    if (store_task_insert(s->st, &t))
        return sim_store_fail(s, err, "task insert");
    if (id)
        *id = t.id;
    return 0;
}

int sim_task_finish_group(struct sim *s, int64_t group_id, int type, bool ok,
                          const char *step, struct sim_err *err)
{
    struct store_task_row *rows;
    size_t n;
    if (store_task_list_active(s->st, &rows, &n))
        return sim_store_fail(s, err, "task list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (rows[i].group_id != group_id || (type && rows[i].type != type))
            continue;
        if (step)
            task_step(s, &rows[i], step);
        task_step(s, &rows[i], ok ? "Completed task." : "Task failed.");
        rows[i].status = ok ? SIM_TASK_DONE : SIM_TASK_FAILED;
        rows[i].finished = sim_clock_now(s);
        if (store_task_update(s->st, &rows[i]))
            ret = sim_store_fail(s, err, "task update");
    }
    free(rows);
    return ret;
}

int sim_task_end(struct sim *s, int64_t id, int status, const char *step, struct sim_err *err)
{
    struct store_task_row t;
    int rc = store_task_get(s->st, id, &t);
    if (rc < 0)
        return sim_store_fail(s, err, "task get");
    if (rc == 0 || t.status != SIM_TASK_ACTIVE)
        return 0;
    if (step)
        task_step(s, &t, step);
    task_step(s, &t, status == SIM_TASK_DONE ? "Completed task." : status == SIM_TASK_CANCELLED
                                                                    ? "Task cancelled."
                                                                    : "Task failed.");
    t.status = status;
    t.finished = sim_clock_now(s);
    if (store_task_update(s->st, &t))
        return sim_store_fail(s, err, "task update");
    return 0;
}

static void task_view_fill(struct sim *s, const struct store_task_row *r,
                           struct sim_task_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->id;
    v->type = (enum sim_task_type)r->type;
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    v->status = (enum sim_task_status)r->status;
    v->started_ms = r->started;
    v->finished_ms = r->finished;
    v->priority = r->priority;
    rc_strlcpy(v->user, r->user, sizeof(v->user));
    rc_strlcpy(v->detail, r->detail, sizeof(v->detail));
    int64_t done, total;
    if (sim_pcopy_progress(s, r->id, &done, &total)) {
        /* MiB of written data, as an operator reads them */
        const int64_t per_mib = 1048576 / SIM_BLOCK_SIZE;
        v->steps_done = (done + per_mib - 1) / per_mib;
        v->steps_total = (total + per_mib - 1) / per_mib;
    }
}

int sim_task_list(struct sim *s, const char *array, struct sim_task_view **out, size_t *n,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_task_row *rows;
    size_t len;
    SIM_READ_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_task_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "task list");
    struct sim_task_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        task_view_fill(s, &rows[i], &v[i]);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

static int task_load(struct sim *s, const char *array, int64_t id, struct store_array_row *a,
                     struct store_task_row *t, struct sim_err *err)
{
    char ids[24];
    snprintf(ids, sizeof(ids), "%lld", (long long)id);
    if (sim_array_load(s, array, a, err))
        return -1;
    int rc = store_task_get(s->st, id, t);
    if (rc < 0)
        return sim_store_fail(s, err, "task get");
    if (rc == 0 || t->array_id != a->id)
        return sim_fail(err, SIM_ENOENT_TASK, ids, "no task %s", ids);
    return 0;
}

int sim_task_get(struct sim *s, const char *array, int64_t id, struct sim_task_view *out,
                 struct sim_err *err)
{
    struct store_array_row a;
    struct store_task_row t;
    SIM_LOCK_SCOPE(s);

    if (task_load(s, array, id, &a, &t, err))
        return -1;
    task_view_fill(s, &t, out);
    return 0;
}

int sim_task_create(struct sim *s, const char *array, enum sim_task_type type, const char *name,
                    enum sim_task_status status, const char *user, int64_t *id,
                    struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) ||
        sim_task_add(s, a.id, type, name, status == SIM_TASK_DONE, user, 0, 0, NULL, id, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_task_cancel(struct sim *s, const char *array, int64_t id, struct sim_err *err)
{
    struct store_array_row a;
    struct store_task_row t;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (task_load(s, array, id, &a, &t, err))
        return sim_txn_rollback(s);
    if (t.status != SIM_TASK_ACTIVE) {
        sim_fail(err, SIM_EINVAL, t.name, "task %lld is not active", (long long)id);
        return sim_txn_rollback(s);
    }
    if (sim_pcopy_task_cancel(s, id, err) ||
        sim_task_end(s, id, SIM_TASK_CANCELLED, NULL, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}
