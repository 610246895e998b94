/* util/strutil.h - small string helpers that know nothing of 3PAR. */
#ifndef RCSIM_UTIL_STRUTIL_H
#define RCSIM_UTIL_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies src into dst[size], always NUL-terminating; returns strlen(src). */
size_t rc_strlcpy(char *dst, const char *src, size_t size);

/* Parses a byte count with an optional suffix K, M, G or T (powers of 1024,
 * case-insensitive, an optional trailing "iB" or "B"). Returns 0, or -1 on
 * anything else, including overflow. */
int rc_parse_bytes(const char *s, uint64_t *out);

/* Formats a byte count for people: "512 B", "16.0 KiB", "1.50 GiB". */
void rc_format_bytes(uint64_t n, char *buf, size_t size);

/* Parses a size in MiB as the array CLI takes it: a number with an optional
 * suffix m/M (MiB), g/G (GiB) or t/T (TiB). Returns 0 or -1. */
int rc_parse_mib(const char *s, uint64_t *out);

/* Parses a duration, the one syntax of every rcsim flag and command: one
 * or more terms <number><unit>, the number a whole or decimal one, the
 * unit ms, s, m, h, d or y (365 d): "90s", "1m30s", "1.5s", "250ms",
 * "2h45m". A bare number ("10") takes default_unit_ms per unit, or is
 * refused when default_unit_ms is 0 (a bare "0" is zero either way). A
 * value that is not a whole number of ms ("1.5ms") is refused, not
 * rounded. Writes milliseconds. Returns 0 or -1. */
int rc_parse_duration_ms(const char *s, int64_t default_unit_ms, int64_t *out);

/* Parses a decimal signed 64-bit integer, whole string. Returns 0 or -1. */
int rc_parse_i64(const char *s, int64_t *out);

/* Shell-style glob match (* ? and [..]) of a whole string. */
bool rc_glob_match(const char *pattern, const char *s);

/* Decodes %XX escapes in place (and '+' as a space when plus_space).
 * Returns 0, or -1 (s then undefined) for a malformed escape or an escaped
 * NUL, which a C string would cut short. */
int rc_pct_decode(char *s, bool plus_space);

/* Whether JSON text holds a NUL inside a string: a raw 0 byte, or the
 * escape \u0000, which a parser decodes into a C string that it then cuts
 * short. Outside strings neither is valid JSON anyway. */
bool rc_json_has_nul(const char *text, size_t len);

/* Formats sim time (ms since the epoch) as "YYYY-MM-DD HH:MM:SS UTC". */
void rc_format_time(int64_t ms, char *buf, size_t size);
/* Formats as ISO 8601 "YYYY-MM-DDTHH:MM:SS+00:00". */
void rc_format_time_iso(int64_t ms, char *buf, size_t size);
/* Parses "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS[Z]" or @<epoch seconds>. */
int rc_parse_time(const char *s, int64_t *ms_out);

#endif
