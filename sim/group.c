/* sim/group.c - remote-copy groups: their commands and the role state
 * machine. Owns: creating, removing and configuring groups and volume
 * pairs on both sides (mirror_config), start and stop requests, and the DR
 * operations. Not: what a start or stop does to data (resync.c), targets
 * and links (rctarget.c). Spec: reference remote-copy.md §1.3-§1.6, §2.
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
 *      the peer cannot be told of is refused (peer_mirrored), never
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

/* ---- names ------------------------------------------------------------ */

const char *sim_rc_role_name(enum sim_rc_role r)
{
    switch (r) {
    case SIM_RC_PRIMARY:       return "Primary";
    case SIM_RC_SECONDARY:     return "Secondary";
    case SIM_RC_PRIMARY_REV:   return "Primary-Rev";
    case SIM_RC_SECONDARY_REV: return "Secondary-Rev";
    }
    return "?";
}

const char *sim_rc_status_name(enum sim_rc_status st)
{
    switch (st) {
    case SIM_RC_NEW:      return "New";
    case SIM_RC_STARTED:  return "Started";
    case SIM_RC_STOPPED:  return "Stopped";
    case SIM_RC_FAILSAFE: return "Failsafe";
    }
    return "?";
}

static const struct { uint32_t bit; const char *name; } policy_names[] = {
    { SIM_POL_AUTO_RECOVER, "auto_recover" },
    { SIM_POL_OVER_PER_ALERT, "over_per_alert" },
    { SIM_POL_AUTO_FAILOVER, "auto_failover" },
    { SIM_POL_PATH_MANAGEMENT, "path_management" },
    { SIM_POL_FAIL_WRT_ON_ERR, "fail_wrt_on_err" },
    { SIM_POL_AUTO_SYNCHRONIZE, "auto_synchronize" },
    { SIM_POL_ACTIVE_ACTIVE, "active_active" },
};

int sim_rc_policy_parse(const char *name, uint32_t *bit, bool *on)
{
    bool neg = strncmp(name, "no_", 3) == 0;
    const char *base = neg ? name + 3 : name;
    for (size_t i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++) {
        if (strcmp(policy_names[i].name, base) == 0) {
            *bit = policy_names[i].bit;
            *on = !neg;
            return 0;
        }
    }
    return -1;
}

const char *sim_rc_policy_name(uint32_t bit)
{
    for (size_t i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++)
        if (policy_names[i].bit == bit)
            return policy_names[i].name;
    return NULL;
}

const char *sim_dr_op_name(enum sim_dr_op op)
{
    switch (op) {
    case SIM_DR_REVERSE:    return "reverse";
    case SIM_DR_FAILOVER:   return "failover";
    case SIM_DR_SWITCHOVER: return "switchover";
    case SIM_DR_RECOVER:    return "recover";
    case SIM_DR_RESTORE:    return "restore";
    case SIM_DR_OVERRIDE:   return "override";
    case SIM_DR__COUNT:     break;
    }
    return "?";
}

bool sim_rc_is_source(int role)
{
    return role == SIM_RC_PRIMARY || role == SIM_RC_PRIMARY_REV;
}

/* ---- loading sides ---------------------------------------------------- */

int sim_rc_group_save(struct sim *s, const struct store_group_row *g, struct sim_err *err)
{
    if (store_group_update(s->st, g))
        return sim_store_fail(s, err, "group update");
    return 0;
}

static int side_finish(struct sim *s, struct rc_side *x, struct sim_err *err)
{
    if (store_target_get_by_id(s->st, x->g.target_id, &x->t) != 1 ||
        store_array_get_by_id(s->st, x->g.array_id, &x->a) != 1)
        return sim_store_fail(s, err, "group side");
    return 0;
}

int sim_rc_side_load(struct sim *s, const char *array, const char *name, struct rc_side *x,
                     struct sim_err *err)
{
    if (sim_array_load(s, array, &x->a, err))
        return -1;
    int rc = store_group_get(s->st, x->a.id, name ? name : "", &x->g);
    if (rc < 0)
        return sim_store_fail(s, err, "group get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_GROUP, name, "no remote copy group '%s'",
                        name ? name : "");
    return side_finish(s, x, err);
}

int sim_rc_side_load_id(struct sim *s, int64_t group_id, struct rc_side *x, struct sim_err *err)
{
    int rc = store_group_get_by_id(s->st, group_id, &x->g);
    if (rc <= 0)
        return sim_store_fail(s, err, "group get");
    return side_finish(s, x, err);
}

int sim_rc_peer_load(struct sim *s, const struct rc_side *x, struct rc_side *y,
                     struct sim_err *err)
{
    int rc = store_group_get(s->st, x->t.peer_array_id, x->g.peer_name, &y->g);
    if (rc < 0)
        return sim_store_fail(s, err, "group get");
    if (rc == 0)
        return 0;
    return side_finish(s, y, err) ? -1 : 1;
}

/* The peer side, which must exist and be reachable. */
static int peer_required(struct sim *s, const struct rc_side *x, struct rc_side *y,
                         struct sim_err *err)
{
    int rc = sim_rc_peer_load(s, x, y, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_GROUP, x->g.peer_name,
                        "the peer group %s does not exist on the target", x->g.peer_name);
    if (!sim_rc_link_ok(s, &x->t))
        return sim_fail(err, SIM_ETARGET_NOT_READY, x->t.name, "Target %s is not up and ready",
                        x->t.name);
    return 0;
}

/* The peer side of a mirrored change: 1 loaded, 0 nothing to mirror to
 * (no_mirror_config, or the peer holds no such group). With mirror_config
 * a change the peer cannot be told of is refused, so that the two sides'
 * configuration never diverges (docs/behaviour.md §Remote copy). */
static int peer_mirrored(struct sim *s, const struct rc_side *x, struct rc_side *y,
                         struct sim_err *err)
{
    if (!x->t.mirror)
        return 0;
    if (!sim_rc_link_ok(s, &x->t))
        return sim_fail(err, SIM_ETARGET_NOT_READY, x->t.name, "Target %s is not up and ready",
                        x->t.name);
    return sim_rc_peer_load(s, x, y, err);
}

static int check_target_arg(const struct rc_side *x, const char *target, struct sim_err *err)
{
    if (target && *target && strcmp(target, x->t.name) != 0)
        return sim_fail(err, SIM_ENOT_TARGET_OF_GROUP, target,
                        "specified target %s is not a target of remote copy group %s", target,
                        x->g.name);
    return 0;
}

static int need_source(const struct rc_side *x, struct sim_err *err)
{
    if (!sim_rc_is_source(x->g.role))
        return sim_fail(err, SIM_EPRIMARY_ONLY, x->g.name,
                        "operation only on the primary side; %s is %s here", x->g.name,
                        sim_rc_role_name((enum sim_rc_role)x->g.role));
    return 0;
}

/* ---- remote copy and volumes: the vv_users hooks ----------------------- */

int sim_rc_vv_check(struct sim *s, const struct store_array_row *a,
                    const struct store_vv_row *vv, struct sim_err *err)
{
    struct store_pair_row p;
    struct store_group_row g;
    (void)a;
    int rc = store_pair_by_vv(s->st, vv->id, &p);
    if (rc == 0)
        rc = store_pair_by_snap(s->st, vv->id, &p);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    if (rc == 0)
        return 0;
    if (store_group_get_by_id(s->st, p.group_id, &g) != 1)
        return sim_store_fail(s, err, "group get");
    return sim_fail(err, SIM_EVV_IN_RCOPY, vv->name, "volume %s is in remote copy group %s",
                    vv->name, g.name);
}

void sim_rc_vv_decorate(struct sim *s, const struct store_vv_row *vv, struct sim_vv_view *v)
{
    struct store_pair_row p;
    struct store_group_row g;
    if (store_pair_by_vv(s->st, vv->id, &p) != 1 ||
        store_group_get_by_id(s->st, p.group_id, &g) != 1)
        return;
    rc_strlcpy(v->rcopy_group, g.name, sizeof(v->rcopy_group));
    rc_strlcpy(v->rcopy_role, sim_rc_role_name((enum sim_rc_role)g.role),
               sizeof(v->rcopy_role));
}

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

static int check_domain_on(struct sim *s, int64_t array_id, const char *domain,
                           struct sim_err *err)
{
    struct store_domain_row d;
    if (!domain || !*domain)
        return 0;
    int rc = store_domain_get(s->st, array_id, domain, &d);
    if (rc < 0)
        return sim_store_fail(s, err, "domain get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_DOMAIN, domain, "no domain named '%s'", domain);
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
    if (check_domain_on(s, x.a.id, sp->domain, err) ||
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

/* Removes a pair on one side; its remote-copy snapshots go, or stay as
 * sv.rcpy.* with keepsnap. */
static int pair_drop(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
                     bool keepsnap, struct sim_err *err)
{
    int64_t snaps[3] = { p->base_snap, p->prot_snap, p->new_snap };
    if (sim_rcp_set_member(s, p->group_id, p->vv, false, err))
        return -1;
    if (store_pair_delete(s->st, p->id))
        return sim_store_fail(s, err, "pair delete");
    for (int i = 0; i < 3; i++) {
        if (!snaps[i])
            continue;
        struct store_vv_row snap;
        if (store_vv_get_by_id(s->st, snaps[i], &snap) != 1)
            continue;
        if (keepsnap && i == 0) {
            char name[40];
            snprintf(name, sizeof(name), "sv.%s", snap.name);
            rc_strlcpy(snap.name, name, sizeof(snap.name));
            snap.rc_snap = RC_SNAP_KEPT;
            if (sim_vv_save(s, &snap, err) ||
                sim_event_add(s, SIM_EV_RC_SNAPSHOT, x->a.name, snap.name, err,
                              "resync snapshot kept as %s", snap.name))
                return -1;
            continue;
        }
        if (sim_rc_snapshot_drop(s, snaps[i], err))
            return -1;
    }
    return 0;
}

/* Removes the volume named name on side y (dismissrcopyvv -removevv). */
static int remove_volume(struct sim *s, const struct rc_side *y, const char *name,
                         struct sim_err *err)
{
    struct store_vv_row vv;
    if (sim_vv_load(s, y->a.id, name, &vv, err) || sim_vv_busy_check(s, &y->a, &vv, err))
        return -1;
    int64_t kids;
    if (store_vv_count_children(s->st, vv.id, &kids))
        return sim_store_fail(s, err, "vv children");
    if (kids)
        return sim_fail(err, SIM_EHAS_SNAPSHOTS, name, "volume %s on %s has snapshots", name,
                        y->a.name);
    return sim_vv_destroy(s, &vv, err) ||
           sim_event_add(s, SIM_EV_VV_REMOVED, y->a.name, name, err,
                         "secondary volume removed with its remote copy pair");
}

/* Dismisses one pair on x and its twin on y (when y is loaded). */
static int dismiss_pair(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
                        const struct rc_side *y, bool have_y, bool removevv, bool keepsnap,
                        struct sim_err *err)
{
    struct store_vv_row vv;
    if (store_vv_get_by_id(s->st, p->vv, &vv) != 1)
        return sim_store_fail(s, err, "vv get");
    if (have_y) {
        struct store_pair_row q;
        int rc = sim_rc_peer_pair(s, y, p, &q, err);
        if (rc < 0)
            return -1;
        if (rc > 0 && pair_drop(s, y, &q, false, err))
            return -1;
        if (removevv && remove_volume(s, y, p->remote_vv, err))
            return -1;
    }
    if (pair_drop(s, x, p, keepsnap, err))
        return -1;
    return sim_event_add(s, SIM_EV_PAIR_DISMISSED, x->a.name, x->g.name, err,
                         "volume %s dismissed from the group", vv.name);
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
    if (x.t.mirror && need_source(&x, err))
        return -1;
    if (x.g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, name,
                        "remote copy group %s is started; stop it first", name);
    if (have_y && sim_rc_is_source(y.g.role) && x.t.mirror)
        return sim_fail(err, SIM_EROLE, name,
                        "group %s is in failover state (both sides are primary)", name);
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x.g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = dismiss_pair(s, &x, &p[i], &y, have_y, removevv, keepsnap, err);
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

/* ---- volume pairs ----------------------------------------------------- */

static int vv_in_group_check(struct sim *s, const struct store_vv_row *vv, struct sim_err *err)
{
    struct store_pair_row p;
    int rc = store_pair_by_vv(s->st, vv->id, &p);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    if (rc > 0)
        return sim_fail(err, SIM_EVV_IN_GROUP, vv->name,
                        "volume %s is already in a remote copy group", vv->name);
    return 0;
}

/* The secondary volume on y: made with -createvv, else it must exist with
 * the same size and be free. */
static int secondary_vv(struct sim *s, struct rc_side *y, const struct store_vv_row *pv,
                        const struct sim_admit_spec *sp, const struct rc_side *x,
                        struct store_vv_row *out, struct sim_err *err)
{
    if (sp->createvv) {
        /* §1.4: the secondary comes from the group's target CPG, so
         * -createvv needs creatercopygroup -usr_cpg */
        if (!x->g.r_usr_cpg[0])
            return sim_fail(err, SIM_EINVAL, "-createvv needs the group's -usr_cpg",
                            "group %s has no user CPG on %s to create %s in", x->g.name,
                            y->a.name, sp->sec_vv);
        const char *cpg = x->g.r_usr_cpg;
        const char *snp = x->g.r_snp_cpg[0] ? x->g.r_snp_cpg : NULL;
        struct sim_vv_spec vs = {
            .name = sp->sec_vv, .cpg = cpg, .snap_cpg = snp, .size_mib = (uint64_t)pv->size_mib,
            .prov = (enum sim_prov)pv->prov, .wwn = sp->nowwn ? NULL : pv->wwn,
            .comment = pv->comment,
        };
        if (sim_vv_insert(s, &y->a, &vs, err))
            return -1;
    }
    if (sim_vv_load(s, y->a.id, sp->sec_vv, out, err) || vv_in_group_check(s, out, err))
        return -1;
    if (out->parent)
        return sim_fail(err, SIM_EVV_IS_SNAPSHOT, out->name, "%s is a snapshot", out->name);
    if (out->size_mib != pv->size_mib)
        return sim_fail(err, SIM_EVV_SIZE_MISMATCH, out->name,
                        "secondary %s has %lld MiB; primary %s has %lld MiB", out->name,
                        (long long)out->size_mib, pv->name, (long long)pv->size_mib);
    return 0;
}

static int admit_vv(struct sim *s, const char *array, const char *group,
                    const struct sim_admit_spec *sp, struct sim_err *err)
{
    struct rc_side x, y;
    struct store_vv_row pv, sv, start;

    if (sim_rc_side_load(s, array, group, &x, err) || need_source(&x, err) ||
        check_target_arg(&x, sp->target, err))
        return -1;
    if (!sp->sec_vv || !*sp->sec_vv)
        return sim_fail(err, SIM_EINVAL, group, "must specify a mapping <target>:<sec_vv>");
    if (sp->snapshot && (sp->createvv || sp->nosync))
        return sim_fail(err, SIM_EPARAM_CONFLICT, group,
                        "a starting snapshot cannot go with -createvv or -nosync");
    if (x.g.status == SIM_RC_STARTED && !(x.a.flags & SIM_BF_ADMIT_STARTED))
        return sim_fail(err, SIM_EGROUP_STARTED, group,
                        "remote copy group %s is started; stop it before admitting", group);
    if (sim_vv_load(s, x.a.id, sp->vv, &pv, err) || vv_in_group_check(s, &pv, err))
        return -1;
    if (pv.parent)
        return sim_fail(err, SIM_EVV_IS_SNAPSHOT, pv.name, "%s is a snapshot", pv.name);
    if (pv.readonly)
        return sim_fail(err, SIM_EREADONLY, pv.name, "%s is read-only", pv.name);
    if (sp->snapshot) {
        if (sim_vv_load(s, x.a.id, sp->snapshot, &start, err))
            return -1;
        if (start.parent != pv.id || !start.readonly)
            return sim_fail(err, SIM_EINVAL, start.name,
                            "%s is not a read-only snapshot of %s", start.name, pv.name);
    }
    if (peer_required(s, &x, &y, err) || secondary_vv(s, &y, &pv, sp, &x, &sv, err))
        return -1;
    struct store_pair_row p = { .group_id = x.g.id, .vv = pv.id, .status = SIM_SYNC_NEW };
    struct store_pair_row q = { .group_id = y.g.id, .vv = sv.id, .status = SIM_SYNC_NEW };
    rc_strlcpy(p.remote_vv, sv.name, sizeof(p.remote_vv));
    rc_strlcpy(q.remote_vv, pv.name, sizeof(q.remote_vv));
    if (sp->nosync)
        p.full = q.full = RC_FULL_SKIP;     /* in sync by other means: no copy */
    if (sp->snapshot) {
        /* the starting snapshot is the common point: only the delta goes */
        p.base_snap = start.id;
        p.ever_synced = q.ever_synced = true;
        start.rc_snap = RC_SNAP_RESYNC;
        if (sim_vv_save(s, &start, err))
            return -1;
    }
    if (x.g.status == SIM_RC_STARTED || x.g.status == SIM_RC_STOPPED)
        p.status = q.status = SIM_SYNC_NEW;
    if (store_pair_insert(s->st, &p) || store_pair_insert(s->st, &q))
        return sim_store_fail(s, err, "pair insert");
    if (sim_rcp_set_member(s, x.g.id, pv.id, true, err) ||
        sim_rcp_set_member(s, y.g.id, sv.id, true, err))
        return -1;
    if (sim_event_add(s, SIM_EV_PAIR_ADMITTED, x.a.name, x.g.name, err,
                      "volume %s admitted with %s:%s", pv.name, y.a.name, sv.name) ||
        sim_event_add(s, SIM_EV_PAIR_ADMITTED, y.a.name, y.g.name, err,
                      "volume %s admitted as secondary of %s:%s", sv.name, x.a.name, pv.name))
        return -1;
    /* a started group (admit flag) syncs the new pair at once */
    if (x.g.status == SIM_RC_STARTED)
        return sim_rc_resync_begin(s, &x, &p, &y, &q, false, err) ||
               sim_rc_resync_settle(s, &x, &y, err);
    return 0;
}

int sim_group_admit_vv(struct sim *s, const char *array, const char *group,
                       const struct sim_admit_spec *sp, struct sim_err *err)
{
    return sim_group_admit_list(s, array, group, sp, 1, err);
}

int sim_group_admit_list(struct sim *s, const char *array, const char *group,
                         const struct sim_admit_spec *specs, size_t n, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (admit_vv(s, array, group, &specs[i], err))
            return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* admitrcopyvv set:<set> <group> <target>:<sec_set>: each volume of the
 * set with the volume of the same name on the target, which sec_set then
 * holds. */
static int admit_set(struct sim *s, const char *array, const char *group, const char *set,
                     const char *sec_set, const struct sim_admit_spec *opts,
                     struct sim_err *err)
{
    struct rc_side x, y;
    struct store_set_row r;
    struct store_set_member_row *ms;
    size_t n;
    if (sim_rc_side_load(s, array, group, &x, err))
        return -1;
    int rc = store_set_get(s->st, x.a.id, SIM_SET_VV, set, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_SET, set, "no volume set '%s'", set);
    if (sim_name_check(sec_set, SIM_NAME_MAX, err))
        return -1;
    if (store_set_member_list(s->st, x.a.id, SIM_SET_VV, r.id, &ms, &n))
        return sim_store_fail(s, err, "set member list");
    int ret = n ? 0 : sim_fail(err, SIM_EINVAL, set, "set %s has no volumes", set);
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct sim_admit_spec sp = *opts;
        struct store_vv_row sv;
        sp.vv = sp.sec_vv = ms[i].name;
        if (admit_vv(s, array, group, &sp, err) || peer_required(s, &x, &y, err) ||
            sim_vv_load(s, y.a.id, ms[i].name, &sv, err) ||
            sim_set_add_vv(s, &y.a, sec_set, sv.id, err))
            ret = -1;
    }
    free(ms);
    return ret;
}

int sim_group_admit_set(struct sim *s, const char *array, const char *group, const char *set,
                        const char *sec_set, const struct sim_admit_spec *opts,
                        struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (admit_set(s, array, group, set, sec_set, opts, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int dismiss_vv(struct sim *s, const char *array, const char *group, const char *name,
                      bool removevv, bool keepsnap, struct sim_err *err)
{
    struct rc_side x, y;
    struct store_vv_row vv;
    struct store_pair_row p;

    if (sim_rc_side_load(s, array, group, &x, err))
        return -1;
    if (x.t.mirror && need_source(&x, err))
        return -1;
    if (x.g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, group,
                        "remote copy group %s is started; stop it first", group);
    if (sim_vv_load(s, x.a.id, name, &vv, err))
        return -1;
    int rc = store_pair_by_vv(s->st, vv.id, &p);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    if (rc == 0 || p.group_id != x.g.id)
        return sim_fail(err, SIM_ENOENT_GROUP_VV, name, "volume %s is not in group %s", name,
                        group);
    int have_y = peer_mirrored(s, &x, &y, err);
    if (have_y < 0)
        return -1;
    return dismiss_pair(s, &x, &p, &y, have_y, removevv, keepsnap, err);
}

int sim_group_dismiss_vv(struct sim *s, const char *array, const char *group, const char *vv,
                         bool removevv, bool keepsnap, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (dismiss_vv(s, array, group, vv, removevv, keepsnap, err))
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
        if (store_pair_by_vv(s->st, vv.id, &p) != 1 || p.group_id != x->g.id)
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

    if (sim_rc_side_load(s, array, group, &x, err) ||
        check_target_arg(&x, o ? o->target : NULL, err) || need_source(&x, err))
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
    if (peer_required(s, &x, &y, err) || mixed_modes_check(s, &x, err) ||
        use_starting_snapshots(s, &x, o, err))
        return -1;
    if (sim_rc_is_source(y.g.role))
        return sim_fail(err, SIM_EROLE, group,
                        "the peer group %s is %s: both sides would be primary", y.g.name,
                        sim_rc_role_name((enum sim_rc_role)y.g.role));
    return sim_rc_start_pair_of_groups(s, &x, &y, o && o->nosync, err);
}

int sim_group_start(struct sim *s, const char *array, const char *group,
                    const struct sim_start_opts *o, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (group_start(s, array, group, o, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int group_stop(struct sim *s, const char *array, const char *group, bool nosnap,
                      struct sim_err *err)
{
    struct rc_side x, y;
    if (sim_rc_side_load(s, array, group, &x, err) || need_source(&x, err))
        return -1;
    if (x.g.status != SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_NOT_STARTED, group,
                        "remote copy group %s is not started", group);
    if (sim_rc_stop_side(s, &x, RC_STOP_MANUAL, nosnap, err))
        return -1;
    int rc = sim_rc_peer_load(s, &x, &y, err);
    if (rc < 0)
        return -1;
    if (rc > 0 && y.g.status == SIM_RC_STARTED && sim_rc_link_ok(s, &x.t))
        return sim_rc_stop_side(s, &y, RC_STOP_MANUAL, nosnap, err);
    return 0;
}

int sim_group_stop(struct sim *s, const char *array, const char *group, bool nosnap,
                   struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (group_stop(s, array, group, nosnap, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int group_sync(struct sim *s, const char *array, const char *group, bool noresync,
                      bool ovrd, bool full, int64_t *task, struct sim_err *err)
{
    struct rc_side x, y;
    struct store_pair_row *p;
    size_t n;

    if (sim_rc_side_load(s, array, group, &x, err) || need_source(&x, err))
        return -1;
    if (x.g.status != SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_NOT_STARTED, group,
                        "remote copy group %s is not started", group);
    if (full && !rc_mode_of(&x.g)->full_resync)
        return sim_fail(err, SIM_EINVAL, group, "a full sync applies to sync groups only");
    if (peer_required(s, &x, &y, err))
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

int sim_group_sync(struct sim *s, const char *array, const char *group, bool noresync,
                   bool ovrd, bool full, int64_t *task, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (group_sync(s, array, group, noresync, ovrd, full, task, err))
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
                           int (*change)(struct sim *, struct rc_side *, const void *,
                                         struct sim_err *),
                           const void *arg, struct sim_err *err)
{
    struct rc_side x, y;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_rc_side_load(s, array, group, &x, err) || (x.t.mirror && need_source(&x, err)))
        return sim_txn_refuse(s, array, err);
    int rc = peer_mirrored(s, &x, &y, err);
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

int sim_group_set_period(struct sim *s, const char *array, const char *group, int64_t ms,
                         struct sim_err *err)
{
    return group_configure(s, array, group, period_change, &ms, err);
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
                       enum sim_rc_mode mode, struct sim_err *err)
{
    return group_configure(s, array, group, mode_change, &mode, err);
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

int sim_group_set_snap_freq(struct sim *s, const char *array, const char *group, int64_t ms,
                            struct sim_err *err)
{
    return group_configure(s, array, group, snap_freq_change, &ms, err);
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

int sim_group_set_cpgs(struct sim *s, const char *array, const char *group,
                       const char *local_user, const char *remote_user,
                       const char *local_snap, const char *remote_snap, struct sim_err *err)
{
    struct cpg_arg c = { local_user, remote_user, local_snap, remote_snap };
    return group_configure(s, array, group, cpgs_change, &c, err);
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
    struct rc_side x, y;
    SIM_LOCK_SCOPE(s);
    if (m->pol_on & m->pol_off) {
        sim_fail(err, SIM_EPARAM_CONFLICT, group, "a policy and its negation");
        return sim_refusal_record(s, array, err);
    }
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_rc_side_load(s, array, group, &x, err) || check_target_arg(&x, m->target, err) ||
        (x.t.mirror && need_source(&x, err)))
        return sim_txn_refuse(s, array, err);
    int rc = peer_mirrored(s, &x, &y, err);
    if (rc < 0 || modify_change(s, &x, m, err) || sim_rc_group_save(s, &x.g, err) ||
        (rc > 0 && (modify_change(s, &y, m, err) || sim_rc_group_save(s, &y.g, err))))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
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

static int pair_view_fill(struct sim *s, const struct rc_side *x, const struct store_pair_row *p,
                          struct sim_pair_view *v)
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
    if (!sim_rc_is_source(x->g.role) && have_rv && store_pair_by_vv(s->st, rv.id, &q) == 1) {
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
    for (size_t i = 0; i < n; i++)
        pair_view_fill(s, x, &p[i], &v->pairs[i]);
    free(p);
    return 0;
}

void sim_group_view_release(struct sim_group_view *v)
{
    free(v->pairs);
    v->pairs = NULL;
    v->n_pairs = 0;
}

void sim_group_views_free(struct sim_group_view *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        sim_group_view_release(&v[i]);
    free(v);
}

int sim_group_get(struct sim *s, const char *array, const char *name, struct sim_group_view *out,
                  struct sim_err *err)
{
    struct rc_side x;
    SIM_LOCK_SCOPE(s);
    if (sim_rc_side_load(s, array, name, &x, err))
        return -1;
    return group_view_fill(s, &x, out, err);
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
    struct sim_group_view *v = xcalloc(len ? len : 1, sizeof(*v));
    int ret = 0;
    for (size_t i = 0; i < len && ret == 0; i++) {
        struct rc_side x = { .a = a, .g = g[i] };
        if (store_target_get_by_id(s->st, g[i].target_id, &x.t) != 1)
            ret = sim_store_fail(s, err, "target get");
        else
            ret = group_view_fill(s, &x, &v[i], err);
    }
    free(g);
    if (ret) {
        sim_group_views_free(v, len);
        return -1;
    }
    *out = v;
    *n = len;
    return 0;
}
