/* sim/dr.c - the DR operations of setrcopygroup (WSAPI actions 6-11):
 * failover, recover, restore, reverse, switchover, override.
 * Owns: the role changes each makes on both sides, their preconditions and
 * their tasks. Not: the resyncs they start (resync.c). Spec:
 * docs/array-remote-copy.md §2.2, §2.4, §3.7, §3.9; the state diagram in group.c. */
#include "sim/array.h"
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "store/rcopy.h"
#include "util/log.h"
#include "util/strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int role_event(struct sim *s, const struct rc_side *x, const char *why,
                      struct sim_err *err)
{
    return sim_event_add(s, SIM_EV_GROUP_ROLE, x->a.name, x->g.name, err, "role %s: %s",
                         sim_rc_role_name((enum sim_rc_role)x->g.role), why);
}

static int set_role(struct sim *s, struct rc_side *x, int role, const char *why,
                    struct sim_err *err)
{
    if (x->g.role == role)
        return 0;
    x->g.role = role;
    return sim_rc_group_save(s, &x->g, err) || role_event(s, x, why, err);
}

/* The peer, reachable or not: 1 loaded and reachable, 0 not, -1. */
static int peer_if_reachable(struct sim *s, const struct rc_side *x, struct rc_side *y,
                             struct sim_err *err)
{
    if (!sim_rc_link_ok(s, &x->t))
        return 0;
    return sim_rc_peer_load(s, x, y, err);
}

static int need_peer(struct sim *s, const struct rc_side *x, struct rc_side *y,
                     struct sim_err *err)
{
    int rc = peer_if_reachable(s, x, y, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return sim_fail(err, SIM_ETARGET_NOT_READY, x->t.name, "Target %s is not up and ready",
                        x->t.name);
    return 0;
}

/* A side becoming the source keeps a snapshot of each volume: the common
 * point for the delta back later. nosnap instead forces a full sync. */
static int snapshot_new_source(struct sim *s, struct rc_side *x, bool nosnap, bool nopromote,
                               struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (p[i].prot_snap && !nopromote) {
            /* an interrupted resync left the volume half-updated: back to
             * the last consistent point */
            struct store_vv_row vv, prot;
            if (store_vv_get_by_id(s->st, p[i].vv, &vv) != 1 ||
                store_vv_get_by_id(s->st, p[i].prot_snap, &prot) != 1) {
                ret = sim_store_fail(s, err, "vv get");
                break;
            }
            ret = sim_vv_promote_row(s, &vv, &prot, err) ||
                  sim_rc_snapshot_drop(s, p[i].prot_snap, err);
            p[i].prot_snap = 0;
        }
        if (ret == 0 && nosnap) {
            ret = sim_rc_snapshot_drop(s, p[i].base_snap, err);
            p[i].base_snap = 0;
            p[i].full = RC_FULL_NEXT;
        } else if (ret == 0 && !p[i].base_snap) {
            ret = sim_rc_snapshot(s, &x->g, &p[i], RC_SNAP_FAILOVER, &p[i].base_snap, err);
        }
        if (ret == 0 && store_pair_update(s->st, &p[i]))
            ret = sim_store_fail(s, err, "pair update");
    }
    free(p);
    return ret;
}

/* A side going back to receiving drops its snapshots with nosnap. */
static int drop_source_snapshots(struct sim *s, struct rc_side *x, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        ret = sim_rc_snapshot_drop(s, p[i].base_snap, err);
        p[i].base_snap = 0;
        p[i].full = RC_FULL_NEXT;
        if (ret == 0 && store_pair_update(s->st, &p[i]))
            ret = sim_store_fail(s, err, "pair update");
    }
    free(p);
    return ret;
}

static int stop_if_started(struct sim *s, struct rc_side *x, struct sim_err *err)
{
    if (x->g.status != SIM_RC_STARTED)
        return 0;
    return sim_rc_stop_side(s, x, RC_STOP_MANUAL, false, err);
}

/* ---- failover ------------------------------------------------------------ */

static int dr_recover_start(struct sim *s, struct rc_side *x, struct rc_side *y,
                            const struct sim_dr_opts *o, struct sim_err *err);

static int dr_failover(struct sim *s, struct rc_side *x, const struct sim_dr_opts *o,
                       struct sim_err *err)
{
    struct rc_side y;
    if (x->g.role == SIM_RC_PRIMARY || x->g.role == SIM_RC_PRIMARY_REV)
        return sim_fail(err, SIM_ESECONDARY_ONLY, x->g.name,
                        "failover is issued on the secondary side; %s is %s here", x->g.name,
                        sim_rc_role_name((enum sim_rc_role)x->g.role));
    if (x->g.role != SIM_RC_SECONDARY)
        return sim_fail(err, SIM_EROLE, x->g.name,
                        "Group is not in correct role for this operation (%s)",
                        sim_rc_role_name((enum sim_rc_role)x->g.role));
    if (x->g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_ENOTSTOPPED, x->g.name, "Remote copy group not stopped");
    if (snapshot_new_source(s, x, o->nosnap, o->nopromote, err) ||
        set_role(s, x, SIM_RC_PRIMARY_REV, "failed over, volumes writable", err))
        return -1;
    int rc = peer_if_reachable(s, x, &y, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return 0;   /* the old primary learns when it is back (rctarget.c) */
    if (y.g.role == SIM_RC_PRIMARY &&
        (stop_if_started(s, &y, err) ||
         set_role(s, &y, SIM_RC_SECONDARY_REV, "the peer failed over", err)))
        return -1;
    /* live 10.5: the array starts the group from the new source at once */
    if ((x->a.flags & SIM_BF_LIVE105_QUIRKS) && !o->nostart)
        return dr_recover_start(s, x, &y, o, err);
    return 0;
}

int sim_rc_auto_failover(struct sim *s, struct rc_side *x, struct sim_err *err)
{
    static const struct sim_dr_opts opts;
    int64_t id;
    rclog(RCLOG_INFO, "group '%s' on %s: automatic failover (peer array lost, witness agrees)",
          x->g.name, x->a.name);
    return sim_task_add(s, x->a.id, SIM_TASK_RC_FAILOVER, x->g.name, true, "system", x->g.id,
                        SIM_DR_FAILOVER, "Automatic transparent failover.", &id, err) ||
           dr_failover(s, x, &opts, err);
}

/* ---- recover --------------------------------------------------------------- */

static int dr_recover_start(struct sim *s, struct rc_side *x, struct rc_side *y,
                            const struct sim_dr_opts *o, struct sim_err *err)
{
    if (y->g.role != SIM_RC_SECONDARY_REV || y->g.status != SIM_RC_STOPPED) {
        if (stop_if_started(s, y, err))
            return -1;
        y->g.status = SIM_RC_STOPPED;
        if (set_role(s, y, SIM_RC_SECONDARY_REV, "recovered from the peer", err) ||
            sim_rc_group_save(s, &y->g, err))
            return -1;
    }
    if (o->nostart)
        return 0;
    return sim_rc_start_pair_of_groups(s, x, y, o->nosync, err);
}

static int dr_recover(struct sim *s, struct rc_side *x, const struct sim_dr_opts *o,
                      struct sim_err *err)
{
    struct rc_side y;
    if (x->g.role != SIM_RC_PRIMARY_REV)
        return sim_fail(err, SIM_EROLE, x->g.name,
                        "Group is not in correct role for this operation (%s)",
                        sim_rc_role_name((enum sim_rc_role)x->g.role));
    if (x->g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_ENOTSTOPPED, x->g.name, "Remote copy group not stopped");
    if (need_peer(s, x, &y, err))
        return -1;
    return dr_recover_start(s, x, &y, o, err);
}

/* ---- restore --------------------------------------------------------------- */

/* Natural roles again, the group started from the natural primary. */
static int restore_flip(struct sim *s, struct rc_side *x, struct rc_side *y, bool nostart,
                        struct sim_err *err)
{
    if (set_role(s, x, SIM_RC_SECONDARY, "restored to the natural direction", err) ||
        set_role(s, y, SIM_RC_PRIMARY, "restored to the natural direction", err))
        return -1;
    if (nostart && (stop_if_started(s, x, err) || stop_if_started(s, y, err)))
        return -1;
    return sim_task_finish_group(s, x->g.id, SIM_TASK_RC_RESTORE, true,
                                 "Group switched to its natural direction.", err);
}

static int dr_restore(struct sim *s, struct rc_side *x, const struct sim_dr_opts *o,
                      struct sim_err *err)
{
    struct rc_side y;
    if (x->g.role != SIM_RC_PRIMARY_REV)
        return sim_fail(err, SIM_ENOT_SWITCHED, x->g.name,
                        "the role of group %s was not previously switched", x->g.name);
    if (need_peer(s, x, &y, err))
        return -1;
    /* restore runs recover first when it has not been run */
    if (x->g.status != SIM_RC_STARTED) {
        struct sim_dr_opts r = *o;
        r.nostart = false;
        if (dr_recover_start(s, x, &y, &r, err))
            return -1;
    }
    if (sim_rc_side_load_id(s, x->g.id, x, err) || sim_rc_side_load_id(s, y.g.id, &y, err))
        return -1;
    /* the flip waits for the last changes to reach the natural primary */
    return sim_group_synced_row(s, x) ? restore_flip(s, x, &y, o->nostart, err) : 0;
}

int sim_rc_dr_synced(struct sim *s, struct rc_side *x, struct rc_side *y, struct sim_err *err)
{
    struct store_task_row *t;
    size_t n;
    if (x->g.role != SIM_RC_PRIMARY_REV)
        return 0;
    if (store_task_list_active(s->st, &t, &n))
        return sim_store_fail(s, err, "task list");
    bool pending = false;
    for (size_t i = 0; i < n; i++)
        pending |= t[i].group_id == x->g.id && t[i].type == SIM_TASK_RC_RESTORE;
    free(t);
    if (pending)
        return restore_flip(s, x, y, false, err);
    /* live 10.5 (§2.5 quirk 2): once the sync back is done, the array makes
     * the reversed direction the natural one; a later restore is refused
     * (29: not switched) */
    if ((x->a.flags & SIM_BF_LIVE105_QUIRKS) && y->g.role == SIM_RC_SECONDARY_REV)
        return set_role(s, x, SIM_RC_PRIMARY, "synced back: the reversed direction is now "
                        "the natural one", err) ||
               set_role(s, y, SIM_RC_SECONDARY, "synced back: the reversed direction is now "
                        "the natural one", err);
    return 0;
}

/* ---- reverse --------------------------------------------------------------- */

static int natural_of(int role)
{
    switch (role) {
    case SIM_RC_PRIMARY:       return SIM_RC_PRIMARY_REV;
    case SIM_RC_PRIMARY_REV:   return SIM_RC_PRIMARY;
    case SIM_RC_SECONDARY:     return SIM_RC_SECONDARY_REV;
    case SIM_RC_SECONDARY_REV: return SIM_RC_SECONDARY;
    }
    return role;
}

static int current_of(int role)
{
    switch (role) {
    case SIM_RC_PRIMARY:       return SIM_RC_SECONDARY_REV;
    case SIM_RC_SECONDARY:     return SIM_RC_PRIMARY_REV;
    case SIM_RC_PRIMARY_REV:   return SIM_RC_SECONDARY;
    case SIM_RC_SECONDARY_REV: return SIM_RC_PRIMARY;
    }
    return role;
}

/* Gives side x a new role, with the snapshots a change of direction
 * needs. */
static int reverse_side(struct sim *s, struct rc_side *x, int role, const struct sim_dr_opts *o,
                        struct sim_err *err)
{
    bool was_source = sim_rc_is_source(x->g.role), source = sim_rc_is_source(role);
    if (!was_source && source && snapshot_new_source(s, x, o->nosnap, o->nopromote, err))
        return -1;
    if (was_source && !source && o->nosnap && drop_source_snapshots(s, x, err))
        return -1;
    return set_role(s, x, role, "reversed", err);
}

static int dr_reverse(struct sim *s, struct rc_side *x, const struct sim_dr_opts *o,
                      struct sim_err *err)
{
    struct rc_side y;
    int have_y = 0;
    if (o->natural && o->current)
        return sim_fail(err, SIM_EPARAM_CONFLICT, x->g.name, "-natural and -current together");
    if (o->local && !o->natural && !o->current)
        return sim_fail(err, SIM_EINVAL, x->g.name, "-local needs -natural or -current");
    if (!o->local) {
        if (need_peer(s, x, &y, err))
            return -1;
        have_y = 1;
    }
    if (!o->natural) {
        /* a change of flow needs the groups stopped (or -stopgroups) */
        bool started = x->g.status == SIM_RC_STARTED || (have_y && y.g.status == SIM_RC_STARTED);
        if (started && !o->stopgroups)
            return sim_fail(err, SIM_ENOTSTOPPED, x->g.name, "Remote copy group not stopped");
        if (started) {
            struct rc_side *src = sim_rc_is_source(x->g.role) ? x : &y;
            struct rc_side *dst = src == x ? &y : x;
            if (stop_if_started(s, src, err) || (have_y && stop_if_started(s, dst, err)))
                return -1;
        }
    }
    int rx, ry = have_y ? y.g.role : 0;
    if (o->natural) {
        rx = natural_of(x->g.role);
        ry = natural_of(ry);
    } else if (o->current) {
        rx = current_of(x->g.role);
        ry = current_of(ry);
    } else {
        rx = SIM_RC_PRIMARY;
        ry = SIM_RC_SECONDARY;
    }
    if (reverse_side(s, x, rx, o, err))
        return -1;
    return have_y ? reverse_side(s, &y, ry, o, err) : 0;
}

/* ---- switchover, override -------------------------------------------------- */

static int dr_switchover(struct sim *s, struct rc_side *x, const struct sim_dr_opts *o,
                         struct sim_err *err)
{
    struct rc_side y;
    (void)o;
    if (!rc_mode_of(&x->g)->switchover)
        return sim_fail(err, SIM_EINVAL, x->g.name, "switchover applies to sync groups only");
    if (!sim_rc_is_source(x->g.role))
        return sim_fail(err, SIM_EPRIMARY_ONLY, x->g.name,
                        "switchover is issued on the primary side");
    if (x->g.status != SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_NOT_STARTED, x->g.name,
                        "remote copy group %s is not started", x->g.name);
    if (!sim_group_synced_row(s, x))
        return sim_fail(err, SIM_EGROUP_SYNCING, x->g.name,
                        "group %s is not synced; switchover would lose data", x->g.name);
    if (need_peer(s, x, &y, err))
        return -1;
    /* no Stopped phase: the direction flips with the data in sync */
    return set_role(s, x, SIM_RC_SECONDARY, "switched over", err) ||
           set_role(s, &y, SIM_RC_PRIMARY, "switched over", err);
}

static int dr_override(struct sim *s, struct rc_side *x, const struct sim_dr_opts *o,
                       struct sim_err *err)
{
    (void)o;
    if (x->g.status != SIM_RC_FAILSAFE)
        return sim_fail(err, SIM_EINVAL, x->g.name, "group %s is not in failsafe", x->g.name);
    x->g.status = SIM_RC_STOPPED;
    return sim_rc_group_save(s, &x->g, err) ||
           sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err,
                         "failsafe overridden");
}

/* ---- the entry point ------------------------------------------------------- */

uint32_t sim_dr_opts_allowed(enum sim_dr_op op)
{
    static const uint32_t allowed[SIM_DR__COUNT] = {
        [SIM_DR_REVERSE] = SIM_DRO_NOPROMOTE | SIM_DRO_NOSNAP | SIM_DRO_STOPGROUPS |
                           SIM_DRO_LOCAL | SIM_DRO_NATURAL | SIM_DRO_CURRENT,
        [SIM_DR_FAILOVER] = SIM_DRO_NOSTART | SIM_DRO_NOSYNC | SIM_DRO_DISCARD |
                            SIM_DRO_NOPROMOTE | SIM_DRO_NOSNAP,
        [SIM_DR_SWITCHOVER] = 0,
        [SIM_DR_RECOVER] = SIM_DRO_NOSTART | SIM_DRO_NOSYNC,
        [SIM_DR_RESTORE] = SIM_DRO_NOSTART | SIM_DRO_NOSYNC | SIM_DRO_NOSNAP,
        [SIM_DR_OVERRIDE] = 0,
    };
    return (unsigned)op < SIM_DR__COUNT ? allowed[op] : 0;
}

uint32_t sim_dr_opts_given(const struct sim_dr_opts *o)
{
    return (o->nostart ? SIM_DRO_NOSTART : 0) | (o->nosync ? SIM_DRO_NOSYNC : 0) |
           (o->discard ? SIM_DRO_DISCARD : 0) | (o->nopromote ? SIM_DRO_NOPROMOTE : 0) |
           (o->nosnap ? SIM_DRO_NOSNAP : 0) | (o->stopgroups ? SIM_DRO_STOPGROUPS : 0) |
           (o->local ? SIM_DRO_LOCAL : 0) | (o->natural ? SIM_DRO_NATURAL : 0) |
           (o->current ? SIM_DRO_CURRENT : 0);
}

/* The CLI's word for an option bit, for refusals. */
static const char *dr_opt_name(uint32_t bit)
{
    static const char *const names[] = { "-nostart", "-nosync", "-discard", "-nopromote",
                                         "-nosnap", "-stopgroups", "-local", "-natural",
                                         "-current" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (bit == (1u << i))
            return names[i];
    return "?";
}

static const struct {
    int (*run)(struct sim *, struct rc_side *, const struct sim_dr_opts *, struct sim_err *);
    enum sim_task_type task;
    const char *begin, *end;
} dr_ops[] = {
    [SIM_DR_REVERSE] = { dr_reverse, SIM_TASK_RC_REVERSE, "Begin reverse of the group.",
                         "The group's direction was reversed." },
    [SIM_DR_FAILOVER] = { dr_failover, SIM_TASK_RC_FAILOVER, "Begin failover of the group.",
                          "Group switched from secondary to primary." },
    [SIM_DR_SWITCHOVER] = { dr_switchover, SIM_TASK_RC_REVERSE, "Begin switchover of the group.",
                            "Group roles switched over." },
    [SIM_DR_RECOVER] = { dr_recover, SIM_TASK_RC_RECOVER, "Begin recover of the group.",
                         "Group recovered; the peer is secondary." },
    [SIM_DR_RESTORE] = { dr_restore, SIM_TASK_RC_RESTORE, "Begin restore of the group.", NULL },
    [SIM_DR_OVERRIDE] = { dr_override, SIM_TASK_RC_FAILOVER, "Begin override of failsafe.",
                          "Failsafe overridden." },
};

int sim_group_dr(struct sim *s, const char *array, const char *group, enum sim_dr_op op,
                 const struct sim_dr_opts *o, int64_t *task, struct sim_err *err)
{
    static const struct sim_dr_opts none;
    struct rc_side x;
    char steps[256];
    SIM_LOCK_SCOPE(s);

    if (!o)
        o = &none;
    if ((unsigned)op >= SIM_DR__COUNT)
        return sim_fail(err, SIM_EINVAL, group, "unknown DR action %d", (int)op);
    uint32_t extra = sim_dr_opts_given(o) & ~sim_dr_opts_allowed(op);
    if (extra)
        return sim_fail(err, SIM_EINVAL, dr_opt_name(extra & -extra),
                        "%s does not take %s", sim_dr_op_name(op), dr_opt_name(extra & -extra));
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_rc_leg_load(s, array, group, o->target, &x, err) ||
        sim_rc_check_target(&x, o->target, err) || sim_rc_need_target(s, &x, o->target, err))
        return sim_txn_refuse(s, array, err);
    rclog(RCLOG_INFO, "group '%s' on %s: %s", group, array, sim_dr_op_name(op));
    snprintf(steps, sizeof(steps), "%s", dr_ops[op].begin);
    /* restore's task stays active until the natural primary has the data */
    int64_t id = 0;
    bool done = dr_ops[op].end != NULL;
    if (dr_ops[op].end)
        snprintf(steps + strlen(steps), sizeof(steps) - strlen(steps), "\n%s", dr_ops[op].end);
    if (sim_task_add(s, x.a.id, dr_ops[op].task, group, done, o->user, x.g.id, op, steps, &id,
                     err) ||
        dr_ops[op].run(s, &x, o, err))
        return sim_txn_refuse(s, array, err);
    if (task)
        *task = id;
    return sim_txn_commit(s, err);
}
