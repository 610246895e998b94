/* cli/cmd_cpg.c - CPGs and domains: showcpg, createcpg, removecpg,
 * showdomain, createdomain, removedomain. Owns: their layouts and the
 * translation of CLI words (r5, cage, SSD) to sim values. Not: validation
 * (sim/cpg.c). Spec: public showcpg/createcpg samples;
 * docs/array-interfaces.md §2.2. */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/cpg.h"
#include "sim/err.h"
#include "util/strutil.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct fmt_col showcpg_cols[] = {
    { "Id", FMT_RIGHT, false }, { "Name", FMT_LEFT, false }, { "Warn%", FMT_RIGHT, false },
    { "VVs", FMT_RIGHT, true }, { "TPVVs", FMT_RIGHT, true }, { "FPVVs", FMT_RIGHT, true },
    { "Total", FMT_RIGHT, true }, { "Used", FMT_RIGHT, true },
    { "Total", FMT_RIGHT, true }, { "Used", FMT_RIGHT, true },
};
static const struct fmt_span showcpg_spans[] = {
    { 3, 3, "Volumes" }, { 6, 2, "Usr(MiB)" }, { 8, 2, "Snp(MiB)" },
};

static const struct fmt_col showcpg_d_cols[] = {
    { "Id", FMT_RIGHT, false }, { "Name", FMT_LEFT, false }, { "Domain", FMT_LEFT, false },
    { "RAID", FMT_LEFT, false }, { "SetSize", FMT_RIGHT, false }, { "HA", FMT_LEFT, false },
    { "DevType", FMT_LEFT, false }, { "Grow(MiB)", FMT_RIGHT, false },
    { "Limit(MiB)", FMT_RIGHT, false }, { "Warn(MiB)", FMT_RIGHT, false },
    { "-----CreationTime------", FMT_LEFT, false },
};

static const char *ha_name(int ha)
{
    return ha == 1 ? "port" : ha == 3 ? "mag" : "cage";
}

static void cell_mib_or_dash(struct fmt_table *t, uint64_t v)
{
    if (v)
        fmt_table_cellf(t, "%" PRIu64, v);
    else
        fmt_table_cell(t, "-");
}

int cli_cmd_showcpg(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_cpg_view *cpgs = NULL;
    size_t n = 0;
    bool d = cli_opt_has(cx, "-d");
    if (sim_cpg_list(cx->sim, cx->array, &cpgs, &n, &err) < 0)
        return cli_refuse(cx, &err);

    struct fmt_table t;
    if (d) {
        fmt_table_init(&t, showcpg_d_cols, sizeof(showcpg_d_cols) / sizeof(showcpg_d_cols[0]));
    } else {
        fmt_table_init(&t, showcpg_cols, sizeof(showcpg_cols) / sizeof(showcpg_cols[0]));
        t.spans = showcpg_spans;
        t.nspans = sizeof(showcpg_spans) / sizeof(showcpg_spans[0]);
    }
    t.total = true;
    t.total_label = "total";
    for (size_t i = 0; i < n; i++) {
        const struct sim_cpg_view *c = &cpgs[i];
        if (!cli_args_match(cx, c->name))
            continue;
        fmt_table_cellf(&t, "%" PRId64, c->id);
        fmt_table_cell(&t, c->name);
        if (d) {
            char when[40];
            rc_format_time(c->created_ms, when, sizeof(when));
            fmt_table_cell(&t, c->domain[0] ? c->domain : "-");
            fmt_table_cell(&t, sim_raid_name(c->raid));
            fmt_table_cellf(&t, "%d", c->set_size);
            fmt_table_cell(&t, ha_name(c->ha));
            fmt_table_cell(&t, sim_disk_type_name(c->disk_type));
            cell_mib_or_dash(&t, c->growth_inc_mib);
            cell_mib_or_dash(&t, c->growth_limit_mib);
            cell_mib_or_dash(&t, c->growth_warn_mib);
            fmt_table_cell(&t, when);
            continue;
        }
        if (c->growth_warn_mib && c->growth_limit_mib)
            fmt_table_cellf(&t, "%" PRIu64, c->growth_warn_mib * 100 / c->growth_limit_mib);
        else
            fmt_table_cell(&t, "-");
        fmt_table_cellf(&t, "%zu", c->n_vvs);
        fmt_table_cellf(&t, "%zu", c->n_tpvvs);
        fmt_table_cellf(&t, "%zu", c->n_fpvvs);
        fmt_table_cellf(&t, "%" PRIu64, c->usr_total_mib);
        fmt_table_cellf(&t, "%" PRIu64, c->usr_used_mib);
        fmt_table_cellf(&t, "%" PRIu64, c->snp_used_mib);
        fmt_table_cellf(&t, "%" PRIu64, c->snp_used_mib);
    }
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    free(cpgs);
    return CLI_OK;
}

static enum sim_raid raid_parse(const char *s)
{
    if (!s)
        return 0;
    return strcmp(s, "r0") == 0 ? SIM_RAID_0 : strcmp(s, "r5") == 0 ? SIM_RAID_5
         : strcmp(s, "r6") == 0 ? SIM_RAID_6 : SIM_RAID_1;
}

static int ha_parse(const char *s)
{
    if (!s)
        return 0;
    return strcmp(s, "port") == 0 ? 1 : strcmp(s, "mag") == 0 ? 3 : 2;
}

static enum sim_disk_type devtype_parse(const char *s)
{
    if (!s)
        return 0;
    return strcmp(s, "NL") == 0 ? SIM_DISK_NL : strcmp(s, "SSD") == 0 ? SIM_DISK_SSD
                                                                      : SIM_DISK_FC;
}

int cli_cmd_createcpg(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_cpg_spec spec = {
        .name = cx->argv[0],
        .domain = cli_opt_value(cx, "-domain"),
        .raid = raid_parse(cli_opt_value(cx, "-t")),
        .set_size = (int)cli_opt_num(cx, "-ssz", 0),
        .ha = ha_parse(cli_opt_value(cx, "-ha")),
        .disk_type = devtype_parse(cli_opt_value(cx, "-devtype")),
        .growth_inc_mib = cli_opt_mib(cx, "-sdgs", 0),
        .growth_limit_mib = cli_opt_mib(cx, "-sdgl", 0),
        .growth_warn_mib = cli_opt_mib(cx, "-sdgw", 0),
    };
    const char *ch = cli_opt_value(cx, "-ch");   /* dispatch checked first|last */
    if (ch)
        spec.chunklet_pos = strcmp(ch, "last") == 0 ? 2 : 1;
    if (sim_cpg_create(cx->sim, cx->array, &spec, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_removecpg(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_cpg_remove(cx->sim, cx->array, cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

static const struct fmt_col showdomain_cols[] = {
    { "ID", FMT_RIGHT, false }, { "-Domain-", FMT_LEFT, false },
    { "-----CreationTime------", FMT_LEFT, false },
};
static const struct fmt_col showdomain_d_cols[] = {
    { "ID", FMT_RIGHT, false }, { "-Domain-", FMT_LEFT, false },
    { "-----CreationTime------", FMT_LEFT, false }, { "Comments", FMT_LEFT, false },
};

int cli_cmd_showdomain(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_domain_view *doms = NULL;
    size_t n = 0;
    bool d = cli_opt_has(cx, "-d");
    if (sim_domain_list(cx->sim, cx->array, &doms, &n, &err) < 0)
        return cli_refuse(cx, &err);

    struct fmt_table t;
    if (d)
        fmt_table_init(&t, showdomain_d_cols, 4);
    else
        fmt_table_init(&t, showdomain_cols, 3);
    t.total = true;
    for (size_t i = 0; i < n; i++) {
        char when[40];
        if (!cli_args_match(cx, doms[i].name))
            continue;
        rc_format_time(doms[i].created_ms, when, sizeof(when));
        fmt_table_cellf(&t, "%" PRId64, doms[i].id);
        fmt_table_cell(&t, doms[i].name);
        fmt_table_cell(&t, when);
        if (d)
            fmt_table_cell(&t, doms[i].comment[0] ? doms[i].comment : "--");
    }
    cli_print_table(cx, &t);
    fmt_table_release(&t);
    free(doms);
    return CLI_OK;
}

int cli_cmd_createdomain(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_domain_create(cx->sim, cx->array, cx->argv[0], cli_opt_value(cx, "-comment"),
                          &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_removedomain(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_domain_remove(cx->sim, cx->array, cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}
