/* sim/rcside.c - the two sides of a remote-copy group: their names, how
 * a side and its peer are loaded, and the rules for reaching the peer.
 * Owns: role, status, policy and DR-operation names; loading a side (the
 * array, target and group row) and its peer; the checks every command
 * makes before it touches the peer (the source side only, the group's own
 * target, the peer reachable). Not: the commands (group.c, rcpair.c,
 * dr.c). Docs: docs/behaviour.md §Remote copy, the state diagram at the
 * top of sim/group.c. */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "store/rcopy.h"
#include "store/vlun.h"
#include "store/vv.h"
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
    case SIM_RC_BACKUP:   return "Backup";
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

/* The leg of group name on array whose target is named target: 1, or 0
 * when it has none. */
static int leg_by_target(struct sim *s, const struct rc_side *x, const char *target,
                         struct store_group_row *g)
{
    struct store_target_row t;
    int rc = store_target_get(s->st, x->a.id, target, &t);
    if (rc <= 0)
        return rc;
    return store_group_get_leg(s->st, x->a.id, x->g.name, t.id, g);
}

int sim_rc_leg_load(struct sim *s, const char *array, const char *name, const char *target,
                    struct rc_side *x, struct sim_err *err)
{
    if (sim_rc_side_load(s, array, name, x, err))
        return -1;
    if (!target || !*target || strcmp(target, x->t.name) == 0)
        return 0;
    struct store_group_row g;
    int rc = leg_by_target(s, x, target, &g);
    if (rc < 0)
        return sim_store_fail(s, err, "group get");
    if (rc == 0)
        return 0;       /* sim_rc_check_target() refuses the name */
    x->g = g;
    return side_finish(s, x, err);
}

int sim_rc_peer_load(struct sim *s, const struct rc_side *x, struct rc_side *y,
                     struct sim_err *err)
{
    /* the peer's leg is the one whose target points back at x's array */
    struct store_target_row back;
    int rc = store_target_get_by_peer(s->st, x->t.peer_array_id, x->a.id, &back);
    if (rc == 1)
        rc = store_group_get_leg(s->st, x->t.peer_array_id, x->g.peer_name, back.id, &y->g);
    if (rc == 0)
        rc = store_group_get(s->st, x->t.peer_array_id, x->g.peer_name, &y->g);
    if (rc < 0)
        return sim_store_fail(s, err, "group get");
    if (rc == 0)
        return 0;
    return side_finish(s, y, err) ? -1 : 1;
}

/* The peer side, which must exist and be reachable. */
int sim_rc_peer_required(struct sim *s, const struct rc_side *x, struct rc_side *y,
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
int sim_rc_peer_mirrored(struct sim *s, const struct rc_side *x, struct rc_side *y,
                         struct sim_err *err)
{
    if (!x->t.mirror)
        return 0;
    if (!sim_rc_link_ok(s, &x->t))
        return sim_fail(err, SIM_ETARGET_NOT_READY, x->t.name, "Target %s is not up and ready",
                        x->t.name);
    return sim_rc_peer_load(s, x, y, err);
}

int sim_rc_check_target(const struct rc_side *x, const char *target, struct sim_err *err)
{
    if (target && *target && strcmp(target, x->t.name) != 0)
        return sim_fail(err, SIM_ENOT_TARGET_OF_GROUP, target,
                        "specified target %s is not a target of remote copy group %s", target,
                        x->g.name);
    return 0;
}

/* With more than one target, the commands that act on one leg must be
 * told which (docs/behaviour.md §Multi-target groups): acting on the
 * first would fail over or reconfigure a leg the user did not mean. */
int sim_rc_need_target(struct sim *s, const struct rc_side *x, const char *target,
                       struct sim_err *err)
{
    if (target && *target)
        return 0;
    struct store_group_row *g;
    size_t n;
    if (store_group_legs(s->st, x->a.id, x->g.name, &g, &n))
        return sim_store_fail(s, err, "group legs");
    free(g);
    if (n > 1)
        return sim_fail(err, SIM_ETARGET_REQUIRED, x->g.name,
                        "group %s has %zu targets: name one", x->g.name, n);
    return 0;
}

int sim_rc_need_source(const struct rc_side *x, struct sim_err *err)
{
    if (!sim_rc_is_source(x->g.role))
        return sim_fail(err, SIM_EPRIMARY_ONLY, x->g.name,
                        "operation only on the primary side; %s is %s here", x->g.name,
                        sim_rc_role_name((enum sim_rc_role)x->g.role));
    return 0;
}

int sim_rc_aa_unexported(struct sim *s, const struct rc_side *x, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (!(x->g.policies & SIM_POL_ACTIVE_ACTIVE) || sim_rc_is_source(x->g.role))
        return 0;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_vv_row vv;
        int64_t luns;
        if (store_vlun_count_vv(s->st, p[i].vv, &luns) ||
            store_vv_get_by_id(s->st, p[i].vv, &vv) != 1)
            ret = sim_store_fail(s, err, "vlun count");
        else if (luns)
            ret = sim_fail(err, SIM_EAA_EXPORTED, vv.name,
                           "secondary %s of active_active group %s is exported", vv.name,
                           x->g.name);
    }
    free(p);
    return ret;
}
