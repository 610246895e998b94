/* tests/unit/cli_ssh_term.c - the SSH terminal framing (reference
 * docs/array-interfaces.md §5.3, §5.7) without sockets: the worker's sequence of
 * calls is replayed and the bytes compared. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ssh_term.h"
#include "util/strbuf.h"

#define PROMPT "SIMARRAY1 cli% "

static struct strbuf out;

static void setup(void)
{
    strbuf_init(&out);
}

static void teardown(void)
{
    strbuf_release(&out);
}

TestSuite(cli_ssh_term, .init = setup, .fini = teardown);

/* Plays a shell the way ssh_chan.c does: all input arrives before the
 * first prompt; each line's "output" is "<line> out\n" except setclienv
 * (nothing) and exit (ends). Returns the number of lines run. */
static int play_shell(struct ssh_term *t, const char *input)
{
    int lines = 0;
    ssh_term_input(t, input, strlen(input), &out);
    for (;;) {
        ssh_term_prompt(t, PROMPT, &out);
        char *line = NULL;
        enum ssh_term_event ev = ssh_term_next(t, true, &out, &line);
        if (ev != TERM_LINE)
            return lines;
        lines++;
        if (!strcmp(line, "exit")) {
            free(line);
            return lines;
        }
        if (strncmp(line, "setclienv", 9)) {
            char buf[128];
            snprintf(buf, sizeof(buf), "%s out\n", line);
            ssh_term_output(t, buf, strlen(buf), &out);
        }
        free(line);
    }
}

Test(cli_ssh_term, hpe_client_write_gives_the_exact_layout)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    cr_assert_eq(play_shell(t, "setclienv csvtable 1\nshowrcopy links\nexit\n"), 3);
    cr_assert_str_eq(out.buf,
                     "setclienv csvtable 1\r\n" "showrcopy links\r\n" "exit\r\n"
                     PROMPT "setclienv csvtable 1\r\n"
                     PROMPT "showrcopy links\r\n"
                     "showrcopy links out\r\n"
                     PROMPT "exit\r\n");
    ssh_term_free(t);
}

Test(cli_ssh_term, hpe_stripper_keeps_only_the_output)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    play_shell(t, "setclienv csvtable 1\nshowsys\nexit\n");
    /* lines = out.split("\r\n"); lines[5:-2] */
    char *parts[32];
    int n = 0;
    char *p = out.buf;
    for (;;) {
        char *e = strstr(p, "\r\n");
        parts[n++] = p;
        if (!e)
            break;
        *e = '\0';
        p = e + 2;
    }
    cr_assert_eq(n, 8);
    cr_assert_str_eq(parts[5], "showsys out");
    cr_assert_str_eq(parts[7], "");
    ssh_term_free(t);
}

Test(cli_ssh_term, crlf_input_is_one_line_each)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    cr_assert_eq(play_shell(t, "a\r\nexit\r\n"), 2);
    cr_assert_str_eq(out.buf, "a\r\nexit\r\n" PROMPT "a\r\na out\r\n" PROMPT "exit\r\n");
    ssh_term_free(t);
}

Test(cli_ssh_term, cr_is_enter_on_a_pty)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    ssh_term_prompt(t, PROMPT, &out);
    strbuf_reset(&out);
    ssh_term_input(t, "showvv\r", 7, &out);
    cr_assert_eq(out.len, 0);            /* no cooked echo after the prompt */
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "showvv");
    cr_assert_str_eq(out.buf, "showvv\r\n");
    free(line);
    ssh_term_free(t);
}

Test(cli_ssh_term, pty_partial_line_waits_for_more)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    ssh_term_prompt(t, PROMPT, &out);
    ssh_term_input(t, "show", 4, &out);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_MORE);
    ssh_term_input(t, "sys\n", 4, &out);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "showsys");
    free(line);
    ssh_term_free(t);
}

Test(cli_ssh_term, pty_ctrl_c_interrupts_the_line)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    ssh_term_prompt(t, PROMPT, &out);
    ssh_term_input(t, "abc\003", 4, &out);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_INTERRUPT);
    cr_assert_null(line);
    ssh_term_free(t);
}

Test(cli_ssh_term, pty_overlong_line_is_refused_whole_with_one_bell)
{
    struct ssh_term *t = ssh_term_new(true, 8);
    ssh_term_prompt(t, PROMPT, &out);
    strbuf_reset(&out);
    const char *in = "0123456789abcdef\nok\n";
    ssh_term_input(t, in, strlen(in), &out);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_TOOLONG);
    cr_assert_null(line);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "ok");
    free(line);
    cr_assert_eq(strchr(out.buf, '\a'), strrchr(out.buf, '\a'));
    ssh_term_free(t);
}

Test(cli_ssh_term, cooked_echo_shows_control_bytes)
{
    struct ssh_term *t = ssh_term_new(true, 1024);
    ssh_term_input(t, "a\001\r", 3, &out);
    cr_assert_str_eq(out.buf, "a^A\r\n");
    ssh_term_free(t);
}

Test(cli_ssh_term, plain_shell_has_no_echo_and_lf_output)
{
    struct ssh_term *t = ssh_term_new(false, 1024);
    const char *in = "setclienv csvtable 1 ; showrcopy groups ; exit";
    ssh_term_input(t, in, strlen(in), &out);
    cr_assert_eq(out.len, 0);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_MORE);
    cr_assert_eq(ssh_term_next(t, true, &out, &line), TERM_LINE);  /* runs at EOF */
    cr_assert_str_eq(line, in);
    free(line);
    cr_assert_eq(ssh_term_next(t, true, &out, &line), TERM_EOF);
    ssh_term_output(t, "a\nb\n", 4, &out);
    cr_assert_str_eq(out.buf, "a\nb\n");
    ssh_term_free(t);
}

Test(cli_ssh_term, plain_shell_strips_cr_before_lf)
{
    struct ssh_term *t = ssh_term_new(false, 1024);
    ssh_term_input(t, "showsys\r\nshowvv\n", 16, &out);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "showsys");
    free(line);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "showvv");
    free(line);
    ssh_term_free(t);
}

Test(cli_ssh_term, plain_overlong_line_is_dropped_as_it_arrives)
{
    struct ssh_term *t = ssh_term_new(false, 8);
    char *line;
    ssh_term_input(t, "0123456789", 10, &out);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_MORE);
    ssh_term_input(t, "abc\nok\n", 7, &out);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_TOOLONG);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "ok");
    free(line);
    ssh_term_free(t);
}

Test(cli_ssh_term, binary_garbage_does_not_break_framing)
{
    struct ssh_term *t = ssh_term_new(true, 64);
    ssh_term_prompt(t, PROMPT, &out);
    const char garbage[] = "\xff\xfe\x1b[999;999H\x00\x9b\x80zz\n";
    ssh_term_input(t, garbage, sizeof(garbage) - 1, &out);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    free(line);
    ssh_term_free(t);
}

/* A C string ends at a NUL: "showvv\0; removevv x" would run as "showvv".
 * The line is refused whole, and the next one reads as usual. */
Test(cli_ssh_term, plain_line_with_a_nul_is_refused_whole)
{
    struct ssh_term *t = ssh_term_new(false, 1024);
    static const char in[] = "showvv\0; removevv x\nshowsys\n";
    ssh_term_input(t, in, sizeof(in) - 1, &out);
    char *line;
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_BADCHAR);
    cr_assert_null(line);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_LINE);
    cr_assert_str_eq(line, "showsys");
    free(line);
    cr_assert_eq(ssh_term_next(t, false, &out, &line), TERM_MORE);
    ssh_term_free(t);
}
