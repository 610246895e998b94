/* util/strutil.c - see strutil.h. */
#include "util/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t rc_strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

int rc_parse_i64(const char *s, int64_t *out)
{
    char *end;
    if (!s || !*s || isspace((unsigned char)*s))
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* Splits "<digits><suffix>" and multiplies without overflow. */
static int parse_scaled(const char *s, const char *suffixes, const uint64_t *mult,
                        uint64_t dflt, uint64_t *out)
{
    char *end;
    if (!s || !isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    uint64_t m = dflt;
    if (*end) {
        const char *hit = strchr(suffixes, toupper((unsigned char)*end));
        if (!hit)
            return -1;
        m = mult[hit - suffixes];
        end++;
        if (strcasecmp(end, "iB") == 0 || strcasecmp(end, "B") == 0)
            end += strlen(end);
        if (*end)
            return -1;
    }
    if (m && v > UINT64_MAX / m)
        return -1;
    *out = v * m;
    return 0;
}

int rc_parse_bytes(const char *s, uint64_t *out)
{
    static const uint64_t mult[] = { 1ULL << 10, 1ULL << 20, 1ULL << 30, 1ULL << 40 };
    return parse_scaled(s, "KMGT", mult, 1, out);
}

void rc_format_bytes(uint64_t n, char *buf, size_t size)
{
    static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
    if (n < 1024) {
        snprintf(buf, size, "%llu B", (unsigned long long)n);
        return;
    }
    double v = (double)n / 1024.0;
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
        v /= 1024.0;
        u++;
    }
    snprintf(buf, size, v < 10 ? "%.2f %s" : "%.1f %s", v, units[u]);
}

int rc_parse_mib(const char *s, uint64_t *out)
{
    static const uint64_t mult[] = { 1, 1024, 1024 * 1024 };
    return parse_scaled(s, "MGT", mult, 1, out);
}

/* The unit at s ("ms" before "m"): its length in ms and in characters. */
static int duration_unit(const char *s, int64_t *unit_ms, size_t *len)
{
    static const struct { const char *name; int64_t ms; } units[] = {
        { "ms", 1 }, { "s", 1000 }, { "m", 60 * 1000 }, { "h", 3600 * 1000 },
        { "d", 86400 * 1000LL }, { "y", 365 * 86400 * 1000LL },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t n = strlen(units[i].name);
        if (strncmp(s, units[i].name, n) == 0) {
            *unit_ms = units[i].ms;
            *len = n;
            return 0;
        }
    }
    return -1;
}

/* One "<digits>[.<digits>]" term times unit, exactly: a fraction that is
 * not a whole number of ms is refused rather than rounded. */
static int duration_term(uint64_t whole, uint64_t frac, int frac_digits, int64_t unit,
                         int64_t *out)
{
    uint64_t scale = 1;
    for (int i = 0; i < frac_digits; i++)
        scale *= 10;
    if (whole > (uint64_t)INT64_MAX / (uint64_t)unit ||
        frac > UINT64_MAX / (uint64_t)unit || (frac * (uint64_t)unit) % scale)
        return -1;
    uint64_t v = whole * (uint64_t)unit + frac * (uint64_t)unit / scale;
    if (v > (uint64_t)INT64_MAX)
        return -1;
    *out = (int64_t)v;
    return 0;
}

int rc_parse_duration_ms(const char *s, int64_t default_unit_ms, int64_t *out)
{
    int64_t total = 0;
    if (!s || !isdigit((unsigned char)*s))
        return -1;
    while (*s) {
        uint64_t whole = 0, frac = 0;
        int frac_digits = 0;
        for (; isdigit((unsigned char)*s); s++) {
            if (whole > (UINT64_MAX - 9) / 10)
                return -1;
            whole = whole * 10 + (uint64_t)(*s - '0');
        }
        if (*s == '.') {
            if (!isdigit((unsigned char)*++s))
                return -1;
            for (; isdigit((unsigned char)*s); s++)
                if (frac_digits < 9) {
                    frac = frac * 10 + (uint64_t)(*s - '0');
                    frac_digits++;
                } else if (*s != '0') {
                    return -1;      /* finer than a nanosecond of a day */
                }
        }
        int64_t unit, ms;
        size_t len = 0;
        if (!*s && total == 0 && default_unit_ms > 0)
            unit = default_unit_ms;     /* a bare number, where one is allowed */
        else if (!*s && total == 0 && whole == 0 && frac == 0)
            unit = 1;                   /* "0" needs no unit */
        else if (duration_unit(s, &unit, &len))
            return -1;
        s += len;
        if (duration_term(whole, frac, frac_digits, unit, &ms) || ms > INT64_MAX - total)
            return -1;
        total += ms;
        if (*s && !isdigit((unsigned char)*s))
            return -1;
    }
    *out = total;
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int rc_pct_decode(char *s, bool plus_space)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '%') {
            int hi = hexval((unsigned char)r[1]), lo = hi < 0 ? -1 : hexval((unsigned char)r[2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else if (*r == '+' && plus_space) {
            *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return 0;
}

bool rc_json_has_nul(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\0')
            return true;
        if (text[i] != '\\' || i + 1 >= len)
            continue;
        if (text[i + 1] == 'u' && i + 5 < len && !strncmp(text + i + 2, "0000", 4))
            return true;
        i++;                    /* the escaped character, a backslash too */
    }
    return false;
}

bool rc_glob_match(const char *pattern, const char *s)
{
    return fnmatch(pattern, s, 0) == 0;
}

void rc_format_time(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

void rc_format_time_iso(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

int rc_parse_time(const char *s, int64_t *ms_out)
{
    struct tm tm;
    const char *end;
    int64_t v;

    if (s[0] == '@') {
        if (rc_parse_i64(s + 1, &v) || v > INT64_MAX / 1000 || v < INT64_MIN / 1000)
            return -1;
        *ms_out = v * 1000;
        return 0;
    }
    memset(&tm, 0, sizeof(tm));
    end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
    if (!end)
        end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end)
        return -1;
    if (*end == 'Z' || strcmp(end, " UTC") == 0 || strcmp(end, "+00:00") == 0)
        end += strlen(end);
    if (*end)
        return -1;
    *ms_out = (int64_t)timegm(&tm) * 1000;
    return 0;
}
