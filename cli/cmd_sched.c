/* cli/cmd_sched.c - scheduled commands: createsched, setsched, removesched,
 * showsched, and the executor that runs a schedule's command line as its
 * owner when the engine says it is due (cli_sched_install). Owns: their
 * syntax and layout. Not: the schedules and their timing (sim/sched.c).
 * Spec: docs/array-interfaces.md §3.5 and §5.4 (the client's parsing:
 * "error"/"invalid" fail a change, "No scheduled tasks " means none,
 * "active"/"suspended" are looked for outside the header). */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/sched.h"
#include "util/strbuf.h"
#include "util/strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_cmd_createsched(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *command = cx->argv[0];
    /* the command must be one the array knows: it is checked now, not
     * when it first runs */
    struct cli_words *cmds = NULL;
    size_t n = 0;
    if (cli_tokenize(command, &cmds, &n, NULL) < 0 || n != 1) {
        cli_tokens_free(cmds, n);
        return cli_usage(cx, "Invalid command \"%s\": give one command", command);
    }
    bool known = cli_cmd_find(cli_commands, cmds[0].argv[0]) != NULL;
    cli_tokens_free(cmds, n);
    if (!known)
        return cli_usage(cx, "Invalid command \"%s\": not a CLI command", command);
    struct sim_sched_spec spec = {
        .name = cx->argv[2],
        .command = command,
        .when = cx->argv[1],
        .run_once = cli_opt_has(cx, "-run_once"),
        .no_alert = cli_opt_has(cx, "-no_alert"),
    };
    if (sim_sched_create(cx->sim, cx->array, cx->cs->user, &spec, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_setsched(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    bool suspend = cli_opt_has(cx, "-suspend"), resume = cli_opt_has(cx, "-resume");
    if (suspend && resume)
        return cli_usage(cx, "-suspend and -resume cannot be given together");
    struct sim_sched_mod mod = {
        .new_name = cli_opt_value(cx, "-name"),
        .when = cli_opt_value(cx, "-s"),
        .suspend = suspend ? 1 : resume ? 2 : 0,
    };
    if (sim_sched_modify(cx->sim, cx->array, cx->argv[0], &mod, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_removesched(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_sched_remove(cx->sim, cx->array, cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

static const struct fmt_col showsched_cols[] = {
    { "SchedName", FMT_LEFT, false }, { "File/Command", FMT_LEFT, false },
    { "Min", FMT_LEFT, false }, { "Hour", FMT_LEFT, false }, { "DOM", FMT_LEFT, false },
    { "Month", FMT_LEFT, false }, { "DOW", FMT_LEFT, false },
    { "CreatedBy", FMT_LEFT, false }, { "Status", FMT_LEFT, false },
    { "Alert", FMT_LEFT, false }, { "NextRunTime", FMT_LEFT, false },
};
static const struct fmt_col showsched_d_cols[] = {
    { "SchedName", FMT_LEFT, false }, { "File/Command", FMT_LEFT, false },
    { "Min", FMT_LEFT, false }, { "Hour", FMT_LEFT, false }, { "DOM", FMT_LEFT, false },
    { "Month", FMT_LEFT, false }, { "DOW", FMT_LEFT, false },
    { "CreatedBy", FMT_LEFT, false }, { "Status", FMT_LEFT, false },
    { "Alert", FMT_LEFT, false }, { "NextRunTime", FMT_LEFT, false },
    { "LastRunTime", FMT_LEFT, false }, { "LastResult", FMT_LEFT, false },
};

static void time_cell(struct fmt_table *t, int64_t ms)
{
    char when[40] = "--";
    if (ms)
        rc_format_time(ms, when, sizeof(when));
    fmt_table_cell(t, when);
}

int cli_cmd_showsched(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_sched_view *v = NULL;
    size_t n = 0;
    bool d = cli_opt_has(cx, "-d");
    if (sim_sched_list(cx->sim, cx->array, &v, &n, &err) < 0)
        return cli_refuse(cx, &err);
    struct fmt_table t;
    if (d)
        fmt_table_init(&t, showsched_d_cols, sizeof(showsched_d_cols) / sizeof(*showsched_d_cols));
    else
        fmt_table_init(&t, showsched_cols, sizeof(showsched_cols) / sizeof(*showsched_cols));
    t.total = true;
    t.total_label = "total";
    for (size_t i = 0; i < n; i++) {
        if (!cli_args_match(cx, v[i].name))
            continue;
        fmt_table_cell(&t, v[i].name);
        fmt_table_cell(&t, v[i].command);
        for (int f = 0; f < 5; f++)
            fmt_table_cell(&t, v[i].field[f]);
        fmt_table_cell(&t, v[i].owner);
        fmt_table_cell(&t, v[i].suspended ? "suspended" : "active");
        fmt_table_cell(&t, v[i].alert ? "Y" : "N");
        time_cell(&t, v[i].suspended ? 0 : v[i].next_run_ms);
        if (d) {
            time_cell(&t, v[i].last_run_ms);
            fmt_table_cell(&t, v[i].last_status == SIM_SCHED_OK       ? "ok"
                               : v[i].last_status == SIM_SCHED_FAILED ? v[i].last_output
                                                                      : "--");
        }
    }
    if (t.nrows)
        cli_print_table(cx, &t);
    else
        cli_printf(cx, "No scheduled tasks listed\n");
    fmt_table_release(&t);
    free(v);
    return CLI_OK;
}

/* ---- the executor ----------------------------------------------------- */

struct sched_capture {
    struct strbuf out, err;
};

static void sched_out(void *ctx, const char *d, size_t n)
{
    strbuf_add(&((struct sched_capture *)ctx)->out, d, n);
}

static void sched_err(void *ctx, const char *d, size_t n)
{
    strbuf_add(&((struct sched_capture *)ctx)->err, d, n);
}

static void first_line(const struct strbuf *sb, char *out, size_t size)
{
    size_t len = sb->len;
    const char *nl = sb->len ? memchr(sb->buf, '\n', sb->len) : NULL;
    if (nl)
        len = (size_t)(nl - sb->buf);
    if (len >= size)
        len = size - 1;
    memcpy(out, sb->len ? sb->buf : "", len);
    out[len] = '\0';
}

/* Runs one scheduled command line as its owner, non-interactively (a
 * question is answered no, as without a terminal) and without waiting. */
static int sched_exec(void *ctx, struct sim *s, const char *array, const char *user,
                      const char *command, char *out, size_t size)
{
    (void)ctx;
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    if (sim_user_role(s, array, user, &role, &err) < 0) {
        snprintf(out, size, "user %s cannot run it: %s", user, err.detail);
        return 1;
    }
    struct sched_capture cap = { .out = STRBUF_INIT, .err = STRBUF_INIT };
    const struct cli_io io = { .out = sched_out, .err = sched_err, .ctx = &cap,
                               .no_wait = true };
    struct cli_session *cs = cli_session_new(s, array, user, role);
    int status = cli_session_run(cs, command, &io, NULL);
    cli_session_free(cs);
    first_line(status == CLI_OK || !cap.err.len ? &cap.out : &cap.err, out, size);
    strbuf_release(&cap.out);
    strbuf_release(&cap.err);
    return status;
}

void cli_sched_install(struct sim *s)
{
    sim_sched_set_executor(s, sched_exec, NULL);
}
