/* sim/fixture.c - loads a topology fixture (JSON) into an empty database.
 * Owns: the fixture format and its validation; every refusal names the
 * file, the path inside it and the reason. Not: the rules of the objects
 * it creates (it calls the same insert functions as the commands). Spec:
 * docs/fixtures.md (the format and the default topology). */
#include "sim/array.h"
#include "sim/cpg.h"
#include "sim/internal.h"
#include "sim/limits.h"
#include "sim/vv.h"
#include "sim/rcopy.h"
#include "store/array.h"
#include "store/rcopy.h"
#include "util/strutil.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct fx {
    struct sim *s;
    const char *file;
    char path[192];
    struct sim_err *err;
};

static int fx_fail(struct fx *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fx_fail(struct fx *f, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return sim_fail(f->err, SIM_EINVAL, f->file, "%s: %s: %s", f->file,
                    f->path[0] ? f->path : "(top)", why);
}

/* Descends into path element name (or [index] when name is NULL). */
static size_t fx_push(struct fx *f, const char *name, int index)
{
    size_t old = strlen(f->path);
    if (name)
        snprintf(f->path + old, sizeof(f->path) - old, "%s%s", old ? "." : "", name);
    else
        snprintf(f->path + old, sizeof(f->path) - old, "[%d]", index);
    return old;
}

static void fx_pop(struct fx *f, size_t old)
{
    f->path[old] = '\0';
}

static int fx_keys(struct fx *f, const cJSON *obj, const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return fx_fail(f, "expected an object");
    for (const cJSON *it = obj->child; it; it = it->next) {
        const char *const *a;
        for (a = allowed; *a && strcmp(*a, it->string) != 0; a++)
            ;
        if (!*a) {
            size_t old = fx_push(f, it->string, 0);
            int rc = fx_fail(f, "unknown key");
            fx_pop(f, old);
            return rc;
        }
    }
    return 0;
}

/* A string member; dflt when absent and not required. */
static int fx_str(struct fx *f, const cJSON *obj, const char *key, bool required,
                  const char *dflt, char *buf, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    size_t old = fx_push(f, key, 0);
    int rc = 0;
    if (!v) {
        if (required)
            rc = fx_fail(f, "missing");
        else
            rc_strlcpy(buf, dflt, size);
    } else if (!cJSON_IsString(v)) {
        rc = fx_fail(f, "expected a string");
    } else if (strlen(v->valuestring) >= size) {
        rc = fx_fail(f, "longer than %zu characters", size - 1);
    } else {
        rc_strlcpy(buf, v->valuestring, size);
    }
    fx_pop(f, old);
    return rc;
}

static int fx_int(struct fx *f, const cJSON *obj, const char *key, bool required, int64_t dflt,
                  int64_t lo, int64_t hi, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    size_t old = fx_push(f, key, 0);
    int rc = 0;
    if (!v) {
        if (required)
            rc = fx_fail(f, "missing");
        *out = dflt;
    } else if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble) {
        rc = fx_fail(f, "expected an integer");
    } else if ((int64_t)v->valuedouble < lo || (int64_t)v->valuedouble > hi) {
        rc = fx_fail(f, "%lld is outside %lld..%lld", (long long)v->valuedouble,
                     (long long)lo, (long long)hi);
    } else {
        *out = (int64_t)v->valuedouble;
    }
    fx_pop(f, old);
    return rc;
}

static int fx_bool(struct fx *f, const cJSON *obj, const char *key, bool dflt, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = dflt;
    if (!v)
        return 0;
    if (!cJSON_IsBool(v)) {
        size_t old = fx_push(f, key, 0);
        int rc = fx_fail(f, "expected true or false");
        fx_pop(f, old);
        return rc;
    }
    *out = cJSON_IsTrue(v);
    return 0;
}

/* Maps a string member onto one of names[] (index + base). */
static int fx_enum(struct fx *f, const cJSON *obj, const char *key, const char *const *names,
                   int base, int dflt, int *out)
{
    char buf[32];
    if (fx_str(f, obj, key, false, "", buf, sizeof(buf)))
        return -1;
    if (!buf[0]) {
        *out = dflt;
        return 0;
    }
    for (int i = 0; names[i]; i++) {
        if (strcasecmp(names[i], buf) == 0) {
            *out = base + i;
            return 0;
        }
    }
    size_t old = fx_push(f, key, 0);
    int rc = fx_fail(f, "'%s' is not one of the allowed values", buf);
    fx_pop(f, old);
    return rc;
}

/* Calls each(f, item, ctx) for every element of an optional array member. */
static int fx_each(struct fx *f, const cJSON *obj, const char *key,
                   int (*each)(struct fx *, const cJSON *, void *), void *ctx)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    size_t old = fx_push(f, key, 0);
    int rc = 0, i = 0;
    if (arr && !cJSON_IsArray(arr))
        rc = fx_fail(f, "expected an array");
    for (const cJSON *it = arr ? arr->child : NULL; it && rc == 0; it = it->next, i++) {
        size_t mid = fx_push(f, NULL, i);
        rc = each(f, it, ctx);
        if (rc == 0)
            fx_pop(f, mid);
    }
    if (rc == 0)
        fx_pop(f, old);
    return rc;
}

/* Turns a refusal of an insert function into a fixture error. */
static int fx_sim(struct fx *f, int rc)
{
    if (rc == 0)
        return 0;
    char detail[sizeof(f->err->detail)];
    rc_strlcpy(detail, f->err->detail, sizeof(detail));
    return fx_fail(f, "%s", detail);
}

static int parse_nsp(const char *s, int *n, int *sl, int *p)
{
    char tail;
    if (sscanf(s, "%d:%d:%d%c", n, sl, p, &tail) != 3 || *n < 0 || *n > 7 || *sl < 0 ||
        *sl > 9 || *p < 1 || *p > 9)
        return -1;
    return 0;
}

static int load_user(struct fx *f, const cJSON *u, void *ctx)
{
    static const char *const keys[] = { "name", "password", "role", NULL };
    static const char *const roles[] = { "browse", "edit", "super", NULL };
    struct store_array_row *a = ctx;
    struct store_user_row row = { .array_id = a->id };
    int role;
    if (fx_keys(f, u, keys) || fx_str(f, u, "name", true, "", row.name, sizeof(row.name)) ||
        fx_str(f, u, "password", true, "", row.password, sizeof(row.password)) ||
        fx_enum(f, u, "role", roles, SIM_ROLE_BROWSE, SIM_ROLE_BROWSE, &role) ||
        fx_sim(f, sim_name_check(row.name, SIM_LIM_USER_NAME, f->err)))
        return -1;
    row.role = role;
    if (store_user_insert(f->s->st, &row))
        return fx_fail(f, "duplicate user '%s'", row.name);
    return 0;
}

static int load_domain(struct fx *f, const cJSON *d, void *ctx)
{
    if (!cJSON_IsString(d))
        return fx_fail(f, "expected a domain name");
    return fx_sim(f, sim_domain_insert(f->s, ctx, d->valuestring, "", f->err));
}

static int load_cpg(struct fx *f, const cJSON *c, void *ctx)
{
    static const char *const keys[] = { "name", "raid", "disk_type", "domain", "ha",
                                        "set_size", NULL };
    static const char *const raids[] = { "r0", "r1", "r5", "r6", NULL };
    static const char *const disks[] = { "FC", "NL", "SSD", NULL };
    static const char *const has[] = { "port", "cage", "mag", NULL };
    char name[32], domain[32];
    int raid, disk, ha;
    int64_t set_size;
    if (fx_keys(f, c, keys) || fx_str(f, c, "name", true, "", name, sizeof(name)) ||
        fx_str(f, c, "domain", false, "", domain, sizeof(domain)) ||
        fx_enum(f, c, "raid", raids, SIM_RAID_0, SIM_RAID_1, &raid) ||
        fx_enum(f, c, "disk_type", disks, SIM_DISK_FC, SIM_DISK_FC, &disk) ||
        fx_enum(f, c, "ha", has, 1, 2, &ha) ||
        fx_int(f, c, "set_size", false, 0, 0, 9, &set_size))
        return -1;
    struct sim_cpg_spec sp = { .name = name, .domain = domain, .raid = (enum sim_raid)raid,
                               .disk_type = (enum sim_disk_type)disk, .ha = ha,
                               .set_size = (int)set_size };
    return fx_sim(f, sim_cpg_insert(f->s, ctx, &sp, f->err));
}

static int load_port(struct fx *f, const cJSON *p, void *ctx)
{
    static const char *const keys[] = { "nsp", "protocol", "mode", "state", "wwn", "node_wwn",
                                        "ip", "iqn", "label", NULL };
    static const char *const protos[] = { "FC", "iSCSI", "IP", "FCoE", "SAS", NULL };
    static const char *const modes[] = { "target", "initiator", "peer", "rcip", "rcfc", NULL };
    static const char *const states[] = { "ready", "offline", "loss_sync", NULL };
    const struct store_array_row *a = ctx;
    struct store_port_row r = { .array_id = a->id };
    char nsp[16];
    int proto, mode, state;
    if (fx_keys(f, p, keys) || fx_str(f, p, "nsp", true, "", nsp, sizeof(nsp)) ||
        fx_enum(f, p, "protocol", protos, 0, 0, &proto) ||
        fx_enum(f, p, "mode", modes, 0, 0, &mode) ||
        fx_enum(f, p, "state", states, 0, 0, &state) ||
        fx_str(f, p, "wwn", false, "", r.wwn, sizeof(r.wwn)) ||
        fx_str(f, p, "node_wwn", false, a->wwn, r.node_wwn, sizeof(r.node_wwn)) ||
        fx_str(f, p, "ip", false, "", r.ip, sizeof(r.ip)) ||
        fx_str(f, p, "iqn", false, "", r.iqn, sizeof(r.iqn)) ||
        fx_str(f, p, "label", false, "", r.label, sizeof(r.label)))
        return -1;
    if (parse_nsp(nsp, &r.node, &r.slot, &r.port))
        return fx_fail(f, "nsp '%s' is not node:slot:port", nsp);
    rc_strlcpy(r.protocol, protos[proto], sizeof(r.protocol));
    rc_strlcpy(r.mode, modes[mode], sizeof(r.mode));
    rc_strlcpy(r.state, states[state], sizeof(r.state));
    if (store_port_insert(f->s->st, &r))
        return fx_fail(f, "duplicate port %s", nsp);
    return 0;
}

static int load_volume(struct fx *f, const cJSON *v, void *ctx)
{
    static const char *const keys[] = { "name", "cpg", "snap_cpg", "size_mib", "prov", "id",
                                        "wwn", "comment", NULL };
    static const char *const provs[] = { "full", "tpvv", NULL };
    char name[32], cpg[32], snp[32], wwn[33], comment[SIM_LIM_VV_COMMENT + 1];
    int64_t size, id;
    int prov;
    if (fx_keys(f, v, keys) || fx_str(f, v, "name", true, "", name, sizeof(name)) ||
        fx_str(f, v, "cpg", true, "", cpg, sizeof(cpg)) ||
        fx_str(f, v, "snap_cpg", false, "", snp, sizeof(snp)) ||
        fx_str(f, v, "wwn", false, "", wwn, sizeof(wwn)) ||
        fx_str(f, v, "comment", false, "", comment, sizeof(comment)) ||
        fx_int(f, v, "size_mib", true, 0, 1, (int64_t)SIM_VV_SIZE_MAX_MIB, &size) ||
        fx_int(f, v, "id", false, 0, 0, SIM_VV_ID_MAX, &id) ||
        fx_enum(f, v, "prov", provs, SIM_PROV_FULL, SIM_PROV_FULL, &prov))
        return -1;
    struct sim_vv_spec sp = { .name = name, .cpg = cpg, .snap_cpg = snp[0] ? snp : NULL,
                              .size_mib = (uint64_t)size, .id = id,
                              .prov = (enum sim_prov)prov, .wwn = wwn[0] ? wwn : NULL,
                              .comment = comment };
    return fx_sim(f, sim_vv_insert(f->s, ctx, &sp, f->err));
}

static int load_listener(struct fx *f, const cJSON *arr, const char *key, char *addr,
                         size_t addr_size, const char *const *ports, int64_t *const *vals,
                         const int *dflts)
{
    static const char *const wsapi_keys[] = { "address", "http", "https", NULL };
    static const char *const ssh_keys[] = { "address", "port", NULL };
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(arr, key);
    size_t old = fx_push(f, key, 0);
    int rc = 0;
    rc_strlcpy(addr, "127.0.0.1", addr_size);
    for (int i = 0; ports[i]; i++)
        *vals[i] = dflts[i];
    if (l) {
        rc = fx_keys(f, l, strcmp(key, "wsapi") ? ssh_keys : wsapi_keys) ||
             fx_str(f, l, "address", false, "127.0.0.1", addr, addr_size);
        for (int i = 0; rc == 0 && ports[i]; i++)
            rc = fx_int(f, l, ports[i], false, dflts[i], 0, 65535, vals[i]);
    }
    if (rc == 0)
        fx_pop(f, old);
    return rc;
}

static int load_array(struct fx *f, const cJSON *j, void *ctx)
{
    static const char *const keys[] = { "name", "id", "model", "serial", "os_version", "wwn",
        "nodes", "total_mib", "wsapi", "ssh", "nbd", "users", "domains", "cpgs", "ports", "volumes",
        "remote_copy", "behaviour", "copy_rate_mbs", NULL };
    static const char *const rc_keys[] = { "started", NULL };
    static const char *const bf_keys[] = { "live_10_5_quirks", "rcp_vvset",
                                           "admit_into_started_group", NULL };
    static const char *const http_ports[] = { "http", "https", NULL };
    static const char *const ssh_ports[] = { "port", NULL };
    static const int http_dflt[] = { 8008, 8080 }, ssh_dflt[] = { 2222 }, nbd_dflt[] = { 10809 };
    struct store_array_row a = { .powered = true, .next_vvid = 1 };
    int64_t id, nodes, total, http, https, sshp, nbdp, copy_rate;
    (void)ctx;

    if (fx_keys(f, j, keys) || fx_str(f, j, "name", true, "", a.name, sizeof(a.name)) ||
        fx_sim(f, sim_name_check(a.name, SIM_LIM_ARRAY_NAME, f->err)) ||
        fx_int(f, j, "id", true, 0, 1, 0x7FFFFFFF, &id) ||
        fx_str(f, j, "model", false, "HPE_3PAR 8200", a.model, sizeof(a.model)) ||
        fx_str(f, j, "serial", false, "", a.serial, sizeof(a.serial)) ||
        fx_str(f, j, "os_version", false, "3.3.1.648", a.os_version, sizeof(a.os_version)) ||
        fx_str(f, j, "wwn", false, "", a.wwn, sizeof(a.wwn)) ||
        fx_int(f, j, "nodes", false, 2, 1, 8, &nodes) ||
        fx_int(f, j, "total_mib", false, 16777216, 1, INT64_MAX / 2, &total) ||
        fx_int(f, j, "copy_rate_mbs", false, 300, 1, 1000000, &copy_rate) ||
        load_listener(f, j, "wsapi", a.wsapi_addr, sizeof(a.wsapi_addr), http_ports,
                      (int64_t *const[]){ &http, &https }, http_dflt) ||
        load_listener(f, j, "ssh", a.ssh_addr, sizeof(a.ssh_addr), ssh_ports,
                      (int64_t *const[]){ &sshp }, ssh_dflt) ||
        load_listener(f, j, "nbd", a.nbd_addr, sizeof(a.nbd_addr), ssh_ports,
                      (int64_t *const[]){ &nbdp }, nbd_dflt))
        return -1;
    /* the host data path listens beside the WSAPI unless told otherwise */
    if (!cJSON_GetObjectItemCaseSensitive(j, "nbd"))
        rc_strlcpy(a.nbd_addr, a.wsapi_addr, sizeof(a.nbd_addr));
    a.sysid = id;
    a.nodes = (int)nodes;
    a.total_mib = (uint64_t)total;
    a.copy_rate = (int)copy_rate;
    a.wsapi_http = (int)http;
    a.wsapi_https = (int)https;
    a.ssh_port = (int)sshp;
    a.nbd_port = (int)nbdp;
    if (!a.serial[0])
        snprintf(a.serial, sizeof(a.serial), "4UW%07lld", (long long)id);
    if (!a.wwn[0])
        snprintf(a.wwn, sizeof(a.wwn), "2FF70002AC%06llX", (unsigned long long)id & 0xFFFFFF);

    const cJSON *rcj = cJSON_GetObjectItemCaseSensitive(j, "remote_copy");
    const cJSON *bf = cJSON_GetObjectItemCaseSensitive(j, "behaviour");
    bool started = false, quirks = false, rcp = false, admit = false;
    size_t old = fx_push(f, "remote_copy", 0);
    if (rcj && (fx_keys(f, rcj, rc_keys) || fx_bool(f, rcj, "started", false, &started)))
        return -1;
    fx_pop(f, old);
    old = fx_push(f, "behaviour", 0);
    if (bf && (fx_keys(f, bf, bf_keys) || fx_bool(f, bf, "live_10_5_quirks", false, &quirks) ||
               fx_bool(f, bf, "rcp_vvset", false, &rcp) ||
               fx_bool(f, bf, "admit_into_started_group", false, &admit)))
        return -1;
    fx_pop(f, old);
    a.rc_started = started;
    a.flags = (quirks ? SIM_BF_LIVE105_QUIRKS : 0) | (rcp ? SIM_BF_RCP_VVSET : 0) |
              (admit ? SIM_BF_ADMIT_STARTED : 0);

    struct store_array_row dup;
    if (store_array_get(f->s->st, a.name, &dup) != 0)
        return fx_fail(f, "duplicate array name '%s'", a.name);
    if (store_array_insert(f->s->st, &a))
        return fx_fail(f, "duplicate array id %lld", (long long)id);
    return fx_each(f, j, "users", load_user, &a) ||
           fx_each(f, j, "domains", load_domain, &a) || fx_each(f, j, "cpgs", load_cpg, &a) ||
           fx_each(f, j, "ports", load_port, &a) ||
           fx_each(f, j, "volumes", load_volume, &a) ? -1 : 0;
}

struct target_links {
    struct sim_link_spec links[8];
    char nsp[8][16], addr[8][48];
    size_t n;
};

static int load_link(struct fx *f, const cJSON *l, void *ctx)
{
    static const char *const keys[] = { "local", "address", NULL };
    struct target_links *tl = ctx;
    if (tl->n == 8)
        return fx_fail(f, "at most 8 links per target");
    if (fx_keys(f, l, keys) ||
        fx_str(f, l, "local", true, "", tl->nsp[tl->n], sizeof(tl->nsp[0])) ||
        fx_str(f, l, "address", true, "", tl->addr[tl->n], sizeof(tl->addr[0])))
        return -1;
    tl->links[tl->n].local_nsp = tl->nsp[tl->n];
    tl->links[tl->n].address = tl->addr[tl->n];
    tl->n++;
    return 0;
}

static int load_target(struct fx *f, const cJSON *t, void *ctx)
{
    static const char *const keys[] = { "array", "name", "peer", "type", "links",
                                        "mirror_config", "heartbeat_ms", "target_timeout_ms",
                                        NULL };
    static const char *const types[] = { "IP", "FC", NULL };
    struct store_array_row a, peer;
    struct target_links tl = { .n = 0 };
    char array[32], name[32], peer_name[32];
    int type;
    int64_t hb, tgt;
    bool mirror;
    (void)ctx;
    if (fx_keys(f, t, keys) || fx_str(f, t, "array", true, "", array, sizeof(array)) ||
        fx_str(f, t, "name", true, "", name, sizeof(name)) ||
        fx_str(f, t, "peer", true, "", peer_name, sizeof(peer_name)) ||
        fx_enum(f, t, "type", types, 0, 0, &type) ||
        fx_bool(f, t, "mirror_config", true, &mirror) ||
        fx_int(f, t, "heartbeat_ms", false, 0, 0, 3600000, &hb) ||
        fx_int(f, t, "target_timeout_ms", false, 0, 0, 3600000, &tgt) ||
        fx_each(f, t, "links", load_link, &tl))
        return -1;
    if (store_array_get(f->s->st, array, &a) != 1)
        return fx_fail(f, "no array named '%s'", array);
    if (store_array_get(f->s->st, peer_name, &peer) != 1)
        return fx_fail(f, "no array named '%s'", peer_name);
    if (fx_sim(f, sim_target_insert(f->s, &a, name, type == 1, tl.links, tl.n, false, hb, tgt,
                                    f->err)))
        return -1;
    struct store_target_row row;
    if (store_target_get(f->s->st, a.id, name, &row) != 1 || row.peer_array_id != peer.id)
        return fx_fail(f, "the links of target '%s' do not reach '%s'", name, peer_name);
    row.mirror = mirror;
    return store_target_update(f->s->st, &row) ? fx_fail(f, "cannot save target") : 0;
}

int sim_fixture_load(struct sim *s, const char *json, const char *name, struct sim_err *err)
{
    static const char *const keys[] = { "name", "comment", "arrays", "targets", NULL };
    struct fx f = { .s = s, .file = name, .err = err };
    cJSON *root = cJSON_ParseWithLength(json, strlen(json));

    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t line = 1;
        for (const char *p = json; at && p < at; p++)
            line += *p == '\n';
        return sim_fail(err, SIM_EINVAL, name, "%s: not valid JSON (near line %zu)", name,
                        line);
    }
    int rc = fx_keys(&f, root, keys);
    const cJSON *arrays = cJSON_GetObjectItemCaseSensitive(root, "arrays");
    if (rc == 0 && (!cJSON_IsArray(arrays) || !arrays->child))
        rc = fx_fail(&f, "'arrays' must be a non-empty array");
    if (rc == 0)
        rc = fx_each(&f, root, "arrays", load_array, NULL);
    if (rc == 0)
        rc = fx_each(&f, root, "targets", load_target, NULL);
    if (rc == 0)
        rc = fx_sim(&f, sim_rc_eval_targets(s, err));
    cJSON_Delete(root);
    return rc;
}
