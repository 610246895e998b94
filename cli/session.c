/* cli/session.c - a CLI session: its settings, and turning input lines into
 * commands. Owns: struct cli_session, the tokenizer (';', quotes, braces,
 * blanks).
 * Not: per-command steps (dispatch.c), commands (commands.c, cmd_*.c).
 * Spec: docs/array-interfaces.md §3.4 (quoting), §5.7 (';' lines). */
#include "cli/internal.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cli_session *cli_session_new(struct sim *s, const char *array, const char *user,
                                    enum sim_user_role role)
{
    struct cli_session *cs = xcalloc(1, sizeof(*cs));
    cs->sim = s;
    rc_strlcpy(cs->array, array ? array : "", sizeof(cs->array));
    rc_strlcpy(cs->user, user ? user : "", sizeof(cs->user));
    cs->role = role;
    snprintf(cs->prompt, sizeof(cs->prompt), "%s cli%% ", cs->array);
    return cs;
}

void cli_session_free(struct cli_session *cs)
{
    free(cs);
}

const char *cli_session_prompt(const struct cli_session *cs)
{
    return cs->prompt;
}

/* Builds the words of one command; finished words go to w. */
struct tok_state {
    struct cli_words *cmds;
    size_t ncmds, alloc;
    char **words;
    size_t nwords, walloc;
    struct strbuf word;
    bool in_word;               /* a word is open (even an empty quoted one) */
};

static void end_word(struct tok_state *ts)
{
    if (!ts->in_word)
        return;
    XGROW(ts->words, ts->nwords + 2, ts->walloc);
    ts->words[ts->nwords++] = xstrdup(ts->word.buf);
    ts->words[ts->nwords] = NULL;
    strbuf_reset(&ts->word);
    ts->in_word = false;
}

static void end_command(struct tok_state *ts)
{
    end_word(ts);
    if (!ts->nwords)
        return;
    XGROW(ts->cmds, ts->ncmds + 1, ts->alloc);
    ts->cmds[ts->ncmds].argc = (int)ts->nwords;
    ts->cmds[ts->ncmds].argv = ts->words;
    ts->ncmds++;
    ts->words = NULL;
    ts->nwords = ts->walloc = 0;
}

/* A word that starts with '{' runs to the matching '}', as in the array's
 * Tcl shell: braces nest, a backslash-escaped brace does not count (and
 * is kept, backslash and all), nothing inside is special. Returns the
 * character after the closing brace, or NULL with *why set. */
static const char *braced_word(struct tok_state *ts, const char *p, const char **why)
{
    int depth = 1;
    ts->in_word = true;
    for (p++; *p; p++) {
        if (*p == '\\' && p[1]) {
            strbuf_addch(&ts->word, *p++);
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}' && --depth == 0) {
            break;
        }
        strbuf_addch(&ts->word, *p);
    }
    if (!*p) {
        *why = "missing close-brace";
        return NULL;
    }
    p++;
    if (*p && !strchr(" \t\r\n;", *p)) {
        *why = "extra characters after close-brace";
        return NULL;
    }
    return p;
}

int cli_tokenize(const char *line, struct cli_words **cmds, size_t *ncmds, const char **why)
{
    struct tok_state ts = { 0 };
    char quote = 0;
    const char *dummy;
    strbuf_init(&ts.word);
    if (!why)
        why = &dummy;
    *why = NULL;

    for (const char *p = line; *p; p++) {
        char c = *p;
        if (quote) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && (p[1] == '"' || p[1] == '\\')) {
                strbuf_addch(&ts.word, *++p);
            } else {
                strbuf_addch(&ts.word, c);
            }
        } else if (c == '{' && !ts.in_word) {
            if (!(p = braced_word(&ts, p, why)))
                break;
            p--;
        } else if (c == '"' || c == '\'') {
            quote = c;
            ts.in_word = true;
        } else if (c == '\\' && p[1]) {
            strbuf_addch(&ts.word, *++p);
            ts.in_word = true;
        } else if (c == ';') {
            end_command(&ts);
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            end_word(&ts);
        } else {
            strbuf_addch(&ts.word, c);
            ts.in_word = true;
        }
    }
    if (quote)
        *why = "unbalanced quotes in command line";
    end_command(&ts);
    strbuf_release(&ts.word);
    if (*why) {
        cli_tokens_free(ts.cmds, ts.ncmds);
        return -1;
    }
    *cmds = ts.cmds;
    *ncmds = ts.ncmds;
    return 0;
}

void cli_tokens_free(struct cli_words *cmds, size_t ncmds)
{
    for (size_t i = 0; i < ncmds; i++) {
        for (int j = 0; j < cmds[i].argc; j++)
            free(cmds[i].argv[j]);
        free(cmds[i].argv);
    }
    free(cmds);
}

int cli_session_run(struct cli_session *cs, const char *line, const struct cli_io *io,
                    bool *exit_requested)
{
    struct cli_words *cmds = NULL;
    size_t n = 0;
    int status = CLI_OK;
    bool quit = false;

    const char *why;
    if (cli_tokenize(line, &cmds, &n, &why) < 0) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_init(&sb);
        strbuf_addf(&sb, "Error: %s\n", why);
        io->err(io->ctx, sb.buf, sb.len);
        strbuf_release(&sb);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < n && !quit; i++) {
        if (io->interrupted && *io->interrupted)
            break;
        status = cli_dispatch(cs, io, cmds[i].argc, cmds[i].argv, &quit);
    }
    cli_tokens_free(cmds, n);
    if (exit_requested)
        *exit_requested = quit;
    return status;
}

int cli_answer_parse(char *line)
{
    char *a = line + strspn(line, " \t");
    size_t n = strlen(a);
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    memmove(line, a, n);
    line[n] = '\0';
    if (n != 1)
        return -1;
    return strchr("yY", line[0]) ? 1 : strchr("nNqQ", line[0]) ? 0 : -1;
}
