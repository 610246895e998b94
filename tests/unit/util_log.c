/* tests/unit/util_log.c - a log message is one line, whatever a client put
 * in the names it carries (a user name sent to a login, say). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

Test(util_log, control_characters_never_split_a_line, .init = cr_redirect_stderr)
{
    rclog_threshold = RCLOG_DEBUG;
    rclog(RCLOG_INFO, "login refused for '%s'", "eve\n2026-01-01T00:00:00Z ERROR fake\r\x1b[2J");
    fflush(stderr);
    FILE *f = cr_get_redirected_stderr();
    char buf[512] = "";
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    cr_assert(n > 0);
    cr_assert_eq(strchr(buf, '\n'), buf + n - 1, "one line: %s", buf);
    cr_assert_null(strchr(buf, '\r'));
    cr_assert_null(strchr(buf, '\x1b'));
    cr_assert(strstr(buf, "login refused for 'eve?2026-01-01T00:00:00Z ERROR fake??[2J'"),
              "%s", buf);
}

Test(util_log, a_burst_then_a_count_of_what_was_left_out)
{
    struct rclog_limiter *rl = rclog_limiter_new();
    unsigned dropped = 99;
    for (int i = 0; i < RCLOG_BURST; i++)
        cr_assert(rclog_limiter_admit(rl, "accept failed: %s", 1000, &dropped));
    cr_assert_eq(dropped, 0);
    for (int i = 0; i < 1000; i++)
        cr_assert_not(rclog_limiter_admit(rl, "accept failed: %s", 1000 + i, &dropped));
    cr_assert(rclog_limiter_admit(rl, "another message", 2000, &dropped), "kinds apart");
    cr_assert(rclog_limiter_admit(rl, "accept failed: %s", 1000 + RCLOG_BURST_MS, &dropped));
    cr_assert_eq(dropped, 1000);
    rclog_limiter_free(rl);
}
