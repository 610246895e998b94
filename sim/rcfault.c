/* sim/rcfault.c - the faults the control API injects: link faults (cut,
 * restore, latency, bandwidth, loss) on both ends of the links between two
 * arrays, and I/O errors on volumes that replication reads or writes.
 * Owns: applying a fault, consuming injected errors. Not: what a lost link
 * does to targets and groups (rctarget.c), what a failed replication I/O
 * does (resync.c). Docs: docs/control-api.md (links, faults),
 * docs/behaviour.md (injected errors). */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "store/rcopy.h"
#include "store/vv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Applies a fault to every link of target t (or the one on port nsp). */
static int fault_target(struct sim *s, const struct store_array_row *a,
                        const struct store_target_row *t, const char *nsp,
                        const struct sim_link_fault *f, size_t *hits, struct sim_err *err)
{
    struct store_link_row *l;
    size_t n;
    int64_t now = sim_clock_now(s);
    if (store_link_list(s->st, t->id, &l, &n))
        return sim_store_fail(s, err, "link list");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        if (nsp && strcmp(l[i].local_nsp, nsp) != 0)
            continue;
        (*hits)++;
        bool was_up = l[i].up;
        if (f->up >= 0)
            l[i].up = f->up;
        if (f->latency_ms >= 0)
            l[i].latency_ms = f->latency_ms;
        if (f->bandwidth_mbs >= 0)
            l[i].bandwidth = f->bandwidth_mbs;
        if (f->loss_pct >= 0)
            l[i].loss = f->loss_pct;
        if (was_up && !l[i].up)
            l[i].down_at = now;
        if (!was_up && l[i].up)
            l[i].down_at = 0;
        if (store_link_update(s->st, &l[i])) {
            ret = sim_store_fail(s, err, "link update");
            break;
        }
        if (was_up != l[i].up)
            ret = sim_event_add(s, l[i].up ? SIM_EV_LINK_UP : SIM_EV_LINK_DOWN, a->name,
                                t->name, err, "link %s:%s %s", l[i].local_nsp, l[i].address,
                                l[i].up ? "up" : "down");
        else
            ret = sim_event_add(s, SIM_EV_LINK_CHANGED, a->name, t->name, err,
                                "link %s:%s latency %d ms, bandwidth %d MB/s, loss %d%%",
                                l[i].local_nsp, l[i].address, l[i].latency_ms, l[i].bandwidth,
                                l[i].loss);
    }
    free(l);
    return ret;
}

/* The peer's local port that a link of a reaches, to fault both ends of
 * one physical link. */
static void peer_nsp(struct sim *s, const struct store_array_row *a, const char *nsp,
                     const struct store_target_row *t, char *out, size_t size)
{
    struct store_link_row *l;
    struct store_port_row *ports;
    size_t n, np;
    out[0] = '\0';
    if (store_link_list(s->st, t->id, &l, &n))
        return;
    for (size_t i = 0; i < n && !out[0]; i++) {
        if (strcmp(l[i].local_nsp, nsp) != 0 ||
            store_port_list(s->st, t->peer_array_id, &ports, &np))
            continue;
        for (size_t j = 0; j < np; j++)
            if (strcmp(ports[j].ip, l[i].address) == 0 || strcmp(ports[j].wwn, l[i].address) == 0)
                snprintf(out, size, "%d:%d:%d", ports[j].node, ports[j].slot, ports[j].port);
        free(ports);
    }
    free(l);
    (void)a;
}

int sim_link_fault_apply(struct sim *s, const char *a_name, const char *b_name,
                         const char *nsp, const struct sim_link_fault *f, struct sim_err *err)
{
    struct store_array_row a, b;
    struct store_target_row ta, tb;

    if (f->bandwidth_mbs == 0 || f->bandwidth_mbs > 1000000 || f->latency_ms > 600000 ||
        f->loss_pct > 100 || f->up > 1)
        return sim_fail(err, SIM_ERANGE, "link", "bandwidth 1..1000000 MB/s, latency"
                        " 0..600000 ms, loss 0..100%%");
    if (sim_array_load(s, a_name, &a, err) || sim_array_load(s, b_name, &b, err))
        return -1;
    int ra = store_target_get_by_peer(s->st, a.id, b.id, &ta);
    int rb = f->one_way ? 0 : store_target_get_by_peer(s->st, b.id, a.id, &tb);
    if (ra < 0 || rb < 0)
        return sim_store_fail(s, err, "target get");
    if (ra == 0 && rb == 0)
        return sim_fail(err, SIM_ENOENT_LINK, b_name, "no links %s %s and %s",
                        f->one_way ? "from" : "between", a_name, b_name);
    size_t hits = 0;
    char other[16] = "";
    if (nsp && sim_rc_check_nsp(nsp, err))
        return -1;
    if (nsp && ra > 0)
        peer_nsp(s, &a, nsp, &ta, other, sizeof(other));
    if ((ra > 0 && fault_target(s, &a, &ta, nsp, f, &hits, err)) ||
        (rb > 0 && (!nsp || other[0]) &&
         fault_target(s, &b, &tb, nsp ? other : NULL, f, &hits, err)))
        return -1;
    if (hits == 0)
        return sim_fail(err, SIM_ENOENT_LINK, nsp ? nsp : b_name, "no link on port %s of %s",
                        nsp ? nsp : "?", a_name);
    return sim_rc_eval_targets(s, err);
}

int sim_link_fault(struct sim *s, const char *a_name, const char *b_name, const char *nsp,
                   const struct sim_link_fault *f, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_link_fault_apply(s, a_name, b_name, nsp, f, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_vv_inject_errors(struct sim *s, const char *array, const char *name, int writes,
                         int reads, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    int64_t we, re;
    SIM_LOCK_SCOPE(s);

    if (writes < SIM_FAULT_KEEP || reads < SIM_FAULT_KEEP)
        return sim_fail(err, SIM_ERANGE, name, "count must be -1 (for ever), 0 or more");
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, name, &vv, err))
        return sim_txn_rollback(s);
    if (store_vv_fault_get(s->st, vv.id, &we, &re) < 0) {
        sim_store_fail(s, err, "fault get");
        return sim_txn_rollback(s);
    }
    if (writes != SIM_FAULT_KEEP)
        we = writes;
    if (reads != SIM_FAULT_KEEP)
        re = reads;
    if (store_vv_fault_set(s->st, vv.id, we, re) ||
        sim_event_add(s, SIM_EV_FAULT_INJECTED, a.name, name, err,
                      "errors injected: %lld write, %lld read (-1: until cleared)",
                      (long long)we, (long long)re)) {
        return sim_txn_rollback(s);
    }
    return sim_txn_commit(s, err);
}

/* Takes one injected error of a volume: 1 when this I/O fails. */
static int take_error(struct sim *s, int64_t vv, bool write, struct sim_err *err)
{
    int64_t we, re;
    int rc = store_vv_fault_get(s->st, vv, &we, &re);
    if (rc < 0)
        return sim_store_fail(s, err, "fault get");
    int64_t *c = write ? &we : &re;
    if (rc == 0 || *c == 0)
        return 0;
    if (*c > 0)
        (*c)--;
    if (store_vv_fault_set(s->st, vv, we, re))
        return sim_store_fail(s, err, "fault set");
    return 1;
}

int sim_vv_take_read_error(struct sim *s, int64_t vv, struct sim_err *err)
{
    return take_error(s, vv, false, err);
}

int sim_vv_take_write_error(struct sim *s, int64_t vv, struct sim_err *err)
{
    return take_error(s, vv, true, err);
}

/* ---- the quorum witness --------------------------------------------------- */

bool sim_rc_witness_reach(struct sim *s, const struct store_array_row *a,
                          const struct store_target_row *t)
{
    return a->powered && t->witness[0] && strcmp(t->witness_state, "started") == 0 &&
           store_witness_down(s->st, t->witness, 0) == 0 &&
           store_witness_down(s->st, t->witness, a->id) == 0;
}

/* Sets the fault on one witness address; *hits counts the addresses. */
static int witness_fault_one(struct sim *s, const char *address, const struct store_array_row *from,
                             bool up, struct sim_err *err)
{
    if (store_witness_fault_set(s->st, address, from ? from->id : 0, !up))
        return sim_store_fail(s, err, "witness fault");
    return sim_event_add(s, SIM_EV_WITNESS_CHANGED, from ? from->name : NULL, address, err,
                         "quorum witness %s %s%s%s", address, up ? "back" : "down",
                         from ? " as seen from " : "", from ? from->name : "");
}

int sim_witness_fault(struct sim *s, const char *address, const char *from, bool up,
                      struct sim_err *err)
{
    struct store_array_row a;
    struct store_target_row *t;
    size_t n, hits = 0;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (from && sim_array_load(s, from, &a, err))
        return sim_txn_rollback(s);
    if (store_target_list_all(s->st, &t, &n)) {
        sim_store_fail(s, err, "target list");
        return sim_txn_rollback(s);
    }
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        bool seen = false;
        if (!t[i].witness[0] || (address && strcmp(address, t[i].witness) != 0))
            continue;
        for (size_t j = 0; j < i && !seen; j++)   /* each address once */
            seen = strcmp(t[j].witness, t[i].witness) == 0;
        if (!seen && ++hits)
            ret = witness_fault_one(s, t[i].witness, from ? &a : NULL, up, err);
    }
    free(t);
    if (ret == 0 && hits == 0)
        ret = sim_fail(err, SIM_ENOENT_WITNESS, address ? address : "quorum witness",
                       "no target names %s", address ? address : "a quorum witness");
    /* a witness lost or back may decide a failover now (§3.9) */
    if (ret || sim_rc_pp_review(s, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}
