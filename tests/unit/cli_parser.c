/* tests/unit/cli_parser.c - the tokenizer (';', quotes, blanks) and option
 * parsing in the dispatcher (before/after arguments, unknown options,
 * missing values and arguments). */
#include "helpers.h"
#include "cli_capture.h"

#include <string.h>

#include "cli/internal.h"

static void tok(const char *line, struct cli_words **c, size_t *n)
{
    cr_assert_eq(cli_tokenize(line, c, n, NULL), 0, "tokenize %s", line);
}

Test(cli_parser, blanks_separate_words_and_repeat_freely)
{
    struct cli_words *c;
    size_t n;
    tok("  showvv \t -d   vol1  ", &c, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(c[0].argc, 3);
    cr_assert_str_eq(c[0].argv[0], "showvv");
    cr_assert_str_eq(c[0].argv[1], "-d");
    cr_assert_str_eq(c[0].argv[2], "vol1");
    cr_assert_null(c[0].argv[3]);
    cli_tokens_free(c, n);
}

Test(cli_parser, quotes_keep_spaces_and_semicolons)
{
    struct cli_words *c;
    size_t n;
    tok("createsched \"createsv -ro snap-X X\" \"hourly\" S1", &c, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(c[0].argc, 4);
    cr_assert_str_eq(c[0].argv[1], "createsv -ro snap-X X");
    cr_assert_str_eq(c[0].argv[2], "hourly");
    cr_assert_str_eq(c[0].argv[3], "S1");
    cli_tokens_free(c, n);

    tok("setvv -comment 'a; b \"c\"' v", &c, &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(c[0].argv[2], "a; b \"c\"");
    cli_tokens_free(c, n);

    tok("setvv -comment \"\" v", &c, &n);
    cr_assert_eq(c[0].argc, 4);
    cr_assert_str_eq(c[0].argv[2], "");
    cli_tokens_free(c, n);
}

Test(cli_parser, semicolons_split_commands_and_empty_ones_vanish)
{
    struct cli_words *c;
    size_t n;
    tok("setclienv csvtable 1 ; setclienv nohdtot 1 ;; showrcopy groups ; exit", &c, &n);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(c[0].argv[0], "setclienv");
    cr_assert_eq(c[1].argc, 3);
    cr_assert_str_eq(c[2].argv[1], "groups");
    cr_assert_str_eq(c[3].argv[0], "exit");
    cli_tokens_free(c, n);

    tok("   ", &c, &n);
    cr_assert_eq(n, 0);
    cli_tokens_free(c, n);
}

Test(cli_parser, unterminated_quote_is_refused)
{
    struct cli_words *c = NULL;
    size_t n = 0;
    const char *why;
    cr_assert_eq(cli_tokenize("showvv \"abc", &c, &n, &why), -1);
    cr_assert_str_eq(why, "unbalanced quotes in command line");
}

/* Tcl braces, as the array's CLI reads them: one word, nested braces kept,
 * nothing inside special; only at the start of a word. */
Test(cli_parser, braces_group_words_as_tcl_does)
{
    struct cli_words *c;
    size_t n;
    tok("setvv -comment {a b;  c} v1", &c, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(c[0].argc, 4);
    cr_assert_str_eq(c[0].argv[2], "a b;  c");
    cr_assert_str_eq(c[0].argv[3], "v1");
    cli_tokens_free(c, n);

    tok("x {a {b c} \\} d} {} {\"q\" 'r' $s};y a{b}", &c, &n);
    cr_assert_eq(n, 2);
    cr_assert_eq(c[0].argc, 4);
    cr_assert_str_eq(c[0].argv[1], "a {b c} \\} d");
    cr_assert_str_eq(c[0].argv[2], "");
    cr_assert_str_eq(c[0].argv[3], "\"q\" 'r' $s");
    cr_assert_str_eq(c[1].argv[1], "a{b}", "a brace inside a word is an ordinary character");
    cli_tokens_free(c, n);

    const char *why;
    c = NULL;
    cr_assert_eq(cli_tokenize("showvv {abc", &c, &n, &why), -1);
    cr_assert_str_eq(why, "missing close-brace");
    cr_assert_eq(cli_tokenize("showvv {a}b", &c, &n, &why), -1);
    cr_assert_str_eq(why, "extra characters after close-brace");
}

/* With an engine: option parsing through the dispatcher. */
static struct sim *s;
static struct cli_session *cs;
static struct capture cap;

static void setup(void)
{
    s = test_sim_open();
    cs = cli_session_new(s, "site-a", "3paradm", SIM_ROLE_SUPER);
    capture_init(&cap);
}

static void teardown(void)
{
    capture_release(&cap);
    cli_session_free(cs);
    sim_close(s);
}

static int run(const char *line)
{
    struct cli_io io = capture_io(&cap, false);
    capture_reset(&cap);
    return cli_session_run(cs, line, &io, NULL);
}

Test(cli_parser, options_may_follow_arguments, .init = setup, .fini = teardown)
{
    cr_assert_eq(run("createvv FC_r1 v1 1g -tpvv -comment \"a b\""), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(run("showvv v1 -showcols Name,Prov,Comment -csvtable -nohdtot"), CLI_OK,
                 "%s", cap.err.buf);
    cr_assert_str_eq(cap.out.buf, "v1,tpvv,a b\n");
    cr_assert_eq(run("showvv -csvtable -nohdtot -showcols Name v1"), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "v1\n");
}

Test(cli_parser, unknown_option_is_a_usage_error, .init = setup, .fini = teardown)
{
    cr_assert_eq(run("showvv -bogus"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid option -bogus"), "%s", cap.err.buf);
    cr_assert(strstr(cap.err.buf, "Usage: showvv"), "%s", cap.err.buf);
    cr_assert_str_eq(cap.out.buf, "");
}

Test(cli_parser, option_without_its_value_is_a_usage_error, .init = setup, .fini = teardown)
{
    cr_assert_eq(run("createvv FC_r1 v1 1g -cnt"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Option -cnt requires a value"), "%s", cap.err.buf);
    cr_assert_eq(run("createvv -cnt x FC_r1 v1 1g"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid number \"x\""), "%s", cap.err.buf);
    cr_assert_eq(run("createcpg -t r9 C1"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid value \"r9\""), "%s", cap.err.buf);
}

Test(cli_parser, missing_and_extra_arguments_are_usage_errors, .init = setup,
     .fini = teardown)
{
    cr_assert_eq(run("createvv FC_r1 v1"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Not enough arguments"), "%s", cap.err.buf);
    cr_assert_eq(run("growvv v1 1g extra"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Too many arguments"), "%s", cap.err.buf);
    cr_assert_eq(run("createvv FC_r1 v1 ten"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid size \"ten\""), "%s", cap.err.buf);
}

Test(cli_parser, unknown_command_and_subcommand, .init = setup, .fini = teardown)
{
    cr_assert_eq(run("frobnicate now"), CLI_USAGE);
    cr_assert_str_eq(cap.err.buf, "invalid command name \"frobnicate\"\n");
    cr_assert_eq(run("setclienv colour 1"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid subcommand \"colour\""), "%s", cap.err.buf);
    cr_assert_eq(run("setclienv csvtable 2"), CLI_USAGE);
}

Test(cli_parser, line_status_is_the_last_command_and_exit_stops, .init = setup,
     .fini = teardown)
{
    struct cli_io io = capture_io(&cap, false);
    bool ex = false;
    capture_reset(&cap);
    cr_assert_eq(cli_session_run(cs, "bogus ; showsys", &io, &ex), CLI_OK);
    cr_assert_not(ex);
    cr_assert_eq(cli_session_run(cs, "exit; createvv FC_r1 never 1g", &io, &ex), CLI_OK);
    cr_assert(ex);
    cr_assert_eq(run("showvv never"), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "no vv listed\n");
    cr_assert_eq(run(""), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "");
}

Test(cli_parser, dash_h_prints_help_without_running, .init = setup, .fini = teardown)
{
    cr_assert_eq(run("removevv -h vol_that_does_not_exist"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "Usage: removevv"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "-pat"), "%s", cap.out.buf);
    cr_assert_str_eq(cap.err.buf, "");
    cr_assert_eq(run("setclienv -h"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "setclienv csvtable 0|1"), "%s", cap.out.buf);
}

/* The role comes before any usage error: a browse user is told it may not
 * run the command, whatever subcommand or options follow. */
Test(cli_parser, role_is_checked_before_usage, .init = setup, .fini = teardown)
{
    struct cli_session *browse = cli_session_new(s, "site-a", "browse", SIM_ROLE_BROWSE);
    struct cli_io io = capture_io(&cap, false);
    static const char *const lines[] = {
        "setrcopygroup bogus g", "setrcopygroup", "setrcopygroup -h",
        "createvv -bogus", "removevv",
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        capture_reset(&cap);
        cr_assert_eq(cli_session_run(browse, lines[i], &io, NULL), CLI_REFUSED, "%s", lines[i]);
        cr_assert(strstr(cap.err.buf, "Permission denied"), "%s: %s", lines[i], cap.err.buf);
        cr_assert_null(strstr(cap.err.buf, "Usage"), "%s: %s", lines[i], cap.err.buf);
    }
    cli_session_free(browse);
    /* the same lines are usage errors for a user who may run them */
    cr_assert_eq(run("setrcopygroup bogus g"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid subcommand \"bogus\""), "%s", cap.err.buf);
}
