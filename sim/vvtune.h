/* sim/vvtune.h - changing what a volume is made of: provisioning and
 * compression conversions (WSAPI tune, CLI tunevv) and CPG moves.
 * Physical copies are in sim/pcopy.h. */
#ifndef RCSIM_SIM_VVTUNE_H
#define RCSIM_SIM_VVTUNE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/vv.h"

struct sim;
struct sim_err;

/* Converts a base volume to prov (FULL, TPVV or TDVV) with or without
 * compression; user_cpg (NULL: keep) is where its space moves to and is
 * not required to exist (docs/array-interfaces.md §2.3: the array accepts a CPG name it
 * resolves later); snap_cpg (NULL: keep) must exist. Records a done
 * convert_vv task; *task_id gets it. */
int sim_vv_convert(struct sim *s, const char *array, const char *name, enum sim_prov prov,
                   bool compression, const char *user_cpg, const char *snap_cpg,
                   const char *user, int64_t *task_id, struct sim_err *err);

#endif
