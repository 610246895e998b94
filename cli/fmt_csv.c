/* cli/fmt_csv.c - tables as `setclienv csvtable 1` prints them: the header
 * line (dashes kept, as the array does), rows, then the total row; no group
 * labels and no rule. Owns: CSV quoting. Not: the table model (fmt_table.c).
 * Spec: docs/array-remote-copy.md §5.1 (CSV mode), docs/array-interfaces.md §3.6. */
#include "cli/fmt.h"
#include "util/strbuf.h"

#include <string.h>

static void add_field(struct strbuf *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        strbuf_adds(out, s);
        return;
    }
    strbuf_addch(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_addch(out, '"');
        strbuf_addch(out, *s);
    }
    strbuf_addch(out, '"');
}

static void add_row(struct strbuf *out, size_t n, const char *(*get)(const void *, size_t),
                    const void *ctx)
{
    for (size_t c = 0; c < n; c++) {
        if (c)
            strbuf_addch(out, ',');
        add_field(out, get(ctx, c));
    }
    strbuf_addch(out, '\n');
}

struct row_ctx {
    const struct fmt_table *t;
    size_t r;
};

static const char *get_header(const void *ctx, size_t c)
{
    return ((const struct fmt_table *)ctx)->cols[c].header;
}

static const char *get_cell(const void *ctx, size_t c)
{
    const struct row_ctx *rc = ctx;
    return fmt_table_get(rc->t, rc->r, c);
}

static const char *get_str(const void *ctx, size_t c)
{
    return ((char *const *)ctx)[c];
}

void fmt_render_csv(const struct fmt_table *t, bool nohdtot, struct strbuf *out)
{
    if (!nohdtot)
        add_row(out, t->ncols, get_header, t);
    for (size_t r = 0; r < t->nrows; r++) {
        struct row_ctx rc = { t, r };
        add_row(out, t->ncols, get_cell, &rc);
    }
    if (t->total && !nohdtot) {
        char **total = fmt_total_cells(t);
        add_row(out, t->ncols, get_str, total);
        fmt_cells_free(total, t->ncols);
    }
}
