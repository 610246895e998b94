/* cli/cmd_copy.c - physical copies and the tasks that run them:
 * createvvcopy (offline, -online, -r resync, -halt) and canceltask. The
 * copies are sim_vv_copy*() in sim/pcopy.c, the same the WSAPI
 * createPhysicalCopy and volume actions 1 and 2 call. Spec:
 * docs/array-interfaces.md §2.3, §2.8; docs/behaviour.md (Physical copies). */
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/pcopy.h"
#include "sim/task.h"
#include "util/strutil.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int priority_of(const char *v)
{
    if (!v)
        return 0;
    return !strcmp(v, "high") ? 1 : !strcmp(v, "low") ? 3 : 2;
}

static int copy_started(struct cli_ctx *cx, const char *dest, const char *parent, int64_t task)
{
    cli_printf(cx, "Copy was started. child = %s, parent = %s, task ID = %" PRId64 "\n", dest,
               parent, task);
    return CLI_OK;
}

/* createvvcopy -p <parent> [-s] [-pri] <dest>
 * createvvcopy -p <parent> -online [-snp_cpg <cpg>] [-tpvv|-tdvv] [-compr] <cpg> <dest>
 * createvvcopy -r [-pri] <dest> | createvvcopy -halt <dest> */
int cli_cmd_createvvcopy(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *parent = cli_opt_value(cx, "-p");
    bool online = cli_opt_has(cx, "-online"), resync = cli_opt_has(cx, "-r");
    bool halt = cli_opt_has(cx, "-halt");
    int64_t task = 0;
    if ((parent != NULL) + resync + halt != 1)
        return cli_usage(cx, "Give one of -p <parent>, -r or -halt");
    if (cx->argc != (online ? 2 : 1))
        return cli_usage(cx, online ? "An online copy takes <cpg> <destination>"
                                    : "Give the destination volume");
    const char *dest = cx->argv[cx->argc - 1];
    if (halt) {
        if (sim_vv_copy_stop(cx->sim, cx->array, dest, &err) < 0)
            return cli_refuse(cx, &err);
        return CLI_OK;
    }
    if (resync) {
        if (sim_vv_copy_resync(cx->sim, cx->array, dest, cx->cs->user, &task, &err) < 0)
            return cli_refuse(cx, &err);
        cli_printf(cx, "Resynchronization was started. child = %s, task ID = %" PRId64 "\n",
                   dest, task);
        return CLI_OK;
    }
    bool tdvv = cli_opt_has(cx, "-tdvv");
    struct sim_vv_copy_spec sp = {
        .dest = dest,
        .online = online,
        .dest_cpg = online ? cx->argv[0] : NULL,
        .snap_cpg = cli_opt_value(cx, "-snp_cpg"),
        .prov = tdvv ? SIM_PROV_TDVV : cli_opt_has(cx, "-tpvv") ? SIM_PROV_TPVV : SIM_PROV_FULL,
        .compression = cli_opt_has(cx, "-compr"),
        .save_snapshot = cli_opt_has(cx, "-s"),
        .priority = priority_of(cli_opt_value(cx, "-pri")),
        .user = cx->cs->user,
    };
    if (sim_vv_copy(cx->sim, cx->array, parent, &sp, &task, &err) < 0)
        return cli_refuse(cx, &err);
    return copy_started(cx, dest, parent, task);
}

/* canceltask [-f] <task_id> | canceltask [-f] -all: every active task. */
int cli_cmd_canceltask(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    bool all = cli_opt_has(cx, "-all");
    int64_t id = 0;
    if (all == (cx->argc == 1))
        return cli_usage(cx, "Give a task id or -all");
    if (!all) {
        if (rc_parse_i64(cx->argv[0], &id) < 0 || id <= 0)
            return cli_usage(cx, "Invalid task id \"%s\"", cx->argv[0]);
        if (sim_task_cancel(cx->sim, cx->array, id, &err) < 0)
            return cli_refuse(cx, &err);
        return CLI_OK;
    }
    struct sim_task_view *t = NULL;
    size_t n = 0;
    if (sim_task_list(cx->sim, cx->array, &t, &n, &err) < 0)
        return cli_refuse(cx, &err);
    int rc = CLI_OK;
    for (size_t i = 0; i < n && rc == CLI_OK; i++)
        if (t[i].status == SIM_TASK_ACTIVE && sim_task_cancel(cx->sim, cx->array, t[i].id,
                                                              &err) < 0)
            rc = cli_refuse(cx, &err);
    free(t);
    return rc;
}
