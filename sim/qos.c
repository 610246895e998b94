/* sim/qos.c - QoS rules. Owns: rule rows; a vvset rule needs its volume
 * set, and goes with it (set.c). Spec: docs/array-interfaces.md §2.5. */
#include "sim/internal.h"
#include "sim/qos.h"
#include "store/qos.h"
#include "store/set.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void to_row(int64_t array_id, const struct sim_qos_rule *r, struct store_qos_row *q)
{
    memset(q, 0, sizeof(*q));
    q->array_id = array_id;
    q->type = r->type;
    rc_strlcpy(q->name, r->name, sizeof(q->name));
    q->enabled = r->enabled;
    q->priority = r->priority;
    q->bw_min = r->bw_min_kb;
    q->bw_max = r->bw_max_kb;
    q->io_min = r->io_min;
    q->io_max = r->io_max;
    q->bw_min_op = r->bw_min_op;
    q->bw_max_op = r->bw_max_op;
    q->io_min_op = r->io_min_op;
    q->io_max_op = r->io_max_op;
    q->latency = r->latency_ms;
    q->default_latency = r->default_latency;
}

static void from_row(const struct store_qos_row *q, struct sim_qos_rule *r)
{
    memset(r, 0, sizeof(*r));
    r->type = (enum sim_qos_type)q->type;
    rc_strlcpy(r->name, q->name, sizeof(r->name));
    r->enabled = q->enabled;
    r->priority = q->priority;
    r->bw_min_kb = q->bw_min;
    r->bw_max_kb = q->bw_max;
    r->io_min = q->io_min;
    r->io_max = q->io_max;
    r->bw_min_op = q->bw_min_op;
    r->bw_max_op = q->bw_max_op;
    r->io_min_op = q->io_min_op;
    r->io_max_op = q->io_max_op;
    r->latency_ms = q->latency;
    r->default_latency = q->default_latency;
}

static int rule_check(const struct sim_qos_rule *r, struct sim_err *err)
{
    if (r->type != SIM_QOS_VVSET && r->type != SIM_QOS_SYS)
        return sim_fail(err, SIM_EINVAL, r->name, "bad QoS target type %d", r->type);
    if (r->priority < 0 || r->priority > 3)
        return sim_fail(err, SIM_ERANGE, r->name, "priority %d outside 1..3", r->priority);
    if ((r->bw_max_kb && r->bw_min_kb > r->bw_max_kb) || (r->io_max && r->io_min > r->io_max))
        return sim_fail(err, SIM_ERANGE, r->name, "a goal is above its limit");
    return 0;
}

static int target_check(struct sim *s, int64_t array_id, const struct sim_qos_rule *r,
                        struct sim_err *err)
{
    if (r->type == SIM_QOS_SYS) {
        if (strcmp(r->name, "all_others"))
            return sim_fail(err, SIM_ENOENT_SET, r->name, "the system target is all_others");
        return 0;
    }
    struct store_set_row set;
    int rc = store_set_get(s->st, array_id, 2, r->name, &set);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_SET, r->name, "no volume set '%s'", r->name);
    return 0;
}

enum put_mode { PUT_CREATE, PUT_MODIFY, PUT_SET };

/* The rule setqos leaves: the existing one (or a new, enabled one) with
 * the fields named replaced by r's. */
static void merge(const struct store_qos_row *old, bool exists, const struct sim_qos_rule *r,
                  unsigned fields, struct sim_qos_rule *out)
{
    if (exists) {
        from_row(old, out);
    } else {
        memset(out, 0, sizeof(*out));
        out->type = r->type;
        rc_strlcpy(out->name, r->name, sizeof(out->name));
        out->enabled = true;
    }
    if (fields & SIM_QOS_F_IO) {
        out->io_min = r->io_min;
        out->io_max = r->io_max;
        out->io_min_op = r->io_min_op;
        out->io_max_op = r->io_max_op;
    }
    if (fields & SIM_QOS_F_BW) {
        out->bw_min_kb = r->bw_min_kb;
        out->bw_max_kb = r->bw_max_kb;
        out->bw_min_op = r->bw_min_op;
        out->bw_max_op = r->bw_max_op;
    }
    if (fields & SIM_QOS_F_PRIORITY)
        out->priority = r->priority;
    if (fields & SIM_QOS_F_LATENCY) {
        out->latency_ms = r->latency_ms;
        out->default_latency = r->default_latency;
    }
    if (fields & SIM_QOS_F_ENABLED)
        out->enabled = r->enabled;
}

static int qos_put(struct sim *s, const char *array, const struct sim_qos_rule *in,
                   enum put_mode mode, unsigned fields, struct sim_err *err)
{
    struct store_array_row a;
    struct store_qos_row q;
    struct sim_qos_rule merged;
    const struct sim_qos_rule *r = in;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || rule_check(r, err) ||
        target_check(s, a.id, r, err))
        return sim_txn_rollback(s);
    int rc = store_qos_get(s->st, a.id, r->type, r->name, &q);
    if (rc < 0) {
        sim_store_fail(s, err, "qos get");
        return sim_txn_rollback(s);
    }
    if (mode == PUT_SET) {
        merge(&q, rc == 1, in, fields, &merged);
        r = &merged;
    }
    if (r != in && rule_check(r, err))  /* the merged rule, too */
        return sim_txn_rollback(s);
    bool create = mode == PUT_CREATE || (mode == PUT_SET && rc == 0);
    if (mode == PUT_CREATE && rc == 1) {
        sim_fail(err, SIM_EEXIST_QOS, r->name, "a QoS rule exists for %s", r->name);
        return sim_txn_rollback(s);
    }
    if (mode == PUT_MODIFY && rc == 0) {
        sim_fail(err, SIM_ENOENT_QOS, r->name, "no QoS rule for %s", r->name);
        return sim_txn_rollback(s);
    }
    int64_t created = rc == 1 ? q.created : sim_clock_now(s);
    to_row(a.id, r, &q);
    q.created = created;
    if (store_qos_put(s->st, &q)) {
        sim_store_fail(s, err, "qos put");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_QOS_CHANGED, a.name, r->name, err, "QoS rule %s",
                      create ? "created" : "modified"))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_qos_create(struct sim *s, const char *array, const struct sim_qos_rule *r,
                   struct sim_err *err)
{
    return qos_put(s, array, r, PUT_CREATE, 0, err);
}

int sim_qos_modify(struct sim *s, const char *array, const struct sim_qos_rule *r,
                   struct sim_err *err)
{
    return qos_put(s, array, r, PUT_MODIFY, 0, err);
}

int sim_qos_set(struct sim *s, const char *array, const struct sim_qos_rule *r, unsigned fields,
                struct sim_err *err)
{
    return qos_put(s, array, r, PUT_SET, fields, err);
}

int sim_qos_remove(struct sim *s, const char *array, enum sim_qos_type type, const char *name,
                   struct sim_err *err)
{
    struct store_array_row a;
    struct store_qos_row q;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err))
        return sim_txn_rollback(s);
    int rc = store_qos_get(s->st, a.id, type, name, &q);
    if (rc < 0) {
        sim_store_fail(s, err, "qos get");
        return sim_txn_rollback(s);
    }
    if (rc == 0) {
        sim_fail(err, SIM_ENOENT_QOS, name, "no QoS rule for %s", name);
        return sim_txn_rollback(s);
    }
    if (store_qos_delete(s->st, a.id, type, name)) {
        sim_store_fail(s, err, "qos delete");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_QOS_CHANGED, a.name, name, err, "QoS rule removed"))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_qos_get(struct sim *s, const char *array, enum sim_qos_type type, const char *name,
                struct sim_qos_rule *out, struct sim_err *err)
{
    struct store_array_row a;
    struct store_qos_row q;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    int rc = store_qos_get(s->st, a.id, type, name, &q);
    if (rc < 0)
        return sim_store_fail(s, err, "qos get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_QOS, name, "no QoS rule for %s", name);
    from_row(&q, out);
    return 0;
}

int sim_qos_list(struct sim *s, const char *array, struct sim_qos_rule **out, size_t *n,
                 struct sim_err *err)
{
    struct store_array_row a;
    struct store_qos_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_qos_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "qos list");
    struct sim_qos_rule *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        from_row(&rows[i], &v[i]);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}
