/* api/wsapi_system.c - the array as a whole: GET /api (version), /system,
 * /wsapiconfiguration, /capacity, /ports, /flashcache, /domains.
 * Spec: docs/array-interfaces.md §2.1, §2.9, §2.11, §6 facts 25, 30. */
#include "api/wsapi_internal.h"
#include "sim/array.h"
#include "sim/auth.h"
#include "sim/cpg.h"
#include "sim/vv.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* §2.1: a build in [30202290, 40000128): above Cinder's replication floor,
 * below the Primera switch. 3PAR OS 3.3.1 ships WSAPI 1.6.x; older clients
 * compare "major.minor.revision" as a string with "1.6.0" to enable
 * compression, which "1.10.0" would fail. */
#define WSAPI_MAJOR 1
#define WSAPI_MINOR 6
#define WSAPI_REVISION 15
#define WSAPI_BUILD 30302648
#define WSAPI_VERSION_STR SIM_WSAPI_VERSION /* showwsapi prints it too */
_Static_assert(WSAPI_BUILD >= 30202290 && WSAPI_BUILD < 40000128, "WSAPI build range");

#define CHUNKLET_MIB 1024

int wsapi_version_get(struct wsapi_req *rq)
{
    cJSON *o = json_object();
    json_put_num(o, "major", WSAPI_MAJOR);
    json_put_num(o, "minor", WSAPI_MINOR);
    json_put_num(o, "revision", WSAPI_REVISION);
    json_put_num(o, "build", WSAPI_BUILD);
    return wsapi_reply(rq, 200, o);
}

/* Space written by hosts across every CPG, in MiB. */
static int allocated_mib(struct wsapi_req *rq, uint64_t *out, struct sim_err *err)
{
    struct sim_cpg_view *cpgs = NULL;
    size_t n = 0;
    *out = 0;
    if (sim_cpg_list(rq->s, rq->array, &cpgs, &n, err))
        return -1;
    for (size_t i = 0; i < n; i++)
        *out += cpgs[i].usr_total_mib > cpgs[i].usr_used_mib ? cpgs[i].usr_total_mib
                                                               : cpgs[i].usr_used_mib;
    for (size_t i = 0; i < n; i++)
        *out += cpgs[i].snp_used_mib;
    free(cpgs);
    return 0;
}

int wsapi_system_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    uint64_t alloc;
    if (sim_array_get(rq->s, rq->array, &a, &err) || allocated_mib(rq, &alloc, &err))
        return wsapi_reply_error(rq, &err);
    if (alloc > a.total_mib)
        alloc = a.total_mib;
    cJSON *o = json_object(), *online = json_array(), *cluster = json_array();
    json_put_num(o, "id", (double)a.sysid);
    json_put_str(o, "name", a.name);
    json_put_str(o, "systemVersion", a.os_version);
    json_put_str(o, "IPv4Addr", a.wsapi_addr);
    json_put_str(o, "model", a.model);
    json_put_str(o, "serialNumber", a.serial);
    json_put_str(o, "systemWWN", a.wwn);
    json_put_num(o, "totalNodes", a.nodes);
    json_put_num(o, "masterNode", 0);
    for (int i = 0; i < a.nodes; i++) {
        json_push(online, cJSON_CreateNumber(i));
        json_push(cluster, cJSON_CreateNumber(i));
    }
    json_put(o, "onlineNodes", online);
    json_put(o, "clusterNodes", cluster);
    json_put_num(o, "chunkletSizeMiB", CHUNKLET_MIB);
    json_put_num(o, "totalCapacityMiB", (double)a.total_mib);
    json_put_num(o, "allocatedCapacityMiB", (double)alloc);
    json_put_num(o, "freeCapacityMiB", (double)(a.total_mib - alloc));
    json_put_num(o, "failedCapacityMiB", 0);
    json_put_str(o, "location", "");
    json_put_str(o, "owner", "");
    json_put_str(o, "contact", "");
    json_put_str(o, "comment", "");
    json_put_str(o, "timeZone", "UTC");
    return wsapi_reply(rq, 200, o);
}

int wsapi_wsapiconf_get(struct wsapi_req *rq)
{
    int http, https;
    wsapi_listener_info(rq->w, rq->array, &http, &https);
    cJSON *o = json_object(), *use = json_object();
    json_put_num(o, "httpState", http ? 1 : 2);       /* 1 enabled, 2 disabled */
    json_put_num(o, "httpPort", http);
    json_put_num(o, "httpsState", https ? 1 : 2);
    json_put_num(o, "httpsPort", https);
    json_put_str(o, "version", WSAPI_VERSION_STR);
    json_put_num(o, "sessionsInUse", (double)wsapi_sessions_count(wsapi_sessions_of(rq->w),
                                                                   rq->array));
    /* minutes, as the array shows it; a sub-minute test setting shows 1 */
    int64_t idle = sim_auth_policy_get(rq->s).session_idle_ms;
    json_put_num(o, "sessionTimeout", (double)(idle < 60000 ? 1 : idle / 60000));
    json_put_num(use, "policy", 1);
    json_put(o, "systemResourceUsage", use);
    return wsapi_reply(rq, 200, o);
}

static cJSON *capacity_obj(uint64_t total, uint64_t used)
{
    cJSON *o = json_object(), *al = json_object(), *vols = json_object();
    json_put_num(o, "totalMiB", (double)total);
    json_put_num(vols, "totalVolumesMiB", (double)used);
    json_put_num(al, "totalAllocatedMiB", (double)used);
    json_put(al, "volumes", vols);
    json_put(o, "allocated", al);
    json_put_num(o, "freeMiB", (double)(total - used));
    json_put_num(o, "failedCapacityMiB", 0);
    return o;
}

int wsapi_capacity_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view a;
    struct sim_cpg_view *cpgs = NULL;
    size_t n = 0;
    uint64_t by_type[4] = { 0 }, total = 0;
    if (sim_array_get(rq->s, rq->array, &a, &err) ||
        sim_cpg_list(rq->s, rq->array, &cpgs, &n, &err))
        return wsapi_reply_error(rq, &err);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = cpgs[i].usr_used_mib + cpgs[i].snp_used_mib;
        if (cpgs[i].disk_type >= SIM_DISK_FC && cpgs[i].disk_type <= SIM_DISK_SSD)
            by_type[cpgs[i].disk_type] += u;
        total += u;
    }
    free(cpgs);
    if (total > a.total_mib)
        total = a.total_mib;
    /* the simulated drives are split evenly between FC, NL and SSD */
    uint64_t third = a.total_mib / 3;
    cJSON *o = json_object();
    json_put(o, "allCapacity", capacity_obj(a.total_mib, total));
    json_put(o, "FCCapacity", capacity_obj(third, by_type[SIM_DISK_FC] < third ?
                                                   by_type[SIM_DISK_FC] : third));
    json_put(o, "NLCapacity", capacity_obj(third, by_type[SIM_DISK_NL] < third ?
                                                   by_type[SIM_DISK_NL] : third));
    json_put(o, "SSDCapacity", capacity_obj(third, by_type[SIM_DISK_SSD] < third ?
                                                    by_type[SIM_DISK_SSD] : third));
    return wsapi_reply(rq, 200, o);
}

/* --- ports (§2.9) ------------------------------------------------------ */

static int port_mode(const char *m)
{
    if (!strcmp(m, "target"))
        return 2;
    if (!strcmp(m, "initiator"))
        return 3;
    return 4;                   /* peer, rcip, rcfc */
}

static int port_link_state(const char *st)
{
    if (!strcmp(st, "ready"))
        return 4;
    if (!strcmp(st, "loss_sync"))
        return 5;
    return 10;                  /* offline */
}

static int port_protocol(const char *p)
{
    static const char *const names[] = { NULL, "FC", "iSCSI", "FCoE", "IP", "SAS", "NVMe" };
    for (int i = 1; i < (int)(sizeof(names) / sizeof(names[0])); i++)
        if (!strcmp(p, names[i]))
            return i;
    return 4;
}

static int port_type(const struct sim_port_view *p)
{
    if (!strcmp(p->mode, "rcip"))
        return 7;
    if (!strcmp(p->mode, "rcfc"))
        return 5;
    if (!strcmp(p->mode, "peer"))
        return 6;
    if (!strcmp(p->protocol, "iSCSI"))
        return 8;
    if (!strcmp(p->mode, "initiator"))
        return 2;
    return 1;                   /* host */
}

static cJSON *port_pos(int node, int slot, int port)
{
    cJSON *o = json_object();
    json_put_num(o, "node", node);
    json_put_num(o, "slot", slot);
    json_put_num(o, "cardPort", port);
    return o;
}

static cJSON *port_json(const struct sim_port_view *p)
{
    cJSON *o = json_object();
    char label[40];
    json_put(o, "portPos", port_pos(p->node, p->slot, p->port));
    json_put_num(o, "mode", port_mode(p->mode));
    json_put_num(o, "linkState", port_link_state(p->state));
    json_put_num(o, "protocol", port_protocol(p->protocol));
    json_put_num(o, "type", port_type(p));
    snprintf(label, sizeof(label), "%s", *p->label ? p->label : "");
    json_put_str(o, "label", label);
    json_put(o, "device", json_array());
    /* the partner is the same slot and port on the other node of the pair */
    json_put(o, "partnerPos", port_pos(p->node ^ 1, p->slot, p->port));
    json_put_num(o, "failoverState", 1);   /* none */
    if (*p->wwn)
        json_put_str(o, "portWWN", p->wwn);
    if (*p->node_wwn)
        json_put_str(o, "nodeWWN", p->node_wwn);
    if (!strcmp(p->protocol, "iSCSI")) {
        cJSON *i = json_object();
        json_put_str(o, "IPAddr", p->ip);
        json_put_str(o, "iSCSIName", p->iqn);
        json_put_str(i, "IPAddr", p->ip);
        json_put_str(i, "iSCSIName", p->iqn);
        json_put_str(i, "netmask", "255.255.255.0");
        json_put_str(i, "gateway", "0.0.0.0");
        json_put_num(i, "mtu", 1500);
        json_put_num(i, "rate", 10);          /* 10 Gbps */
        json_put_num(i, "tpgt", p->node * 100 + p->slot * 10 + p->port);
        json_put_num(i, "stgt", p->node * 100 + p->slot * 10 + p->port);
        json_put_str(i, "iSNSAddr", "0.0.0.0");
        json_put_num(i, "iSNSPort", 3205);
        /* §2.9: vlan 1 would make the client fetch /iSCSIVlans for every
         * port; 2 means "not configured" */
        json_put_num(i, "vlan", 2);
        json_put(o, "iSCSIPortInfo", i);
    } else if (*p->ip) {
        json_put_str(o, "IPAddr", p->ip);
    }
    return o;
}

int wsapi_ports_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_port_view *ports = NULL;
    size_t n = 0;
    if (sim_port_list(rq->s, rq->array, &ports, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, port_json(&ports[i]));
    free(ports);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

/* GET /ports/<n:s:p>/iSCSIVlans/: the simulated ports carry no VLANs. */
int wsapi_port_vlans_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_port_view *ports = NULL;
    size_t n = 0;
    int node, slot, port;
    char extra;
    if (sscanf(rq->segs[1], "%d:%d:%d%c", &node, &slot, &port, &extra) != 3)
        return wsapi_reply_code(rq, WC_BAD_PORT, rq->segs[1]);
    if (sim_port_list(rq->s, rq->array, &ports, &n, &err))
        return wsapi_reply_error(rq, &err);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (ports[i].node == node && ports[i].slot == slot && ports[i].port == port &&
            !strcmp(ports[i].protocol, "iSCSI"))
            found = true;
    free(ports);
    if (!found) {
        sim_fail(&err, SIM_ENOENT_PORT, rq->segs[1], "no iSCSI port %s", rq->segs[1]);
        return wsapi_reply_error(rq, &err);
    }
    cJSON *o = json_object();
    json_put(o, "iSCSIVlans", json_array());
    return wsapi_reply(rq, 200, o);
}

/* --- flash cache (§2.11): the simulated arrays have no flash cache ----- */

int wsapi_flashcache_get(struct wsapi_req *rq)
{
    return wsapi_reply_code(rq, WC_NO_FLASH_CACHE, NULL);
}

/* deleteFlashCache: there is none to delete */
int wsapi_flashcache_delete(struct wsapi_req *rq)
{
    return wsapi_reply_code(rq, WC_NO_FLASH_CACHE, NULL);
}

static const struct wsapi_field fc_inner[] = {
    { "sizeGiB", WF_INT, WF_REQUIRED, 1, 1 << 20, 0, NULL },
    { "mode", WF_INT, 0, 1, 2, WC_BAD_ENUM, NULL },
    { NULL, 0, 0, 0, 0, 0, NULL },
};
static const struct wsapi_field fc_fields[] = {
    { "flashCache", WF_OBJ, WF_REQUIRED, 0, 0, 0, fc_inner },
    { NULL, 0, 0, 0, 0, 0, NULL },
};

int wsapi_flashcache_post(struct wsapi_req *rq)
{
    if (wsapi_body_check(rq, rq->body, fc_fields))
        return -1;
    /* no SSDs are set aside for a cache in the simulated drive layout */
    return wsapi_reply_code(rq, WC_UNSUPPORTED, "flashCache");
}

/* --- domains ------------------------------------------------------------ */

static cJSON *domain_json(const struct sim_domain_view *d)
{
    cJSON *o = json_object();
    json_put_num(o, "id", (double)d->id);
    json_put_str(o, "name", d->name);
    json_put_str(o, "comment", d->comment);
    return o;
}

int wsapi_domains_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_domain_view *ds = NULL;
    size_t n = 0;
    if (sim_domain_list(rq->s, rq->array, &ds, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, domain_json(&ds[i]));
    free(ds);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

int wsapi_domain_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_domain_view d;
    if (sim_domain_get(rq->s, rq->array, rq->segs[1], &d, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, domain_json(&d));
}
