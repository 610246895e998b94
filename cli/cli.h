/* cli/cli.h - the array's command language, as one session object.
 *
 * A session belongs to one array and one user (whose role every command is
 * checked against) and keeps the per-session settings (setclienv csvtable,
 * nohdtot). The SSH front (cli/ssh.c) and the control API's CLI call both
 * drive sessions through this interface; the command table (cli/commands.c)
 * is the only place commands are defined. Output lines end in "\n"; a front
 * that needs "\r\n" converts. */
#ifndef RCSIM_CLI_CLI_H
#define RCSIM_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/array.h"

struct sim;
struct cli_session;
struct strbuf;

/* Where a command's output goes and how it asks questions. */
struct cli_io {
    /* Normal output. */
    void (*out)(void *ctx, const char *data, size_t len);
    /* Error lines ("Error: ..."). A pty shell sends them to out as well. */
    void (*err)(void *ctx, const char *data, size_t len);
    /* Asks a confirmation question (the line before "select q=quit y=yes
     * n=no: "). Returns 1 for yes, 0 for no or quit, -1 when nobody can
     * answer (end of input). NULL is -1: a non-interactive caller without
     * -f is refused with an Error line saying so. */
    int (*confirm)(void *ctx, const char *question);
    void *ctx;
    /* Set (by another thread or a signal) to interrupt a long command. */
    volatile int *interrupted;
    /* Waits (-w, -wait, -waittask) end at once, as if interrupted: for
     * commands run by the engine itself (schedules), which may hold it. */
    bool no_wait;
};

/* Exit statuses of a command, as the array's CLI returns them. */
enum cli_status { CLI_OK = 0, CLI_REFUSED = 1, CLI_USAGE = 2 };

/* Returns a new session; free with cli_session_free(). Borrows s. */
struct cli_session *cli_session_new(struct sim *s, const char *array, const char *user,
                                    enum sim_user_role role);
void cli_session_free(struct cli_session *cs);

/* Runs one input line: one command, or several separated by ';'. Returns
 * the status of the last command run. *exit_requested is set when the line
 * asked to end the session (exit, quit). */
int cli_session_run(struct cli_session *cs, const char *line, const struct cli_io *io,
                    bool *exit_requested);

/* Reads an answer to a confirmation question (docs/array-remote-copy.md §5.4), blanks
 * around it ignored: 1 for y, 0 for n or q, -1 for anything else (the
 * array says "Unrecognized input" and asks again). line becomes the
 * trimmed answer. */
int cli_answer_parse(char *line);

/* The prompt, "<array> cli% ". Borrowed from the session. */
const char *cli_session_prompt(const struct cli_session *cs);

/* Makes the engine run scheduled commands (createsched) through this
 * command table: call once, before the clock starts. */
void cli_sched_install(struct sim *s);

/* Tab completion: the words that may complete the last word of line[0,
 * cursor) (the word may be empty): command names first, then a command's
 * subcommand names, or its options when the word starts with '-'. Returns
 * how many; *out is a new sorted array of new strings (free each, then
 * the array; NULL when none). */
size_t cli_complete(const char *line, size_t cursor, char ***out);

/* Appends the whole command reference, generated from the command table,
 * as Markdown (the content of docs/cli.md). */
void cli_doc_markdown(struct strbuf *out);

#endif
