/* util/xalloc.h - allocation that never returns NULL (it aborts on out of
 * memory, as git's wrapper.c does). Callers do not check the result. */
#ifndef RCSIM_UTIL_XALLOC_H
#define RCSIM_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string formatted as printf would; free with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *p (an array of *alloc elements of size elem) to hold at least need. */
#define XGROW(p, need, alloc)                                                   \
    do {                                                                        \
        if ((need) > (alloc)) {                                                 \
            size_t xg_n_ = (alloc) ? (alloc) * 2 : 16;                          \
            while (xg_n_ < (need))                                              \
                xg_n_ *= 2;                                                     \
            (p) = xrealloc((p), xg_n_ * sizeof(*(p)));                          \
            (alloc) = xg_n_;                                                    \
        }                                                                       \
    } while (0)

#endif
