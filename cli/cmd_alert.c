/* cli/cmd_alert.c - showalert (the alerts the array's events raised) and
 * showuser (its users). Owns: their layouts. Not: which events are
 * alerts (sim/alert.c). Spec: docs/behaviour.md (Alerts), the array's
 * showalert layout of "Field : value" blocks. */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/alert.h"
#include "sim/array.h"
#include "sim/err.h"
#include "util/strutil.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct fmt_col alert_cols[] = {
    { "Id", FMT_RIGHT, false }, { "State", FMT_LEFT, false },
    { "MessageCode", FMT_LEFT, false }, { "Time", FMT_LEFT, false },
    { "Severity", FMT_LEFT, false }, { "Type", FMT_LEFT, false },
    { "Message", FMT_LEFT, false },
};

/* showalert [-n|-a|-f|-all] [-oneline]: every alert is New until an
 * operator acknowledges it, and rcsim has no setalert: -a and -f list
 * none. */
int cli_cmd_showalert(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_alert_view *v = NULL;
    size_t n = 0;
    if (sim_alert_list(cx->sim, cx->array, &v, &n, &err) < 0)
        return cli_refuse(cx, &err);
    bool none = (cli_opt_has(cx, "-a") || cli_opt_has(cx, "-f")) && !cli_opt_has(cx, "-n") &&
                !cli_opt_has(cx, "-all");
    if (none || !n) {
        cli_printf(cx, "No alerts.\n");
        free(v);
        return CLI_OK;
    }
    struct fmt_table t;
    fmt_table_init(&t, alert_cols, sizeof(alert_cols) / sizeof(alert_cols[0]));
    for (size_t i = 0; i < n; i++) {
        char when[40];
        rc_format_time(v[i].time_ms, when, sizeof(when));
        if (cli_opt_has(cx, "-oneline") || cx->csv) {
            fmt_table_cellf(&t, "%" PRId64, v[i].id);
            fmt_table_cell(&t, "New");
            fmt_table_cell(&t, v[i].code);
            fmt_table_cell(&t, when);
            fmt_table_cell(&t, v[i].severity);
            fmt_table_cell(&t, v[i].type);
            fmt_table_cell(&t, v[i].message);
            continue;
        }
        cli_printf(cx, "%sId          : %" PRId64 "\nState       : New\nMessage Code: %s\n"
                   "Time        : %s\nSeverity    : %s\nType        : %s\nMessage     : %s\n",
                   i ? "\n" : "", v[i].id, v[i].code, when, v[i].severity, v[i].type,
                   v[i].message);
    }
    if (t.nrows)
        cli_print_table(cx, &t);
    fmt_table_release(&t);
    free(v);
    return CLI_OK;
}

static const struct fmt_col user_cols[] = {
    { "Username", FMT_LEFT, false }, { "Domain", FMT_LEFT, false },
    { "Role", FMT_LEFT, false }, { "Default", FMT_LEFT, false },
};

/* showuser [<name|pattern>...]: users have every domain ("all"). */
int cli_cmd_showuser(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_user_view *u = NULL;
    size_t n = 0;
    if (sim_user_list(cx->sim, cx->array, &u, &n, &err) < 0)
        return cli_refuse(cx, &err);
    struct fmt_table t;
    fmt_table_init(&t, user_cols, sizeof(user_cols) / sizeof(user_cols[0]));
    for (size_t i = 0; i < n; i++) {
        if (!cli_args_match(cx, u[i].name))
            continue;
        fmt_table_cell(&t, u[i].name);
        fmt_table_cell(&t, "all");
        fmt_table_cell(&t, sim_user_role_name(u[i].role));
        fmt_table_cell(&t, "N");
    }
    if (t.nrows)
        cli_print_table(cx, &t);
    else
        cli_printf(cx, "No users listed\n");
    fmt_table_release(&t);
    free(u);
    return CLI_OK;
}
