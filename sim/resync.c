/* sim/resync.c - the replication engine: writes through to the peer,
 * stops on failure, resyncs after, periodic cycles, paced transfer.
 * Owns: what start and stop do to data, remote-copy snapshots, the resync
 * queue and in-flight log, transfer pacing by link bandwidth and latency.
 * Not: roles and commands (group.c), links (rctarget.c). Spec:
 * docs/array-remote-copy.md §2.4 (start, stop), §3 (failure and return), §4
 * (periodic), docs/design.md §2.8.
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
 * where it was after a restart.
 *
 * Invariants (checked by tests/unit/sim_rcprop.c and the crash test)
 *   1. One consistency point per group: the snapshots that hold a group's
 *      last consistent point (the source's base or cycle snapshots, the
 *      destination's protection snapshots) change only in group_done, for
 *      every pair at once, when every pair is Synced; a cut rolls every
 *      destination volume back to them (periodic) or keeps them for a
 *      failover to promote (sync). Outside a transfer, the destination
 *      volumes of a group are all at one point in time.
 *   2. LastSyncTime of a periodic group moves only in group_done.
 *   3. A pair shows Synced with nothing in flight (no queued or held block)
 *      only when both sides hold equal data (sync, async), or the point of
 *      the last completed cycle (periodic).
 *   4. Blocks move only in xfer_pair and sim_rc_write_block, each behind
 *      sim_rc_link_ok(); the timer sources ask the same predicate for
 *      "due" as for "run", so a due timer always makes progress. */
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

#define GEN_MAX INT64_MAX

/* ---- remote-copy snapshots ------------------------------------------- */

int sim_rc_snapshot(struct sim *s, const struct store_group_row *g, struct store_pair_row *p,
                    enum rc_snap_kind kind, int64_t *snap_id, struct sim_err *err)
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
                         kind == RC_SNAP_PROTECT ? "protection" :
                         kind == RC_SNAP_FAILOVER ? "failover" : "resync", vv.name);
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

static int vv_by_id(struct sim *s, int64_t id, struct store_vv_row *out, struct sim_err *err)
{
    int rc = store_vv_get_by_id(s->st, id, out);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return sim_fail(err, SIM_EINTERNAL, "", "volume %lld missing", (long long)id);
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
    rc = store_pair_get_in_group(s->st, y->g.id, vv.id, q);
    if (rc < 0)
        return sim_store_fail(s, err, "pair get");
    return rc;
}

/* ---- stop ---------------------------------------------------------------- */

static int stop_source_pair(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                            bool nosnap, int64_t now, struct sim_err *err)
{
    /* whatever was still queued must go again: keep it in the log */
    if (store_blkset_merge(s->st, STORE_BLKSET_QUEUE, STORE_BLKSET_DIRTY, p->id) ||
        store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id))
        return sim_store_fail(s, err, "queue");
    /* a cycle cut before the whole group reached its new point leaves the
     * secondary rolled back to the older point (§3.3): every volume of the
     * cycle that had one shows Stale, on both sides, sent or not yet */
    bool cut = false;
    const struct rc_mode_ops *m = rc_mode_of(&x->g);
    if (m->cycles && p->new_snap) {
        /* a cycle in flight is abandoned; the last resync snapshot stays */
        if (sim_rc_snapshot_drop(s, p->new_snap, err))
            return -1;
        p->new_snap = 0;
        cut = p->ever_synced;
    }
    if (nosnap) {
        if (sim_rc_snapshot_drop(s, p->base_snap, err))
            return -1;
        p->base_snap = 0;
        if (p->ever_synced)
            p->full = RC_FULL_NEXT;
    } else if (m->stop_snapshots && p->ever_synced && !p->base_snap &&
               p->full != RC_FULL_NOW) {
        /* §3.2: a snapshot of every volume that had completed initial sync */
        if (sim_rc_snapshot(s, &x->g, p, RC_SNAP_RESYNC, &p->base_snap, err))
            return -1;
    }
    if (p->status != SIM_SYNC_NEW)
        p->status = cut ? SIM_SYNC_STALE : SIM_SYNC_STOPPED;
    if (p->full == RC_FULL_NOW)
        p->full = RC_FULL_NEXT;
    if (!rc_mode_points(m))
        p->last_sync = now;
    return pair_save(s, p, err);
}

/* Rolls a destination volume back to its protection snapshot (the group's
 * last consistent point) and drops the snapshot: Stale. */
static int dest_rollback(struct sim *s, struct store_pair_row *q, struct sim_err *err)
{
    struct store_vv_row vv, prot;
    if (vv_by_id(s, q->vv, &vv, err) || vv_by_id(s, q->prot_snap, &prot, err) ||
        sim_vv_promote_row(s, &vv, &prot, err) || sim_rc_snapshot_drop(s, q->prot_snap, err))
        return -1;
    q->prot_snap = 0;
    q->status = SIM_SYNC_STALE;
    return 0;
}

static int stop_dest_pair(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                          int64_t now, struct sim_err *err)
{
    const struct rc_mode_ops *m = rc_mode_of(&x->g);
    if (m->cut_rolls_back && p->prot_snap) {
        /* §3.3: a failed cycle rolls every secondary volume of the group
         * back to the point its snapshot holds, those already sent too */
        if (dest_rollback(s, p, err))
            return -1;
    } else if (p->status != SIM_SYNC_NEW && p->status != SIM_SYNC_STALE) {
        p->status = SIM_SYNC_STOPPED;
    }
    if (!rc_mode_points(m))
        p->last_sync = now;
    return pair_save(s, p, err);
}

int sim_rc_stop_side(struct sim *s, struct rc_side *x, enum rc_stop_reason reason, bool nosnap,
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
    struct sim_err *err;
};

static int plan_add(void *p, int64_t blk, uint64_t fp)
{
    struct plan_ctx *pc = p;
    (void)fp;
    if (store_blkset_add(pc->s->st, STORE_BLKSET_QUEUE, pc->pair_id, blk))
        return sim_store_fail(pc->s, pc->err, "queue add");
    return 0;
}

/* Whether a delta is possible; logs why not, as psync does. */
static bool can_delta(struct sim *s, const struct rc_side *x, const struct store_pair_row *p,
                      const struct store_pair_row *q, const char *vv_name)
{
    struct store_vv_row snap;
    const char *why = NULL;
    if (p->full == RC_FULL_NEXT || q->full == RC_FULL_NEXT)
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
    struct plan_ctx pc = { .s = s, .pair_id = p->id, .err = err };

    if (vv_by_id(s, p->vv, &src, err) || vv_by_id(s, q->vv, &dst, err))
        return -1;
    if (store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id))
        return sim_store_fail(s, err, "queue clear");
    int64_t to_gen = GEN_MAX;
    struct store_vv_row cut;
    if (rc_mode_of(&x->g)->cycles && p->new_snap) {
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
    if (p->full == RC_FULL_SKIP) {
        /* admitted with -nosync: in sync by other means; the caller's
         * sim_rc_resync_settle() completes it with the others */
        p->full = q->full = RC_FULL_NO;
        p->total = p->sent = 0;
        if (store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id))
            return sim_store_fail(s, err, "queue clear");
        p->status = q->status = SIM_SYNC_SYNCING;
        return pair_save(s, p, err) || pair_save(s, q, err);
    }
    bool delta = !full && can_delta(s, x, p, q, src.name);
    /* protect a destination that held a valid point in time (§3.5 step 2,
     * §4 step 3.1), empty or not; an unfinished resync keeps the snapshot
     * of the point before it */
    if (p->ever_synced && !q->prot_snap &&
        sim_rc_snapshot(s, &y->g, q, RC_SNAP_PROTECT, &q->prot_snap, err))
        return -1;
    if (queue_plan(s, x, p, q, delta, err))
        return -1;
    p->sent = 0;
    p->full = delta ? RC_FULL_NO : RC_FULL_NOW;
    q->full = RC_FULL_NO;
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
    return 0;
}

int sim_rc_resend_held(struct sim *s, const struct rc_side *x, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (rc_mode_of(&x->g)->host_write == RC_WRITE_NONE)
        return 0;   /* cycles send snapshot deltas, not writes */
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        int64_t left;
        if (store_blkset_merge(s->st, STORE_BLKSET_DIRTY, STORE_BLKSET_QUEUE, p[i].id) ||
            store_blkset_clear(s->st, STORE_BLKSET_DIRTY, p[i].id) ||
            store_blkset_count(s->st, STORE_BLKSET_QUEUE, p[i].id, &left)) {
            ret = sim_store_fail(s, err, "in-flight log");
            break;
        }
        /* a resync under way now has these blocks to send as well */
        if (p[i].status == SIM_SYNC_SYNCING && p[i].sent + left != p[i].total) {
            p[i].total = p[i].sent + left;
            ret = pair_save(s, &p[i], err);
        }
    }
    free(p);
    return ret;
}

int sim_rc_resync_settle(struct sim *s, struct rc_side *x, struct rc_side *y,
                         struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_pair_row cur, q;
        int64_t left;
        /* re-read: a completion before may have saved this pair */
        if (store_pair_get_in_group(s->st, p[i].group_id, p[i].vv, &cur) != 1 ||
            store_blkset_count(s->st, STORE_BLKSET_QUEUE, cur.id, &left)) {
            ret = sim_store_fail(s, err, "pair get");
            break;
        }
        if (cur.status != SIM_SYNC_SYNCING || left)
            continue;
        int rc = sim_rc_peer_pair(s, y, &cur, &q, err);
        if (rc <= 0) {
            ret = rc;
            continue;
        }
        ret = pair_complete(s, x, &cur, y, &q, err);
    }
    free(p);
    return ret;
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
    const struct rc_mode_ops *m = rc_mode_of(&x->g);
    if (m->cycles && !nosync) {
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
            p[i].full = RC_FULL_SKIP;
        ret = sim_rc_resync_begin(s, x, &p[i], y, &q, false, err);
    }
    free(p);
    if (ret == 0)
        ret = sim_rc_resync_settle(s, x, y, err);
    if (ret == 0 && m->cycles && x->g.period) {
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
        if (p[i].full == RC_FULL_SKIP)
            continue;
        ret = sim_rc_snapshot(s, &x->g, &p[i], RC_SNAP_RESYNC, &p[i].new_snap, err);
        if (ret == 0)
            ret = pair_save(s, &p[i], err);
    }
    /* the group's Last-Sync moves to the cycle's point when every volume
     * has reached it (group_done) */
    x->g.cycle = noresync ? 2 : 1;
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
        struct store_pair_row cur;
        if (store_pair_get_in_group(s->st, p[i].group_id, p[i].vv, &cur) != 1) {
            ret = sim_store_fail(s, err, "pair get");
            break;
        }
        ret = sim_rc_resync_begin(s, x, &cur, y, &q, full, err);
    }
    free(p);
    /* every pair is planned before any completes: the cycle closes once */
    return ret ? ret : sim_rc_resync_settle(s, x, y, err);
}

/* ---- completion -------------------------------------------------------- */

static int group_done(struct sim *s, struct rc_side *x, struct rc_side *y, struct sim_err *err);

/* One pair has every block: Synced on both sides. Its snapshots stay until
 * the whole group is there (group_done): until then the group's last
 * consistent point is the one before this resync or cycle. */
static int pair_complete(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                         struct rc_side *y, struct store_pair_row *q, struct sim_err *err)
{
    struct store_vv_row src;
    if (vv_by_id(s, p->vv, &src, err))
        return -1;
    bool full = p->full == RC_FULL_NOW;
    p->status = q->status = SIM_SYNC_SYNCED;
    p->ever_synced = q->ever_synced = true;
    if (!rc_mode_points(rc_mode_of(&x->g)))
        p->last_sync = q->last_sync = 0;    /* NA while synced (§2.1) */
    p->sent = p->total;
    p->full = full ? RC_FULL_DONE : RC_FULL_NO;
    q->full = RC_FULL_NO;
    if (pair_save(s, p, err) || pair_save(s, q, err) ||
        sim_event_add(s, SIM_EV_RESYNC_DONE, x->a.name, x->g.name, err,
                      "%s sync of %s done: %lld block(s) sent", full ? "full" : "delta",
                      src.name, (long long)p->sent))
        return -1;
    rclog(RCLOG_INFO, "group '%s': %s synced, %lld block(s) sent (%s)", x->g.name, src.name,
          (long long)p->sent, full ? "full" : "delta");
    return group_done(s, x, y, err);
}

/* The time of a periodic cycle's consistency point: when its snapshots
 * were taken (one transaction, so one time for every volume); 0: none. */
static int cycle_point(struct sim *s, const struct store_pair_row *p, size_t n, int64_t *when,
                       struct sim_err *err)
{
    *when = 0;
    for (size_t i = 0; i < n && !*when; i++) {
        struct store_vv_row snap;
        if (p[i].new_snap && vv_by_id(s, p[i].new_snap, &snap, err))
            return -1;
        if (p[i].new_snap)
            *when = snap.created;
    }
    return 0;
}

/* The group as a whole reached its new point: the common-point snapshots
 * of every pair go (sync, async) or rotate (periodic), the destination's
 * protection snapshots go, and LastSyncTime moves (§3.5 step 4, §4 step
 * 3.4). */
static int pair_reach_point(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
                            const struct rc_side *y, int64_t when, struct sim_err *err)
{
    struct store_pair_row q;
    int rc = sim_rc_peer_pair(s, y, p, &q, err);
    if (rc < 0 || sim_rc_snapshot_drop(s, p->base_snap, err))
        return -1;
    p->base_snap = 0;
    bool cycles = rc_mode_of(&x->g)->cycles;
    if (cycles && p->new_snap) {
        /* the new consistency point replaces the old (unless syncrcopy -n) */
        if (x->g.cycle == 2 && sim_rc_snapshot_drop(s, p->new_snap, err))
            return -1;
        p->base_snap = x->g.cycle == 2 ? 0 : p->new_snap;
        p->new_snap = 0;
    }
    if (cycles && when)
        p->last_sync = when;
    if (pair_save(s, p, err))
        return -1;
    if (rc == 0)
        return 0;
    if (sim_rc_snapshot_drop(s, q.prot_snap, err) || sim_rc_snapshot_drop(s, q.base_snap, err))
        return -1;
    q.prot_snap = q.base_snap = 0;
    if (cycles && when)
        q.last_sync = when;
    return pair_save(s, &q, err);
}

/* When every pair of the group is synced: one new point for the group,
 * a periodic cycle closed, a pending restore finished. */
static int group_done(struct sim *s, struct rc_side *x, struct rc_side *y, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    int64_t when;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    bool all = true;
    for (size_t i = 0; i < n; i++)
        all &= p[i].status == SIM_SYNC_SYNCED;
    int ret = !all ? 0 : sim_rc_side_load_id(s, x->g.id, x, err) ||
                         sim_rc_side_load_id(s, y->g.id, y, err) ||
                         cycle_point(s, p, n, &when, err);
    bool coordinated = all && ret == 0 && rc_mode_of(&x->g)->coordinated;
    for (size_t i = 0; all && !coordinated && i < n && ret == 0; i++)
        ret = pair_reach_point(s, x, &p[i], y, when, err);
    free(p);
    if (!all || ret)
        return ret;
    /* streaming: the resync has made both sides equal, a coordinated point */
    if (coordinated && sim_rc_coordinate(s, x, y, false, err))
        return -1;
    if (rc_mode_of(&x->g)->cycles && x->g.cycle) {
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

/* ---- coordinated snapshots (async streaming) ------------------------------- */

/* snap_freq 0: the shortest the array takes, so that a group that never
 * set one still gets points (docs/behaviour.md) */
#define COORD_DEFAULT_MS 300000

static int64_t coord_interval(const struct store_group_row *g)
{
    return g->snap_freq > 0 ? g->snap_freq : COORD_DEFAULT_MS;
}

int sim_rc_drained(struct sim *s, const struct rc_side *x, bool *yes, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    *yes = true;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    for (size_t i = 0; i < n && *yes; i++) {
        int64_t queued, held;
        if (store_blkset_count(s->st, STORE_BLKSET_QUEUE, p[i].id, &queued) ||
            store_blkset_count(s->st, STORE_BLKSET_DIRTY, p[i].id, &held)) {
            free(p);
            return sim_store_fail(s, err, "queue count");
        }
        *yes = !queued && !held && p[i].status == SIM_SYNC_SYNCED;
    }
    free(p);
    return 0;
}

/* One pair's coordinated snapshots: the source's replaces its base (the
 * delta's start after a cut), the destination's its protection (what a cut
 * rolls back to); at_stop: the destination is at the point already and
 * keeps none. */
static int coordinate_pair(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
                           const struct rc_side *y, bool at_stop, int64_t now,
                           struct sim_err *err)
{
    struct store_pair_row q;
    int rc = sim_rc_peer_pair(s, y, p, &q, err);
    if (rc <= 0)
        return rc;
    if (sim_rc_snapshot_drop(s, p->base_snap, err) || sim_rc_snapshot_drop(s, q.prot_snap, err))
        return -1;
    p->base_snap = q.prot_snap = 0;
    if (sim_rc_snapshot(s, &x->g, p, RC_SNAP_RESYNC, &p->base_snap, err) ||
        (!at_stop && sim_rc_snapshot(s, &y->g, &q, RC_SNAP_PROTECT, &q.prot_snap, err)))
        return -1;
    p->last_sync = q.last_sync = now;
    return pair_save(s, p, err) || pair_save(s, &q, err);
}

int sim_rc_coordinate(struct sim *s, struct rc_side *x, struct rc_side *y, bool at_stop,
                      struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    int64_t now = sim_clock_now(s);
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = coordinate_pair(s, x, &p[i], y, at_stop, now, err);
    free(p);
    if (ret || sim_rc_side_load_id(s, x->g.id, x, err) || sim_rc_side_load_id(s, y->g.id, y, err))
        return -1;
    x->g.cycle = 0;
    x->g.lag_since = 0;
    x->g.next_sync = now + coord_interval(&x->g);
    x->g.last_sync = y->g.last_sync = now;
    return sim_rc_group_save(s, &x->g, err) || sim_rc_group_save(s, &y->g, err) ||
           sim_event_add(s, SIM_EV_RC_SNAPSHOT, x->a.name, x->g.name, err,
                         "coordinated snapshots of group %s on both sides", x->g.name);
}

/* A coordinated point once the queue has drained; until then, pending
 * (cycle 1). Returns whether the point was taken. */
static int coordinate_when_drained(struct sim *s, struct rc_side *x, struct rc_side *y,
                                   struct sim_err *err)
{
    bool yes;
    if (sim_rc_drained(s, x, &yes, err))
        return -1;
    if (yes)
        return sim_rc_coordinate(s, x, y, false, err);
    if (x->g.cycle)
        return 0;
    x->g.cycle = 1;
    return sim_rc_group_save(s, &x->g, err);
}

/* Both sides of a due group, loaded when the peer can be reached: 1 loaded,
 * 0 not reachable (or no peer group), -1 failed. The timers ask it for
 * "due" and "run" alike. */
static int reachable_sides(struct sim *s, const struct store_group_row *g, struct rc_side *x,
                           struct rc_side *y, struct sim_err *err)
{
    if (sim_rc_side_load_id(s, g->id, x, err))
        return -1;
    if (!sim_rc_link_ok(s, &x->t))
        return 0;
    return sim_rc_peer_load(s, x, y, err);
}

/* A streaming group whose point is due (or pending) and whose peer can be
 * reached: 1 with x and y loaded, 0 not due, -1. Due at next_sync, or at
 * once while pending; the same for next and run. */
static int coord_due(struct sim *s, const struct store_group_row *g, int64_t now,
                     struct rc_side *x, struct rc_side *y, struct sim_err *err)
{
    if (!rc_mode_of(g)->coordinated || g->status != SIM_RC_STARTED ||
        !sim_rc_is_source(g->role) || !g->next_sync || (!g->cycle && g->next_sync > now))
        return 0;
    return reachable_sides(s, g, x, y, err);
}

static int coord_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    *when = 0;
    if (store_group_list_all(s->st, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x, y;
        /* pending points are taken by the transfer that drains the queue */
        if (g[i].cycle)
            continue;
        int rc = coord_due(s, &g[i], INT64_MAX, &x, &y, err);
        if (rc < 0)
            ret = -1;
        else if (rc > 0 && (!*when || g[i].next_sync < *when))
            *when = g[i].next_sync;
    }
    free(g);
    return ret;
}

static int coord_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_all(s->st, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x, y;
        int rc = coord_due(s, &g[i], now, &x, &y, err);
        if (rc <= 0) {
            ret = rc;
            continue;
        }
        ret = coordinate_when_drained(s, &x, &y, err);
    }
    free(g);
    return ret;
}

const struct sim_timer_source sim_rc_coord_timer = {
    .name = "remote copy coordinated snapshots", .next_due = coord_next, .run = coord_run,
};

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

/* What target t can send now: the blocks waiting and the bytes per second,
 * both 0 unless data may move at all (sim_rc_link_ok: both arrays on and
 * reachable). xfer_next and xfer_target ask the same, so a transfer is
 * due exactly when it can run. */
static int xfer_pending(struct sim *s, const struct store_target_row *t, int64_t *blocks,
                        int64_t *bw, struct sim_err *err)
{
    *blocks = *bw = 0;
    if (!sim_rc_link_ok(s, t) || (*bw = bandwidth_of(s, t)) <= 0)
        return 0;
    return pending_of(s, t, blocks, err);
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
        if (xfer_pending(s, &t[i], &blocks, &bw, err) || !blocks)
            continue;
        int64_t due = t[i].xfer_at + (blocks * SIM_BLOCK_SIZE * 1000 + bw - 1) / bw;
        if (!*when || due < *when)
            *when = due;
    }
    free(t);
    return 0;
}

/* One pair of a periodic cycle that fails while the group stays started:
 * back to the last consistent point (Stale), or, in a first sync, nothing
 * valid to go back to (NotSynced, full next time). */
static int cycle_abort_pair(struct sim *s, struct store_pair_row *p, const struct rc_side *y,
                            struct sim_err *err)
{
    struct store_pair_row q;
    int rc = sim_rc_peer_pair(s, y, p, &q, err);
    if (rc < 0 || store_blkset_clear(s->st, STORE_BLKSET_QUEUE, p->id) ||
        sim_rc_snapshot_drop(s, p->new_snap, err))
        return -1;
    p->new_snap = 0;
    if (rc > 0 && q.prot_snap) {
        if (dest_rollback(s, &q, err))
            return -1;
        p->status = SIM_SYNC_STALE;
    } else if (p->status == SIM_SYNC_SYNCING) {
        p->status = q.status = SIM_SYNC_NOTSYNCED;
        p->full = RC_FULL_NEXT;
    }
    return pair_save(s, p, err) || (rc > 0 && pair_save(s, &q, err));
}

/* A periodic cycle fails while the group stays started (a read error,
 * §3.8, §4 step 7): the whole group goes back to its last consistent
 * point, every volume of it, sent or not; the next cycle starts there. */
static int cycle_abort(struct sim *s, struct rc_side *x, struct rc_side *y, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    if (store_pair_list(s->st, x->g.id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = cycle_abort_pair(s, &p[i], y, err);
    free(p);
    if (ret || sim_rc_side_load_id(s, x->g.id, x, err))
        return -1;
    x->g.cycle = 0;
    return sim_rc_group_save(s, &x->g, err);
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
        if (sim_rc_stop_side(s, x, RC_STOP_WRITE_ERROR, false, err))
            return -1;
        return sim_rc_stop_side(s, y, RC_STOP_WRITE_ERROR, false, err);
    }
    if (sim_event_add(s, SIM_EV_READ_ERROR, x->a.name, x->g.name, err,
                      "read error on the primary during sync; the sync is cancelled") ||
        sim_event_add(s, SIM_EV_RESYNC_FAILED, x->a.name, x->g.name, err,
                      "sync of pair %lld failed", (long long)p->id))
        return -1;
    if (rc_mode_of(&x->g)->cycles && p->new_snap)
        return cycle_abort(s, x, y, err);
    /* the first sync is cancelled: NotSynced, replication not stopped */
    p->status = q->status = SIM_SYNC_NOTSYNCED;
    p->full = RC_FULL_NEXT;
    return pair_save(s, p, err) || pair_save(s, q, err);
}

/* Sends up to budget queued blocks of pair p; returns how many went. */
static int64_t xfer_pair(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                         struct rc_side *y, int64_t budget, struct sim_err *err)
{
    struct store_pair_row q;
    struct store_vv_row src, dst, cut;
    int64_t *blks;
    size_t n;

    /* re-read: a failed cycle may have rolled back the pairs before */
    if (store_pair_get_in_group(s->st, p->group_id, p->vv, p) != 1)
        return sim_store_fail(s, err, "pair get");
    int rc = sim_rc_peer_pair(s, y, p, &q, err);
    if (rc <= 0)
        return rc < 0 ? -1 : 0;
    if (vv_by_id(s, p->vv, &src, err) || vv_by_id(s, q.vv, &dst, err))
        return -1;
    const struct store_vv_row *from = &src;
    if (rc_mode_of(&x->g)->cycles && p->new_snap) {
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
            (store_blkset_remove(s->st, STORE_BLKSET_QUEUE, p->id, blks[i]) &&
             sim_store_fail(s, err, "queue remove"))) {
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

/* Streaming groups of t whose queue drained are no longer behind. */
static int lag_settle(struct sim *s, const struct store_target_row *t, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_by_target(s->st, t->id, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x = { .g = g[i] };
        bool yes;
        if (!g[i].lag_since)
            continue;
        if ((ret = sim_rc_drained(s, &x, &yes, err)) || !yes)
            continue;
        g[i].lag_since = 0;
        ret = sim_rc_group_save(s, &g[i], err);
    }
    free(g);
    return ret;
}

static int xfer_target(struct sim *s, struct store_target_row *t, int64_t now,
                       struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    int64_t bw, pending;
    if (xfer_pending(s, t, &pending, &bw, err))
        return -1;
    if (!pending) {
        /* idle, or nothing may move: time passes without sending */
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
    return lag_settle(s, t, err);
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

/* A periodic group's cycle is due at next_sync when it is a started source
 * with a period, no cycle running, and data may move to its peer (both
 * arrays on and reachable). While the peer cannot be reached the cycle
 * waits and starts as soon as it can; a group whose target fails stops.
 * periodic_next and periodic_run ask the same, so a due cycle runs. */
static int cycle_due(struct sim *s, const struct store_group_row *g, struct rc_side *x,
                     struct rc_side *y, struct sim_err *err)
{
    if (!rc_mode_of(g)->cycles || g->status != SIM_RC_STARTED || g->cycle ||
        !g->period || !g->next_sync || !sim_rc_is_source(g->role))
        return 0;
    return reachable_sides(s, g, x, y, err);
}

static int periodic_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    *when = 0;
    if (store_group_list_all(s->st, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x, y;
        int rc = cycle_due(s, &g[i], &x, &y, err);
        if (rc < 0)
            ret = -1;
        else if (rc > 0 && (!*when || g[i].next_sync < *when))
            *when = g[i].next_sync;
    }
    free(g);
    return ret;
}

static int periodic_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_group_row *g;
    size_t n;
    if (store_group_list_all(s->st, &g, &n))
        return sim_store_fail(s, err, "group list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct rc_side x, y;
        if (g[i].next_sync > now)
            continue;
        int rc = cycle_due(s, &g[i], &x, &y, err);
        if (rc <= 0) {
            ret = rc;
            continue;
        }
        rclog(RCLOG_INFO, "group '%s': periodic sync cycle", x.g.name);
        ret = sim_rc_cycle_begin(s, &x, &y, false, false, err);
    }
    free(g);
    return ret;
}

const struct sim_timer_source sim_rc_periodic_timer = {
    .name = "remote copy periodic sync", .next_due = periodic_next, .run = periodic_run,
};
