/* sim/sched.c - scheduled commands. Owns: schedule rows, when each is next
 * due, and the record of each run. Not: running a command line (the CLI's
 * executor). A run that comes due is marked pending in the transaction
 * that moved the clock; sim_sched_drain() runs it after that commit and
 * records the outcome in a transaction of its own, so a crash between the
 * two runs it after the restart rather than losing it. A schedule still
 * pending when it comes due again skips that run, as the array skips a
 * scheduled task that is still running. Spec: docs/array-interfaces.md
 * §3.5 (the client's createsched, setsched, removesched, showsched). */
#include "sim/internal.h"
#include "sim/limits.h"
#include "sim/sched.h"
#include "store/sched.h"
#include "util/cron.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRAIN_MAX 64            /* runs one drain performs at most */

void sim_sched_set_executor(struct sim *s, sim_sched_exec_fn *fn, void *ctx)
{
    SIM_LOCK_SCOPE(s);
    s->sched_exec = fn;
    s->sched_ctx = ctx;
}

static int parse_when(const char *when, struct rc_cron *c, struct sim_err *err)
{
    if (!when || rc_cron_parse(when, c) < 0) {
        char subject[48];
        snprintf(subject, sizeof(subject), "\"%.40s\"", when ? when : "");
        return sim_fail(err, SIM_ESCHED_FORMAT, subject, "bad schedule specification");
    }
    return 0;
}

static int sched_load(struct sim *s, int64_t array_id, const char *name,
                      struct store_sched_row *r, struct sim_err *err)
{
    int rc = store_sched_get(s->st, array_id, name, r);
    if (rc < 0)
        return sim_store_fail(s, err, "sched get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_SCHED, name, "no schedule named '%s'", name);
    return 0;
}

static int name_free(struct sim *s, int64_t array_id, const char *name, struct sim_err *err)
{
    struct store_sched_row other;
    int rc = store_sched_get(s->st, array_id, name, &other);
    if (rc < 0)
        return sim_store_fail(s, err, "sched get");
    if (rc == 1)
        return sim_fail(err, SIM_EEXIST_SCHED, name, "schedule %s exists", name);
    return 0;
}

static int sched_create(struct sim *s, const char *array, const char *user,
                        const struct sim_sched_spec *sp, struct sim_err *err)
{
    struct store_array_row a;
    struct store_sched_row r = { 0 };
    struct rc_cron c;
    if (sim_array_load(s, array, &a, err) || sim_name_check(sp->name, SIM_LIM_SCHED_NAME, err))
        return -1;
    if (!sp->command || !*sp->command)
        return sim_fail(err, SIM_EINVAL, sp->name, "the command is empty");
    if (strlen(sp->command) >= sizeof(r.command))
        return sim_fail(err, SIM_EINVAL, sp->name, "the command is longer than %zu",
                        sizeof(r.command) - 1);
    if (parse_when(sp->when, &c, err) || name_free(s, a.id, sp->name, err))
        return -1;
    r.array_id = a.id;
    rc_strlcpy(r.name, sp->name, sizeof(r.name));
    rc_strlcpy(r.command, sp->command, sizeof(r.command));
    rc_strlcpy(r.spec, sp->when, sizeof(r.spec));
    rc_strlcpy(r.owner, user && *user ? user : "3paradm", sizeof(r.owner));
    r.run_once = sp->run_once;
    r.alert = !sp->no_alert;
    r.created = sim_clock_now(s);
    r.next_run = rc_cron_next(&c, r.created);
    if (store_sched_insert(s->st, &r))
        return sim_store_fail(s, err, "sched insert");
    return sim_event_add(s, SIM_EV_SCHED_CHANGED, a.name, r.name, err,
                         "schedule created: \"%s\" at \"%s\"", r.command, r.spec);
}

int sim_sched_create(struct sim *s, const char *array, const char *user,
                     const struct sim_sched_spec *sp, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sched_create(s, array, user, sp, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static int sched_modify(struct sim *s, const char *array, const char *name,
                        const struct sim_sched_mod *m, struct sim_err *err)
{
    struct store_array_row a;
    struct store_sched_row r;
    struct rc_cron c;
    if (sim_array_load(s, array, &a, err) || sched_load(s, a.id, name, &r, err) ||
        parse_when(m->when ? m->when : r.spec, &c, err))
        return -1;
    if (m->new_name && strcmp(m->new_name, r.name) != 0) {
        if (sim_name_check(m->new_name, SIM_LIM_SCHED_NAME, err) ||
            name_free(s, a.id, m->new_name, err))
            return -1;
        rc_strlcpy(r.name, m->new_name, sizeof(r.name));
    }
    if (m->when)
        rc_strlcpy(r.spec, m->when, sizeof(r.spec));
    if (m->suspend)
        r.suspended = m->suspend == 1;
    /* a new time, or a resume, counts from now: runs missed while
     * suspended are not made up */
    if (m->when || m->suspend == 2)
        r.next_run = r.run_once && r.last_run ? 0 : rc_cron_next(&c, sim_clock_now(s));
    if (store_sched_update(s->st, &r))
        return sim_store_fail(s, err, "sched update");
    return sim_event_add(s, SIM_EV_SCHED_CHANGED, a.name, r.name, err,
                         "schedule %s%s", r.suspended ? "suspended" : "active",
                         strcmp(name, r.name) ? " (renamed)" : "");
}

int sim_sched_modify(struct sim *s, const char *array, const char *name,
                     const struct sim_sched_mod *m, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sched_modify(s, array, name, m, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_sched_remove(struct sim *s, const char *array, const char *name, struct sim_err *err)
{
    struct store_array_row a;
    struct store_sched_row r;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sched_load(s, a.id, name, &r, err))
        return sim_txn_rollback(s);
    if (store_sched_delete(s->st, r.id)) {
        sim_store_fail(s, err, "sched delete");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_SCHED_CHANGED, a.name, name, err, "schedule removed"))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static void sched_view(const struct store_sched_row *r, struct sim_sched_view *v)
{
    struct rc_cron c;
    memset(v, 0, sizeof(*v));
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    rc_strlcpy(v->command, r->command, sizeof(v->command));
    if (rc_cron_parse(r->spec, &c) == 0)
        memcpy(v->field, c.field, sizeof(v->field));
    rc_strlcpy(v->owner, r->owner, sizeof(v->owner));
    v->suspended = r->suspended;
    v->run_once = r->run_once;
    v->alert = r->alert;
    v->next_run_ms = r->next_run;
    v->last_run_ms = r->last_run;
    v->last_status = (enum sim_sched_status)r->last_status;
    rc_strlcpy(v->last_output, r->last_output, sizeof(v->last_output));
}

int sim_sched_get(struct sim *s, const char *array, const char *name,
                  struct sim_sched_view *out, struct sim_err *err)
{
    struct store_array_row a;
    struct store_sched_row r;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err) || sched_load(s, a.id, name, &r, err))
        return -1;
    sched_view(&r, out);
    return 0;
}

int sim_sched_list(struct sim *s, const char *array, struct sim_sched_view **out, size_t *n,
                   struct sim_err *err)
{
    struct store_array_row a;
    struct store_sched_row *rows;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_sched_list(s->st, a.id, &rows, n))
        return sim_store_fail(s, err, "sched list");
    *out = xcalloc(*n ? *n : 1, sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        sched_view(&rows[i], &(*out)[i]);
    free(rows);
    return 0;
}

/* ---- the clock's side ------------------------------------------------- */

int64_t sim_sched_stop(struct sim *s, int64_t until)
{
    int64_t next = 0;
    if (!s->sched_exec || store_sched_next_due(s->st, &next) || !next || next >= until)
        return until;
    return next;
}

/* Timer source: marks the schedules due at now pending and moves each to
 * its next time. */
static int due_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    if (store_sched_next_due(s->st, when))
        return sim_store_fail(s, err, "sched next due");
    return 0;
}

static int due_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_sched_row *rows;
    size_t n;
    if (store_sched_due(s->st, now, &rows, &n))
        return sim_store_fail(s, err, "sched due");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_sched_row *r = &rows[i];
        struct rc_cron c;
        if (r->pending)
            rclog(RCLOG_WARN, "schedule '%s': still pending, this run is skipped", r->name);
        else
            r->due_at = r->next_run;
        r->pending = 1;
        r->next_run = r->run_once || rc_cron_parse(r->spec, &c) ? 0 : rc_cron_next(&c, now);
        if (store_sched_update(s->st, r))
            ret = sim_store_fail(s, err, "sched update");
    }
    free(rows);
    return ret;
}

const struct sim_timer_source sim_sched_timer = {
    .name = "schedules", .next_due = due_next, .run = due_run,
};

/* Records the outcome of one run of schedule id, if it is still there:
 * the command may have removed it. */
static int record(struct sim *s, const struct store_array_row *a, int64_t id, int status,
                  const char *output, struct sim_err *err)
{
    struct store_sched_row r;
    int rc = store_sched_get_id(s->st, id, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "sched get");
    if (rc == 0)
        return 0;
    r.pending = 0;
    r.last_run = sim_clock_now(s);
    r.last_status = status == 0 ? SIM_SCHED_OK : SIM_SCHED_FAILED;
    rc_strlcpy(r.last_output, output, sizeof(r.last_output));
    if (store_sched_update(s->st, &r))
        return sim_store_fail(s, err, "sched update");
    if (status == 0)
        return sim_event_add(s, SIM_EV_SCHED_RAN, a->name, r.name, err, "ran \"%s\"",
                             r.command);
    return sim_event_add(s, SIM_EV_SCHED_FAILED, a->name, r.name, err, "\"%s\" failed: %s",
                         r.command, output);
}

void sim_sched_drain(struct sim *s)
{
    SIM_LOCK_SCOPE(s);
    for (int i = 0; i < DRAIN_MAX && s->sched_exec; i++) {
        struct store_sched_row r;
        struct store_array_row a;
        struct sim_err err = SIM_ERR_INIT;
        if (store_sched_first_pending(s->st, &r) != 1 ||
            store_array_get_by_id(s->st, r.array_id, &a) != 1)
            return;
        char out[256] = "";
        int status = 1;
        if (a.powered)
            status = s->sched_exec(s->sched_ctx, s, a.name, r.owner, r.command, out,
                                   sizeof(out));
        else
            rc_strlcpy(out, "the array is powered off", sizeof(out));
        if (sim_txn_begin(s, &err))
            return;
        if (record(s, &a, r.id, status, out, &err)) {
            sim_txn_rollback(s);
            return;
        }
        if (sim_txn_commit(s, &err))
            return;
        rclog(status == 0 ? RCLOG_INFO : RCLOG_WARN, "%s: schedule '%s' ran \"%s\": %s",
              a.name, r.name, r.command, status == 0 ? "ok" : out);
    }
}
