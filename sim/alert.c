/* sim/alert.c - alerts, derived from the event log. Owns: which event
 * kinds raise an alert and how it reads (type, message code, severity).
 * Not: the events (event.c). Spec: docs/array-remote-copy.md §3.1 (an
 * alert on each array for a link lost), §3.8 (write and read errors raise
 * alerts), §4.5 (over_per_alert); docs/behaviour.md (Alerts). */
#include "sim/alert.h"
#include "sim/internal.h"
#include "store/event.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALERTS_MAX 10000

/* The events that raise alerts; the codes are ours (no source gives the
 * array's numbers), in the array's 0x0XXXXXX form. */
static const struct alert_kind {
    const char *event;          /* event kind name (event.c) */
    const char *code;
    const char *severity;
    const char *type;
    const char *what;           /* the message starts "<what> <object>: " */
} alert_kinds[] = {
    { "link_down", "0x0270001", "Degraded", "Remote Copy link status change", "Link to target" },
    { "target_failed", "0x0270002", "Major", "Remote Copy target failure", "Target" },
    { "group_stopped", "0x0270003", "Major", "Remote Copy group stopped", "Group" },
    { "rcopy_write_error", "0x0270004", "Major", "Remote Copy write error", "Group" },
    { "rcopy_read_error", "0x0270005", "Major", "Remote Copy read error", "Group" },
    { "sync_failed", "0x0270006", "Major", "Remote Copy synchronization failure", "Group" },
    { "sync_overrun", "0x0270007", "Minor", "Remote Copy sync period overrun", "Group" },
    { "group_failsafe", "0x0270008", "Critical", "Remote Copy group failsafe", "Group" },
};
#define N_ALERT_KINDS (sizeof(alert_kinds) / sizeof(alert_kinds[0]))

static const struct alert_kind *kind_of(const char *event)
{
    for (size_t i = 0; i < N_ALERT_KINDS; i++)
        if (!strcmp(alert_kinds[i].event, event))
            return &alert_kinds[i];
    return NULL;
}

/* A stop the operator asked for is no alert; a stop by failure is. */
static bool raises(const struct store_event_row *r)
{
    return strcmp(r->kind, "group_stopped") || !strstr(r->detail, "by request");
}

int sim_alert_list(struct sim *s, const char *array, struct sim_alert_view **out, size_t *n,
                   struct sim_err *err)
{
    struct store_array_row a;
    struct store_event_row *rows;
    size_t len;
    const char *kinds[N_ALERT_KINDS];
    SIM_READ_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    for (size_t i = 0; i < N_ALERT_KINDS; i++)
        kinds[i] = alert_kinds[i].event;
    if (store_event_list_kinds(s->st, a.name, kinds, N_ALERT_KINDS, ALERTS_MAX, &rows, &len))
        return sim_store_fail(s, err, "event list");
    struct sim_alert_view *v = xcalloc(len ? len : 1, sizeof(*v));
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        const struct alert_kind *ak = kind_of(rows[i].kind);
        if (!ak || !raises(&rows[i]))
            continue;
        v[k].id = rows[i].id;
        v[k].time_ms = rows[i].time;
        rc_strlcpy(v[k].code, ak->code, sizeof(v[k].code));
        v[k].severity = ak->severity;
        v[k].type = ak->type;
        snprintf(v[k].message, sizeof(v[k].message), "%s %s: %s", ak->what, rows[i].object,
                 rows[i].detail);
        k++;
    }
    free(rows);
    *out = v;
    *n = k;
    return 0;
}
