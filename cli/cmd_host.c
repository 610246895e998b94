/* cli/cmd_host.c - hosts, host sets, volume sets and QoS rules from the
 * CLI: createhost, removehost, showhost, showhostset, createvvset,
 * removevvset, showvvset, setqos. Owns: their syntax and layouts. Not: the
 * objects (sim/host.c, sim/set.c, sim/qos.c), which the WSAPI shares.
 * Spec: docs/array-interfaces.md §3.6 (findHost's createhost,
 * findHostSet's showhostset, setQOSRule's setqos) and docs/array-remote-copy.md §2.4
 * (removevvset of a set a Remote Copy group follows). */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/host.h"
#include "sim/qos.h"
#include "sim/set.h"
#include "util/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *persona_name(int p)
{
    static const char *const names[] = {
        [1] = "Generic", [2] = "Generic-ALUA", [3] = "Generic-legacy", [4] = "HPUX-legacy",
        [5] = "AIX-legacy", [6] = "EGENERA", [7] = "ONTAP-legacy", [8] = "VMware",
        [9] = "OpenVMS", [10] = "HPUX", [11] = "WindowsServer",
    };
    return p > 0 && p < (int)(sizeof(names) / sizeof(names[0])) ? names[p] : "--";
}

/* ---- hosts ---------------------------------------------------------- */

int cli_cmd_createhost(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    bool iscsi = cli_opt_has(cx, "-iscsi");
    const char *const *paths = (const char *const *)cx->argv + 1;
    size_t n = (size_t)cx->argc - 1;
    int64_t persona = cli_opt_num(cx, "-persona", 2);
    if (persona < 1 || persona > 11)
        return cli_usage(cx, "Invalid persona %" PRId64 ": use 1..11", persona);
    struct sim_host_spec spec = {
        .name = cx->argv[0],
        .domain = cli_opt_value(cx, "-domain"),
        .persona = (int)persona,
        .fc = iscsi ? NULL : paths,
        .n_fc = iscsi ? 0 : n,
        .iscsi = iscsi ? paths : NULL,
        .n_iscsi = iscsi ? n : 0,
    };
    if (sim_host_create(cx->sim, cx->array, &spec, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_removehost(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_host_remove(cx->sim, cx->array, cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    cli_printf(cx, "Removing host %s\n", cx->argv[0]);
    return CLI_OK;
}

static const struct fmt_col showhost_cols[] = {
    { "Id", FMT_RIGHT, false }, { "Name", FMT_LEFT, false },
    { "Persona", FMT_LEFT, false }, { "-WWN/iSCSI_Name-", FMT_LEFT, false },
    { "Port", FMT_LEFT, false },
};

/* The host's cells of a row: on its first row only, as the array prints
 * one row per path. */
static void host_cells(struct fmt_table *t, const struct sim_host_view *h, bool first)
{
    if (first) {
        fmt_table_cellf(t, "%" PRId64, h->id);
        fmt_table_cell(t, h->name);
        fmt_table_cell(t, persona_name(h->persona));
    } else {
        for (int c = 0; c < 3; c++)
            fmt_table_cell(t, "");
    }
}

int cli_cmd_showhost(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_host_view *hs = NULL;
    struct sim_host_path_view *ps = NULL;
    size_t nh = 0, np = 0;
    if (sim_host_list(cx->sim, cx->array, &hs, &nh, &err) < 0 ||
        sim_host_path_list(cx->sim, cx->array, NULL, &ps, &np, &err) < 0) {
        free(hs);
        return cli_refuse(cx, &err);
    }
    struct fmt_table t;
    fmt_table_init(&t, showhost_cols, sizeof(showhost_cols) / sizeof(showhost_cols[0]));
    size_t shown = 0;
    for (size_t i = 0; i < nh; i++) {
        if (!cli_args_match(cx, hs[i].name))
            continue;
        shown++;
        size_t rows = 0;
        for (size_t j = 0; j < np; j++) {
            if (strcmp(ps[j].host, hs[i].name) != 0)
                continue;
            host_cells(&t, &hs[i], rows++ == 0);
            fmt_table_cell(&t, ps[j].path);
            fmt_table_cell(&t, "---");
        }
        if (rows == 0) {
            host_cells(&t, &hs[i], true);
            fmt_table_cell(&t, "--");
            fmt_table_cell(&t, "--");
        }
    }
    if (shown)
        cli_print_table(cx, &t);
    else
        cli_printf(cx, "no hosts listed\n");
    fmt_table_release(&t);
    free(hs);
    free(ps);
    return CLI_OK;
}

/* ---- sets ----------------------------------------------------------- */

static const struct fmt_col showset_cols[] = {
    { "Id", FMT_RIGHT, false }, { "Name", FMT_LEFT, false }, { "Members", FMT_LEFT, false },
};
static const struct fmt_col showset_d_cols[] = {
    { "Id", FMT_RIGHT, false }, { "Name", FMT_LEFT, false }, { "Members", FMT_LEFT, false },
    { "Comment", FMT_LEFT, false },
};

static bool set_has(const struct sim_set_view *v, const char *member)
{
    for (size_t j = 0; j < v->n_members; j++)
        if (strcmp(v->members[j], member) == 0)
            return true;
    return false;
}

/* showhostset and showvvset: one row per member, the first carrying the
 * set; -host/-vv keeps the sets holding that object. */
static int show_sets(struct cli_ctx *cx, enum sim_set_kind kind, const char *member_opt)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_set_view *v = NULL;
    size_t n = 0;
    const char *member = cli_opt_value(cx, member_opt);
    bool d = cli_opt_has(cx, "-d");
    if (sim_set_list(cx->sim, cx->array, kind, &v, &n, &err) < 0)
        return cli_refuse(cx, &err);
    struct fmt_table t;
    fmt_table_init(&t, d ? showset_d_cols : showset_cols, d ? 4 : 3);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cli_args_match(cx, v[i].name) || (member && !set_has(&v[i], member)))
            continue;
        shown++;
        for (size_t j = 0; j < (v[i].n_members ? v[i].n_members : 1); j++) {
            if (j == 0) {
                fmt_table_cellf(&t, "%" PRId64, v[i].id);
                fmt_table_cell(&t, v[i].name);
            } else {
                fmt_table_cell(&t, "");
                fmt_table_cell(&t, "");
            }
            fmt_table_cell(&t, v[i].n_members ? v[i].members[j] : "--");
            if (d)
                fmt_table_cell(&t, j ? "" : v[i].comment[0] ? v[i].comment : "--");
        }
    }
    if (shown)
        cli_print_table(cx, &t);
    else
        cli_printf(cx, "No %s set listed\n", kind == SIM_SET_HOST ? "host" : "vv");
    fmt_table_release(&t);
    for (size_t i = 0; i < n; i++)
        sim_set_view_release(&v[i]);
    free(v);
    return CLI_OK;
}

int cli_cmd_showhostset(struct cli_ctx *cx)
{
    return show_sets(cx, SIM_SET_HOST, "-host");
}

int cli_cmd_showvvset(struct cli_ctx *cx)
{
    return show_sets(cx, SIM_SET_VV, "-vv");
}

/* createvvset <set> [<vv>...]: a new set, or with -add new members of an
 * existing one. */
int cli_cmd_createvvset(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *const *members = (const char *const *)cx->argv + 1;
    size_t n = (size_t)cx->argc - 1;
    int rc;
    if (cli_opt_has(cx, "-add")) {
        if (!n)
            return cli_usage(cx, "-add needs at least one volume");
        struct sim_set_mod mod = { .op = SIM_SET_OP_ADD, .members = members, .n_members = n };
        rc = sim_set_modify(cx->sim, cx->array, SIM_SET_VV, cx->argv[0], &mod, &err);
    } else {
        struct sim_set_spec spec = {
            .name = cx->argv[0],
            .domain = cli_opt_value(cx, "-domain"),
            .comment = cli_opt_value(cx, "-comment"),
            .members = members,
            .n_members = n,
        };
        rc = sim_set_create(cx->sim, cx->array, SIM_SET_VV, &spec, &err);
    }
    return rc < 0 ? cli_refuse(cx, &err) : CLI_OK;
}

/* removevvset <set>: the set; removevvset <set> <vv>...: those members. */
int cli_cmd_removevvset(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    int rc;
    if (cx->argc > 1) {
        struct sim_set_mod mod = { .op = SIM_SET_OP_REMOVE,
                                   .members = (const char *const *)cx->argv + 1,
                                   .n_members = (size_t)cx->argc - 1 };
        rc = sim_set_modify(cx->sim, cx->array, SIM_SET_VV, cx->argv[0], &mod, &err);
        /* the engine names the missing member; say it is the member */
        if (rc < 0 && err.rc == SIM_ENOENT_SET && strcmp(err.subject, cx->argv[0]) != 0) {
            char line[160];
            int n = snprintf(line, sizeof(line), "Error: VV %s is not a member of set %s\n",
                             err.subject, cx->argv[0]);
            size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
            cx->io->err(cx->io->ctx, line, len);
            return CLI_REFUSED;
        }
    } else {
        rc = sim_set_remove(cx->sim, cx->array, SIM_SET_VV, cx->argv[0], &err);
    }
    return rc < 0 ? cli_refuse(cx, &err) : CLI_OK;
}

/* ---- QoS ------------------------------------------------------------ */

/* "none" (no limit), or a number with an optional k/m/g suffix in the
 * given unit: IOPS (base 1000 is not used by the array: plain counts) or
 * bytes per second, stored in KiB/s. */
static int qos_value(const char *w, bool bytes, int64_t *val, int *op)
{
    if (strcmp(w, "none") == 0) {
        *val = 0;
        *op = 2;
        return 0;
    }
    errno = 0;
    char *end;
    long long v = strtoll(w, &end, 10);
    if (end == w || errno || v < 0 || !isdigit((unsigned char)w[0]))
        return -1;
    int64_t mult = 1;
    if (*end) {
        switch (tolower((unsigned char)*end)) {
        case 'k': mult = 1024; break;
        case 'm': mult = 1024 * 1024; break;
        case 'g': mult = 1024LL * 1024 * 1024; break;
        default: return -1;
        }
        if (!bytes || end[1])
            return -1;
    }
    if (v > INT64_MAX / mult)
        return -1;
    v *= mult;
    *val = bytes ? v / 1024 : v;
    *op = v == 0 ? 1 : 0;
    return 0;
}

/* "-io <max>" or "-io <min>-<max>"; likewise -bw. */
static int qos_range(const char *w, bool bytes, int64_t *min, int *min_op, int64_t *max,
                     int *max_op)
{
    char buf[64];
    rc_strlcpy(buf, w, sizeof(buf));
    char *dash = strchr(buf, '-');
    *min = 0;
    *min_op = 0;
    if (dash) {
        *dash = '\0';
        if (qos_value(buf, bytes, min, min_op) < 0)
            return -1;
        return qos_value(dash + 1, bytes, max, max_op);
    }
    return qos_value(buf, bytes, max, max_op);
}

static int qos_target(const char *w, struct sim_qos_rule *r)
{
    if (strncmp(w, "vvset:", 6) == 0 && w[6]) {
        r->type = SIM_QOS_VVSET;
        rc_strlcpy(r->name, w + 6, sizeof(r->name));
        return strlen(w + 6) < sizeof(r->name) ? 0 : -1;
    }
    if (strcmp(w, "sys:all_others") == 0) {
        r->type = SIM_QOS_SYS;
        rc_strlcpy(r->name, "all_others", sizeof(r->name));
        return 0;
    }
    return -1;
}

static int qos_priority(const char *w)
{
    return strcmp(w, "low") == 0 ? 1 : strcmp(w, "normal") == 0 ? 2
         : strcmp(w, "high") == 0 ? 3 : -1;
}

int cli_cmd_setqos(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_qos_rule r = { 0 };
    unsigned fields = 0;
    const char *io = cli_opt_value(cx, "-io"), *bw = cli_opt_value(cx, "-bw");
    const char *pri = cli_opt_value(cx, "-pri"), *lt = cli_opt_value(cx, "-lt");
    if (qos_target(cx->argv[0], &r) < 0)
        return cli_usage(cx, "Invalid QoS target %s: use vvset:<name> or sys:all_others",
                         cx->argv[0]);
    if (io) {
        if (qos_range(io, false, &r.io_min, &r.io_min_op, &r.io_max, &r.io_max_op) < 0)
            return cli_usage(cx, "Invalid -io value %s", io);
        fields |= SIM_QOS_F_IO;
    }
    if (bw) {
        if (qos_range(bw, true, &r.bw_min_kb, &r.bw_min_op, &r.bw_max_kb, &r.bw_max_op) < 0)
            return cli_usage(cx, "Invalid -bw value %s", bw);
        fields |= SIM_QOS_F_BW;
    }
    if (pri) {
        if ((r.priority = qos_priority(pri)) < 0)
            return cli_usage(cx, "Invalid -pri value %s", pri);
        fields |= SIM_QOS_F_PRIORITY;
    }
    if (lt) {
        int op;
        if (strcmp(lt, "none") == 0)
            r.default_latency = true;
        else if (qos_value(lt, false, &r.latency_ms, &op) < 0)
            return cli_usage(cx, "Invalid -lt value %s", lt);
        fields |= SIM_QOS_F_LATENCY;
    }
    if (cli_opt_has(cx, "-on") || cli_opt_has(cx, "-off")) {
        r.enabled = cli_opt_has(cx, "-on");
        fields |= SIM_QOS_F_ENABLED;
    }
    int rc = cli_opt_has(cx, "-clear")
                 ? sim_qos_remove(cx->sim, cx->array, r.type, r.name, &err)
                 : sim_qos_set(cx->sim, cx->array, &r, fields, &err);
    if (rc < 0) {
        /* the array names a missing set the way the client looks for */
        if (err.rc == SIM_ENOENT_SET)
            err.rc = SIM_ENOENT_QOS;
        return cli_refuse(cx, &err);
    }
    return CLI_OK;
}
