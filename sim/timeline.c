/* sim/timeline.c - faults timed on the simulated clock (sim/timeline.h).
 * Owns: the timed_faults rows (one per change still to come), checking a
 * schedule before it is kept, jitter, the undoing step of "for", and the
 * timer source that applies each change at its moment. Not: what a link
 * fault or a power change does (rctarget.c, array.c: the same functions a
 * direct change calls). Spec: docs/behaviour.md §Timed faults.
 *
 * A change is applied inside the clock move that reaches its moment, as
 * one of the engine's timers, before the other timers of that moment run
 * (engine.c puts this source first): the targets then see the cut links
 * at once, and time runs on from there. A change that no longer applies
 * (an array or link gone since, e.g. after a checkpoint load) is dropped
 * with a timed_fault_failed event: a fault that cannot happen must not
 * stop time. */
#include "sim/timeline.h"

#include "sim/clock.h"
#include "sim/internal.h"
#include "store/rcopy.h"
#include "store/timeline.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TF_HORIZON_MS (10LL * 365 * 86400 * 1000)   /* nothing further than 10 years */

static int plan_name_check(const char *plan, struct sim_err *err)
{
    size_t len = strlen(plan);
    if (len > SIM_TF_PLAN_MAX)
        return sim_fail(err, SIM_ENAME_TOOLONG, plan, "schedule names are at most %d "
                        "characters", SIM_TF_PLAN_MAX);
    for (const char *p = plan; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
            return sim_fail(err, SIM_ENAME_BADCHAR, plan,
                            "schedule names use [A-Za-z0-9_.-]");
    if (len && plan[strspn(plan, "0123456789")] == '\0')
        return sim_fail(err, SIM_EINVAL, plan, "a schedule name is not all digits (ids are)");
    return 0;
}

/* The link of a toward b on port (NULL: the first), to undo a change. */
static int link_now(struct sim *s, const struct sim_tf_step *st, struct store_link_row *out,
                    struct sim_err *err)
{
    struct store_array_row a, b;
    struct store_target_row t;
    struct store_link_row *l;
    size_t n;
    if (sim_array_load(s, st->a, &a, err) || sim_array_load(s, st->b, &b, err))
        return -1;
    int rc = store_target_get_by_peer(s->st, a.id, b.id, &t);
    if (rc < 0)
        return sim_store_fail(s, err, "target get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_LINK, st->b, "no links from %s to %s", st->a, st->b);
    if (store_link_list(s->st, t.id, &l, &n))
        return sim_store_fail(s, err, "link list");
    rc = -1;
    for (size_t i = 0; i < n && rc; i++)
        if (!st->port || strcmp(l[i].local_nsp, st->port) == 0) {
            *out = l[i];
            rc = 0;
        }
    free(l);
    if (rc)
        return sim_fail(err, SIM_ENOENT_LINK, st->port, "no link on port %s of %s",
                        st->port, st->a);
    return 0;
}

/* Checks one step as a direct change would be checked. */
static int step_check(struct sim *s, const struct sim_tf_step *st, struct sim_err *err)
{
    struct store_array_row a;
    if (st->at_ms < 0 || st->jitter_ms < 0 || st->for_ms < 0 ||
        st->at_ms > TF_HORIZON_MS || st->jitter_ms > TF_HORIZON_MS ||
        st->for_ms > TF_HORIZON_MS)
        return sim_fail(err, SIM_ERANGE, "timeline", "times must be 0 .. 10 years from now");
    if (st->kind == SIM_TF_POWER)
        return sim_array_load(s, st->a, &a, err);
    if (st->kind != SIM_TF_LINK)
        return sim_fail(err, SIM_EINVAL, "timeline", "a step changes a link or an array");
    const struct sim_link_fault *f = &st->link;
    if (f->up < 0 && f->latency_ms < 0 && f->bandwidth_mbs < 0 && f->loss_pct < 0)
        return sim_fail(err, SIM_EINVAL, "link", "a link step changes up, latency, "
                        "bandwidth or loss");
    if (f->bandwidth_mbs == 0 || f->bandwidth_mbs > 1000000 || f->latency_ms > 600000 ||
        f->loss_pct > 100 || f->up > 1)
        return sim_fail(err, SIM_ERANGE, "link", "bandwidth 1..1000000 MB/s, latency"
                        " 0..600000 ms, loss 0..100%%");
    struct store_link_row l;
    return link_now(s, st, &l, err);
}

static void row_from_step(const char *plan, const struct sim_tf_step *st, int64_t due,
                          struct store_tf_row *r)
{
    memset(r, 0, sizeof(*r));
    rc_strlcpy(r->plan, plan, sizeof(r->plan));
    r->due = due;
    r->kind = st->kind;
    rc_strlcpy(r->a, st->a, sizeof(r->a));
    rc_strlcpy(r->b, st->kind == SIM_TF_LINK ? st->b : "", sizeof(r->b));
    rc_strlcpy(r->port, st->port ? st->port : "", sizeof(r->port));
    r->one_way = st->link.one_way;
    r->up = st->kind == SIM_TF_LINK ? st->link.up : -1;
    r->latency = st->kind == SIM_TF_LINK ? st->link.latency_ms : -1;
    r->bandwidth = st->kind == SIM_TF_LINK ? st->link.bandwidth_mbs : -1;
    r->loss = st->kind == SIM_TF_LINK ? st->link.loss_pct : -1;
    r->power = st->kind == SIM_TF_POWER ? st->power_on : -1;
    rc_strlcpy(r->note, "change", sizeof(r->note));
}

/* The step that undoes r: each value it changes goes back to what it is
 * now (a cut link comes back up, an array powered off comes back on). */
static int undo_row(struct sim *s, const struct sim_tf_step *st, const struct store_tf_row *r,
                    struct store_tf_row *u, struct sim_err *err)
{
    *u = *r;
    u->due = r->due + st->for_ms;
    rc_strlcpy(u->note, "restore", sizeof(u->note));
    if (r->kind == SIM_TF_POWER) {
        u->power = !r->power;
        return 0;
    }
    struct store_link_row l;
    if (link_now(s, st, &l, err))
        return -1;
    u->up = r->up >= 0 ? l.up : -1;
    u->latency = r->latency >= 0 ? l.latency_ms : -1;
    u->bandwidth = r->bandwidth >= 0 ? l.bandwidth : -1;
    u->loss = r->loss >= 0 ? l.loss : -1;
    return 0;
}

/* A reproducible delay in [0, jitter]: the same schedule given at the
 * same moment fires at the same times, run after run. */
static int64_t jitter_of(const char *plan, size_t i, int64_t now, int64_t jitter)
{
    if (jitter <= 0)
        return 0;
    uint64_t h = rc_mix64(rc_hash64(plan, strlen(plan), (uint64_t)now) ^ (uint64_t)i);
    return (int64_t)(h % (uint64_t)(jitter + 1));
}

static int add_locked(struct sim *s, const char *plan, const struct sim_tf_step *steps,
                      size_t n, struct sim_err *err)
{
    int64_t now = sim_clock_now(s), first = 0;
    for (size_t i = 0; i < n; i++) {
        struct store_tf_row r, u;
        if (step_check(s, &steps[i], err))
            return -1;
        int64_t due = now + steps[i].at_ms + jitter_of(plan, i, now, steps[i].jitter_ms);
        row_from_step(plan, &steps[i], due, &r);
        if (store_tf_insert(s->st, &r))
            return sim_store_fail(s, err, "timed fault insert");
        if (steps[i].for_ms > 0 &&
            (undo_row(s, &steps[i], &r, &u, err) || store_tf_insert(s->st, &u)))
            return err->rc ? -1 : sim_store_fail(s, err, "timed fault insert");
        if (!first || due < first)
            first = due;
    }
    char when[40];
    rc_format_time(first, when, sizeof(when));
    return sim_event_add(s, SIM_EV_TIMED_FAULT_SCHEDULED, NULL, plan, err,
                         "%zu timed fault%s scheduled%s%s%s, the first at %s", n,
                         n == 1 ? "" : "s", *plan ? " as '" : "", plan, *plan ? "'" : "",
                         when);
}

int sim_timeline_add(struct sim *s, const char *plan, const struct sim_tf_step *steps,
                     size_t n, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    plan = plan ? plan : "";
    if (plan_name_check(plan, err))
        return -1;
    if (n == 0 || n > SIM_TF_STEPS_MAX)
        return sim_fail(err, SIM_EINVAL, plan, "a schedule has 1 to %d steps",
                        SIM_TF_STEPS_MAX);
    if (sim_txn_begin(s, err))
        return -1;
    if (add_locked(s, plan, steps, n, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static void view_from_row(const struct store_tf_row *r, struct sim_tf_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->id;
    rc_strlcpy(v->plan, r->plan, sizeof(v->plan));
    v->due_ms = r->due;
    v->kind = (enum sim_tf_kind)r->kind;
    rc_strlcpy(v->a, r->a, sizeof(v->a));
    rc_strlcpy(v->b, r->b, sizeof(v->b));
    rc_strlcpy(v->port, r->port, sizeof(v->port));
    v->one_way = r->one_way;
    v->up = r->up;
    v->latency_ms = r->latency;
    v->bandwidth_mbs = r->bandwidth;
    v->loss_pct = r->loss;
    v->power_on = r->power == 1;
    rc_strlcpy(v->note, r->note, sizeof(v->note));
}

int sim_timeline_list(struct sim *s, struct sim_tf_view **out, size_t *n, struct sim_err *err)
{
    struct store_tf_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);
    if (store_tf_list(s->st, &rows, &len))
        return sim_store_fail(s, err, "timed fault list");
    struct sim_tf_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        view_from_row(&rows[i], &v[i]);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

static int cancel_locked(struct sim *s, const char *what, size_t *count, struct sim_err *err)
{
    struct store_tf_row *rows;
    size_t len;
    int64_t id = 0;
    bool by_id = rc_parse_i64(what, &id) == 0;
    if (store_tf_list(s->st, &rows, &len))
        return sim_store_fail(s, err, "timed fault list");
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0; i++) {
        if (by_id ? rows[i].id != id : strcmp(rows[i].plan, what) != 0)
            continue;
        if (store_tf_delete(s->st, rows[i].id))
            rc = sim_store_fail(s, err, "timed fault delete");
        (*count)++;
    }
    free(rows);
    if (rc == 0 && *count == 0)
        return sim_fail(err, SIM_ENOENT_TIMED_FAULT, what, "no timed fault %s '%s'",
                        by_id ? "with id" : "in a schedule named", what);
    if (rc)
        return rc;
    return sim_event_add(s, SIM_EV_TIMED_FAULT_CANCELLED, NULL, what, err,
                         "%zu timed fault%s cancelled", *count, *count == 1 ? "" : "s");
}

int sim_timeline_cancel(struct sim *s, const char *what, size_t *count, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    *count = 0;
    if (sim_txn_begin(s, err))
        return -1;
    if (cancel_locked(s, what, count, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* ---- the timer source ------------------------------------------------------ */

/* "link site-a -> site-b one way: down" */
static void describe(const struct store_tf_row *r, struct strbuf *sb)
{
    if (r->kind == SIM_TF_POWER) {
        strbuf_addf(sb, "array %s power %s", r->a, r->power ? "on" : "off");
        return;
    }
    strbuf_addf(sb, "link %s %s %s", r->a, r->one_way ? "->" : "<->", r->b);
    if (r->port[0])
        strbuf_addf(sb, " port %s", r->port);
    strbuf_adds(sb, ":");
    if (r->up >= 0)
        strbuf_adds(sb, r->up ? " up" : " down");
    if (r->latency >= 0)
        strbuf_addf(sb, " latency %d ms", r->latency);
    if (r->bandwidth >= 0)
        strbuf_addf(sb, " bandwidth %d MB/s", r->bandwidth);
    if (r->loss >= 0)
        strbuf_addf(sb, " loss %d%%", r->loss);
}

static int apply_row(struct sim *s, const struct store_tf_row *r, struct sim_err *err)
{
    if (r->kind == SIM_TF_POWER)
        return sim_array_power_apply(s, r->a, r->power == 1, err);
    struct sim_link_fault f = { .up = r->up, .latency_ms = r->latency,
                                .bandwidth_mbs = r->bandwidth, .loss_pct = r->loss,
                                .one_way = r->one_way };
    return sim_link_fault_apply(s, r->a, r->b, r->port[0] ? r->port : NULL, &f, err);
}

/* Applies one due change and drops its row. A refusal (the array or link
 * is gone) becomes an event; only a store failure stops the clock move. */
static int run_one(struct sim *s, const struct store_tf_row *r, struct sim_err *err)
{
    struct sim_err why = SIM_ERR_INIT;
    struct strbuf what = STRBUF_INIT;
    strbuf_init(&what);
    describe(r, &what);
    int rc = store_tf_delete(s->st, r->id) ? sim_store_fail(s, err, "timed fault delete") : 0;
    if (rc == 0 && apply_row(s, r, &why)) {
        if (why.rc == SIM_EINTERNAL) {
            *err = why;
            rc = -1;
        } else {
            rclog(RCLOG_WARN, "timed fault %lld (%s) dropped: %s", (long long)r->id, what.buf,
                  why.detail);
            rc = sim_event_add(s, SIM_EV_TIMED_FAULT_FAILED, NULL, r->plan, err,
                               "%s (%s): %s", what.buf, r->note, why.detail);
        }
    } else if (rc == 0) {
        rclog(RCLOG_INFO, "timed fault %lld: %s (%s)", (long long)r->id, what.buf, r->note);
        rc = sim_event_add(s, SIM_EV_TIMED_FAULT, NULL, r->plan, err, "%s (%s)", what.buf,
                           r->note);
    }
    strbuf_release(&what);
    return rc;
}

static int timeline_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    if (store_tf_next_due(s->st, when))
        return sim_store_fail(s, err, "timed fault next");
    return 0;
}

static int timeline_run(struct sim *s, int64_t now, struct sim_err *err)
{
    for (;;) {
        struct store_tf_row r;
        int rc = store_tf_first_due(s->st, now, &r);
        if (rc < 0)
            return sim_store_fail(s, err, "timed fault due");
        if (rc == 0)
            return 0;
        if (run_one(s, &r, err))
            return -1;
    }
}

const struct sim_timer_source sim_timeline_timer = {
    .name = "timed faults", .next_due = timeline_next, .run = timeline_run,
};
