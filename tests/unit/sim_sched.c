/* tests/unit/sim_sched.c - scheduled commands on the manual clock: each
 * run at its own minute, suspend and resume, run_once, renames, refusals,
 * a run still pending skipped, and runs kept pending without an executor. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/sched.h"

static struct sim *s;
static struct sim_err err;

/* What the fake executor saw: one line per run, "<HH:MM> <command>". */
static char runs[4096];
static int fail_next;

static int fake_exec(void *ctx, struct sim *sm, const char *array, const char *user,
                     const char *command, char *out, size_t size)
{
    (void)ctx;
    (void)array;
    (void)user;
    int64_t now = sim_clock_now(sm);
    char line[128];
    snprintf(line, sizeof(line), "%02d:%02d %s\n", (int)(now / 3600000 % 24),
             (int)(now / 60000 % 60), command);
    strncat(runs, line, sizeof(runs) - strlen(runs) - 1);
    if (fail_next) {
        fail_next = 0;
        snprintf(out, size, "Error: it failed");
        return 1;
    }
    snprintf(out, size, "fine");
    return 0;
}

static void setup(void)
{
    s = test_sim_open();
    runs[0] = '\0';
    fail_next = 0;
    /* a round start: 2030-01-01 00:00:30 UTC */
    assert_ok(sim_clock_set(s, 1893456030000LL, &err), err);
    sim_sched_set_executor(s, fake_exec, NULL);
}

static void teardown(void)
{
    sim_close(s);
}

TestSuite(sim_sched, .init = setup, .fini = teardown);

static void create(const char *name, const char *cmd, const char *when)
{
    struct sim_sched_spec sp = { .name = name, .command = cmd, .when = when };
    assert_ok(sim_sched_create(s, "site-a", "3paradm", &sp, &err), err);
}

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

Test(sim_sched, each_run_happens_at_its_own_minute)
{
    create("q", "showsys", "*/20 * * * *");
    create("h", "showvv", "@hourly");
    advance(3600 * 1000);
    cr_assert_str_eq(runs, "00:20 showsys\n00:40 showsys\n01:00 showsys\n01:00 showvv\n");
    struct sim_sched_view v;
    assert_ok(sim_sched_get(s, "site-a", "q", &v, &err), err);
    cr_assert_eq(v.last_status, SIM_SCHED_OK);
    cr_assert_str_eq(v.last_output, "fine");
    cr_assert_eq(v.next_run_ms, 1893456030000LL - 30000 + 80 * 60000);
}

Test(sim_sched, a_failed_run_is_recorded)
{
    create("f", "showsys", "* * * * *");
    fail_next = 1;
    advance(60 * 1000);
    struct sim_sched_view v;
    assert_ok(sim_sched_get(s, "site-a", "f", &v, &err), err);
    cr_assert_eq(v.last_status, SIM_SCHED_FAILED);
    cr_assert_str_eq(v.last_output, "Error: it failed");
}

Test(sim_sched, suspend_skips_and_resume_counts_from_now)
{
    create("h", "showvv", "@hourly");
    struct sim_sched_mod sus = { .suspend = 1 }, res = { .suspend = 2 };
    assert_ok(sim_sched_modify(s, "site-a", "h", &sus, &err), err);
    advance(3 * 3600 * 1000);
    cr_assert_str_eq(runs, "");
    assert_ok(sim_sched_modify(s, "site-a", "h", &res, &err), err);
    advance(3600 * 1000);
    cr_assert_str_eq(runs, "04:00 showvv\n");
}

Test(sim_sched, run_once_ends_after_one_run)
{
    struct sim_sched_spec sp = { .name = "o", .command = "showsys", .when = "@hourly",
                                 .run_once = true };
    assert_ok(sim_sched_create(s, "site-a", "3paradm", &sp, &err), err);
    advance(3 * 3600 * 1000);
    cr_assert_str_eq(runs, "01:00 showsys\n");
    struct sim_sched_view v;
    assert_ok(sim_sched_get(s, "site-a", "o", &v, &err), err);
    cr_assert_eq(v.next_run_ms, 0);
}

Test(sim_sched, rename_new_time_and_remove)
{
    create("a", "showsys", "@daily");
    create("b", "showsys", "@daily");
    struct sim_sched_mod taken = { .new_name = "b" }, bad = { .when = "hourly" };
    assert_refused(sim_sched_modify(s, "site-a", "a", &taken, &err), err, SIM_EEXIST_SCHED);
    assert_refused(sim_sched_modify(s, "site-a", "a", &bad, &err), err, SIM_ESCHED_FORMAT);
    struct sim_sched_mod m = { .new_name = "c", .when = "30 0 * * *" };
    assert_ok(sim_sched_modify(s, "site-a", "a", &m, &err), err);
    advance(3600 * 1000);
    cr_assert_str_eq(runs, "00:30 showsys\n");
    assert_ok(sim_sched_remove(s, "site-a", "c", &err), err);
    assert_refused(sim_sched_remove(s, "site-a", "c", &err), err, SIM_ENOENT_SCHED);
    struct sim_sched_view *v;
    size_t n;
    assert_ok(sim_sched_list(s, "site-a", &v, &n, &err), err);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(v[0].name, "b");
    free(v);
}

Test(sim_sched, refusals_change_nothing)
{
    struct sim_sched_spec bad[] = {
        { .name = "x", .command = "showsys", .when = "hourly" },
        { .name = "x", .command = "showsys", .when = "61 * * * *" },
        { .name = "x", .command = "", .when = "@daily" },
        { .name = "bad:name", .command = "showsys", .when = "@daily" },
    };
    enum sim_rc want[] = { SIM_ESCHED_FORMAT, SIM_ESCHED_FORMAT, SIM_EINVAL,
                           SIM_ENAME_BADCHAR };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_refused(sim_sched_create(s, "site-a", "3paradm", &bad[i], &err), err, want[i]);
    create("x", "showsys", "@daily");
    assert_refused(sim_sched_create(s, "site-a", "3paradm", &bad[0], &err), err,
                   SIM_ESCHED_FORMAT);
    struct sim_sched_spec dup = { .name = "x", .command = "showsys", .when = "@daily" };
    assert_refused(sim_sched_create(s, "site-a", "3paradm", &dup, &err), err,
                   SIM_EEXIST_SCHED);
    struct sim_sched_view *v;
    size_t n;
    assert_ok(sim_sched_list(s, "site-a", &v, &n, &err), err);
    cr_assert_eq(n, 1);
    free(v);
}

Test(sim_sched, without_an_executor_a_run_waits_and_later_ones_are_skipped)
{
    sim_sched_set_executor(s, NULL, NULL);
    create("h", "showvv", "@hourly");
    advance(3 * 3600 * 1000);
    cr_assert_str_eq(runs, "");
    sim_sched_set_executor(s, fake_exec, NULL);
    advance(60 * 1000);
    /* the one pending run goes now; the two that came due meanwhile were
     * skipped, as a task still running is */
    cr_assert_str_eq(runs, "03:01 showvv\n");
}
