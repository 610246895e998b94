/* sim/linktest.c - checkrclink: a throughput test between a replication
 * port of one array and a test server on a port of another, over the
 * simulated link between them. Owns: the test servers (rc_link_servers)
 * and what a test measures. Not: the links themselves (rctarget.c). Spec:
 * docs/behaviour.md (checkrclink). A test is measured, not waited for: it
 * reports what the link carries at its bandwidth less loss over the time
 * asked, and its latency, without moving the clock. */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "sim/rcstats.h"
#include "store/pcopy.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nsp_parse(const char *nsp, int *n, int *sl, int *p)
{
    char extra;
    return sscanf(nsp, "%d:%d:%d%c", n, sl, p, &extra) == 3 ? 0 : -1;
}

/* The array's replication port nsp (1), or 0 when it has none. */
static int rc_port(struct sim *s, int64_t array_id, const char *nsp, struct store_port_row *out,
                   struct sim_err *err)
{
    struct store_port_row *p;
    size_t n;
    int node, slot, port, found = 0;
    if (nsp_parse(nsp, &node, &slot, &port))
        return sim_fail(err, SIM_EINVAL, nsp, "'%s' is not N:S:P", nsp);
    if (store_port_list(s->st, array_id, &p, &n))
        return sim_store_fail(s, err, "port list");
    for (size_t i = 0; i < n && !found; i++) {
        if (p[i].node != node || p[i].slot != slot || p[i].port != port)
            continue;
        found = !strcmp(p[i].mode, "rcip") || !strcmp(p[i].mode, "rcfc");
        if (found)
            *out = p[i];
    }
    free(p);
    return found ? 1 : sim_fail(err, SIM_ENOENT_PORT, nsp, "no replication port %s", nsp);
}

static int server_start(struct sim *s, const struct store_array_row *a, const char *nsp,
                        const char *address, int port, struct sim_err *err)
{
    struct store_port_row p;
    if (port < 1 || port > 65535)
        return sim_fail(err, SIM_ERANGE, "port", "TCP port %d outside 1..65535", port);
    if (rc_port(s, a->id, nsp, &p, err) < 0)
        return -1;
    struct store_link_server_row r = { .array_id = a->id, .port = port,
                                       .started = sim_clock_now(s) };
    rc_strlcpy(r.nsp, nsp, sizeof(r.nsp));
    rc_strlcpy(r.address, address && *address ? address : p.ip, sizeof(r.address));
    if (store_link_server_put(s->st, &r))
        return sim_store_fail(s, err, "link server put");
    return sim_event_add(s, SIM_EV_LINK_CHANGED, a->name, nsp, err,
                         "link test server on %s listens on %s port %d", nsp, r.address, port);
}

int sim_link_server_start(struct sim *s, const char *array, const char *nsp, const char *address,
                          int port, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || server_start(s, &a, nsp, address, port, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_link_server_stop(struct sim *s, const char *array, const char *nsp, struct sim_err *err)
{
    struct store_array_row a;
    struct store_link_server_row r;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err))
        return sim_txn_rollback(s);
    int rc = store_link_server_get(s->st, a.id, nsp, &r);
    if (rc <= 0) {
        if (rc < 0)
            sim_store_fail(s, err, "link server get");
        else
            sim_fail(err, SIM_ENOENT_LINK, nsp, "no link test server on %s", nsp);
        return sim_txn_rollback(s);
    }
    if (store_link_server_delete(s->st, a.id, nsp) ||
        sim_event_add(s, SIM_EV_LINK_CHANGED, a.name, nsp, err,
                      "link test server on %s stopped", nsp)) {
        if (!err->rc)
            sim_store_fail(s, err, "link server delete");
        return sim_txn_rollback(s);
    }
    return sim_txn_commit(s, err);
}

/* The link of the array's targets from nsp to address: 1 found. */
static int link_find(struct sim *s, const struct store_array_row *a, const char *nsp,
                     const char *address, struct store_target_row *t, struct store_link_row *l,
                     struct sim_err *err)
{
    struct store_target_row *ts;
    size_t nt;
    int found = 0;
    if (store_target_list(s->st, a->id, &ts, &nt))
        return sim_store_fail(s, err, "target list");
    for (size_t i = 0; i < nt && !found; i++) {
        struct store_link_row *ls;
        size_t nl;
        if (store_link_list(s->st, ts[i].id, &ls, &nl))
            continue;
        for (size_t j = 0; j < nl && !found; j++) {
            if (strcmp(ls[j].local_nsp, nsp) || strcmp(ls[j].address, address))
                continue;
            found = 1;
            *t = ts[i];
            *l = ls[j];
        }
        free(ls);
    }
    free(ts);
    if (!found)
        return sim_fail(err, SIM_ENOENT_LINK, address, "no link from %s to %s", nsp, address);
    return 1;
}

/* The port of array_id whose address is address, with a server on it. */
static int peer_server(struct sim *s, int64_t array_id, const char *address, int port,
                       struct store_link_server_row *out, struct sim_err *err)
{
    struct store_port_row *p;
    size_t n;
    int found = 0;
    if (store_port_list(s->st, array_id, &p, &n))
        return sim_store_fail(s, err, "port list");
    for (size_t i = 0; i < n && !found; i++) {
        char nsp[16];
        snprintf(nsp, sizeof(nsp), "%d:%d:%d", p[i].node, p[i].slot, p[i].port);
        if (store_link_server_get(s->st, array_id, nsp, out) == 1 &&
            !strcmp(out->address, address) && out->port == port)
            found = 1;
    }
    free(p);
    if (!found)
        return sim_fail(err, SIM_ENOENT_LINK, address,
                        "no link test server listens on %s port %d", address, port);
    return 0;
}

static int client_run(struct sim *s, const struct store_array_row *a, const char *nsp,
                      const char *address, int port, int secs, struct sim_link_test *out,
                      struct sim_err *err)
{
    struct store_port_row p;
    struct store_target_row t = { 0 };
    struct store_link_row l = { 0 };
    struct store_array_row peer;
    struct store_link_server_row srv;
    memset(out, 0, sizeof(*out));
    if (secs < 1 || secs > 3600)
        return sim_fail(err, SIM_ERANGE, "time", "a test runs 1..3600 seconds, not %d", secs);
    if (rc_port(s, a->id, nsp, &p, err) < 0 || link_find(s, a, nsp, address, &t, &l, err) < 0)
        return -1;
    if (store_array_get_by_id(s->st, t.peer_array_id, &peer) != 1)
        return sim_store_fail(s, err, "array get");
    if (!l.up || !a->powered || !peer.powered)
        return sim_fail(err, SIM_ETARGET_NOT_READY, t.name, "the link %s to %s is down", nsp,
                        address);
    if (peer_server(s, peer.id, address, port, &srv, err))
        return -1;
    rc_strlcpy(out->target, t.name, sizeof(out->target));
    rc_strlcpy(out->peer_array, peer.name, sizeof(out->peer_array));
    rc_strlcpy(out->peer_nsp, srv.nsp, sizeof(out->peer_nsp));
    out->latency_ms = l.latency_ms;
    out->secs = secs;
    out->bytes_per_s = (int64_t)l.bandwidth * 1048576 * (100 - l.loss) / 100;
    out->bytes = out->bytes_per_s * secs;
    return 0;
}

int sim_link_client_run(struct sim *s, const char *array, const char *nsp, const char *address,
                        int port, int secs, struct sim_link_test *out, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    return client_run(s, &a, nsp, address, port, secs, out, err);
}
