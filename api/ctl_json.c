/* api/ctl_json.c - the control API's JSON rendering of sim views (cJSON).
 * Owns: field names and shapes of arrays, ports, clock, events, remote-copy
 * targets, links, groups and tasks, and the status overview. Not: routes (ctl_routes.c), errors (ctl_errors.c).
 * Spec: docs/control-api.md. */
#include "api/ctl_internal.h"
#include "sim/array.h"
#include "sim/clock.h"
#include "sim/cpg.h"
#include "sim/event.h"
#include "sim/rcopy.h"
#include "sim/sim.h"
#include "sim/task.h"
#include "sim/vv.h"
#include "util/log.h"
#include "util/strutil.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>

static cJSON *listener(const char *addr, const char *k1, int v1, const char *k2, int v2)
{
    cJSON *o = json_object();
    json_put_str(o, "address", addr);
    json_put_num(o, k1, v1);
    if (k2)
        json_put_num(o, k2, v2);
    return o;
}

cJSON *ctl_json_from_array(const struct sim_array_view *a)
{
    cJSON *o = json_object();
    json_put_str(o, "name", a->name);
    json_put_num(o, "id", (double)a->sysid);
    json_put_str(o, "model", a->model);
    json_put_str(o, "serial", a->serial);
    json_put_str(o, "os_version", a->os_version);
    json_put_str(o, "wwn", a->wwn);
    json_put_bool(o, "powered", a->powered);
    json_put_bool(o, "remote_copy_started", a->rc_started);
    json_put_num(o, "flags", a->flags);
    json_put_num(o, "nodes", a->nodes);
    json_put_num(o, "total_mib", (double)a->total_mib);
    json_put(o, "wsapi", listener(a->wsapi_addr, "http", a->wsapi_http_port, "https",
                                      a->wsapi_https_port));
    json_put(o, "ssh", listener(a->ssh_addr, "port", a->ssh_port, NULL, 0));
    json_put(o, "nbd", listener(a->nbd_addr, "port", a->nbd_port, NULL, 0));
    return o;
}

cJSON *ctl_json_from_port(const struct sim_port_view *p)
{
    char nsp[32];
    cJSON *o = json_object();
    snprintf(nsp, sizeof(nsp), "%d:%d:%d", p->node, p->slot, p->port);
    json_put_str(o, "nsp", nsp);
    json_put_str(o, "protocol", p->protocol);
    json_put_str(o, "mode", p->mode);
    json_put_str(o, "state", p->state);
    if (p->wwn[0])
        json_put_str(o, "wwn", p->wwn);
    if (p->ip[0])
        json_put_str(o, "ip", p->ip);
    if (p->iqn[0])
        json_put_str(o, "iqn", p->iqn);
    if (p->label[0])
        json_put_str(o, "label", p->label);
    return o;
}

cJSON *ctl_json_from_clock(const struct sim_clock_view *c)
{
    char when[40];
    cJSON *o = json_object();
    rc_format_time(c->now_ms, when, sizeof(when));
    json_put_str(o, "mode", sim_clock_mode_name(c->mode));
    json_put_num(o, "now_ms", (double)c->now_ms);
    json_put_str(o, "now", when);
    json_put_num(o, "scale", c->scale);
    return o;
}

cJSON *ctl_json_from_event(const struct sim_event_view *e)
{
    char when[40];
    cJSON *o = json_object();
    rc_format_time(e->time_ms, when, sizeof(when));
    json_put_num(o, "id", (double)e->id);
    json_put_num(o, "time_ms", (double)e->time_ms);
    json_put_str(o, "time", when);
    json_put_str(o, "array", e->array);
    json_put_str(o, "kind", e->kind);
    json_put_str(o, "severity", e->severity);
    json_put_str(o, "object", e->object);
    json_put_str(o, "detail", e->detail);
    return o;
}

/* ---- remote copy ------------------------------------------------------ */

/* The SyncStatus words of docs/array-remote-copy.md §2.1 (Syncing carries its progress in
 * a separate field). */
static const char *const sync_names[] = {
    [SIM_SYNC_NEW] = "New", [SIM_SYNC_SYNCING] = "Syncing", [SIM_SYNC_SYNCED] = "Synced",
    [SIM_SYNC_NOTSYNCED] = "NotSynced", [SIM_SYNC_STOPPED] = "Stopped",
    [SIM_SYNC_STALE] = "Stale", [SIM_SYNC_FAILSAFE] = "Failsafe",
};

static const char *sync_name(enum sim_rc_sync st)
{
    if ((unsigned)st >= sizeof(sync_names) / sizeof(sync_names[0]) || !sync_names[st])
        return "Unknown";
    return sync_names[st];
}

/* A time in ms as "YYYY-MM-DD HH:MM:SS UTC", or "NA" for 0. */
static void time_or_na(cJSON *o, const char *key, int64_t ms)
{
    char when[40] = "NA";
    if (ms)
        rc_format_time(ms, when, sizeof(when));
    json_put_str(o, key, when);
}

cJSON *ctl_json_from_target(const struct sim_target_view *t)
{
    cJSON *o = json_object();
    json_put_num(o, "id", (double)t->id);
    json_put_str(o, "name", t->name);
    json_put_str(o, "peer_array", t->peer_array);
    json_put_str(o, "type", t->fc ? "FC" : "IP");
    json_put_str(o, "status", sim_target_status_name(t->status));
    json_put_bool(o, "mirror_config", t->mirror_config);
    json_put_bool(o, "enabled", t->enabled);
    if (t->node_wwn[0])
        json_put_str(o, "node_wwn", t->node_wwn);
    if (t->witness[0]) {
        json_put_str(o, "witness", t->witness);
        json_put_str(o, "witness_state", t->witness_state);
        json_put_bool(o, "witness_reachable", t->witness_reachable);
    }
    json_put_num(o, "links", t->n_links);
    return o;
}

cJSON *ctl_json_from_link(const struct sim_link_view *l)
{
    cJSON *o = json_object();
    json_put_str(o, "target", l->target);
    json_put_str(o, "port", l->local_nsp);
    json_put_str(o, "address", l->address);
    json_put_str(o, "status", l->up ? "Up" : "Down");
    json_put_bool(o, "up", l->up);
    json_put_bool(o, "admin_up", l->admin_up);
    json_put_num(o, "latency_ms", l->latency_ms);
    json_put_num(o, "bandwidth_mbs", l->bandwidth_mbs);
    json_put_num(o, "loss_pct", l->loss_pct);
    return o;
}

static cJSON *from_pair(const struct sim_pair_view *p)
{
    cJSON *o = json_object();
    json_put_str(o, "local_vv", p->local_vv);
    json_put_num(o, "local_id", (double)p->local_id);
    json_put_str(o, "remote_vv", p->remote_vv);
    json_put_num(o, "remote_id", (double)p->remote_id);
    json_put_str(o, "status", sync_name(p->status));
    json_put_num(o, "progress_pct", p->progress_pct);
    json_put_num(o, "last_sync_ms", (double)p->last_sync_ms);
    time_or_na(o, "last_sync", p->last_sync_ms);
    json_put_str(o, "resync_snapshot", p->resync_snap);
    json_put_num(o, "blocks_sent", (double)p->blocks_sent);
    json_put_num(o, "blocks_total", (double)p->blocks_total);
    json_put_str(o, "sync_type", p->full_sync ? "full" : "delta");
    json_put_num(o, "in_flight_blocks", (double)p->in_flight_blocks);
    return o;
}

cJSON *ctl_json_from_group(const struct sim_group_view *g)
{
    cJSON *o = json_object(), *pols = json_array(), *pairs = json_array();
    json_put_num(o, "id", (double)g->id);
    json_put_str(o, "name", g->name);
    json_put_str(o, "target", g->target);
    json_put_str(o, "peer_array", g->peer_array);
    json_put_str(o, "peer_group", g->peer_group);
    json_put_str(o, "role", sim_rc_role_name(g->role));
    json_put_str(o, "status", sim_rc_status_name(g->status));
    json_put_str(o, "mode", sim_rc_mode_name(g->mode));
    for (uint32_t bit = 1; bit && bit <= SIM_POL_ACTIVE_ACTIVE; bit <<= 1)
        if (g->policies & bit)
            json_push(pols, cJSON_CreateString(sim_rc_policy_name(bit)));
    json_put(o, "policies", pols);
    json_put_num(o, "period_ms", (double)g->period_ms);
    json_put_num(o, "snap_freq_ms", (double)g->snap_freq_ms);
    json_put_num(o, "last_sync_ms", (double)g->last_sync_ms);
    time_or_na(o, "last_sync", g->last_sync_ms);
    json_put_str(o, "domain", g->domain);
    json_put_str(o, "local_user_cpg", g->local_user_cpg);
    json_put_str(o, "local_snap_cpg", g->local_snap_cpg);
    json_put_str(o, "remote_user_cpg", g->remote_user_cpg);
    json_put_str(o, "remote_snap_cpg", g->remote_snap_cpg);
    json_put_bool(o, "mirror_config", g->mirror_config);
    json_put_num(o, "lag_bytes", (double)g->lag_bytes);
    json_put_num(o, "lag_ms", (double)g->lag_ms);
    json_put_num(o, "recovery_point_ms", (double)g->recovery_point_ms);
    time_or_na(o, "recovery_point", g->recovery_point_ms);
    json_put_num(o, "rpo_ms", (double)g->rpo_ms);
    for (size_t i = 0; i < g->n_pairs; i++)
        json_push(pairs, from_pair(&g->pairs[i]));
    json_put(o, "pairs", pairs);
    /* a multi-target group: its other targets, each as a group object */
    cJSON *legs = json_array();
    for (size_t i = 0; i < g->n_legs; i++)
        json_push(legs, ctl_json_from_group(&g->legs[i]));
    json_put(o, "legs", legs);
    return o;
}

cJSON *ctl_json_from_task(const struct sim_task_view *t)
{
    cJSON *o = json_object();
    json_put_num(o, "id", (double)t->id);
    json_put_str(o, "type", sim_task_type_name(t->type));
    json_put_str(o, "name", t->name);
    json_put_str(o, "status", sim_task_status_name(t->status));
    json_put_num(o, "started_ms", (double)t->started_ms);
    time_or_na(o, "started", t->started_ms);
    json_put_num(o, "finished_ms", (double)t->finished_ms);
    time_or_na(o, "finished", t->finished_ms);
    json_put_num(o, "priority", t->priority);
    json_put_str(o, "user", t->user);
    json_put_str(o, "detail", t->detail);
    return o;
}

/* One array's remote copy: targets, links, groups with their pairs. */
static int status_rc_array(struct sim *s, const char *array, cJSON **out, struct sim_err *err)
{
    struct sim_target_view *t = NULL;
    struct sim_link_view *l = NULL;
    struct sim_group_view *g = NULL;
    size_t nt = 0, nl = 0, ng = 0;
    int ret = -1;
    if (sim_target_list(s, array, &t, &nt, err) || sim_link_list(s, array, &l, &nl, err) ||
        sim_group_list(s, array, &g, &ng, err))
        goto out;
    cJSON *o = json_object(), *tl = json_array(), *ll = json_array();
    cJSON *gl = json_array();
    json_put_str(o, "array", array);
    for (size_t i = 0; i < nt; i++)
        json_push(tl, ctl_json_from_target(&t[i]));
    for (size_t i = 0; i < nl; i++)
        json_push(ll, ctl_json_from_link(&l[i]));
    for (size_t i = 0; i < ng; i++)
        json_push(gl, ctl_json_from_group(&g[i]));
    json_put(o, "targets", tl);
    json_put(o, "links", ll);
    json_put(o, "groups", gl);
    *out = o;
    ret = 0;
out:
    free(t);
    free(l);
    sim_group_views_free(g, ng);
    return ret;
}

static int status_remote_copy(struct sim *s, cJSON **out, struct sim_err *err)
{
    struct sim_array_view *arrays = NULL;
    size_t n = 0;
    if (sim_array_list(s, &arrays, &n, err))
        return -1;
    cJSON *list = json_array();
    for (size_t i = 0; i < n; i++) {
        cJSON *one;
        if (status_rc_array(s, arrays[i].name, &one, err)) {
            cJSON_Delete(list);
            free(arrays);
            return -1;
        }
        json_push(list, one);
    }
    free(arrays);
    *out = list;
    return 0;
}

static int status_clock(struct sim *s, cJSON **out, struct sim_err *err)
{
    struct sim_clock_view c;
    if (sim_clock_get(s, &c))
        return sim_fail(err, SIM_EINTERNAL, "clock", "cannot read the clock");
    *out = ctl_json_from_clock(&c);
    return 0;
}

/* One array at a glance: power, service, object counts. */
static int status_one_array(struct sim *s, const struct sim_array_view *a, cJSON **out,
                            struct sim_err *err)
{
    struct sim_vv_view *vvs = NULL;
    struct sim_cpg_view *cpgs = NULL;
    size_t n_vv = 0, n_cpg = 0, n_base = 0;
    if (sim_vv_list(s, a->name, &vvs, &n_vv, err) ||
        sim_cpg_list(s, a->name, &cpgs, &n_cpg, err)) {
        free(vvs);
        return -1;
    }
    for (size_t i = 0; i < n_vv; i++)
        n_base += vvs[i].copy_type == SIM_COPY_BASE;
    cJSON *o = json_object();
    json_put_str(o, "name", a->name);
    json_put_num(o, "id", (double)a->sysid);
    json_put_str(o, "power", a->powered ? "on" : "off");
    json_put_bool(o, "remote_copy_started", a->rc_started);
    json_put_num(o, "cpgs", (double)n_cpg);
    json_put_num(o, "volumes", (double)n_base);
    json_put_num(o, "snapshots", (double)(n_vv - n_base));
    free(vvs);
    free(cpgs);
    *out = o;
    return 0;
}

static int status_arrays(struct sim *s, cJSON **out, struct sim_err *err)
{
    struct sim_array_view *arrays = NULL;
    size_t n = 0;
    if (sim_array_list(s, &arrays, &n, err))
        return -1;
    cJSON *list = json_array();
    for (size_t i = 0; i < n; i++) {
        cJSON *one;
        if (status_one_array(s, &arrays[i], &one, err)) {
            cJSON_Delete(list);
            free(arrays);
            return -1;
        }
        json_push(list, one);
    }
    free(arrays);
    *out = list;
    return 0;
}

static int status_events(struct sim *s, cJSON **out, struct sim_err *err)
{
    (void)err;
    cJSON *o = json_object();
    json_put_num(o, "last_id", (double)sim_event_last_id(s));
    json_put_num(o, "generation", (double)sim_generation(s));
    json_put_num(o, "epoch", (double)sim_event_epoch(s));
    *out = o;
    return 0;
}

/* What the database takes: live data, free pages (reused by later
 * writes) and the files on disk. */
static int status_database(struct sim *s, cJSON **out, struct sim_err *err)
{
    struct sim_db_space sp;
    if (sim_db_space(s, &sp, err))
        return -1;
    cJSON *o = json_object();
    json_put_num(o, "live_bytes", (double)sp.live_bytes);
    json_put_num(o, "free_bytes", (double)sp.free_bytes);
    json_put_num(o, "allocated_bytes", (double)sp.allocated_bytes);
    json_put_num(o, "file_bytes", (double)sp.file_bytes);
    json_put_num(o, "wal_bytes", (double)sp.wal_bytes);
    *out = o;
    return 0;
}

/* The sections of GET /status, in order. Extension point: remote copy adds
 * its own sections here ("targets", "links", "groups"), each a function
 * that renders one part of the overview from sim_ views. */
static const struct status_section {
    const char *key;
    int (*fn)(struct sim *s, cJSON **out, struct sim_err *err);
} status_sections[] = {
    { "clock", status_clock },
    { "arrays", status_arrays },
    { "remote_copy", status_remote_copy },
    { "events", status_events },
    { "database", status_database },
};

int ctl_json_status(struct sim *s, cJSON **out, struct sim_err *err)
{
    cJSON *o = json_object();
    /* one state for every section, and one wait for the engine lock */
    sim_hold(s);
    for (size_t i = 0; i < sizeof(status_sections) / sizeof(status_sections[0]); i++) {
        cJSON *part;
        if (status_sections[i].fn(s, &part, err)) {
            sim_unhold(s);
            cJSON_Delete(o);
            return -1;
        }
        json_put(o, status_sections[i].key, part);
    }
    sim_unhold(s);
    *out = o;
    return 0;
}
