/* cli/cmd_vlun.c - exports: createvlun, removevlun, showvlun. A VLUN made
 * here is the same row WSAPI /vluns lists (sim/vlun.c). Owns: the target
 * argument forms and the showvlun layout (active VLUNs, then templates).
 * Spec: docs/array-interfaces.md §2.7 (VLUN types); docs/behaviour.md
 * (CLI: showvlun). */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/array.h"
#include "sim/err.h"
#include "sim/host.h"
#include "sim/set.h"
#include "sim/vlun.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arguments ------------------------------------------------------------ */

static bool parse_nsp(const char *w, int *node, int *slot, int *port)
{
    char extra;
    return sscanf(w, "%d:%d:%d%c", node, slot, port, &extra) == 3;
}

/* <vv> <lun> followed by <host> | set:<hostset> | <N:S:P> | <host> <N:S:P>
 * (a matched set, in either order). */
static int parse_target(struct cli_ctx *cx, struct sim_vlun_spec *sp)
{
    for (int i = 2; i < cx->argc; i++) {
        int n, s, p;
        if (parse_nsp(cx->argv[i], &n, &s, &p)) {
            if (sp->has_port)
                return cli_usage(cx, "Give one port");
            sp->has_port = true;
            sp->node = n;
            sp->slot = s;
            sp->port = p;
        } else if (sp->host) {
            return cli_usage(cx, "Give one host or host set");
        } else {
            sp->host = cx->argv[i];
        }
    }
    if (!strcmp(cx->argv[1], "auto")) {
        sp->auto_lun = true;
        return 0;
    }
    if (rc_parse_i64(cx->argv[1], &sp->lun) < 0)
        return cli_usage(cx, "Invalid LUN \"%s\"", cx->argv[1]);
    return 0;
}

/* createvlun [-f] <vv> <lun>|auto <host>|set:<hostset>|<N:S:P>|<host> <N:S:P> */
int cli_cmd_createvlun(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vlun_spec sp = { .volume = cx->argv[0] };
    int64_t lun;
    if (parse_target(cx, &sp))
        return CLI_USAGE;
    if (sim_vlun_create(cx->sim, cx->array, &sp, &lun, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* removevlun [-f] <vv> <lun> <host>|set:<hostset>|<N:S:P>|<host> <N:S:P> */
int cli_cmd_removevlun(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vlun_spec sp = { .volume = cx->argv[0] };
    if (parse_target(cx, &sp))
        return CLI_USAGE;
    if (sp.auto_lun)
        return cli_usage(cx, "Invalid LUN \"auto\"");
    if (sim_vlun_remove(cx->sim, cx->array, sp.volume, sp.lun, sp.host, sp.has_port, sp.node,
                        sp.slot, sp.port, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* ---- showvlun ------------------------------------------------------------- */

static const struct fmt_col active_cols[] = {
    { "Lun", FMT_RIGHT, false }, { "VVName", FMT_LEFT, false },
    { "HostName", FMT_LEFT, false }, { "-Host_WWN/iSCSI_Name-", FMT_LEFT, false },
    { "Port", FMT_LEFT, false }, { "Type", FMT_LEFT, false },
    { "Status", FMT_LEFT, false }, { "ID", FMT_RIGHT, false },
};
static const struct fmt_col template_cols[] = {
    { "Lun", FMT_RIGHT, false }, { "VVName", FMT_LEFT, false },
    { "HostName", FMT_LEFT, false }, { "-Host_WWN/iSCSI_Name-", FMT_LEFT, false },
    { "Port", FMT_LEFT, false }, { "Type", FMT_LEFT, false },
};

static const char *type_name(enum sim_vlun_type t)
{
    switch (t) {
    case SIM_VLUN_PORT: return "port";
    case SIM_VLUN_HOST: return "host";
    case SIM_VLUN_MATCHED_SET: return "matched set";
    case SIM_VLUN_HOST_SET: return "host set";
    case SIM_VLUN_EMPTY: break;
    }
    return "empty";
}

/* What showvlun reads once: VLUNs, host paths, host sets and ports. */
struct vlun_state {
    struct sim_vlun_view *v;
    size_t nv;
    struct sim_host_path_view *paths;
    size_t npaths;
    struct sim_set_view *sets;
    size_t nsets;
    struct sim_port_view *ports;
    size_t nports;
};

static void state_release(struct vlun_state *st)
{
    for (size_t i = 0; i < st->nsets; i++)
        sim_set_view_release(&st->sets[i]);
    free(st->sets);
    free(st->v);
    free(st->paths);
    free(st->ports);
}

static int state_load(struct cli_ctx *cx, struct vlun_state *st, struct sim_err *err)
{
    memset(st, 0, sizeof(*st));
    sim_hold(cx->sim);
    int rc = sim_vlun_list(cx->sim, cx->array, &st->v, &st->nv, err) < 0 ||
             sim_host_path_list(cx->sim, cx->array, NULL, &st->paths, &st->npaths, err) < 0 ||
             sim_set_list(cx->sim, cx->array, SIM_SET_HOST, &st->sets, &st->nsets, err) < 0 ||
             sim_port_list(cx->sim, cx->array, &st->ports, &st->nports, err) < 0 ? -1 : 0;
    sim_unhold(cx->sim);
    return rc;
}

/* Whether host (a host name) sees the VLUN v: its own, or its set's. */
static bool host_of(const struct vlun_state *st, const struct sim_vlun_view *v,
                    const char *host)
{
    if (strncmp(v->host, "set:", 4))
        return !strcmp(v->host, host);
    for (size_t i = 0; i < st->nsets; i++) {
        if (strcmp(st->sets[i].name, v->host + 4))
            continue;
        for (size_t j = 0; j < st->sets[i].n_members; j++)
            if (!strcmp(st->sets[i].members[j], host))
                return true;
    }
    return false;
}

static bool wanted(struct cli_ctx *cx, const struct vlun_state *st,
                   const struct sim_vlun_view *v, const char *host)
{
    const char *vv = cli_opt_value(cx, "-v"), *h = cli_opt_value(cx, "-host");
    if (vv && fnmatch(vv, v->volume, 0))
        return false;
    if (h && (host ? fnmatch(h, host, 0) : fnmatch(h, v->host, 0) && !host_of(st, v, h)))
        return false;
    return true;
}

/* A host path reaches a VLUN through every ready target port of its
 * protocol (only the one port of a matched set). */
static bool path_port(const struct sim_host_path_view *p, const struct sim_port_view *port,
                      const struct sim_vlun_view *v)
{
    if (strcmp(port->mode, "target") || strcmp(port->state, "ready"))
        return false;
    if (strcmp(port->protocol, p->kind == SIM_PATH_ISCSI ? "iSCSI" : "FC"))
        return false;
    return !v->has_port || (port->node == v->node && port->slot == v->slot &&
                            port->port == v->port);
}

static void active_rows(struct cli_ctx *cx, const struct vlun_state *st, struct fmt_table *t)
{
    for (size_t i = 0; i < st->nv; i++) {
        const struct sim_vlun_view *v = &st->v[i];
        if (!*v->host)
            continue;           /* a port template is active only for hosts logged in */
        for (size_t j = 0; j < st->npaths; j++) {
            const struct sim_host_path_view *p = &st->paths[j];
            if (p->kind == SIM_PATH_NVME || !host_of(st, v, p->host) ||
                !wanted(cx, st, v, p->host))
                continue;
            for (size_t k = 0; k < st->nports; k++) {
                const struct sim_port_view *port = &st->ports[k];
                if (!path_port(p, port, v))
                    continue;
                fmt_table_cellf(t, "%" PRId64, v->lun);
                fmt_table_cell(t, v->volume);
                fmt_table_cell(t, p->host);
                fmt_table_cell(t, p->path);
                fmt_table_cellf(t, "%d:%d:%d", port->node, port->slot, port->port);
                fmt_table_cell(t, type_name(v->type));
                /* Peer Persistence: the path state the host sees (§3.9) */
                fmt_table_cell(t, v->alua == SIM_ALUA_NONE ? "active" : sim_alua_name(v->alua));
                fmt_table_cellf(t, "%zu", i + 1);
            }
        }
    }
}

static void template_rows(struct cli_ctx *cx, const struct vlun_state *st, struct fmt_table *t)
{
    for (size_t i = 0; i < st->nv; i++) {
        const struct sim_vlun_view *v = &st->v[i];
        if (!wanted(cx, st, v, NULL))
            continue;
        fmt_table_cellf(t, "%" PRId64, v->lun);
        fmt_table_cell(t, v->volume);
        fmt_table_cell(t, *v->host ? v->host : "----");
        fmt_table_cell(t, "----------------");
        if (v->has_port)
            fmt_table_cellf(t, "%d:%d:%d", v->node, v->slot, v->port);
        else
            fmt_table_cell(t, "---");
        fmt_table_cell(t, type_name(v->type));
    }
}

static void section(struct cli_ctx *cx, const char *title, struct fmt_table *t, bool first)
{
    if (!cx->nohdtot)
        cli_printf(cx, "%s%s\n", first ? "" : "\n", title);
    t->total = true;
    t->total_label = "total";
    cli_print_table(cx, t);
}

/* showvlun [-a|-t] [-host <host>] [-v <vv>]: the active VLUNs (one row per
 * host path and port it reaches the volume through), then the templates. */
int cli_cmd_showvlun(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct vlun_state st;
    bool only_active = cli_opt_has(cx, "-a"), only_templates = cli_opt_has(cx, "-t");
    if (only_active && only_templates)
        return cli_usage(cx, "Give -a or -t, not both");
    if (state_load(cx, &st, &err)) {
        state_release(&st);
        return cli_refuse(cx, &err);
    }
    struct fmt_table a, t;
    fmt_table_init(&a, active_cols, sizeof(active_cols) / sizeof(active_cols[0]));
    fmt_table_init(&t, template_cols, sizeof(template_cols) / sizeof(template_cols[0]));
    if (!only_templates) {
        active_rows(cx, &st, &a);
        section(cx, "Active VLUNs", &a, true);
    }
    if (!only_active) {
        template_rows(cx, &st, &t);
        section(cx, "VLUN Templates", &t, only_templates);
    }
    fmt_table_release(&a);
    fmt_table_release(&t);
    state_release(&st);
    return CLI_OK;
}
