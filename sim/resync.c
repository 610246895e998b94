/* sim/resync.c - the replication engine: writes through to the peer,
 * stops on failure, resyncs after, periodic cycles, paced transfer.
 * Owns: what start and stop do to data, remote-copy snapshots, the resync
 * queue and in-flight log, transfer pacing by link bandwidth and latency.
 * Not: roles and commands (group.c), links (rctarget.c). Spec: reference
 * remote-copy.md §2.4 (start, stop), §3 (failure and return), §4
 * (periodic), SPEC §4.
 *
 * A resync of a pair (after the redis psync decision, in small):
 *   1. The common point is this side's base snapshot: the resync snapshot
 *      taken when the group stopped, a failover snapshot, or a starting
 *      snapshot given by the user. The destination's own base snapshot
 *      (when it was writable since) marks what it changed.
 *   2. With both points valid the resync is a delta: the blocks the source
 *      changed since its base, plus those the destination changed since
 *      its base, plus the in-flight log (writes that reached the source
 *      while the peer could not be reached). Otherwise it is full: every
 *      block either side holds. Either way the cost is the written blocks,
 *      never the volume size.
 *   3. The destination is protected by a snapshot first (sync mode: if it
 *      had been synced before), the blocks go over at link speed in block
 *      order (so the destination is inconsistent meanwhile), and at the end
 *      the snapshots on both sides go (sync) or rotate (periodic).
 * The queue lives in the database, so a resync killed half way resumes
 * where it was after a restart. */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "store/block.h"
#include "store/rcopy.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STOP_MANUAL = 1, STOP_LINK = 2, STOP_WRITE_ERROR = 3 };
enum { KIND_RESYNC = 1, KIND_PROTECT = 2, KIND_KEPT = 3, KIND_FAILOVER = 4 };
/* store_pair_row.full: what the next (or current, or last) resync is */
enum { FULL_NO = 0, FULL_NEXT = 1, FULL_SKIP = 2, FULL_NOW = 3, FULL_DONE = 4 };

#define GEN_MAX INT64_MAX

/* ---- remote-copy snapshots ------------------------------------------- */

int sim_rc_snapshot(struct sim *s, const struct store_group_row *g, struct store_pair_row *p,
                    int kind, int64_t *snap_id, struct sim_err *err)
{
    struct store_vv_row vv, snap, dup;
    struct store_array_row a;
    char name[64];

    if (store_vv_get_by_id(s->st, p->vv, &vv) != 1 ||
        store_array_get_by_id(s->st, vv.array_id, &a) != 1)
        return sim_store_fail(s, err, "vv get");
    do {
        snprintf(name, sizeof(name), "rcpy.%lld.%lld.%lld", (long long)g->id,
                 (long long)vv.vvid, (long long)++p->seq);
    } while (store_vv_get(s->st, a.id, name, &dup) == 1);
    struct sim_snap_row_spec sp = { .name = name, .readonly = true, .rc_snap = kind };
    if (sim_vv_snapshot_row(s, &vv, &sp, &snap, err))
        return -1;
    *snap_id = snap.id;
    return sim_event_add(s, SIM_EV_RC_SNAPSHOT, a.name, name, err, "%s snapshot of %s",
                         kind == KIND_PROTECT ? "protection" :
                         kind == KIND_FAILOVER ? "failover" : "resync", vv.name);
}

int sim_rc_snapshot_drop(struct sim *s, int64_t snap_id, struct sim_err *err)
{
    struct store_vv_row snap;
    int64_t kids;
    if (!snap_id)
        return 0;
    int rc = store_vv_get_by_id(s->st, snap_id, &snap);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return 0;
    if (store_vv_count_children(s->st, snap.id, &kids))
        return sim_store_fail(s, err, "vv children");
    if (kids) {
        /* someone snapshotted it: leave it as an ordinary snapshot */
        snap.rc_snap = 0;
        return sim_vv_save(s, &snap, err);
    }
    return sim_vv_destroy(s, &snap, err);
}

static int pair_save(struct sim *s, const struct store_pair_row *p, struct sim_err *err)
{
    if (store_pair_update(s->st, p))
        return sim_store_fail(s, err, "pair update");
    return 0;
}

int sim_rc_peer_pair(struct sim *s, const struct rc_side *y, const struct store_pair_row *p,
                     struct store_pair_row *q, struct sim_err *err)
{
    struct store_vv_row vv;
    int rc = store_vv_get(s->st, y->a.id, p->remote_vv, &vv);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return 0;
    rc = store_pair_by_vv(s->st, vv.id, q);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    return rc == 1 && q->group_id == y->g.id;
}

/* ---- stop ---------------------------------------------------------------- */

static int stop_source_pair(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                            bool nosnap, int64_t now, struct sim_err *err)
{
    /* whatever was still queued must go again: keep it in the log */
    if (store_blkset_merge(s->st, STORE_BLKSET_QUEUE, STORE_BLKSET_DIRTY, p->id) ||
        store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id))
        return sim_store_fail(s, err, "queue");
    /* a cycle cut while this volume was being sent leaves the secondary
     * rolled back to its older point in time (§3.3): Stale, on both sides */
    bool cut = x->g.mode == SIM_RC_PERIODIC && p->new_snap && p->status == SIM_SYNC_SYNCING;
    if (x->g.mode == SIM_RC_PERIODIC && p->new_snap) {
        /* a cycle in flight is abandoned; the last resync snapshot stays */
        if (sim_rc_snapshot_drop(s, p->new_snap, err))
            return -1;
        p->new_snap = 0;
    }
    if (nosnap) {
        if (sim_rc_snapshot_drop(s, p->base_snap, err))
            return -1;
        p->base_snap = 0;
        if (p->ever_synced)
            p->full = FULL_NEXT;
    } else if (x->g.mode != SIM_RC_PERIODIC && p->ever_synced && !p->base_snap &&
               p->full != FULL_NOW) {
        /* §3.2: a snapshot of every volume that had completed initial sync */
        if (sim_rc_snapshot(s, &x->g, p, KIND_RESYNC, &p->base_snap, err))
            return -1;
    }
    if (p->status != SIM_SYNC_NEW)
        p->status = cut ? SIM_SYNC_STALE : SIM_SYNC_STOPPED;
    if (p->full == FULL_NOW)
        p->full = FULL_NEXT;
    if (x->g.mode != SIM_RC_PERIODIC)
        p->last_sync = now;
    return pair_save(s, p, err);
}

static int stop_dest_pair(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                          int64_t now, struct sim_err *err)
{
    struct store_vv_row vv, prot;
    if (x->g.mode == SIM_RC_PERIODIC && p->status == SIM_SYNC_SYNCING && p->prot_snap) {
        /* §3.3: a failed cycle rolls the secondary back to its snapshot */
        if (store_vv_get_by_id(s->st, p->vv, &vv) != 1 ||
            store_vv_get_by_id(s->st, p->prot_snap, &prot) != 1)
            return sim_store_fail(s, err, "vv get");
        if (sim_vv_promote_row(s, &vv, &prot, err) || sim_rc_snapshot_drop(s, p->prot_snap, err))
            return -1;
        p->prot_snap = 0;
        p->status = SIM_SYNC_STALE;
    } else if (p->status != SIM_SYNC_NEW && p->status != SIM_SYNC_STALE) {
        p->status = SIM_SYNC_STOPPED;
    }
    if (x->g.mode != SIM_RC_PERIODIC)
        p->last_sync = now;
    return pair_save(s, p, err);
}

int sim_rc_stop_side(struct sim *s, struct rc_side *x, int reason, bool nosnap,
                     struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    int64_t now = sim_clock_now(s);
    bool source = sim_rc_is_source(x->g.role);

    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = source ? stop_source_pair(s, x, &p[i], nosnap, now, err)
                     : stop_dest_pair(s, x, &p[i], now, err);
    free(p);
    if (ret)
        return -1;
    x->g.status = SIM_RC_STOPPED;
    x->g.stop_reason = reason;
    x->g.cycle = 0;
    static const char *const why[] = { "", "stopped by request", "links to the peer failed",
                                       "a write to the secondary failed" };
    rclog(RCLOG_INFO, "group '%s' on %s stopped: %s", x->g.name, x->a.name,
          why[reason > 3 ? 0 : reason]);
    if (sim_rc_group_save(s, &x->g, err) ||
        sim_event_add(s, SIM_EV_GROUP_STOPPED, x->a.name, x->g.name, err, "group stopped: %s",
                      why[reason > 3 ? 0 : reason]))
        return -1;
    return 0;
}

/* ---- planning a resync ---------------------------------------------------- */

struct plan_ctx {
    struct sim *s;
    int64_t pair_id;
};

static int plan_add(void *p, int64_t blk, uint64_t fp)
{
    struct plan_ctx *pc = p;
    (void)fp;
    return store_blkset_add(pc->s->st, STORE_BLKSET_QUEUE, pc->pair_id, blk) ? -1 : 0;
}

static int vv_by_id(struct sim *s, int64_t id, struct store_vv_row *out, struct sim_err *err)
{
    int rc = store_vv_get_by_id(s->st, id, out);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return sim_fail(err, SIM_EINTERNAL, "", "volume %lld missing", (long long)id);
    return 0;
}

/* Whether a delta is possible; logs why not, as psync does. */
static bool can_delta(struct sim *s, const struct rc_side *x, const struct store_pair_row *p,
                      const struct store_pair_row *q, const char *vv_name)
{
    struct store_vv_row snap;
    const char *why = NULL;
    if (p->full == FULL_NEXT || q->full == FULL_NEXT)
        why = "a full sync was asked for";
    else if (!p->ever_synced)
        why = "the volume never completed an initial sync";
    else if (!p->base_snap || store_vv_get_by_id(s->st, p->base_snap, &snap) != 1)
        why = "no resync snapshot";
    else if (q->base_snap && store_vv_get_by_id(s->st, q->base_snap, &snap) != 1)
        why = "the destination's snapshot is gone";
    if (why) {
        rclog(RCLOG_INFO, "group '%s': full resync of '%s': %s", x->g.name, vv_name, why);
        return false;
    }
    rclog(RCLOG_INFO, "group '%s': delta resync of '%s'", x->g.name, vv_name);
    return true;
}

static int queue_plan(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
                      struct store_pair_row *q, bool delta, struct sim_err *err)
{
    struct store_vv_row src, dst, base;
    struct plan_ctx pc = { .s = s, .pair_id = p->id };

    if (vv_by_id(s, p->vv, &src, err) || vv_by_id(s, q->vv, &dst, err))
        return -1;
    if (store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id))
        return sim_store_fail(s, err, "queue clear");
    int64_t to_gen = GEN_MAX;
    struct store_vv_row cut;
    if (x->g.mode == SIM_RC_PERIODIC && p->new_snap) {
        if (vv_by_id(s, p->new_snap, &cut, err))
            return -1;
        to_gen = cut.base_gen;
    }
    if (delta) {
        if (vv_by_id(s, p->base_snap, &base, err) ||
            sim_block_diff_gens(s, &src, base.base_gen, to_gen, plan_add, &pc, err))
            return -1;
        if (q->base_snap && (vv_by_id(s, q->base_snap, &base, err) ||
                             sim_block_diff_gens(s, &dst, base.base_gen, GEN_MAX, plan_add, &pc,
                                                 err)))
            return -1;
        if (store_blkset_merge(s->st, STORE_BLKSET_DIRTY, STORE_BLKSET_QUEUE, p->id) ||
            store_blkset_merge_from(s->st, q->id, p->id))
            return sim_store_fail(s, err, "queue merge");
    } else {
        const struct store_vv_row *from = to_gen == GEN_MAX ? &src : &cut;
        if (sim_block_visit(s, from, 0, INT64_MAX, plan_add, &pc, err) ||
            sim_block_visit(s, &dst, 0, INT64_MAX, plan_add, &pc, err))
            return -1;
    }
    if (store_blkset_clear(s->st, STORE_BLKSET_DIRTY, p->id) ||
        store_blkset_clear(s->st, STORE_BLKSET_DIRTY, q->id) ||
        store_blkset_count(s->st, STORE_BLKSET_QUEUE, p->id, &p->total))
        return sim_store_fail(s, err, "queue");
    return 0;
}

static int pair_complete(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                         struct rc_side *y, struct store_pair_row *q, struct sim_err *err);

static int latency_of(struct sim *s, const struct store_target_row *t)
{
    struct store_link_row *l;
    size_t n;
    int lat = 0;
    if (store_link_list(s->st, t->id, &l, &n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (l[i].up && (lat == 0 || l[i].latency_ms < lat))
            lat = l[i].latency_ms;
    free(l);
    return lat;
}

int sim_rc_resync_begin(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                        struct rc_side *y, struct store_pair_row *q, bool full,
                        struct sim_err *err)
{
    struct store_vv_row src, dst;
    if (vv_by_id(s, p->vv, &src, err) || vv_by_id(s, q->vv, &dst, err))
        return -1;
    if (p->full == FULL_SKIP) {
        /* admitted with -nosync: in sync by other means */
        p->full = q->full = FULL_NO;
        p->total = p->sent = 0;
        return pair_complete(s, x, p, y, q, err);
    }
    bool delta = !full && can_delta(s, x, p, q, src.name);
    /* protect a destination that held a valid point in time (§3.5 step 2) */
    if (p->ever_synced && !q->prot_snap && dst.used_blocks &&
        sim_rc_snapshot(s, &y->g, q, KIND_PROTECT, &q->prot_snap, err))
        return -1;
    if (queue_plan(s, x, p, q, delta, err))
        return -1;
    p->sent = 0;
    p->full = delta ? FULL_NO : FULL_NOW;
    q->full = FULL_NO;
    p->status = q->status = SIM_SYNC_SYNCING;
    if (pair_save(s, p, err) || pair_save(s, q, err) ||
        sim_event_add(s, SIM_EV_RESYNC_STARTED, x->a.name, x->g.name, err,
                      "%s sync of %s to %s:%s: %lld block(s) to send", delta ? "delta" : "full",
                      src.name, y->a.name, dst.name, (long long)p->total))
        return -1;
    /* the first block arrives one link latency later */
    int64_t now = sim_clock_now(s);
    if (x->t.xfer_at < now) {
        x->t.xfer_at = now + latency_of(s, &x->t);
        if (store_target_update(s->st, &x->t))
            return sim_store_fail(s, err, "target update");
    }
    if (p->total == 0)
        return pair_complete(s, x, p, y, q, err);
    return 0;
}

/* ---- start ----------------------------------------------------------------- */

static int set_started(struct sim *s, struct rc_side *x, struct sim_err *err)
{
    x->g.status = SIM_RC_STARTED;
    x->g.stop_reason = 0;
    return sim_rc_group_save(s, &x->g, err) ||
           sim_event_add(s, SIM_EV_GROUP_STARTED, x->a.name, x->g.name, err,
                         "group started (%s)", sim_rc_role_name((enum sim_rc_role)x->g.role));
}

int sim_rc_start_pair_of_groups(struct sim *s, struct rc_side *x, struct rc_side *y,
                                bool nosync, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;

    if (set_started(s, x, err) || set_started(s, y, err))
        return -1;
    if (x->g.mode == SIM_RC_PERIODIC && !nosync) {
        x->g.next_sync = sim_clock_now(s);
        return sim_rc_group_save(s, &x->g, err) || sim_rc_cycle_begin(s, x, y, false, false,
                                                                     err);
    }
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_pair_row q;
        int rc = sim_rc_peer_pair(s, y, &p[i], &q, err);
        if (rc <= 0) {
            ret = rc < 0 ? -1 : sim_fail(err, SIM_ENOENT_GROUP_VV, p[i].remote_vv,
                                         "volume %s is missing from the peer group",
                                         p[i].remote_vv);
            break;
        }
        if (nosync)
            p[i].full = FULL_SKIP;
        ret = sim_rc_resync_begin(s, x, &p[i], y, &q, false, err);
    }
    free(p);
    if (ret == 0 && x->g.mode == SIM_RC_PERIODIC && x->g.period) {
        if (sim_rc_side_load_id(s, x->g.id, x, err))
            return -1;
        x->g.next_sync = sim_clock_now(s) + x->g.period;
        ret = sim_rc_group_save(s, &x->g, err);
    }
    return ret;
}

/* ---- periodic cycles ----------------------------------------------------- */

int sim_rc_cycle_begin(struct sim *s, struct rc_side *x, struct rc_side *y, bool noresync,
                       bool full, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    int64_t now = sim_clock_now(s);

    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    /* one consistency point for the whole group (§4 step 2) */
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (p[i].full == FULL_SKIP)
            continue;
        ret = sim_rc_snapshot(s, &x->g, &p[i], KIND_RESYNC, &p[i].new_snap, err);
        if (ret == 0)
            ret = pair_save(s, &p[i], err);
    }
    x->g.cycle = noresync ? 2 : 1;
    x->g.last_sync = x->g.last_sync;   /* becomes the cycle's time when it completes */
    if (x->g.period)
        x->g.next_sync = now + x->g.period;
    if (ret == 0)
        ret = sim_rc_group_save(s, &x->g, err);
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_pair_row q;
        int rc = sim_rc_peer_pair(s, y, &p[i], &q, err);
        if (rc <= 0) {
            ret = rc < 0 ? -1 : sim_fail(err, SIM_ENOENT_GROUP_VV, p[i].remote_vv,
                                         "volume %s is missing from the peer group",
                                         p[i].remote_vv);
            break;
        }
        /* re-read: an earlier pair's completion may have saved the group */
        struct store_pair_row cur;
        if (store_pair_by_vv(s->st, p[i].vv, &cur) != 1) {
            ret = sim_store_fail(s, err, "pair get");
            break;
        }
        ret = sim_rc_resync_begin(s, x, &cur, y, &q, full, err);
    }
    free(p);
    return ret;
}

/* ---- completion -------------------------------------------------------- */

static int group_cycle_done(struct sim *s, struct rc_side *x, struct rc_side *y, int64_t when,
                            struct sim_err *err);

static int pair_complete(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                         struct rc_side *y, struct store_pair_row *q, struct sim_err *err)
{
    struct store_vv_row src;
    int64_t when = 0;
    if (vv_by_id(s, p->vv, &src, err))
        return -1;
    bool full = p->full == FULL_NOW;
    if (x->g.mode == SIM_RC_PERIODIC && p->new_snap) {
        struct store_vv_row cut;
        if (vv_by_id(s, p->new_snap, &cut, err))
            return -1;
        when = cut.created;
        /* the new consistency point replaces the old (unless syncrcopy -n) */
        if (sim_rc_snapshot_drop(s, p->base_snap, err))
            return -1;
        p->base_snap = x->g.cycle == 2 ? 0 : p->new_snap;
        if (x->g.cycle == 2 && sim_rc_snapshot_drop(s, p->new_snap, err))
            return -1;
        p->new_snap = 0;
    } else {
        if (sim_rc_snapshot_drop(s, p->base_snap, err))
            return -1;
        p->base_snap = 0;
    }
    if (sim_rc_snapshot_drop(s, q->prot_snap, err) || sim_rc_snapshot_drop(s, q->base_snap, err))
        return -1;
    q->prot_snap = q->base_snap = 0;
    p->status = q->status = SIM_SYNC_SYNCED;
    p->ever_synced = q->ever_synced = true;
    p->last_sync = q->last_sync = when;
    p->sent = p->total;
    p->full = full ? FULL_DONE : FULL_NO;
    q->full = FULL_NO;
    if (pair_save(s, p, err) || pair_save(s, q, err) ||
        sim_event_add(s, SIM_EV_RESYNC_DONE, x->a.name, x->g.name, err,
                      "%s sync of %s done: %lld block(s) sent", full ? "full" : "delta",
                      src.name, (long long)p->sent))
        return -1;
    rclog(RCLOG_INFO, "group '%s': %s synced, %lld block(s) sent (%s)", x->g.name, src.name,
          (long long)p->sent, full ? "full" : "delta");
    return group_cycle_done(s, x, y, when, err);
}

/* When every pair of the group is synced: close a periodic cycle and
 * finish a pending restore. */
static int group_cycle_done(struct sim *s, struct rc_side *x, struct rc_side *y, int64_t when,
                            struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    bool all = true;
    for (size_t i = 0; i < n; i++)
        all &= p[i].status == SIM_SYNC_SYNCED;
    free(p);
    if (!all)
        return 0;
    if (sim_rc_side_load_id(s, x->g.id, x, err) || sim_rc_side_load_id(s, y->g.id, y, err))
        return -1;
    if (x->g.mode == SIM_RC_PERIODIC && x->g.cycle) {
        int64_t now = sim_clock_now(s);
        x->g.cycle = 0;
        x->g.last_sync = y->g.last_sync = when;
        if (x->g.period && x->g.next_sync && now > x->g.next_sync) {
            if ((x->g.policies & SIM_POL_OVER_PER_ALERT) &&
                sim_event_add(s, SIM_EV_SYNC_OVERRUN, x->a.name, x->g.name, err,
                              "sync took longer than its period of %lld s",
                              (long long)(x->g.period / 1000)))
                return -1;
            x->g.next_sync = now;   /* the next starts at once (§4 step 5) */
        }
        if (sim_rc_group_save(s, &x->g, err) || sim_rc_group_save(s, &y->g, err))
            return -1;
    }
    return sim_rc_dr_synced(s, x, y, err);
}

/* ---- the transfer engine ------------------------------------------------ */

/* Bytes per second the target's up links carry (loss taken off). */
static int64_t bandwidth_of(struct sim *s, const struct store_target_row *t)
{
    struct store_link_row *l;
    size_t n;
    int64_t bw = 0;
    if (store_link_list(s->st, t->id, &l, &n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (l[i].up)
            bw += (int64_t)l[i].bandwidth * 1048576 * (100 - l[i].loss) / 100;
    free(l);
    return bw;
}

/* The started source groups of a target with blocks queued, and how many. */
static int pending_of(struct sim *s, const struct store_target_row *t, int64_t *blocks,
                      struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    *blocks = 0;
    if (store_group_list_by_target(s->st, t->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    for (size_t i = 0; i < n; i++) {
        if (g[i].status != SIM_RC_STARTED || !sim_rc_is_source(g[i].role))
            continue;
        struct store_pair_row *p;
        size_t np;
        if (store_pair_list(s->st, g[i].id, &p, &np))
            continue;
        for (size_t j = 0; j < np; j++) {
            int64_t c;
            if (store_blkset_count(s->st, STORE_BLKSET_QUEUE, p[j].id, &c) == 0)
                *blocks += c;
        }
        free(p);
    }
    free(g);
    return 0;
}

static int xfer_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    struct store_target_row *t;
    size_t n;
    *when = 0;
    if (store_target_list_all(s->st, &t, &n))
        return sim_store_fail(s, err, "target list");
    for (size_t i = 0; i < n; i++) {
        int64_t blocks, bw;
        if (t[i].status != SIM_TARGET_READY || pending_of(s, &t[i], &blocks, err))
            continue;
        bw = bandwidth_of(s, &t[i]);
        if (!blocks || bw <= 0)
            continue;
        int64_t due = t[i].xfer_at + (blocks * SIM_BLOCK_SIZE * 1000 + bw - 1) / bw;
        if (!*when || due < *when)
            *when = due;
    }
    free(t);
    return 0;
}

/* A replication read or write failed during a resync (§3.8). */
static int xfer_error(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                      struct rc_side *y, struct store_pair_row *q, bool write,
                      struct sim_err *err)
{
    if (store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id))
        return sim_store_fail(s, err, "queue clear");
    if (write) {
        if (sim_event_add(s, SIM_EV_WRITE_ERROR, y->a.name, y->g.name, err,
                          "write to the secondary volume failed; group stops"))
            return -1;
        if (sim_rc_stop_side(s, x, STOP_WRITE_ERROR, false, err))
            return -1;
        return sim_rc_stop_side(s, y, STOP_WRITE_ERROR, false, err);
    }
    if (sim_event_add(s, SIM_EV_READ_ERROR, x->a.name, x->g.name, err,
                      "read error on the primary during sync; the sync is cancelled"))
        return -1;
    if (x->g.mode == SIM_RC_PERIODIC && q->prot_snap) {
        struct store_vv_row vv, prot;
        if (vv_by_id(s, q->vv, &vv, err) || vv_by_id(s, q->prot_snap, &prot, err) ||
            sim_vv_promote_row(s, &vv, &prot, err) || sim_rc_snapshot_drop(s, q->prot_snap, err))
            return -1;
        q->prot_snap = 0;
        p->status = q->status = SIM_SYNC_STALE;
        if (sim_rc_snapshot_drop(s, p->new_snap, err))
            return -1;
        p->new_snap = 0;
        x->g.cycle = 0;
        if (sim_rc_group_save(s, &x->g, err))
            return -1;
    } else {
        /* the first sync is cancelled: NotSynced, replication not stopped */
        p->status = q->status = SIM_SYNC_NOTSYNCED;
        p->full = FULL_NEXT;
    }
    return pair_save(s, p, err) || pair_save(s, q, err) ||
           sim_event_add(s, SIM_EV_RESYNC_FAILED, x->a.name, x->g.name, err,
                         "sync of pair %lld failed", (long long)p->id);
}

/* Sends up to budget queued blocks of pair p; returns how many went. */
static int64_t xfer_pair(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                         struct rc_side *y, int64_t budget, struct sim_err *err)
{
    struct store_pair_row q;
    struct store_vv_row src, dst, cut;
    int64_t *blks;
    size_t n;

    int rc = sim_rc_peer_pair(s, y, p, &q, err);
    if (rc <= 0)
        return rc < 0 ? -1 : 0;
    if (vv_by_id(s, p->vv, &src, err) || vv_by_id(s, q.vv, &dst, err))
        return -1;
    const struct store_vv_row *from = &src;
    if (x->g.mode == SIM_RC_PERIODIC && p->new_snap) {
        if (vv_by_id(s, p->new_snap, &cut, err))
            return -1;
        from = &cut;
    }
    if (store_blkset_head(s->st, STORE_BLKSET_QUEUE, p->id, (size_t)budget, &blks, &n))
        return sim_store_fail(s, err, "queue head");
    int64_t gen = sim_gen_next(s), sent = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t fp;
        int e = sim_vv_take_read_error(s, src.id, err);
        int w = e ? 0 : sim_vv_take_write_error(s, dst.id, err);
        if (e < 0 || w < 0) {
            free(blks);
            return -1;
        }
        if (e || w) {
            free(blks);
            if (sim_vv_save_usage(s, &dst, err) || xfer_error(s, x, p, y, &q, w, err))
                return -1;
            return sent;
        }
        if (sim_block_resolve(s, from, blks[i], &fp, err) ||
            sim_block_write(s, &dst, blks[i], fp, gen, err) ||
            store_blkset_remove(s->st, STORE_BLKSET_QUEUE, p->id, blks[i])) {
            free(blks);
            return -1;
        }
        sim_rc_stats_add(s, x->g.id, SIM_BLOCK_SIZE);
        sent++;
    }
    free(blks);
    if (sim_vv_save_usage(s, &dst, err))
        return -1;
    if (p->status == SIM_SYNC_SYNCING)
        p->sent += sent;
    int64_t left;
    if (store_blkset_count(s->st, STORE_BLKSET_QUEUE, p->id, &left))
        return sim_store_fail(s, err, "queue count");
    if (pair_save(s, p, err))
        return -1;
    if (left == 0 && p->status == SIM_SYNC_SYNCING && pair_complete(s, x, p, y, &q, err))
        return -1;
    return sent;
}

static int xfer_target(struct sim *s, struct store_target_row *t, int64_t now,
                       struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    int64_t bw = bandwidth_of(s, t), pending;
    if (t->status != SIM_TARGET_READY || bw <= 0 || pending_of(s, t, &pending, err))
        return 0;
    if (!pending) {
        if (t->xfer_at < now) {
            t->xfer_at = now;
            if (store_target_update(s->st, t))
                return sim_store_fail(s, err, "target update");
        }
        return 0;
    }
    if (now <= t->xfer_at)
        return 0;
    int64_t budget = (now - t->xfer_at) * bw / 1000 / SIM_BLOCK_SIZE;
    if (budget <= 0)
        return 0;
    if (store_group_list_by_target(s->st, t->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int64_t used = 0;
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0 && used < budget; i++) {
        struct rc_side x, y;
        if (g[i].status != SIM_RC_STARTED || !sim_rc_is_source(g[i].role))
            continue;
        if (sim_rc_side_load_id(s, g[i].id, &x, err) || sim_rc_peer_load(s, &x, &y, err) <= 0) {
            ret = -1;
            break;
        }
        struct store_pair_row *p;
        size_t np;
        if (store_pair_list(s->st, x.g.id, &p, &np)) {
            ret = sim_store_fail(s, err, "pair list");
            break;
        }
        for (size_t j = 0; j < np && used < budget; j++) {
            int64_t sent = xfer_pair(s, &x, &p[j], &y, budget - used, err);
            if (sent < 0) {
                ret = -1;
                break;
            }
            used += sent;
            /* a stop (write error) ends this group's turn */
            if (store_group_get_by_id(s->st, x.g.id, &x.g) != 1 ||
                x.g.status != SIM_RC_STARTED)
                break;
        }
        free(p);
    }
    free(g);
    if (ret)
        return -1;
    /* time moves on by what the sent blocks took, or to now when idle */
    if (store_target_get_by_id(s->st, t->id, t) != 1)
        return sim_store_fail(s, err, "target get");
    if (pending_of(s, t, &pending, err))
        return -1;
    t->xfer_at = pending ? t->xfer_at + used * SIM_BLOCK_SIZE * 1000 / bw : now;
    if (t->xfer_at > now)
        t->xfer_at = now;
    if (store_target_update(s->st, t))
        return sim_store_fail(s, err, "target update");
    return 0;
}

static int xfer_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_target_row *t;
    size_t n;
    if (store_target_list_all(s->st, &t, &n))
        return sim_store_fail(s, err, "target list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = xfer_target(s, &t[i], now, err);
    free(t);
    return ret;
}

const struct sim_timer_source sim_rc_transfer_timer = {
    .name = "remote copy transfer", .next_due = xfer_next, .run = xfer_run,
};

/* ---- the periodic schedule ---------------------------------------------- */

static int periodic_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    *when = 0;
    if (store_group_list_all(s->st, &g, &n))
        return sim_store_fail(s, err, "group list");
    for (size_t i = 0; i < n; i++) {
        if (g[i].mode != SIM_RC_PERIODIC || g[i].status != SIM_RC_STARTED || g[i].cycle ||
            !g[i].period || !g[i].next_sync || !sim_rc_is_source(g[i].role))
            continue;
        if (!*when || g[i].next_sync < *when)
            *when = g[i].next_sync;
    }
    free(g);
    return 0;
}

static int periodic_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_all(s->st, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (g[i].mode != SIM_RC_PERIODIC || g[i].status != SIM_RC_STARTED || g[i].cycle ||
            !g[i].period || !g[i].next_sync || g[i].next_sync > now ||
            !sim_rc_is_source(g[i].role))
            continue;
        struct rc_side x, y;
        if (sim_rc_side_load_id(s, g[i].id, &x, err) || sim_rc_peer_load(s, &x, &y, err) < 0) {
            ret = -1;
            break;
        }
        if (x.t.status != SIM_TARGET_READY)
            continue;
        rclog(RCLOG_INFO, "group '%s': periodic sync cycle", x.g.name);
        ret = sim_rc_cycle_begin(s, &x, &y, false, false, err);
    }
    free(g);
    return ret;
}

const struct sim_timer_source sim_rc_periodic_timer = {
    .name = "remote copy periodic sync", .next_due = periodic_next, .run = periodic_run,
};

/* ---- host writes -------------------------------------------------------- */

int sim_rc_write_begin(struct sim *s, const struct store_array_row *a,
                       const struct store_vv_row *vv, struct rc_write *w, struct sim_err *err)
{
    struct rc_side x = { .a = *a };
    memset(w, 0, sizeof(*w));
    int rc = store_pair_by_vv(s->st, vv->id, &w->p);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    if (rc == 0)
        return 0;
    /* the group and its target; the array is the one written to */
    if (store_group_get_by_id(s->st, w->p.group_id, &x.g) != 1 ||
        store_target_get_by_id(s->st, x.g.target_id, &x.t) != 1)
        return sim_store_fail(s, err, "group side");
    if (!sim_rc_is_source(x.g.role))
        return sim_fail(err, SIM_EREADONLY, vv->name,
                        "%s is a remote copy secondary (%s) and read-only", vv->name,
                        sim_rc_role_name((enum sim_rc_role)x.g.role));
    if (x.g.status == SIM_RC_FAILSAFE)
        return sim_fail(err, SIM_EFAILSAFE, vv->name, "group %s is in failsafe", x.g.name);
    w->group_id = x.g.id;
    bool reachable = x.t.status == SIM_TARGET_READY && sim_rc_reachable(s, &x.t);
    bool fail_wrt = (x.g.policies & SIM_POL_FAIL_WRT_ON_ERR) && x.g.mode == SIM_RC_SYNC;
    if (fail_wrt && !reachable && (x.g.status == SIM_RC_STARTED || x.g.stop_reason == STOP_LINK))
        return sim_fail(err, SIM_ETARGET_NOT_READY, vv->name,
                        "write refused: fail_wrt_on_err and the links to %s are down",
                        x.t.name);
    if (x.g.status != SIM_RC_STARTED)
        return 0;
    w->active = true;
    if (x.g.mode == SIM_RC_PERIODIC)
        return 0;
    if (!reachable) {
        w->log = true;          /* the NVRAM log of §3.2 */
        return 0;
    }
    if (x.g.mode == SIM_RC_ASYNC) {
        w->queue = true;
        return 0;
    }
    rc = store_vv_get(s->st, x.t.peer_array_id, w->p.remote_vv, &w->peer_vv);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0) {
        w->log = true;
        return 0;
    }
    int e = sim_vv_take_write_error(s, w->peer_vv.id, err);
    if (e < 0)
        return -1;
    if (e) {
        w->peer_write_error = true;
        w->log = true;
        return 0;
    }
    w->replicate = true;
    w->peer_gen = sim_gen_next(s);
    w->peer_used = w->peer_vv.used_blocks;
    w->peer_kept = w->peer_vv.kept_blocks;
    return 0;
}

int sim_rc_write_block(struct sim *s, struct rc_write *w, int64_t blk, uint64_t fp,
                       struct sim_err *err)
{
    if (w->replicate) {
        sim_rc_stats_add(s, w->group_id, SIM_BLOCK_SIZE);
        return sim_block_write(s, &w->peer_vv, blk, fp, w->peer_gen, err);
    }
    if ((w->log || w->queue) &&
        store_blkset_add(s->st, w->log ? STORE_BLKSET_DIRTY : STORE_BLKSET_QUEUE, w->p.id, blk))
        return sim_store_fail(s, err, "log write");
    return 0;
}

int sim_rc_write_end(struct sim *s, struct rc_write *w, struct sim_err *err)
{
    if (w->replicate && (w->peer_vv.used_blocks != w->peer_used ||
                         w->peer_vv.kept_blocks != w->peer_kept) &&
        sim_vv_save_usage(s, &w->peer_vv, err))
        return -1;
    if (!w->peer_write_error)
        return 0;
    /* §3.8: the host write completes; the group stops with snapshots */
    struct rc_side x, y;
    if (sim_rc_side_load_id(s, w->group_id, &x, err))
        return -1;
    int rc = sim_rc_peer_load(s, &x, &y, err);
    if (rc < 0 || sim_event_add(s, SIM_EV_WRITE_ERROR, x.a.name, x.g.name, err,
                                "replicated write to %s failed; group stops", w->p.remote_vv) ||
        sim_rc_stop_side(s, &x, STOP_WRITE_ERROR, false, err))
        return -1;
    return rc > 0 && y.g.status == SIM_RC_STARTED ? sim_rc_stop_side(s, &y, STOP_WRITE_ERROR,
                                                                      false, err)
                                                  : 0;
}
