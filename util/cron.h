/* util/cron.h - cron time specifications, as the array's createsched takes
 * them: five fields "<minute> <hour> <day of month> <month> <day of week>"
 * (each "*", "n", "n-m", a list "a,b,...", with an optional "/step"), or
 * one of @hourly @daily @weekly @monthly @yearly @annually. Times are UTC,
 * the time zone the simulated arrays run in. */
#ifndef RCSIM_UTIL_CRON_H
#define RCSIM_UTIL_CRON_H

#include <stdbool.h>
#include <stdint.h>

struct rc_cron {
    uint64_t minute;            /* bit n: minute n (0-59) */
    uint32_t hour;              /* 0-23 */
    uint32_t dom;               /* 1-31 */
    uint16_t month;             /* 1-12 */
    uint8_t dow;                /* 0-6, Sunday 0 (7 is read as 0) */
    bool dom_any, dow_any;      /* "*": with both restricted, either day matches */
    char field[5][32];          /* the fields as given (showsched prints them) */
};

/* Parses spec. Returns 0, or -1 when it is not a valid specification. */
int rc_cron_parse(const char *spec, struct rc_cron *out);

/* The first whole minute strictly after after_ms that the specification
 * matches, in ms since the epoch; 0 when none comes within ten years. */
int64_t rc_cron_next(const struct rc_cron *c, int64_t after_ms);

#endif
