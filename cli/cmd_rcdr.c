/* cli/cmd_rcdr.c - the disaster-recovery subcommands of setrcopygroup:
 * failover, recover, restore, reverse, switchover, override. Owns: their
 * options and the task lines they print. Not: the role changes
 * (sim/group.c), waiting (cmd_task.c).
 * Spec: docs/array-remote-copy.md §2.4 (options, where issued), §5.3
 * (output), §5.4 (confirmation unless -f, done by dispatch from the
 * table), §6.3-§6.5 (the sequences tools send). */
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "sim/task.h"

#include <inttypes.h>
#include <string.h>

static const struct {
    const char *name;
    enum sim_dr_op op;
} dr_ops[] = {
    { "failover", SIM_DR_FAILOVER }, { "override", SIM_DR_OVERRIDE },
    { "recover", SIM_DR_RECOVER }, { "restore", SIM_DR_RESTORE },
    { "reverse", SIM_DR_REVERSE }, { "switchover", SIM_DR_SWITCHOVER },
};

/* setrcopygroup <op> [options] <group>: for each group (one, or those
 * -pat matches) prints
 *     setrcopygroup for <op> <group>
 *     <op> started with tasks: <id>
 * and with -waittask
 *     Waiting for tasks to complete
 *     Task <id> done            (or the task's final status)
 */
int cli_cmd_setrcopygroup_dr(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *opname = cx->cmd->name;
    enum sim_dr_op op = SIM_DR__COUNT;
    char **names = NULL;
    size_t n = 0;
    int rc;

    for (size_t i = 0; i < sizeof(dr_ops) / sizeof(dr_ops[0]); i++)
        if (strcmp(dr_ops[i].name, opname) == 0)
            op = dr_ops[i].op;
    if (op == SIM_DR__COUNT)
        return cli_usage(cx, "Invalid subcommand \"%s\"", opname);

    struct sim_dr_opts o = {
        .nostart = cli_opt_has(cx, "-nostart"), .nosync = cli_opt_has(cx, "-nosync"),
        .nosnap = cli_opt_has(cx, "-nosnap"), .nopromote = cli_opt_has(cx, "-nopromote"),
        .discard = cli_opt_has(cx, "-discard"), .stopgroups = cli_opt_has(cx, "-stopgroups"),
        .local = cli_opt_has(cx, "-local"), .natural = cli_opt_has(cx, "-natural"),
        .current = cli_opt_has(cx, "-current"), .target = cli_opt_value(cx, "-t"),
        .user = cx->cs->user,
    };
    if (o.natural && o.current)
        return cli_usage(cx, "Options -natural and -current exclude each other");
    if (o.local && !o.natural && !o.current)
        return cli_usage(cx, "Option -local needs -natural or -current");

    if ((rc = cli_rc_group_names(cx, cx->argv[0], cli_opt_has(cx, "-pat"), &names, &n)))
        return rc;
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        int64_t task = 0;
        if (sim_group_dr(cx->sim, cx->array, names[i], op, &o, &task, &err) < 0) {
            rc = cli_refuse(cx, &err);
            break;
        }
        cli_printf(cx, "setrcopygroup for %s %s\n", opname, names[i]);
        cli_printf(cx, "%s started with tasks: %" PRId64 "\n", opname, task);
        if (!cli_opt_has(cx, "-waittask") || task <= 0)
            continue;
        struct sim_task_view t;
        cli_printf(cx, "Waiting for tasks to complete\n");
        if ((rc = cli_wait_task(cx, task, &t)))
            break;
        cli_printf(cx, "Task %" PRId64 " %s\n", task, sim_task_status_name(t.status));
        if (t.status != SIM_TASK_DONE)
            rc = CLI_REFUSED;
    }
    cli_rc_names_free(names, n);
    return rc;
}
