/* store/qos.h - rows of QoS rules, keyed by (array, type, target name). */
#ifndef RCSIM_STORE_QOS_H
#define RCSIM_STORE_QOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct store_qos_row {
    int64_t array_id;
    int type;                   /* 1 vvset, 2 sys */
    char name[32];
    bool enabled;
    int priority;
    int64_t bw_min, bw_max, io_min, io_max;   /* 0: unset */
    int bw_min_op, bw_max_op, io_min_op, io_max_op;
    int64_t latency;
    bool default_latency;
    int64_t created;
};

/* Inserts or replaces the rule. */
int store_qos_put(struct store *st, const struct store_qos_row *row);
int store_qos_delete(struct store *st, int64_t array_id, int type, const char *name);
int store_qos_get(struct store *st, int64_t array_id, int type, const char *name,
                  struct store_qos_row *out); /* 1/0/-1 */
int store_qos_list(struct store *st, int64_t array_id, struct store_qos_row **out, size_t *n);

#endif
