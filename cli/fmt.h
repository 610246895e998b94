/* cli/fmt.h - the array's table layouts, inside cli/ only.
 *
 * A table is columns (header, alignment, whether the total row sums it),
 * optional group labels above runs of columns ("---Rsvd(MiB)---"), rows of
 * text cells, and an optional total: a dashed rule and "<n> total" with the
 * column sums. fmt_table.c renders it as the array's fixed-width text,
 * fmt_csv.c as `setclienv csvtable 1` CSV. nohdtot drops header and total
 * rows in both. */
#ifndef RCSIM_CLI_FMT_H
#define RCSIM_CLI_FMT_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum fmt_align { FMT_LEFT, FMT_RIGHT };

struct fmt_col {
    const char *header;         /* printed as is, dashes included */
    enum fmt_align align;       /* right for numbers, left for text */
    bool sum;                   /* the total row sums this column */
};

/* A label centred in dashes over columns [first, first + count). */
struct fmt_span {
    size_t first, count;
    const char *label;
};

struct fmt_table {
    const struct fmt_col *cols;     /* borrowed */
    size_t ncols;
    const struct fmt_span *spans;   /* borrowed; NULL: no group line */
    size_t nspans;
    bool total;                     /* rule and total row */
    const char *total_label;        /* "total" (column 1), or NULL: count only */
    char **cells;                   /* nrows * ncols, owned */
    size_t nrows;
    size_t ncells, alloc;
};

/* Sets up an empty table over cols (borrowed, must outlive the table). */
void fmt_table_init(struct fmt_table *t, const struct fmt_col *cols, size_t ncols);
/* Frees the cells; t can be initialised again. */
void fmt_table_release(struct fmt_table *t);
/* Appends one cell to the current row (a row is complete after ncols
 * cells). NULL prints as "". */
void fmt_table_cell(struct fmt_table *t, const char *s);
void fmt_table_cellf(struct fmt_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Sorts the rows as the CLI's -sortcol asks: "<col>[,inc|dec]" keys,
 * numbered from 0 and joined with ':', numbers by value, ties in the order
 * given. Returns 0, or -1 for a spec that names no column of t. */
int fmt_table_sort(struct fmt_table *t, const char *spec);
/* The cell at row r, column c (borrowed). */
const char *fmt_table_get(const struct fmt_table *t, size_t r, size_t c);

/* fmt_table.c: fixed width, one space between columns, no trailing spaces. */
void fmt_render_text(const struct fmt_table *t, bool nohdtot, struct strbuf *out);
/* fmt_csv.c: header line, rows, total row; fields with ',', '"' or a line
 * break are quoted. */
void fmt_render_csv(const struct fmt_table *t, bool nohdtot, struct strbuf *out);

/* The total row's cells (count, label, sums), shared by both renderers.
 * Returns a new array of ncols new strings; free with fmt_cells_free(). */
char **fmt_total_cells(const struct fmt_table *t);
void fmt_cells_free(char **cells, size_t n);

#endif
