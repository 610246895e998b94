/* tests/unit/util_strutil.c - the helpers that keep a NUL out of C strings
 * (percent-decoding, the JSON scan) and the byte-count format. */
#include <criterion/criterion.h>
#include <string.h>

#include "util/strutil.h"

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
