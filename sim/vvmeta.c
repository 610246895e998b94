/* sim/vvmeta.c - volume metadata (objectKeyValues). Owns: key rules and
 * the rows; they go with their volume (a foreign key cascade). Spec:
 * docs/array-interfaces.md §2.4. */
#include "sim/internal.h"
#include "sim/limits.h"
#include "sim/vvmeta.h"
#include "store/vvmeta.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int sim_vvmeta_key_check(const char *key, struct sim_err *err)
{
    if (!key || !*key)
        return sim_fail(err, SIM_EINVAL, "empty key", "empty key");
    if (sim_text_check(key, SIM_LIM_VVMETA_KEY, "key", err))
        return -1;
    for (const char *p = key; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_.:-", *p))
            return sim_fail(err, SIM_ENAME_BADCHAR, key, "illegal character in key");
    return 0;
}

int sim_vvmeta_put(struct sim *s, const struct store_array_row *a, const char *volume,
                   const char *key, const char *value, bool create, struct sim_err *err)
{
    struct store_vv_row vv;
    struct store_vvmeta_row m;
    if (sim_vvmeta_key_check(key, err) ||
        sim_text_check(value, SIM_LIM_VVMETA_VALUE, "value", err))
        return -1;
    if (!value)
        return sim_fail(err, SIM_EINVAL, key, "key %s has no value", key);
    if (sim_vv_load(s, a->id, volume, &vv, err))
        return -1;
    int rc = store_vvmeta_get(s->st, vv.id, key, &m);
    if (rc < 0)
        return sim_store_fail(s, err, "vvmeta get");
    if (create && rc == 1)
        return sim_fail(err, SIM_EEXIST_KEY, key, "key %s exists on %s", key, volume);
    if (!create && rc == 0)
        return sim_fail(err, SIM_ENOENT_KEY, key, "no key %s on %s", key, volume);
    int64_t created = rc == 1 ? m.created : sim_clock_now(s);
    memset(&m, 0, sizeof(m));
    m.vv = vv.id;
    rc_strlcpy(m.key, key, sizeof(m.key));
    rc_strlcpy(m.value, value, sizeof(m.value));
    m.created = created;
    if (store_vvmeta_put(s->st, &m))
        return sim_store_fail(s, err, "vvmeta put");
    return sim_event_add(s, SIM_EV_VVMETA_CHANGED, a->name, volume, err, "key %s set", key);
}

int sim_vvmeta_set(struct sim *s, const char *array, const char *volume, const char *key,
                   const char *value, bool create, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vvmeta_put(s, &a, volume, key, value, create, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_vvmeta_remove(struct sim *s, const char *array, const char *volume, const char *key,
                      struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    struct store_vvmeta_row m;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vvmeta_key_check(key, err) ||
        sim_vv_load(s, a.id, volume, &vv, err))
        return sim_txn_rollback(s);
    int rc = store_vvmeta_get(s->st, vv.id, key, &m);
    if (rc <= 0) {
        if (rc < 0)
            sim_store_fail(s, err, "vvmeta get");
        else
            sim_fail(err, SIM_ENOENT_KEY, key, "no key %s on %s", key, volume);
        return sim_txn_rollback(s);
    }
    if (store_vvmeta_delete(s->st, vv.id, key)) {
        sim_store_fail(s, err, "vvmeta delete");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_VVMETA_CHANGED, a.name, volume, err, "key %s removed", key))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static void meta_view(const struct store_vvmeta_row *r, struct sim_vvmeta_view *v)
{
    memset(v, 0, sizeof(*v));
    rc_strlcpy(v->key, r->key, sizeof(v->key));
    rc_strlcpy(v->value, r->value, sizeof(v->value));
    v->created_ms = r->created;
}

int sim_vvmeta_get(struct sim *s, const char *array, const char *volume, const char *key,
                   struct sim_vvmeta_view *out, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    struct store_vvmeta_row m;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err) || sim_vvmeta_key_check(key, err) ||
        sim_vv_load(s, a.id, volume, &vv, err))
        return -1;
    int rc = store_vvmeta_get(s->st, vv.id, key, &m);
    if (rc < 0)
        return sim_store_fail(s, err, "vvmeta get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_KEY, key, "no key %s on %s", key, volume);
    meta_view(&m, out);
    return 0;
}

int sim_vvmeta_list(struct sim *s, const char *array, const char *volume,
                    struct sim_vvmeta_view **out, size_t *n, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    struct store_vvmeta_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, volume, &vv, err))
        return -1;
    if (store_vvmeta_list(s->st, vv.id, &rows, &len))
        return sim_store_fail(s, err, "vvmeta list");
    struct sim_vvmeta_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        meta_view(&rows[i], &v[i]);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}
