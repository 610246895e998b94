/* cli/cmd_task.c - the array's tasks: showtask, and waiting for a task or a
 * group's sync on behalf of -waittask, -wait and -w. Owns: the showtask
 * layout and the wait loop. Not: the tasks themselves (sim/task.c).
 * Spec: docs/array-remote-copy.md §5.3 (showtask -d), §2.4 (-waittask,
 * -wait), docs/array-interfaces.md §5.7 (-waittask prints the task's end). */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/event.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "util/strutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long one wait for an engine event lasts before the state is read
 * again; an event (a tick, a clock advance) ends it sooner. */
#define WAIT_SLICE_MS 250

static const struct fmt_col task_cols[] = {
    { "Id", FMT_RIGHT, false },
    { "Type", FMT_LEFT, false },
    { "Name", FMT_LEFT, false },
    { "Status", FMT_LEFT, false },
    { "Phase", FMT_LEFT, false },
    { "Step", FMT_LEFT, false },
    { "-------StartTime-------", FMT_LEFT, false },
    { "------FinishTime-------", FMT_LEFT, false },
    { "-Priority-", FMT_LEFT, false },
    { "-User--", FMT_LEFT, false },
};

/* Remote-copy tasks have no priority the CLI shows (docs/array-remote-copy.md §5.3 shows
 * "n/a" for a failover); others show theirs. */
static const char *priority_name(const struct sim_task_view *v)
{
    if (v->type >= SIM_TASK_RC_SYNC && v->type <= SIM_TASK_RC_RESTORE)
        return "n/a";
    switch (v->priority) {
    case 1: return "high";
    case 2: return "med";
    case 3: return "low";
    default: return "n/a";
    }
}

static void task_row(struct fmt_table *t, const struct sim_task_view *v)
{
    char when[40];
    bool active = v->status == SIM_TASK_ACTIVE;
    fmt_table_cellf(t, "%" PRId64, v->id);
    fmt_table_cell(t, sim_task_type_name(v->type));
    fmt_table_cell(t, v->name);
    fmt_table_cell(t, sim_task_status_name(v->status));
    /* A task runs as one phase; a copy's steps are the MiB it copies, other
     * tasks have one step. The array shows "---" once a task has ended. */
    fmt_table_cell(t, active ? "1/1" : "---");
    if (active && v->steps_total)
        fmt_table_cellf(t, "%" PRId64 "/%" PRId64, v->steps_done, v->steps_total);
    else
        fmt_table_cell(t, active ? "1/1" : "---");
    rc_format_time(v->started_ms, when, sizeof(when));
    fmt_table_cell(t, when);
    if (v->finished_ms) {
        rc_format_time(v->finished_ms, when, sizeof(when));
        fmt_table_cell(t, when);
    } else {
        fmt_table_cell(t, "-");
    }
    fmt_table_cell(t, priority_name(v));
    fmt_table_cell(t, v->user[0] ? v->user : "-");
}

/* showtask [-d] [<id>]: every task, or one; -d adds the step lines. */
int cli_cmd_showtask(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct fmt_table t;
    bool detail = cli_opt_has(cx, "-d");
    int64_t id = 0;

    if (cx->argc == 1 && (rc_parse_i64(cx->argv[0], &id) < 0 || id <= 0))
        return cli_usage(cx, "Invalid task id \"%s\"", cx->argv[0]);
    if (detail && !id)
        return cli_usage(cx, "Option -d needs a task id");

    fmt_table_init(&t, task_cols, sizeof(task_cols) / sizeof(task_cols[0]));
    if (id) {
        struct sim_task_view v;
        if (sim_task_get(cx->sim, cx->array, id, &v, &err) < 0) {
            fmt_table_release(&t);
            return cli_refuse(cx, &err);
        }
        task_row(&t, &v);
        cli_print_table(cx, &t);
        if (detail) {
            cli_printf(cx, "\nDetailed status:\n");
            size_t len = strlen(v.detail);
            cli_write(cx, v.detail, len);
            if (len && v.detail[len - 1] != '\n')
                cli_printf(cx, "\n");
        }
        fmt_table_release(&t);
        return CLI_OK;
    }

    struct sim_task_view *tasks = NULL;
    size_t n = 0;
    if (sim_task_list(cx->sim, cx->array, &tasks, &n, &err) < 0) {
        fmt_table_release(&t);
        return cli_refuse(cx, &err);
    }
    for (size_t i = 0; i < n; i++)
        task_row(&t, &tasks[i]);
    if (n)
        cli_print_table(cx, &t);
    else
        cli_printf(cx, "No tasks.\n");
    fmt_table_release(&t);
    free(tasks);
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* Waiting                                                              */

static bool interrupted(const struct cli_ctx *cx)
{
    return cx->io->no_wait || (cx->io->interrupted && *cx->io->interrupted);
}

static int wait_interrupted(struct cli_ctx *cx)
{
    /* Not a refusal: the operation goes on in the engine; only the wait
     * ends (Ctrl-C at the array's CLI does the same). */
    static const char msg[] = "Interrupted: the operation continues in the background\n";
    cx->io->err(cx->io->ctx, msg, sizeof(msg) - 1);
    return CLI_REFUSED;
}

int cli_wait_task(struct cli_ctx *cx, int64_t id, struct sim_task_view *out)
{
    struct sim_err err = SIM_ERR_INIT;
    for (;;) {
        /* Read the event cursor first, so that a change between the read of
         * the task and the wait still wakes us. */
        int64_t since = sim_event_last_id(cx->sim);
        if (sim_task_get(cx->sim, cx->array, id, out, &err) < 0)
            return cli_refuse(cx, &err);
        if (out->status != SIM_TASK_ACTIVE)
            return 0;
        if (interrupted(cx))
            return wait_interrupted(cx);
        sim_event_wait(cx->sim, since, WAIT_SLICE_MS);
    }
}

int cli_wait_synced(struct cli_ctx *cx, const char *group)
{
    struct sim_err err = SIM_ERR_INIT;
    for (;;) {
        int64_t since = sim_event_last_id(cx->sim);
        int synced = sim_group_synced(cx->sim, cx->array, group, &err);
        if (synced < 0)
            return cli_refuse(cx, &err);
        if (synced)
            return 0;
        if (interrupted(cx))
            return wait_interrupted(cx);
        sim_event_wait(cx->sim, since, WAIT_SLICE_MS);
    }
}
