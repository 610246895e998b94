/* tool/shell.c - rcsim cli: one command, or the interactive shell with the
 * array prompt, line editing, Tab completion and confirmation questions.
 * Questions go to the terminal, never into the command's output: on stdout
 * only when it is a terminal and --json is off, else on stderr. On a
 * terminal an answer is read with the line editor, so Ctrl-C at a
 * question answers no and the shell goes back to its prompt, as over SSH. */
#include "tool/tool.h"

#include "cli/cli.h"
#include "cli/lineedit.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const struct tool_opt cli_opts[] = {
    { "--user U", "the array user the commands run as (its role is checked)", "3paradm",
      "RCSIM_CLI_USER" },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc cli_doc = {
    .usage = "cli [--user U] <array> [command...]",
    .summary = "the array's 3PAR CLI: one command, or an interactive shell",
    .text = "With a command, runs it on the array and exits with its status (0 ok, 1 "
            "refused, 2 usage). The command may be given as words (rcsim cli site-a showvv "
            "-p -type base) or as one quoted line (rcsim cli site-a \"showvv -p -type base\"), "
            "which is read as the SSH front reads it; several commands may be separated by "
            "';'.\n\n"
            "Without a command, an interactive shell with the array's prompt: line editing "
            "and history as over SSH, Tab completes command names, subcommands and options "
            "(twice lists them), Ctrl-C discards the line or answers no to a question, "
            "Ctrl-D or exit ends. Without a terminal, commands are read one per line.\n\n"
            "A command that asks for confirmation asks on the terminal (on stderr when "
            "stdout is not one, or with --json, so that the output stays the command's "
            "alone); without a terminal the answer is read from stdin, and end of input "
            "answers no. -f on the command skips the question. With --json the answer is "
            "one JSON document {\"status\", \"output\", \"error\"}.\n\n"
            "'rcsim cli <array> help' lists the array's commands.",
    .opts = cli_opts,
    .example = "rcsim cli site-a \"createvv -tpvv FC_r1 vol1 10g\"\n"
               "rcsim --json cli site-a showvv vol1 | jq -r .output\n"
               "rcsim cli --user browse site-b",
};

/* Joins words into one command line, quoting words that need it. */
static char *join_words(int argc, char **argv)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    for (int i = 0; i < argc; i++) {
        if (i)
            strbuf_addch(&sb, ' ');
        if (argv[i][0] && !strpbrk(argv[i], " \t;\"'")) {
            strbuf_adds(&sb, argv[i]);
            continue;
        }
        strbuf_addch(&sb, '"');
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                strbuf_addch(&sb, '\\');
            strbuf_addch(&sb, *p);
        }
        strbuf_addch(&sb, '"');
    }
    return strbuf_detach(&sb, NULL);
}

struct cli_target {
    char *path;                     /* "/arrays/<a>/cli" */
    const char *user;               /* NULL: the server's default */
    struct termios saved;           /* the terminal before raw mode */
    bool saved_ok;                  /* saved holds the terminal's settings */
    bool raw;
    FILE *ask;                      /* where questions go */
};

static void term_raw(struct cli_target *t, bool on)
{
    if (on && !t->saved_ok)
        t->saved_ok = tcgetattr(STDIN_FILENO, &t->saved) == 0;
    if (on && !t->saved_ok)
        return;
    if (on && !t->raw) {
        struct termios r = t->saved;
        r.c_lflag &= ~(unsigned)(ECHO | ICANON | ISIG | IEXTEN);
        r.c_iflag &= ~(unsigned)(IXON | ICRNL | INLCR);
        r.c_cc[VMIN] = 1;
        r.c_cc[VTIME] = 0;
        /* TCSANOW: keys typed ahead (a Ctrl-C right after a question) are
         * kept for the line editor, not flushed */
        tcsetattr(STDIN_FILENO, TCSANOW, &r);
        t->raw = true;
    } else if (!on && t->raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
        t->raw = false;
    }
}

/* Reads one answer line from stdin without a terminal. Returns "q" on
 * end of input. */
static void read_answer(char *buf, size_t size)
{
    if (!fgets(buf, (int)size, stdin)) {
        rc_strlcpy(buf, "q", size);
        return;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
}

/* Reads one answer on the terminal, in raw mode with the line editor:
 * Ctrl-C (like end of input) answers "q", as over SSH. */
static void read_answer_tty(struct cli_target *t, char *buf, size_t size)
{
    struct lineedit *le = lineedit_new(0, size - 1);
    struct strbuf echo = STRBUF_INIT;
    strbuf_init(&echo);
    rc_strlcpy(buf, "q", size);
    term_raw(t, true);
    for (;;) {
        unsigned char ch;
        char *line = NULL;
        ssize_t n = read(STDIN_FILENO, &ch, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        strbuf_reset(&echo);
        enum lineedit_event ev = lineedit_feed(le, ch, &echo, &line);
        fwrite(echo.buf, 1, echo.len, t->ask);
        fflush(t->ask);
        if (ev == LE_LINE)
            rc_strlcpy(buf, line, size);
        free(line);
        if (ev == LE_LINE || ev == LE_INTERRUPT || ev == LE_EOF)
            break;
    }
    strbuf_release(&echo);
    lineedit_free(le);
}

/* Asks the question until the answer is y, n or q, as the array does
 * (docs/array-remote-copy.md §5.4: anything else is "Unrecognized input" and the
 * question again; end of input is q). Returns true for y. */
static bool ask(struct cli_target *t, const char *question)
{
    bool was_raw = t->raw, tty = isatty(STDIN_FILENO);
    char ans[64];
    int answer;
    for (;;) {
        /* raw before the question shows: a Ctrl-C typed as soon as it is
         * seen is a key for the line editor, not a signal */
        if (tty)
            term_raw(t, true);
        fprintf(t->ask, "%s\nselect q=quit y=yes n=no: ", question);
        fflush(t->ask);
        if (tty) {
            read_answer_tty(t, ans, sizeof(ans));
        } else {
            read_answer(ans, sizeof(ans));
            fputc('\n', t->ask);   /* the answer was not echoed */
        }
        if ((answer = cli_answer_parse(ans)) >= 0)
            break;
        fprintf(t->ask, "Unrecognized input \"%s\"\n", ans);
    }
    term_raw(t, was_raw);
    return answer == 1;
}

/* Runs one command line, asking the confirmation questions the server
 * returns. Returns the CLI status, or -1 (reported) when the server could
 * not run it. *exit_requested is set when the line ended the session. */
static int cli_run_line(struct cx *cx, struct cli_target *t, const char *line,
                        bool *exit_requested)
{
    cJSON *answers = json_array();
    int status = -1;
    for (;;) {
        cJSON *body = json_object(), *reply = NULL;
        json_put_str(body, "command", line);
        if (t->user)
            json_put_str(body, "user", t->user);
        if (cJSON_GetArraySize(answers))
            json_put(body, "input", cJSON_Duplicate(answers, true));
        if (tool_call(cx, "POST", t->path, body, 3600, &reply))
            break;
        const char *prompt = tool_jstr(reply, "prompt");
        if (*prompt && ask(t, prompt)) {
            json_push(answers, cJSON_CreateString("y"));
            cJSON_Delete(reply);
            continue;
        }
        if (cx->json) {
            tool_print_json(reply);
        } else {
            const char *o = tool_jstr(reply, "output"), *e = tool_jstr(reply, "error");
            fputs(o, stdout);
            fflush(stdout);
            fputs(e, stderr);
        }
        status = (int)tool_jnum(reply, "status");
        *exit_requested = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "exit"));
        cJSON_Delete(reply);
        break;
    }
    cJSON_Delete(answers);
    return status;
}

/* Tab: the array's command language, from the same command table. */
static size_t complete_command(void *ctx, const char *line, size_t cursor, char ***words)
{
    (void)ctx;
    return cli_complete(line, cursor, words);
}

/* The interactive shell on a terminal: raw mode and the line editor. */
static int cli_shell_tty(struct cx *cx, struct cli_target *t, const char *prompt)
{
    struct lineedit *le = lineedit_new(500, 4096);
    struct strbuf echo = STRBUF_INIT;
    int status = 0;
    strbuf_init(&echo);
    lineedit_set_prompt(le, prompt);
    lineedit_set_complete(le, complete_command, NULL);
    term_raw(t, true);
    fputs(prompt, stdout);
    fflush(stdout);
    for (;;) {
        unsigned char ch;
        char *line = NULL;
        ssize_t n = read(STDIN_FILENO, &ch, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        strbuf_reset(&echo);
        enum lineedit_event ev = lineedit_feed(le, ch, &echo, &line);
        if (echo.len) {
            fwrite(echo.buf, 1, echo.len, stdout);
            fflush(stdout);
        }
        if (ev == LE_EOF)
            break;
        if (ev == LE_INTERRUPT) {
            fputs(prompt, stdout);
            fflush(stdout);
            continue;
        }
        if (ev != LE_LINE)
            continue;
        bool exit_requested = false;
        if (line[strspn(line, " \t")]) {
            term_raw(t, false);
            int rc = cli_run_line(cx, t, line, &exit_requested);
            term_raw(t, true);
            status = rc < 0 ? EXIT_REFUSED : rc;
        }
        free(line);
        if (exit_requested)
            break;
        fputs(prompt, stdout);
        fflush(stdout);
    }
    term_raw(t, false);
    fputs("\n", stdout);
    strbuf_release(&echo);
    lineedit_free(le);
    return status;
}

/* The shell on a pipe: plain lines, no echo. */
static int cli_shell_plain(struct cx *cx, struct cli_target *t, const char *prompt)
{
    char *line = NULL;
    size_t cap = 0;
    int status = 0;
    bool tty_out = isatty(STDOUT_FILENO);
    for (;;) {
        if (tty_out) {
            fputs(prompt, stdout);
            fflush(stdout);
        }
        if (getline(&line, &cap, stdin) < 0)
            break;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[strspn(line, " \t")])
            continue;
        bool exit_requested = false;
        int rc = cli_run_line(cx, t, line, &exit_requested);
        status = rc < 0 ? EXIT_REFUSED : rc;
        if (exit_requested)
            break;
    }
    free(line);
    return status;
}

/* The command line of `rcsim cli <array> <words>`: one word holding
 * spaces is a whole line, read as the SSH front reads it; several words
 * are joined, quoted where needed. */
static char *command_line(int argc, char **argv)
{
    if (argc == 1 && strpbrk(argv[0], " \t"))
        return xstrdup(argv[0]);
    return join_words(argc, argv);
}

/* The options before the array name: --user, --help. Returns the index of
 * the array name, or -1 (help shown) / -2 (usage error shown). */
static int cli_options(int argc, char **argv, struct cx *cx, struct cli_target *t)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            tool_help_command(stdout, cx->cmd);
            return -1;
        }
        if (strncmp(argv[i], "--user=", 7) == 0) {
            t->user = argv[i++] + 7;
        } else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc) {
            t->user = argv[i + 1];
            i += 2;
        } else {
            tool_usage_error(cx, "unknown option '%s' (the array's command goes after the "
                             "array name)", argv[i]);
            return -2;
        }
    }
    if (i >= argc) {
        tool_usage_error(cx, "missing array name");
        return -2;
    }
    return i;
}

int cmd_cli(int argc, char **argv, struct cx *cx)
{
    struct cli_target t = { .user = getenv("RCSIM_CLI_USER") };
    t.ask = cx->json || !isatty(STDOUT_FILENO) ? stderr : stdout;
    int first = cli_options(argc, argv, cx, &t);
    if (first < 0)
        return first == -1 ? EXIT_OK : EXIT_USAGE;
    const char *array = argv[first];
    char *esc = ctl_client_escape(array);
    t.path = xasprintf("/arrays/%s/cli", esc);
    free(esc);
    int status;
    if (argc > first + 1) {
        char *line = command_line(argc - first - 1, argv + first + 1);
        bool exit_requested;
        int rc = cli_run_line(cx, &t, line, &exit_requested);
        status = rc < 0 ? EXIT_REFUSED : rc;
        free(line);
    } else {
        /* Check the array before the first prompt. */
        char *apath = xasprintf("/arrays/%s", array);
        cJSON *j = NULL;
        status = tool_call(cx, "GET", apath, NULL, 0, &j);
        free(apath);
        cJSON_Delete(j);
        if (status == EXIT_OK) {
            char *prompt = xasprintf("%s cli%% ", array);
            status = isatty(STDIN_FILENO) ? cli_shell_tty(cx, &t, prompt)
                                          : cli_shell_plain(cx, &t, prompt);
            free(prompt);
        }
    }
    free(t.path);
    return status;
}

