/* sim/group.c - remote-copy groups: their commands and the role state
 * machine. Owns: creating, removing and configuring groups on both sides
 * (mirror_config), start, stop and sync requests, group views. Not: the
 * sides and the rules for reaching the peer (rcside.c), volume pairs
 * (rcpair.c), the DR operations (dr.c), what a start or stop does to data
 * (resync.c), what each mode does (rcmode.c), targets and links
 * (rctarget.c). Spec: docs/array-remote-copy.md §1.3-§1.6, §2.
 *
 * Each array keeps its own row for a group; the peer is the group named
 * peer_name on the target's array. Roles as each side shows them (§2.2):
 *
 *      P side            S side            how it comes about        function
 *      Primary/New       Secondary/New     creatercopygroup on P     sim_group_create
 *      Primary/Started   Secondary/Started startrcopygroup on P      sim_group_start
 *      Primary/Stopped   Secondary/Stopped stoprcopygroup, links     sim_group_stop,
 *                                          fail, auto_recover back   sim_rc_stop_side
 *      Primary/Stopped   Primary-Rev/Stop. failover on S (P away)    dr_failover
 *      Secondary-Rev/St. Primary-Rev/Stop. failover on S, P reached  dr_failover,
 *                                          (or P reconnects)         rctarget reconcile
 *      Primary/Failsafe  Primary-Rev/Stop. P back, same WWNs         rctarget reconcile
 *      Secondary-Rev/Sd. Primary-Rev/Sd.   recover on S              dr_recover
 *      Primary/Started   Secondary/Started restore on S (synced)     dr_restore
 *      Secondary/any     Primary/any       reverse, switchover       dr_reverse,
 *                                                                    dr_switchover
 *
 * Invariants
 *   1. Data flows only from the side whose role is Primary or Primary-Rev
 *      (sim_rc_is_source) to its peer, only while both are Started, and
 *      only while sim_rc_link_ok() (rctarget.c) says the two arrays can
 *      reach each other; the same gate guards every change made on the
 *      peer. Nothing else decides whether data moves.
 *   2. Volumes of a side in role Secondary or Secondary-Rev are read-only
 *      to hosts.
 *   3. Every refusal leaves both sides unchanged (one transaction), and a
 *      refused command leaves one command_refused event (sim_txn_refuse).
 *   4. With mirror_config, both sides hold the same configuration: a change
 *      the peer cannot be told of is refused (sim_rc_peer_mirrored), never
 *      applied on one side alone (removercopygroup excepted, docs).
 *   5. The volumes of a group are at one point in time (resync.c).
 *
 * Decisions the reference leaves open (docs/behaviour.md §Remote copy):
 * a never-started group shows New; Starting/Stopping are never visible;
 * stop and start are refused on the secondary side; stop of a group that
 * is not started is refused; admit into a started group is refused unless
 * the array's admit_into_started_group flag is set; the old primary learns
 * of a failover when it can reach the peer (at once or on reconnection). */
#include "sim/array.h"
#include "sim/cpg.h"
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "sim/set.h"
#include "sim/task.h"
#include "sim/vv.h"
#include "store/cpg.h"
#include "store/rcopy.h"
#include "store/set.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- create and remove ------------------------------------------------ */

static int check_cpg_on(struct sim *s, int64_t array_id, const char *cpg, struct sim_err *err)
{
    struct store_array_row a;
    struct store_cpg_row c;
    if (!cpg || !*cpg)
        return 0;
    if (store_array_get_by_id(s->st, array_id, &a) != 1)
        return sim_store_fail(s, err, "array get");
    int rc = store_cpg_get(s->st, array_id, cpg, &c);
    if (rc < 0)
        return sim_store_fail(s, err, "cpg get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_CPG, cpg, "no CPG named '%s' on %s", cpg, a.name);
    return 0;
}

static int group_insert(struct sim *s, struct rc_side *x, const char *name,
                        const char *peer_name, int role, const struct sim_group_spec *sp,
                        bool local_is_creator, struct sim_err *err)
{
    struct store_group_row *g = &x->g;
    memset(g, 0, sizeof(*g));
    g->array_id = x->a.id;
    rc_strlcpy(g->name, name, sizeof(g->name));
    g->target_id = x->t.id;
    rc_strlcpy(g->peer_name, peer_name, sizeof(g->peer_name));
    g->role = role;
    g->status = SIM_RC_NEW;
    g->mode = sp->mode;
    g->policies = rc_mode(sp->mode)->default_policies;
    rc_strlcpy(g->domain, sp->domain ? sp->domain : "", sizeof(g->domain));
    const char *lu = local_is_creator ? sp->local_user_cpg : sp->remote_user_cpg;
    const char *ls = local_is_creator ? sp->local_snap_cpg : sp->remote_snap_cpg;
    const char *ru = local_is_creator ? sp->remote_user_cpg : sp->local_user_cpg;
    const char *rs = local_is_creator ? sp->remote_snap_cpg : sp->local_snap_cpg;
    rc_strlcpy(g->l_usr_cpg, lu ? lu : "", sizeof(g->l_usr_cpg));
    rc_strlcpy(g->l_snp_cpg, ls ? ls : "", sizeof(g->l_snp_cpg));
    rc_strlcpy(g->r_usr_cpg, ru ? ru : "", sizeof(g->r_usr_cpg));
    rc_strlcpy(g->r_snp_cpg, rs ? rs : "", sizeof(g->r_snp_cpg));
    g->created = sim_clock_now(s);
    if (store_group_insert(s->st, g))
        return sim_store_fail(s, err, "group insert");
    if (sim_rcp_set_create(s, &x->a, g, err))
        return -1;
    return sim_event_add(s, SIM_EV_GROUP_CREATED, x->a.name, name, err,
                         "%s %s group created toward %s", sim_rc_role_name(role),
                         sim_rc_mode_name(sp->mode), x->t.name);
}

static int group_create(struct sim *s, const char *array, const struct sim_group_spec *sp,
                        struct sim_err *err)
{
    struct rc_side x, y;
    struct store_group_row dup;

    if (sim_array_load(s, array, &x.a, err))
        return -1;
    if (!x.a.rc_started)
        return sim_fail(err, SIM_ERC_NOT_STARTED, array, "remote copy is not started");
    int rc = store_target_get(s->st, x.a.id, sp->target ? sp->target : "", &x.t);
    if (rc < 0)
        return sim_store_fail(s, err, "target get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_TARGET, sp->target ? sp->target : "",
                        "Could not find target %s", sp->target ? sp->target : "");
    if (sim_name_check(sp->name, x.t.mirror ? SIM_GROUP_NAME_MAX : SIM_NAME_MAX, err))
        return -1;
    if (!rc_mode(sp->mode))
        return sim_fail(err, SIM_EINVAL, sp->name, "mode must be sync, periodic or async");
    if (sim_domain_check(s, x.a.id, sp->domain, err) ||
        check_cpg_on(s, x.a.id, sp->local_user_cpg, err) ||
        check_cpg_on(s, x.a.id, sp->local_snap_cpg, err))
        return -1;
    rc = store_group_get(s->st, x.a.id, sp->name, &dup);
    if (rc < 0)
        return sim_store_fail(s, err, "group get");
    if (rc > 0)
        return sim_fail(err, SIM_EEXIST_GROUP, sp->name, "remote copy group %s already exists",
                        sp->name);
    char peer_name[40];
    snprintf(peer_name, sizeof(peer_name), "%s.r%lld", sp->name, (long long)x.a.sysid);
    if (!x.t.mirror)
        return group_insert(s, &x, sp->name, peer_name, SIM_RC_PRIMARY, sp, true, err);
    /* mirror_config: the peer group is made at once, on the target array */
    if (!sim_rc_link_ok(s, &x.t))
        return sim_fail(err, SIM_ETARGET_NOT_READY, x.t.name, "Target %s is not up and ready",
                        x.t.name);
    if (store_array_get_by_id(s->st, x.t.peer_array_id, &y.a) != 1 ||
        store_target_get_by_peer(s->st, y.a.id, x.a.id, &y.t) < 0)
        return sim_store_fail(s, err, "peer target");
    if (store_target_get_by_peer(s->st, y.a.id, x.a.id, &y.t) == 0)
        return sim_fail(err, SIM_ETARGET_NOT_READY, x.t.name,
                        "Target %s could not get info on secondary target", x.t.name);
    if (check_cpg_on(s, y.a.id, sp->remote_user_cpg, err) ||
        check_cpg_on(s, y.a.id, sp->remote_snap_cpg, err))
        return -1;
    rc = store_group_get(s->st, y.a.id, peer_name, &dup);
    if (rc < 0)
        return sim_store_fail(s, err, "group get");
    if (rc > 0)
        return sim_fail(err, SIM_EEXIST_GROUP, peer_name,
                        "remote copy group %s already exists on %s", peer_name, y.a.name);
    if (group_insert(s, &x, sp->name, peer_name, SIM_RC_PRIMARY, sp, true, err))
        return -1;
    struct sim_group_spec peer = *sp;
    peer.domain = sp->domain;   /* domains match on both sides */
    return group_insert(s, &y, peer_name, sp->name, SIM_RC_SECONDARY, &peer, false, err);
}

int sim_group_create(struct sim *s, const char *array, const struct sim_group_spec *sp,
                     struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (group_create(s, array, sp, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int group_remove(struct sim *s, const char *array, const char *name, bool removevv,
                        bool keepsnap, struct sim_err *err)
{
    struct rc_side x, y;
    if (sim_rc_side_load(s, array, name, &x, err))
        return -1;
    /* the one mirrored command that goes on alone: the peer's group stays
     * when it cannot be reached (docs/behaviour.md §Remote copy) */
    int have_y = x.t.mirror && sim_rc_link_ok(s, &x.t) ? sim_rc_peer_load(s, &x, &y, err) : 0;
    if (have_y < 0)
        return -1;
    if (x.t.mirror && sim_rc_need_source(&x, err))
        return -1;
    if (x.g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, name,
                        "remote copy group %s is started; stop it first", name);
    if (have_y && sim_rc_is_source(y.g.role) && x.t.mirror)
        return sim_fail(err, SIM_EROLE, name,
                        "group %s is in failover state (both sides are primary)", name);
    if (sim_rc_aa_unexported(s, &x, err) || (have_y && sim_rc_aa_unexported(s, &y, err)) ||
        sim_rc_legs_remove_others(s, &x, removevv, keepsnap, err))
        return -1;
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x.g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = sim_rc_dismiss_pair(s, &x, &p[i], &y, have_y, removevv, keepsnap, err);
    free(p);
    if (ret)
        return -1;
    if (store_group_delete(s->st, x.g.id) ||
        (have_y && store_group_delete(s->st, y.g.id)))
        return sim_store_fail(s, err, "group delete");
    if (sim_event_add(s, SIM_EV_GROUP_REMOVED, x.a.name, name, err, "group removed"))
        return -1;
    if (have_y && sim_event_add(s, SIM_EV_GROUP_REMOVED, y.a.name, y.g.name, err,
                                "group removed with its peer %s", name))
        return -1;
    return 0;
}

int sim_group_remove(struct sim *s, const char *array, const char *name, bool removevv,
                     bool keepsnap, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (group_remove(s, array, name, removevv, keepsnap, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* ---- start, stop, sync ---------------------------------------------- */

/* Refuses a start that would put two modes on one target (§1.3, 236). */
static int mixed_modes_check(struct sim *s, const struct rc_side *x, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_by_target(s->st, x->t.id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        if (g[i].id != x->g.id && g[i].status == SIM_RC_STARTED && g[i].mode != x->g.mode)
            ret = sim_fail(err, SIM_EMIXED_MODES, x->g.name,
                           "Group with different modes on a single target is not supported"
                           " (%s is %s)", g[i].name, sim_rc_mode_name(g[i].mode));
    free(g);
    return ret;
}

/* Takes a starting snapshot vv:snap for a pair (startrcopygroup). */
static int use_starting_snapshots(struct sim *s, const struct rc_side *x,
                                  const struct sim_start_opts *o, struct sim_err *err)
{
    for (size_t i = 0; o && i < o->n_snaps; i++) {
        struct store_vv_row vv, snap;
        struct store_pair_row p;
        if (sim_vv_load(s, x->a.id, o->snap_vv[i], &vv, err))
            return -1;
        if (store_pair_get_in_group(s->st, x->g.id, vv.id, &p) != 1)
            return sim_fail(err, SIM_ENOENT_GROUP_VV, vv.name, "volume %s is not in group %s",
                            vv.name, x->g.name);
        if (strcmp(o->snap_name[i], "-") == 0) {
            p.full = RC_FULL_NEXT;     /* vv:- asks for a full sync */
        } else {
            if (sim_vv_load(s, x->a.id, o->snap_name[i], &snap, err))
                return -1;
            if (snap.parent != vv.id)
                return sim_fail(err, SIM_EINVAL, snap.name, "%s is not a snapshot of %s",
                                snap.name, vv.name);
            if (p.base_snap && p.base_snap != snap.id && sim_rc_snapshot_drop(s, p.base_snap, err))
                return -1;
            p.base_snap = snap.id;
            p.ever_synced = true;
        }
        if (store_pair_update(s->st, &p))
            return sim_store_fail(s, err, "pair update");
    }
    return 0;
}

static int group_start(struct sim *s, const char *array, const char *group,
                       const struct sim_start_opts *o, struct sim_err *err)
{
    struct rc_side x, y;
    struct store_pair_row *p;
    size_t n;

    if (sim_rc_leg_load(s, array, group, o ? o->target : NULL, &x, err) ||
        sim_rc_check_target(&x, o ? o->target : NULL, err) || sim_rc_need_source(&x, err))
        return -1;
    if (x.g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, group,
                        "remote copy group %s has already been started", group);
    if (x.g.status == SIM_RC_FAILSAFE)
        return sim_fail(err, SIM_EFAILSAFE, group, "group %s is in failsafe", group);
    if (store_pair_list(s->st, x.g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    free(p);
    if (n == 0)
        return sim_fail(err, SIM_EGROUP_EMPTY, group, "remote copy group %s is empty", group);
    if (sim_rc_peer_required(s, &x, &y, err) || mixed_modes_check(s, &x, err) ||
        use_starting_snapshots(s, &x, o, err))
        return -1;
    if (sim_rc_is_source(y.g.role))
        return sim_fail(err, SIM_EROLE, group,
                        "the peer group %s is %s: both sides would be primary", y.g.name,
                        sim_rc_role_name((enum sim_rc_role)y.g.role));
    return sim_rc_start_pair_of_groups(s, &x, &y, o && o->nosync, err);
}

/* Without -t, a start or stop goes to every leg (docs/behaviour.md
 * §Multi-target groups) that is not in the state asked for already; when
 * every leg is, the first leg's refusal stands. start: a start skips
 * started legs, a stop the others. */
static int each_leg(struct sim *s, const char *array, const char *group, const char *target,
                    bool start, int (*fn)(struct sim *, const char *, const char *, const char *,
                                        const void *, struct sim_err *),
                    const void *arg, struct sim_err *err)
{
    char names[SIM_RC_LEGS_MAX][SIM_TARGET_NAME_MAX + 1];
    size_t n = 0, done = 0;
    if (target && *target)
        return fn(s, array, group, target, arg, err);
    if (sim_rc_leg_names(s, array, group, names, &n, err))
        return -1;
    if (n < 2)
        return fn(s, array, group, NULL, arg, err);
    for (size_t i = 0; i < n; i++) {
        struct rc_side x;
        if (sim_rc_leg_load(s, array, group, names[i], &x, err))
            return -1;
        if ((x.g.status == SIM_RC_STARTED) == start)
            continue;
        if (fn(s, array, group, names[i], arg, err))
            return -1;
        done++;
    }
    return done ? 0 : fn(s, array, group, names[0], arg, err);
}

static int start_one(struct sim *s, const char *array, const char *group, const char *target,
                     const void *arg, struct sim_err *err)
{
    struct sim_start_opts o = { 0 };
    if (arg)
        o = *(const struct sim_start_opts *)arg;
    if (target)
        o.target = target;
    return group_start(s, array, group, &o, err);
}

int sim_group_start(struct sim *s, const char *array, const char *group,
                    const struct sim_start_opts *o, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (each_leg(s, array, group, o ? o->target : NULL, true, start_one, o, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int group_stop(struct sim *s, const char *array, const char *group, const char *target,
                      bool nosnap, struct sim_err *err)
{
    struct rc_side x, y;
    if (sim_rc_leg_load(s, array, group, target, &x, err) || sim_rc_check_target(&x, target, err) ||
        sim_rc_need_source(&x, err))
        return -1;
    if (x.g.status != SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_NOT_STARTED, group,
                        "remote copy group %s is not started", group);
    int rc = sim_rc_peer_load(s, &x, &y, err);
    if (rc < 0)
        return -1;
    /* streaming with nothing in flight stops at a point both sides hold:
     * nothing to roll back (docs/behaviour.md) */
    if (rc > 0 && rc_mode_of(&x.g)->coordinated && sim_rc_link_ok(s, &x.t)) {
        bool drained;
        if (sim_rc_drained(s, &x, &drained, err) ||
            (drained && sim_rc_coordinate(s, &x, &y, true, err)))
            return -1;
    }
    if (sim_rc_stop_side(s, &x, RC_STOP_MANUAL, nosnap, err))
        return -1;
    if (rc > 0 && y.g.status == SIM_RC_STARTED && sim_rc_link_ok(s, &x.t))
        return sim_rc_stop_side(s, &y, RC_STOP_MANUAL, nosnap, err);
    return 0;
}

static int stop_one(struct sim *s, const char *array, const char *group, const char *target,
                    const void *arg, struct sim_err *err)
{
    return group_stop(s, array, group, target, *(const bool *)arg, err);
}

int sim_group_stop(struct sim *s, const char *array, const char *group, const char *target,
                   bool nosnap, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (each_leg(s, array, group, target, false, stop_one, &nosnap, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int group_sync(struct sim *s, const char *array, const char *group, const char *target,
                      bool noresync, bool ovrd, bool full, int64_t *task, struct sim_err *err)
{
    struct rc_side x, y;
    struct store_pair_row *p;
    size_t n;

    if (sim_rc_leg_load(s, array, group, target, &x, err) || sim_rc_check_target(&x, target, err) ||
        sim_rc_need_target(s, &x, target, err) || sim_rc_need_source(&x, err))
        return -1;
    if (x.g.status != SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_NOT_STARTED, group,
                        "remote copy group %s is not started", group);
    if (full && !rc_mode_of(&x.g)->full_resync)
        return sim_fail(err, SIM_EINVAL, group, "a full sync applies to sync groups only");
    if (sim_rc_peer_required(s, &x, &y, err))
        return -1;
    if (rc_mode_of(&x.g)->cycles) {
        if (x.g.cycle)
            return sim_fail(err, SIM_EGROUP_SYNCING, group,
                            "group %s is already involved in a synchronization", group);
        if (sim_rc_cycle_begin(s, &x, &y, noresync, false, err))
            return -1;
    } else {
        if (store_pair_list(s->st, x.g.id, &p, &n))
            return sim_store_fail(s, err, "pair list");
        int ret = 0;
        for (size_t i = 0; i < n && ret == 0; i++) {
            if (p[i].status == SIM_SYNC_SYNCING)
                continue;
            if (p[i].status == SIM_SYNC_SYNCED && !ovrd && !full)
                continue;
            struct store_pair_row q;
            int rc = sim_rc_peer_pair(s, &y, &p[i], &q, err);
            if (rc <= 0) {
                ret = rc < 0 ? -1 : sim_fail(err, SIM_ENOENT_GROUP_VV, p[i].remote_vv,
                                             "pair missing on the peer");
                break;
            }
            ret = sim_rc_resync_begin(s, &x, &p[i], &y, &q, full || p[i].status ==
                                      SIM_SYNC_SYNCED, err);
        }
        free(p);
        if (ret || sim_rc_resync_settle(s, &x, &y, err))
            return -1;
        if (sim_rc_side_load_id(s, x.g.id, &x, err))
            return -1;
        x.g.last_sync = sim_clock_now(s);
        if (sim_rc_group_save(s, &x.g, err))
            return -1;
    }
    return sim_task_add(s, x.a.id, SIM_TASK_RC_SYNC, group, true, NULL, x.g.id, 5,
                        "Synchronization of the group requested.", task, err);
}

int sim_group_sync(struct sim *s, const char *array, const char *group, const char *target,
                   bool noresync, bool ovrd, bool full, int64_t *task, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (group_sync(s, array, group, target, noresync, ovrd, full, task, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

bool sim_group_synced_row(struct sim *s, const struct rc_side *x)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return false;
    bool synced = !x->g.cycle;
    for (size_t i = 0; i < n; i++)
        synced &= p[i].status == SIM_SYNC_SYNCED;
    free(p);
    return synced;
}

int sim_group_synced(struct sim *s, const char *array, const char *group, struct sim_err *err)
{
    struct rc_side x;
    SIM_LOCK_SCOPE(s);

    if (sim_rc_side_load(s, array, group, &x, err))
        return -1;
    return sim_group_synced_row(s, &x);
}

/* ---- configuration, mirrored ------------------------------------------ */

/* Applies change to x and, when mirrored and reachable, to its peer. */
static int group_configure(struct sim *s, const char *array, const char *group,
                           const char *target,
                           int (*change)(struct sim *, struct rc_side *, const void *,
                                         struct sim_err *),
                           const void *arg, struct sim_err *err)
{
    struct rc_side x, y;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_rc_leg_load(s, array, group, target, &x, err) || sim_rc_check_target(&x, target, err) ||
        sim_rc_need_target(s, &x, target, err) || (x.t.mirror && sim_rc_need_source(&x, err)))
        return sim_txn_refuse(s, array, err);
    int rc = sim_rc_peer_mirrored(s, &x, &y, err);
    if (rc < 0 || change(s, &x, arg, err) || sim_rc_group_save(s, &x.g, err) ||
        (rc > 0 && (change(s, &y, arg, err) || sim_rc_group_save(s, &y.g, err))))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

struct policy_arg {
    uint32_t bits;
    bool on;
};

static int policy_change(struct sim *s, struct rc_side *x, const void *p, struct sim_err *err)
{
    const struct policy_arg *a = p;
    /* the refusal names the policy, as the array's does; over_per_alert
     * is refused on a sync group even when it would turn it off */
    const struct rc_mode_ops *m = rc_mode_of(&x->g);
    uint32_t bad = a->bits & ~m->policies & (a->on ? ~0u : SIM_POL_OVER_PER_ALERT);
    if (bad) {
        const char *pol = sim_rc_policy_name(bad & -bad);
        return sim_fail(err, SIM_EINVAL_POLICY, pol ? pol : "?",
                        "%s is not valid for %s group %s", pol ? pol : "?", m->word,
                        x->g.name);
    }
    if (!a->on && (a->bits & SIM_POL_ACTIVE_ACTIVE) && sim_rc_aa_unexported(s, x, err))
        return -1;
    uint32_t before = x->g.policies;
    if (a->on)
        x->g.policies |= a->bits;
    else
        x->g.policies &= ~a->bits;
    if (before == x->g.policies)
        return 0;
    return sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err,
                         "policies changed (%s%s)", a->on ? "" : "no_",
                         sim_rc_policy_name(a->bits & -a->bits) ?
                         sim_rc_policy_name(a->bits & -a->bits) : "?");
}


#define PERIOD_MIN_MS 15000LL
#define PERIOD_MAX_MS 31622400000LL         /* 366 days */
#define SNAP_FREQ_MIN_MS 300000LL
#define SNAP_FREQ_MAX_MS 31536000000LL      /* 365 days */

/* period and snap_freq: 0 (none) or within bounds; the refusal names the
 * value given. */
static int interval_check(const char *what, int64_t ms, int64_t lo, int64_t hi,
                          struct sim_err *err)
{
    if (ms <= 0 || (ms >= lo && ms <= hi))
        return 0;
    char subject[64];
    snprintf(subject, sizeof(subject), "%llds for %s", (long long)(ms / 1000), what);
    return sim_fail(err, SIM_ERANGE, subject, "%s must be 0 or %lld s .. %lld s", what,
                    (long long)(lo / 1000), (long long)(hi / 1000));
}

static int period_change(struct sim *s, struct rc_side *x, const void *p, struct sim_err *err)
{
    int64_t ms = *(const int64_t *)p;
    if (interval_check("period", ms, PERIOD_MIN_MS, PERIOD_MAX_MS, err))
        return -1;
    if (!rc_mode_of(&x->g)->has_period)
        return sim_fail(err, SIM_ENOT_PERIODIC, x->g.name,
                        "remote copy group %s is not periodic", x->g.name);
    x->g.period = ms;
    /* the countdown starts now, or at the last sync's start */
    if (ms && sim_rc_is_source(x->g.role))
        x->g.next_sync = (x->g.last_sync ? x->g.last_sync : sim_clock_now(s)) + ms;
    return sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err,
                         "period set to %lld s", (long long)(ms / 1000));
}

int sim_group_set_period(struct sim *s, const char *array, const char *group,
                         const char *target, int64_t ms, struct sim_err *err)
{
    return group_configure(s, array, group, target, period_change, &ms, err);
}

static int mode_change(struct sim *s, struct rc_side *x, const void *p, struct sim_err *err)
{
    enum sim_rc_mode m = *(const enum sim_rc_mode *)p;
    const struct rc_mode_ops *ops = rc_mode(m);
    if (!ops)
        return sim_fail(err, SIM_EINVAL, "mode: sync, periodic or async",
                        "mode must be sync, periodic or async (group %s)", x->g.name);
    if (x->g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, x->g.name,
                        "stop group %s before changing its mode", x->g.name);
    x->g.mode = m;
    x->g.policies &= ops->policies;     /* those the new mode does not take go */
    return sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err, "mode set to %s",
                         sim_rc_mode_name(m));
}

int sim_group_set_mode(struct sim *s, const char *array, const char *group,
                       const char *target, enum sim_rc_mode mode, struct sim_err *err)
{
    return group_configure(s, array, group, target, mode_change, &mode, err);
}

static int snap_freq_change(struct sim *s, struct rc_side *x, const void *p,
                            struct sim_err *err)
{
    int64_t ms = *(const int64_t *)p;
    if (interval_check("snap_freq", ms, SNAP_FREQ_MIN_MS, SNAP_FREQ_MAX_MS, err))
        return -1;
    if (!rc_mode_of(&x->g)->has_snap_freq)
        return sim_fail(err, SIM_EINVAL, "snap_freq applies to async groups only",
                        "snap_freq applies to async groups only (group %s)", x->g.name);
    x->g.snap_freq = ms;
    return sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err,
                         "snap_freq set to %lld s", (long long)(ms / 1000));
}

int sim_group_set_snap_freq(struct sim *s, const char *array, const char *group,
                            const char *target, int64_t ms, struct sim_err *err)
{
    return group_configure(s, array, group, target, snap_freq_change, &ms, err);
}

struct cpg_arg {
    const char *lu, *ru, *ls, *rs;
};

static int cpgs_change(struct sim *s, struct rc_side *x, const void *p, struct sim_err *err)
{
    const struct cpg_arg *c = p;
    bool here = x->g.role == SIM_RC_PRIMARY || x->g.role == SIM_RC_SECONDARY_REV ||
                !x->t.mirror;
    /* the arguments speak from the side the command runs on */
    const char *lu = here ? c->lu : c->ru, *ru = here ? c->ru : c->lu;
    const char *ls = here ? c->ls : c->rs, *rs = here ? c->rs : c->ls;
    if (check_cpg_on(s, x->a.id, lu, err) || check_cpg_on(s, x->a.id, ls, err))
        return -1;
    if (lu)
        rc_strlcpy(x->g.l_usr_cpg, lu, sizeof(x->g.l_usr_cpg));
    if (ru)
        rc_strlcpy(x->g.r_usr_cpg, ru, sizeof(x->g.r_usr_cpg));
    if (ls)
        rc_strlcpy(x->g.l_snp_cpg, ls, sizeof(x->g.l_snp_cpg));
    if (rs)
        rc_strlcpy(x->g.r_snp_cpg, rs, sizeof(x->g.r_snp_cpg));
    return sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err, "CPGs changed");
}

int sim_group_set_cpgs(struct sim *s, const char *array, const char *group, const char *target,
                       const char *local_user, const char *remote_user,
                       const char *local_snap, const char *remote_snap, struct sim_err *err)
{
    struct cpg_arg c = { local_user, remote_user, local_snap, remote_snap };
    return group_configure(s, array, group, target, cpgs_change, &c, err);
}

static int modify_change(struct sim *s, struct rc_side *x, const void *p, struct sim_err *err)
{
    const struct sim_group_mod *m = p;
    struct cpg_arg c = { m->local_user_cpg, m->remote_user_cpg, m->local_snap_cpg,
                         m->remote_snap_cpg };
    struct policy_arg on = { m->pol_on, true }, off = { m->pol_off, false };
    if ((c.lu || c.ru || c.ls || c.rs) && cpgs_change(s, x, &c, err))
        return -1;
    if (m->mode && m->mode != (enum sim_rc_mode)x->g.mode && mode_change(s, x, &m->mode, err))
        return -1;
    if (m->period_ms >= 0 && period_change(s, x, &m->period_ms, err))
        return -1;
    if (m->snap_freq_ms >= 0 && snap_freq_change(s, x, &m->snap_freq_ms, err))
        return -1;
    if (m->pol_off && policy_change(s, x, &off, err))
        return -1;
    return m->pol_on ? policy_change(s, x, &on, err) : 0;
}

int sim_group_modify(struct sim *s, const char *array, const char *group,
                     const struct sim_group_mod *m, struct sim_err *err)
{
    if (m->pol_on & m->pol_off) {
        SIM_LOCK_SCOPE(s);
        sim_fail(err, SIM_EPARAM_CONFLICT, group, "a policy and its negation");
        return sim_refusal_record(s, array, err);
    }
    return group_configure(s, array, group, m->target, modify_change, m, err);
}

/* ---- views -------------------------------------------------------------- */

/* Blocks a source pair has not sent yet beyond a snapshot delta: queued,
 * and held while the peer could not be reached (docs/behaviour.md). */
static uint64_t in_flight_of(struct sim *s, int64_t pair_id)
{
    int64_t queued = 0, held = 0;
    if (store_blkset_count(s->st, STORE_BLKSET_QUEUE, pair_id, &queued) ||
        store_blkset_count(s->st, STORE_BLKSET_DIRTY, pair_id, &held))
        return 0;
    return (uint64_t)(queued + held);
}

/* peer_gid: the peer leg's row (0: none), whose pairs a secondary shows
 * the transfer of. */
static int pair_view_fill(struct sim *s, const struct rc_side *x, const struct store_pair_row *p,
                          int64_t peer_gid, struct sim_pair_view *v)
{
    struct store_vv_row vv, snap, rv;
    memset(v, 0, sizeof(*v));
    if (store_vv_get_by_id(s->st, p->vv, &vv) == 1) {
        rc_strlcpy(v->local_vv, vv.name, sizeof(v->local_vv));
        v->local_id = vv.vvid;
    }
    rc_strlcpy(v->remote_vv, p->remote_vv, sizeof(v->remote_vv));
    bool have_rv = store_vv_get(s->st, x->t.peer_array_id, p->remote_vv, &rv) == 1;
    if (have_rv)
        v->remote_id = rv.vvid;
    v->status = (enum sim_rc_sync)p->status;
    /* the sending side keeps the transfer's counters and the writes it
     * still has to send: the receiving side shows the same, as both
     * arrays do */
    const struct store_pair_row *c = p;
    struct store_pair_row q;
    if (!sim_rc_is_source(x->g.role) && have_rv &&
        store_pair_get_in_group(s->st, peer_gid, rv.id, &q) == 1) {
        if (p->status == SIM_SYNC_SYNCING && q.status == SIM_SYNC_SYNCING)
            c = &q;
        v->in_flight_blocks = in_flight_of(s, q.id);
    } else if (sim_rc_is_source(x->g.role)) {
        v->in_flight_blocks = in_flight_of(s, p->id);
    }
    v->blocks_total = (uint64_t)(c->total > 0 ? c->total : 0);
    v->blocks_sent = (uint64_t)(c->sent > 0 ? c->sent : 0);
    v->full_sync = c->full == RC_FULL_NOW || c->full == RC_FULL_DONE;
    if (p->status == SIM_SYNC_SYNCING)
        v->progress_pct = c->total > 0 ? (int)(c->sent * 100 / c->total) : 0;
    v->last_sync_ms = p->last_sync;
    if (p->base_snap && store_vv_get_by_id(s->st, p->base_snap, &snap) == 1)
        rc_strlcpy(v->resync_snap, snap.name, sizeof(v->resync_snap));
    return 0;
}

/* What a loss of the source now would cost (docs/behaviour.md): how far
 * the secondary is behind (lag), and the newest point it holds whole. Both
 * sides show the same: the lag is the source's. */
static void recovery_fill(struct sim *s, const struct rc_side *x, struct sim_group_view *v)
{
    struct rc_side y;
    const struct store_group_row *src = &x->g;
    int64_t now = sim_clock_now(s);
    bool synced = v->status == SIM_RC_STARTED, any_stop = false;
    int64_t stopped = 0;
    struct sim_err ignored = SIM_ERR_INIT;
    if (!sim_rc_is_source(x->g.role) && sim_rc_peer_load(s, x, &y, &ignored) == 1)
        src = &y.g;
    for (size_t i = 0; i < v->n_pairs; i++) {
        const struct sim_pair_view *p = &v->pairs[i];
        v->lag_bytes += p->in_flight_blocks * SIM_BLOCK_SIZE;
        synced &= p->status == SIM_SYNC_SYNCED && !p->in_flight_blocks;
        if (p->last_sync_ms && (!any_stop || p->last_sync_ms < stopped))
            stopped = p->last_sync_ms;
        any_stop |= p->last_sync_ms != 0;
    }
    v->lag_ms = v->lag_bytes && src->lag_since ? now - src->lag_since : 0;
    if (rc_mode_points(rc_mode_of(&x->g)))
        v->recovery_point_ms = x->g.last_sync;      /* the last cycle's or snapshot's point */
    else
        v->recovery_point_ms = synced ? now : stopped;  /* sync: in step, or the stop */
    v->rpo_ms = v->recovery_point_ms ? now - v->recovery_point_ms : -1;
}

static int group_view_fill(struct sim *s, const struct rc_side *x, struct sim_group_view *v,
                           struct sim_err *err)
{
    struct store_array_row peer;
    struct store_pair_row *p;
    size_t n;
    memset(v, 0, sizeof(*v));
    v->id = x->g.id;
    rc_strlcpy(v->name, x->g.name, sizeof(v->name));
    rc_strlcpy(v->target, x->t.name, sizeof(v->target));
    if (store_array_get_by_id(s->st, x->t.peer_array_id, &peer) == 1)
        rc_strlcpy(v->peer_array, peer.name, sizeof(v->peer_array));
    rc_strlcpy(v->peer_group, x->g.peer_name, sizeof(v->peer_group));
    v->role = (enum sim_rc_role)x->g.role;
    v->status = (enum sim_rc_status)x->g.status;
    v->mode = (enum sim_rc_mode)x->g.mode;
    v->policies = x->g.policies;
    v->period_ms = x->g.period;
    v->snap_freq_ms = x->g.snap_freq;
    v->last_sync_ms = x->g.last_sync;
    rc_strlcpy(v->domain, x->g.domain, sizeof(v->domain));
    rc_strlcpy(v->local_user_cpg, x->g.l_usr_cpg, sizeof(v->local_user_cpg));
    rc_strlcpy(v->local_snap_cpg, x->g.l_snp_cpg, sizeof(v->local_snap_cpg));
    rc_strlcpy(v->remote_user_cpg, x->g.r_usr_cpg, sizeof(v->remote_user_cpg));
    rc_strlcpy(v->remote_snap_cpg, x->g.r_snp_cpg, sizeof(v->remote_snap_cpg));
    v->mirror_config = x->t.mirror;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    v->pairs = xcalloc(n ? n : 1, sizeof(*v->pairs));
    v->n_pairs = n;
    struct rc_side y;
    struct sim_err ignored = SIM_ERR_INIT;
    int64_t peer_gid = sim_rc_peer_load(s, x, &y, &ignored) == 1 ? y.g.id : 0;
    for (size_t i = 0; i < n; i++)
        pair_view_fill(s, x, &p[i], peer_gid, &v->pairs[i]);
    free(p);
    recovery_fill(s, x, v);
    return 0;
}

void sim_group_view_release(struct sim_group_view *v)
{
    free(v->pairs);
    v->pairs = NULL;
    v->n_pairs = 0;
    sim_group_views_free(v->legs, v->n_legs);
    v->legs = NULL;
    v->n_legs = 0;
}

void sim_group_views_free(struct sim_group_view *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        sim_group_view_release(&v[i]);
    free(v);
}

/* The standby leg b of secondary x (view v): v's volumes, each with the
 * secondary the source's other leg pairs it with, Backup (§1.3, §5.1). */
static void standby_view_fill(struct sim *s, const struct rc_side *x,
                              const struct sim_group_view *v, const struct rc_standby *b,
                              struct sim_group_view *out)
{
    struct store_vv_row src;
    struct store_pair_row p;
    struct store_target_row t;
    *out = *v;
    out->legs = NULL;
    out->n_legs = 0;
    rc_strlcpy(out->target, b->target, sizeof(out->target));
    rc_strlcpy(out->peer_array, b->peer_array, sizeof(out->peer_array));
    out->status = SIM_RC_BACKUP;
    /* the standby link between the two secondaries is never the sync
     * one: it runs in the far leg's mode */
    out->mode = b->mode == SIM_RC_SYNC ? v->mode : (enum sim_rc_mode)b->mode;
    out->pairs = xcalloc(v->n_pairs ? v->n_pairs : 1, sizeof(*out->pairs));
    out->n_pairs = v->n_pairs;
    for (size_t i = 0; i < v->n_pairs; i++) {
        struct sim_pair_view *o = &out->pairs[i];
        rc_strlcpy(o->local_vv, v->pairs[i].local_vv, sizeof(o->local_vv));
        o->local_id = v->pairs[i].local_id;
        o->status = SIM_SYNC_STOPPED;
        if (store_vv_get(s->st, x->t.peer_array_id, v->pairs[i].remote_vv, &src) == 1 &&
            store_pair_get_in_group(s->st, b->leg_id, src.id, &p) == 1)
            rc_strlcpy(o->remote_vv, p.remote_vv, sizeof(o->remote_vv));
        struct store_array_row z;
        struct store_vv_row rv;
        if (store_target_get(s->st, x->a.id, b->target, &t) == 1 &&
            store_array_get_by_id(s->st, t.peer_array_id, &z) == 1 &&
            store_vv_get(s->st, z.id, o->remote_vv, &rv) == 1)
            o->remote_id = rv.vvid;
    }
}

/* A secondary of an SLD group shows its standby legs after its own. */
static int standby_views_add(struct sim *s, const struct rc_side *x, struct sim_group_view *v,
                             struct sim_err *err)
{
    struct rc_standby b[SIM_RC_LEGS_MAX];
    size_t n;
    if (v->n_legs || sim_rc_standby_legs(s, x, b, &n, err))
        return v->n_legs ? 0 : -1;
    if (!n)
        return 0;
    v->legs = xcalloc(n, sizeof(*v->legs));
    for (size_t i = 0; i < n; i++)
        standby_view_fill(s, x, v, &b[i], &v->legs[i]);
    v->n_legs = n;
    return 0;
}

/* Fills v from the legs rows[n] of one group (the first one first). */
static int legs_view_fill(struct sim *s, const struct store_array_row *a,
                          const struct store_group_row *rows, size_t n,
                          struct sim_group_view *v, struct sim_err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct rc_side x = { .a = *a, .g = rows[i] };
        struct sim_group_view *to = i == 0 ? v : &v->legs[i - 1];
        if (store_target_get_by_id(s->st, rows[i].target_id, &x.t) != 1)
            return sim_store_fail(s, err, "target get");
        if (group_view_fill(s, &x, to, err))
            return -1;
        if (n == 1 && standby_views_add(s, &x, v, err))
            return -1;
        if (i == 0 && n > 1) {
            v->legs = xcalloc(n - 1, sizeof(*v->legs));
            v->n_legs = n - 1;
        }
    }
    return 0;
}

int sim_group_get(struct sim *s, const char *array, const char *name, struct sim_group_view *out,
                  struct sim_err *err)
{
    struct rc_side x;
    struct store_group_row *g;
    size_t n;
    SIM_LOCK_SCOPE(s);
    if (sim_rc_side_load(s, array, name, &x, err))
        return -1;
    if (store_group_legs(s->st, x.a.id, x.g.name, &g, &n))
        return sim_store_fail(s, err, "group legs");
    int ret = legs_view_fill(s, &x.a, g, n, out, err);
    free(g);
    if (ret)
        sim_group_view_release(out);
    return ret;
}

int sim_group_list(struct sim *s, const char *array, struct sim_group_view **out, size_t *n,
                   struct sim_err *err)
{
    struct store_array_row a;
    struct store_group_row *g;
    size_t len;
    SIM_READ_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_group_list(s->st, a.id, &g, &len))
        return sim_store_fail(s, err, "group list");
    /* the legs of a group are consecutive rows (by name, then id) */
    struct sim_group_view *v = xcalloc(len ? len : 1, sizeof(*v));
    size_t nv = 0;
    int ret = 0;
    for (size_t i = 0, j; i < len && ret == 0; i = j) {
        for (j = i + 1; j < len && strcmp(g[j].name, g[i].name) == 0; j++)
            ;
        ret = legs_view_fill(s, &a, &g[i], j - i, &v[nv++], err);
    }
    free(g);
    if (ret) {
        sim_group_views_free(v, nv);
        return -1;
    }
    *out = v;
    *n = nv;
    return 0;
}
