/* sim/pcopy.c - physical copies of volumes, run as tasks on the simulated
 * clock. Owns: vv_pcopies rows and their block queues, the copy timer, the
 * refusals while a copy runs. Not: conversions (vvtune.c), snapshots and
 * blocks (vv.c, block.c), task rows (task.c). Spec:
 * docs/array-interfaces.md §2.3 (createPhysicalCopy, stopOnlinePhysicalCopy), §2.8
 * (tasks); docs/behaviour.md (Physical copies).
 *
 * A copy takes a read-only snapshot of the source, so that it copies one
 * point in time while the source goes on being written, and queues the
 * blocks to send: every block that snapshot or the destination holds (a
 * full copy), or only the blocks the source changed since the snapshot a
 * previous copy saved (a resync). The timer sends them in block order at
 * the array's copy rate (MiB/s of written data, fixture copy_rate_mbs), so
 * a copy costs the written blocks, never the volume size. When the queue
 * is empty the task is done and the snapshot goes, unless it is saved for
 * the next resync. */
#include "sim/internal.h"
#include "sim/pcopy.h"
#include "sim/task.h"
#include "store/cpg.h"
#include "store/pcopy.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PCOPY_COPYING = 1, PCOPY_DONE = 2, PCOPY_STOPPED = 3 };

static int64_t rate_of(const struct store_array_row *a)
{
    return (int64_t)(a->copy_rate > 0 ? a->copy_rate : 300) * 1048576;
}

static int vv_row(struct sim *s, int64_t id, struct store_vv_row *out, struct sim_err *err)
{
    int rc = store_vv_get_by_id(s->st, id, out);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    return rc;
}

/* ---- planning ------------------------------------------------------------ */

struct queue_ctx {
    struct sim *s;
    int64_t dest;
};

static int queue_blk(void *p, int64_t blk, uint64_t fp)
{
    struct queue_ctx *q = p;
    (void)fp;
    return store_pcopy_queue_add(q->s->st, q->dest, blk) ? -1 : 0;
}

/* Queues what a copy of snap into dest sends: a full copy sends every
 * block either holds (so the destination ends equal), a resync from the
 * saved snapshot old only what the source changed since. */
static int plan(struct sim *s, const struct store_vv_row *src, const struct store_vv_row *snap,
                const struct store_vv_row *old, const struct store_vv_row *dest,
                int64_t *total, struct sim_err *err)
{
    struct queue_ctx q = { .s = s, .dest = dest->id };
    int rc = old ? sim_block_diff_gens(s, src, old->base_gen, snap->base_gen, queue_blk, &q, err)
                 : sim_block_visit(s, snap, 0, INT64_MAX, queue_blk, &q, err) ||
                   sim_block_visit(s, dest, 0, INT64_MAX, queue_blk, &q, err);
    if (rc)
        return -1;
    if (store_pcopy_queue_count(s->st, dest->id, total))
        return sim_store_fail(s, err, "copy queue");
    return 0;
}

/* The point-in-time snapshot a copy reads, named after its task. */
static int take_snapshot(struct sim *s, struct store_vv_row *src, int64_t task_id,
                         struct store_vv_row *snap, struct sim_err *err)
{
    char name[SIM_LIM_VV_NAME + 1];
    snprintf(name, sizeof(name), "pcpy.%lld.%lld", (long long)src->vvid, (long long)task_id);
    struct sim_snap_row_spec rs = { .name = name, .readonly = true };
    return sim_vv_snapshot_row(s, src, &rs, snap, err);
}

/* ---- finishing ------------------------------------------------------------ */

/* Removes a copy's snapshot, unless someone has taken snapshots of it
 * (then it stays, an ordinary snapshot). */
static int drop_vv(struct sim *s, int64_t id, struct sim_err *err)
{
    struct store_vv_row snap;
    int64_t kids;
    int rc = vv_row(s, id, &snap, err);
    if (rc <= 0)
        return rc;
    if (store_vv_count_children(s->st, snap.id, &kids))
        return sim_store_fail(s, err, "vv children");
    return kids ? 0 : sim_vv_destroy(s, &snap, err);
}

static int drop_snapshot(struct sim *s, struct store_pcopy_row *c, struct sim_err *err)
{
    if (!c->snap)
        return 0;
    int64_t id = c->snap;
    c->snap = 0;
    return drop_vv(s, id, err);
}

static int finish(struct sim *s, const struct store_array_row *a, struct store_pcopy_row *c,
                  struct sim_err *err)
{
    struct store_vv_row dest;
    c->state = PCOPY_DONE;
    if ((!c->save && drop_snapshot(s, c, err)) || store_pcopy_queue_clear(s->st, c->dest) ||
        store_pcopy_put(s->st, c))
        return err->rc ? -1 : sim_store_fail(s, err, "copy save");
    char step[96];
    snprintf(step, sizeof(step), "Copied %lld of %lld blocks.", (long long)c->done,
             (long long)c->total);
    if (sim_task_end(s, c->task_id, SIM_TASK_DONE, step, err) ||
        vv_row(s, c->dest, &dest, err) < 0)
        return -1;
    rclog(RCLOG_INFO, "%s: copy into '%s' done (%lld blocks)", a->name, dest.name,
          (long long)c->total);
    return sim_event_add(s, SIM_EV_VV_COPIED, a->name, dest.name, err,
                         "copy done: %lld blocks", (long long)c->total);
}

/* Sends up to budget queued blocks of c; returns how many went. */
static int64_t send(struct sim *s, struct store_pcopy_row *c, int64_t budget,
                    struct sim_err *err)
{
    struct store_vv_row from, dest;
    int64_t *blks;
    size_t n;
    if (vv_row(s, c->dest, &dest, err) <= 0 || vv_row(s, c->snap, &from, err) <= 0)
        return err->rc ? -1 : sim_fail(err, SIM_EINTERNAL, "", "copy lost its volumes");
    if (store_pcopy_queue_head(s->st, c->dest, (size_t)budget, &blks, &n))
        return sim_store_fail(s, err, "copy queue");
    int64_t gen = sim_gen_next(s);
    for (size_t i = 0; i < n; i++) {
        uint64_t fp;
        if (sim_block_resolve(s, &from, blks[i], &fp, err) ||
            sim_block_write(s, &dest, blks[i], fp, gen, err) ||
            store_pcopy_queue_remove(s->st, c->dest, blks[i])) {
            free(blks);
            return err->rc ? -1 : sim_store_fail(s, err, "copy queue");
        }
    }
    free(blks);
    if (sim_vv_save_usage(s, &dest, err))
        return -1;
    return (int64_t)n;
}

/* ---- the timer ----------------------------------------------------------- */

static int array_of(struct sim *s, int64_t id, struct store_array_row *a, struct sim_err *err)
{
    if (store_array_get_by_id(s->st, id, a) != 1)
        return sim_store_fail(s, err, "array get");
    return 0;
}

/* When the copy c is done: its start-up time, then its blocks at the rate. */
static int64_t due_of(const struct store_pcopy_row *c, int64_t rate)
{
    int64_t left = c->total - c->done;
    return c->at + (left * SIM_BLOCK_SIZE * 1000 + rate - 1) / rate;
}

static int pcopy_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    struct store_pcopy_row *c;
    size_t n;
    *when = 0;
    if (store_pcopy_list_state(s->st, PCOPY_COPYING, &c, &n))
        return sim_store_fail(s, err, "copy list");
    int ret = 0;
    for (size_t i = 0; i < n && !ret; i++) {
        struct store_array_row a;
        if ((ret = array_of(s, c[i].array_id, &a, err)))
            break;
        int64_t due = due_of(&c[i], rate_of(&a));
        if (!*when || due < *when)
            *when = due;
    }
    free(c);
    return ret;
}

static int pcopy_step(struct sim *s, struct store_pcopy_row *c, int64_t now,
                      struct sim_err *err)
{
    struct store_array_row a;
    if (array_of(s, c->array_id, &a, err))
        return -1;
    if (!a.powered) {
        /* a powered-off array copies nothing; it resumes where it was */
        if (c->at >= now)
            return 0;
        c->at = now;
        return store_pcopy_put(s->st, c) ? sim_store_fail(s, err, "copy save") : 0;
    }
    int64_t rate = rate_of(&a);
    int64_t budget = now > c->at ? (now - c->at) * rate / 1000 / SIM_BLOCK_SIZE : 0;
    if (now >= due_of(c, rate))
        budget = c->total - c->done;
    if (budget > 0) {
        int64_t sent = send(s, c, budget, err);
        if (sent < 0)
            return -1;
        c->done += sent;
        c->at += sent * SIM_BLOCK_SIZE * 1000 / rate;
    }
    if (c->done >= c->total && now >= c->at)
        return finish(s, &a, c, err);
    return store_pcopy_put(s->st, c) ? sim_store_fail(s, err, "copy save") : 0;
}

static int pcopy_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_pcopy_row *c;
    size_t n;
    if (store_pcopy_list_state(s->st, PCOPY_COPYING, &c, &n))
        return sim_store_fail(s, err, "copy list");
    int ret = 0;
    for (size_t i = 0; i < n && !ret; i++)
        ret = pcopy_step(s, &c[i], now, err);
    free(c);
    return ret;
}

const struct sim_timer_source sim_pcopy_timer = {
    .name = "physical copy", .next_due = pcopy_next, .run = pcopy_run,
};

/* ---- starting a copy ----------------------------------------------------- */

static int dest_ready(struct sim *s, const struct store_array_row *a,
                      const struct store_vv_row *src, const struct store_vv_row *dest,
                      bool online, struct sim_err *err)
{
    struct store_pcopy_row c;
    if (dest->parent)
        return sim_fail(err, SIM_EVV_IS_SNAPSHOT, dest->name, "destination is a snapshot");
    if (dest->id == src->id)
        return sim_fail(err, SIM_EINVAL, dest->name, "source and destination are the same");
    if (dest->size_mib < src->size_mib)
        return sim_fail(err, SIM_EVV_SIZE_MISMATCH, dest->name,
                        "destination is smaller than the source");
    int rc = store_pcopy_get(s->st, dest->id, &c);
    if (rc < 0)
        return sim_store_fail(s, err, "copy get");
    if (rc == 1 && c.state == PCOPY_COPYING)
        return sim_fail(err, SIM_ECOPY_ACTIVE, dest->name, "a copy into %s is running",
                        dest->name);
    if (online)
        return 0;
    return sim_vlun_vv_check(s, a, dest, err) || sim_rc_vv_check(s, a, dest, err);
}

/* A task's priority (1 high, 2 medium, 3 low), when one is asked for. */
static int task_priority(struct sim *s, int64_t task_id, int priority, struct sim_err *err)
{
    struct store_task_row t;
    if (priority < 1 || priority > 3)
        return 0;
    if (store_task_get(s->st, task_id, &t) != 1)
        return sim_store_fail(s, err, "task get");
    t.priority = priority;
    return store_task_update(s->st, &t) ? sim_store_fail(s, err, "task update") : 0;
}

/* Starts the copy of src into dest as task type; old is the saved
 * snapshot a resync starts from (NULL: a full copy). */
static int copy_start(struct sim *s, const struct store_array_row *a, struct store_vv_row *src,
                      const struct store_vv_row *dest, const struct store_vv_row *old,
                      int type, bool online, bool save, int priority, const char *user,
                      int64_t *task_id, struct sim_err *err)
{
    struct store_pcopy_row c = {
        .dest = dest->id, .array_id = a->id, .src = src->id, .online = online,
        .save = save, .state = PCOPY_COPYING, .at = sim_clock_now(s),
    };
    struct store_vv_row snap;
    /* an online copy's task is named after its destination (the client
     * finds it so); the others "<source>-><destination>", as showtask
     * shows them */
    char name[2 * SIM_LIM_VV_NAME + 3];
    if (online)
        snprintf(name, sizeof(name), "%s", dest->name);
    else
        snprintf(name, sizeof(name), "%s->%s", src->name, dest->name);
    if (sim_task_add(s, a->id, type, name, false, user, 0, 0, NULL, &c.task_id, err) ||
        task_priority(s, c.task_id, priority, err) ||
        take_snapshot(s, src, c.task_id, &snap, err))
        return -1;
    c.snap = snap.id;
    /* an online copy starts in the background: its task is active a while */
    if (online)
        c.at += SIM_PCOPY_ONLINE_MIN_MS;
    if (store_pcopy_queue_clear(s->st, dest->id) || store_pcopy_put(s->st, &c) ||
        plan(s, src, &snap, old, dest, &c.total, err) || store_pcopy_put(s->st, &c))
        return err->rc ? -1 : sim_store_fail(s, err, "copy save");
    if (old && drop_vv(s, old->id, err))
        return -1;
    if (task_id)
        *task_id = c.task_id;
    rclog(RCLOG_INFO, "%s: %s copy of '%s' into '%s': %lld blocks%s", a->name,
          online ? "online" : old ? "resync" : "offline", src->name, dest->name,
          (long long)c.total, old ? " changed since the saved snapshot" : "");
    if (sim_event_add(s, SIM_EV_VV_COPIED, a->name, dest->name, err, "%s copy of %s started",
                      online ? "online" : old ? "resync" : "offline", src->name))
        return -1;
    /* nothing to send: an offline copy is done within the command */
    return !online && c.total == 0 ? pcopy_step(s, &c, sim_clock_now(s), err) : 0;
}

static int vv_copy(struct sim *s, struct store_array_row *a, const char *src_name,
                   const struct sim_vv_copy_spec *sp, int64_t *task_id, struct sim_err *err)
{
    struct store_vv_row src, dest;
    if (sim_vv_load(s, a->id, src_name, &src, err))
        return -1;
    if (!sp->dest || !*sp->dest)
        return sim_fail(err, SIM_EINVAL, src_name, "no destination volume");
    if (sp->online) {
        if (!sp->dest_cpg)
            return sim_fail(err, SIM_EINVAL, sp->dest, "an online copy needs a CPG");
        struct sim_vv_spec vs = {
            .name = sp->dest, .cpg = sp->dest_cpg, .snap_cpg = sp->snap_cpg,
            .size_mib = (uint64_t)src.size_mib, .prov = sp->prov ? sp->prov : SIM_PROV_FULL,
            .compression = sp->compression, .comment = sp->comment,
        };
        struct store_cpg_row c;
        if (sim_cpg_load(s, a->id, sp->dest_cpg, &c, err) || sim_vv_insert(s, a, &vs, err))
            return -1;
    }
    if (sim_vv_load(s, a->id, sp->dest, &dest, err) ||
        dest_ready(s, a, &src, &dest, sp->online, err))
        return -1;
    return copy_start(s, a, &src, &dest, NULL, sp->online ? SIM_TASK_ONLINE_COPY
                                                           : SIM_TASK_VV_COPY,
                      sp->online, sp->save_snapshot, sp->priority, sp->user, task_id, err);
}

int sim_vv_copy(struct sim *s, const char *array, const char *src,
                const struct sim_vv_copy_spec *sp, int64_t *task_id, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || vv_copy(s, &a, src, sp, task_id, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* ---- resync and stop ----------------------------------------------------- */

static int copy_load(struct sim *s, const struct store_array_row *a, const char *dest_name,
                     struct store_vv_row *dest, struct store_pcopy_row *c, struct sim_err *err)
{
    if (sim_vv_load(s, a->id, dest_name, dest, err))
        return -1;
    int rc = store_pcopy_get(s->st, dest->id, c);
    if (rc < 0)
        return sim_store_fail(s, err, "copy get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOT_COPY, dest_name, "%s was not made by a copy", dest_name);
    return 0;
}

static int vv_copy_resync(struct sim *s, const struct store_array_row *a, const char *name,
                          const char *user, int64_t *task_id, struct sim_err *err)
{
    struct store_vv_row dest, src, old;
    struct store_pcopy_row c;
    if (copy_load(s, a, name, &dest, &c, err))
        return -1;
    if (c.state == PCOPY_COPYING)
        return sim_fail(err, SIM_ECOPY_ACTIVE, name, "a copy into %s is running", name);
    if (vv_row(s, c.src, &src, err) <= 0)
        return err->rc ? -1 : sim_fail(err, SIM_ENOT_COPY, name, "the parent of %s is gone",
                                       name);
    /* a delta needs the saved snapshot, still a direct child of a base */
    bool delta = c.state == PCOPY_DONE && c.snap && !src.parent &&
                 vv_row(s, c.snap, &old, err) == 1 && old.parent == src.id;
    if (err->rc)
        return -1;
    if (!delta && c.snap && drop_vv(s, c.snap, err))
        return -1;
    return copy_start(s, a, &src, &dest, delta ? &old : NULL, SIM_TASK_PHYS_COPY_RESYNC,
                      c.online, c.save, 0, user, task_id, err);
}

int sim_vv_copy_resync(struct sim *s, const char *array, const char *dest, const char *user,
                       int64_t *task_id, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || vv_copy_resync(s, &a, dest, user, task_id, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Ends copy c short: the queue goes, the snapshot too (the destination is
 * no longer a point in time of the source). */
static int copy_stop(struct sim *s, const struct store_array_row *a, struct store_pcopy_row *c,
                     const char *dest, struct sim_err *err)
{
    c->state = PCOPY_STOPPED;
    if (drop_snapshot(s, c, err) || store_pcopy_queue_clear(s->st, c->dest) ||
        store_pcopy_put(s->st, c))
        return err->rc ? -1 : sim_store_fail(s, err, "copy save");
    return sim_event_add(s, SIM_EV_VV_COPIED, a->name, dest, err,
                         "copy stopped after %lld of %lld blocks", (long long)c->done,
                         (long long)c->total);
}

int sim_vv_copy_stop(struct sim *s, const char *array, const char *dest_name,
                     struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row dest;
    struct store_pcopy_row c;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || copy_load(s, &a, dest_name, &dest, &c, err))
        return sim_txn_rollback(s);
    if (c.state != PCOPY_COPYING) {
        sim_fail(err, SIM_ENOT_COPY, dest_name, "no copy into %s is running", dest_name);
        return sim_txn_rollback(s);
    }
    if (sim_task_end(s, c.task_id, SIM_TASK_CANCELLED, "Copy stopped.", err) ||
        copy_stop(s, &a, &c, dest.name, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* ---- what other modules ask --------------------------------------------- */

int sim_pcopy_task_cancel(struct sim *s, int64_t task_id, struct sim_err *err)
{
    struct store_pcopy_row c;
    struct store_array_row a;
    struct store_vv_row dest;
    int rc = store_pcopy_get_by_task(s->st, task_id, &c);
    if (rc < 0)
        return sim_store_fail(s, err, "copy get");
    if (rc == 0 || c.state != PCOPY_COPYING)
        return 0;
    if (array_of(s, c.array_id, &a, err) || vv_row(s, c.dest, &dest, err) < 0)
        return -1;
    return copy_stop(s, &a, &c, dest.name, err);
}

int sim_pcopy_progress(struct sim *s, int64_t task_id, int64_t *done, int64_t *total)
{
    struct store_pcopy_row c;
    if (store_pcopy_get_by_task(s->st, task_id, &c) != 1)
        return 0;
    *done = c.done;
    *total = c.total;
    return 1;
}

/* A volume in a running copy (its destination, source or snapshot) is
 * neither removed nor changed in shape until the copy ends. */
int sim_pcopy_vv_check(struct sim *s, const struct store_array_row *a,
                       const struct store_vv_row *vv, struct sim_err *err)
{
    struct store_pcopy_row c, *rows;
    size_t n;
    (void)a;
    int rc = store_pcopy_get(s->st, vv->id, &c);
    if (rc < 0)
        return sim_store_fail(s, err, "copy get");
    if (rc == 1 && c.state == PCOPY_COPYING)
        return sim_fail(err, SIM_ECOPY_ACTIVE, vv->name, "a copy into %s is running",
                        vv->name);
    if (store_pcopy_list_by_src(s->st, vv->id, &rows, &n))
        return sim_store_fail(s, err, "copy list");
    bool busy = false;
    for (size_t i = 0; i < n; i++)
        busy |= rows[i].state == PCOPY_COPYING;
    free(rows);
    if (busy)
        return sim_fail(err, SIM_ECOPY_ACTIVE, vv->name, "a copy from %s is running",
                        vv->name);
    return 0;
}
