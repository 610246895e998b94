/* sim/rcmode.c - the replication modes as a table: what each mode does,
 * as data the engine reads instead of asking which mode a group is in.
 * Owns: struct rc_mode_ops and its rows, mode names and words. Not: what
 * the engine does with them (resync.c, group.c, rctarget.c, dr.c). Docs:
 * docs/behaviour.md §Remote copy, docs/design.md (replication modes).
 *
 * A new mode is one row here (a leg of a multi-target group is a group row
 * run by its mode's row, sim/rcleg.c): how a host write travels, what a
 * cut does on each side, how transfers are scheduled, which policies and
 * settings apply, and the failure timers. */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "util/log.h"

#include <string.h>

/* Policies every mode takes; the others are the sync mode's own (§1.6). */
#define POL_ALL (SIM_POL_AUTO_RECOVER | SIM_POL_AUTO_SYNCHRONIZE)
#define POL_SYNC_ONLY (SIM_POL_FAIL_WRT_ON_ERR | SIM_POL_AUTO_FAILOVER |                  \
                       SIM_POL_PATH_MANAGEMENT | SIM_POL_ACTIVE_ACTIVE)

static const struct rc_mode_ops modes[] = {
    {
        /* every host write reaches the secondary before it completes (§1.5) */
        .mode = SIM_RC_SYNC, .name = "Sync", .word = "sync",
        .host_write = RC_WRITE_THROUGH,
        .stop_snapshots = true,
        .policies = POL_ALL | POL_SYNC_ONLY,
        .heartbeat_ms = 10000, .target_timeout_ms = 10000,     /* §2.3 */
        .full_resync = true, .switchover = true,
    },
    {
        /* snapshot deltas on a period (§4): nothing moves between cycles, a
         * cut rolls the secondary back to the last cycle's point (§3.3) */
        .mode = SIM_RC_PERIODIC, .name = "Periodic", .word = "periodic",
        .host_write = RC_WRITE_NONE,
        .cycles = true, .cut_rolls_back = true,
        .policies = POL_ALL | SIM_POL_OVER_PER_ALERT,
        .default_policies = SIM_POL_OVER_PER_ALERT,
        .heartbeat_ms = 25000, .target_timeout_ms = 200000,
        .has_period = true,
    },
    {
        /* host writes shipped continuously in the background, with
         * coordinated snapshots on both sides (§1.5, §1.7, §3.4): a cut
         * rolls the secondary back to the last of them */
        .mode = SIM_RC_ASYNC, .name = "Async", .word = "async",
        .host_write = RC_WRITE_QUEUE,
        .cut_rolls_back = true, .coordinated = true,
        .policies = POL_ALL | SIM_POL_OVER_PER_ALERT,
        .default_policies = SIM_POL_OVER_PER_ALERT,
        .heartbeat_ms = 25000, .target_timeout_ms = 200000,
        .has_snap_freq = true,
    },
};

const struct rc_mode_ops *rc_mode(int mode)
{
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (modes[i].mode == (enum sim_rc_mode)mode)
            return &modes[i];
    return NULL;
}

const struct rc_mode_ops *rc_mode_of(const struct store_group_row *g)
{
    const struct rc_mode_ops *m = rc_mode(g->mode);
    if (!m)
        RC_BUG("group '%s' has mode %d, which no table row describes", g->name, g->mode);
    return m;
}

bool rc_mode_points(const struct rc_mode_ops *m)
{
    return m->cycles || m->coordinated;
}

const char *sim_rc_mode_name(enum sim_rc_mode mode)
{
    const struct rc_mode_ops *m = rc_mode(mode);
    return m ? m->name : "?";
}

int sim_rc_mode_parse(const char *word, enum sim_rc_mode *out)
{
    for (size_t i = 0; word && i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(modes[i].word, word) == 0) {
            *out = modes[i].mode;
            return 0;
        }
    }
    return -1;
}
