/* tests/unit/util_cron.c - cron specifications: parsing, refusals, and the
 * next run across hours, days, months, leap years and day-of-week rules. */
#include <criterion/criterion.h>
#include <string.h>

#include "util/cron.h"
#include "util/strutil.h"

static int64_t at(const char *when)
{
    int64_t ms;
    cr_assert_eq(rc_parse_time(when, &ms), 0, "%s", when);
    return ms;
}

static void next_is(const char *spec, const char *after, const char *want)
{
    struct rc_cron c;
    cr_assert_eq(rc_cron_parse(spec, &c), 0, "%s", spec);
    char got[40];
    rc_format_time(rc_cron_next(&c, at(after)), got, sizeof(got));
    char w[40];
    rc_format_time(at(want), w, sizeof(w));
    cr_assert_str_eq(got, w, "%s after %s", spec, after);
}

Test(util_cron, aliases_and_fields)
{
    next_is("@hourly", "2026-01-01T10:15:00Z", "2026-01-01T11:00:00Z");
    next_is("@daily", "2026-01-01T10:15:00Z", "2026-01-02T00:00:00Z");
    next_is("@weekly", "2026-01-01T10:15:00Z", "2026-01-04T00:00:00Z");  /* a Sunday */
    next_is("@monthly", "2026-01-31T23:59:00Z", "2026-02-01T00:00:00Z");
    next_is("@yearly", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z");
    next_is("*/15 * * * *", "2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z");
    next_is("5,35 2-3 * * *", "2026-01-01T03:40:00Z", "2026-01-02T02:05:00Z");
    next_is("0 12 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T12:00:00Z");
    next_is("10/20 * * * *", "2026-01-01T10:31:00Z", "2026-01-01T10:50:00Z");
    /* both day fields restricted: either matches */
    next_is("0 0 13 * 5", "2026-02-01T00:00:00Z", "2026-02-06T00:00:00Z");
    next_is("0 0 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
}

Test(util_cron, the_next_run_is_strictly_later)
{
    next_is("0 * * * *", "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z");
    next_is("* * * * *", "2026-01-01T10:00:30Z", "2026-01-01T10:01:00Z");
}

Test(util_cron, fields_are_kept_for_display)
{
    struct rc_cron c;
    cr_assert_eq(rc_cron_parse("@daily", &c), 0);
    cr_assert_str_eq(c.field[0], "0");
    cr_assert_str_eq(c.field[2], "*");
}

Test(util_cron, bad_specifications_are_refused)
{
    static const char *const bad[] = {
        "hourly", "", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
        "* * 32 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *",
        "1,,2 * * * *", "1- * * * *", "@sometimes", "99999999999 * * * *",
    };
    struct rc_cron c;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(rc_cron_parse(bad[i], &c), -1, "'%s' accepted", bad[i]);
}

Test(util_cron, a_date_that_never_comes)
{
    struct rc_cron c;
    cr_assert_eq(rc_cron_parse("0 0 31 2 *", &c), 0);
    cr_assert_eq(rc_cron_next(&c, at("2026-01-01T00:00:00Z")), 0);
}
