/* cli/lineedit.h - a small line editor fed with terminal input bytes.
 *
 * It keeps the line being typed, the cursor and a history, and produces the
 * bytes that show the user the effect of each key (echo, cursor moves,
 * redraws). Used on the server side of the SSH shell and by the
 * interactive `rcsim cli` on a raw terminal. Keys: printable bytes insert;
 * Backspace/DEL delete left; Ctrl-A/Home, Ctrl-E/End, Ctrl-B/Left,
 * Ctrl-F/Right move; Ctrl-K, Ctrl-U, Ctrl-W kill; Up/Down or Ctrl-P/Ctrl-N
 * walk the history; CR, LF or CRLF end a line; Ctrl-C discards the line;
 * Ctrl-D on an empty line is end of input; Tab completes the word before
 * the cursor when a completer is set (else it types a space). */
#ifndef RCSIM_CLI_LINEEDIT_H
#define RCSIM_CLI_LINEEDIT_H

#include <stddef.h>

struct strbuf;
struct lineedit;

enum lineedit_event {
    LE_NONE,        /* keep feeding */
    LE_LINE,        /* a line is complete: *line is a new string (free()) */
    LE_INTERRUPT,   /* Ctrl-C: the line was discarded */
    LE_EOF,         /* Ctrl-D on an empty line */
};

/* Returns a new editor keeping at most history_max lines; free with
 * lineedit_free(). max_line caps the line length (longer input is
 * dropped with a bell). */
struct lineedit *lineedit_new(size_t history_max, size_t max_line);
void lineedit_free(struct lineedit *le);
/* The prompt to redraw after a history recall (borrowed, copied). */
void lineedit_set_prompt(struct lineedit *le, const char *prompt);
/* Whether to echo input (off for passwords and pipes). */
void lineedit_set_echo(struct lineedit *le, int on);
/* Feeds one input byte. Bytes to show are appended to echo. */
enum lineedit_event lineedit_feed(struct lineedit *le, unsigned char c, struct strbuf *echo,
                                  char **line);
/* Tab completion: fn returns how many words may complete the word that
 * ends at cursor in line (*words: a new array of new strings, which the
 * editor frees). One candidate is completed with a space after it;
 * several are completed up to their common prefix, and a second Tab in a
 * row lists them under the line. NULL turns completion off. */
typedef size_t lineedit_complete_fn(void *ctx, const char *line, size_t cursor,
                                    char ***words);
void lineedit_set_complete(struct lineedit *le, lineedit_complete_fn *fn, void *ctx);
/* Adds a line to the history (LE_LINE does this for non-empty lines). */
void lineedit_history_add(struct lineedit *le, const char *line);

#endif
