/* util/cron.c - see cron.h. Fields become bit masks; the next run is found
 * by skipping whole months, days and hours that cannot match before
 * stepping minutes, so a search costs at most a few thousand steps. */
#include "util/cron.h"
#include "util/strutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *alias, *spec;
} aliases[] = {
    { "@hourly", "0 * * * *" },  { "@daily", "0 0 * * *" },   { "@midnight", "0 0 * * *" },
    { "@weekly", "0 0 * * 0" },  { "@monthly", "0 0 1 * *" }, { "@yearly", "0 0 1 1 *" },
    { "@annually", "0 0 1 1 *" },
};

static int number(const char **p, int *out)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    int v = 0;
    while (isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        if (v > 1000)
            return -1;
        (*p)++;
    }
    *out = v;
    return 0;
}

/* One field into bits lo..hi of *mask. */
static int field(const char *f, int lo, int hi, uint64_t *mask)
{
    const char *p = f;
    *mask = 0;
    for (;;) {
        int a = lo, b = hi, step = 1;
        bool single = false;
        if (*p == '*') {
            p++;
        } else {
            if (number(&p, &a))
                return -1;
            b = a;
            single = true;
            if (*p == '-') {
                p++;
                single = false;
                if (number(&p, &b))
                    return -1;
            }
        }
        if (*p == '/') {
            p++;
            if (number(&p, &step) || step < 1)
                return -1;
            if (single)
                b = hi;     /* "n/step": from n to the end */
        }
        if (a < lo || b > hi || a > b)
            return -1;
        for (int v = a; v <= b; v += step)
            *mask |= 1ULL << v;
        if (*p == '\0')
            return 0;
        if (*p++ != ',')
            return -1;
    }
}

int rc_cron_parse(const char *spec, struct rc_cron *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(spec, aliases[i].alias) == 0)
            spec = aliases[i].spec;
    char buf[160];
    if (strlen(spec) >= sizeof(buf))
        return -1;
    rc_strlcpy(buf, spec, sizeof(buf));
    char *save = NULL, *w[6];
    int n = 0;
    for (char *t = strtok_r(buf, " \t", &save); t && n < 6; t = strtok_r(NULL, " \t", &save))
        w[n++] = t;
    if (n != 5)
        return -1;
    static const int lo[5] = { 0, 0, 1, 1, 0 }, hi[5] = { 59, 23, 31, 12, 7 };
    uint64_t m[5];
    for (int i = 0; i < 5; i++) {
        if (strlen(w[i]) >= sizeof(out->field[i]) || field(w[i], lo[i], hi[i], &m[i]))
            return -1;
        rc_strlcpy(out->field[i], w[i], sizeof(out->field[i]));
    }
    out->minute = m[0];
    out->hour = (uint32_t)m[1];
    out->dom = (uint32_t)m[2];
    out->month = (uint16_t)m[3];
    out->dow = (uint8_t)((m[4] | (m[4] >> 7)) & 0x7F);   /* 7 is Sunday too */
    out->dom_any = w[2][0] == '*';
    out->dow_any = w[4][0] == '*';
    return 0;
}

static bool day_matches(const struct rc_cron *c, const struct tm *tm)
{
    bool dom = c->dom >> tm->tm_mday & 1, dow = c->dow >> tm->tm_wday & 1;
    if (c->dom_any || c->dow_any)
        return dom && dow;
    return dom || dow;      /* cron: both restricted, either may match */
}

int64_t rc_cron_next(const struct rc_cron *c, int64_t after_ms)
{
    time_t t = (time_t)(after_ms / 60000 + 1) * 60;
    time_t limit = t + (time_t)10 * 366 * 86400;
    struct tm tm;
    while (t < limit) {
        gmtime_r(&t, &tm);
        if (!(c->month >> (tm.tm_mon + 1) & 1)) {
            tm.tm_mon++;
            tm.tm_mday = 1;
            tm.tm_hour = tm.tm_min = 0;
        } else if (!day_matches(c, &tm)) {
            tm.tm_mday++;
            tm.tm_hour = tm.tm_min = 0;
        } else if (!(c->hour >> tm.tm_hour & 1)) {
            tm.tm_hour++;
            tm.tm_min = 0;
        } else if (!(c->minute >> tm.tm_min & 1)) {
            tm.tm_min++;
        } else {
            return (int64_t)t * 1000;
        }
        tm.tm_sec = 0;
        t = timegm(&tm);
    }
    return 0;
}
