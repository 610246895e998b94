/* sim/vlun.c - VLUNs: exports of volumes to hosts, host sets and ports.
 * Owns: VLUN rows, LUN allocation, the "exported" property of volumes
 * (a volume with a VLUN may not be removed). Not: hosts (host.c). Spec:
 * docs/array-interfaces.md §2.7. */
#include "sim/internal.h"
#include "sim/vlun.h"
#include "store/host.h"
#include "store/set.h"
#include "store/vlun.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The refusal for a port the array does not have, named N:S:P. */
static int port_missing(int node, int slot, int port, struct sim_err *err)
{
    char nsp[32];
    snprintf(nsp, sizeof(nsp), "%d:%d:%d", node, slot, port);
    return sim_fail(err, SIM_ENOENT_PORT, nsp, "no port %s", nsp);
}

int sim_vlun_vv_check(struct sim *s, const struct store_array_row *a,
                      const struct store_vv_row *vv, struct sim_err *err)
{
    int64_t n;
    (void)a;
    if (store_vlun_count_vv(s->st, vv->id, &n))
        return sim_store_fail(s, err, "vlun count");
    if (n)
        return sim_fail(err, SIM_EVV_EXPORTED, vv->name, "volume has %lld VLUN(s)",
                        (long long)n);
    return 0;
}

void sim_vlun_vv_decorate(struct sim *s, const struct store_vv_row *vv, struct sim_vv_view *v)
{
    int64_t n = 0;
    if (store_vlun_count_vv(s->st, vv->id, &n) == 0)
        v->exported = n > 0;
}

static int port_exists(struct sim *s, int64_t array_id, int node, int slot, int port,
                       bool *found, struct sim_err *err)
{
    struct store_port_row *ports;
    size_t n;
    *found = false;
    if (store_port_list(s->st, array_id, &ports, &n))
        return sim_store_fail(s, err, "port list");
    for (size_t i = 0; i < n; i++)
        if (ports[i].node == node && ports[i].slot == slot && ports[i].port == port)
            *found = true;
    free(ports);
    return 0;
}

/* The host or "set:<name>" must exist. */
static int target_check(struct sim *s, int64_t array_id, const char *host, struct sim_err *err)
{
    if (!strncmp(host, "set:", 4)) {
        struct store_set_row set;
        int rc = store_set_get(s->st, array_id, 1, host + 4, &set);
        if (rc < 0)
            return sim_store_fail(s, err, "set get");
        if (rc == 0)
            return sim_fail(err, SIM_ENOENT_SET, host + 4, "no host set '%s'", host + 4);
        return 0;
    }
    struct store_host_row h;
    int rc = store_host_get(s->st, array_id, host, &h);
    if (rc < 0)
        return sim_store_fail(s, err, "host get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_HOST, host, "no host named '%s'", host);
    return 0;
}

static bool lun_taken(const struct store_vlun_row *rows, size_t n, int64_t lun,
                      const char *host, bool has_port, int node, int slot, int port)
{
    for (size_t i = 0; i < n; i++) {
        if (rows[i].lun != lun)
            continue;
        if (*host && !strcmp(rows[i].host, host))
            return true;
        if (!*host && has_port && !*rows[i].host && rows[i].node == node &&
            rows[i].slot == slot && rows[i].port == port)
            return true;
    }
    return false;
}

static int vlun_create(struct sim *s, const struct store_array_row *a,
                       const struct sim_vlun_spec *sp, int64_t *lun_out, struct sim_err *err)
{
    struct store_vv_row vv;
    struct store_vlun_row *rows = NULL;
    size_t n;
    const char *host = sp->host ? sp->host : "";
    bool found;
    if (sp->lun < 0 || sp->lun > SIM_LUN_MAX)
    {
        char lun[32];
        snprintf(lun, sizeof(lun), "%lld for LUN", (long long)sp->lun);
        return sim_fail(err, SIM_ERANGE, lun, "LUN %lld is outside 0..%d", (long long)sp->lun,
                        SIM_LUN_MAX);
    }
    if (sim_vv_load(s, a->id, sp->volume, &vv, err))
        return -1;
    if (*host && target_check(s, a->id, host, err))
        return -1;
    if (sp->has_port) {
        if (port_exists(s, a->id, sp->node, sp->slot, sp->port, &found, err))
            return -1;
        if (!found)
            return port_missing(sp->node, sp->slot, sp->port, err);
    }
    if (store_vlun_list(s->st, a->id, &rows, &n))
        return sim_store_fail(s, err, "vlun list");
    int64_t lun = sp->lun, max = sp->max_auto_lun ? sp->max_auto_lun : SIM_LUN_MAX;
    if (sp->auto_lun)
        while (lun <= max &&
               lun_taken(rows, n, lun, host, sp->has_port, sp->node, sp->slot, sp->port))
            lun++;
    bool taken = lun > max ||
                 lun_taken(rows, n, lun, host, sp->has_port, sp->node, sp->slot, sp->port);
    free(rows);
    if (taken)
        return sim_fail(err, SIM_EEXIST_VLUN, sp->volume, "LUN %lld is in use", (long long)lun);
    struct store_vlun_row r = {
        .array_id = a->id, .vv = vv.id, .lun = lun,
        .node = sp->has_port ? sp->node : -1,
        .slot = sp->has_port ? sp->slot : -1,
        .port = sp->has_port ? sp->port : -1,
        .type = !*host ? SIM_VLUN_PORT : !strncmp(host, "set:", 4) ? SIM_VLUN_HOST_SET
              : sp->has_port ? SIM_VLUN_MATCHED_SET : SIM_VLUN_HOST,
        .created = sim_clock_now(s),
    };
    rc_strlcpy(r.host, host, sizeof(r.host));
    if (store_vlun_insert(s->st, &r))
        return sim_store_fail(s, err, "vlun insert");
    *lun_out = lun;
    return sim_event_add(s, SIM_EV_VLUN_CREATED, a->name, sp->volume, err,
                         "exported at LUN %lld to %s", (long long)lun, *host ? host : "port");
}

int sim_vlun_create(struct sim *s, const char *array, const struct sim_vlun_spec *sp,
                    int64_t *lun_out, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || vlun_create(s, &a, sp, lun_out, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static int vlun_remove(struct sim *s, const struct store_array_row *a, const char *volume,
                       int64_t lun, const char *host, bool has_port, int node, int slot,
                       int port, struct sim_err *err)
{
    struct store_vv_row vv;
    struct store_vlun_row *rows = NULL;
    size_t n;
    bool found;
    host = host ? host : "";
    if (sim_vv_load(s, a->id, volume, &vv, err))
        return -1;
    if (*host && target_check(s, a->id, host, err))
        return -1;
    if (has_port) {
        if (port_exists(s, a->id, node, slot, port, &found, err))
            return -1;
        if (!found)
            return port_missing(node, slot, port, err);
    }
    if (store_vlun_list(s->st, a->id, &rows, &n))
        return sim_store_fail(s, err, "vlun list");
    int64_t id = 0;
    for (size_t i = 0; i < n && !id; i++)
        if (rows[i].vv == vv.id && rows[i].lun == lun && !strcmp(rows[i].host, host) &&
            (has_port ? rows[i].node == node && rows[i].slot == slot && rows[i].port == port
                      : rows[i].node < 0))
            id = rows[i].id;
    free(rows);
    if (!id)
        return sim_fail(err, SIM_ENOENT_VLUN, volume, "no VLUN %s at LUN %lld", volume,
                        (long long)lun);
    if (store_vlun_delete(s->st, id))
        return sim_store_fail(s, err, "vlun delete");
    return sim_event_add(s, SIM_EV_VLUN_REMOVED, a->name, volume, err,
                         "LUN %lld unexported from %s", (long long)lun, *host ? host : "port");
}

int sim_vlun_remove(struct sim *s, const char *array, const char *volume, int64_t lun,
                    const char *host, bool has_port, int node, int slot, int port,
                    struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) ||
        vlun_remove(s, &a, volume, lun, host, has_port, node, slot, port, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

const char *sim_alua_name(enum sim_alua a)
{
    switch (a) {
    case SIM_ALUA_NONE:        return "-";
    case SIM_ALUA_ACTIVE:      return "active";
    case SIM_ALUA_STANDBY:     return "standby";
    case SIM_ALUA_UNAVAILABLE: return "unavailable";
    }
    return "?";
}

/* Derived from the volume's group at the time of the view, so the state
 * flips with failover, switchover and restore without a record of its own. */
int sim_vlun_alua(struct sim *s, int64_t vv)
{
    struct store_pair_row p;
    struct store_group_row g;
    if (store_pair_by_vv(s->st, vv, &p) != 1 || store_group_get_by_id(s->st, p.group_id, &g) != 1 ||
        !(g.policies & SIM_POL_PATH_MANAGEMENT))
        return SIM_ALUA_NONE;
    if (g.status == SIM_RC_FAILSAFE)
        return SIM_ALUA_UNAVAILABLE;
    return sim_rc_is_source(g.role) ? SIM_ALUA_ACTIVE : SIM_ALUA_STANDBY;
}

int sim_vlun_list(struct sim *s, const char *array, struct sim_vlun_view **out, size_t *n,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_vlun_row *rows;
    size_t len;
    SIM_READ_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_vlun_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "vlun list");
    struct sim_vlun_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        struct store_vv_row vv;
        rc_strlcpy(v[i].volume, rows[i].vv_name, sizeof(v[i].volume));
        v[i].lun = rows[i].lun;
        rc_strlcpy(v[i].host, rows[i].host, sizeof(v[i].host));
        v[i].has_port = rows[i].node >= 0;
        v[i].node = rows[i].node;
        v[i].slot = rows[i].slot;
        v[i].port = rows[i].port;
        v[i].type = (enum sim_vlun_type)rows[i].type;
        /* a host template is active once the host has a path to it */
        v[i].active = true;
        if (store_vv_get_by_id(s->st, rows[i].vv, &vv) == 1)
            rc_strlcpy(v[i].volume_wwn, vv.wwn, sizeof(v[i].volume_wwn));
        v[i].alua = (enum sim_alua)sim_vlun_alua(s, rows[i].vv);
    }
    free(rows);
    *out = v;
    *n = len;
    return 0;
}
