/* sim/rcpair.c - the volume pairs of remote-copy groups: admitting and
 * dismissing volumes on both sides, and what remote copy holds of a
 * volume. Owns: pair rows, secondary volumes made with -createvv, the set
 * form of admission, the vv_users hooks (a volume in a group cannot be
 * removed or grown). Not: groups (group.c), data (resync.c). Docs:
 * docs/behaviour.md §Remote copy (admission, all or none). */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "sim/set.h"
#include "sim/vv.h"
#include "store/rcopy.h"
#include "store/set.h"
#include "util/strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
int sim_rc_dismiss_pair(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
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

/* A primary may be in the other legs of this group (one pair per target of
 * a multi-target group), in no other group, and not in this leg yet. */
static int primary_free_check(struct sim *s, const struct rc_side *x,
                              const struct store_vv_row *vv, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list_by_vv(s->st, vv->id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_group_row g;
        if (store_group_get_by_id(s->st, p[i].group_id, &g) != 1)
            ret = sim_store_fail(s, err, "group get");
        else if (g.id == x->g.id || g.array_id != x->a.id || strcmp(g.name, x->g.name) != 0)
            ret = sim_fail(err, SIM_EVV_IN_GROUP, vv->name,
                           "volume %s is already in a remote copy group", vv->name);
    }
    free(p);
    return ret;
}

/* The secondary volume on y: made with -createvv, else it must exist with
 * the same size and be free. */
int sim_rc_secondary_vv(struct sim *s, struct rc_side *y, const struct store_vv_row *pv,
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

    if (sim_rc_leg_load(s, array, group, sp->target, &x, err) || sim_rc_need_source(&x, err) ||
        sim_rc_check_target(&x, sp->target, err))
        return -1;
    if (!sp->sec_vv || !*sp->sec_vv)
        return sim_fail(err, SIM_EINVAL, group, "must specify a mapping <target>:<sec_vv>");
    if (sp->snapshot && (sp->createvv || sp->nosync))
        return sim_fail(err, SIM_EPARAM_CONFLICT, group,
                        "a starting snapshot cannot go with -createvv or -nosync");
    if (x.g.status == SIM_RC_STARTED && !(x.a.flags & SIM_BF_ADMIT_STARTED))
        return sim_fail(err, SIM_EGROUP_STARTED, group,
                        "remote copy group %s is started; stop it before admitting", group);
    if (sim_vv_load(s, x.a.id, sp->vv, &pv, err) || primary_free_check(s, &x, &pv, err))
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
    if (sim_rc_peer_required(s, &x, &y, err) || sim_rc_secondary_vv(s, &y, &pv, sp, &x, &sv, err))
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
    for (size_t i = 0; i < n; i++)
        if (sim_rc_vv_on_every_leg(s, array, group, specs[i].vv, err))
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
        /* one target only: a multi-target group refuses (no mapping) */
        if (admit_vv(s, array, group, &sp, err) ||
            sim_rc_vv_on_every_leg(s, array, group, sp.vv, err) ||
            sim_rc_peer_required(s, &x, &y, err) ||
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
    if (x.t.mirror && sim_rc_need_source(&x, err))
        return -1;
    if (x.g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, group,
                        "remote copy group %s is started; stop it first", group);
    if (sim_vv_load(s, x.a.id, name, &vv, err))
        return -1;
    int rc = store_pair_get_in_group(s->st, x.g.id, vv.id, &p);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_GROUP_VV, name, "volume %s is not in group %s", name,
                        group);
    /* every leg of a multi-target group lets go of the volume */
    struct store_group_row *legs;
    size_t n;
    if (store_group_legs(s->st, x.a.id, x.g.name, &legs, &n))
        return sim_store_fail(s, err, "group legs");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (sim_rc_side_load_id(s, legs[i].id, &x, err)) {
            ret = -1;
            break;
        }
        if (x.g.status == SIM_RC_STARTED) {
            ret = sim_fail(err, SIM_EGROUP_STARTED, group,
                           "remote copy group %s is started; stop it first", group);
            break;
        }
        rc = store_pair_get_in_group(s->st, x.g.id, vv.id, &p);
        if (rc <= 0) {
            ret = rc < 0 ? sim_store_fail(s, err, "pair get") : 0;
            continue;
        }
        int have_y = sim_rc_peer_mirrored(s, &x, &y, err);
        ret = have_y < 0 ? -1 : sim_rc_dismiss_pair(s, &x, &p, &y, have_y, removevv, keepsnap,
                                                    err);
    }
    free(legs);
    return ret;
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
