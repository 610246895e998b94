/* cli/ssh_term.c - echo, line editing and line endings of an SSH channel's
 * terminal. Owns: the input queue, the pre-prompt cooked echo, the
 * over-long line refusal. Not: libssh (ssh.c), running commands
 * (ssh_chan.c). Spec: docs/array-interfaces.md §5.2, §5.3, §5.7. */
#include "cli/ssh_term.h"

#include <stdlib.h>
#include <string.h>

#include "cli/lineedit.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define TERM_HISTORY 100

struct ssh_term {
    bool pty;
    bool started;           /* the first prompt was shown */
    bool cooked_after_cr;   /* cooked echo: the last byte was CR */
    bool overflow;          /* the current line is over max_line */
    size_t max_line;
    size_t line_bytes;      /* raw bytes of the current line so far */
    struct strbuf in;       /* queued input, from in_off on */
    size_t in_off;
    struct lineedit *le;    /* pty only */
};

struct ssh_term *ssh_term_new(bool pty, size_t max_line)
{
    struct ssh_term *t = xcalloc(1, sizeof(*t));
    t->pty = pty;
    t->max_line = max_line;
    strbuf_init(&t->in);
    if (pty)
        t->le = lineedit_new(TERM_HISTORY, max_line);
    return t;
}

void ssh_term_free(struct ssh_term *t)
{
    if (!t)
        return;
    lineedit_free(t->le);
    strbuf_release(&t->in);
    free(t);
}

bool ssh_term_pty(const struct ssh_term *t)
{
    return t->pty;
}

bool ssh_term_started(const struct ssh_term *t)
{
    return t->started;
}

/* The echo of a tty in cooked mode (ECHO, ECHOCTL, ICRNL, ONLCR). CRLF is
 * one Enter, as the line editor counts it, so it echoes one "\r\n". */
static void cooked_echo(struct ssh_term *t, const char *data, size_t len, struct strbuf *out)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        bool after_cr = t->cooked_after_cr;
        t->cooked_after_cr = c == '\r';
        if (c == '\r' || (c == '\n' && !after_cr))
            strbuf_adds(out, "\r\n");
        else if (c == '\n')
            continue;
        else if (c == '\t' || c >= 0x20)
            strbuf_addch(out, c == 0x7f ? '^' : c);
        else
            strbuf_addf(out, "^%c", c + 64);
    }
}

void ssh_term_input(struct ssh_term *t, const char *data, size_t len, struct strbuf *out)
{
    if (t->pty && !t->started)
        cooked_echo(t, data, len, out);
    if (t->in_off && t->in_off == t->in.len) {
        strbuf_reset(&t->in);
        t->in_off = 0;
    }
    strbuf_add(&t->in, data, len);
}

void ssh_term_flush_input(struct ssh_term *t)
{
    strbuf_reset(&t->in);
    t->in_off = 0;
}

void ssh_term_prompt(struct ssh_term *t, const char *prompt, struct strbuf *out)
{
    strbuf_adds(out, prompt);
    if (t->le)
        lineedit_set_prompt(t->le, prompt);
    t->started = true;
}

/* Ends the current line: TERM_TOOLONG if it overflowed, else TERM_LINE. */
static enum ssh_term_event line_done(struct ssh_term *t, char **line)
{
    bool over = t->overflow;
    t->overflow = false;
    t->line_bytes = 0;
    if (over) {
        free(*line);
        *line = NULL;
        return TERM_TOOLONG;
    }
    return TERM_LINE;
}

static enum ssh_term_event next_pty(struct ssh_term *t, bool at_eof, struct strbuf *out,
                                    char **line)
{
    while (t->in_off < t->in.len) {
        unsigned char c = (unsigned char)t->in.buf[t->in_off++];
        bool enter = c == '\r' || c == '\n';
        if (t->overflow && !enter && c != 0x03)
            continue;       /* swallow the rest of an over-long line */
        if (!enter && ++t->line_bytes > t->max_line) {
            t->overflow = true;
            strbuf_addch(out, '\a');
            continue;
        }
        switch (lineedit_feed(t->le, c, out, line)) {
        case LE_NONE:
            break;
        case LE_LINE:
            return line_done(t, line);
        case LE_INTERRUPT:
            t->overflow = false;
            t->line_bytes = 0;
            return TERM_INTERRUPT;
        case LE_EOF:
            return TERM_EOF;
        }
    }
    return at_eof ? TERM_EOF : TERM_MORE;
}

static enum ssh_term_event next_plain(struct ssh_term *t, bool at_eof, char **line)
{
    const char *start = t->in.buf + t->in_off;
    size_t avail = t->in.len - t->in_off;
    const char *nl = memchr(start, '\n', avail);
    if (!nl) {
        if (avail > t->max_line) {
            t->overflow = true;     /* keep memory bounded: drop it now */
            ssh_term_flush_input(t);
            avail = 0;
        }
        if (!at_eof)
            return TERM_MORE;
        if (!avail && !t->overflow)
            return TERM_EOF;
        nl = start + avail;         /* a last line without "\n" */
    }
    size_t n = (size_t)(nl - start);
    t->in_off += n + (nl < start + avail ? 1 : 0);
    if (n && start[n - 1] == '\r')
        n--;
    if (n > t->max_line)
        t->overflow = true;
    /* a C string would end at the NUL: "showvv\0; removevv" must not run
     * as "showvv" (a pty's line editor ignores the key, as a tty does) */
    if (!t->overflow && memchr(start, '\0', n)) {
        t->line_bytes = 0;
        return TERM_BADCHAR;
    }
    *line = xstrndup(start, n);
    return line_done(t, line);
}

enum ssh_term_event ssh_term_next(struct ssh_term *t, bool at_eof, struct strbuf *out,
                                  char **line)
{
    *line = NULL;
    if (t->pty)
        return next_pty(t, at_eof, out, line);
    return next_plain(t, at_eof, line);
}

void ssh_term_output(const struct ssh_term *t, const char *data, size_t len,
                     struct strbuf *out)
{
    if (!t->pty) {
        strbuf_add(out, data, len);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            strbuf_addch(out, '\r');
        strbuf_addch(out, data[i]);
    }
}
