/* tests/unit/sim_auth.c - logins and the failed-login limiter (sim/auth.h):
 * failures lock a name for a while, successes are never throttled (the
 * HPE client logs in again after every 401/403), and the right password
 * works again once the lock has run out. The limiter itself is driven with
 * explicit times; sim_user_auth() with a short real lockout. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/auth.h"
#include "sim/clock.h"
#include "sim/internal.h"
#include "helpers.h"

static const struct sim_auth_policy P = {
    .max_failures = 5, .window_ms = 60000, .lockout_ms = 10000, .session_idle_ms = 1000,
};

/* --- the limiter, on explicit times ------------------------------------ */

static void fail_n(struct sim_auth_limiter *l, const char *user, int n, int64_t *t)
{
    for (int i = 0; i < n; i++, *t += 100)
        sim_auth_limiter_record(l, "site-a", user, NULL, false, *t);
}

Test(sim_auth, fifth_failure_in_a_row_locks_for_the_lockout)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 4, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0, "4 failures do not lock");
    cr_assert(sim_auth_limiter_record(l, "site-a", "u", NULL, false, t), "the 5th locks");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 10000);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t + 9999), 1);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t + 10000), 0, "the lock ends");
    sim_auth_limiter_free(l);
}

Test(sim_auth, each_failure_after_the_lock_locks_again_until_a_success)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 5, &t);
    t += 10000;
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0);
    cr_assert(sim_auth_limiter_record(l, "site-a", "u", NULL, false, t),
              "one more failure relocks");
    t += 10000;
    cr_assert_not(sim_auth_limiter_record(l, "site-a", "u", NULL, true, t));
    cr_assert(!sim_auth_limiter_record(l, "site-a", "u", NULL, false, t), "counting starts over");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_quiet_window_forgets_failures)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 4, &t);
    t += 60001;
    fail_n(l, "u", 4, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0, "4 + 4 apart: no lock");
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_success_resets_the_count)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 4, &t);
    sim_auth_limiter_record(l, "site-a", "u", NULL, true, t);
    fail_n(l, "u", 4, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, names_and_arrays_are_counted_apart)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 5, &t);
    cr_assert_gt(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "v", NULL, t), 0);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-b", "u", NULL, t), 0);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u2", NULL, t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, zero_max_failures_never_locks)
{
    struct sim_auth_policy p = P;
    p.max_failures = 0;
    struct sim_auth_limiter *l = sim_auth_limiter_new(&p);
    int64_t t = 1000000;
    fail_n(l, "u", 100, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", NULL, t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_flood_of_names_keeps_memory_bounded_and_locks_first)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "target", 5, &t);
    char name[32];
    /* one failure each for many more names than a table holds */
    for (int i = 0; i < 3 * SIM_AUTH_LIMITER_NAMES; i++) {
        snprintf(name, sizeof(name), "junk%d", i);
        sim_auth_limiter_record(l, "site-a", name, NULL, false, t + 1);
    }
    cr_assert_leq(sim_auth_limiter_count(l, false), SIM_AUTH_LIMITER_NAMES);
    cr_assert_gt(sim_auth_limiter_locked(l, "site-a", "target", NULL, t + 2), 0,
                 "a locked name is not pushed out by others");
    sim_auth_limiter_free(l);
}

/* The attack of a lockout reset: four wrong guesses for the name, then
 * failures on more junk names than the table holds, over and over. The
 * fifth guess must lock, however many junk names came between. */
Test(sim_auth, failures_on_other_names_never_reset_a_count)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    char name[32];
    fail_n(l, "3paradm", 4, &t);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < SIM_AUTH_LIMITER_NAMES + 6; i++) {
            snprintf(name, sizeof(name), "junk%d-%d", round, i);
            sim_auth_limiter_record(l, "site-a", name, NULL, false, t);
        }
        cr_assert(sim_auth_limiter_record(l, "site-a", "3paradm", NULL, false, t),
                  "round %d: the next guess does not lock", round);
        t += 10001;             /* the lock runs out; the count does not */
    }
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_full_table_refuses_names_it_cannot_count_until_room)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    char name[32];
    for (int i = 0; i < SIM_AUTH_LIMITER_NAMES; i++) {
        snprintf(name, sizeof(name), "junk%d", i);
        sim_auth_limiter_record(l, "site-a", name, NULL, false, t);
    }
    cr_assert_gt(sim_auth_limiter_locked(l, "site-a", "newcomer", NULL, t + 1), 0,
                 "an uncountable name fails closed");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "newcomer", NULL, t + 60001), 0,
                 "once the window has passed the old failures are forgotten");
    cr_assert_eq(sim_auth_limiter_count(l, false), 0);
    sim_auth_limiter_free(l);
}

static const struct sim_auth_policy PS = {
    .max_failures = 5, .source_max_failures = 20, .window_ms = 60000, .lockout_ms = 10000,
    .session_idle_ms = 1000,
};

Test(sim_auth, a_source_failing_on_many_names_is_locked)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&PS);
    int64_t t = 1000000;
    char name[32];
    for (int i = 0; i < 19; i++, t += 10) {
        snprintf(name, sizeof(name), "n%d", i);
        cr_assert_eq(sim_auth_limiter_record(l, "site-a", name, "192.0.2.9", false, t), 0);
    }
    cr_assert_eq(sim_auth_limiter_record(l, "site-b", "x", "192.0.2.9", false, t),
                 SIM_AUTH_LOCKED_SOURCE, "the 20th failure locks the source");
    cr_assert_gt(sim_auth_limiter_locked(l, "site-a", "edit", "192.0.2.9", t), 0,
                 "every name from a locked source");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "edit", "192.0.2.10", t), 0,
                 "another source is not affected");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "edit", NULL, t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_source_starts_over_when_its_failed_name_gets_in)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&PS);
    int64_t t = 1000000;
    /* python-3parclient beside a client that keeps getting it wrong */
    for (int i = 0; i < 100; i++, t += 10) {
        sim_auth_limiter_record(l, "site-a", "3paradm", "127.0.0.1", false, t);
        cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "3paradm", "127.0.0.1", t), 0,
                     "round %d", i);
        sim_auth_limiter_record(l, "site-a", "3paradm", "127.0.0.1", true, t);
    }
    /* an attacker's own account does not reset it */
    for (int i = 0; i < 19; i++, t += 10)
        sim_auth_limiter_record(l, "site-a", i % 2 ? "3paradm" : "root", "192.0.2.9", false,
                                t);
    sim_auth_limiter_record(l, "site-a", "browse", "192.0.2.9", true, t);
    cr_assert(sim_auth_limiter_record(l, "site-a", "root", "192.0.2.9", false, t) &
              SIM_AUTH_LOCKED_SOURCE);
    sim_auth_limiter_free(l);
}

/* --- sim_user_auth ------------------------------------------------------ */

static struct sim *open_with(const struct sim_auth_policy *p)
{
    struct sim *s = NULL;
    struct sim_err err = SIM_ERR_INIT;
    struct sim_options o = {
        .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
        .fixture_name = "two-site.json", .clock_set = true, .clock_mode = SIM_CLOCK_MANUAL,
        .auth = p,
    };
    cr_assert_eq(sim_open(&o, &s, &err), 0, "sim_open: %s", err.detail);
    return s;
}

Test(sim_auth, right_and_wrong_passwords_and_unknown_users)
{
    struct sim *s = test_sim_open();
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role = SIM_ROLE_NONE;
    assert_ok(sim_user_auth(s, "site-a", "3paradm", "3pardata", NULL, &role, &err), err);
    cr_assert_eq(role, SIM_ROLE_SUPER);
    assert_ok(sim_user_auth(s, "site-a", "browse", "browse", NULL, &role, &err), err);
    cr_assert_eq(role, SIM_ROLE_BROWSE);
    assert_refused(sim_user_auth(s, "site-a", "3paradm", "nope", NULL, &role, &err), err,
                   SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "nobody", "x", NULL, &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "3paradm", NULL, NULL, &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-x", "3paradm", "3pardata", NULL, &role, &err), err,
                   SIM_ENOENT_ARRAY);
    cr_assert_eq(sim_auth_policy_get(s).max_failures, SIM_AUTH_MAX_FAILURES);
    sim_close(s);
}

Test(sim_auth, many_successful_logins_are_never_throttled)
{
    struct sim *s = test_sim_open();
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    for (int i = 0; i < 200; i++) {
        assert_ok(sim_user_auth(s, "site-a", "edit", "edit", NULL, &role, &err), err);
        if (i % 3 == 0)     /* another client gets it wrong now and then */
            assert_refused(sim_user_auth(s, "site-a", "edit", "bad", NULL, &role, &err), err,
                           SIM_EAUTH);
    }
    sim_close(s);
}

Test(sim_auth, locked_name_refuses_even_the_right_password_then_recovers)
{
    struct sim_auth_policy p = P;
    p.lockout_ms = 300;
    struct sim *s = open_with(&p);
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    for (int i = 0; i < 5; i++)
        assert_refused(sim_user_auth(s, "site-a", "3paradm", "guess", NULL, &role, &err), err,
                       SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "3paradm", "3pardata", NULL, &role, &err), err,
                   SIM_EAUTH_LOCKED);
    /* others are not affected */
    assert_ok(sim_user_auth(s, "site-a", "edit", "edit", NULL, &role, &err), err);
    assert_ok(sim_user_auth(s, "site-b", "3paradm", "3pardata", NULL, &role, &err), err);
    usleep(400 * 1000);
    assert_ok(sim_user_auth(s, "site-a", "3paradm", "3pardata", NULL, &role, &err), err);
    cr_assert_eq(role, SIM_ROLE_SUPER);
    sim_close(s);
}

Test(sim_auth, unknown_names_lock_like_known_ones)
{
    struct sim *s = test_sim_open();
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    for (int i = 0; i < 5; i++)
        assert_refused(sim_user_auth(s, "site-a", "ghost", "x", NULL, &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "ghost", "x", NULL, &role, &err), err,
                   SIM_EAUTH_LOCKED);
    sim_close(s);
}

Test(sim_auth, reset_forgets_locks)
{
    struct sim *s = test_sim_open();
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    for (int i = 0; i < 5; i++)
        assert_refused(sim_user_auth(s, "site-a", "edit", "x", NULL, &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "edit", "edit", NULL, &role, &err), err,
                   SIM_EAUTH_LOCKED);
    assert_ok(sim_reset(s, &err), err);
    assert_ok(sim_user_auth(s, "site-a", "edit", "edit", NULL, &role, &err), err);
    sim_close(s);
}
