/* sim/rcwrite.c - a host write to a replicated volume: what each leg of
 * the volume's groups does with it. Owns: the fan-out of one write to
 * every leg (struct rc_writes): written through to a sync peer behind
 * sim_rc_link_ok(), queued for async, held while the peer cannot be
 * reached; refused on a destination, in failsafe, and with
 * fail_wrt_on_err while the links are down. Not: the transfer engine and resyncs
 * (resync.c), the modes' rules (rcmode.c). Spec: docs/design.md §2.8,
 * §5.1, §5.2; docs/array-remote-copy.md §3.2 (fail_wrt_on_err). */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "store/block.h"
#include "store/rcopy.h"
#include "util/log.h"
#include "util/strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One leg of a write: what its pair p (loaded in w->p) does with it. */
static int write_leg_begin(struct sim *s, const struct store_array_row *a,
                           const struct store_vv_row *vv, struct rc_write *w,
                           struct sim_err *err)
{
    struct rc_side x = { .a = *a };
    int rc;
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
    bool reachable = sim_rc_link_ok(s, &x.t);
    const struct rc_mode_ops *m = rc_mode_of(&x.g);
    bool fail_wrt = x.g.policies & SIM_POL_FAIL_WRT_ON_ERR & m->policies;
    if (fail_wrt && !reachable && (x.g.status == SIM_RC_STARTED || x.g.stop_reason == RC_STOP_LINK))
        return sim_fail(err, SIM_ETARGET_NOT_READY, vv->name,
                        "write refused: fail_wrt_on_err and the links to %s are down",
                        x.t.name);
    if (x.g.status != SIM_RC_STARTED)
        return 0;
    w->active = true;
    if (m->host_write == RC_WRITE_NONE)
        return 0;
    if (!reachable) {
        w->log = true;          /* the NVRAM log of §3.2 */
        return 0;
    }
    if (m->host_write == RC_WRITE_QUEUE) {
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

static int write_leg_block(struct sim *s, struct rc_write *w, int64_t blk, uint64_t fp,
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

static int write_leg_end(struct sim *s, struct rc_write *w, struct sim_err *err)
{
    if (w->replicate && (w->peer_vv.used_blocks != w->peer_used ||
                         w->peer_vv.kept_blocks != w->peer_kept) &&
        sim_vv_save_usage(s, &w->peer_vv, err))
        return -1;
    /* streaming falls behind from the first write the queue holds */
    if (w->queue || w->log) {
        struct store_group_row g;
        if (store_group_get_by_id(s->st, w->group_id, &g) != 1)
            return sim_store_fail(s, err, "group get");
        if (!g.lag_since && rc_mode_of(&g)->coordinated) {
            g.lag_since = sim_clock_now(s);
            if (sim_rc_group_save(s, &g, err))
                return -1;
        }
    }
    if (!w->peer_write_error)
        return 0;
    /* §3.8: the host write completes; the group stops with snapshots */
    struct rc_side x, y;
    if (sim_rc_side_load_id(s, w->group_id, &x, err))
        return -1;
    int rc = sim_rc_peer_load(s, &x, &y, err);
    if (rc < 0 || sim_event_add(s, SIM_EV_WRITE_ERROR, x.a.name, x.g.name, err,
                                "replicated write to %s failed; group stops", w->p.remote_vv) ||
        sim_rc_stop_side(s, &x, RC_STOP_WRITE_ERROR, false, err))
        return -1;
    return rc > 0 && y.g.status == SIM_RC_STARTED ? sim_rc_stop_side(s, &y, RC_STOP_WRITE_ERROR,
                                                                      false, err)
                                                  : 0;
}

/* A volume in a multi-target group has one pair per leg: the write goes
 * to each as that leg's mode says (a leg that is not a source refuses it,
 * as the volume is then a secondary). */
int sim_rc_write_begin(struct sim *s, const struct store_array_row *a,
                       const struct store_vv_row *vv, struct rc_writes *w, struct sim_err *err)
{
    struct store_pair_row *p;
    size_t n;
    memset(w, 0, sizeof(*w));
    if (store_pair_list_by_vv(s->st, vv->id, &p, &n))
        return sim_store_fail(s, err, "pair list");
    int ret = n > SIM_RC_LEGS_MAX ? sim_store_fail(s, err, "more pairs than legs") : 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        w->leg[i].p = p[i];
        ret = write_leg_begin(s, a, vv, &w->leg[i], err);
        w->active |= w->leg[i].active;
    }
    w->n = ret ? 0 : n;
    free(p);
    return ret;
}

int sim_rc_write_block(struct sim *s, struct rc_writes *w, int64_t blk, uint64_t fp,
                       struct sim_err *err)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->leg[i].active && write_leg_block(s, &w->leg[i], blk, fp, err))
            return -1;
    return 0;
}

int sim_rc_write_end(struct sim *s, struct rc_writes *w, struct sim_err *err)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->leg[i].active && write_leg_end(s, &w->leg[i], err))
            return -1;
    return 0;
}
