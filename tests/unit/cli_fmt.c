/* tests/unit/cli_fmt.c - the table and CSV layouts. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/fmt.h"
#include "util/strbuf.h"

static const struct fmt_col cols[] = {
    { "Id", FMT_RIGHT, false }, { "Name", FMT_LEFT, false }, { "Size", FMT_RIGHT, true },
};

static void fill(struct fmt_table *t)
{
    fmt_table_init(t, cols, 3);
    fmt_table_cell(t, "1");
    fmt_table_cell(t, "alpha");
    fmt_table_cell(t, "1024");
    fmt_table_cell(t, "12");
    fmt_table_cell(t, "b");
    fmt_table_cell(t, "7");
}

Test(cli_fmt, columns_are_as_wide_as_their_widest_cell)
{
    struct fmt_table t;
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    fill(&t);
    fmt_render_text(&t, false, &sb);
    cr_assert_str_eq(sb.buf, "Id Name  Size\n"
                             " 1 alpha 1024\n"
                             "12 b        7\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, total_row_sums_marked_columns_after_a_rule)
{
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fill(&t);
    t.total = true;
    t.total_label = "total";
    fmt_render_text(&t, false, &sb);
    cr_assert_str_eq(sb.buf, "Id Name  Size\n"
                             " 1 alpha 1024\n"
                             "12 b        7\n"
                             "-------------\n"
                             " 2 total 1031\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, group_label_is_centred_in_dashes_over_its_columns)
{
    static const struct fmt_span spans[] = { { 2, 1, "(MiB)" } };
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fill(&t);
    t.spans = spans;
    t.nspans = 1;
    fmt_render_text(&t, false, &sb);
    /* "(MiB)" plus a dash each side widens Size to 7 */
    cr_assert_str_eq(sb.buf, "         -(MiB)-\n"
                             "Id Name     Size\n"
                             " 1 alpha    1024\n"
                             "12 b           7\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, no_trailing_spaces_after_a_short_last_left_cell)
{
    static const struct fmt_col c2[] = { { "A", FMT_LEFT, false }, { "Bcolumn", FMT_LEFT, false } };
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fmt_table_init(&t, c2, 2);
    fmt_table_cell(&t, "x");
    fmt_table_cell(&t, "");
    fmt_render_text(&t, false, &sb);
    cr_assert_str_eq(sb.buf, "A Bcolumn\nx\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, nohdtot_drops_header_and_total_in_text)
{
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fill(&t);
    t.total = true;
    t.total_label = "total";
    fmt_render_text(&t, true, &sb);
    cr_assert_str_eq(sb.buf, " 1 alpha 1024\n12 b        7\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, csv_has_header_rows_and_total)
{
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fill(&t);
    t.total = true;
    t.total_label = "total";
    fmt_render_csv(&t, false, &sb);
    cr_assert_str_eq(sb.buf, "Id,Name,Size\n1,alpha,1024\n12,b,7\n2,total,1031\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, csv_quotes_fields_with_commas_and_quotes)
{
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fmt_table_init(&t, cols, 3);
    fmt_table_cell(&t, "1");
    fmt_table_cell(&t, "Period 5m,over_per_alert");
    fmt_table_cell(&t, "say \"hi\"");
    fmt_render_csv(&t, true, &sb);
    cr_assert_str_eq(sb.buf, "1,\"Period 5m,over_per_alert\",\"say \"\"hi\"\"\"\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, csv_nohdtot_keeps_only_rows_and_empty_last_field)
{
    static const struct fmt_col c2[] = { { "Target", FMT_LEFT, false },
                                         { "Options", FMT_LEFT, false } };
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fmt_table_init(&t, c2, 2);
    t.total = true;
    fmt_table_cell(&t, "site-b");
    fmt_table_cell(&t, "");
    fmt_render_csv(&t, true, &sb);
    cr_assert_str_eq(sb.buf, "site-b,\n");
    fmt_table_release(&t);
    strbuf_release(&sb);
}

Test(cli_fmt, count_only_total_without_label)
{
    struct fmt_table t;
    struct strbuf sb;
    strbuf_init(&sb);
    fill(&t);
    t.total = true;
    fmt_render_text(&t, false, &sb);
    cr_assert(strstr(sb.buf, "-------------\n 2       1031\n"), "%s", sb.buf);
    fmt_table_release(&t);
    strbuf_release(&sb);
}

static void add_row(struct fmt_table *t, const char *id, const char *name, const char *size)
{
    fmt_table_cell(t, id);
    fmt_table_cell(t, name);
    fmt_table_cell(t, size);
}

/* -sortcol: numbers by value, text by bytes, ties in the given order. */
Test(cli_fmt, sort_by_columns)
{
    struct fmt_table t;
    fill(&t);               /* 1 alpha 1024, 12 b 7 */
    add_row(&t, "3", "b", "1024");
    cr_assert_eq(fmt_table_sort(&t, "2"), 0);
    cr_assert_str_eq(fmt_table_get(&t, 0, 0), "12");        /* 7 < 1024 by value */
    cr_assert_str_eq(fmt_table_get(&t, 1, 0), "1");         /* ties keep order */
    cr_assert_str_eq(fmt_table_get(&t, 2, 0), "3");
    cr_assert_eq(fmt_table_sort(&t, "1,dec:0,dec"), 0);
    cr_assert_str_eq(fmt_table_get(&t, 0, 0), "12");
    cr_assert_str_eq(fmt_table_get(&t, 1, 0), "3");
    cr_assert_str_eq(fmt_table_get(&t, 2, 0), "1");
    static const char *const bad[] = { "", "3", "-1", "x", "1,up", "1:", "1,inc,",
                                       "0:0:0:0:0:0:0:0:0" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(fmt_table_sort(&t, bad[i]), -1, "'%s' accepted", bad[i]);
    cr_assert_str_eq(fmt_table_get(&t, 0, 0), "12", "a refused sort moved rows");
    fmt_table_release(&t);
}
