/* sim/event.c - the event log. Event kinds are data: an enum (internal.h)
 * plus this { name, severity } table (after memcached's logger entries).
 * Events are written in the command's transaction; waiters wake after the
 * commit. Spec: docs/design.md §2.10 (Events), docs/array-remote-copy.md §5 showeventlog. */
#include "sim/event.h"
#include "sim/internal.h"
#include "store/event.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; const char *severity; } event_kinds[SIM_EV__COUNT] = {
    [SIM_EV_FIXTURE_LOADED]    = { "fixture_loaded", "info" },
    [SIM_EV_RESET]             = { "reset", "info" },
    [SIM_EV_CHECKPOINT_SAVED]  = { "checkpoint_saved", "info" },
    [SIM_EV_CHECKPOINT_DELETED] = { "checkpoint_deleted", "info" },
    [SIM_EV_CHECKPOINT_LOADED] = { "checkpoint_loaded", "info" },
    [SIM_EV_CLOCK_CHANGED]     = { "clock_changed", "info" },
    [SIM_EV_ARRAY_POWER_OFF]   = { "array_power_off", "critical" },
    [SIM_EV_ARRAY_POWER_ON]    = { "array_power_on", "info" },
    [SIM_EV_CPG_CREATED]       = { "cpg_created", "info" },
    [SIM_EV_CPG_REMOVED]       = { "cpg_removed", "info" },
    [SIM_EV_DOMAIN_CREATED]    = { "domain_created", "info" },
    [SIM_EV_DOMAIN_REMOVED]    = { "domain_removed", "info" },
    [SIM_EV_VV_CREATED]        = { "vv_created", "info" },
    [SIM_EV_VV_REMOVED]        = { "vv_removed", "info" },
    [SIM_EV_VV_GROWN]          = { "vv_grown", "info" },
    [SIM_EV_VV_RENAMED]        = { "vv_renamed", "info" },
    [SIM_EV_VV_MODIFIED]       = { "vv_modified", "info" },
    [SIM_EV_SNAPSHOT_CREATED]  = { "snapshot_created", "info" },
    [SIM_EV_SNAPSHOT_EXPIRED]  = { "snapshot_expired", "info" },
    [SIM_EV_SNAPSHOT_PROMOTED] = { "snapshot_promoted", "major" },
    [SIM_EV_RC_STARTED]        = { "rcopy_started", "info" },
    [SIM_EV_RC_STOPPED]        = { "rcopy_stopped", "major" },
    [SIM_EV_TARGET_CREATED]    = { "target_created", "info" },
    [SIM_EV_TARGET_REMOVED]    = { "target_removed", "info" },
    [SIM_EV_TARGET_CHANGED]    = { "target_changed", "info" },
    [SIM_EV_TARGET_READY]      = { "target_ready", "info" },
    [SIM_EV_TARGET_FAILING]    = { "target_failing", "major" },
    [SIM_EV_TARGET_FAILED]     = { "target_failed", "critical" },
    [SIM_EV_LINK_ADMITTED]     = { "link_admitted", "info" },
    [SIM_EV_LINK_DISMISSED]    = { "link_dismissed", "info" },
    [SIM_EV_LINK_UP]           = { "link_up", "info" },
    [SIM_EV_LINK_DOWN]         = { "link_down", "major" },
    [SIM_EV_LINK_CHANGED]      = { "link_changed", "info" },
    [SIM_EV_GROUP_CREATED]     = { "group_created", "info" },
    [SIM_EV_GROUP_REMOVED]     = { "group_removed", "info" },
    [SIM_EV_GROUP_CHANGED]     = { "group_changed", "info" },
    [SIM_EV_GROUP_STARTED]     = { "group_started", "info" },
    [SIM_EV_GROUP_STOPPED]     = { "group_stopped", "major" },
    [SIM_EV_GROUP_ROLE]        = { "group_role_changed", "major" },
    [SIM_EV_GROUP_FAILSAFE]    = { "group_failsafe", "critical" },
    [SIM_EV_GROUP_AUTO_RECOVER] = { "group_auto_recover", "info" },
    [SIM_EV_PAIR_ADMITTED]     = { "vv_admitted", "info" },
    [SIM_EV_PAIR_DISMISSED]    = { "vv_dismissed", "info" },
    [SIM_EV_RESYNC_STARTED]    = { "sync_started", "info" },
    [SIM_EV_RESYNC_DONE]       = { "sync_done", "info" },
    [SIM_EV_RESYNC_FAILED]     = { "sync_failed", "major" },
    [SIM_EV_SYNC_OVERRUN]      = { "sync_overrun", "minor" },
    [SIM_EV_RC_SNAPSHOT]       = { "rcopy_snapshot", "info" },
    [SIM_EV_WRITE_ERROR]       = { "rcopy_write_error", "major" },
    [SIM_EV_READ_ERROR]        = { "rcopy_read_error", "major" },
    [SIM_EV_FAULT_INJECTED]    = { "fault_injected", "minor" },
    [SIM_EV_TASK_DONE]         = { "task_done", "info" },
    [SIM_EV_HOST_CREATED]      = { "host_created", "info" },
    [SIM_EV_HOST_REMOVED]      = { "host_removed", "info" },
    [SIM_EV_HOST_CHANGED]      = { "host_changed", "info" },
    [SIM_EV_SET_CREATED]       = { "set_created", "info" },
    [SIM_EV_SET_REMOVED]       = { "set_removed", "info" },
    [SIM_EV_SET_CHANGED]       = { "set_changed", "info" },
    [SIM_EV_VLUN_CREATED]      = { "vlun_created", "info" },
    [SIM_EV_VLUN_REMOVED]      = { "vlun_removed", "info" },
    [SIM_EV_QOS_CHANGED]       = { "qos_changed", "info" },
    [SIM_EV_VVMETA_CHANGED]    = { "vv_metadata_changed", "info" },
    [SIM_EV_VV_CONVERTED]      = { "vv_converted", "info" },
    [SIM_EV_VV_COPIED]         = { "vv_copied", "info" },
    [SIM_EV_SCHED_CHANGED]     = { "sched_changed", "info" },
    [SIM_EV_SCHED_RAN]         = { "sched_ran", "info" },
    [SIM_EV_SCHED_FAILED]      = { "sched_failed", "minor" },
    [SIM_EV_COMMAND_REFUSED]   = { "command_refused", "minor" },
    [SIM_EV_WITNESS_CHANGED]   = { "witness_changed", "major" },
    [SIM_EV_TIMED_FAULT_SCHEDULED] = { "timed_fault_scheduled", "info" },
    [SIM_EV_TIMED_FAULT]       = { "timed_fault", "minor" },
    [SIM_EV_TIMED_FAULT_FAILED] = { "timed_fault_failed", "minor" },
    [SIM_EV_TIMED_FAULT_CANCELLED] = { "timed_fault_cancelled", "info" },
};

int sim_event_add(struct sim *s, enum sim_event_kind kind, const char *array,
                  const char *object, struct sim_err *err, const char *fmt, ...)
{
    struct store_event_row r = { 0 };
    va_list ap;

    r.time = sim_clock_now(s);
    rc_strlcpy(r.array, array ? array : "", sizeof(r.array));
    rc_strlcpy(r.kind, event_kinds[kind].name, sizeof(r.kind));
    rc_strlcpy(r.severity, event_kinds[kind].severity, sizeof(r.severity));
    rc_strlcpy(r.object, object ? object : "", sizeof(r.object));
    va_start(ap, fmt);
    vsnprintf(r.detail, sizeof(r.detail), fmt, ap);
    va_end(ap);
    if (store_event_append(s->st, &r))
        return sim_store_fail(s, err, "event append");
    s->txn_event_id = r.id;
    return 0;
}

/* Called after a commit, with the engine lock held. Events are appended
 * only by sim_event_add(), which notes the id: no query per commit. */
void sim_event_notify(struct sim *s)
{
    if (s->txn_event_id > s->last_event_id) {
        s->last_event_id = s->txn_event_id;
        pthread_cond_broadcast(&s->event_cond);
    }
    s->txn_event_id = 0;
}

int sim_event_list(struct sim *s, const char *array, int64_t since, size_t limit,
                   struct sim_event_view **out, size_t *n, struct sim_err *err)
{
    struct store_event_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);

    if (limit == 0 || limit > 100000)
        limit = limit ? 100000 : 1000;
    if (store_event_list(s->st, array, since, (int64_t)limit, &rows, &len))
        return sim_store_fail(s, err, "event list");
    struct sim_event_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        v[i].id = rows[i].id;
        v[i].time_ms = rows[i].time;
        rc_strlcpy(v[i].array, rows[i].array, sizeof(v[i].array));
        rc_strlcpy(v[i].kind, rows[i].kind, sizeof(v[i].kind));
        rc_strlcpy(v[i].severity, rows[i].severity, sizeof(v[i].severity));
        rc_strlcpy(v[i].object, rows[i].object, sizeof(v[i].object));
        rc_strlcpy(v[i].detail, rows[i].detail, sizeof(v[i].detail));
    }
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_event_wait(struct sim *s, int64_t since, int timeout_ms)
{
    struct timespec deadline;
    SIM_LOCK_SCOPE(s);

    sim_wall_deadline(&deadline, timeout_ms);
    int64_t epoch = s->event_epoch;
    while (s->last_event_id <= since && s->event_epoch == epoch) {
        if (pthread_cond_timedwait(&s->event_cond, &s->lock, &deadline) == ETIMEDOUT)
            break;
    }
    return s->last_event_id > since;
}

int64_t sim_event_last_id(struct sim *s)
{
    SIM_LOCK_SCOPE(s);
    return s->last_event_id;
}

int64_t sim_event_epoch(struct sim *s)
{
    SIM_LOCK_SCOPE(s);
    return s->event_epoch;
}

int sim_event_log_replaced(struct sim *s, struct sim_err *err)
{
    int64_t last;
    if (store_event_last_id(s->st, &last))
        return sim_store_fail(s, err, "event last id");
    s->last_event_id = last;
    s->txn_event_id = 0;
    s->event_epoch++;
    pthread_cond_broadcast(&s->event_cond);
    return 0;
}
