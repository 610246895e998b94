/* sim/vv.c - virtual volumes and snapshots: create, remove, grow, rename,
 * snapshot, promote, expiry, and their views.
 * Owns: volume rows, VV ids, WWNs, name rules. Not: block data (block.c,
 * io.c), remote-copy membership (the remote-copy engine). Spec: docs/design.md §2,
 * docs/array-remote-copy.md §5.2 (what showvv shows). */
#include "sim/internal.h"
#include "sim/limits.h"
#include "sim/task.h"
#include "sim/vv.h"
#include "store/block.h"
#include "store/cpg.h"
#include "util/hash.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(((struct store_vv_row *)0)->comment) > SIM_LIM_VV_COMMENT,
               "a volume row holds the longest comment");

int sim_name_check(const char *name, size_t max, struct sim_err *err)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0)
        return sim_fail(err, SIM_EINVAL, "empty name", "name is empty");
    if (len > max)
        return sim_fail(err, SIM_ENAME_TOOLONG, name, "name is %zu characters; at most %zu",
                        len, max);
    if (name[0] == '-' || name[0] == '.')
        return sim_fail(err, SIM_ENAME_BADCHAR, name, "name may not start with '%c'", name[0]);
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return sim_fail(err, SIM_ENAME_BADCHAR, name, "illegal character '%c' in name",
                            c);
    }
    return 0;
}

/* A volume's WWN: 16 or 32 hex digits (the WSAPI type WWN). */
static bool wwn_ok(const char *w)
{
    size_t n = strspn(w, "0123456789abcdefABCDEF");
    return !w[n] && (n == 16 || n == SIM_LIM_VV_WWN_HEX);
}

/* Expiration and retention reach at most SIM_LIM_HOURS from now. */
static int hours_check(const char *name, int64_t expire_ms, int64_t retain_ms,
                       struct sim_err *err)
{
    const int64_t max = (int64_t)SIM_LIM_HOURS * 3600000;
    if (expire_ms > max || retain_ms > max)
        return sim_fail(err, SIM_ERANGE, name, "expiration and retention are at most %d hours",
                        SIM_LIM_HOURS);
    return 0;
}

const char *sim_prov_name(enum sim_prov p)
{
    switch (p) {
    case SIM_PROV_FULL: return "full";
    case SIM_PROV_TPVV: return "tpvv";
    case SIM_PROV_SNP:  return "snp";
    case SIM_PROV_TDVV: return "tdvv";
    }
    return "?";
}

int sim_vv_load(struct sim *s, int64_t array_id, const char *name, struct store_vv_row *out,
                struct sim_err *err)
{
    int rc = store_vv_get(s->st, array_id, name, out);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_VV, name, "no volume named '%s'", name);
    return 0;
}

int sim_vv_save(struct sim *s, const struct store_vv_row *vv, struct sim_err *err)
{
    if (store_vv_update(s->st, vv))
        return sim_store_fail(s, err, "vv update");
    return 0;
}

int sim_vv_save_usage(struct sim *s, const struct store_vv_row *vv, struct sim_err *err)
{
    if (store_vv_set_usage(s->st, vv))
        return sim_store_fail(s, err, "vv usage update");
    return 0;
}

int sim_vv_alloc_id(struct sim *s, struct store_array_row *a, int64_t *out, struct sim_err *err)
{
    int64_t id;
    if (a->next_vvid < 1 || a->next_vvid > SIM_VV_ID_MAX)
        a->next_vvid = 1;
    if (store_vv_free_vvid(s->st, a->id, a->next_vvid, &id))
        return sim_store_fail(s, err, "vv free id");
    if (id > SIM_VV_ID_MAX && store_vv_free_vvid(s->st, a->id, 1, &id))
        return sim_store_fail(s, err, "vv free id");
    if (id > SIM_VV_ID_MAX)
        return sim_fail(err, SIM_ERANGE, "volume id (none is free)", "no free volume id");
    a->next_vvid = id + 1;
    if (store_array_update(s->st, a))
        return sim_store_fail(s, err, "array update");
    *out = id;
    return 0;
}

/* A WWN in the array's style: 60002AC, the VV id and the system id. */
static void make_wwn(const struct store_array_row *a, int64_t vvid, char *buf, size_t size)
{
    snprintf(buf, size, "60002AC0000000000000%04X%08X", (unsigned)(vvid & 0xFFFF),
             (unsigned)(a->sysid & 0xFFFFFFFF));
}

static void make_uuid(const struct store_array_row *a, int64_t vvid, int64_t gen,
                      char out[37])
{
    rc_uuid_format((uint64_t)a->sysid * 0x10001 + (uint64_t)vvid, (uint64_t)gen, out);
}

static int check_free_name(struct sim *s, int64_t array_id, const char *name,
                           struct sim_err *err)
{
    struct store_vv_row r;
    int rc = store_vv_get(s->st, array_id, name, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 1)
        return sim_fail(err, SIM_EEXIST_VV, name, "volume '%s' already exists", name);
    return 0;
}

static int check_free_id(struct sim *s, int64_t array_id, int64_t vvid, struct sim_err *err)
{
    struct store_vv_row r;
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)vvid);
    if (vvid < 1 || vvid > SIM_VV_ID_MAX)
        return sim_fail(err, SIM_ERANGE, id, "volume id %s is outside 1..%d", id,
                        SIM_VV_ID_MAX);
    int rc = store_vv_get_by_vvid(s->st, array_id, vvid, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 1)
        return sim_fail(err, SIM_EEXIST_VVID, id, "volume id %s is taken by '%s'", id, r.name);
    return 0;
}

/* Validates everything about a create before any conflict check, as the
 * array does (a bad request is refused as bad even if the name exists). */
static int create_validate(struct sim *s, const struct store_array_row *a,
                           const struct sim_vv_spec *sp, struct store_cpg_row *cpg,
                           struct sim_err *err)
{
    struct store_cpg_row snp;
    size_t max = SIM_LIM_VV_NAME;
    if (sp->count > 1) {
        char digits[16];
        max -= (size_t)snprintf(digits, sizeof(digits), ".%u", sp->count - 1);
    }
    if (sim_name_check(sp->name, max, err))
        return -1;
    if (sp->size_mib == 0)
        return sim_fail(err, SIM_ESIZE_ZERO, sp->name, "size must be at least 1 MiB");
    if (sp->size_mib > SIM_VV_SIZE_MAX_MIB)
        return sim_fail(err, SIM_ESIZE_TOOBIG, sp->name,
                        "size %llu MiB is past the maximum of %llu MiB (16 TiB)",
                        (unsigned long long)sp->size_mib,
                        (unsigned long long)SIM_VV_SIZE_MAX_MIB);
    if (sp->count > SIM_LIM_VV_COUNT)
        return sim_fail(err, SIM_ERANGE, sp->name, "count %u is past %d", sp->count,
                        SIM_LIM_VV_COUNT);
    if (sp->prov && sp->prov != SIM_PROV_FULL && sp->prov != SIM_PROV_TPVV &&
        sp->prov != SIM_PROV_TDVV)
        return sim_fail(err, SIM_EINVAL, sp->name, "bad provisioning type %d", sp->prov);
    if (sim_text_check(sp->comment, SIM_LIM_VV_COMMENT, "comment", err))
        return -1;
    if (sp->wwn && *sp->wwn && !wwn_ok(sp->wwn))
        return sim_fail(err, SIM_EINVAL, sp->wwn, "a volume WWN is 16 or %d hex digits",
                        SIM_LIM_VV_WWN_HEX);
    if (!sp->cpg || !*sp->cpg)
        return sim_fail(err, SIM_EINVAL, sp->name, "a user CPG is required");
    if (sim_cpg_load(s, a->id, sp->cpg, cpg, err))
        return -1;
    if (sp->snap_cpg && *sp->snap_cpg && sim_cpg_load(s, a->id, sp->snap_cpg, &snp, err))
        return -1;
    return 0;
}

/* Applies attrs (when not NULL) to r, checked first; now is the clock. */
static int apply_attrs(struct store_vv_row *r, const struct sim_vv_attrs *at, int64_t now,
                       struct sim_err *err)
{
    if (!at)
        return 0;
    if (at->host_dif < 0 || at->host_dif > 3)
        return sim_fail(err, SIM_ERANGE, r->name, "hostDIF %d outside 1..3", at->host_dif);
    for (int k = 0; k < 4; k++)
        if (at->alloc_pct[k] != SIM_VV_KEEP && (at->alloc_pct[k] < 0 || at->alloc_pct[k] > 100))
            return sim_fail(err, SIM_ERANGE, r->name, "allocation alert %d%% outside 0..100",
                            at->alloc_pct[k]);
    if (at->expire_ms < SIM_VV_KEEP || at->retain_ms < 0)
        return sim_fail(err, SIM_ERANGE, r->name, "a time that lies in the past");
    if (hours_check(r->name, at->expire_ms, at->retain_ms, err))
        return -1;
    int64_t expires = at->expire_ms == SIM_VV_KEEP ? 0 : at->expire_ms ? now + at->expire_ms
                                                                        : r->expires;
    int64_t retain = at->retain_ms ? now + at->retain_ms : r->retain;
    /* a volume cannot be removed before it may be (3PAR: retention <= expiration) */
    if (expires && retain > expires)
        return sim_fail(err, SIM_EINVAL, r->name, "the retention time is after the expiration");
    r->policies = (r->policies | at->pol_on) & ~at->pol_off;
    if (at->host_dif)
        r->host_dif = at->host_dif;
    for (int k = 0; k < 4; k++)
        if (at->alloc_pct[k] != SIM_VV_KEEP)
            r->alloc_pct[k] = at->alloc_pct[k];
    r->expires = expires;
    r->retain = retain;
    return 0;
}

static int create_one(struct sim *s, struct store_array_row *a, const struct sim_vv_spec *sp,
                      const struct store_cpg_row *cpg, const char *name, int64_t vvid,
                      struct sim_err *err)
{
    struct store_vv_row r = { .array_id = a->id };

    if (check_free_name(s, a->id, name, err))
        return -1;
    if (vvid ? check_free_id(s, a->id, vvid, err) : sim_vv_alloc_id(s, a, &vvid, err))
        return -1;
    r.vvid = vvid;
    rc_strlcpy(r.name, name, sizeof(r.name));
    if (sp->wwn && *sp->wwn)
        rc_strlcpy(r.wwn, sp->wwn, sizeof(r.wwn));
    else
        make_wwn(a, vvid, r.wwn, sizeof(r.wwn));
    make_uuid(a, vvid, sim_gen_next(s), r.uuid);
    r.size_mib = (int64_t)sp->size_mib;
    r.prov = sp->prov ? sp->prov : SIM_PROV_FULL;
    r.copy_type = SIM_COPY_BASE;
    r.compression = sp->compression;
    rc_strlcpy(r.user_cpg, sp->cpg, sizeof(r.user_cpg));
    rc_strlcpy(r.snap_cpg, sp->snap_cpg ? sp->snap_cpg : "", sizeof(r.snap_cpg));
    rc_strlcpy(r.domain, sp->domain ? sp->domain : cpg->domain, sizeof(r.domain));
    rc_strlcpy(r.comment, sp->comment ? sp->comment : "", sizeof(r.comment));
    r.created = sim_clock_now(s);
    r.policies = SIM_VVP_DEFAULT;
    r.host_dif = 1;
    if (apply_attrs(&r, sp->attrs, r.created, err))
        return -1;
    if (store_vv_insert(s->st, &r))
        return sim_store_fail(s, err, "vv insert");
    return sim_event_add(s, SIM_EV_VV_CREATED, a->name, name, err,
                         "%s volume of %lld MiB in CPG %s, id %lld",
                         sim_prov_name((enum sim_prov)r.prov), (long long)r.size_mib,
                         r.user_cpg, (long long)vvid);
}

int sim_vv_insert(struct sim *s, struct store_array_row *a, const struct sim_vv_spec *sp,
                  struct sim_err *err)
{
    struct store_cpg_row cpg;
    unsigned n = sp->count ? sp->count : 1;

    if (create_validate(s, a, sp, &cpg, err))
        return -1;
    for (unsigned i = 0; i < n; i++) {
        char name[64];
        if (sp->count > 1)
            snprintf(name, sizeof(name), "%s.%u", sp->name, i);
        else
            rc_strlcpy(name, sp->name, sizeof(name));
        int64_t vvid = sp->id ? sp->id + i : 0;
        if (create_one(s, a, sp, &cpg, name, vvid, err))
            return -1;
        for (size_t k = 0; k < sp->n_meta; k++)
            if (sim_vvmeta_put(s, a, name, sp->meta_keys[k], sp->meta_values[k], true, err))
                return -1;
    }
    return 0;
}

int sim_vv_create(struct sim *s, const char *array, const struct sim_vv_spec *sp,
                  struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_insert(s, &a, sp, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Refusals shared by remove: snapshots, exports (remote copy checks its
 * own membership before calling). */
static int remove_checks(struct sim *s, const struct store_vv_row *vv, struct sim_err *err)
{
    int64_t kids;
    if (vv->retain > sim_clock_now(s))
        return sim_fail(err, SIM_ERETAINED, vv->name, "retained for %lld s more",
                        (long long)((vv->retain - sim_clock_now(s)) / 1000));
    if (store_vv_count_children(s->st, vv->id, &kids))
        return sim_store_fail(s, err, "vv children");
    if (kids)
        return sim_fail(err, SIM_EHAS_SNAPSHOTS, vv->name, "volume has %lld snapshot(s)",
                        (long long)kids);
    /* exported volumes may grow, never go (sim/vlun.c) */
    return sim_vlun_vv_check(s, NULL, vv, err);
}

int sim_vv_destroy(struct sim *s, const struct store_vv_row *vv, struct sim_err *err)
{
    if (store_block_delete_vv(s->st, vv->id) || store_vv_delete(s->st, vv->id))
        return sim_store_fail(s, err, "vv delete");
    if (!vv->parent)
        return 0;
    struct store_vv_row parent;
    int rc = store_vv_get_by_id(s->st, vv->parent, &parent);
    if (rc < 0)
        return sim_store_fail(s, err, "vv get");
    if (rc == 0)
        return 0;
    if (sim_block_unpin(s, &parent, vv->base_gen, err))
        return -1;
    return sim_vv_save(s, &parent, err);
}

static int vv_remove(struct sim *s, const struct store_array_row *a, const char *name,
                     struct sim_err *err)
{
    struct store_vv_row vv;
    return sim_vv_load(s, a->id, name, &vv, err) || remove_checks(s, &vv, err) ||
           sim_vv_busy_check(s, a, &vv, err) || sim_vv_destroy(s, &vv, err) ||
           sim_event_add(s, SIM_EV_VV_REMOVED, a->name, name, err, "%s removed",
                         vv.parent ? "snapshot" : "volume");
}

int sim_vv_remove_list(struct sim *s, const char *array, const char *const *names, size_t n,
                       struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err))
        return sim_txn_rollback(s);
    for (size_t i = 0; i < n; i++)
        if (vv_remove(s, &a, names[i], err))
            return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_vv_remove(struct sim *s, const char *array, const char *name, struct sim_err *err)
{
    return sim_vv_remove_list(s, array, &name, 1, err);
}

int sim_vv_grow(struct sim *s, const char *array, const char *name, uint64_t add_mib,
                struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    SIM_LOCK_SCOPE(s);

    if (add_mib == 0)
        return sim_fail(err, SIM_EGROW_SIZE, name, "grow by 0 MiB");
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, name, &vv, err))
        return sim_txn_rollback(s);
    if (vv.parent) {
        sim_fail(err, SIM_EVV_IS_SNAPSHOT, name, "cannot grow a snapshot");
        return sim_txn_rollback(s);
    }
    if (add_mib > SIM_VV_SIZE_MAX_MIB - (uint64_t)vv.size_mib) {
        sim_fail(err, SIM_ESIZE_TOOBIG, name, "new size is past the maximum of 16 TiB");
        return sim_txn_rollback(s);
    }
    vv.size_mib += (int64_t)add_mib;
    if (sim_vv_busy_check(s, &a, &vv, err) || sim_vv_save(s, &vv, err) ||
        sim_event_add(s, SIM_EV_VV_GROWN, a.name, name, err, "grown by %llu MiB to %lld MiB",
                      (unsigned long long)add_mib, (long long)vv.size_mib))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Applies every change of m to vv, after checking them all. */
static int vv_modify(struct sim *s, const struct store_array_row *a, struct store_vv_row *vv,
                     const struct sim_vv_mod *m, struct sim_err *err)
{
    struct store_cpg_row c;
    bool rename = m->new_name && strcmp(m->new_name, vv->name) != 0;
    if ((m->new_name && sim_name_check(m->new_name, SIM_LIM_VV_NAME, err)) ||
        sim_text_check(m->comment, SIM_LIM_VV_COMMENT, "comment", err) ||
        (m->user_cpg && sim_cpg_load(s, a->id, m->user_cpg, &c, err)) ||
        (m->snap_cpg && *m->snap_cpg && sim_cpg_load(s, a->id, m->snap_cpg, &c, err)) ||
        (rename && check_free_name(s, a->id, m->new_name, err)))
        return -1;
    char old[sizeof(vv->name)];
    rc_strlcpy(old, vv->name, sizeof(old));
    if (m->user_cpg)
        rc_strlcpy(vv->user_cpg, m->user_cpg, sizeof(vv->user_cpg));
    if (m->snap_cpg)
        rc_strlcpy(vv->snap_cpg, m->snap_cpg, sizeof(vv->snap_cpg));
    if (m->comment)
        rc_strlcpy(vv->comment, m->comment, sizeof(vv->comment));
    if (apply_attrs(vv, m->attrs, sim_clock_now(s), err))
        return -1;
    if (rename)
        rc_strlcpy(vv->name, m->new_name, sizeof(vv->name));
    if (sim_vv_save(s, vv, err))
        return -1;
    if ((m->user_cpg || m->snap_cpg) &&
        sim_event_add(s, SIM_EV_VV_MODIFIED, a->name, vv->name, err, "CPGs set to %s/%s",
                      vv->user_cpg, vv->snap_cpg))
        return -1;
    if (m->comment && sim_event_add(s, SIM_EV_VV_MODIFIED, a->name, vv->name, err,
                                    "comment set"))
        return -1;
    if (m->attrs && sim_event_add(s, SIM_EV_VV_MODIFIED, a->name, vv->name, err,
                                  "policies 0x%x, allocation alerts and times set",
                                  (unsigned)vv->policies))
        return -1;
    if (rename && sim_event_add(s, SIM_EV_VV_RENAMED, a->name, vv->name, err,
                                "renamed from %s", old))
        return -1;
    return 0;
}

int sim_vv_modify(struct sim *s, const char *array, const char *name,
                  const struct sim_vv_mod *m, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row vv;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, name, &vv, err) ||
        vv_modify(s, &a, &vv, m, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_vv_snapshot_row(struct sim *s, struct store_vv_row *parent,
                        const struct sim_snap_row_spec *sp, struct store_vv_row *out,
                        struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row r = { .array_id = parent->array_id };
    int64_t vvid = sp->vvid;

    int rc = store_array_get_by_id(s->st, parent->array_id, &a);
    if (rc <= 0)
        return sim_store_fail(s, err, "array get");
    if (check_free_name(s, a.id, sp->name, err) ||
        (vvid ? check_free_id(s, a.id, vvid, err) : sim_vv_alloc_id(s, &a, &vvid, err)))
        return -1;
    r.vvid = vvid;
    rc_strlcpy(r.name, sp->name, sizeof(r.name));
    make_wwn(&a, vvid, r.wwn, sizeof(r.wwn));
    r.base_gen = sim_gen_next(s);
    make_uuid(&a, vvid, r.base_gen, r.uuid);
    r.size_mib = parent->size_mib;
    r.prov = SIM_PROV_SNP;
    r.copy_type = SIM_COPY_VIRTUAL;
    r.readonly = sp->readonly;
    rc_strlcpy(r.user_cpg, parent->user_cpg, sizeof(r.user_cpg));
    rc_strlcpy(r.snap_cpg, parent->snap_cpg[0] ? parent->snap_cpg : parent->user_cpg,
               sizeof(r.snap_cpg));
    rc_strlcpy(r.domain, parent->domain, sizeof(r.domain));
    rc_strlcpy(r.comment, sp->comment ? sp->comment : "", sizeof(r.comment));
    r.parent = parent->id;
    r.created = sim_clock_now(s);
    r.expires = sp->expires;
    r.retain = sp->retain;
    r.rc_snap = sp->rc_snap;
    r.policies = SIM_VVP_DEFAULT;
    r.host_dif = 1;
    if (store_vv_insert(s->st, &r))
        return sim_store_fail(s, err, "vv insert");
    parent->snap_gen = r.base_gen;
    if (sim_vv_save(s, parent, err))
        return -1;
    if (out)
        *out = r;
    return 0;
}

int sim_vv_snapshot(struct sim *s, const char *array, const char *parent_name,
                    const struct sim_snap_spec *sp, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row parent;
    SIM_LOCK_SCOPE(s);

    if (sim_name_check(sp->name, SIM_LIM_VV_NAME, err))
        return -1;
    if (sp->expire_ms < 0 || sp->retain_ms < 0)
        return sim_fail(err, SIM_ERANGE, sp->name, "negative expiry or retention");
    if (hours_check(sp->name, sp->expire_ms, sp->retain_ms, err))
        return -1;
    if (sim_text_check(sp->comment, SIM_LIM_VV_COMMENT, "comment", err))
        return -1;
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, parent_name, &parent, err))
        return sim_txn_rollback(s);
    int64_t now = sim_clock_now(s);
    struct sim_snap_row_spec rs = {
        .name = sp->name, .readonly = sp->readonly, .vvid = sp->id,
        .expires = sp->expire_ms ? now + sp->expire_ms : 0,
        .retain = sp->retain_ms ? now + sp->retain_ms : 0, .comment = sp->comment,
    };
    if (sim_vv_snapshot_row(s, &parent, &rs, NULL, err) ||
        sim_event_add(s, SIM_EV_SNAPSHOT_CREATED, a.name, sp->name, err,
                      "%s snapshot of %s", sp->readonly ? "read-only" : "read-write",
                      parent_name))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

struct promote_ctx {
    struct sim *s;
    struct store_vv_row *vv;
    const struct store_vv_row *snap;
    int64_t gen;
    struct sim_err *err;
};

/* blk differs between the volume and the snapshot: copy the snapshot's. */
static int promote_block(void *p, int64_t blk, uint64_t head_fp)
{
    struct promote_ctx *pc = p;
    uint64_t fp;
    (void)head_fp;
    if (sim_block_resolve(pc->s, pc->snap, blk, &fp, pc->err) ||
        sim_block_write(pc->s, pc->vv, blk, fp, pc->gen, pc->err))
        return -1;
    return 0;
}

int sim_vv_promote_row(struct sim *s, struct store_vv_row *vv, const struct store_vv_row *snap,
                       struct sim_err *err)
{
    struct promote_ctx pc = { .s = s, .vv = vv, .snap = snap, .gen = sim_gen_next(s),
                              .err = err };
    if (sim_block_diff(s, vv, snap, promote_block, &pc, err))
        return -1;
    return sim_vv_save(s, vv, err);
}

int sim_vv_promote(struct sim *s, const char *array, const char *snapshot, const char *user,
                   int64_t *task_id, struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row snap, vv;
    SIM_LOCK_SCOPE(s);

    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, snapshot, &snap, err))
        return sim_txn_rollback(s);
    if (!snap.parent) {
        sim_fail(err, SIM_EINVAL, snapshot, "'%s' is not a snapshot", snapshot);
        return sim_txn_rollback(s);
    }
    int rc = store_vv_get_by_id(s->st, snap.parent, &vv);
    if (rc <= 0) {
        sim_store_fail(s, err, "vv get");
        return sim_txn_rollback(s);
    }
    if (sim_vv_busy_check(s, &a, &vv, err) || sim_vv_promote_row(s, &vv, &snap, err) ||
        sim_task_add(s, a.id, SIM_TASK_PROMOTE_SV, snapshot, true, user, 0, 0, NULL, task_id,
                     err) ||
        sim_event_add(s, SIM_EV_SNAPSHOT_PROMOTED, a.name, snapshot, err,
                      "%s rolled back to %s", vv.name, snapshot))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

void sim_vv_view_fill(struct sim *s, const struct store_vv_row *r, struct sim_vv_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->vvid;
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    rc_strlcpy(v->wwn, r->wwn, sizeof(v->wwn));
    rc_strlcpy(v->uuid, r->uuid, sizeof(v->uuid));
    v->size_mib = (uint64_t)r->size_mib;
    v->prov = (enum sim_prov)r->prov;
    v->copy_type = (enum sim_copy_type)r->copy_type;
    v->compression = r->compression;
    v->readonly = r->readonly;
    rc_strlcpy(v->user_cpg, r->user_cpg, sizeof(v->user_cpg));
    rc_strlcpy(v->snap_cpg, r->snap_cpg, sizeof(v->snap_cpg));
    rc_strlcpy(v->domain, r->domain, sizeof(v->domain));
    v->used_blocks = (uint64_t)r->used_blocks;
    v->kept_blocks = (uint64_t)r->kept_blocks;
    v->created_ms = r->created;
    v->expires_ms = r->expires;
    v->retain_ms = r->retain;
    rc_strlcpy(v->comment, r->comment, sizeof(v->comment));
    v->rcopy_snapshot = r->rc_snap != 0;
    v->base_id = r->vvid;
    v->policies = r->policies;
    v->host_dif = r->host_dif;
    memcpy(v->alloc_pct, r->alloc_pct, sizeof(v->alloc_pct));
    sim_vv_view_decorate(s, r, v);
}

struct id_index {
    int64_t id;
    size_t idx;
};

static int cmp_id_index(const void *a, const void *b)
{
    int64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
    return (x > y) - (x < y);
}

/* The position in rows of the row with id, or n. */
static size_t find_row(const struct id_index *ix, size_t n, int64_t id)
{
    struct id_index key = { .id = id };
    const struct id_index *hit = bsearch(&key, ix, n, sizeof(*ix), cmp_id_index);
    return hit ? hit->idx : n;
}

/* Fills parent names, base ids and child counts from a whole listing. */
static void fill_family(const struct store_vv_row *rows, struct sim_vv_view *views, size_t n)
{
    struct id_index *ix = xmalloc((n ? n : 1) * sizeof(*ix));
    for (size_t i = 0; i < n; i++)
        ix[i] = (struct id_index){ .id = rows[i].id, .idx = i };
    qsort(ix, n, sizeof(*ix), cmp_id_index);
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].parent)
            continue;
        size_t j = find_row(ix, n, rows[i].parent);
        if (j == n)
            continue;
        rc_strlcpy(views[i].copy_of, rows[j].name, sizeof(views[i].copy_of));
        views[i].parent_id = rows[j].vvid;
        views[j].n_children++;
        /* the base id is the root of the chain */
        for (size_t guard = 0; j < n && guard < 64; guard++) {
            views[i].base_id = rows[j].vvid;
            j = rows[j].parent ? find_row(ix, n, rows[j].parent) : n;
        }
    }
    free(ix);
}

int sim_vv_get(struct sim *s, const char *array, const char *name, struct sim_vv_view *out,
               struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row r, p;
    int64_t kids;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, array, &a, err) || sim_vv_load(s, a.id, name, &r, err))
        return -1;
    sim_vv_view_fill(s, &r, out);
    if (store_vv_count_children(s->st, r.id, &kids))
        return sim_store_fail(s, err, "vv children");
    out->n_children = (int)kids;
    for (int64_t cur = r.parent; cur; cur = p.parent) {
        if (store_vv_get_by_id(s->st, cur, &p) <= 0)
            return sim_store_fail(s, err, "vv get");
        if (cur == r.parent) {
            rc_strlcpy(out->copy_of, p.name, sizeof(out->copy_of));
            out->parent_id = p.vvid;
        }
        out->base_id = p.vvid;
    }
    return 0;
}

int sim_vv_list(struct sim *s, const char *array, struct sim_vv_view **out, size_t *n,
                struct sim_err *err)
{
    struct store_array_row a;
    struct store_vv_row *rows;
    size_t len;
    SIM_READ_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_vv_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "vv list");
    struct sim_vv_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        sim_vv_view_fill(s, &rows[i], &v[i]);
    fill_family(rows, v, len);
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

/* Modules holding volumes; each entry may leave check or decorate NULL. */
static const struct sim_vv_user vv_users[] = {
    { .what = "remote copy", .check = sim_rc_vv_check, .decorate = sim_rc_vv_decorate },
    { .what = "vlun", .check = NULL, .decorate = sim_vlun_vv_decorate },
    { .what = "physical copy", .check = sim_pcopy_vv_check, .decorate = NULL },
    { .what = NULL },
};

int sim_vv_busy_check(struct sim *s, const struct store_array_row *a,
                      const struct store_vv_row *vv, struct sim_err *err)
{
    for (const struct sim_vv_user *u = vv_users; u->what; u++)
        if (u->check && u->check(s, a, vv, err))
            return -1;
    return 0;
}

void sim_vv_view_decorate(struct sim *s, const struct store_vv_row *vv, struct sim_vv_view *v)
{
    for (const struct sim_vv_user *u = vv_users; u->what; u++)
        if (u->decorate)
            u->decorate(s, vv, v);
}

/* Timer source: snapshots whose expiry time has come are removed. */
static int expiry_next(struct sim *s, int64_t *when, struct sim_err *err)
{
    if (store_vv_next_expiry(s->st, when))
        return sim_store_fail(s, err, "vv next expiry");
    return 0;
}

static int expiry_run(struct sim *s, int64_t now, struct sim_err *err)
{
    struct store_vv_row *rows;
    size_t n;
    if (store_vv_expired(s->st, now, &rows, &n))
        return sim_store_fail(s, err, "vv expired");
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct store_array_row a;
        int64_t kids;
        if (store_array_get_by_id(s->st, rows[i].array_id, &a) <= 0 ||
            store_vv_count_children(s->st, rows[i].id, &kids)) {
            ret = sim_store_fail(s, err, "expiry");
            break;
        }
        struct sim_err busy = SIM_ERR_INIT;
        if (kids || sim_vv_busy_check(s, &a, &rows[i], &busy)) {
            /* a volume with snapshots of its own, in a group or exported
             * stays: its expiry is dropped */
            rows[i].expires = 0;
            ret = sim_vv_save(s, &rows[i], err);
            if (ret == 0 && !kids)
                ret = sim_event_add(s, SIM_EV_VV_MODIFIED, a.name, rows[i].name, err,
                                    "not removed at its expiry: %s", busy.detail);
            continue;
        }
        ret = sim_vv_destroy(s, &rows[i], err);
        if (ret == 0)
            ret = sim_event_add(s, SIM_EV_SNAPSHOT_EXPIRED, a.name, rows[i].name, err,
                                "snapshot expired and was removed");
    }
    free(rows);
    return ret;
}

const struct sim_timer_source sim_vv_expiry_timer = {
    .name = "snapshot expiry", .next_due = expiry_next, .run = expiry_run,
};
