/* util/log.c - see log.h. */
#include "util/log.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

/* The only mutable file-scope state: set once at start-up. */
enum rclog_level rclog_threshold = RCLOG_WARN;

static const char *const level_names[] = {
    [RCLOG_DEBUG] = "DEBUG", [RCLOG_INFO] = "INFO",
    [RCLOG_WARN] = "WARN",   [RCLOG_ERROR] = "ERROR", [RCLOG_OFF] = "OFF",
};

int rclog_parse_level(const char *s, enum rclog_level *out)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
        if (strcasecmp(s, level_names[i]) == 0) {
            *out = (enum rclog_level)i;
            return 0;
        }
    }
    return -1;
}

void rclog_write(enum rclog_level level, const char *file, const char *fmt, ...)
{
    char msg[1024], stamp[32];
    struct timeval tv;
    struct tm tm;
    va_list ap;

    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* one line per message, whatever a client put in a name it sent */
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    /* one fprintf per line so that threads never interleave inside a line */
    fprintf(stderr, "%s.%03ldZ %s %s: %s\n", stamp, (long)(tv.tv_usec / 1000),
            level_names[level], file, msg);
}

void rc_bug(const char *file, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
    abort();
}

/* --- the limiter -------------------------------------------------------- */

#define LIMITER_KINDS 64        /* kinds sharing a slot are limited together */

struct limiter_slot {
    long long window_start;
    unsigned in_window;
    unsigned dropped;
};

struct rclog_limiter {
    pthread_mutex_t mu;
    struct limiter_slot slots[LIMITER_KINDS];
};

struct rclog_limiter *rclog_limiter_new(void)
{
    struct rclog_limiter *rl = xcalloc(1, sizeof(*rl));
    pthread_mutex_init(&rl->mu, NULL);
    return rl;
}

void rclog_limiter_free(struct rclog_limiter *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->mu);
    free(rl);
}

bool rclog_limiter_admit(struct rclog_limiter *rl, const char *key, long long now_ms,
                         unsigned *dropped)
{
    struct limiter_slot *sl = &rl->slots[rc_hash64(key, strlen(key), 7) % LIMITER_KINDS];
    bool ok;
    pthread_mutex_lock(&rl->mu);
    if (now_ms - sl->window_start >= RCLOG_BURST_MS) {
        sl->window_start = now_ms;
        sl->in_window = 0;
    }
    ok = sl->in_window < RCLOG_BURST;
    if (ok) {
        sl->in_window++;
        *dropped = sl->dropped;
        sl->dropped = 0;
    } else {
        sl->dropped++;
    }
    pthread_mutex_unlock(&rl->mu);
    return ok;
}
