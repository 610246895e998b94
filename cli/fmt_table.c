/* cli/fmt_table.c - tables as the array prints them: group labels, header,
 * rows, dashed rule and total. Owns: the table cells and the fixed-width
 * layout. Not: CSV (fmt_csv.c). Spec: docs/array-remote-copy.md §5.1, §5.2. */
#include "cli/fmt.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fmt_table_init(struct fmt_table *t, const struct fmt_col *cols, size_t ncols)
{
    memset(t, 0, sizeof(*t));
    t->cols = cols;
    t->ncols = ncols;
}

void fmt_table_release(struct fmt_table *t)
{
    fmt_cells_free(t->cells, t->ncells);
    t->cells = NULL;
    t->ncells = t->alloc = t->nrows = 0;
}

void fmt_table_cell(struct fmt_table *t, const char *s)
{
    XGROW(t->cells, t->ncells + 1, t->alloc);
    t->cells[t->ncells++] = xstrdup(s ? s : "");
    t->nrows = t->ncols ? (t->ncells + t->ncols - 1) / t->ncols : 0;
}

void fmt_table_cellf(struct fmt_table *t, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    strbuf_init(&sb);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    fmt_table_cell(t, sb.buf);
    strbuf_release(&sb);
}

/* Sorting: keys parsed from "<col>[,inc|dec][:<col>[,inc|dec]...]". */
#define SORT_KEYS_MAX 8

struct sort_ctx {
    const struct fmt_table *t;
    size_t ncols;
    size_t col[SORT_KEYS_MAX];
    bool desc[SORT_KEYS_MAX];
    size_t nkeys;
};

static int cell_cmp(const char *a, const char *b)
{
    char *ea, *eb;
    double x = strtod(a, &ea), y = strtod(b, &eb);
    if (*a && *b && !*ea && !*eb)           /* both numbers: by value */
        return (x > y) - (x < y);
    return strcmp(a, b);
}

static int row_cmp(const void *pa, const void *pb, void *arg)
{
    const struct sort_ctx *c = arg;
    size_t ra = *(const size_t *)pa, rb = *(const size_t *)pb;
    for (size_t k = 0; k < c->nkeys; k++) {
        int r = cell_cmp(c->t->cells[ra * c->ncols + c->col[k]],
                         c->t->cells[rb * c->ncols + c->col[k]]);
        if (r)
            return c->desc[k] ? -r : r;
    }
    return (ra > rb) - (ra < rb);           /* stable: keep the given order */
}

int fmt_table_sort(struct fmt_table *t, const char *spec)
{
    struct sort_ctx c = { .t = t, .ncols = t->ncols };
    for (const char *p = spec; *p; c.nkeys++) {
        char *end;
        long col = strtol(p, &end, 10);
        if (end == p || col < 0 || (size_t)col >= t->ncols || c.nkeys == SORT_KEYS_MAX)
            return -1;
        c.col[c.nkeys] = (size_t)col;
        p = end;
        if (*p == ',') {
            if (strncmp(p + 1, "inc", 3) == 0)
                c.desc[c.nkeys] = false;
            else if (strncmp(p + 1, "dec", 3) == 0)
                c.desc[c.nkeys] = true;
            else
                return -1;
            p += 4;
        }
        if (*p == ':' && p[1])
            p++;
        else if (*p)
            return -1;
    }
    if (!c.nkeys)
        return -1;
    if (t->nrows < 2 || t->ncells != t->nrows * t->ncols)
        return 0;
    size_t *order = xcalloc(t->nrows, sizeof(*order));
    for (size_t r = 0; r < t->nrows; r++)
        order[r] = r;
    qsort_r(order, t->nrows, sizeof(*order), row_cmp, &c);
    char **cells = xcalloc(t->ncells, sizeof(*cells));
    for (size_t r = 0; r < t->nrows; r++)
        memcpy(cells + r * t->ncols, t->cells + order[r] * t->ncols,
               t->ncols * sizeof(*cells));
    free(t->cells);
    t->cells = cells;
    t->alloc = t->ncells;
    free(order);
    return 0;
}

const char *fmt_table_get(const struct fmt_table *t, size_t r, size_t c)
{
    size_t i = r * t->ncols + c;
    return i < t->ncells ? t->cells[i] : "";
}

void fmt_cells_free(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
}

char **fmt_total_cells(const struct fmt_table *t)
{
    char **cells = xcalloc(t->ncols, sizeof(*cells));
    for (size_t c = 0; c < t->ncols; c++) {
        if (c == 0) {
            cells[c] = xasprintf("%zu", t->nrows);
        } else if (c == 1 && t->total_label) {
            cells[c] = xstrdup(t->total_label);
        } else if (t->cols[c].sum) {
            uint64_t sum = 0;
            for (size_t r = 0; r < t->nrows; r++)
                sum += strtoull(fmt_table_get(t, r, c), NULL, 10);
            cells[c] = xasprintf("%" PRIu64, sum);
        } else {
            cells[c] = xstrdup("");
        }
    }
    return cells;
}

static void widen(size_t *w, size_t c, const char *s)
{
    size_t n = strlen(s);
    if (n > w[c])
        w[c] = n;
}

static void trim_line_end(struct strbuf *out, size_t line_start)
{
    size_t len = out->len;
    while (len > line_start && out->buf[len - 1] == ' ')
        len--;
    strbuf_setlen(out, len);
    strbuf_addch(out, '\n');
}

static void add_cells(struct strbuf *out, const struct fmt_table *t, const size_t *w,
                      char *const *cells)
{
    size_t start = out->len;
    for (size_t c = 0; c < t->ncols; c++) {
        size_t n = strlen(cells[c]);
        if (c)
            strbuf_addch(out, ' ');
        if (t->cols[c].align == FMT_RIGHT)
            strbuf_addchars(out, ' ', w[c] - n);
        strbuf_adds(out, cells[c]);
        if (t->cols[c].align == FMT_LEFT)
            strbuf_addchars(out, ' ', w[c] - n);
    }
    trim_line_end(out, start);
}

/* Width of columns [first, first + count) with their separators. */
static size_t span_width(const size_t *w, size_t first, size_t count)
{
    size_t n = count ? count - 1 : 0;
    for (size_t c = first; c < first + count; c++)
        n += w[c];
    return n;
}

static void add_spans(struct strbuf *out, const struct fmt_table *t, const size_t *w)
{
    size_t start = out->len, col = 0;
    for (size_t i = 0; i < t->nspans; i++) {
        const struct fmt_span *sp = &t->spans[i];
        if (sp->first < col || sp->first + sp->count > t->ncols)
            continue;                   /* overlapping or out of range: skip */
        size_t pad = span_width(w, col, sp->first - col);
        if (sp->first > col)
            pad++;                      /* separator after the skipped run */
        if (col)
            pad++;                      /* separator before this span */
        strbuf_addchars(out, ' ', pad);
        size_t sw = span_width(w, sp->first, sp->count);
        size_t ln = strlen(sp->label);
        size_t dashes = sw > ln ? sw - ln : 0;
        strbuf_addchars(out, '-', dashes / 2);
        strbuf_adds(out, sp->label);
        strbuf_addchars(out, '-', dashes - dashes / 2);
        col = sp->first + sp->count;
    }
    trim_line_end(out, start);
}

void fmt_render_text(const struct fmt_table *t, bool nohdtot, struct strbuf *out)
{
    size_t *w = xcalloc(t->ncols ? t->ncols : 1, sizeof(*w));
    char **total = t->total && !nohdtot ? fmt_total_cells(t) : NULL;
    char **hdr = xcalloc(t->ncols ? t->ncols : 1, sizeof(*hdr));

    for (size_t c = 0; c < t->ncols; c++) {
        hdr[c] = (char *)t->cols[c].header;
        if (!nohdtot)
            widen(w, c, t->cols[c].header);
        for (size_t r = 0; r < t->nrows; r++)
            widen(w, c, fmt_table_get(t, r, c));
        if (total)
            widen(w, c, total[c]);
    }
    /* A group label longer than its columns widens the last of them. */
    for (size_t i = 0; !nohdtot && i < t->nspans; i++) {
        const struct fmt_span *sp = &t->spans[i];
        if (!sp->count || sp->first + sp->count > t->ncols)
            continue;
        size_t sw = span_width(w, sp->first, sp->count), ln = strlen(sp->label) + 2;
        if (ln > sw)
            w[sp->first + sp->count - 1] += ln - sw;
    }

    if (!nohdtot) {
        if (t->nspans)
            add_spans(out, t, w);
        add_cells(out, t, w, hdr);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        char **row = xcalloc(t->ncols, sizeof(*row));
        for (size_t c = 0; c < t->ncols; c++)
            row[c] = (char *)fmt_table_get(t, r, c);
        add_cells(out, t, w, row);
        free(row);
    }
    if (total) {
        strbuf_addchars(out, '-', span_width(w, 0, t->ncols));
        strbuf_addch(out, '\n');
        add_cells(out, t, w, total);
        fmt_cells_free(total, t->ncols);
    }
    free(hdr);
    free(w);
}
