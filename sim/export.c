/* sim/export.c - the exports a host sees through the array's VLUNs.
 * Owns: which (host, LUN) pairs a VLUN makes (a host VLUN one, a host-set
 * VLUN one per member), whether a host may do I/O on one now (its path's
 * ALUA state). Not: VLUN rows (vlun.c), the I/O itself (io.c), the wire
 * protocol (api/nbd*.c). Spec: docs/behaviour.md "Host data path (NBD)". */
#include "sim/export.h"
#include "sim/internal.h"
#include "store/host.h"
#include "store/set.h"
#include "store/vlun.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Fills the volume's part of x from its row. */
static void export_fill(struct sim *s, const struct store_vv_row *vv, struct sim_export_view *x)
{
    struct store_pair_row p;
    struct store_group_row g;
    rc_strlcpy(x->volume, vv->name, sizeof(x->volume));
    x->size = (uint64_t)vv->size_mib << 20;
    x->readonly = vv->readonly;
    /* a remote-copy secondary is read-only to hosts (sim_rc_write_begin) */
    if (store_pair_by_vv(s->st, vv->id, &p) == 1 &&
        store_group_get_by_id(s->st, p.group_id, &g) == 1 && !sim_rc_is_source(g.role))
        x->readonly = true;
    x->alua = (enum sim_alua)sim_vlun_alua(s, vv->id);
}

struct export_list {
    struct sim_export_view *v;
    size_t n, alloc;
};

static int export_add(struct sim *s, struct export_list *l, const char *host,
                      const struct store_vlun_row *r, struct sim_err *err)
{
    struct store_vv_row vv;
    int rc = store_vv_get_by_id(s->st, r->vv, &vv);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return 0;
    XGROW(l->v, l->n + 1, l->alloc);
    struct sim_export_view *x = &l->v[l->n++];
    memset(x, 0, sizeof(*x));
    rc_strlcpy(x->host, host, sizeof(x->host));
    x->lun = r->lun;
    export_fill(s, &vv, x);
    return 0;
}

/* The exports of one VLUN row; host-set members come by name. */
static int exports_of(struct sim *s, int64_t array_id, const struct store_vlun_row *r,
                      struct export_list *l, struct sim_err *err)
{
    if (!r->host[0])
        return 0;       /* a port VLUN names no host */
    if (strncmp(r->host, "set:", 4))
        return export_add(s, l, r->host, r, err);
    struct store_set_row set;
    struct store_set_member_row *m = NULL;
    size_t n = 0;
    int rc = store_set_get(s->st, array_id, 1, r->host + 4, &set);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    if (rc == 0)
        return 0;
    if (store_set_member_list(s->st, array_id, 1, set.id, &m, &n))
        return sim_store_fail(s, err, "set members");
    rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = export_add(s, l, m[i].name, r, err);
    free(m);
    return rc;
}

static int export_cmp(const void *a, const void *b)
{
    const struct sim_export_view *x = a, *y = b;
    int c = strcmp(x->host, y->host);
    return c ? c : (x->lun > y->lun) - (x->lun < y->lun);
}

/* Every export of the array; the caller holds the engine lock. */
static int exports_load(struct sim *s, const struct store_array_row *a, struct export_list *l,
                        struct sim_err *err)
{
    struct store_vlun_row *rows = NULL;
    size_t n = 0;
    if (store_vlun_list(s->st, a->id, &rows, &n))
        return sim_store_fail(s, err, "vlun list");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = exports_of(s, a->id, &rows[i], l, err);
    free(rows);
    if (rc == 0 && l->n)
        qsort(l->v, l->n, sizeof(*l->v), export_cmp);
    return rc;
}

int sim_export_list(struct sim *s, const char *array, struct sim_export_view **out, size_t *n,
                    struct sim_err *err)
{
    struct store_array_row a;
    struct export_list l = { 0 };
    SIM_READ_SCOPE(s);
    *out = NULL;
    *n = 0;
    if (sim_array_load(s, array, &a, err) || exports_load(s, &a, &l, err)) {
        free(l.v);
        return -1;
    }
    *out = l.v ? l.v : xcalloc(1, sizeof(*l.v));
    *n = l.n;
    return 0;
}

/* Finds host's export at lun (lun >= 0) or of volume; the caller holds the
 * engine lock. */
static int export_find(struct sim *s, const char *array, const char *host, int64_t lun,
                       const char *volume, struct sim_export_view *out, struct sim_err *err)
{
    struct store_array_row a;
    struct store_host_row h;
    struct export_list l = { 0 };
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (!a.powered)
        return sim_fail(err, SIM_EPOWERED_OFF, array, "array is powered off");
    int rc = store_host_get(s->st, a.id, host, &h);
    if (rc < 0)
        return sim_store_fail(s, err, "host get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_HOST, host, "no host named '%s'", host);
    if (exports_load(s, &a, &l, err)) {
        free(l.v);
        return -1;
    }
    rc = -1;
    for (size_t i = 0; i < l.n && rc; i++)
        if (!strcmp(l.v[i].host, host) &&
            (lun >= 0 ? l.v[i].lun == lun : !strcmp(l.v[i].volume, volume))) {
            *out = l.v[i];
            rc = 0;
        }
    free(l.v);
    if (rc && lun >= 0)
        return sim_fail(err, SIM_ENOENT_VLUN, host, "host '%s' has no LUN %lld", host,
                        (long long)lun);
    if (rc)
        return sim_fail(err, SIM_ENOENT_VLUN, volume, "volume '%s' is not exported to '%s'",
                        volume, host);
    return 0;
}

int sim_export_find(struct sim *s, const char *array, const char *host, int64_t lun,
                    const char *volume, struct sim_export_view *out, struct sim_err *err)
{
    SIM_READ_SCOPE(s);
    return export_find(s, array, host, lun, volume, out, err);
}

/* Whether no event came since x was last found usable. */
static bool check_fresh(struct sim *s, const struct sim_export_view *x)
{
    SIM_LOCK_SCOPE(s);
    return x->stamp[1] && x->stamp[0] == s->event_epoch && x->stamp[1] == s->last_event_id;
}

int sim_export_check(struct sim *s, const char *array, struct sim_export_view *x,
                     struct sim_err *err)
{
    if (check_fresh(s, x))
        return 0;
    SIM_READ_SCOPE(s);
    struct sim_export_view now;
    if (export_find(s, array, x->host, x->lun, NULL, &now, err))
        return -1;
    *x = now;
    /* an ALUA standby path answers "not accessible" (docs/behaviour.md) */
    if (x->alua == SIM_ALUA_STANDBY || x->alua == SIM_ALUA_UNAVAILABLE)
        return sim_fail(err, SIM_EPATH_STANDBY, x->volume, "the path to '%s' is %s",
                        x->volume, sim_alua_name(x->alua));
    x->stamp[0] = s->event_epoch;
    x->stamp[1] = s->last_event_id;
    return 0;
}
