/* cli/ssh_term.h - what an SSH channel's terminal does with the bytes a
 * client types: echo, line editing, prompts, line endings. Private to
 * cli/ssh*.c (and its unit test); it knows nothing of libssh or threads,
 * so the framing of docs/array-interfaces.md §5.2/§5.3/§5.7 is tested
 * without sockets.
 *
 * A pty shell behaves like the array's console: bytes typed before the
 * first prompt are echoed the way a cooked tty echoes them (each line
 * "\r\n"), then the CLI takes over and echoes each line again, after its
 * prompt, through the line editor. Without a pty nothing is echoed and
 * lines end at "\n" (a "\r" before it is dropped). */
#ifndef RCSIM_CLI_SSH_TERM_H
#define RCSIM_CLI_SSH_TERM_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct ssh_term;

enum ssh_term_event {
    TERM_MORE,          /* no complete line yet: feed more input */
    TERM_LINE,          /* *line is a new string (free()) */
    TERM_INTERRUPT,     /* Ctrl-C on a pty: the line was discarded */
    TERM_TOOLONG,       /* the line was longer than max_line: discarded */
    TERM_BADCHAR,       /* the line held a NUL byte (no pty): discarded */
    TERM_EOF,           /* Ctrl-D on an empty pty line, or input ended */
};

/* Returns a new terminal; free with ssh_term_free(). Lines longer than
 * max_line bytes are refused whole (TERM_TOOLONG). */
struct ssh_term *ssh_term_new(bool pty, size_t max_line);
void ssh_term_free(struct ssh_term *t);
bool ssh_term_pty(const struct ssh_term *t);
/* Whether the first prompt was shown. */
bool ssh_term_started(const struct ssh_term *t);

/* Queues input bytes. On a pty before the first prompt they are also
 * echoed into out as a cooked tty would (CR, LF and CRLF as "\r\n",
 * control bytes as ^X). */
void ssh_term_input(struct ssh_term *t, const char *data, size_t len, struct strbuf *out);
/* Drops the queued input (a tty flushes it on Ctrl-C). */
void ssh_term_flush_input(struct ssh_term *t);
/* Appends the prompt to out; the first call starts the CLI's own echo. */
void ssh_term_prompt(struct ssh_term *t, const char *prompt, struct strbuf *out);
/* Takes the next line from the queued input, appending the echo to out.
 * at_eof: no more input will come, so a last line without "\n" is
 * returned, then TERM_EOF. */
enum ssh_term_event ssh_term_next(struct ssh_term *t, bool at_eof, struct strbuf *out,
                                  char **line);
/* Appends command output to out: on a pty every "\n" becomes "\r\n". */
void ssh_term_output(const struct ssh_term *t, const char *data, size_t len,
                     struct strbuf *out);

#endif
