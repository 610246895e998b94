/* tests/unit/util_strutil.c - the one duration syntax of rcsim (units,
 * compound and decimal forms, the bare-number rule, refusals), the helpers
 * that keep a NUL out of C strings (percent-decoding, the JSON scan) and
 * the byte-count format. */
#include <criterion/criterion.h>
#include <string.h>

#include "util/strutil.h"

static int64_t dur(const char *s, int64_t default_unit_ms)
{
    int64_t ms = -42;
    cr_assert_eq(rc_parse_duration_ms(s, default_unit_ms, &ms), 0, "'%s' refused", s);
    return ms;
}

static void refused(const char *s, int64_t default_unit_ms)
{
    int64_t ms = -42;
    cr_assert_eq(rc_parse_duration_ms(s, default_unit_ms, &ms), -1, "'%s' taken as %lld", s,
                 (long long)ms);
    cr_assert_eq(ms, -42, "'%s' wrote the output", s);
}

Test(util_strutil, duration_units)
{
    cr_assert_eq(dur("250ms", 0), 250);
    cr_assert_eq(dur("90s", 0), 90000);
    cr_assert_eq(dur("5m", 0), 300000);
    cr_assert_eq(dur("2h", 0), 7200000);
    cr_assert_eq(dur("1d", 0), 86400000);
    cr_assert_eq(dur("1y", 0), 365LL * 86400000);
    cr_assert_eq(dur("0", 0), 0);
    cr_assert_eq(dur("0s", 0), 0);
}

Test(util_strutil, duration_compound_and_decimal)
{
    cr_assert_eq(dur("1m30s", 0), 90000);
    cr_assert_eq(dur("2h45m", 0), (2 * 60 + 45) * 60000);
    cr_assert_eq(dur("1h1m1s1ms", 0), 3661001);
    cr_assert_eq(dur("1.5s", 0), 1500);
    cr_assert_eq(dur("0.25m", 0), 15000);
    cr_assert_eq(dur("1.5h30m", 0), 2 * 3600000);
    cr_assert_eq(dur("0.001s", 0), 1);
}

Test(util_strutil, duration_bare_number_takes_the_default_unit_or_is_refused)
{
    refused("10", 0);
    refused("1.5", 0);
    cr_assert_eq(dur("10", 1000), 10000);
    cr_assert_eq(dur("10", 1), 10);
    cr_assert_eq(dur("1.5", 1000), 1500);
    /* only a lone number takes the default: "1m30" is a typo */
    refused("1m30", 1000);
}

Test(util_strutil, duration_refusals)
{
    refused("", 0);
    refused("s", 0);
    refused("-5s", 0);
    refused(" 5s", 0);
    refused("5s ", 0);
    refused("5 s", 0);
    refused("5x", 0);
    refused("5sec", 0);
    refused("5parsecs", 0);
    refused("1.s", 0);
    refused(".5s", 0);
    refused("1.5ms", 0);            /* not a whole ms: refused, not rounded */
    refused("1..5s", 0);
    refused("99999999999999999999s", 0);
    refused("9223372036854775807s", 0);
    refused("106751991167y", 0);
}

static bool has_nul(const char *json)
{
    return rc_json_has_nul(json, strlen(json));
}

Test(util_strutil, json_nul_escapes_are_found_and_only_they)
{
    cr_assert(has_nul("{\"a\":\"x\\u0000y\"}"));
    cr_assert(has_nul("{\"a\\u0000\":1}"));
    cr_assert(has_nul("\"\\u0000\""));
    cr_assert(has_nul("\\u0000"));
    cr_assert(rc_json_has_nul("{\"a\":\"x\0\"}", 9), "a raw NUL byte");
    cr_assert_not(has_nul("{\"a\":\"x\\\\u0000\"}"), "an escaped backslash, then text");
    cr_assert(has_nul("{\"a\":\"\\u00001\\u0001\"}"), "a NUL, then a '1'");
    cr_assert_not(has_nul("{\"a\":\"\\u0001\\\\\\\\u0000\"}"));
    cr_assert_not(has_nul("\\u000"), "cut short: no NUL");
    cr_assert_not(has_nul(""));
}

Test(util_strutil, pct_decode_refuses_nul_and_bad_escapes)
{
    char a[] = "a%20b+c%2F", b[] = "x%00y", c[] = "x%G1", d[] = "x%4", e[] = "%";
    cr_assert_eq(rc_pct_decode(a, true), 0);
    cr_assert_str_eq(a, "a b c/");
    cr_assert_eq(rc_pct_decode(b, false), -1);
    cr_assert_eq(rc_pct_decode(c, false), -1);
    cr_assert_eq(rc_pct_decode(d, false), -1);
    cr_assert_eq(rc_pct_decode(e, false), -1);
}

Test(util_strutil, bytes_format_for_people)
{
    char buf[32];
    rc_format_bytes(512, buf, sizeof(buf));
    cr_assert_str_eq(buf, "512 B");
    rc_format_bytes(16384, buf, sizeof(buf));
    cr_assert_str_eq(buf, "16.0 KiB");
    rc_format_bytes(3ULL << 29, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1.50 GiB");
}
