/* sim/vvtune.c - conversions and physical copies of volumes.
 * Owns: provisioning/compression conversion (tune), CPG changes, block
 * copies into another volume (offline into an existing one, online into a
 * new one with a task that stays active until cancelled). Not: snapshots
 * (vv.c), the block store (block.c). Spec: reference wsapi-and-ssh.md §2.3
 * (tune, createPhysicalCopy, stopOnlinePhysicalCopy). A copy costs the
 * source's written blocks, never its size. */
#include "sim/internal.h"
#include "sim/task.h"
#include "sim/vvtune.h"
#include "store/cpg.h"
#include "util/strutil.h"

#include <string.h>

int sim_vv_convert(struct sim *s, const char *array, const char *name, enum sim_prov prov,
                   bool compression, const char *user_cpg, const char *snap_cpg,
                   const char *user, int64_t *task_id, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    struct store_cpg_row c;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, name, &vv, err) ||
        (snap_cpg && sim_cpg_load(s, a.id, snap_cpg, &c, err)))
        return sim_txn_rollback(s);
    if (vv.parent) {
        sim_fail(err, SIM_EVV_IS_SNAPSHOT, name, "only base volumes can be converted");
        return sim_txn_rollback(s);
    }
    if (prov != SIM_PROV_FULL && prov != SIM_PROV_TPVV && prov != SIM_PROV_TDVV) {
        sim_fail(err, SIM_EINVAL, name, "bad provisioning %d", prov);
        return sim_txn_rollback(s);
    }
    vv.prov = prov;
    vv.compression = compression;
    if (user_cpg && *user_cpg)
        rc_strlcpy(vv.user_cpg, user_cpg, sizeof(vv.user_cpg));
    if (snap_cpg)
        rc_strlcpy(vv.snap_cpg, snap_cpg, sizeof(vv.snap_cpg));
    if (sim_vv_save(s, &vv, err) ||
        sim_task_add(s, a.id, SIM_TASK_CONVERT_VV, name, true, user, 0, 0, NULL, task_id,
                     err) ||
        sim_event_add(s, SIM_EV_VV_CONVERTED, a.name, name, err, "converted to %s%s",
                      sim_prov_name(prov), compression ? " compressed" : ""))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

struct copy_ctx {
    struct sim *s;
    struct store_vv_row *dest;
    int64_t gen;
    bool zero;
    struct sim_err *err;
};

static int copy_block(void *arg, int64_t blk, uint64_t fp)
{
    struct copy_ctx *c = arg;
    return sim_block_write(c->s, c->dest, blk, c->zero ? 0 : fp, c->gen, c->err);
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
            .compression = sp->compression,
        };
        struct store_cpg_row c;
        if (sim_cpg_load(s, a->id, sp->dest_cpg, &c, err) || sim_vv_insert(s, a, &vs, err))
            return -1;
    }
    if (sim_vv_load(s, a->id, sp->dest, &dest, err))
        return -1;
    if (dest.parent)
        return sim_fail(err, SIM_EVV_IS_SNAPSHOT, sp->dest, "destination is a snapshot");
    if (dest.id == src.id)
        return sim_fail(err, SIM_EINVAL, sp->dest, "source and destination are the same");
    if (dest.size_mib < src.size_mib)
        return sim_fail(err, SIM_EVV_SIZE_MISMATCH, sp->dest,
                        "destination is smaller than the source");
    if (!sp->online && sim_vlun_vv_check(s, a, &dest, err))
        return -1;
    int64_t blocks = dest.size_mib * (1048576 / SIM_BLOCK_SIZE);
    struct copy_ctx c = { .s = s, .dest = &dest, .gen = sim_gen_next(s), .zero = true,
                          .err = err };
    /* old content of the destination goes first, then the source's */
    if (sim_block_visit(s, &dest, 0, blocks, copy_block, &c, err))
        return -1;
    c.zero = false;
    if (sim_block_visit(s, &src, 0, blocks, copy_block, &c, err) || sim_vv_save(s, &dest, err))
        return -1;
    if (sim_task_add(s, a->id, sp->online ? SIM_TASK_ONLINE_COPY : SIM_TASK_VV_COPY, sp->dest,
                     !sp->online, sp->user, 0, 0, NULL, task_id, err))
        return -1;
    return sim_event_add(s, SIM_EV_VV_COPIED, a->name, sp->dest, err, "%s copy of %s",
                         sp->online ? "online" : "offline", src_name);
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
