/* cli/cmd_rcopy.c - the Remote Copy service and its overview: startrcopy,
 * stoprcopy, showrcopy. Owns: the showrcopy layout (text and CSV). Not: the
 * state shown (sim/rctarget.c, sim/group.c), targets and groups commands
 * (cmd_rctarget.c, cmd_rcgroup.c).
 * Spec: docs/array-remote-copy.md §5.1 (layout, exact headers, CSV rules),
 * §1.1 (service), §2.6 (unknown group); docs/array-interfaces.md §3.4 (line 2 of
 * showrcopy says Started; links CSV rows).
 *
 * Layout of `showrcopy` with no argument:
 *
 *     (empty line)
 *     Remote Copy System Information
 *     Status: Started, Normal
 *     (empty line)
 *     Target Information
 *     (empty line)
 *     Name ID Type Status Options Policy          target table
 *     (empty line)
 *     Link Information
 *     (empty line)
 *     Target Node Address Status Options          links, then receive rows
 *     (empty line)
 *     Group Information
 *     (empty line)
 *     Name Target Status Role Mode Options        per group: header, row,
 *       LocalVV ID RemoteVV ID SyncStatus LastSyncTime    volumes indented
 *     (empty line after each group)
 *
 * The volume table has a one-space first column, so the text form is
 * indented by two spaces and the CSV rows start with " ," (§5.1).
 *
 * -d (a layout of our own; the reference has only Resync_ss from a live
 * 10.5 array) adds three volume columns after LastSyncTime:
 *     Resync_ss     the resync snapshot on this side, "-" when none
 *     Resync        "full" or "delta": the kind of the current or last resync
 *     Blocks        "<sent>/<total>" 16 KiB blocks of that resync
 * and, to the group row, the columns Domain UsrCPG SnpCPG (local CPGs).
 * -qw adds a "Quorum Witness Information" table (Target QW_Address
 * QW_Status QW_Reach: "reachable" or "unreachable" from this array, "-"
 * without a started witness) after the targets. */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/array.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The service                                                          */

int cli_cmd_startrcopy(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_rcopy_start(cx->sim, cx->array, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_stoprcopy(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_rcopy_stop(cx->sim, cx->array, cli_opt_has(cx, "-stopgroups"),
                       cli_opt_has(cx, "-clear"), &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* Value texts                                                          */

/* The SyncStatus words of §2.1 (display text; the engine has the enum). */
static void sync_status_text(const struct sim_pair_view *p, char *buf, size_t size)
{
    switch (p->status) {
    case SIM_SYNC_NEW: snprintf(buf, size, "New"); break;
    case SIM_SYNC_SYNCING: snprintf(buf, size, "Syncing (%d%%)", p->progress_pct); break;
    case SIM_SYNC_SYNCED: snprintf(buf, size, "Synced"); break;
    case SIM_SYNC_NOTSYNCED: snprintf(buf, size, "NotSynced"); break;
    case SIM_SYNC_STOPPED: snprintf(buf, size, "Stopped"); break;
    case SIM_SYNC_STALE: snprintf(buf, size, "Stale"); break;
    case SIM_SYNC_FAILSAFE: snprintf(buf, size, "Failsafe"); break;
    default: snprintf(buf, size, "Unknown"); break;
    }
}

void cli_rc_format_period(int64_t ms, char *buf, size_t size)
{
    static const struct { int64_t ms; char unit; } units[] = {
        { 86400000, 'd' }, { 3600000, 'h' }, { 60000, 'm' }, { 1000, 's' },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (ms >= units[i].ms && ms % units[i].ms == 0) {
            snprintf(buf, size, "%" PRId64 "%c", ms / units[i].ms, units[i].unit);
            return;
        }
    }
    snprintf(buf, size, "%" PRId64 "ms", ms);
}

static bool source_role(enum sim_rc_role r)
{
    return r == SIM_RC_PRIMARY || r == SIM_RC_PRIMARY_REV;
}

/* The group Options field (§5.1): Last-Sync (periodic, primary side),
 * Period, then the non-default policies. no_fail_wrt_on_err, the
 * default, never shows. */
static void group_options(const struct sim_group_view *g, bool csv, struct strbuf *out)
{
    static const uint32_t order[] = {
        SIM_POL_AUTO_RECOVER, SIM_POL_OVER_PER_ALERT, SIM_POL_AUTO_FAILOVER,
        SIM_POL_PATH_MANAGEMENT, SIM_POL_FAIL_WRT_ON_ERR, SIM_POL_AUTO_SYNCHRONIZE,
        SIM_POL_ACTIVE_ACTIVE,
    };
    char buf[48];
    size_t start = out->len;
    if (g->mode != SIM_RC_SYNC && source_role(g->role) && g->last_sync_ms) {
        rc_format_time(g->last_sync_ms, buf, sizeof(buf));
        strbuf_addf(out, "Last-Sync %s", buf);
    }
    if (g->mode != SIM_RC_SYNC && g->period_ms) {
        cli_rc_format_period(g->period_ms, buf, sizeof(buf));
        strbuf_addf(out, "%sPeriod %s", out->len > start ? ", " : "", buf);
    }
    bool first = true;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (!(g->policies & order[i]))
            continue;
        const char *name = sim_rc_policy_name(order[i]);
        if (first && out->len > start)
            strbuf_adds(out, ", ");
        else if (!first)
            strbuf_addch(out, ',');
        strbuf_adds(out, name ? name : "?");
        first = false;
    }
    if (out->len == start && !csv)
        strbuf_addch(out, '-');
}

/* ------------------------------------------------------------------ */
/* Sections                                                             */

static void print_system(struct cli_ctx *cx)
{
    struct sim_array_view a;
    struct sim_err err = SIM_ERR_INIT;
    bool started = sim_array_get(cx->sim, cx->array, &a, &err) == 0 && a.rc_started;
    cli_printf(cx, "\nRemote Copy System Information\nStatus: %s\n",
               started ? "Started, Normal" : "Stopped");
}

static const struct fmt_col target_cols[] = {
    { "Name", FMT_LEFT, false }, { "ID", FMT_RIGHT, false }, { "Type", FMT_LEFT, false },
    { "Status", FMT_LEFT, false }, { "Options", FMT_LEFT, false },
    { "Policy", FMT_LEFT, false },
};

static const struct fmt_col qw_cols[] = {
    { "Target", FMT_LEFT, false }, { "QW_Address", FMT_LEFT, false },
    { "QW_Status", FMT_LEFT, false }, { "QW_Reach", FMT_LEFT, false },
};

static int print_targets(struct cli_ctx *cx, bool qw)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_target_view *t = NULL;
    size_t n = 0;
    struct fmt_table tab;
    if (sim_target_list(cx->sim, cx->array, &t, &n, &err) < 0)
        return cli_refuse(cx, &err);
    fmt_table_init(&tab, target_cols, sizeof(target_cols) / sizeof(target_cols[0]));
    for (size_t i = 0; i < n; i++) {
        struct strbuf opts;
        strbuf_init(&opts);
        if (t[i].fc && t[i].node_wwn[0])
            strbuf_adds(&opts, t[i].node_wwn);
        if (!t[i].enabled)
            strbuf_addf(&opts, "%sdisabled", opts.len ? "," : "");
        fmt_table_cell(&tab, t[i].name);
        fmt_table_cellf(&tab, "%" PRId64, t[i].id);
        fmt_table_cell(&tab, t[i].fc ? "FC" : "IP");
        fmt_table_cell(&tab, sim_target_status_name(t[i].status));
        fmt_table_cell(&tab, opts.len ? opts.buf : cx->csv ? "" : "-");
        fmt_table_cell(&tab, t[i].mirror_config ? "mirror_config" : "no_mirror_config");
        strbuf_release(&opts);
    }
    cli_print_table(cx, &tab);
    fmt_table_release(&tab);
    if (qw) {
        fmt_table_init(&tab, qw_cols, sizeof(qw_cols) / sizeof(qw_cols[0]));
        for (size_t i = 0; i < n; i++) {
            fmt_table_cell(&tab, t[i].name);
            fmt_table_cell(&tab, t[i].witness[0] ? t[i].witness : "-");
            fmt_table_cell(&tab, t[i].witness_state[0] ? t[i].witness_state : "-");
            fmt_table_cell(&tab, strcmp(t[i].witness_state, "started") != 0 ? "-" :
                           t[i].witness_reachable ? "reachable" : "unreachable");
        }
        cli_printf(cx, "\nQuorum Witness Information\n\n");
        cli_print_table(cx, &tab);
        fmt_table_release(&tab);
    }
    free(t);
    return CLI_OK;
}

static const struct fmt_col link_cols[] = {
    { "Target", FMT_LEFT, false }, { "Node", FMT_LEFT, false },
    { "Address", FMT_LEFT, false }, { "Status", FMT_LEFT, false },
    { "Options", FMT_LEFT, false },
};

static bool is_rc_port(const struct sim_port_view *p)
{
    return strcmp(p->mode, "rcip") == 0 || strcmp(p->mode, "rcfc") == 0;
}

static int print_links(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_link_view *l = NULL;
    struct sim_port_view *p = NULL;
    size_t n = 0, np = 0;
    struct fmt_table tab;
    const char *none = cx->csv ? "" : "-";
    if (sim_link_list(cx->sim, cx->array, &l, &n, &err) < 0)
        return cli_refuse(cx, &err);
    if (sim_port_list(cx->sim, cx->array, &p, &np, &err) < 0) {
        free(l);
        return cli_refuse(cx, &err);
    }
    fmt_table_init(&tab, link_cols, sizeof(link_cols) / sizeof(link_cols[0]));
    for (size_t i = 0; i < n; i++) {
        fmt_table_cell(&tab, l[i].target);
        fmt_table_cell(&tab, l[i].local_nsp);
        fmt_table_cell(&tab, l[i].address);
        fmt_table_cell(&tab, l[i].up ? "Up" : "Down");
        fmt_table_cell(&tab, none);
    }
    /* One receive row per local replication port (§1.2, §5.1). */
    for (size_t i = 0; i < np; i++) {
        if (!is_rc_port(&p[i]))
            continue;
        bool fc = strcmp(p[i].mode, "rcfc") == 0;
        fmt_table_cell(&tab, "receive");
        fmt_table_cellf(&tab, "%d:%d:%d", p[i].node, p[i].slot, p[i].port);
        fmt_table_cell(&tab, fc ? p[i].wwn : "receive");
        fmt_table_cell(&tab, strcmp(p[i].state, "ready") == 0 ? "Up" : "Down");
        fmt_table_cell(&tab, none);
    }
    cli_print_table(cx, &tab);
    fmt_table_release(&tab);
    free(l);
    free(p);
    return CLI_OK;
}

static const struct fmt_col group_cols[] = {
    { "Name", FMT_LEFT, false }, { "Target", FMT_LEFT, false },
    { "Status", FMT_LEFT, false }, { "Role", FMT_LEFT, false },
    { "Mode", FMT_LEFT, false }, { "Options", FMT_LEFT, false },
    /* -d */
    { "Domain", FMT_LEFT, false }, { "UsrCPG", FMT_LEFT, false },
    { "SnpCPG", FMT_LEFT, false },
};
#define GROUP_COLS 6
#define GROUP_COLS_D 9

static const struct fmt_col vol_cols[] = {
    { " ", FMT_LEFT, false },
    { "LocalVV", FMT_LEFT, false }, { "ID", FMT_RIGHT, false },
    { "RemoteVV", FMT_LEFT, false }, { "ID", FMT_RIGHT, false },
    { "SyncStatus", FMT_LEFT, false }, { "LastSyncTime", FMT_LEFT, false },
    /* -d */
    { "Resync_ss", FMT_LEFT, false }, { "Resync", FMT_LEFT, false },
    { "Blocks", FMT_LEFT, false },
};
#define VOL_COLS 7
#define VOL_COLS_D 10

static void print_group(struct cli_ctx *cx, const struct sim_group_view *g, bool detail)
{
    struct fmt_table tab;
    struct strbuf opts;
    char buf[48];

    strbuf_init(&opts);
    group_options(g, cx->csv, &opts);
    fmt_table_init(&tab, group_cols, detail ? GROUP_COLS_D : GROUP_COLS);
    fmt_table_cell(&tab, g->name);
    fmt_table_cell(&tab, g->target);
    fmt_table_cell(&tab, sim_rc_status_name(g->status));
    fmt_table_cell(&tab, sim_rc_role_name(g->role));
    fmt_table_cell(&tab, sim_rc_mode_name(g->mode));
    fmt_table_cell(&tab, opts.buf);
    if (detail) {
        fmt_table_cell(&tab, g->domain[0] ? g->domain : "-");
        fmt_table_cell(&tab, g->local_user_cpg[0] ? g->local_user_cpg : "-");
        fmt_table_cell(&tab, g->local_snap_cpg[0] ? g->local_snap_cpg : "-");
    }
    cli_print_table(cx, &tab);
    fmt_table_release(&tab);
    strbuf_release(&opts);

    fmt_table_init(&tab, vol_cols, detail ? VOL_COLS_D : VOL_COLS);
    for (size_t i = 0; i < g->n_pairs; i++) {
        const struct sim_pair_view *p = &g->pairs[i];
        fmt_table_cell(&tab, " ");
        fmt_table_cell(&tab, p->local_vv);
        fmt_table_cellf(&tab, "%" PRId64, p->local_id);
        fmt_table_cell(&tab, p->remote_vv);
        if (p->remote_id)
            fmt_table_cellf(&tab, "%" PRId64, p->remote_id);
        else
            fmt_table_cell(&tab, "-");
        sync_status_text(p, buf, sizeof(buf));
        fmt_table_cell(&tab, buf);
        /* Sync groups show NA while in sync (§2.1); otherwise the time of
         * the stop or of the last completed sync point. */
        bool na = !p->last_sync_ms || (g->mode == SIM_RC_SYNC &&
                                       (p->status == SIM_SYNC_SYNCED ||
                                        p->status == SIM_SYNC_SYNCING));
        if (na) {
            fmt_table_cell(&tab, "NA");
        } else {
            rc_format_time(p->last_sync_ms, buf, sizeof(buf));
            fmt_table_cell(&tab, buf);
        }
        if (detail) {
            fmt_table_cell(&tab, p->resync_snap[0] ? p->resync_snap : "-");
            if (p->blocks_total || p->blocks_sent) {
                fmt_table_cell(&tab, p->full_sync ? "full" : "delta");
                fmt_table_cellf(&tab, "%" PRIu64 "/%" PRIu64, p->blocks_sent,
                                p->blocks_total);
            } else {
                fmt_table_cell(&tab, "-");
                fmt_table_cell(&tab, "-");
            }
        }
    }
    cli_print_table(cx, &tab);
    fmt_table_release(&tab);
    if (!cx->csv)
        cli_printf(cx, "\n");
}

static bool group_wanted(const struct cli_ctx *cx, const struct sim_group_view *g, int first,
                         bool *hit)
{
    const char *domain = cli_opt_value(cx, "-domain");
    if (domain && strcmp(domain, g->domain) != 0)
        return false;
    if (first >= cx->argc)
        return true;
    bool any = false;
    for (int i = first; i < cx->argc; i++) {
        if (rc_glob_match(cx->argv[i], g->name)) {
            hit[i] = true;
            any = true;
        }
    }
    return any;
}

/* The groups section; patterns are argv[first..]. A pattern that matches
 * no group gets the §2.6 error on stderr, and the section stays empty. */
static int print_groups(struct cli_ctx *cx, int first)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view *g = NULL;
    size_t n = 0;
    int rc = CLI_OK;
    bool detail = cli_opt_has(cx, "-d");
    if (sim_group_list(cx->sim, cx->array, &g, &n, &err) < 0)
        return cli_refuse(cx, &err);
    bool *hit = xcalloc((size_t)cx->argc + 1, sizeof(*hit));
    /* a multi-target group prints one block per target (§5.1) */
    for (size_t i = 0; i < n; i++) {
        if (!group_wanted(cx, &g[i], first, hit))
            continue;
        print_group(cx, &g[i], detail);
        for (size_t j = 0; j < g[i].n_legs; j++)
            print_group(cx, &g[i].legs[j], detail);
    }
    for (int i = first; i < cx->argc; i++) {
        if (!hit[i]) {
            sim_fail(&err, SIM_ENOENT_GROUP, cx->argv[i], "no group matches");
            rc = cli_refuse(cx, &err);
        }
    }
    free(hit);
    sim_group_views_free(g, n);
    return rc;
}

int cli_cmd_showrcopy(struct cli_ctx *cx)
{
    const char *what = cx->argc ? cx->argv[0] : NULL;
    bool qw = cli_opt_has(cx, "-qw");
    int rc;

    if (what && strcmp(what, "links") && strcmp(what, "groups") && strcmp(what, "targets"))
        return cli_usage(cx, "Invalid argument \"%s\": expected links, groups or targets",
                         what);
    if (what && strcmp(what, "groups") && cx->argc > 1)
        return cli_usage(cx, "Too many arguments");
    if (what && strcmp(what, "links") == 0)
        return print_links(cx);
    if (what && strcmp(what, "targets") == 0)
        return print_targets(cx, qw);

    print_system(cx);
    if (!what) {
        cli_printf(cx, "\nTarget Information\n\n");
        if ((rc = print_targets(cx, qw)))
            return rc;
        cli_printf(cx, "\nLink Information\n\n");
        if ((rc = print_links(cx)))
            return rc;
    }
    cli_printf(cx, "\nGroup Information\n\n");
    return print_groups(cx, what ? 1 : 0);
}
