/* util/log.h - one-line log messages on stderr.
 * Owns: the log level (set once at start-up) and the line format
 * "<UTC time> <LEVEL> <file>: <message>". Never log passwords or keys. */
#ifndef RCSIM_UTIL_LOG_H
#define RCSIM_UTIL_LOG_H

#include <stdbool.h>

enum rclog_level { RCLOG_DEBUG, RCLOG_INFO, RCLOG_WARN, RCLOG_ERROR, RCLOG_OFF };

extern enum rclog_level rclog_threshold;

/* Parses "debug", "info", "warn", "error" or "off"; returns -1 on anything else. */
int rclog_parse_level(const char *s, enum rclog_level *out);

void rclog_write(enum rclog_level level, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The level is checked before the arguments are formatted, as serverLog does. */
#define rclog(level, ...)                                                     \
    do {                                                                      \
        if ((level) >= rclog_threshold)                                       \
            rclog_write((level), __FILE__, __VA_ARGS__);                      \
    } while (0)

/* A broken invariant (a caller breaking a function's contract, never bad
 * input or a bad database): logs "BUG: file:line: message" whatever the
 * level and aborts, as git's BUG() does, so that it is found, not carried
 * on as an internal error. */
void rc_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
#define RC_BUG(...) rc_bug(__FILE__, __LINE__, __VA_ARGS__)
/* Repeated messages (a flood of accept errors, say) are cut by a limiter
 * the caller owns: per key (a format string, say), the first
 * RCLOG_BURST messages in each RCLOG_BURST_MS go through, the others are
 * counted, and the first one let through afterwards says how many were
 * left out. Thread-safe. */
#define RCLOG_BURST 5
#define RCLOG_BURST_MS 10000
struct rclog_limiter;
/* Returns a new limiter; free with rclog_limiter_free(). */
struct rclog_limiter *rclog_limiter_new(void);
void rclog_limiter_free(struct rclog_limiter *rl);
/* Whether a message with this key may be written at now_ms (any monotonic
 * milliseconds). When it may, *dropped is how many of its kind were left
 * out since the last one written. */
bool rclog_limiter_admit(struct rclog_limiter *rl, const char *key, long long now_ms,
                         unsigned *dropped);

#endif
