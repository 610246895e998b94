/* tool/shell.c - rcsim cli: one command, or the interactive shell with the
 * array prompt, line editing and confirmation prompts. */
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
    bool raw;
};

static void term_raw(struct cli_target *t, bool on)
{
    if (on && !t->raw) {
        struct termios r = t->saved;
        r.c_lflag &= ~(unsigned)(ECHO | ICANON | ISIG | IEXTEN);
        r.c_iflag &= ~(unsigned)(IXON | ICRNL | INLCR);
        r.c_cc[VMIN] = 1;
        r.c_cc[VTIME] = 0;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &r);
        t->raw = true;
    } else if (!on && t->raw) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &t->saved);
        t->raw = false;
    }
}

/* Reads one answer line from stdin (cooked). Returns "q" on end of input. */
static void read_answer(char *buf, size_t size)
{
    if (!fgets(buf, (int)size, stdin)) {
        rc_strlcpy(buf, "q", size);
        return;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
}

/* Asks the question until the answer is y, n or q, as the array does
 * (remote-copy.md §5.4: anything else is "Unrecognized input" and the
 * question again; end of input is q). Returns true for y. */
static bool ask(struct cli_target *t, const char *question)
{
    bool was_raw = t->raw;
    char ans[64];
    int answer;
    term_raw(t, false);
    for (;;) {
        printf("%s\nselect q=quit y=yes n=no: ", question);
        fflush(stdout);
        read_answer(ans, sizeof(ans));
        if (!isatty(STDIN_FILENO))
            putchar('\n');         /* the answer was not echoed */
        if ((answer = cli_answer_parse(ans)) >= 0)
            break;
        printf("Unrecognized input \"%s\"\n", ans);
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
    cJSON *answers = cJSON_CreateArray();
    int status = -1;
    if (!answers)
        abort();
    for (;;) {
        cJSON *body = tool_new_object(), *reply = NULL;
        tool_put_str(body, "command", line);
        if (t->user)
            tool_put_str(body, "user", t->user);
        if (cJSON_GetArraySize(answers) &&
            !cJSON_AddItemToObject(body, "input", cJSON_Duplicate(answers, true)))
            abort();
        if (tool_call(cx, "POST", t->path, body, 3600, &reply))
            break;
        const char *prompt = tool_jstr(reply, "prompt");
        if (*prompt && ask(t, prompt)) {
            if (!cJSON_AddItemToArray(answers, cJSON_CreateString("y")))
                abort();
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

/* The interactive shell on a terminal: raw mode and the line editor. */
static int cli_shell_tty(struct cx *cx, struct cli_target *t, const char *prompt)
{
    struct lineedit *le = lineedit_new(500, 4096);
    struct strbuf echo = STRBUF_INIT;
    int status = 0;
    strbuf_init(&echo);
    lineedit_set_prompt(le, prompt);
    tcgetattr(STDIN_FILENO, &t->saved);
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

int cmd_cli(int argc, char **argv, struct cx *cx)
{
    struct cli_target t = { .user = getenv("RCSIM_CLI_USER") };
    int first = 1;
    if (argc > 2 && strncmp(argv[1], "--user=", 7) == 0) {
        t.user = argv[1] + 7;
        first = 2;
    } else if (argc > 3 && strcmp(argv[1], "--user") == 0) {
        t.user = argv[2];
        first = 3;
    }
    if (argc <= first)
        return tool_usage_error(cx, "missing array name");
    const char *array = argv[first];
    char *esc = ctl_client_escape(array);
    t.path = xasprintf("/arrays/%s/cli", esc);
    free(esc);
    int status;
    if (argc > first + 1) {
        char *line = join_words(argc - first - 1, argv + first + 1);
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

