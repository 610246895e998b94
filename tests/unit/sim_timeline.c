/* tests/unit/sim_timeline.c - faults timed on the simulated clock: each
 * change at its own moment during a clock move, "for" undoing it, one-way
 * cuts, jitter that repeats, all-or-none scheduling, cancelling, and a
 * change that no longer applies becoming an event instead of stopping
 * time. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/array.h"
#include "sim/clock.h"
#include "sim/event.h"
#include "sim/rcopy.h"
#include "sim/timeline.h"

static struct sim *s;
static struct sim_err err;

static void setup(void)
{
    s = test_sim_open();
}

static void teardown(void)
{
    sim_close(s);
}

TestSuite(sim_timeline, .init = setup, .fini = teardown);

#define NO_CHANGE { .up = -1, .latency_ms = -1, .bandwidth_mbs = -1, .loss_pct = -1 }

static struct sim_tf_step cut(int64_t at, int64_t dur)
{
    struct sim_tf_step st = { .at_ms = at, .for_ms = dur, .kind = SIM_TF_LINK,
                              .a = "site-a", .b = "site-b", .link = NO_CHANGE };
    st.link.up = 0;
    return st;
}

/* Whether array's links toward its peer are administratively up (all of
 * them: 1, none: 0, some: -1), and the first one's latency. */
static int links_up(const char *array, int *latency)
{
    struct sim_link_view *l = NULL;
    size_t n = 0, up = 0;
    assert_ok(sim_link_list(s, array, &l, &n, &err), err);
    for (size_t i = 0; i < n; i++)
        up += l[i].admin_up;
    if (latency)
        *latency = n ? l[0].latency_ms : -1;
    free(l);
    return up == n ? 1 : up == 0 ? 0 : -1;
}

static void advance(int64_t ms)
{
    assert_ok(sim_clock_advance(s, ms, &err), err);
}

static size_t pending(void)
{
    struct sim_tf_view *v = NULL;
    size_t n = 0;
    assert_ok(sim_timeline_list(s, &v, &n, &err), err);
    free(v);
    return n;
}

/* How many events of kind there are. */
static size_t events_of(const char *kind)
{
    struct sim_event_view *ev = NULL;
    size_t n = 0, hits = 0;
    assert_ok(sim_event_list(s, NULL, 0, 10000, &ev, &n, &err), err);
    for (size_t i = 0; i < n; i++)
        hits += strcmp(ev[i].kind, kind) == 0;
    free(ev);
    return hits;
}

Test(sim_timeline, a_cut_happens_at_its_moment_and_for_undoes_it)
{
    struct sim_tf_step st = cut(5 * 60000, 90000);
    assert_ok(sim_timeline_add(s, "wan", &st, 1, &err), err);
    cr_assert_eq(pending(), 2, "the cut and its undoing");
    advance(5 * 60000 - 1);
    cr_assert_eq(links_up("site-a", NULL), 1, "cut a millisecond early");
    advance(1);
    cr_assert_eq(links_up("site-a", NULL), 0);
    cr_assert_eq(links_up("site-b", NULL), 0, "both ends are cut");
    advance(89999);
    cr_assert_eq(links_up("site-a", NULL), 0);
    advance(1);
    cr_assert_eq(links_up("site-a", NULL), 1, "restored after 90 s");
    cr_assert_eq(pending(), 0);
    cr_assert_eq(events_of("timed_fault"), 2);
}

Test(sim_timeline, the_targets_see_a_cut_at_its_moment_within_one_clock_move)
{
    struct sim_tf_step st = cut(60000, 0);
    struct sim_target_view *t = NULL;
    size_t n = 0;
    assert_ok(sim_timeline_add(s, "", &st, 1, &err), err);
    /* one move across the cut and past heartbeat + target timeouts (10 s +
     * 10 s): the target failed 20 s after the cut, not after the move */
    advance(60000 + 20000);
    assert_ok(sim_target_list(s, "site-a", &t, &n, &err), err);
    cr_assert_eq(t[0].status, SIM_TARGET_FAILED);
    free(t);
}

Test(sim_timeline, one_way_cuts_only_the_first_side_and_set_restores_the_old_values)
{
    struct sim_tf_step st = { .at_ms = 0, .for_ms = 60000, .kind = SIM_TF_LINK,
                              .a = "site-a", .b = "site-b", .link = NO_CHANGE };
    st.link.latency_ms = 40;
    st.link.one_way = true;
    int lat;
    assert_ok(sim_timeline_add(s, "slow", &st, 1, &err), err);
    advance(1);
    cr_assert_eq(links_up("site-a", &lat), 1);
    cr_assert_eq(lat, 40);
    links_up("site-b", &lat);
    cr_assert_eq(lat, SIM_LINK_DEFAULT_LATENCY_MS, "the other side is untouched");
    advance(60000);
    links_up("site-a", &lat);
    cr_assert_eq(lat, SIM_LINK_DEFAULT_LATENCY_MS, "for: back to the value before");

    struct sim_tf_step down = cut(0, 0);
    down.link.one_way = true;
    assert_ok(sim_timeline_add(s, "", &down, 1, &err), err);
    advance(1);
    cr_assert_eq(links_up("site-a", NULL), 0);
    cr_assert_eq(links_up("site-b", NULL), 1, "one way: site-b still sees site-a");
}

Test(sim_timeline, power_steps_and_jitter_that_repeats)
{
    struct sim_tf_step st = { .at_ms = 60000, .jitter_ms = 30000, .for_ms = 60000,
                              .kind = SIM_TF_POWER, .a = "site-b", .power_on = false };
    struct sim_tf_view *v = NULL, *w = NULL;
    size_t n = 0, m = 0;
    assert_ok(sim_timeline_add(s, "p", &st, 1, &err), err);
    assert_ok(sim_timeline_add(s, "p", &st, 1, &err), err);
    assert_ok(sim_timeline_list(s, &v, &n, &err), err);
    cr_assert_eq(n, 4);
    int64_t now = sim_clock_now(s);
    cr_assert(v[0].due_ms >= now + 60000 && v[0].due_ms <= now + 90000, "jitter in range");
    cr_assert_eq(v[0].due_ms, v[1].due_ms, "the same schedule at the same moment: same time");
    cr_assert_eq(v[2].due_ms, v[0].due_ms + 60000);
    cr_assert(!v[0].power_on && v[2].power_on);
    advance(v[0].due_ms - now);
    cr_assert(!sim_array_powered(s, "site-b"));
    advance(60000);
    cr_assert(sim_array_powered(s, "site-b"));
    assert_ok(sim_timeline_list(s, &w, &m, &err), err);
    cr_assert_eq(m, 0);
    free(v);
    free(w);
}

Test(sim_timeline, a_schedule_is_kept_whole_or_not_at_all)
{
    struct sim_tf_step st[3] = { cut(1000, 0), cut(2000, 0), cut(3000, 0) };
    st[2].b = "site-z";
    assert_refused(sim_timeline_add(s, "bad", st, 3, &err), err, SIM_ENOENT_ARRAY);
    cr_assert_eq(pending(), 0, "nothing of a refused schedule is kept");
    st[2] = cut(3000, 0);
    st[2].link.loss_pct = 101;
    assert_refused(sim_timeline_add(s, "bad", st, 3, &err), err, SIM_ERANGE);
    assert_refused(sim_timeline_add(s, "bad name", st, 1, &err), err, SIM_ENAME_BADCHAR);
    assert_refused(sim_timeline_add(s, "42", st, 1, &err), err, SIM_EINVAL);
    st[0].at_ms = -1;
    assert_refused(sim_timeline_add(s, "x", st, 1, &err), err, SIM_ERANGE);
}

Test(sim_timeline, cancel_by_schedule_or_id)
{
    struct sim_tf_step st[2] = { cut(1000, 5000), cut(9000, 0) };
    size_t count = 0;
    struct sim_tf_view *v = NULL;
    size_t n = 0;
    assert_ok(sim_timeline_add(s, "a", st, 2, &err), err);
    assert_ok(sim_timeline_add(s, "b", st, 1, &err), err);
    assert_ok(sim_timeline_cancel(s, "a", &count, &err), err);
    cr_assert_eq(count, 3);
    assert_ok(sim_timeline_list(s, &v, &n, &err), err);
    cr_assert_eq(n, 2);
    char id[32];
    snprintf(id, sizeof(id), "%lld", (long long)v[0].id);
    free(v);
    assert_ok(sim_timeline_cancel(s, id, &count, &err), err);
    cr_assert_eq(count, 1);
    assert_refused(sim_timeline_cancel(s, "a", &count, &err), err, SIM_ENOENT_TIMED_FAULT);
    assert_refused(sim_timeline_cancel(s, id, &count, &err), err, SIM_ENOENT_TIMED_FAULT);
}

Test(sim_timeline, a_change_that_no_longer_applies_is_an_event_not_a_stopped_clock)
{
    struct sim_tf_step st = cut(1000, 0);
    st.link.one_way = true;
    assert_ok(sim_timeline_add(s, "gone", &st, 1, &err), err);
    /* the target it cuts goes before the moment comes */
    assert_ok(sim_rcopy_stop(s, "site-a", true, false, &err), err);
    assert_ok(sim_target_remove(s, "site-a", "site-b", true, &err), err);
    advance(2000);
    cr_assert_eq(pending(), 0);
    cr_assert_eq(events_of("timed_fault_failed"), 1);
    cr_assert_eq(links_up("site-b", NULL), 1, "nothing else changed");
}

Test(sim_timeline, reset_drops_what_is_to_come)
{
    struct sim_tf_step st = cut(1000, 0);
    assert_ok(sim_timeline_add(s, "x", &st, 1, &err), err);
    assert_ok(sim_reset(s, &err), err);
    cr_assert_eq(pending(), 0);
}
