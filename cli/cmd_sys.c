/* cli/cmd_sys.c - the system as a whole: showsys, showversion, showport,
 * showeventlog, showwsapi, showpatch. Owns: their layouts. Not: the values (sim/array.c,
 * sim/event.c). Spec: docs/array-remote-copy.md §1.1 (showsys prints the
 * system ID in hex), public showsys/showport/showeventlog samples. */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/array.h"
#include "sim/clock.h"
#include "sim/cpg.h"
#include "sim/err.h"
#include "sim/event.h"
#include "util/strbuf.h"
#include "util/strutil.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Space the CPGs hold, in MiB. */
static int alloc_mib(struct cli_ctx *cx, uint64_t *out, struct sim_err *err)
{
    struct sim_cpg_view *cpgs = NULL;
    size_t n = 0;
    if (sim_cpg_list(cx->sim, cx->array, &cpgs, &n, err) < 0)
        return -1;
    *out = 0;
    for (size_t i = 0; i < n; i++)
        *out += cpgs[i].usr_total_mib + cpgs[i].snp_used_mib;
    free(cpgs);
    return 0;
}

static void kv(struct cli_ctx *cx, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void kv(struct cli_ctx *cx, const char *key, const char *fmt, ...)
{
    struct strbuf sb;
    va_list ap;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%-22s: ", key);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    strbuf_addch(&sb, '\n');
    cli_write(cx, sb.buf, sb.len);
    strbuf_release(&sb);
}

static void nodes_list(char *buf, size_t size, int nodes)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < nodes && len + 4 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%d", i ? "," : "", i);
}

static const struct fmt_col showsys_cols[] = {
    { "ID", FMT_RIGHT, false }, { "--Name--", FMT_LEFT, false },
    { "---Model----", FMT_LEFT, false }, { "-Serial-", FMT_LEFT, false },
    { "Nodes", FMT_RIGHT, false }, { "Master", FMT_RIGHT, false },
    { "TotalCap", FMT_RIGHT, false }, { "AllocCap", FMT_RIGHT, false },
    { "FreeCap", FMT_RIGHT, false }, { "FailedCap", FMT_RIGHT, false },
};
static const struct fmt_span showsys_spans[] = { { 6, 4, "(MiB)" } };

int cli_cmd_showsys(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    uint64_t alloc;
    if (sim_array_get(cx->sim, cx->array, &a, &err) < 0 || alloc_mib(cx, &alloc, &err) < 0)
        return cli_refuse(cx, &err);
    uint64_t free_mib = a.total_mib > alloc ? a.total_mib - alloc : 0;

    if (cli_opt_has(cx, "-d")) {
        char nodes[64];
        nodes_list(nodes, sizeof(nodes), a.nodes);
        cli_printf(cx, "General System Information:\n");
        kv(cx, "System Name", "%s", a.name);
        kv(cx, "System Model", "%s", a.model);
        kv(cx, "Serial Number", "%s", a.serial);
        kv(cx, "System ID", "%" PRIX64, (uint64_t)a.sysid);
        kv(cx, "System WWN", "%s", a.wwn);
        kv(cx, "Number of Nodes", "%d", a.nodes);
        kv(cx, "Master Node", "0");
        kv(cx, "Nodes Online", "%s", a.powered ? nodes : "");
        kv(cx, "Nodes in Cluster", "%s", nodes);
        kv(cx, "Release Version", "%s", a.os_version);
        cli_printf(cx, "\nSystem Capacity (MiB):\n");
        kv(cx, "Total Capacity", "%" PRIu64, a.total_mib);
        kv(cx, "Allocated Capacity", "%" PRIu64, alloc);
        kv(cx, "Free Capacity", "%" PRIu64, free_mib);
        kv(cx, "Failed Capacity", "0");
        return CLI_OK;
    }

    struct fmt_table t;
    fmt_table_init(&t, showsys_cols, sizeof(showsys_cols) / sizeof(showsys_cols[0]));
    t.spans = showsys_spans;
    t.nspans = 1;
    fmt_table_cellf(&t, "%" PRIX64, (uint64_t)a.sysid);
    fmt_table_cell(&t, a.name);
    fmt_table_cell(&t, a.model);
    fmt_table_cell(&t, a.serial);
    fmt_table_cellf(&t, "%d", a.nodes);
    fmt_table_cell(&t, "0");
    fmt_table_cellf(&t, "%" PRIu64, a.total_mib);
    fmt_table_cellf(&t, "%" PRIu64, alloc);
    fmt_table_cellf(&t, "%" PRIu64, free_mib);
    fmt_table_cell(&t, "0");
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    return CLI_OK;
}

/* "3.3.1.648" -> release "3.3.1" (the build number only shows with -b). */
static void release_of(const char *v, char *rel, size_t size)
{
    const char *p = v;
    int dots = 0;
    for (; *p; p++)
        if (*p == '.' && ++dots == 3)
            break;
    size_t n = (size_t)(p - v);
    snprintf(rel, size, "%.*s", (int)n, v);
}

int cli_cmd_showversion(struct cli_ctx *cx)
{
    static const char *const base[] = { "CLI Server", "CLI Client", "System Manager",
                                        "Kernel", "TPD Kernel Code", NULL };
    static const char *const more[] = { "CIM Server", "WSAPI Server", "Console Menu",
                                        "Event Manager", "Internal Test Tools",
                                        "LD Check Tools", "Network Controller",
                                        "Node Disk Firmware", "PD Scrubber",
                                        "Rescue Server", "SNMP Agent", "SSH", "VV Check Tools",
                                        "Update Tools", NULL };
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    char rel[32];
    if (sim_array_get(cx->sim, cx->array, &a, &err) < 0)
        return cli_refuse(cx, &err);
    release_of(a.os_version, rel, sizeof(rel));
    bool b = cli_opt_has(cx, "-b");
    const char *shown = b ? a.os_version : rel;

    cli_printf(cx, "Release version %s\n", shown);
    cli_printf(cx, "Patches:  None\n\n");
    cli_printf(cx, "%-32s %s\n", "Component Name", "Version");
    for (size_t i = 0; base[i]; i++)
        cli_printf(cx, "%-32s %s\n", base[i], shown);
    for (size_t i = 0; cli_opt_has(cx, "-a") && more[i]; i++)
        cli_printf(cx, "%-32s %s\n", more[i], shown);
    return CLI_OK;
}

static const struct fmt_col showport_cols[] = {
    { "N:S:P", FMT_LEFT, false }, { "Mode", FMT_LEFT, false }, { "State", FMT_LEFT, false },
    { "----Node_WWN----", FMT_LEFT, false }, { "-Port_WWN/HW_Addr-", FMT_LEFT, false },
    { "Type", FMT_LEFT, false }, { "Protocol", FMT_LEFT, false },
    { "Label", FMT_LEFT, false }, { "Partner", FMT_LEFT, false },
    { "FailoverState", FMT_LEFT, false },
};

/* The Mode and Type columns as the array prints them. */
static void port_mode_type(const struct sim_port_view *p, const char **mode, const char **type)
{
    *mode = p->mode;
    *type = "free";
    if (strcmp(p->mode, "rcip") == 0) {
        *mode = "peer";
        *type = "rcip";
    } else if (strcmp(p->mode, "rcfc") == 0) {
        *mode = "initiator";
        *type = "rcfc";
    } else if (strcmp(p->protocol, "iSCSI") == 0) {
        *type = "iscsi";
    } else if (strcmp(p->mode, "target") == 0) {
        *type = "host";
    } else if (strcmp(p->mode, "initiator") == 0) {
        *type = "disk";
    }
}

int cli_cmd_showport(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_port_view *ports = NULL;
    size_t n = 0;
    if (sim_port_list(cx->sim, cx->array, &ports, &n, &err) < 0)
        return cli_refuse(cx, &err);

    struct fmt_table t;
    fmt_table_init(&t, showport_cols, sizeof(showport_cols) / sizeof(showport_cols[0]));
    t.total = true;
    for (size_t i = 0; i < n; i++) {
        const struct sim_port_view *p = &ports[i];
        char nsp[32];
        const char *mode, *type;
        snprintf(nsp, sizeof(nsp), "%d:%d:%d", p->node, p->slot, p->port);
        if (cx->argc && !rc_glob_match(cx->argv[0], nsp))
            continue;
        port_mode_type(p, &mode, &type);
        fmt_table_cell(&t, nsp);
        fmt_table_cell(&t, mode);
        fmt_table_cell(&t, p->state);
        fmt_table_cell(&t, p->node_wwn[0] ? p->node_wwn : "-");
        fmt_table_cell(&t, p->wwn[0] ? p->wwn : "-");
        fmt_table_cell(&t, type);
        fmt_table_cell(&t, p->protocol);
        fmt_table_cell(&t, p->label[0] ? p->label : "-");
        fmt_table_cell(&t, "-");
        fmt_table_cell(&t, "none");
    }
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    free(ports);
    return CLI_OK;
}

static const char *severity_word(const char *s)
{
    if (strcmp(s, "info") == 0)
        return "Informational";
    if (strcmp(s, "minor") == 0)
        return "Minor";
    if (strcmp(s, "major") == 0)
        return "Major";
    if (strcmp(s, "critical") == 0)
        return "Critical";
    return s;
}

/* The Message field: what happened to which object. */
static void event_message(const struct sim_event_view *e, struct strbuf *sb)
{
    strbuf_reset(sb);
    if (e->object[0])
        strbuf_addf(sb, "%s: ", e->object);
    strbuf_adds(sb, e->detail[0] ? e->detail : e->kind);
}

int cli_cmd_showeventlog(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *pat = cli_opt_value(cx, "-msg");
    int64_t min = cli_opt_num(cx, "-min", -1);
    int64_t since_ms = min >= 0 ? sim_clock_now(cx->sim) - min * 60000 : INT64_MIN;
    bool oneline = cli_opt_has(cx, "-oneline");
    struct strbuf msg;
    int64_t cursor = 0;
    size_t shown = 0;

    strbuf_init(&msg);
    for (;;) {
        struct sim_event_view *ev = NULL;
        size_t n = 0;
        if (sim_event_list(cx->sim, cx->array, cursor, 1000, &ev, &n, &err) < 0) {
            strbuf_release(&msg);
            return cli_refuse(cx, &err);
        }
        for (size_t i = 0; i < n; i++) {
            const struct sim_event_view *e = &ev[i];
            char when[40];
            cursor = e->id;
            if (e->time_ms < since_ms)
                continue;
            event_message(e, &msg);
            if (pat && !rc_glob_match(pat, msg.buf))
                continue;
            rc_format_time(e->time_ms, when, sizeof(when));
            if (oneline) {
                cli_printf(cx, "%s %-13s %-24s %s\n", when, severity_word(e->severity),
                           e->kind, msg.buf);
            } else {
                cli_printf(cx, "%sTime     : %s\nSeverity : %s\nType     : %s\n"
                           "Event ID : %" PRId64 "\nMessage  : %s\n", shown ? "\n" : "",
                           when, severity_word(e->severity), e->kind, e->id, msg.buf);
            }
            shown++;
        }
        free(ev);
        if (n < 1000)
            break;
    }
    strbuf_release(&msg);
    return CLI_OK;
}

static const struct fmt_col showwsapi_cols[] = {
    { "-Service-", FMT_LEFT, false }, { "-State-", FMT_LEFT, false },
    { "-HTTP_State-", FMT_LEFT, false }, { "HTTP_Port", FMT_RIGHT, false },
    { "-HTTPS_State-", FMT_LEFT, false }, { "HTTPS_Port", FMT_RIGHT, false },
    { "-Version-", FMT_LEFT, false },
    { "------------------API_URL-------------------", FMT_LEFT, false },
};

/* The WSAPI service as the fixture configured it. The client library reads
 * HTTPS_Port by its header name (docs/array-interfaces.md §3.6). */
int cli_cmd_showwsapi(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    if (sim_array_get(cx->sim, cx->array, &a, &err) < 0)
        return cli_refuse(cx, &err);
    bool http = a.wsapi_http_port > 0, https = a.wsapi_https_port > 0;
    struct fmt_table t;
    fmt_table_init(&t, showwsapi_cols, sizeof(showwsapi_cols) / sizeof(showwsapi_cols[0]));
    fmt_table_cell(&t, http || https ? "Enabled" : "Disabled");
    fmt_table_cell(&t, http || https ? "Active" : "Inactive");
    fmt_table_cell(&t, http ? "Enabled" : "Disabled");
    fmt_table_cellf(&t, "%d", a.wsapi_http_port);
    fmt_table_cell(&t, https ? "Enabled" : "Disabled");
    fmt_table_cellf(&t, "%d", a.wsapi_https_port);
    fmt_table_cell(&t, SIM_WSAPI_VERSION);
    if (https)
        fmt_table_cellf(&t, "https://%s:%d/api/v1", a.wsapi_addr, a.wsapi_https_port);
    else if (http)
        fmt_table_cellf(&t, "http://%s:%d/api/v1", a.wsapi_addr, a.wsapi_http_port);
    else
        fmt_table_cell(&t, "--");
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    return CLI_OK;
}

static const struct fmt_col showpatch_hist_cols[] = {
    { "Patch_ID", FMT_LEFT, false }, { "Install_Time", FMT_LEFT, false },
    { "Assoc_Patches", FMT_LEFT, false }, { "Status", FMT_LEFT, false },
};

/* No patches are ever applied: the history holds the base release only,
 * and -d knows that release alone (docs/array-interfaces.md §3.6: getPatches/getPatch). */
int cli_cmd_showpatch(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    const char *id = cli_opt_value(cx, "-d");
    if (sim_array_get(cx->sim, cx->array, &a, &err) < 0)
        return cli_refuse(cx, &err);
    if (id) {
        if (strcmp(id, a.os_version) != 0) {
            cli_printf(cx, "Patch %s not recognized.\n", id);
            return CLI_REFUSED;
        }
        cli_printf(cx, "Patch detail info for %s:\n", id);
        kv(cx, "Patch ID", "%s", id);
        kv(cx, "Release version", "%s", a.os_version);
        kv(cx, "Type", "base release");
        kv(cx, "Status", "Installed");
        return CLI_OK;
    }
    if (!cli_opt_has(cx, "-hist")) {
        cli_printf(cx, "No patch is applied to the system.\n");
        return CLI_OK;
    }
    struct fmt_table t;
    fmt_table_init(&t, showpatch_hist_cols, 4);
    fmt_table_cell(&t, a.os_version);
    fmt_table_cell(&t, "--");
    fmt_table_cell(&t, "--");
    fmt_table_cell(&t, "Installed (base release)");
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    return CLI_OK;
}
