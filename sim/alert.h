/* sim/alert.h - the array's alerts (showalert): the events that raise an
 * alert on a real array, read back from the event log. An alert is its
 * event; there is no second record to keep in step. */
#ifndef RCSIM_SIM_ALERT_H
#define RCSIM_SIM_ALERT_H

#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

struct sim_alert_view {
    int64_t id;                 /* the event's id */
    int64_t time_ms;
    char code[12];              /* message code, "0x0270002" */
    const char *severity;       /* "Critical", "Major", "Degraded", ... (static) */
    const char *type;           /* "Remote Copy link status change" (static) */
    char message[384];           /* "<what> <object>: <detail>" */
};

/* The array's alerts, oldest first (all in state New). *out is a new
 * array (free()). */
int sim_alert_list(struct sim *s, const char *array, struct sim_alert_view **out, size_t *n,
                   struct sim_err *err);

#endif
