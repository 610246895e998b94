/* tests/unit/cli_lineedit.c - the line editor: keys, echo bytes, history. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli/lineedit.h"
#include "util/strbuf.h"

static struct lineedit *le;
static struct strbuf echo;

static void setup(void)
{
    le = lineedit_new(10, 16);
    strbuf_init(&echo);
}

static void teardown(void)
{
    lineedit_free(le);
    strbuf_release(&echo);
}

TestSuite(cli_lineedit, .init = setup, .fini = teardown);

/* Feeds a string; returns the last event; *line gets the last line (or NULL). */
static enum lineedit_event feed(const char *s, char **last)
{
    enum lineedit_event ev = LE_NONE;
    if (last)
        *last = NULL;
    for (; *s; s++) {
        char *line = NULL;
        enum lineedit_event e = lineedit_feed(le, (unsigned char)*s, &echo, &line);
        if (e != LE_NONE)
            ev = e;
        if (line) {
            if (last) {
                free(*last);
                *last = line;
            } else {
                free(line);
            }
        }
    }
    return ev;
}

static void expect_line(const char *input, const char *want)
{
    char *line;
    cr_assert_eq(feed(input, &line), LE_LINE);
    cr_assert_str_eq(line, want);
    free(line);
}

Test(cli_lineedit, printable_bytes_echo_and_lf_ends_line)
{
    expect_line("showsys\n", "showsys");
    cr_assert_str_eq(echo.buf, "showsys\r\n");
}

Test(cli_lineedit, cr_ends_line)
{
    expect_line("showvv\r", "showvv");
    cr_assert_str_eq(echo.buf, "showvv\r\n");
}

Test(cli_lineedit, crlf_counts_as_one_line)
{
    char *line;
    int lines = 0;
    const char *in = "a\r\nb\r\n";
    for (const char *p = in; *p; p++) {
        if (lineedit_feed(le, (unsigned char)*p, &echo, &line) == LE_LINE) {
            lines++;
            free(line);
        }
    }
    cr_assert_eq(lines, 2);
    cr_assert_str_eq(echo.buf, "a\r\nb\r\n");
}

Test(cli_lineedit, lf_alone_after_line_is_an_empty_line)
{
    expect_line("a\n", "a");
    expect_line("\n", "");
}

Test(cli_lineedit, backspace_and_del_delete_left)
{
    expect_line("abx\x7f" "c\b\b" "d\n", "ad");
    cr_assert_str_eq(echo.buf, "abx\033[D\033[K" "c\033[D\033[K\033[D\033[K" "d\r\n");
}

Test(cli_lineedit, backspace_on_empty_line_rings_bell)
{
    feed("\x7f", NULL);
    cr_assert_str_eq(echo.buf, "\a");
}

Test(cli_lineedit, left_arrow_then_insert_redraws_tail)
{
    expect_line("ac\033[Db\n", "abc");
    /* "ac", one left, "b" then the tail "c" and one left again */
    cr_assert_str_eq(echo.buf, "ac\033[Db" "c\033[D" "\r\n");
}

Test(cli_lineedit, right_arrow_moves_and_stops_at_end)
{
    expect_line("ab\033[D\033[C\033[Cc\n", "abc");
    cr_assert_str_eq(echo.buf, "ab\033[D\033[Cc\r\n");
}

Test(cli_lineedit, home_end_and_ctrl_a_e)
{
    expect_line("bc\001a\005d\n", "abcd");
    expect_line("yz\033[Hx\033[Fw\n", "xyzw");
    expect_line("23\033[1~1\033[4~4\n", "1234");
}

Test(cli_lineedit, ss3_arrows_work)
{
    expect_line("ac\033ODb\n", "abc");
}

Test(cli_lineedit, ctrl_k_u_w_kill)
{
    expect_line("hello world\033[D\033[D\013\n", "hello wor");
    expect_line("abc def\033[D\025\n", "f");
    expect_line("one two  \027\n", "one ");
}

Test(cli_lineedit, ctrl_k_erases_to_end_of_screen_line)
{
    feed("abc\001\013", NULL);
    cr_assert(strstr(echo.buf, "\033[K") != NULL);
}

Test(cli_lineedit, delete_key_removes_under_cursor)
{
    expect_line("abc\001\033[3~\n", "bc");
}

Test(cli_lineedit, history_up_recalls_and_redraws_with_prompt)
{
    lineedit_set_prompt(le, "A cli% ");
    expect_line("showsys\n", "showsys");
    expect_line("showvv\n", "showvv");
    strbuf_reset(&echo);
    expect_line("\033[A\033[A\n", "showsys");
    cr_assert(strstr(echo.buf, "\rA cli% showvv\033[K") != NULL);
    cr_assert(strstr(echo.buf, "\rA cli% showsys\033[K") != NULL);
}

Test(cli_lineedit, history_down_returns_to_fresh_line)
{
    expect_line("one\n", "one");
    expect_line("tw\033[A\033[Bo\n", "two");
    expect_line("\020\016x\n", "x");
}

Test(cli_lineedit, history_up_past_oldest_rings_bell)
{
    expect_line("one\n", "one");
    strbuf_reset(&echo);
    feed("\033[A\033[A", NULL);
    cr_assert(strchr(echo.buf, '\a') != NULL);
}

Test(cli_lineedit, history_skips_empty_and_repeated_lines)
{
    expect_line("a\n", "a");
    expect_line("a\n", "a");
    expect_line("\n", "");
    expect_line("\033[A\033[A\n", "a");  /* only one "a" kept: second Up rings */
}

Test(cli_lineedit, history_keeps_at_most_max_lines)
{
    struct lineedit *small = lineedit_new(2, 16);
    struct lineedit *keep = le;
    le = small;
    expect_line("a\n", "a");
    expect_line("b\n", "b");
    expect_line("c\n", "c");
    expect_line("\033[A\033[A\033[A\n", "b");
    le = keep;
    lineedit_free(small);
}

Test(cli_lineedit, ctrl_c_discards_line)
{
    char *line;
    cr_assert_eq(feed("abc\003", &line), LE_INTERRUPT);
    cr_assert_null(line);
    cr_assert(strstr(echo.buf, "^C\r\n") != NULL);
    expect_line("d\n", "d");
}

Test(cli_lineedit, ctrl_d_on_empty_line_is_eof)
{
    cr_assert_eq(feed("\004", NULL), LE_EOF);
}

Test(cli_lineedit, ctrl_d_on_text_deletes_under_cursor)
{
    cr_assert_eq(feed("ab\002\004", NULL), LE_NONE);
    expect_line("\n", "a");
}

Test(cli_lineedit, overflow_rings_bell_and_keeps_line)
{
    char *line;
    cr_assert_eq(feed("0123456789abcdefXYZ\n", &line), LE_LINE);
    cr_assert_str_eq(line, "0123456789abcdef");
    free(line);
    cr_assert(strchr(echo.buf, '\a') != NULL);
}

Test(cli_lineedit, echo_off_shows_nothing)
{
    lineedit_set_echo(le, 0);
    expect_line("secret\033[Dx\n", "secrext");
    cr_assert_eq(echo.len, 0);
}

Test(cli_lineedit, other_control_bytes_and_unknown_escapes_ignored)
{
    expect_line("a\001\033[Z\033[99~\x1f" "b\n", "ba");
}

Test(cli_lineedit, high_bytes_are_kept)
{
    expect_line("caf\xc3\xa9\n", "caf\xc3\xa9");
}

/* A completer over a fixed word list, for the completion keys. */
static size_t fixed_words(void *ctx, const char *line, size_t cursor, char ***words)
{
    const char *const *list = ctx;
    size_t start = cursor, n = 0;
    while (start > 0 && line[start - 1] != ' ')
        start--;
    *words = calloc(8, sizeof(**words));
    for (; *list; list++)
        if (strncmp(*list, line + start, cursor - start) == 0)
            (*words)[n++] = strdup(*list);
    return n;
}

static const char *const words[] = { "showvv", "showvvset", "showsys", NULL };

Test(cli_lineedit, tab_completes_a_unique_word_with_a_space)
{
    lineedit_set_complete(le, fixed_words, (void *)words);
    expect_line("shows\t\n", "showsys ");
}

Test(cli_lineedit, tab_completes_the_common_prefix_then_lists_on_the_second)
{
    lineedit_set_prompt(le, "> ");
    lineedit_set_complete(le, fixed_words, (void *)words);
    feed("showv\t", NULL);
    cr_assert_str_eq(echo.buf, "showvv", "the common prefix");
    strbuf_reset(&echo);
    feed("\t", NULL);
    cr_assert_str_eq(echo.buf, "\a", "ambiguous: a bell first");
    strbuf_reset(&echo);
    feed("\t", NULL);
    cr_assert(strstr(echo.buf, "\r\nshowvv  showvvset\r\n"), "listed: %s", echo.buf);
    cr_assert(strstr(echo.buf, "> showvv"), "then the prompt and the line: %s", echo.buf);
    expect_line("\n", "showvv");
}

Test(cli_lineedit, tab_without_a_completer_is_a_space)
{
    expect_line("a\tb\n", "a b");
}
