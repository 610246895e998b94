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
        sim_auth_limiter_record(l, "site-a", user, false, *t);
}

Test(sim_auth, fifth_failure_in_a_row_locks_for_the_lockout)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 4, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 0, "4 failures do not lock");
    cr_assert(sim_auth_limiter_record(l, "site-a", "u", false, t), "the 5th locks");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 10000);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t + 9999), 1);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t + 10000), 0, "the lock ends");
    sim_auth_limiter_free(l);
}

Test(sim_auth, each_failure_after_the_lock_locks_again_until_a_success)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 5, &t);
    t += 10000;
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 0);
    cr_assert(sim_auth_limiter_record(l, "site-a", "u", false, t), "one more failure relocks");
    t += 10000;
    cr_assert_not(sim_auth_limiter_record(l, "site-a", "u", true, t));
    cr_assert(!sim_auth_limiter_record(l, "site-a", "u", false, t), "counting starts over");
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_quiet_window_forgets_failures)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 4, &t);
    t += 60001;
    fail_n(l, "u", 4, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 0, "4 + 4 apart: no lock");
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_success_resets_the_count)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 4, &t);
    sim_auth_limiter_record(l, "site-a", "u", true, t);
    fail_n(l, "u", 4, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, names_and_arrays_are_counted_apart)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "u", 5, &t);
    cr_assert_gt(sim_auth_limiter_locked(l, "site-a", "u", t), 0);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "v", t), 0);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-b", "u", t), 0);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u2", t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, zero_max_failures_never_locks)
{
    struct sim_auth_policy p = P;
    p.max_failures = 0;
    struct sim_auth_limiter *l = sim_auth_limiter_new(&p);
    int64_t t = 1000000;
    fail_n(l, "u", 100, &t);
    cr_assert_eq(sim_auth_limiter_locked(l, "site-a", "u", t), 0);
    sim_auth_limiter_free(l);
}

Test(sim_auth, a_flood_of_names_keeps_memory_bounded_and_locks_first)
{
    struct sim_auth_limiter *l = sim_auth_limiter_new(&P);
    int64_t t = 1000000;
    fail_n(l, "target", 5, &t);
    char name[32];
    /* one failure each for many more names than there are slots */
    for (int i = 0; i < 3 * SIM_AUTH_LIMITER_SLOTS; i++) {
        snprintf(name, sizeof(name), "junk%d", i);
        sim_auth_limiter_record(l, "site-a", name, false, t + 1);
    }
    cr_assert_gt(sim_auth_limiter_locked(l, "site-a", "target", t + 2), 0,
                 "a locked name is not pushed out by unlocked ones");
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
    assert_ok(sim_user_auth(s, "site-a", "3paradm", "3pardata", &role, &err), err);
    cr_assert_eq(role, SIM_ROLE_SUPER);
    assert_ok(sim_user_auth(s, "site-a", "browse", "browse", &role, &err), err);
    cr_assert_eq(role, SIM_ROLE_BROWSE);
    assert_refused(sim_user_auth(s, "site-a", "3paradm", "nope", &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "nobody", "x", &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "3paradm", NULL, &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-x", "3paradm", "3pardata", &role, &err), err,
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
        assert_ok(sim_user_auth(s, "site-a", "edit", "edit", &role, &err), err);
        if (i % 3 == 0)     /* another client gets it wrong now and then */
            assert_refused(sim_user_auth(s, "site-a", "edit", "bad", &role, &err), err,
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
        assert_refused(sim_user_auth(s, "site-a", "3paradm", "guess", &role, &err), err,
                       SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "3paradm", "3pardata", &role, &err), err,
                   SIM_EAUTH_LOCKED);
    /* others are not affected */
    assert_ok(sim_user_auth(s, "site-a", "edit", "edit", &role, &err), err);
    assert_ok(sim_user_auth(s, "site-b", "3paradm", "3pardata", &role, &err), err);
    usleep(400 * 1000);
    assert_ok(sim_user_auth(s, "site-a", "3paradm", "3pardata", &role, &err), err);
    cr_assert_eq(role, SIM_ROLE_SUPER);
    sim_close(s);
}

Test(sim_auth, unknown_names_lock_like_known_ones)
{
    struct sim *s = test_sim_open();
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    for (int i = 0; i < 5; i++)
        assert_refused(sim_user_auth(s, "site-a", "ghost", "x", &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "ghost", "x", &role, &err), err,
                   SIM_EAUTH_LOCKED);
    sim_close(s);
}

Test(sim_auth, reset_forgets_locks)
{
    struct sim *s = test_sim_open();
    struct sim_err err = SIM_ERR_INIT;
    enum sim_user_role role;
    for (int i = 0; i < 5; i++)
        assert_refused(sim_user_auth(s, "site-a", "edit", "x", &role, &err), err, SIM_EAUTH);
    assert_refused(sim_user_auth(s, "site-a", "edit", "edit", &role, &err), err,
                   SIM_EAUTH_LOCKED);
    assert_ok(sim_reset(s, &err), err);
    assert_ok(sim_user_auth(s, "site-a", "edit", "edit", &role, &err), err);
    sim_close(s);
}
