/* store/timeline.h - rows of faults timed on the simulated clock, one per
 * change still to come (sim/timeline.c gives them meaning). */
#ifndef RCSIM_STORE_TIMELINE_H
#define RCSIM_STORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_tf_row {
    int64_t id;
    char plan[65];              /* the schedule's name ("" for none) */
    int64_t due;                /* simulated ms */
    int kind;                   /* enum sim_tf_kind */
    char a[32], b[32];          /* arrays: a link's two ends, or the array */
    char port[16];              /* a link's local port on a, "" for all */
    int one_way;                /* a link: only a's side */
    int up, latency, bandwidth, loss;   /* a link's new values, -1 unchanged */
    int power;                  /* an array: 1 on, 0 off */
    char note[64];              /* what the step is, for people */
};

int store_tf_insert(struct store *st, struct store_tf_row *row);
int store_tf_delete(struct store *st, int64_t id);
/* Every row by due time, then id. */
int store_tf_list(struct store *st, struct store_tf_row **out, size_t *n);
/* The earliest due time (0 when none). */
int store_tf_next_due(struct store *st, int64_t *when);
/* The first row due at now or before: 1 (row filled), 0, -1. */
int store_tf_first_due(struct store *st, int64_t now, struct store_tf_row *out);

#endif
