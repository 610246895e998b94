/* sim/export.h - what a host sees of the array's volumes through its VLUNs:
 * the block-device exports the host data path (api/nbd.c) serves. A host
 * sees a volume at a LUN when a VLUN names it, or a host set it belongs
 * to; port-only VLUNs name no host and make no export. Spec:
 * docs/behaviour.md "Host data path (NBD)". */
#ifndef RCSIM_SIM_EXPORT_H
#define RCSIM_SIM_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/vlun.h"

struct sim;
struct sim_err;

struct sim_export_view {
    char host[32];
    int64_t lun;
    char volume[32];
    uint64_t size;              /* bytes */
    bool readonly;              /* a remote-copy secondary or a read-only snapshot */
    enum sim_alua alua;         /* the host's path state (Peer Persistence) */
    int64_t stamp[2];           /* the engine's state when last found usable */
};

/* Every (host, LUN) export of the array, by host then LUN. *out is a new
 * array (free()). */
int sim_export_list(struct sim *s, const char *array, struct sim_export_view **out, size_t *n,
                    struct sim_err *err);

/* The export host sees at LUN lun, or, lun < 0, the one of the volume
 * named volume. SIM_ENOENT_HOST for an unknown host, SIM_ENOENT_VLUN when
 * no VLUN shows it to the host, SIM_EPOWERED_OFF on a powered-off array. */
int sim_export_find(struct sim *s, const char *array, const char *host, int64_t lun,
                    const char *volume, struct sim_export_view *out, struct sim_err *err);

/* Whether host I/O may go through x now: the export must still be there
 * (found again by host and LUN, so a renamed volume follows) and its path
 * not an ALUA standby or unavailable one (SIM_EPATH_STANDBY). Refreshes
 * *x. Every change that could alter the answer appends an event (host
 * I/O appends none), so while no event came since x was last found
 * usable, the answer stands and costs no read of the store. */
int sim_export_check(struct sim *s, const char *array, struct sim_export_view *x,
                     struct sim_err *err);

#endif
