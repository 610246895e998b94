/* sim/rcleg.c - the targets of a multi-target group (SLD): admitting and
 * dismissing a target, and the list of a group's legs. Owns: the rules for
 * a second target (one sync and one periodic or async at most), the leg
 * row on the source array, its peer group and pairs on the new target.
 * Not: what a leg does with data (resync.c, rcmode.c: a leg is a group row
 * like any other, run by its mode's row), the views (group.c). Spec:
 * docs/array-remote-copy.md §1.3, §1.4; docs/behaviour.md §Multi-target
 * groups.
 *
 * A group with several targets is one row per target on its source array,
 * all of the same name (a leg); each leg has its own peer group, named
 * like the first leg's (<group>.r<sysid>), on its target's array, and its
 * own pairs, so that every leg is replicated, stopped, resynced, failed
 * over and recovered as a two-site group is. A host write to a volume goes
 * to each leg that holds it (resync.c, sim_rc_write_begin). */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "store/rcopy.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sim_rc_leg_names(struct sim *s, const char *array, const char *group,
                     char (*names)[SIM_TARGET_NAME_MAX + 1], size_t *n, struct sim_err *err)
{
    struct rc_side x;
    struct store_group_row *g;
    size_t len;
    if (sim_rc_side_load(s, array, group, &x, err))
        return -1;
    if (store_group_legs(s->st, x.a.id, group, &g, &len))
        return sim_store_fail(s, err, "group legs");
    *n = 0;
    for (size_t i = 0; i < len && *n < SIM_RC_LEGS_MAX; i++) {
        struct store_target_row t;
        if (store_target_get_by_id(s->st, g[i].target_id, &t) == 1)
            rc_strlcpy(names[(*n)++], t.name, sizeof(names[0]));
    }
    free(g);
    return 0;
}

/* ---- admitrcopytarget -------------------------------------------------- */

/* The new target may join: not there yet, one sync and one periodic or
 * async target at most (§1.3), every leg stopped or new. */
static int admit_rules(const struct store_group_row *legs, size_t n,
                       const struct store_target_row *t, enum sim_rc_mode mode,
                       const char *group, struct sim_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (legs[i].target_id == t->id)
            return sim_fail(err, SIM_ETARGET_IN_GROUP, t->name,
                            "%s is already a target of %s", t->name, group);
        if (mode == SIM_RC_SYNC && legs[i].mode == SIM_RC_SYNC)
            return sim_fail(err, SIM_EONE_SYNC_TARGET, group, "group already has a sync target");
    }
    if (!rc_mode(mode))
        return sim_fail(err, SIM_EINVAL, group, "mode must be sync, periodic or async");
    for (size_t i = 0; i < n; i++)
        if ((mode != SIM_RC_SYNC && legs[i].mode != SIM_RC_SYNC) || n >= SIM_RC_LEGS_MAX)
            return sim_fail(err, SIM_EMULTI_TARGET, group,
                            "group %s has its periodic target already", group);
    for (size_t i = 0; i < n; i++)
        if (legs[i].status == SIM_RC_STARTED)
            return sim_fail(err, SIM_EGROUP_STARTED, group,
                            "remote copy group %s is started; stop it first", group);
    return 0;
}

/* A new row like g (the first leg, or its peer) toward target t in mode. */
static int leg_insert(struct sim *s, const struct rc_side *x, struct store_group_row *g,
                      const char *toward, struct sim_err *err)
{
    const struct rc_mode_ops *m = rc_mode_of(g);
    g->status = SIM_RC_NEW;
    g->period = g->snap_freq = 0;
    g->policies = m->default_policies;
    g->stop_reason = RC_STOP_NONE;
    g->last_sync = g->next_sync = g->lag_since = 0;
    g->cycle = 0;
    g->created = sim_clock_now(s);
    if (store_group_insert(s->st, g))
        return sim_store_fail(s, err, "group insert");
    return sim_event_add(s, SIM_EV_GROUP_CREATED, x->a.name, g->name, err,
                         "%s %s leg created toward %s", sim_rc_role_name(g->role),
                         m->name, toward);
}

/* The secondary volume named for vv in the mappings: the name, or NULL. */
static const char *mapped(const char *vv, const struct sim_vv_map *maps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(maps[i].vv, vv) == 0)
            return maps[i].sec_vv;
    return NULL;
}

/* Each mapping names a volume of the group. */
static int maps_known(struct sim *s, const struct rc_side *x, const struct sim_vv_map *maps,
                      size_t n, struct sim_err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct store_vv_row vv;
        struct store_pair_row p;
        if (sim_vv_load(s, x->a.id, maps[i].vv, &vv, err))
            return -1;
        if (store_pair_get_in_group(s->st, x->g.id, vv.id, &p) != 1)
            return sim_fail(err, SIM_ENOENT_GROUP_VV, vv.name, "volume %s is not in group %s",
                            vv.name, x->g.name);
    }
    return 0;
}

/* Pairs every volume of the first leg x with its mapped secondary on y,
 * on leg l and y's group. */
static int leg_pairs(struct sim *s, const struct rc_side *x, const struct rc_side *l,
                     struct rc_side *y, const struct sim_vv_map *maps, size_t n_maps,
                     struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_vv_row pv, sv;
        if (store_vv_get_by_id(s->st, p[i].vv, &pv) != 1) {
            ret = sim_store_fail(s, err, "vv get");
            break;
        }
        struct sim_admit_spec sp = { .vv = pv.name, .sec_vv = mapped(pv.name, maps, n_maps) };
        if (!sp.sec_vv) {
            ret = sim_fail(err, SIM_ENO_MAPPING, pv.name,
                           "must specify a mapping for %s on %s", pv.name, l->t.name);
            break;
        }
        if (sim_rc_secondary_vv(s, y, &pv, &sp, l, &sv, err)) {
            ret = -1;
            break;
        }
        struct store_pair_row a = { .group_id = l->g.id, .vv = pv.id, .status = SIM_SYNC_NEW };
        struct store_pair_row b = { .group_id = y->g.id, .vv = sv.id, .status = SIM_SYNC_NEW };
        rc_strlcpy(a.remote_vv, sv.name, sizeof(a.remote_vv));
        rc_strlcpy(b.remote_vv, pv.name, sizeof(b.remote_vv));
        if (store_pair_insert(s->st, &a) || store_pair_insert(s->st, &b))
            ret = sim_store_fail(s, err, "pair insert");
        else
            ret = sim_rcp_set_member(s, y->g.id, sv.id, true, err);
    }
    free(p);
    return ret;
}

static int target_admit(struct sim *s, const char *array, const char *group,
                        const char *target, enum sim_rc_mode mode,
                        const struct sim_vv_map *maps, size_t n_maps, struct sim_err *err)
{
    struct rc_side x, l, y;
    struct store_group_row *legs, dup;
    size_t n;
    if (sim_array_load(s, array, &l.a, err))
        return -1;
    int rc = store_target_get(s->st, l.a.id, target, &l.t);
    if (rc < 0)
        return sim_store_fail(s, err, "target get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_TARGET, target, "Could not find target %s", target);
    if (sim_rc_side_load(s, array, group, &x, err))
        return -1;
    if (store_group_legs(s->st, x.a.id, group, &legs, &n))
        return sim_store_fail(s, err, "group legs");
    int ret = admit_rules(legs, n, &l.t, mode, group, err);
    free(legs);
    if (ret || sim_rc_need_source(&x, err) || maps_known(s, &x, maps, n_maps, err))
        return -1;
    /* the peer group is made at once on the new target's array, as
     * creatercopygroup makes it with mirror_config */
    if (!l.t.mirror || !sim_rc_link_ok(s, &l.t))
        return sim_fail(err, SIM_ETARGET_NOT_READY, l.t.name, "Target %s is not up and ready",
                        l.t.name);
    if (store_array_get_by_id(s->st, l.t.peer_array_id, &y.a) != 1)
        return sim_store_fail(s, err, "peer array");
    rc = store_target_get_by_peer(s->st, y.a.id, x.a.id, &y.t);
    if (rc <= 0)
        return rc < 0 ? sim_store_fail(s, err, "peer target")
                      : sim_fail(err, SIM_ETARGET_NOT_READY, l.t.name,
                                 "Target %s could not get info on secondary target", l.t.name);
    rc = store_group_get(s->st, y.a.id, x.g.peer_name, &dup);
    if (rc != 0)
        return rc < 0 ? sim_store_fail(s, err, "group get")
                      : sim_fail(err, SIM_EEXIST_GROUP, x.g.peer_name,
                                 "remote copy group %s already exists on %s", x.g.peer_name,
                                 y.a.name);
    l.g = x.g;
    l.g.target_id = l.t.id;
    l.g.mode = mode;
    y.g = l.g;
    y.g.array_id = y.a.id;
    y.g.target_id = y.t.id;
    rc_strlcpy(y.g.name, x.g.peer_name, sizeof(y.g.name));
    rc_strlcpy(y.g.peer_name, x.g.name, sizeof(y.g.peer_name));
    y.g.role = SIM_RC_SECONDARY;
    rc_strlcpy(y.g.l_usr_cpg, x.g.r_usr_cpg, sizeof(y.g.l_usr_cpg));
    rc_strlcpy(y.g.l_snp_cpg, x.g.r_snp_cpg, sizeof(y.g.l_snp_cpg));
    rc_strlcpy(y.g.r_usr_cpg, x.g.l_usr_cpg, sizeof(y.g.r_usr_cpg));
    rc_strlcpy(y.g.r_snp_cpg, x.g.l_snp_cpg, sizeof(y.g.r_snp_cpg));
    if (leg_insert(s, &l, &l.g, l.t.name, err) || leg_insert(s, &y, &y.g, y.t.name, err) ||
        sim_rcp_set_create(s, &y.a, &y.g, err))
        return -1;
    return leg_pairs(s, &x, &l, &y, maps, n_maps, err);
}

/* The legs after the first of group name on array x.a (x: the first),
 * stopped, go with their pairs and peer groups (removercopygroup). */
int sim_rc_legs_remove_others(struct sim *s, const struct rc_side *x, bool removevv,
                              bool keepsnap, struct sim_err *err)
{
    struct store_group_row *legs;
    size_t n;
    if (store_group_legs(s->st, x->a.id, x->g.name, &legs, &n))
        return sim_store_fail(s, err, "group legs");
    int ret = 0;
    for (size_t i = 1; i < n && ret == 0; i++) {
        struct rc_side l;
        if (legs[i].status == SIM_RC_STARTED)
            ret = sim_fail(err, SIM_EGROUP_STARTED, x->g.name,
                           "remote copy group %s is started; stop it first", x->g.name);
        else
            ret = sim_rc_side_load_id(s, legs[i].id, &l, err) ||
                  sim_rc_leg_remove(s, &l, removevv, keepsnap, err) ? -1 : 0;
    }
    free(legs);
    return ret;
}

int sim_group_target_admit(struct sim *s, const char *array, const char *group,
                           const char *target, enum sim_rc_mode mode,
                           const struct sim_vv_map *maps, size_t n_maps, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (target_admit(s, array, group, target ? target : "", mode, maps, n_maps, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* ---- dismissrcopytarget ------------------------------------------------- */

int sim_rc_leg_remove(struct sim *s, struct rc_side *x, bool removevv, bool keepsnap,
                      struct sim_err *err)
{
    struct rc_side y;
    struct store_pair_row *p;
    size_t n;
    int have_y = sim_rc_link_ok(s, &x->t) ? sim_rc_peer_load(s, x, &y, err) : 0;
    if (have_y < 0)
        return -1;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = sim_rc_dismiss_pair(s, x, &p[i], &y, have_y, removevv, keepsnap, err);
    free(p);
    if (ret)
        return -1;
    if (store_group_delete(s->st, x->g.id) || (have_y && store_group_delete(s->st, y.g.id)))
        return sim_store_fail(s, err, "group delete");
    if (have_y && sim_event_add(s, SIM_EV_GROUP_REMOVED, y.a.name, y.g.name, err,
                                "group removed: its target was dismissed on %s", x->a.name))
        return -1;
    return sim_event_add(s, SIM_EV_GROUP_CHANGED, x->a.name, x->g.name, err,
                         "target %s dismissed", x->t.name);
}

static int target_dismiss(struct sim *s, const char *array, const char *group,
                          const char *target, struct sim_err *err)
{
    struct rc_side x;
    struct store_group_row *legs;
    size_t n;
    struct store_target_row t;
    if (sim_array_load(s, array, &x.a, err))
        return -1;
    int rc = store_target_get(s->st, x.a.id, target, &t);
    if (rc <= 0)
        return rc < 0 ? sim_store_fail(s, err, "target get")
                      : sim_fail(err, SIM_ENOENT_TARGET, target, "no target named '%s'",
                                 target);
    if (sim_rc_leg_load(s, array, group, target, &x, err) ||
        sim_rc_check_target(&x, target, err))
        return -1;
    if (store_group_legs(s->st, x.a.id, group, &legs, &n))
        return sim_store_fail(s, err, "group legs");
    free(legs);
    if (n < 2)
        return sim_fail(err, SIM_ELAST_TARGET, group, "%s is the only target of %s", target,
                        group);
    if (sim_rc_need_source(&x, err))
        return -1;
    if (x.g.status == SIM_RC_STARTED)
        return sim_fail(err, SIM_EGROUP_STARTED, group,
                        "remote copy group %s is started toward %s; stop it first", group,
                        target);
    return sim_rc_leg_remove(s, &x, false, false, err);
}

int sim_group_target_dismiss(struct sim *s, const char *array, const char *group,
                             const char *target, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (target_dismiss(s, array, group, target ? target : "", err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* ---- the standby leg ---------------------------------------------------- */

int sim_rc_standby_legs(struct sim *s, const struct rc_side *x, struct rc_standby *out,
                        size_t *n, struct sim_err *err)
{
    struct rc_side y;
    struct store_group_row *legs;
    size_t len;
    *n = 0;
    if (sim_rc_is_source(x->g.role))
        return 0;
    int rc = sim_rc_peer_load(s, x, &y, err);
    if (rc <= 0)
        return rc;
    if (store_group_legs(s->st, y.a.id, y.g.name, &legs, &len))
        return sim_store_fail(s, err, "group legs");
    for (size_t i = 0; i < len && *n < SIM_RC_LEGS_MAX; i++) {
        struct store_target_row lt, mine;
        struct store_array_row z;
        if (legs[i].id == y.g.id ||
            store_target_get_by_id(s->st, legs[i].target_id, &lt) != 1 ||
            lt.peer_array_id == x->a.id ||
            store_target_get_by_peer(s->st, x->a.id, lt.peer_array_id, &mine) != 1 ||
            store_array_get_by_id(s->st, lt.peer_array_id, &z) != 1)
            continue;
        struct rc_standby *b = &out[(*n)++];
        rc_strlcpy(b->target, mine.name, sizeof(b->target));
        rc_strlcpy(b->peer_array, z.name, sizeof(b->peer_array));
        b->mode = legs[i].mode;
        b->leg_id = legs[i].id;
    }
    free(legs);
    return 0;
}

int sim_rc_vv_on_every_leg(struct sim *s, const char *array, const char *group,
                           const char *vv, struct sim_err *err)
{
    struct rc_side x;
    struct store_group_row *legs;
    struct store_vv_row v;
    size_t n;
    if (sim_rc_side_load(s, array, group, &x, err) || sim_vv_load(s, x.a.id, vv, &v, err))
        return -1;
    if (store_group_legs(s->st, x.a.id, group, &legs, &n))
        return sim_store_fail(s, err, "group legs");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_pair_row p;
        struct store_target_row t;
        int rc = store_pair_get_in_group(s->st, legs[i].id, v.id, &p);
        if (rc < 0 || (rc == 0 && store_target_get_by_id(s->st, legs[i].target_id, &t) != 1))
            ret = sim_store_fail(s, err, "pair get");
        else if (rc == 0)
            ret = sim_fail(err, SIM_ENO_MAPPING, vv, "no secondary named for %s on %s", vv,
                           t.name);
    }
    free(legs);
    return ret;
}
