/* sim/vvtune.c - conversions of volumes.
 * Owns: provisioning/compression conversion (tune) and CPG changes. Not:
 * physical copies (pcopy.c), snapshots (vv.c). Spec:
 * docs/array-interfaces.md §2.3 (tune). */
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
