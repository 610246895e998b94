/* sim/vvtune.h - changing what a volume is made of: provisioning and
 * compression conversions (WSAPI tune, CLI tunevv), CPG moves, and
 * physical copies (WSAPI createPhysicalCopy, CLI createvvcopy). */
#ifndef RCSIM_SIM_VVTUNE_H
#define RCSIM_SIM_VVTUNE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/vv.h"

struct sim;
struct sim_err;

/* Converts a base volume to prov (FULL, TPVV or TDVV) with or without
 * compression; user_cpg (NULL: keep) is where its space moves to and is
 * not required to exist (reference §2.3: the array accepts a CPG name it
 * resolves later); snap_cpg (NULL: keep) must exist. Records a done
 * convert_vv task; *task_id gets it. */
int sim_vv_convert(struct sim *s, const char *array, const char *name, enum sim_prov prov,
                   bool compression, const char *user_cpg, const char *snap_cpg,
                   const char *user, int64_t *task_id, struct sim_err *err);

struct sim_vv_copy_spec {
    const char *dest;
    bool online;                /* create dest in dest_cpg; keep a task active */
    const char *dest_cpg;       /* online only (required) */
    const char *snap_cpg;       /* online only; NULL: none */
    enum sim_prov prov;         /* online only; 0: FULL */
    bool compression;
    int priority;               /* 1 high, 2 medium, 3 low; 0: medium */
    const char *user;           /* who asked (task owner) */
};

/* Copies src's data into dest. Offline: dest must exist, be a base
 * volume of at least src's size and not exported. Online: dest is created
 * with src's size, and an online_copy task named after dest stays active
 * until cancelled (sim_task_cancel). *task_id gets the task (online and
 * offline both record one). */
int sim_vv_copy(struct sim *s, const char *array, const char *src,
                const struct sim_vv_copy_spec *spec, int64_t *task_id, struct sim_err *err);

#endif
