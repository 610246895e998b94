/* util/strbuf.h - a growing NUL-terminated byte buffer (after git's strbuf).
 * buf is never NULL after strbuf_init; it may hold NUL bytes (len counts). */
#ifndef RCSIM_UTIL_STRBUF_H
#define RCSIM_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len;
    size_t alloc;
};

#define STRBUF_INIT { .buf = NULL, .len = 0, .alloc = 0 }

void strbuf_init(struct strbuf *sb);
/* Frees the storage; sb is empty (and reusable) afterwards. */
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends n copies of c. */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
/* Returns the buffer (caller frees) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Shortens sb to len bytes (len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);

#endif
