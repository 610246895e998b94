/* sim/cpg.c - CPGs and domains.
 * Owns: CPG rows and their space accounting (from written blocks), domain
 * rows. Not: volumes (vv.c). Spec: docs/design.md §2; docs/array-interfaces.md §2.2. */
#include "sim/cpg.h"
#include "sim/internal.h"
#include "sim/limits.h"
#include "store/cpg.h"
#include "util/hash.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define BLOCKS_PER_MIB (1048576 / SIM_BLOCK_SIZE)

const char *sim_raid_name(enum sim_raid r)
{
    switch (r) {
    case SIM_RAID_0: return "r0";
    case SIM_RAID_1: return "r1";
    case SIM_RAID_5: return "r5";
    case SIM_RAID_6: return "r6";
    }
    return "r1";
}

const char *sim_disk_type_name(enum sim_disk_type d)
{
    switch (d) {
    case SIM_DISK_FC:  return "FC";
    case SIM_DISK_NL:  return "NL";
    case SIM_DISK_SSD: return "SSD";
    }
    return "FC";
}

static int default_set_size(enum sim_raid r)
{
    switch (r) {
    case SIM_RAID_0: return 1;
    case SIM_RAID_1: return 2;
    case SIM_RAID_5: return 4;
    case SIM_RAID_6: return 8;
    }
    return 2;
}

int sim_domain_check(struct sim *s, int64_t array_id, const char *domain,
                     struct sim_err *err)
{
    struct store_domain_row d;
    if (!domain || !*domain)
        return 0;
    int rc = store_domain_get(s->st, array_id, domain, &d);
    if (rc < 0)
        return sim_store_fail(s, err, "domain get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_DOMAIN, domain, "no domain named '%s'", domain);
    return 0;
}

static int cpg_validate(const struct sim_cpg_spec *sp, struct sim_err *err)
{
    if (sim_name_check(sp->name, SIM_LIM_CPG_NAME, err))
        return -1;
    if (sp->raid && (sp->raid < SIM_RAID_0 || sp->raid > SIM_RAID_6))
        return sim_fail(err, SIM_EINVAL, sp->name, "bad RAID type %d", sp->raid);
    if (sp->ha && (sp->ha < 1 || sp->ha > 3))
        return sim_fail(err, SIM_EINVAL, sp->name, "bad availability %d", sp->ha);
    if (sp->disk_type && (sp->disk_type < SIM_DISK_FC || sp->disk_type > SIM_DISK_SSD))
        return sim_fail(err, SIM_EINVAL, sp->name, "bad disk type %d", sp->disk_type);
    if (sp->chunklet_pos < 0 || sp->chunklet_pos > 2)
        return sim_fail(err, SIM_EINVAL, sp->name, "bad chunklet position %d", sp->chunklet_pos);
    if (sp->set_size < 0 || sp->set_size > 9)
        return sim_fail(err, SIM_ERANGE, sp->name, "set size %d is outside 1..9", sp->set_size);
    if (sp->growth_inc_mib > SIM_VV_SIZE_MAX_MIB || sp->growth_limit_mib > (1ULL << 40) ||
        sp->growth_warn_mib > (1ULL << 40))
        return sim_fail(err, SIM_ERANGE, sp->name, "growth setting out of range");
    return 0;
}

int sim_cpg_insert(struct sim *s, const struct store_array_row *a,
                   const struct sim_cpg_spec *sp, struct sim_err *err)
{
    struct store_cpg_row r;

    if (cpg_validate(sp, err) || sim_domain_check(s, a->id, sp->domain, err))
        return -1;
    int rc = store_cpg_get(s->st, a->id, sp->name, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "cpg get");
    if (rc > 0)
        return sim_fail(err, SIM_EEXIST_CPG, sp->name, "CPG '%s' already exists", sp->name);
    memset(&r, 0, sizeof(r));
    r.array_id = a->id;
    rc_strlcpy(r.name, sp->name, sizeof(r.name));
    rc_strlcpy(r.domain, sp->domain ? sp->domain : "", sizeof(r.domain));
    r.raid = sp->raid ? sp->raid : SIM_RAID_1;
    r.set_size = sp->set_size ? sp->set_size : default_set_size((enum sim_raid)r.raid);
    r.ha = sp->ha ? sp->ha : 2;
    r.disk_type = sp->disk_type ? sp->disk_type : SIM_DISK_FC;
    r.growth_inc = (int64_t)(sp->growth_inc_mib ? sp->growth_inc_mib : 32768);
    r.growth_limit = (int64_t)sp->growth_limit_mib;
    r.growth_warn = (int64_t)sp->growth_warn_mib;
    r.chunklet_pos = sp->chunklet_pos ? sp->chunklet_pos : 1;
    r.created = sim_clock_now(s);
    if (store_cpg_insert(s->st, &r))
        return sim_store_fail(s, err, "cpg insert");
    return sim_event_add(s, SIM_EV_CPG_CREATED, a->name, sp->name, err, "%s %s CPG created",
                         sim_raid_name((enum sim_raid)r.raid),
                         sim_disk_type_name((enum sim_disk_type)r.disk_type));
}

int sim_cpg_create(struct sim *s, const char *array, const struct sim_cpg_spec *sp,
                   struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_cpg_insert(s, &a, sp, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_cpg_load(struct sim *s, int64_t array_id, const char *name, struct store_cpg_row *r,
                 struct sim_err *err)
{
    int rc = store_cpg_get(s->st, array_id, name, r);
    if (rc < 0)
        return sim_store_fail(s, err, "cpg get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_CPG, name, "no CPG named '%s'", name);
    return 0;
}

int sim_cpg_remove(struct sim *s, const char *array, const char *name, struct sim_err *err)
{
    struct store_array_row a;
    struct store_cpg_row r;
    int64_t refs;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_cpg_load(s, a.id, name, &r, err))
        return sim_txn_rollback(s);
    if (store_cpg_refs(s->st, a.id, name, &refs)) {
        sim_store_fail(s, err, "cpg refs");
        return sim_txn_rollback(s);
    }
    if (refs) {
        sim_fail(err, SIM_EBUSY_CPG, name, "CPG '%s' is used by %lld volume(s)", name,
                 (long long)refs);
        return sim_txn_rollback(s);
    }
    if (store_cpg_delete(s->st, r.id)) {
        sim_store_fail(s, err, "cpg delete");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_CPG_REMOVED, a.name, name, err, "CPG removed"))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static void cpg_view_fill(const struct store_cpg_row *r, const struct store_cpg_usage *u,
                          struct sim_cpg_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->id;
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    rc_strlcpy(v->domain, r->domain, sizeof(v->domain));
    v->raid = (enum sim_raid)r->raid;
    v->set_size = r->set_size;
    v->ha = r->ha;
    v->disk_type = (enum sim_disk_type)r->disk_type;
    v->growth_inc_mib = (uint64_t)r->growth_inc;
    v->growth_limit_mib = (uint64_t)r->growth_limit;
    v->growth_warn_mib = (uint64_t)r->growth_warn;
    v->created_ms = r->created;
    v->chunklet_pos = r->chunklet_pos;
    /* stable for the CPG's life: its row and creation time */
    rc_uuid_format((uint64_t)r->array_id << 40 ^ (uint64_t)r->id, (uint64_t)r->created, v->uuid);
    v->n_vvs = (size_t)u->n_vvs;
    v->n_tpvvs = (size_t)u->n_tpvvs;
    v->n_fpvvs = (size_t)u->n_fpvvs;
    v->usr_used_mib = (uint64_t)(u->usr_blocks + BLOCKS_PER_MIB - 1) / BLOCKS_PER_MIB;
    v->usr_total_mib = (uint64_t)u->full_mib > v->usr_used_mib ? (uint64_t)u->full_mib
                                                              : v->usr_used_mib;
    v->snp_used_mib = (uint64_t)(u->snp_blocks + BLOCKS_PER_MIB - 1) / BLOCKS_PER_MIB;
}

int sim_cpg_get(struct sim *s, const char *array, const char *name, struct sim_cpg_view *out,
                struct sim_err *err)
{
    struct store_array_row a;
    struct store_cpg_row r;
    struct store_cpg_usage u;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, array, &a, err) || sim_cpg_load(s, a.id, name, &r, err))
        return -1;
    if (store_cpg_usage(s->st, a.id, name, &u))
        return sim_store_fail(s, err, "cpg usage");
    cpg_view_fill(&r, &u, out);
    return 0;
}

int sim_cpg_list(struct sim *s, const char *array, struct sim_cpg_view **out, size_t *n,
                 struct sim_err *err)
{
    struct store_array_row a;
    struct store_cpg_row *rows;
    size_t len;
    SIM_READ_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_cpg_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "cpg list");
    struct sim_cpg_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        struct store_cpg_usage u;
        if (store_cpg_usage(s->st, a.id, rows[i].name, &u)) {
            free(rows);
            free(v);
            return sim_store_fail(s, err, "cpg usage");
        }
        cpg_view_fill(&rows[i], &u, &v[i]);
    }
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_domain_insert(struct sim *s, const struct store_array_row *a, const char *name,
                      const char *comment, struct sim_err *err)
{
    struct store_domain_row d = { 0 };

    if (sim_name_check(name, SIM_LIM_DOMAIN_NAME, err) ||
        sim_text_check(comment, SIM_LIM_DOMAIN_COMMENT, "comment", err))
        return -1;
    int rc = store_domain_get(s->st, a->id, name, &d);
    if (rc < 0)
        return sim_store_fail(s, err, "domain get");
    if (rc > 0)
        return sim_fail(err, SIM_EEXIST_DOMAIN, name, "domain '%s' already exists", name);
    d.array_id = a->id;
    rc_strlcpy(d.name, name, sizeof(d.name));
    rc_strlcpy(d.comment, comment ? comment : "", sizeof(d.comment));
    d.created = sim_clock_now(s);
    if (store_domain_insert(s->st, &d))
        return sim_store_fail(s, err, "domain insert");
    return sim_event_add(s, SIM_EV_DOMAIN_CREATED, a->name, name, err, "domain created");
}

int sim_domain_create(struct sim *s, const char *array, const char *name, const char *comment,
                      struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_domain_insert(s, &a, name, comment, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_domain_remove(struct sim *s, const char *array, const char *name, struct sim_err *err)
{
    struct store_array_row a;
    struct store_domain_row d;
    struct store_cpg_row *cpgs;
    size_t n;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_domain_check(s, a.id, name, err))
        return sim_txn_rollback(s);
    if (store_cpg_list(s->st, a.id, &cpgs, &n)) {
        sim_store_fail(s, err, "cpg list");
        return sim_txn_rollback(s);
    }
    size_t users = 0;
    for (size_t i = 0; i < n; i++)
        users += strcmp(cpgs[i].domain, name) == 0;
    free(cpgs);
    if (users) {
        sim_fail(err, SIM_EBUSY_DOMAIN, name, "domain '%s' holds %zu CPG(s)", name, users);
        return sim_txn_rollback(s);
    }
    if (store_domain_get(s->st, a.id, name, &d) <= 0 || store_domain_delete(s->st, d.id)) {
        sim_store_fail(s, err, "domain delete");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_DOMAIN_REMOVED, a.name, name, err, "domain removed"))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static void domain_view_fill(const struct store_domain_row *r, struct sim_domain_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->id;
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    rc_strlcpy(v->comment, r->comment, sizeof(v->comment));
    v->created_ms = r->created;
}

int sim_domain_list(struct sim *s, const char *array, struct sim_domain_view **out, size_t *n,
                    struct sim_err *err)
{
    struct store_array_row a;
    struct store_domain_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_domain_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "domain list");
    struct sim_domain_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        domain_view_fill(&rows[i], &v[i]);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_domain_get(struct sim *s, const char *array, const char *name,
                   struct sim_domain_view *out, struct sim_err *err)
{
    struct store_array_row a;
    struct store_domain_row d;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    int rc = store_domain_get(s->st, a.id, name, &d);
    if (rc < 0)
        return sim_store_fail(s, err, "domain get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_DOMAIN, name, "no domain named '%s'", name);
    if (out)
        domain_view_fill(&d, out);
    return 0;
}
