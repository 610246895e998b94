/* sim/host.c - hosts and their paths. Owns: host rows, path ownership
 * (one host per path), the delete order (exported first, then set
 * membership). Not: VLUNs (vlun.c), sets (set.c). Spec:
 * docs/array-interfaces.md §2.6. */
#include "sim/host.h"
#include "sim/internal.h"
#include "sim/limits.h"
#include "store/host.h"
#include "store/set.h"
#include "store/vlun.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PERSONA_DEFAULT 2       /* Generic-ALUA */

int sim_wwn_normalise(const char *in, char out[17])
{
    size_t j = 0;
    for (; *in; in++) {
        if (*in == ':')
            continue;
        if (!isxdigit((unsigned char)*in) || j == 16)
            return -1;
        out[j++] = (char)toupper((unsigned char)*in);
    }
    out[j] = '\0';
    return j == 16 ? 0 : -1;
}

static int host_load(struct sim *s, int64_t array_id, const char *name,
                     struct store_host_row *h, struct sim_err *err)
{
    int rc = store_host_get(s->st, array_id, name, h);
    if (rc < 0)
        return sim_store_fail(s, err, "host get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_HOST, name, "no host named '%s'", name);
    return 0;
}

/* Normalises a path name into out; iSCSI names and NQNs are kept. */
static int path_norm(enum sim_path_kind kind, const char *in, char *out, size_t size,
                     struct sim_err *err)
{
    if (kind == SIM_PATH_FC) {
        char w[17];
        if (sim_wwn_normalise(in, w))
            return sim_fail(err, SIM_EINVAL, in, "'%s' is not a WWN of 16 hex digits", in);
        rc_strlcpy(out, w, size);
        return 0;
    }
    if (sim_text_check(in, kind == SIM_PATH_ISCSI ? SIM_LIM_ISCSI_NAME : SIM_LIM_NQN,
                       kind == SIM_PATH_ISCSI ? "iSCSI name" : "NQN", err))
        return -1;
    if (!*in || strlen(in) >= size)
        return sim_fail(err, SIM_EINVAL, in, "bad initiator name");
    rc_strlcpy(out, in, size);
    return 0;
}

static int path_add(struct sim *s, const struct store_host_row *h, enum sim_path_kind kind,
                    const char *name, struct sim_err *err)
{
    struct store_host_path_row p = { .array_id = h->array_id, .host = h->id, .kind = kind };
    struct store_host_path_row owner;
    if (path_norm(kind, name, p.path, sizeof(p.path), err))
        return -1;
    int rc = store_host_path_get(s->st, h->array_id, kind, p.path, &owner);
    if (rc < 0)
        return sim_store_fail(s, err, "host path get");
    if (rc == 1)
        return sim_fail(err, SIM_EEXIST_PATH, owner.host_name,
                        "path %s already belongs to host %s", p.path, owner.host_name);
    if (store_host_path_insert(s->st, &p))
        return sim_store_fail(s, err, "host path insert");
    return 0;
}

static int path_remove(struct sim *s, const struct store_host_row *h, enum sim_path_kind kind,
                       const char *name, struct sim_err *err)
{
    struct store_host_path_row owner;
    char path[224];
    if (path_norm(kind, name, path, sizeof(path), err))
        return -1;
    int rc = store_host_path_get(s->st, h->array_id, kind, path, &owner);
    if (rc < 0)
        return sim_store_fail(s, err, "host path get");
    if (rc == 0 || owner.host != h->id)
        return sim_fail(err, SIM_ENOENT_PATH, path, "host %s has no path %s", h->name, path);
    if (store_host_path_delete(s->st, h->array_id, kind, path))
        return sim_store_fail(s, err, "host path delete");
    return 0;
}

/* The descriptors of a create or modify, each within its limit. */
static int desc_check(const struct sim_host_desc *d, struct sim_err *err)
{
    if (sim_text_check(d->location, SIM_LIM_HOST_DESC, "location", err) ||
        sim_text_check(d->ip_addr, SIM_LIM_HOST_DESC, "IPAddr", err) ||
        sim_text_check(d->os, SIM_LIM_HOST_DESC, "os", err) ||
        sim_text_check(d->model, SIM_LIM_HOST_DESC, "model", err) ||
        sim_text_check(d->contact, SIM_LIM_HOST_DESC, "contact", err) ||
        sim_text_check(d->comment, SIM_LIM_HOST_COMMENT, "comment", err))
        return -1;
    return 0;
}

/* A CHAP secret is 12..16 characters, or 16 bytes as 32 hex digits. */
static int chap_secret_check(const struct sim_host_mod *m, struct sim_err *err)
{
    if (!m->chap_secret)
        return 0;
    size_t len = strlen(m->chap_secret);
    if (m->chap_secret_hex ? len == SIM_LIM_CHAP_SECRET_HEX
                           : len >= SIM_LIM_CHAP_SECRET_MIN && len <= SIM_LIM_CHAP_SECRET_MAX)
        return 0;
    return sim_fail(err, SIM_ERANGE, "chapSecret", "a CHAP secret is %s, not %zu characters",
                    m->chap_secret_hex ? "32 hex digits" : "12 to 16 characters", len);
}

static void desc_apply(struct store_host_row *h, const struct sim_host_desc *d)
{
    if (d->location)
        rc_strlcpy(h->location, d->location, sizeof(h->location));
    if (d->ip_addr)
        rc_strlcpy(h->ip_addr, d->ip_addr, sizeof(h->ip_addr));
    if (d->os)
        rc_strlcpy(h->os, d->os, sizeof(h->os));
    if (d->model)
        rc_strlcpy(h->model, d->model, sizeof(h->model));
    if (d->contact)
        rc_strlcpy(h->contact, d->contact, sizeof(h->contact));
    if (d->comment)
        rc_strlcpy(h->comment, d->comment, sizeof(h->comment));
}

static int host_insert(struct sim *s, const struct store_array_row *a,
                       const struct sim_host_spec *sp, struct sim_err *err)
{
    struct store_host_row h = { .array_id = a->id };
    struct store_domain_row d;
    int64_t max;
    if (sim_name_check(sp->name, SIM_LIM_HOST_NAME, err) || desc_check(&sp->desc, err) ||
        sim_count_check(sp->n_fc + sp->n_iscsi, SIM_LIM_HOST_PATHS, "WWNs or iSCSI names",
                        err))
        return -1;
    if (sp->persona && (sp->persona < 1 || sp->persona > 11))
        return sim_fail(err, SIM_EINVAL, sp->name, "bad persona %d", sp->persona);
    if (sp->domain && *sp->domain) {
        int rc = store_domain_get(s->st, a->id, sp->domain, &d);
        if (rc < 0)
            return sim_store_fail(s, err, "domain get");
        if (rc == 0)
            return sim_fail(err, SIM_ENOENT_DOMAIN, sp->domain, "no domain '%s'", sp->domain);
    }
    int rc = store_host_get(s->st, a->id, sp->name, &h);
    if (rc < 0)
        return sim_store_fail(s, err, "host get");
    if (rc == 1)
        return sim_fail(err, SIM_EEXIST_HOST, sp->name, "host %s exists", sp->name);
    memset(&h, 0, sizeof(h));
    h.array_id = a->id;
    if (store_host_max_id(s->st, a->id, &max))
        return sim_store_fail(s, err, "host max id");
    h.hostid = max + 1;
    rc_strlcpy(h.name, sp->name, sizeof(h.name));
    rc_strlcpy(h.domain, sp->domain ? sp->domain : "", sizeof(h.domain));
    h.persona = sp->persona ? sp->persona : PERSONA_DEFAULT;
    desc_apply(&h, &sp->desc);
    h.created = sim_clock_now(s);
    if (store_host_insert(s->st, &h))
        return sim_store_fail(s, err, "host insert");
    for (size_t i = 0; i < sp->n_fc; i++)
        if (path_add(s, &h, SIM_PATH_FC, sp->fc[i], err))
            return -1;
    for (size_t i = 0; i < sp->n_iscsi; i++)
        if (path_add(s, &h, SIM_PATH_ISCSI, sp->iscsi[i], err))
            return -1;
    if (sp->nqn && *sp->nqn && path_add(s, &h, SIM_PATH_NVME, sp->nqn, err))
        return -1;
    return sim_event_add(s, SIM_EV_HOST_CREATED, a->name, sp->name, err,
                         "host created with %zu path(s)", sp->n_fc + sp->n_iscsi);
}

int sim_host_create(struct sim *s, const char *array, const struct sim_host_spec *sp,
                    struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || host_insert(s, &a, sp, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static int host_modify(struct sim *s, const struct store_array_row *a, const char *name,
                       const struct sim_host_mod *m, struct sim_err *err)
{
    struct store_host_row h, other;
    if (host_load(s, a->id, name, &h, err) || desc_check(&m->desc, err) ||
        chap_secret_check(m, err) ||
        sim_count_check(m->n_fc + m->n_iscsi, SIM_LIM_HOST_PATHS, "WWNs or iSCSI names", err))
        return -1;
    if (m->new_name && strcmp(m->new_name, h.name)) {
        if (sim_name_check(m->new_name, SIM_LIM_HOST_NAME, err))
            return -1;
        int rc = store_host_get(s->st, a->id, m->new_name, &other);
        if (rc < 0)
            return sim_store_fail(s, err, "host get");
        if (rc == 1)
            return sim_fail(err, SIM_EEXIST_HOST, m->new_name, "host %s exists", m->new_name);
        if (store_vlun_rename_host(s->st, a->id, h.name, m->new_name))
            return sim_store_fail(s, err, "vlun rename host");
        rc_strlcpy(h.name, m->new_name, sizeof(h.name));
    }
    if (m->persona) {
        if (m->persona < 1 || m->persona > 11)
            return sim_fail(err, SIM_EINVAL, name, "bad persona %d", m->persona);
        h.persona = m->persona;
    }
    desc_apply(&h, &m->desc);
    if (m->chap_name)
        rc_strlcpy(h.chap_name, m->chap_name, sizeof(h.chap_name));
    for (size_t i = 0; i < m->n_fc && m->path_op; i++)
        if ((m->path_op == SIM_PATH_OP_ADD ? path_add : path_remove)(s, &h, SIM_PATH_FC,
                                                                     m->fc[i], err))
            return -1;
    for (size_t i = 0; i < m->n_iscsi && m->path_op; i++)
        if ((m->path_op == SIM_PATH_OP_ADD ? path_add : path_remove)(s, &h, SIM_PATH_ISCSI,
                                                                     m->iscsi[i], err))
            return -1;
    if (store_host_update(s->st, &h))
        return sim_store_fail(s, err, "host update");
    return sim_event_add(s, SIM_EV_HOST_CHANGED, a->name, h.name, err, "host modified");
}

int sim_host_modify(struct sim *s, const char *array, const char *name,
                    const struct sim_host_mod *m, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || host_modify(s, &a, name, m, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static int host_remove(struct sim *s, const struct store_array_row *a, const char *name,
                       struct sim_err *err)
{
    struct store_host_row h;
    int64_t n;
    if (host_load(s, a->id, name, &h, err))
        return -1;
    /* docs/array-interfaces.md §2.6: exported is checked before set membership */
    if (store_vlun_count_host(s->st, a->id, h.name, &n))
        return sim_store_fail(s, err, "vlun count");
    if (n)
        return sim_fail(err, SIM_EVV_EXPORTED, h.name, "host has %lld VLUN(s)", (long long)n);
    if (store_set_member_count(s->st, 1, h.id, &n))
        return sim_store_fail(s, err, "set member count");
    if (n)
        return sim_fail(err, SIM_EHOST_IN_SET, h.name, "host is in %lld set(s)", (long long)n);
    if (store_host_delete(s->st, h.id))
        return sim_store_fail(s, err, "host delete");
    return sim_event_add(s, SIM_EV_HOST_REMOVED, a->name, h.name, err, "host removed");
}

int sim_host_remove(struct sim *s, const char *array, const char *name, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || host_remove(s, &a, name, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static void host_view(const struct store_host_row *r, struct sim_host_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->hostid;
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    rc_strlcpy(v->domain, r->domain, sizeof(v->domain));
    v->persona = r->persona;
    rc_strlcpy(v->location, r->location, sizeof(v->location));
    rc_strlcpy(v->ip_addr, r->ip_addr, sizeof(v->ip_addr));
    rc_strlcpy(v->os, r->os, sizeof(v->os));
    rc_strlcpy(v->model, r->model, sizeof(v->model));
    rc_strlcpy(v->contact, r->contact, sizeof(v->contact));
    rc_strlcpy(v->comment, r->comment, sizeof(v->comment));
    rc_strlcpy(v->chap_name, r->chap_name, sizeof(v->chap_name));
}

int sim_host_get(struct sim *s, const char *array, const char *name, struct sim_host_view *out,
                 struct sim_err *err)
{
    struct store_array_row a;
    struct store_host_row h;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err) || host_load(s, a.id, name, &h, err))
        return -1;
    host_view(&h, out);
    return 0;
}

int sim_host_list(struct sim *s, const char *array, struct sim_host_view **out, size_t *n,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_host_row *rows;
    size_t len;
    SIM_READ_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_host_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "host list");
    struct sim_host_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        host_view(&rows[i], &v[i]);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_host_path_list(struct sim *s, const char *array, const char *host,
                       struct sim_host_path_view **out, size_t *n, struct sim_err *err)
{
    struct store_array_row a;
    struct store_host_row h = { .id = 0 };
    struct store_host_row *hosts;
    struct store_host_path_row *rows;
    size_t len, nh;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err) || (host && host_load(s, a.id, host, &h, err)))
        return -1;
    if (store_host_path_list(s->st, a.id, h.id, &rows, &len))
        return sim_store_fail(s, err, "host path list");
    if (store_host_list(s->st, a.id, &hosts, &nh)) {
        free(rows);
        return sim_store_fail(s, err, "host list");
    }
    struct sim_host_path_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        for (size_t j = 0; j < nh; j++)
            if (hosts[j].id == rows[i].host)
                rc_strlcpy(v[i].host, hosts[j].name, sizeof(v[i].host));
        v[i].kind = (enum sim_path_kind)rows[i].kind;
        rc_strlcpy(v[i].path, rows[i].path, sizeof(v[i].path));
    }
    free(rows);
    free(hosts);
    *out = v;
    *n = len;
    return 0;
}
