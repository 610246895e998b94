/* sim/qos.h - QoS rules on volume sets (type 1, "vvset:<name>") and the
 * system default (type 2, "sys:all_others"). Spec:
 * docs/array-interfaces.md §2.5 and the CLI's setqos (§3.6). */
#ifndef RCSIM_SIM_QOS_H
#define RCSIM_SIM_QOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

enum sim_qos_type { SIM_QOS_VVSET = 1, SIM_QOS_SYS = 2 };

/* A rule's settings. Values 0 mean "no limit/goal". */
struct sim_qos_rule {
    enum sim_qos_type type;
    char name[32];              /* set name, or "all_others" */
    bool enabled;
    int priority;               /* 1 low, 2 normal, 3 high (0: normal) */
    int64_t bw_min_kb, bw_max_kb, io_min, io_max;
    int bw_min_op, bw_max_op, io_min_op, io_max_op;  /* 1 zero, 2 no limit; 0 unset */
    int64_t latency_ms;
    bool default_latency;
};

/* Creates a rule: SIM_EEXIST_QOS when one exists, SIM_ENOENT_SET when the
 * target set does not exist. */
int sim_qos_create(struct sim *s, const char *array, const struct sim_qos_rule *rule,
                   struct sim_err *err);
/* Replaces an existing rule's settings: SIM_ENOENT_QOS when none. */
int sim_qos_modify(struct sim *s, const char *array, const struct sim_qos_rule *rule,
                   struct sim_err *err);
/* The rule fields setqos names; the others keep their value. */
enum sim_qos_field {
    SIM_QOS_F_IO       = (1 << 0),  /* io_min, io_max and their ops */
    SIM_QOS_F_BW       = (1 << 1),  /* bw_min_kb, bw_max_kb and their ops */
    SIM_QOS_F_PRIORITY = (1 << 2),
    SIM_QOS_F_LATENCY  = (1 << 3),  /* latency_ms, default_latency */
    SIM_QOS_F_ENABLED  = (1 << 4),
};
/* Creates or changes a rule in one step, as the CLI's setqos does: the
 * fields (enum sim_qos_field) named take r's values; the others keep the
 * existing rule's, or a new rule's defaults (enabled, no limits).
 * SIM_ENOENT_SET when the target set does not exist. */
int sim_qos_set(struct sim *s, const char *array, const struct sim_qos_rule *r, unsigned fields,
                struct sim_err *err);
int sim_qos_remove(struct sim *s, const char *array, enum sim_qos_type type, const char *name,
                   struct sim_err *err);
int sim_qos_get(struct sim *s, const char *array, enum sim_qos_type type, const char *name,
                struct sim_qos_rule *out, struct sim_err *err);
int sim_qos_list(struct sim *s, const char *array, struct sim_qos_rule **out, size_t *n,
                 struct sim_err *err);

#endif
