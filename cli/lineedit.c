/* cli/lineedit.c - a small emacs-style line editor fed one byte at a time.
 *
 * Owns: the line being typed, the cursor, the history and the terminal
 * bytes that show each edit (VT100/ANSI: ESC [ n C / ESC [ n D to move,
 * ESC [ K to erase to the end of the line). Not: reading the terminal or
 * the SSH channel (the callers feed bytes and send the echo), running
 * commands. Spec: cli/lineedit.h; a pty console takes CR as Enter and CRLF
 * is one Enter (docs/array-interfaces.md §5.7).
 *
 * The cursor is a byte offset: multi-byte characters are kept intact in
 * the line but moved over byte by byte, which is what a 3PAR console does
 * with its 7-bit command language. */
#include "cli/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

enum esc_state { ESC_NONE, ESC_GOT_ESC, ESC_CSI, ESC_SS3 };

struct lineedit {
    char *buf;              /* the line, NUL-terminated, max_line + 1 bytes */
    size_t len, cur, max_line;
    char **hist;            /* oldest first */
    size_t hist_n, hist_max;
    size_t hist_pos;        /* hist_n while editing a fresh line */
    char *saved;            /* the fresh line while walking the history */
    char *prompt;
    int echo;
    enum esc_state esc;
    unsigned esc_num;       /* numeric parameter of a CSI sequence */
    int after_cr;           /* the last byte ended a line with CR */
    lineedit_complete_fn *complete;
    void *complete_ctx;
    int after_tab;          /* the last key was a Tab that completed nothing */
};

struct lineedit *lineedit_new(size_t history_max, size_t max_line)
{
    struct lineedit *le = xcalloc(1, sizeof(*le));
    le->max_line = max_line;
    le->buf = xmalloc(max_line + 1);
    le->buf[0] = '\0';
    le->hist_max = history_max;
    if (history_max)
        le->hist = xcalloc(history_max, sizeof(*le->hist));
    le->prompt = xstrdup("");
    le->echo = 1;
    return le;
}

void lineedit_free(struct lineedit *le)
{
    if (!le)
        return;
    for (size_t i = 0; i < le->hist_n; i++)
        free(le->hist[i]);
    free(le->hist);
    free(le->saved);
    free(le->prompt);
    free(le->buf);
    free(le);
}

void lineedit_set_prompt(struct lineedit *le, const char *prompt)
{
    free(le->prompt);
    le->prompt = xstrdup(prompt ? prompt : "");
}

void lineedit_set_echo(struct lineedit *le, int on)
{
    le->echo = on;
}

void lineedit_set_complete(struct lineedit *le, lineedit_complete_fn *fn, void *ctx)
{
    le->complete = fn;
    le->complete_ctx = ctx;
}

void lineedit_history_add(struct lineedit *le, const char *line)
{
    if (!le->hist_max || !line || !*line)
        return;
    if (le->hist_n && !strcmp(le->hist[le->hist_n - 1], line))
        return;
    if (le->hist_n == le->hist_max) {
        free(le->hist[0]);
        memmove(le->hist, le->hist + 1, (le->hist_n - 1) * sizeof(*le->hist));
        le->hist_n--;
    }
    le->hist[le->hist_n++] = xstrdup(line);
    le->hist_pos = le->hist_n;
}

/* --- output helpers (all no-ops with echo off) ----------------------- */

static void out_bytes(struct lineedit *le, struct strbuf *echo, const char *p, size_t n)
{
    if (le->echo && n)
        strbuf_add(echo, p, n);
}

static void out_left(struct lineedit *le, struct strbuf *echo, size_t n)
{
    if (le->echo && n)
        strbuf_addf(echo, n == 1 ? "\033[D" : "\033[%zuD", n);
}

static void out_right(struct lineedit *le, struct strbuf *echo, size_t n)
{
    if (le->echo && n)
        strbuf_addf(echo, n == 1 ? "\033[C" : "\033[%zuC", n);
}

static void out_bell(struct lineedit *le, struct strbuf *echo)
{
    if (le->echo)
        strbuf_addch(echo, '\a');
}

/* Redraws the whole line: CR, prompt, text, erase the rest, cursor back. */
static void redraw(struct lineedit *le, struct strbuf *echo)
{
    if (!le->echo)
        return;
    strbuf_addch(echo, '\r');
    strbuf_adds(echo, le->prompt);
    strbuf_add(echo, le->buf, le->len);
    strbuf_adds(echo, "\033[K");
    out_left(le, echo, le->len - le->cur);
}

/* Shows the tail from the cursor after an in-place change, erasing `erased`
 * stale cells past the new end, and puts the cursor back. */
static void show_tail(struct lineedit *le, struct strbuf *echo, size_t erased)
{
    out_bytes(le, echo, le->buf + le->cur, le->len - le->cur);
    if (erased && le->echo)
        strbuf_adds(echo, "\033[K");
    out_left(le, echo, le->len - le->cur);
}

/* --- edits ----------------------------------------------------------- */

static void set_line(struct lineedit *le, const char *s)
{
    size_t n = strlen(s);
    if (n > le->max_line)
        n = le->max_line;
    memcpy(le->buf, s, n);
    le->buf[n] = '\0';
    le->len = le->cur = n;
}

static void insert_byte(struct lineedit *le, unsigned char c, struct strbuf *echo)
{
    if (le->len >= le->max_line) {
        out_bell(le, echo);
        return;
    }
    memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur + 1);
    le->buf[le->cur] = (char)c;
    le->len++;
    out_bytes(le, echo, le->buf + le->cur, 1);
    le->cur++;
    if (le->cur < le->len)
        show_tail(le, echo, 0);
}

/* Deletes n bytes starting at from (from + n <= len), cursor at from. */
static void delete_range(struct lineedit *le, size_t from, size_t n, struct strbuf *echo)
{
    if (!n)
        return;
    out_left(le, echo, le->cur - from);
    memmove(le->buf + from, le->buf + from + n, le->len - from - n + 1);
    le->len -= n;
    le->cur = from;
    show_tail(le, echo, n);
}

static void move_to(struct lineedit *le, size_t pos, struct strbuf *echo)
{
    if (pos < le->cur)
        out_left(le, echo, le->cur - pos);
    else
        out_right(le, echo, pos - le->cur);
    le->cur = pos;
}

static void history_walk(struct lineedit *le, int dir, struct strbuf *echo)
{
    if (dir < 0) {
        if (le->hist_pos == 0) {
            out_bell(le, echo);
            return;
        }
        if (le->hist_pos == le->hist_n) {
            free(le->saved);
            le->saved = xstrdup(le->buf);
        }
        le->hist_pos--;
        set_line(le, le->hist[le->hist_pos]);
    } else {
        if (le->hist_pos >= le->hist_n) {
            out_bell(le, echo);
            return;
        }
        le->hist_pos++;
        set_line(le, le->hist_pos == le->hist_n ? (le->saved ? le->saved : "")
                                                : le->hist[le->hist_pos]);
    }
    redraw(le, echo);
}

static void reset_line(struct lineedit *le)
{
    le->len = le->cur = 0;
    le->buf[0] = '\0';
    le->hist_pos = le->hist_n;
    free(le->saved);
    le->saved = NULL;
}

static enum lineedit_event finish_line(struct lineedit *le, struct strbuf *echo, char **line)
{
    out_bytes(le, echo, "\r\n", 2);
    *line = xstrndup(le->buf, le->len);
    lineedit_history_add(le, *line);
    reset_line(le);
    return LE_LINE;
}

/* --- completion -------------------------------------------------------- */

static size_t common_prefix(char **words, size_t n)
{
    size_t len = strlen(words[0]);
    for (size_t i = 1; i < n; i++) {
        size_t j = 0;
        while (j < len && words[i][j] == words[0][j])
            j++;
        len = j;
    }
    return len;
}

/* Lists the candidates on their own lines, then the prompt and the line
 * again. */
static void list_words(struct lineedit *le, char **words, size_t n, struct strbuf *echo)
{
    out_bytes(le, echo, "\r\n", 2);
    for (size_t i = 0; i < n; i++) {
        out_bytes(le, echo, words[i], strlen(words[i]));
        out_bytes(le, echo, i + 1 < n ? "  " : "\r\n", 2);
    }
    redraw(le, echo);
}

static void complete_word(struct lineedit *le, struct strbuf *echo)
{
    char **words = NULL;
    size_t start = le->cur, n = le->complete(le->complete_ctx, le->buf, le->cur, &words);
    while (start > 0 && le->buf[start - 1] != ' ' && le->buf[start - 1] != ';')
        start--;
    size_t have = le->cur - start, common = n ? common_prefix(words, n) : 0;
    int listed = le->after_tab;
    le->after_tab = 0;
    if (n == 0) {
        out_bell(le, echo);
    } else if (common > have) {
        for (size_t i = have; i < common; i++)
            insert_byte(le, (unsigned char)words[0][i], echo);
        if (n == 1)
            insert_byte(le, ' ', echo);
    } else if (n == 1) {
        insert_byte(le, ' ', echo);
    } else if (listed) {
        list_words(le, words, n, echo);
    } else {
        out_bell(le, echo);
        le->after_tab = 1;
    }
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
}

/* A complete escape sequence: key is the final byte, num its parameter. */
static void escape_key(struct lineedit *le, unsigned char key, unsigned num,
                       struct strbuf *echo)
{
    switch (key) {
    case 'A': history_walk(le, -1, echo); break;
    case 'B': history_walk(le, 1, echo); break;
    case 'C':
        if (le->cur < le->len)
            move_to(le, le->cur + 1, echo);
        break;
    case 'D':
        if (le->cur > 0)
            move_to(le, le->cur - 1, echo);
        break;
    case 'H': move_to(le, 0, echo); break;
    case 'F': move_to(le, le->len, echo); break;
    case '~':
        if (num == 1 || num == 7)
            move_to(le, 0, echo);
        else if (num == 4 || num == 8)
            move_to(le, le->len, echo);
        else if (num == 3 && le->cur < le->len)
            delete_range(le, le->cur, 1, echo);
        break;
    default:
        break;              /* unknown keys are ignored */
    }
}

/* Returns 1 while c belongs to an escape sequence (consumed). */
static int escape_feed(struct lineedit *le, unsigned char c, struct strbuf *echo)
{
    switch (le->esc) {
    case ESC_NONE:
        return 0;
    case ESC_GOT_ESC:
        le->esc_num = 0;
        le->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
        return 1;
    case ESC_SS3:
        le->esc = ESC_NONE;
        escape_key(le, c, 0, echo);
        return 1;
    case ESC_CSI:
        if (c >= '0' && c <= '9') {
            if (le->esc_num < 1000)
                le->esc_num = le->esc_num * 10 + (unsigned)(c - '0');
            return 1;
        }
        if (c == ';')
            return 1;
        le->esc = ESC_NONE;
        if (c >= 0x40 && c <= 0x7e)
            escape_key(le, c, le->esc_num, echo);
        return 1;
    }
    return 0;
}

enum lineedit_event lineedit_feed(struct lineedit *le, unsigned char c, struct strbuf *echo,
                                  char **line)
{
    *line = NULL;
    int after_cr = le->after_cr;
    le->after_cr = 0;
    if (c != '\t')
        le->after_tab = 0;
    if (escape_feed(le, c, echo))
        return LE_NONE;

    switch (c) {
    case '\r':
        le->after_cr = 1;
        return finish_line(le, echo, line);
    case '\n':
        if (after_cr)
            return LE_NONE;         /* CRLF is one Enter */
        return finish_line(le, echo, line);
    case 0x03:                      /* Ctrl-C */
        out_bytes(le, echo, "^C\r\n", 4);
        reset_line(le);
        return LE_INTERRUPT;
    case 0x04:                      /* Ctrl-D */
        if (!le->len)
            return LE_EOF;
        if (le->cur < le->len)
            delete_range(le, le->cur, 1, echo);
        return LE_NONE;
    case 0x01: move_to(le, 0, echo); return LE_NONE;            /* Ctrl-A */
    case 0x05: move_to(le, le->len, echo); return LE_NONE;      /* Ctrl-E */
    case 0x02:                                                  /* Ctrl-B */
        if (le->cur > 0)
            move_to(le, le->cur - 1, echo);
        return LE_NONE;
    case 0x06:                                                  /* Ctrl-F */
        if (le->cur < le->len)
            move_to(le, le->cur + 1, echo);
        return LE_NONE;
    case 0x08:                                                  /* Backspace */
    case 0x7f:                                                  /* DEL */
        if (le->cur > 0)
            delete_range(le, le->cur - 1, 1, echo);
        else
            out_bell(le, echo);
        return LE_NONE;
    case 0x0b:                                                  /* Ctrl-K */
        delete_range(le, le->cur, le->len - le->cur, echo);
        return LE_NONE;
    case 0x15:                                                  /* Ctrl-U */
        delete_range(le, 0, le->cur, echo);
        return LE_NONE;
    case 0x17: {                                                /* Ctrl-W */
        size_t p = le->cur;
        while (p > 0 && le->buf[p - 1] == ' ')
            p--;
        while (p > 0 && le->buf[p - 1] != ' ')
            p--;
        delete_range(le, p, le->cur - p, echo);
        return LE_NONE;
    }
    case 0x10: history_walk(le, -1, echo); return LE_NONE;      /* Ctrl-P */
    case 0x0e: history_walk(le, 1, echo); return LE_NONE;       /* Ctrl-N */
    case 0x0c: redraw(le, echo); return LE_NONE;                /* Ctrl-L */
    case 0x1b: le->esc = ESC_GOT_ESC; return LE_NONE;
    case '\t':
        if (le->complete)
            complete_word(le, echo);
        else
            insert_byte(le, ' ', echo);
        return LE_NONE;
    default:
        if (c < 0x20)
            return LE_NONE;         /* other control keys do nothing */
        insert_byte(le, c, echo);
        return LE_NONE;
    }
}
