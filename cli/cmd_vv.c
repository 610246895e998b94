/* cli/cmd_vv.c - virtual volumes and snapshots: showvv, createvv, removevv,
 * growvv, setvv, createsv. Owns: the showvv views (default, -cpgalloc, -d,
 * -rcopy, -showcols), its tree order and filters, and how removevv orders
 * several names. Not: validation and space accounting (sim/vv.c).
 * Spec: docs/array-remote-copy.md §5.2; HACKING.md §4.7. */
#include "cli/fmt.h"
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/vv.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* showvv columns                                                       */

enum vv_col {
    COL_ID, COL_NAME, COL_PROV, COL_COMPR, COL_DEDUP, COL_TYPE, COL_COPYOF, COL_BSID,
    COL_RD, COL_STATE, COL_ADM, COL_SNP, COL_USR, COL_VSIZE, COL_USRCPG, COL_SNPCPG,
    COL_MSTR, COL_PRNT, COL_ROCH, COL_RWCH, COL_PPRNT, COL_SPRNT, COL_PBLK, COL_WWN,
    COL_CTIME, COL_UDID, COL_RCSTATUS, COL_RCGROUP, COL_DOMAIN, COL_EXPTIME, COL_COMMENT,
    COL__COUNT
};

/* Every column showvv knows; -showcols names them without the dashes. */
static const struct fmt_col vv_cols[COL__COUNT] = {
    [COL_ID] = { "Id", FMT_RIGHT, false },
    [COL_NAME] = { "Name", FMT_LEFT, false },
    [COL_PROV] = { "Prov", FMT_LEFT, false },
    [COL_COMPR] = { "Compr", FMT_LEFT, false },
    [COL_DEDUP] = { "Dedup", FMT_LEFT, false },
    [COL_TYPE] = { "Type", FMT_LEFT, false },
    [COL_COPYOF] = { "CopyOf", FMT_LEFT, false },
    [COL_BSID] = { "BsId", FMT_RIGHT, false },
    [COL_RD] = { "Rd", FMT_LEFT, false },
    [COL_STATE] = { "-Detailed_State-", FMT_LEFT, false },
    [COL_ADM] = { "Adm", FMT_RIGHT, true },
    [COL_SNP] = { "Snp", FMT_RIGHT, true },
    [COL_USR] = { "Usr", FMT_RIGHT, true },
    [COL_VSIZE] = { "VSize", FMT_RIGHT, true },
    [COL_USRCPG] = { "UsrCPG", FMT_LEFT, false },
    [COL_SNPCPG] = { "SnpCPG", FMT_LEFT, false },
    [COL_MSTR] = { "Mstr", FMT_RIGHT, false },
    [COL_PRNT] = { "Prnt", FMT_RIGHT, false },
    [COL_ROCH] = { "Roch", FMT_RIGHT, false },
    [COL_RWCH] = { "Rwch", FMT_RIGHT, false },
    [COL_PPRNT] = { "PPrnt", FMT_RIGHT, false },
    [COL_SPRNT] = { "SPrnt", FMT_RIGHT, false },
    [COL_PBLK] = { "PBlkRemain", FMT_RIGHT, false },
    [COL_WWN] = { "-----------VV_WWN-----------", FMT_LEFT, false },
    [COL_CTIME] = { "------CreationTime------", FMT_LEFT, false },
    [COL_UDID] = { "Udid", FMT_RIGHT, false },
    [COL_RCSTATUS] = { "RcopyStatus", FMT_LEFT, false },
    [COL_RCGROUP] = { "RcopyGroup", FMT_LEFT, false },
    [COL_DOMAIN] = { "Domain", FMT_LEFT, false },
    [COL_EXPTIME] = { "-----ExpirationTime-----", FMT_LEFT, false },
    [COL_COMMENT] = { "Comment", FMT_LEFT, false },
};

static const enum vv_col view_default[] = {
    COL_ID, COL_NAME, COL_PROV, COL_COMPR, COL_DEDUP, COL_TYPE, COL_COPYOF, COL_BSID,
    COL_RD, COL_STATE, COL_ADM, COL_SNP, COL_USR, COL_VSIZE,
};
static const struct fmt_span view_default_spans[] = {
    { 10, 3, "Rsvd(MiB)" }, { 13, 1, "(MiB)" },
};
static const enum vv_col view_cpgalloc[] = {
    COL_ID, COL_NAME, COL_PROV, COL_COMPR, COL_DEDUP, COL_TYPE, COL_USRCPG, COL_SNPCPG,
};
static const enum vv_col view_d[] = {
    COL_ID, COL_NAME, COL_RD, COL_MSTR, COL_PRNT, COL_ROCH, COL_RWCH, COL_PPRNT, COL_SPRNT,
    COL_PBLK, COL_WWN, COL_CTIME, COL_UDID,
};

/* A column's name for -showcols and -listcols: its header without the
 * dashes around it; *len gets its length. */
static const char *col_word(int c, size_t *len)
{
    const char *h = vv_cols[c].header;
    h += strspn(h, "-");
    *len = strlen(h);
    while (*len && h[*len - 1] == '-')
        (*len)--;
    return h;
}

/* The column for a -showcols word, any case. */
static int col_lookup(const char *word, size_t len)
{
    for (int c = 0; c < COL__COUNT; c++) {
        size_t hl;
        const char *h = col_word(c, &hl);
        if (hl == len && strncasecmp(h, word, len) == 0)
            return c;
    }
    return -1;
}

/* MiB held by a number of 16 KiB blocks, rounded up. */
static uint64_t blocks_mib(uint64_t blocks)
{
    return (blocks * SIM_BLOCK_SIZE + (1u << 20) - 1) >> 20;
}

struct vv_list {
    struct sim_vv_view *v;
    size_t n;
    int *depth;                 /* snapshot depth under its base */
    size_t *order;              /* tree (or id) order */
    uint64_t *snp_mib;          /* base rows: MiB held by its snapshots */
    size_t *kids;               /* snapshot indexes, by (parent id, id) */
    size_t n_kids;
};

/* The list comes by id from sim_vv_list, so lookups are binary searches. */
static ssize_t vv_index_by_id(const struct vv_list *l, int64_t id)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n && l->v[lo].id == id ? (ssize_t)lo : -1;
}

static int cmp_kid(const void *a, const void *b, void *list)
{
    const struct vv_list *l = list;
    const struct sim_vv_view *x = &l->v[*(const size_t *)a];
    const struct sim_vv_view *y = &l->v[*(const size_t *)b];
    if (x->parent_id != y->parent_id)
        return x->parent_id < y->parent_id ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Depth-first from each base, children by id. */
static void tree_visit(struct vv_list *l, size_t i, int depth, size_t *k)
{
    l->depth[i] = depth;
    l->order[(*k)++] = i;
    size_t lo = 0, hi = l->n_kids;
    while (lo < hi) {           /* the first child of i */
        size_t mid = lo + (hi - lo) / 2;
        if (l->v[l->kids[mid]].parent_id < l->v[i].id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t j = lo; j < l->n_kids && l->v[l->kids[j]].parent_id == l->v[i].id; j++)
        if (l->kids[j] != i)
            tree_visit(l, l->kids[j], depth + 1, k);
}

static void vv_list_build(struct vv_list *l, bool tree)
{
    size_t k = 0;
    l->depth = xcalloc(l->n + 1, sizeof(*l->depth));
    l->order = xcalloc(l->n + 1, sizeof(*l->order));
    l->snp_mib = xcalloc(l->n + 1, sizeof(*l->snp_mib));
    l->kids = xcalloc(l->n + 1, sizeof(*l->kids));
    l->n_kids = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].copy_type != SIM_COPY_BASE)
            l->kids[l->n_kids++] = i;
    qsort_r(l->kids, l->n_kids, sizeof(*l->kids), cmp_kid, l);
    for (size_t i = 0; i < l->n; i++) {
        const struct sim_vv_view *v = &l->v[i];
        if (v->copy_type == SIM_COPY_BASE || vv_index_by_id(l, v->parent_id) < 0)
            tree_visit(l, i, 0, &k);
        if (v->copy_type != SIM_COPY_BASE) {
            ssize_t b = vv_index_by_id(l, v->base_id);
            if (b >= 0)
                l->snp_mib[b] += blocks_mib(v->used_blocks);
        }
    }
    /* Anything left out (a cycle would be a bug) and -notree: id order. */
    if (!tree || k != l->n) {
        for (size_t i = 0; i < l->n; i++)
            l->order[i] = i;
    }
}

static void vv_list_release(struct vv_list *l)
{
    free(l->v);
    free(l->depth);
    free(l->order);
    free(l->snp_mib);
    free(l->kids);
}

static bool is_snap(const struct sim_vv_view *v)
{
    return v->copy_type != SIM_COPY_BASE;
}

static void vv_cell(struct fmt_table *t, const struct vv_list *l, size_t i, enum vv_col c,
                    bool indent)
{
    const struct sim_vv_view *v = &l->v[i];
    char when[40];
    switch (c) {
    case COL_ID: fmt_table_cellf(t, "%" PRId64, v->id); break;
    case COL_NAME:
        fmt_table_cellf(t, "%*s%s", indent ? 2 * l->depth[i] : 0, "", v->name);
        break;
    case COL_PROV: fmt_table_cell(t, sim_prov_name(v->prov)); break;
    case COL_COMPR: fmt_table_cell(t, v->compression ? "Yes" : "No"); break;
    case COL_DEDUP: fmt_table_cell(t, v->prov == SIM_PROV_TDVV ? "Yes" : "No"); break;
    case COL_TYPE: fmt_table_cell(t, is_snap(v) ? "vcopy" : "base"); break;
    case COL_COPYOF: fmt_table_cell(t, v->copy_of[0] ? v->copy_of : "---"); break;
    case COL_BSID: fmt_table_cellf(t, "%" PRId64, v->base_id); break;
    case COL_RD: fmt_table_cell(t, v->readonly ? "RO" : "RW"); break;
    case COL_STATE: fmt_table_cell(t, "normal"); break;
    case COL_ADM: fmt_table_cell(t, is_snap(v) ? "--" : "0"); break;
    case COL_SNP:
        if (is_snap(v))
            fmt_table_cell(t, "--");
        else
            fmt_table_cellf(t, "%" PRIu64, l->snp_mib[i]);
        break;
    case COL_USR:
        if (is_snap(v))
            fmt_table_cell(t, "--");
        else if (v->prov == SIM_PROV_FULL)
            fmt_table_cellf(t, "%" PRIu64, v->size_mib);
        else
            fmt_table_cellf(t, "%" PRIu64, blocks_mib(v->used_blocks));
        break;
    case COL_VSIZE: fmt_table_cellf(t, "%" PRIu64, v->size_mib); break;
    case COL_USRCPG: fmt_table_cell(t, v->user_cpg[0] ? v->user_cpg : "--"); break;
    case COL_SNPCPG: fmt_table_cell(t, v->snap_cpg[0] ? v->snap_cpg : "--"); break;
    case COL_MSTR: fmt_table_cellf(t, "%" PRId64, v->id % 2); break;
    case COL_PRNT:
        if (v->parent_id)
            fmt_table_cellf(t, "%" PRId64, v->parent_id);
        else
            fmt_table_cell(t, "---");
        break;
    case COL_ROCH:
    case COL_RWCH: {
        /* the newest read-only (read-write) child */
        int64_t id = 0;
        for (size_t j = 0; j < l->n; j++)
            if (l->v[j].parent_id == v->id && is_snap(&l->v[j]) &&
                l->v[j].readonly == (c == COL_ROCH))
                id = l->v[j].id;
        if (id)
            fmt_table_cellf(t, "%" PRId64, id);
        else
            fmt_table_cell(t, "---");
        break;
    }
    case COL_PPRNT: case COL_SPRNT: fmt_table_cell(t, "---"); break;
    case COL_PBLK: fmt_table_cell(t, "-"); break;
    case COL_WWN: fmt_table_cell(t, v->wwn); break;
    case COL_CTIME:
        rc_format_time(v->created_ms, when, sizeof(when));
        fmt_table_cell(t, when);
        break;
    case COL_UDID: fmt_table_cellf(t, "%" PRId64, v->id); break;
    case COL_RCSTATUS: fmt_table_cell(t, v->rcopy_role[0] ? v->rcopy_role : "---"); break;
    case COL_RCGROUP: fmt_table_cell(t, v->rcopy_group[0] ? v->rcopy_group : "---"); break;
    case COL_DOMAIN: fmt_table_cell(t, v->domain[0] ? v->domain : "-"); break;
    case COL_EXPTIME:
        if (v->expires_ms) {
            rc_format_time(v->expires_ms, when, sizeof(when));
            fmt_table_cell(t, when);
        } else {
            fmt_table_cell(t, "--");
        }
        break;
    case COL_COMMENT: fmt_table_cell(t, v->comment[0] ? v->comment : "--"); break;
    case COL__COUNT: fmt_table_cell(t, ""); break;
    }
}

static bool vv_wanted(const struct cli_ctx *cx, const struct sim_vv_view *v)
{
    const char *type = cli_opt_value(cx, "-type");
    const char *group = cli_opt_value(cx, "-rcopygroup");
    if (type && strcmp(type, is_snap(v) ? "vcopy" : "base") != 0)
        return false;
    if (group && !rc_glob_match(group, v->rcopy_group))
        return false;
    return cli_args_match(cx, v->name);
}

/* Chooses the columns: -showcols, or a view plus -rcopy. Returns the count,
 * or -1 after refusing an unknown column. */
static int pick_columns(struct cli_ctx *cx, enum vv_col *cols, bool *spans)
{
    const char *show = cli_opt_value(cx, "-showcols");
    int n = 0;
    *spans = false;
    if (show) {
        for (const char *p = show; *p;) {
            size_t len = strcspn(p, ",");
            int c = len ? col_lookup(p, len) : -1;
            if (c < 0) {
                struct sim_err err = SIM_ERR_INIT;
                char word[64];
                snprintf(word, sizeof(word), "column %.*s", (int)len, p);
                sim_fail(&err, SIM_EINVAL, word, "unknown showvv column");
                cli_refuse(cx, &err);
                return -1;
            }
            if (n < COL__COUNT)
                cols[n++] = (enum vv_col)c;
            p += len + (p[len] == ',');
        }
        return n;
    }
    const enum vv_col *view = view_default;
    size_t vn = sizeof(view_default) / sizeof(view_default[0]);
    if (cli_opt_has(cx, "-d")) {
        view = view_d;
        vn = sizeof(view_d) / sizeof(view_d[0]);
    } else if (cli_opt_has(cx, "-cpgalloc")) {
        view = view_cpgalloc;
        vn = sizeof(view_cpgalloc) / sizeof(view_cpgalloc[0]);
    } else {
        *spans = true;
    }
    for (size_t i = 0; i < vn; i++)
        cols[n++] = view[i];
    if (cli_opt_has(cx, "-rcopy")) {
        cols[n++] = COL_RCSTATUS;
        cols[n++] = COL_RCGROUP;
    }
    return n;
}

/* showvv -listcols: every column -showcols takes. */
static int list_columns(struct cli_ctx *cx)
{
    for (int c = 0; c < COL__COUNT; c++) {
        size_t len;
        const char *h = col_word(c, &len);
        cli_printf(cx, "%.*s\n", (int)len, h);
    }
    return CLI_OK;
}

int cli_cmd_showvv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct vv_list l = { 0 };
    enum vv_col cols[COL__COUNT + 2];
    struct fmt_col fcols[COL__COUNT + 2];
    bool spans;
    if (cli_opt_has(cx, "-listcols"))
        return list_columns(cx);
    int ncols = pick_columns(cx, cols, &spans);
    if (ncols < 0)
        return CLI_REFUSED;
    if (sim_vv_list(cx->sim, cx->array, &l.v, &l.n, &err) < 0)
        return cli_refuse(cx, &err);
    const char *sortcol = cli_opt_value(cx, "-sortcol");
    bool tree = !cli_opt_has(cx, "-notree") && !sortcol;
    vv_list_build(&l, tree);

    for (int c = 0; c < ncols; c++)
        fcols[c] = vv_cols[cols[c]];
    struct fmt_table t;
    fmt_table_init(&t, fcols, (size_t)ncols);
    if (spans) {
        t.spans = view_default_spans;
        t.nspans = sizeof(view_default_spans) / sizeof(view_default_spans[0]);
    }
    t.total = true;
    t.total_label = "total";
    for (size_t k = 0; k < l.n; k++) {
        size_t i = l.order[k];
        if (!vv_wanted(cx, &l.v[i]))
            continue;
        for (int c = 0; c < ncols; c++)
            vv_cell(&t, &l, i, cols[c], tree && !cx->csv);
    }
    if (sortcol && fmt_table_sort(&t, sortcol) < 0) {
        fmt_table_release(&t);
        vv_list_release(&l);
        return cli_usage(cx, "Invalid -sortcol \"%s\": <col>[,inc|dec][:<col>...], columns "
                         "numbered from 0", sortcol);
    }
    if (t.nrows)
        cli_print_table(cx, &t);
    else
        cli_printf(cx, "no vv listed\n");
    fmt_table_release(&t);
    vv_list_release(&l);
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* Changes                                                              */

int cli_cmd_createvv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    uint64_t mib;
    bool tpvv = cli_opt_has(cx, "-tpvv"), tdvv = cli_opt_has(cx, "-tdvv");
    if (tpvv && tdvv) {
        sim_fail(&err, SIM_EPARAM_CONFLICT, "-tpvv, -tdvv", "both given");
        return cli_refuse(cx, &err);
    }
    if (cli_arg_mib(cx, 2, &mib) < 0)
        return CLI_USAGE;
    struct sim_vv_spec spec = {
        .name = cx->argv[1],
        .cpg = cx->argv[0],
        .snap_cpg = cli_opt_value(cx, "-snp_cpg"),
        .size_mib = mib,
        .prov = tdvv ? SIM_PROV_TDVV : tpvv ? SIM_PROV_TPVV : SIM_PROV_FULL,
        .compression = cli_opt_has(cx, "-compr"),
        .id = cli_opt_num(cx, "-i", 0),
        .count = (unsigned)cli_opt_num(cx, "-cnt", 0),
        .comment = cli_opt_value(cx, "-comment"),
        .wwn = cli_opt_value(cx, "-wwn"),
        .domain = cli_opt_value(cx, "-domain"),
    };
    if (sim_vv_create(cx->sim, cx->array, &spec, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

static int depth_of(const struct vv_list *l, size_t i)
{
    int d = 0;
    for (ssize_t p = vv_index_by_id(l, l->v[i].parent_id); p >= 0 && d < 1000;
         p = vv_index_by_id(l, l->v[p].parent_id))
        d++;
    return d;
}

/* Removes the named volumes (or those matching -pat patterns), all or
 * none. Every name is resolved and checked for snapshots left behind
 * first; then the engine removes them, the deepest snapshots first. */
int cli_cmd_removevv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct vv_list l = { 0 };
    bool pat = cli_opt_has(cx, "-pat");
    int rc = CLI_OK;
    if (sim_vv_list(cx->sim, cx->array, &l.v, &l.n, &err) < 0)
        return cli_refuse(cx, &err);
    bool *pick = xcalloc(l.n + 1, sizeof(*pick));
    const char **names = NULL;

    for (int a = 0; a < cx->argc; a++) {
        bool hit = false;
        for (size_t i = 0; i < l.n; i++) {
            if (pat ? rc_glob_match(cx->argv[a], l.v[i].name)
                    : strcmp(cx->argv[a], l.v[i].name) == 0) {
                pick[i] = true;
                hit = true;
            }
        }
        if (!hit) {
            sim_fail(&err, SIM_ENOENT_VV, cx->argv[a], "no volume matches");
            rc = cli_refuse(cx, &err);
            goto out;
        }
    }
    for (size_t i = 0; i < l.n; i++) {
        if (!pick[i])
            continue;
        for (size_t j = 0; j < l.n; j++) {
            if (!pick[j] && is_snap(&l.v[j]) && l.v[j].parent_id == l.v[i].id) {
                sim_fail(&err, SIM_EHAS_SNAPSHOTS, l.v[i].name, "snapshot %s remains",
                         l.v[j].name);
                rc = cli_refuse(cx, &err);
                goto out;
            }
        }
    }
    /* the deepest snapshots first, all in one change */
    names = xcalloc(l.n + 1, sizeof(*names));
    size_t n = 0;
    for (int d = 1000; d >= 0; d--)
        for (size_t i = 0; i < l.n; i++)
            if (pick[i] && depth_of(&l, i) == d)
                names[n++] = l.v[i].name;
    if (sim_vv_remove_list(cx->sim, cx->array, names, n, &err) < 0)
        rc = cli_refuse(cx, &err);
out:
    free(names);
    free(pick);
    free(l.v);
    return rc;
}

int cli_cmd_growvv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    uint64_t mib;
    if (cli_arg_mib(cx, 1, &mib) < 0)
        return CLI_USAGE;
    if (sim_vv_grow(cx->sim, cx->array, cx->argv[0], mib, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_setvv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_vv_mod m = {
        .new_name = cli_opt_value(cx, "-name"),
        .comment = cli_opt_value(cx, "-comment"),
        .snap_cpg = cli_opt_value(cx, "-snp_cpg"),
    };
    if (sim_vv_modify(cx->sim, cx->array, cx->argv[0], &m, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_createsv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const int64_t hour = 3600 * 1000;
    struct sim_snap_spec spec = {
        .name = cx->argv[0],
        .readonly = cli_opt_has(cx, "-ro"),
        .id = cli_opt_num(cx, "-i", 0),
        .comment = cli_opt_value(cx, "-comment"),
    };
    if (cli_opt_duration(cx, "-exp", hour, &spec.expire_ms) < 0 ||
        cli_opt_duration(cx, "-retain", hour, &spec.retain_ms) < 0)
        return CLI_USAGE;
    if (sim_vv_snapshot(cx->sim, cx->array, cx->argv[1], &spec, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}
