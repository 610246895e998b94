/* sim/pcopy.h - physical copies of volumes (WSAPI createPhysicalCopy and
 * the volume actions 1 and 2, CLI createvvcopy): they run as tasks that
 * copy the source's written data at the array's copy rate on the
 * simulated clock, and can be stopped and resynchronized. */
#ifndef RCSIM_SIM_PCOPY_H
#define RCSIM_SIM_PCOPY_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/vv.h"

struct sim;
struct sim_err;

/* An online copy's task stays active at least this long, also when there
 * is nothing to copy: the array starts it in the background. */
#define SIM_PCOPY_ONLINE_MIN_MS 1000

struct sim_vv_copy_spec {
    const char *dest;
    bool online;                /* create dest in dest_cpg first */
    const char *dest_cpg;       /* online only (required) */
    const char *snap_cpg;       /* online only; NULL: none */
    enum sim_prov prov;         /* online only; 0: FULL */
    bool compression;
    bool save_snapshot;         /* keep the source's snapshot for a resync */
    const char *comment;        /* online only: the destination's; NULL: none */
    int priority;               /* 1 high, 2 medium, 3 low; 0: medium */
    const char *user;           /* who asked (task owner) */
};

/* Starts copying src's data (as of now) into dest. Offline: dest must
 * exist, be a base volume of at least src's size, not exported and not in
 * a remote-copy group. Online: dest is created with src's size. The copy
 * is a task (vv_copy, or online_copy named after dest): *task_id gets it.
 * Until it is done the destination holds only the blocks copied so far,
 * and neither volume can be removed. */
int sim_vv_copy(struct sim *s, const char *array, const char *src,
                const struct sim_vv_copy_spec *spec, int64_t *task_id, struct sim_err *err);
/* Copies again into dest, which a copy made: with the source's saved
 * snapshot only what changed on the source since, else everything. A new
 * phys_copy_resync task; *task_id gets it. */
int sim_vv_copy_resync(struct sim *s, const char *array, const char *dest, const char *user,
                       int64_t *task_id, struct sim_err *err);
/* Stops the copy running into dest (its task is cancelled); the
 * destination keeps what was copied. SIM_ENOT_COPY when none runs. */
int sim_vv_copy_stop(struct sim *s, const char *array, const char *dest, struct sim_err *err);

#endif
