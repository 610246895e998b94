/* cli/cmd_rcstat.c - replication link measurements: srstatrcopy (what the
 * links carried, from the bytes the engine sent) and checkrclink (a
 * throughput test over one simulated link). Owns: their layouts. Not: the
 * counters and the tests (sim/rcstats.c, sim/linktest.c). Spec:
 * docs/behaviour.md (srstatrcopy, checkrclink). */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/rcstats.h"
#include "util/strutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- srstatrcopy ---------------------------------------------------------- */

enum { BY_TARGET = 1 << 0, BY_LINK = 1 << 1, BY_GROUP = 1 << 2 };

static int groupby_of(struct cli_ctx *cx, unsigned *by)
{
    const char *v = cli_opt_value(cx, "-groupby");
    *by = BY_TARGET | BY_LINK;
    if (!v)
        return 0;
    *by = 0;
    char buf[128];
    rc_strlcpy(buf, v, sizeof(buf));
    for (char *save, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (!strcasecmp(w, "TARGET_NAME"))
            *by |= BY_TARGET;
        else if (!strcasecmp(w, "LINK") || !strcasecmp(w, "LINK_ADDR") ||
                 !strcasecmp(w, "PORT"))
            *by |= BY_LINK;
        else if (!strcasecmp(w, "GROUP_NAME"))
            *by |= BY_GROUP;
        else
            return cli_usage(cx, "Invalid -groupby value \"%s\" (TARGET_NAME, LINK_ADDR, "
                             "GROUP_NAME)", w);
    }
    return 0;
}

/* -btsecs/-etsecs: seconds since the epoch, or before now when negative. */
static int time_opt(struct cli_ctx *cx, const char *name, int64_t now, int64_t *out)
{
    const char *v = cli_opt_value(cx, name);
    int64_t secs;
    if (!v)
        return 0;
    if (rc_parse_i64(v, &secs) < 0)
        return cli_usage(cx, "Invalid %s value \"%s\"", name, v);
    *out = secs < 0 ? now + secs * 1000 : secs * 1000;
    return 0;
}

static bool same_row(const struct sim_rcstat_view *a, const struct sim_rcstat_view *b,
                     unsigned by)
{
    return a->time_ms == b->time_ms && (!(by & BY_TARGET) || !strcmp(a->target, b->target)) &&
           (!(by & BY_LINK) || (!strcmp(a->nsp, b->nsp) && !strcmp(a->address, b->address))) &&
           (!(by & BY_GROUP) || !strcmp(a->group, b->group));
}

static void stat_row(struct fmt_table *t, const struct sim_rcstat_view *r, int64_t bytes,
                     unsigned by, int64_t sample_ms)
{
    char when[40];
    rc_format_time(r->time_ms, when, sizeof(when));
    fmt_table_cell(t, when);
    fmt_table_cellf(t, "%" PRId64, r->time_ms / 1000);
    if (by & BY_TARGET)
        fmt_table_cell(t, r->target);
    if (by & BY_LINK) {
        fmt_table_cell(t, *r->nsp ? r->nsp : "-");
        fmt_table_cell(t, *r->address ? r->address : "-");
    }
    if (by & BY_GROUP)
        fmt_table_cell(t, r->group);
    fmt_table_cellf(t, "%" PRId64, bytes / 1024);
    fmt_table_cellf(t, "%.1f", (double)bytes / 1024.0 / ((double)sample_ms / 1000.0));
}

/* srstatrcopy [-hires|-hourly|-daily] [-btsecs <s>] [-etsecs <s>]
 * [-groupby TARGET_NAME,LINK_ADDR,GROUP_NAME]: one row per sample and
 * group-by value, with the KBytes sent and their rate over the sample. */
int cli_cmd_srstatrcopy(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    unsigned by;
    int64_t sample = cli_opt_has(cx, "-daily") ? 24 * 3600 * 1000
                   : cli_opt_has(cx, "-hourly") ? 3600 * 1000 : SIM_RC_STATS_SAMPLE_MS;
    int64_t now = sim_clock_now(cx->sim), from = now - 12 * 3600 * 1000, to = 0;
    if (groupby_of(cx, &by) || time_opt(cx, "-btsecs", now, &from) ||
        time_opt(cx, "-etsecs", now, &to))
        return CLI_USAGE;
    struct sim_rcstat_view *v = NULL;
    size_t n = 0;
    if (sim_rc_stats_list(cx->sim, cx->array, sample, from, to, &v, &n, &err) < 0)
        return cli_refuse(cx, &err);
    struct fmt_col cols[8];
    size_t nc = 0;
    cols[nc++] = (struct fmt_col){ "Time", FMT_LEFT, false };
    cols[nc++] = (struct fmt_col){ "Secs", FMT_RIGHT, false };
    if (by & BY_TARGET)
        cols[nc++] = (struct fmt_col){ "Target", FMT_LEFT, false };
    if (by & BY_LINK) {
        cols[nc++] = (struct fmt_col){ "Port", FMT_LEFT, false };
        cols[nc++] = (struct fmt_col){ "Link_Addr", FMT_LEFT, false };
    }
    if (by & BY_GROUP)
        cols[nc++] = (struct fmt_col){ "Group", FMT_LEFT, false };
    cols[nc++] = (struct fmt_col){ "KBytes", FMT_RIGHT, false };
    cols[nc++] = (struct fmt_col){ "KBytes/s", FMT_RIGHT, false };
    struct fmt_table t;
    fmt_table_init(&t, cols, nc);
    /* add up what the group-by leaves out: each row not yet counted
     * gathers the later rows of its kind (bytes -1 marks a counted row) */
    for (size_t i = 0; i < n; i++) {
        if (v[i].bytes < 0)
            continue;
        int64_t bytes = v[i].bytes;
        for (size_t k = i + 1; k < n; k++) {
            if (v[k].bytes >= 0 && same_row(&v[i], &v[k], by)) {
                bytes += v[k].bytes;
                v[k].bytes = -1;
            }
        }
        stat_row(&t, &v[i], bytes, by, sample);
    }
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    free(v);
    return CLI_OK;
}

/* ---- checkrclink ---------------------------------------------------------- */

static int port_arg(struct cli_ctx *cx, const char *w, int *port)
{
    int64_t v;
    if (rc_parse_i64(w, &v) < 0 || v < 1 || v > 65535)
        return cli_usage(cx, "Invalid TCP port \"%s\"", w);
    *port = (int)v;
    return 0;
}

/* checkrclink startserver <N:S:P> [<address>] [<portnum>] */
int cli_cmd_checkrclink_startserver(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    int port = 5001;
    const char *addr = NULL;
    for (int i = 1; i < cx->argc; i++) {
        if (strchr(cx->argv[i], '.') || strchr(cx->argv[i], ':'))
            addr = cx->argv[i];
        else if (port_arg(cx, cx->argv[i], &port))
            return CLI_USAGE;
    }
    if (sim_link_server_start(cx->sim, cx->array, cx->argv[0], addr, port, &err) < 0)
        return cli_refuse(cx, &err);
    cli_printf(cx, "Server listening on port %s, TCP port %d\n", cx->argv[0], port);
    return CLI_OK;
}

int cli_cmd_checkrclink_stopserver(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_link_server_stop(cx->sim, cx->array, cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* A client ends when its test does: nothing to stop. */
int cli_cmd_checkrclink_stopclient(struct cli_ctx *cx)
{
    (void)cx;
    return CLI_OK;
}

static void human_bytes(int64_t bytes, char *buf, size_t size)
{
    double v = (double)bytes;
    const char *unit = "Bytes";
    if (v >= 1073741824.0) {
        v /= 1073741824.0;
        unit = "GBytes";
    } else if (v >= 1048576.0) {
        v /= 1048576.0;
        unit = "MBytes";
    } else if (v >= 1024.0) {
        v /= 1024.0;
        unit = "KBytes";
    }
    snprintf(buf, size, "%.2f %s", v, unit);
}

/* checkrclink startclient [-time <secs>] <N:S:P> <address> <portnum> [<secs>] */
int cli_cmd_checkrclink_startclient(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_link_test r;
    int port = 0;
    int64_t secs = cli_opt_num(cx, "-time", 60);
    if (port_arg(cx, cx->argv[2], &port))
        return CLI_USAGE;
    if (cx->argc == 4 && (rc_parse_i64(cx->argv[3], &secs) < 0 || secs < 1))
        return cli_usage(cx, "Invalid time \"%s\"", cx->argv[3]);
    if (sim_link_client_run(cx->sim, cx->array, cx->argv[0], cx->argv[1], port, (int)secs, &r,
                            &err) < 0)
        return cli_refuse(cx, &err);
    char moved[32];
    human_bytes(r.bytes, moved, sizeof(moved));
    cli_printf(cx, "Client connecting to %s, TCP port %d\n", cx->argv[1], port);
    cli_printf(cx, "[  3] local %s connected with %s port %d (%s %s)\n", cx->argv[0],
               cx->argv[1], port, r.peer_array, r.peer_nsp);
    cli_printf(cx, "[ ID] Interval       Transfer     Bandwidth\n");
    cli_printf(cx, "[  3]  0.0-%d.0 sec  %s  %" PRId64 " Mbits/sec\n", r.secs, moved,
               r.bytes_per_s * 8 / 1000000);
    cli_printf(cx, "Round trip time: %d ms\n", 2 * r.latency_ms);
    return CLI_OK;
}
