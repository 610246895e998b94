/* sim/rctarget.c - the Remote Copy service, targets, links, and the
 * failure detection that turns lost links into a failed target.
 * Owns: target and link rows, the heartbeat and target timeouts, what a
 * target's failure or return does to its groups (through group.c). Not:
 * group roles (group.c), data (resync.c), injected faults (rcfault.c). Spec: docs/array-remote-copy.md
 * §1.2, §2.3, §3.1-§3.7.
 *
 * Connectivity: a target on array X toward Y is reachable when X and Y are
 * powered on, both run the Remote Copy service, the target is enabled and
 * at least one of its links is up. When it stops being reachable at time
 * t0 it shows "failing"; at t0 + heartbeat + target timeout it shows
 * "failed" and its started groups stop (§3.2). When it is reachable again
 * it is "ready" at once and groups stopped by the failure restart if they
 * have auto_recover (§3.5). Timeouts default to the reference's: sync
 * 10 s + 10 s, periodic 25 s + 200 s (§2.3), unless the target sets its
 * own (the fixture's "timeouts").
 *
 * sim_rc_link_ok() is the one gate of data movement and of every change
 * made on a peer (invariant 1 of group.c): both arrays on and reachable,
 * and both ends' targets enabled and ready. A powered-off array evaluates
 * nothing, and none of its timers is due. */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "store/rcopy.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sim_target_status_name(enum sim_target_status st)
{
    switch (st) {
    case SIM_TARGET_READY:   return "ready";
    case SIM_TARGET_FAILING: return "failing";
    case SIM_TARGET_FAILED:  return "failed";
    }
    return "?";
}

static int target_load(struct sim *s, int64_t array_id, const char *name,
                       struct store_target_row *t, struct sim_err *err)
{
    int rc = store_target_get(s->st, array_id, name, t);
    if (rc < 0)
        return sim_store_fail(s, err, "target get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_TARGET, name, "no target named '%s'", name);
    return 0;
}

bool sim_rc_reachable(struct sim *s, const struct store_target_row *t)
{
    return store_target_reachable(s->st, t->id) == 1;
}

/* The one gate of every byte that moves and every change made on the peer
 * (invariant 1 of sim/group.c): both ends powered on and running remote
 * copy, a link up, and both ends' targets enabled and ready. The target
 * is read again, so a row loaded before a power or link change cannot let
 * data through: a powered-off array never evaluates its own targets, so
 * its row alone would still say ready. */
bool sim_rc_link_ok(struct sim *s, const struct store_target_row *t)
{
    struct store_target_row now, back;
    return store_target_get_by_id(s->st, t->id, &now) == 1 &&
           now.status == SIM_TARGET_READY && sim_rc_reachable(s, &now) &&
           store_target_get_by_peer(s->st, now.peer_array_id, now.array_id, &back) == 1 &&
           back.enabled && back.status == SIM_TARGET_READY;
}

/* The timeouts that apply to a target: its own, or the shortest its
 * groups' modes use (a target without groups: the sync mode's). */
static void target_timeouts(struct sim *s, const struct store_target_row *t, int64_t *hb,
                            int64_t *tgt)
{
    struct store_group_row *g;
    size_t n;
    const struct rc_mode_ops *fast = NULL;
    if (store_group_list_by_target(s->st, t->id, &g, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            const struct rc_mode_ops *m = rc_mode_of(&g[i]);
            if (!fast || m->heartbeat_ms + m->target_timeout_ms <
                         fast->heartbeat_ms + fast->target_timeout_ms)
                fast = m;
        }
        free(g);
    }
    if (!fast)
        fast = rc_mode(SIM_RC_SYNC);
    *hb = t->hb_ms ? t->hb_ms : fast->heartbeat_ms;
    *tgt = t->tgt_ms ? t->tgt_ms : fast->target_timeout_ms;
}

static int target_save(struct sim *s, const struct store_target_row *t, struct sim_err *err)
{
    if (store_target_update(s->st, t))
        return sim_store_fail(s, err, "target update");
    return 0;
}

/* Whether the witness t is tied to hears from t's peer: the peer is on,
 * and neither the witness is down nor the peer cut from it. */
static bool peer_reaches_witness(struct sim *s, const struct store_target_row *t)
{
    struct store_array_row peer;
    return store_array_get_by_id(s->st, t->peer_array_id, &peer) == 1 && peer.powered &&
           store_witness_down(s->st, t->witness, 0) == 0 &&
           store_witness_down(s->st, t->witness, peer.id) == 0;
}

/* Peer Persistence (§3.9) on a side whose target failed, for a group with
 * auto_failover: what the quorum witness says decides.
 *   - both sides reach the witness (only the links are lost): nothing more
 *     than the stop of §3.2;
 *   - this side reaches it and the peer does not (the peer array is gone):
 *     a secondary fails over by itself;
 *   - this side reaches neither the peer nor the witness: a source goes
 *     Failsafe, as the peer may be failing over (two writable copies of
 *     one WWN must never be). */
static int pp_decide(struct sim *s, struct rc_side *x, struct sim_err *err)
{
    if (!(x->g.policies & SIM_POL_AUTO_FAILOVER & rc_mode_of(&x->g)->policies) ||
        !x->t.witness[0])
        return 0;
    bool mine = sim_rc_witness_reach(s, &x->a, &x->t);
    if (x->g.role == SIM_RC_SECONDARY && mine && !peer_reaches_witness(s, &x->t))
        return sim_rc_auto_failover(s, x, err);
    if (!sim_rc_is_source(x->g.role) || mine || x->g.status == SIM_RC_FAILSAFE)
        return 0;
    rclog(RCLOG_INFO, "group '%s' on %s: failsafe: neither the peer nor the quorum witness "
          "can be reached", x->g.name, x->a.name);
    x->g.status = SIM_RC_FAILSAFE;
    x->g.stop_reason = RC_STOP_LINK;
    return sim_rc_group_save(s, &x->g, err) ||
           sim_event_add(s, SIM_EV_GROUP_FAILSAFE, x->a.name, x->g.name, err,
                         "neither the peer nor the quorum witness answers: failsafe");
}

/* Stops every started group of the target's array that uses it, then asks
 * the quorum witness (Peer Persistence). */
static int target_failed(struct sim *s, const struct store_array_row *a,
                         const struct store_target_row *t, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_by_target(s->st, t->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x = { .a = *a, .t = *t, .g = g[i] };
        if (g[i].status == SIM_RC_STARTED)
            ret = sim_rc_stop_side(s, &x, RC_STOP_LINK, false, err);
        if (ret == 0)
            ret = pp_decide(s, &x, err);
    }
    free(g);
    return ret;
}

int sim_rc_pp_review(struct sim *s, struct sim_err *err)
{
    struct store_target_row *t;
    size_t n;
    if (store_target_list_all(s->st, &t, &n))
        return sim_store_fail(s, err, "target list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_array_row a;
        struct store_group_row *g;
        size_t ng;
        if (t[i].status != SIM_TARGET_FAILED || !t[i].witness[0] ||
            store_array_get_by_id(s->st, t[i].array_id, &a) != 1 || !a.powered)
            continue;
        if (store_group_list_by_target(s->st, t[i].id, &g, &ng)) {
            ret = sim_store_fail(s, err, "group list");
            break;
        }
        for (size_t j = 0; j < ng && ret == 0; j++) {
            struct rc_side x = { .a = a, .t = t[i], .g = g[j] };
            ret = pp_decide(s, &x, err);
        }
        free(g);
    }
    free(t);
    return ret;
}

static int target_ready_again(struct sim *s, const struct store_array_row *a,
                              const struct store_target_row *t, struct sim_err *err);

/* One target at now. */
static int eval_target(struct sim *s, struct store_target_row *t, int64_t now,
                       struct sim_err *err)
{
    struct store_array_row a;
    if (store_array_get_by_id(s->st, t->array_id, &a) != 1)
        return sim_store_fail(s, err, "array get");
    /* a powered-off array sees nothing and changes nothing */
    if (!a.powered)
        return 0;
    bool up = sim_rc_reachable(s, t);
    if (up) {
        if (t->status == SIM_TARGET_READY && !t->down_since)
            return 0;
        t->status = SIM_TARGET_READY;
        t->down_since = 0;
        t->xfer_at = now;
        if (target_save(s, t, err) ||
            sim_event_add(s, SIM_EV_TARGET_READY, a.name, t->name, err,
                          "target %s is ready: links are up", t->name))
            return -1;
        rclog(RCLOG_INFO, "target '%s' on %s: ready again", t->name, a.name);
        return target_ready_again(s, &a, t, err);
    }
    if (!t->down_since) {
        t->down_since = now;
        t->status = SIM_TARGET_FAILING;
        if (target_save(s, t, err) ||
            sim_event_add(s, SIM_EV_TARGET_FAILING, a.name, t->name, err,
                          "target %s is failing: no link can reach the peer", t->name))
            return -1;
    }
    int64_t hb, tgt;
    target_timeouts(s, t, &hb, &tgt);
    if (t->status != SIM_TARGET_FAILED && now >= t->down_since + hb + tgt) {
        t->status = SIM_TARGET_FAILED;
        if (target_save(s, t, err) ||
            sim_event_add(s, SIM_EV_TARGET_FAILED, a.name, t->name, err,
                          "target %s failed after %lld ms without links", t->name,
                          (long long)(now - t->down_since)))
            return -1;
        rclog(RCLOG_INFO, "target '%s' on %s: failed; stopping its groups", t->name, a.name);
        return target_failed(s, &a, t, err);
    }
    return 0;
}

int sim_rc_eval_targets(struct sim *s, struct sim_err *err)
{
    struct store_target_row *t;
    size_t n;
    int64_t now = sim_clock_now(s);
    if (store_target_list_all(s->st, &t, &n))
        return sim_store_fail(s, err, "target list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = eval_target(s, &t[i], now, err);
    free(t);
    return ret;
}

/* Timer source: targets whose timeouts run out. */
static int targets_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    struct store_target_row *t;
    size_t n;
    *when = 0;
    if (store_target_list_all(s->st, &t, &n))
        return sim_store_fail(s, err, "target list");
    for (size_t i = 0; i < n; i++) {
        struct store_array_row a;
        /* a powered-off array evaluates nothing (eval_target): its
         * timeouts are not due, or the engine would step on the spot */
        if (t[i].status != SIM_TARGET_FAILING || !t[i].down_since ||
            store_array_get_by_id(s->st, t[i].array_id, &a) != 1 || !a.powered)
            continue;
        int64_t hb, tgt;
        target_timeouts(s, &t[i], &hb, &tgt);
        int64_t due = t[i].down_since + hb + tgt;
        if (!*when || due < *when)
            *when = due;
    }
    free(t);
    return 0;
}

static int targets_run(struct sim *s, int64_t now, struct sim_err *err)
{
    (void)now;
    return sim_rc_eval_targets(s, err);
}

const struct sim_timer_source sim_rc_target_timer = {
    .name = "remote copy target timeouts", .next_due = targets_next, .run = targets_run,
};

/* ---- groups back on a ready target ---------------------------------- */

static bool same_wwns(struct sim *s, const struct rc_side *x, const struct rc_side *y)
{
    struct store_pair_row *p;
    size_t n;
    bool same = true;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return false;
    for (size_t i = 0; i < n && same; i++) {
        struct store_vv_row mine, theirs;
        same = store_vv_get_by_id(s->st, p[i].vv, &mine) == 1 &&
               store_vv_get(s->st, y->a.id, p[i].remote_vv, &theirs) == 1 &&
               strcmp(mine.wwn, theirs.wwn) == 0;
    }
    free(p);
    return same && n > 0;
}

/* A group that learns on reconnection that its peer failed over (§3.7):
 * Secondary-Rev, or Failsafe when both sides carry the same WWNs. */
static int reconcile(struct sim *s, struct rc_side *x, struct rc_side *y, struct sim_err *err)
{
    if (x->g.role != SIM_RC_PRIMARY || y->g.role != SIM_RC_PRIMARY_REV)
        return 0;
    if (x->g.status == SIM_RC_STARTED && sim_rc_stop_side(s, x, RC_STOP_LINK, false, err))
        return -1;
    if (same_wwns(s, x, y)) {
        x->g.status = SIM_RC_FAILSAFE;
        if (sim_rc_group_save(s, &x->g, err) ||
            sim_event_add(s, SIM_EV_GROUP_FAILSAFE, x->a.name, x->g.name, err,
                          "peer %s failed over and the volumes share WWNs: failsafe",
                          y->g.name))
            return -1;
        return 0;
    }
    x->g.role = SIM_RC_SECONDARY_REV;
    x->g.status = SIM_RC_STOPPED;
    if (sim_rc_group_save(s, &x->g, err) ||
        sim_event_add(s, SIM_EV_GROUP_ROLE, x->a.name, x->g.name, err,
                      "peer %s failed over: role Secondary-Rev", y->g.name))
        return -1;
    return 0;
}

static int target_ready_again(struct sim *s, const struct store_array_row *a,
                              const struct store_target_row *t, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_by_target(s->st, t->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x = { .a = *a, .t = *t, .g = g[i] }, y;
        int rc = sim_rc_peer_load(s, &x, &y, err);
        if (rc < 0) {
            ret = -1;
            break;
        }
        if (rc == 0)
            continue;
        if ((ret = reconcile(s, &x, &y, err)) || (ret = reconcile(s, &y, &x, err)))
            break;
        /* a source that went failsafe when it lost the peer and the witness
         * finds the peer still secondary: nothing happened over there */
        if (x.g.status == SIM_RC_FAILSAFE && sim_rc_is_source(x.g.role) &&
            !sim_rc_is_source(y.g.role)) {
            x.g.status = SIM_RC_STOPPED;
            if ((ret = sim_rc_group_save(s, &x.g, err)) ||
                (ret = sim_event_add(s, SIM_EV_GROUP_CHANGED, a->name, x.g.name, err,
                                     "the peer is back and still secondary: failsafe ends")))
                break;
        }
        /* writes held while the peer could not be reached go now (§3.2):
         * a short cut never leaves a pair Synced without them */
        if (x.g.status == SIM_RC_STARTED && sim_rc_is_source(x.g.role) &&
            (ret = sim_rc_resend_held(s, &x, err)))
            break;
        /* the peer was powered off and on faster than the timers: it
         * stopped its side at power-on (sim_rc_power_on), so this side
         * stops too, as on a link loss, and never stays Started alone */
        if (x.g.status == SIM_RC_STARTED && y.g.status == SIM_RC_STOPPED &&
            (ret = sim_rc_stop_side(s, &x, RC_STOP_LINK, false, err)))
            break;
        /* auto_recover: only a stop caused by the links restarts (§1.6) */
        if (sim_rc_is_source(x.g.role) && x.g.status == SIM_RC_STOPPED &&
            x.g.stop_reason == RC_STOP_LINK && (x.g.policies & SIM_POL_AUTO_RECOVER) &&
            !sim_rc_is_source(y.g.role) && sim_rc_reachable(s, &y.t)) {
            rclog(RCLOG_INFO, "group '%s': auto_recover restart after link recovery",
                  x.g.name);
            ret = sim_event_add(s, SIM_EV_GROUP_AUTO_RECOVER, a->name, x.g.name, err,
                                "links back: auto_recover restarts the group");
            if (ret == 0)
                ret = sim_rc_start_pair_of_groups(s, &x, &y, false, err);
        }
    }
    free(g);
    return ret;
}

/* ---- the service --------------------------------------------------- */

static int array_save(struct sim *s, const struct store_array_row *a, struct sim_err *err)
{
    if (store_array_update(s->st, a))
        return sim_store_fail(s, err, "array update");
    return 0;
}

int sim_rcopy_start(struct sim *s, const char *array, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err))
        return sim_txn_refuse(s, array, err);
    if (a.rc_started) {
        sim_fail(err, SIM_ERC_STARTED, array, "remote copy is already started");
        return sim_txn_refuse(s, array, err);
    }
    a.rc_started = true;
    if (array_save(s, &a, err) ||
        sim_event_add(s, SIM_EV_RC_STARTED, a.name, a.name, err, "remote copy started") ||
        sim_rc_eval_targets(s, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* stoprcopy -clear: every group (and its pairs) and target of the array
 * goes; the volumes and their snapshots stay. */
static int clear_config(struct sim *s, const struct store_array_row *a, struct sim_err *err)
{
    struct store_group_row *g;
    struct store_target_row *t;
    size_t n, nt;
    if (store_group_list(s->st, a->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        if (store_group_delete(s->st, g[i].id))
            ret = sim_store_fail(s, err, "group delete");
    free(g);
    if (ret || store_target_list(s->st, a->id, &t, &nt))
        return ret ? -1 : sim_store_fail(s, err, "target list");
    for (size_t i = 0; i < nt && ret == 0; i++)
        if (store_target_delete(s->st, t[i].id))
            ret = sim_store_fail(s, err, "target delete");
    free(t);
    return ret;
}

int sim_rcopy_stop(struct sim *s, const char *array, bool stopgroups, bool clear,
                   struct sim_err *err)
{
    struct store_array_row a;
    struct store_group_row *g = NULL;
    size_t n = 0;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err))
        return sim_txn_refuse(s, array, err);
    if (!a.rc_started) {
        sim_fail(err, SIM_ERC_NOT_STARTED, array, "Remote Copy config is not started");
        return sim_txn_refuse(s, array, err);
    }
    if (store_group_list(s->st, a.id, &g, &n)) {
        sim_store_fail(s, err, "group list");
        return sim_txn_refuse(s, array, err);
    }
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (g[i].status != SIM_RC_STARTED)
            continue;
        if (!stopgroups) {
            ret = sim_fail(err, SIM_EGROUP_STARTED, g[i].name,
                           "group %s is started; stop it or use -stopgroups", g[i].name);
            break;
        }
        struct rc_side x = { .a = a };
        if (store_target_get_by_id(s->st, g[i].target_id, &x.t) != 1) {
            ret = sim_store_fail(s, err, "target get");
            break;
        }
        x.g = g[i];
        ret = sim_rc_stop_side(s, &x, RC_STOP_MANUAL, false, err);
    }
    free(g);
    if (ret || (clear && clear_config(s, &a, err)))
        return sim_txn_refuse(s, array, err);
    a.rc_started = false;
    if (array_save(s, &a, err) ||
        sim_event_add(s, SIM_EV_RC_STOPPED, a.name, a.name, err, "remote copy stopped%s",
                      clear ? "; configuration cleared" : "") ||
        sim_rc_eval_targets(s, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* ---- targets --------------------------------------------------------- */

/* The array that owns a replication port with this address. */
static int find_peer_by_address(struct sim *s, const char *address, int64_t self,
                                int64_t *peer)
{
    struct store_array_row *arrays;
    size_t n;
    *peer = 0;
    if (store_array_list(s->st, &arrays, &n))
        return -1;
    for (size_t i = 0; i < n && !*peer; i++) {
        struct store_port_row *ports;
        size_t np;
        if (arrays[i].id == self || store_port_list(s->st, arrays[i].id, &ports, &np))
            continue;
        for (size_t j = 0; j < np; j++)
            if (strcmp(ports[j].ip, address) == 0 || strcasecmp(ports[j].wwn, address) == 0)
                *peer = arrays[i].id;
        free(ports);
    }
    free(arrays);
    return 0;
}

int sim_rc_check_nsp(const char *nsp, struct sim_err *err)
{
    int n, sl, p;
    char tail;
    if (!nsp || sscanf(nsp, "%d:%d:%d%c", &n, &sl, &p, &tail) != 3 || n < 0 || n > 7 ||
        sl < 0 || sl > 9 || p < 1 || p > 9)
        return sim_fail(err, SIM_EINVAL, nsp ? nsp : "", "'%s' is not node:slot:port",
                        nsp ? nsp : "");
    return 0;
}

static int link_add(struct sim *s, const struct store_array_row *a,
                    const struct store_target_row *t, const struct sim_link_spec *l,
                    struct sim_err *err)
{
    struct store_link_row r = { .target_id = t->id, .up = true,
                                .latency_ms = SIM_LINK_DEFAULT_LATENCY_MS,
                                .bandwidth = SIM_LINK_DEFAULT_BANDWIDTH_MBS };
    char label[80];
    if (sim_rc_check_nsp(l->local_nsp, err))
        return -1;
    if (!l->address || !*l->address || strlen(l->address) >= sizeof(r.address))
        return sim_fail(err, SIM_EINVAL, "a link needs a peer address",
                        "a link needs a peer address");
    snprintf(label, sizeof(label), "%s:%s", l->local_nsp, l->address);
    int rc = store_link_find(s->st, a->id, l->local_nsp, l->address, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "link find");
    if (rc > 0)
        return sim_fail(err, SIM_EEXIST_LINK, label, "link %s exists on target %lld", label,
                        (long long)r.target_id);
    rc_strlcpy(r.local_nsp, l->local_nsp, sizeof(r.local_nsp));
    rc_strlcpy(r.address, l->address, sizeof(r.address));
    r.target_id = t->id;
    if (store_link_insert(s->st, &r))
        return sim_store_fail(s, err, "link insert");
    return sim_event_add(s, SIM_EV_LINK_ADMITTED, a->name, t->name, err, "link %s admitted",
                         label);
}

int sim_target_insert(struct sim *s, const struct store_array_row *a, const char *name,
                      bool fc, const struct sim_link_spec *links, size_t n_links,
                      bool disabled, int64_t hb_ms, int64_t tgt_ms, struct sim_err *err)
{
    struct store_target_row t = { .array_id = a->id, .fc = fc, .mirror = true,
                                  .enabled = !disabled, .status = SIM_TARGET_FAILED,
                                  .hb_ms = hb_ms, .tgt_ms = tgt_ms };
    struct store_target_row *all;
    size_t n;

    if (sim_name_check(name, SIM_TARGET_NAME_MAX, err))
        return -1;
    if (n_links == 0)
        return sim_fail(err, SIM_EINVAL, name, "a target needs at least one link");
    int rc = store_target_get(s->st, a->id, name, &t);
    if (rc < 0)
        return sim_store_fail(s, err, "target get");
    if (rc > 0)
        return sim_fail(err, SIM_EEXIST_TARGET, name, "target '%s' already exists", name);
    int64_t peer;
    if (find_peer_by_address(s, links[0].address, a->id, &peer))
        return sim_store_fail(s, err, "array list");
    if (!peer)
        return sim_fail(err, SIM_EINVAL, links[0].address,
                        "no array answers at %s", links[0].address);
    if (store_target_list(s->st, a->id, &all, &n))
        return sim_store_fail(s, err, "target list");
    for (size_t i = 0; i < n; i++)
        if (all[i].local_no >= t.local_no)
            t.local_no = all[i].local_no + 1;
    free(all);
    if (!t.local_no)
        t.local_no = 1;
    t.peer_array_id = peer;
    rc_strlcpy(t.name, name, sizeof(t.name));
    t.witness_state[0] = '\0';
    if (store_target_insert(s->st, &t))
        return sim_store_fail(s, err, "target insert");
    if (sim_event_add(s, SIM_EV_TARGET_CREATED, a->name, name, err, "%s target %s created",
                      fc ? "FC" : "IP", name))
        return -1;
    for (size_t i = 0; i < n_links; i++)
        if (link_add(s, a, &t, &links[i], err))
            return -1;
    return 0;
}

int sim_target_create(struct sim *s, const char *array, const char *name, bool fc,
                      const struct sim_link_spec *links, size_t n_links, bool disabled,
                      struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) ||
        sim_target_insert(s, &a, name, fc, links, n_links, disabled, 0, 0, err) ||
        sim_rc_eval_targets(s, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

/* Loads array and target for a command on one target. */
static int target_cmd_load(struct sim *s, const char *array, const char *name,
                           struct store_array_row *a, struct store_target_row *t,
                           struct sim_err *err)
{
    if (sim_array_load(s, array, a, err) || target_load(s, a->id, name, t, err))
        return -1;
    return 0;
}

int sim_target_remove(struct sim *s, const char *array, const char *name, bool cleargroups,
                      struct sim_err *err)
{
    struct store_array_row a;
    struct store_target_row t;
    struct store_group_row *g;
    size_t n;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (target_cmd_load(s, array, name, &a, &t, err))
        return sim_txn_refuse(s, array, err);
    if (store_group_list_by_target(s->st, t.id, &g, &n)) {
        sim_store_fail(s, err, "group list");
        return sim_txn_refuse(s, array, err);
    }
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (!cleargroups || g[i].status == SIM_RC_STARTED)
            ret = sim_fail(err, SIM_ETARGET_IN_USE, name, "target %s is used by group %s",
                           name, g[i].name);
        else if (store_group_delete(s->st, g[i].id))
            ret = sim_store_fail(s, err, "group delete");
    }
    free(g);
    if (ret || store_target_delete(s->st, t.id) ||
        sim_event_add(s, SIM_EV_TARGET_REMOVED, a.name, name, err, "target %s removed", name)) {
        if (!ret)
            sim_store_fail(s, err, "target delete");
        return sim_txn_refuse(s, array, err);
    }
    return sim_txn_commit(s, err);
}

/* Applies change to one target and records why. */
static int target_modify(struct sim *s, const char *array, const char *name,
                         int (*change)(struct sim *, struct store_array_row *,
                                       struct store_target_row *, const void *,
                                       struct sim_err *),
                         const void *arg, struct sim_err *err)
{
    struct store_array_row a;
    struct store_target_row t;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (target_cmd_load(s, array, name, &a, &t, err) || change(s, &a, &t, arg, err) ||
        target_save(s, &t, err) || sim_rc_eval_targets(s, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

static int rename_change(struct sim *s, struct store_array_row *a, struct store_target_row *t,
                         const void *arg, struct sim_err *err)
{
    const char *new_name = arg;
    struct store_target_row other;
    if (sim_name_check(new_name, SIM_TARGET_NAME_MAX, err))
        return -1;
    if (strcmp(t->name, new_name) != 0 && store_target_get(s->st, a->id, new_name, &other) != 0)
        return sim_fail(err, SIM_EEXIST_TARGET, new_name, "target '%s' already exists",
                        new_name);
    char old[32];
    rc_strlcpy(old, t->name, sizeof(old));
    rc_strlcpy(t->name, new_name, sizeof(t->name));
    return sim_event_add(s, SIM_EV_TARGET_CHANGED, a->name, new_name, err,
                         "target %s renamed to %s", old, new_name);
}

int sim_target_rename(struct sim *s, const char *array, const char *name, const char *new_name,
                      struct sim_err *err)
{
    return target_modify(s, array, name, rename_change, new_name, err);
}

static int mirror_change(struct sim *s, struct store_array_row *a, struct store_target_row *t,
                         const void *arg, struct sim_err *err)
{
    t->mirror = *(const bool *)arg;
    return sim_event_add(s, SIM_EV_TARGET_CHANGED, a->name, t->name, err, "policy %s",
                         t->mirror ? "mirror_config" : "no_mirror_config");
}

int sim_target_set_mirror(struct sim *s, const char *array, const char *name, bool on,
                          struct sim_err *err)
{
    return target_modify(s, array, name, mirror_change, &on, err);
}

static int enable_change(struct sim *s, struct store_array_row *a, struct store_target_row *t,
                         const void *arg, struct sim_err *err)
{
    t->enabled = *(const bool *)arg;
    return sim_event_add(s, SIM_EV_TARGET_CHANGED, a->name, t->name, err, "target %s",
                         t->enabled ? "enabled" : "disabled");
}

int sim_target_set_enabled(struct sim *s, const char *array, const char *name, bool on,
                           struct sim_err *err)
{
    return target_modify(s, array, name, enable_change, &on, err);
}

struct witness_arg {
    const char *action, *address;
};

static int witness_change(struct sim *s, struct store_array_row *a, struct store_target_row *t,
                          const void *arg, struct sim_err *err)
{
    const struct witness_arg *w = arg;
    if (strcmp(w->action, "create") == 0) {
        if (!w->address || !*w->address || strlen(w->address) >= sizeof(t->witness))
            return sim_fail(err, SIM_EINVAL, t->name, "witness create needs an address");
        rc_strlcpy(t->witness, w->address, sizeof(t->witness));
        rc_strlcpy(t->witness_state, "stopped", sizeof(t->witness_state));
    } else if (strcmp(w->action, "start") == 0 || strcmp(w->action, "stop") == 0) {
        if (!t->witness[0])
            return sim_fail(err, SIM_EINVAL, t->name, "no quorum witness on %s", t->name);
        rc_strlcpy(t->witness_state, w->action[2] == 'a' ? "started" : "stopped",
                   sizeof(t->witness_state));
    } else if (strcmp(w->action, "remove") == 0) {
        t->witness[0] = t->witness_state[0] = '\0';
    } else if (strcmp(w->action, "check") != 0) {
        return sim_fail(err, SIM_EINVAL, w->action, "unknown witness action '%s'", w->action);
    }
    return sim_event_add(s, SIM_EV_TARGET_CHANGED, a->name, t->name, err, "witness %s%s%s",
                         w->action, w->address ? " " : "", w->address ? w->address : "");
}

int sim_target_witness(struct sim *s, const char *array, const char *name, const char *action,
                       const char *address, struct sim_err *err)
{
    struct witness_arg w = { .action = action ? action : "", .address = address };
    return target_modify(s, array, name, witness_change, &w, err);
}

static int link_drop(struct sim *s, const struct store_array_row *a,
                     const struct store_target_row *t, const struct sim_link_spec *link,
                     struct sim_err *err)
{
    struct store_link_row l;
    const char *nsp = link->local_nsp ? link->local_nsp : "";
    const char *addr = link->address ? link->address : "";
    int rc = store_link_find(s->st, a->id, nsp, addr, &l);
    if (rc < 0)
        return sim_store_fail(s, err, "link find");
    if (rc == 0 || l.target_id != t->id)
        return sim_fail(err, SIM_ENOENT_LINK, addr, "no link %s:%s on target %s", nsp, addr,
                        t->name);
    if (store_link_delete(s->st, l.id))
        return sim_store_fail(s, err, "link delete");
    return sim_event_add(s, SIM_EV_LINK_DISMISSED, a->name, t->name, err,
                         "link %s:%s dismissed", l.local_nsp, l.address);
}

/* Admits or dismisses every link given, then lets the targets see the
 * result once: all of them, or none. */
static int links_change(struct sim *s, const char *array, const char *target,
                        const struct sim_link_spec *links, size_t n, bool admit,
                        struct sim_err *err)
{
    struct store_array_row a;
    struct store_target_row t;
    SIM_LOCK_SCOPE(s);

    if (n == 0)
        return sim_fail(err, SIM_EINVAL, target, "no link given");
    if (sim_txn_begin(s, err))
        return -1;
    if (target_cmd_load(s, array, target, &a, &t, err))
        return sim_txn_refuse(s, array, err);
    for (size_t i = 0; i < n; i++)
        if (admit ? link_add(s, &a, &t, &links[i], err) : link_drop(s, &a, &t, &links[i], err))
            return sim_txn_refuse(s, array, err);
    if (sim_rc_eval_targets(s, err))
        return sim_txn_refuse(s, array, err);
    return sim_txn_commit(s, err);
}

int sim_link_admit(struct sim *s, const char *array, const char *target,
                   const struct sim_link_spec *links, size_t n, struct sim_err *err)
{
    return links_change(s, array, target, links, n, true, err);
}

int sim_link_dismiss(struct sim *s, const char *array, const char *target,
                     const struct sim_link_spec *links, size_t n, struct sim_err *err)
{
    return links_change(s, array, target, links, n, false, err);
}

/* ---- views ------------------------------------------------------------ */

int sim_target_list(struct sim *s, const char *array, struct sim_target_view **out, size_t *n,
                    struct sim_err *err)
{
    struct store_array_row a;
    struct store_target_row *t;
    size_t len;
    SIM_READ_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_target_list(s->st, a.id, &t, &len))
        return sim_store_fail(s, err, "target list");
    struct sim_target_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        struct store_array_row peer;
        struct store_link_row *links;
        size_t nl = 0;
        v[i].id = t[i].local_no;
        rc_strlcpy(v[i].name, t[i].name, sizeof(v[i].name));
        if (store_array_get_by_id(s->st, t[i].peer_array_id, &peer) == 1) {
            rc_strlcpy(v[i].peer_array, peer.name, sizeof(v[i].peer_array));
            if (t[i].fc)
                rc_strlcpy(v[i].node_wwn, peer.wwn, sizeof(v[i].node_wwn));
        }
        v[i].fc = t[i].fc;
        v[i].status = (enum sim_target_status)t[i].status;
        v[i].mirror_config = t[i].mirror;
        v[i].enabled = t[i].enabled;
        rc_strlcpy(v[i].witness, t[i].witness, sizeof(v[i].witness));
        rc_strlcpy(v[i].witness_state, t[i].witness_state, sizeof(v[i].witness_state));
        v[i].witness_reachable = sim_rc_witness_reach(s, &a, &t[i]);
        if (store_link_list(s->st, t[i].id, &links, &nl) == 0)
            free(links);
        v[i].n_links = (int)nl;
    }
    free(t);
    *out = v;
    *n = len;
    return 0;
}

int sim_link_list(struct sim *s, const char *array, struct sim_link_view **out, size_t *n,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_target_row *t;
    size_t nt, len = 0, alloc = 0;
    struct sim_link_view *v = NULL;
    int64_t now = sim_clock_now(s);
    SIM_READ_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_target_list(s->st, a.id, &t, &nt))
        return sim_store_fail(s, err, "target list");
    for (size_t i = 0; i < nt; i++) {
        struct store_link_row *l;
        size_t nl;
        if (store_link_list(s->st, t[i].id, &l, &nl))
            continue;
        bool reachable = sim_rc_reachable(s, &t[i]);
        int64_t hb, tgt;
        target_timeouts(s, &t[i], &hb, &tgt);
        for (size_t j = 0; j < nl; j++) {
            XGROW(v, len + 1, alloc);
            struct sim_link_view *lv = &v[len++];
            memset(lv, 0, sizeof(*lv));
            rc_strlcpy(lv->target, t[i].name, sizeof(lv->target));
            rc_strlcpy(lv->local_nsp, l[j].local_nsp, sizeof(lv->local_nsp));
            rc_strlcpy(lv->address, l[j].address, sizeof(lv->address));
            lv->admin_up = l[j].up;
            /* a lost link still shows Up until its heartbeat times out */
            int64_t since = l[j].up ? t[i].down_since : l[j].down_at;
            lv->up = (l[j].up && reachable) || (since && now < since + hb);
            lv->latency_ms = l[j].latency_ms;
            lv->bandwidth_mbs = l[j].bandwidth;
            lv->loss_pct = l[j].loss;
        }
        free(l);
    }
    free(t);
    *out = v ? v : xcalloc(1, sizeof(*v));
    *n = len;
    return 0;
}

int sim_rc_power_on(struct sim *s, const struct store_array_row *a, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list(s->st, a->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (g[i].status != SIM_RC_STARTED)
            continue;
        struct rc_side x = { .a = *a, .g = g[i] };
        if (store_target_get_by_id(s->st, g[i].target_id, &x.t) != 1) {
            ret = sim_store_fail(s, err, "target get");
            break;
        }
        /* the array went down under a started group: stop as on a link loss */
        ret = sim_rc_stop_side(s, &x, RC_STOP_LINK, false, err);
    }
    free(g);
    return ret ? -1 : sim_rc_eval_targets(s, err);
}
