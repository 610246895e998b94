/* sim/set.c - host sets and volume sets. Owns: set rows, member order,
 * volume-set snapshots (@count@ naming, all or none). Not: QoS rules
 * (qos.c; removing a set removes its rule here, in the same transaction).
 * Spec: docs/array-interfaces.md §2.5, §2.6. */
#include "sim/internal.h"
#include "sim/limits.h"
#include "sim/rcopy.h"
#include "sim/set.h"
#include "store/host.h"
#include "store/qos.h"
#include "store/rcopy.h"
#include "store/set.h"
#include "util/hash.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_load(struct sim *s, int64_t array_id, enum sim_set_kind kind, const char *name,
                    struct store_set_row *r, struct sim_err *err)
{
    int rc = store_set_get(s->st, array_id, kind, name, r);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_SET, name, "no %s set named '%s'",
                        kind == SIM_SET_HOST ? "host" : "volume", name);
    return 0;
}

/* The row id of a member by name; refuses an unknown one. */
static int member_id(struct sim *s, int64_t array_id, enum sim_set_kind kind, const char *name,
                     int64_t *id, struct sim_err *err)
{
    if (kind == SIM_SET_HOST) {
        struct store_host_row h;
        int rc = store_host_get(s->st, array_id, name, &h);
        if (rc < 0)
            return sim_store_fail(s, err, "host get");
        if (rc == 0)
            return sim_fail(err, SIM_ENOENT_HOST, name, "no host named '%s'", name);
        *id = h.id;
        return 0;
    }
    struct store_vv_row vv;
    if (sim_vv_load(s, array_id, name, &vv, err))
        return -1;
    *id = vv.id;
    return 0;
}

/* Whether object id is a member of set: 1 or 0, -1 on a store failure. */
static int member_has(struct sim *s, const struct store_set_row *set, int64_t id,
                      struct sim_err *err)
{
    struct store_set_member_row *ms;
    size_t n;
    if (store_set_member_list(s->st, set->array_id, set->kind, set->id, &ms, &n))
        return sim_store_fail(s, err, "set member list");
    bool has = false;
    for (size_t i = 0; i < n; i++)
        has |= ms[i].member == id;
    free(ms);
    return has;
}

static int member_add(struct sim *s, const struct store_set_row *set, const char *name,
                      struct sim_err *err)
{
    int64_t id;
    if (member_id(s, set->array_id, (enum sim_set_kind)set->kind, name, &id, err))
        return -1;
    int has = member_has(s, set, id, err);
    if (has < 0)
        return -1;
    if (has)
        return sim_fail(err, SIM_EEXIST_MEMBER, name, "%s is already in set %s", name,
                        set->name);
    if (store_set_member_add(s->st, set->id, set->kind, id))
        return sim_store_fail(s, err, "set member add");
    return 0;
}

static int member_remove(struct sim *s, const struct store_set_row *set, const char *name,
                         struct sim_err *err)
{
    struct store_set_member_row *ms;
    size_t n;
    int64_t id = 0;
    if (store_set_member_list(s->st, set->array_id, set->kind, set->id, &ms, &n))
        return sim_store_fail(s, err, "set member list");
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ms[i].name, name))
            id = ms[i].member;
    free(ms);
    if (!id)
        return sim_fail(err, SIM_ENOENT_MEMBER, name, "%s is not in set %s", name, set->name);
    if (store_set_member_remove(s->st, set->id, id))
        return sim_store_fail(s, err, "set member remove");
    return 0;
}

/* Creates a set; rc_group > 0 makes it the RCP_ set of that group. *out
 * (when not NULL) gets the new row. */
static int set_create(struct sim *s, const struct store_array_row *a, enum sim_set_kind kind,
                      const struct sim_set_spec *sp, int64_t rc_group,
                      struct store_set_row *out, struct sim_err *err)
{
    struct store_set_row r;
    struct store_domain_row d;
    int64_t max;
    /* the RCP_ sets the array names itself take the full 31 */
    if (sim_name_check(sp->name, rc_group ? SIM_LIM_SYS_SET_NAME : SIM_LIM_SET_NAME, err) ||
        sim_text_check(sp->comment, SIM_LIM_SET_COMMENT, "comment", err))
        return -1;
    if (sp->domain && *sp->domain) {
        int rc = store_domain_get(s->st, a->id, sp->domain, &d);
        if (rc < 0)
            return sim_store_fail(s, err, "domain get");
        if (rc == 0)
            return sim_fail(err, SIM_ENOENT_DOMAIN, sp->domain, "no domain '%s'", sp->domain);
    }
    int rc = store_set_get(s->st, a->id, kind, sp->name, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    if (rc == 1)
        return sim_fail(err, SIM_EEXIST_SET, sp->name, "set %s exists", sp->name);
    if (store_set_max_id(s->st, a->id, kind, &max))
        return sim_store_fail(s, err, "set max id");
    memset(&r, 0, sizeof(r));
    r.array_id = a->id;
    r.kind = kind;
    r.setid = max + 1;
    rc_strlcpy(r.name, sp->name, sizeof(r.name));
    rc_strlcpy(r.domain, sp->domain ? sp->domain : "", sizeof(r.domain));
    rc_strlcpy(r.comment, sp->comment ? sp->comment : "", sizeof(r.comment));
    rc_uuid_format((uint64_t)a->sysid << 20 ^ (uint64_t)kind << 16 ^ (uint64_t)r.setid,
                   (uint64_t)sim_clock_now(s), r.uuid);
    r.created = sim_clock_now(s);
    r.rc_group = rc_group;
    if (store_set_insert(s->st, &r))
        return sim_store_fail(s, err, "set insert");
    if (out)
        *out = r;
    for (size_t i = 0; i < sp->n_members; i++)
        if (member_add(s, &r, sp->members[i], err))
            return -1;
    return sim_event_add(s, SIM_EV_SET_CREATED, a->name, sp->name, err,
                         "%s set created with %zu member(s)",
                         kind == SIM_SET_HOST ? "host" : "volume", sp->n_members);
}

int sim_set_create(struct sim *s, const char *array, enum sim_set_kind kind,
                   const struct sim_set_spec *sp, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || set_create(s, &a, kind, sp, 0, NULL, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

static int set_modify(struct sim *s, const struct store_array_row *a, enum sim_set_kind kind,
                      const char *name, const struct sim_set_mod *m, struct sim_err *err)
{
    struct store_set_row r, other;
    if (set_load(s, a->id, kind, name, &r, err))
        return -1;
    for (size_t i = 0; i < m->n_members && m->op; i++)
        if ((m->op == SIM_SET_OP_ADD ? member_add : member_remove)(s, &r, m->members[i], err))
            return -1;
    if (m->new_name && strcmp(m->new_name, r.name)) {
        if (sim_name_check(m->new_name, SIM_LIM_SET_NAME, err))
            return -1;
        int rc = store_set_get(s->st, a->id, kind, m->new_name, &other);
        if (rc < 0)
            return sim_store_fail(s, err, "set get");
        if (rc == 1)
            return sim_fail(err, SIM_EEXIST_SET, m->new_name, "set %s exists", m->new_name);
        struct store_qos_row q;
        rc = store_qos_get(s->st, a->id, 1, r.name, &q);
        if (rc < 0)
            return sim_store_fail(s, err, "qos get");
        if (kind == SIM_SET_VV && rc == 1) {
            if (store_qos_delete(s->st, a->id, 1, r.name))
                return sim_store_fail(s, err, "qos delete");
            rc_strlcpy(q.name, m->new_name, sizeof(q.name));
            if (store_qos_put(s->st, &q))
                return sim_store_fail(s, err, "qos put");
        }
        rc_strlcpy(r.name, m->new_name, sizeof(r.name));
    }
    if (sim_text_check(m->comment, SIM_LIM_SET_COMMENT, "comment", err))
        return -1;
    if (m->comment)
        rc_strlcpy(r.comment, m->comment, sizeof(r.comment));
    if (m->flash_cache)
        r.flash_cache = m->flash_cache;
    if (store_set_update(s->st, &r))
        return sim_store_fail(s, err, "set update");
    return sim_event_add(s, SIM_EV_SET_CHANGED, a->name, r.name, err, "set modified");
}

int sim_set_modify(struct sim *s, const char *array, enum sim_set_kind kind, const char *name,
                   const struct sim_set_mod *m, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || set_modify(s, &a, kind, name, m, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* Refuses to remove a set a remote-copy group keeps (RCP_) or that holds
 * the secondary of a pair (docs/array-remote-copy.md §2.4: the peer refuses to remove
 * such a set while the group exists). */
static int rc_set_check(struct sim *s, const struct store_set_row *set, struct sim_err *err)
{
    struct store_set_member_row *ms;
    size_t n;
    if (set->rc_group)
        return sim_fail(err, SIM_ESET_IN_RCOPY, set->name, "set %s follows a group",
                        set->name);
    if (set->kind != SIM_SET_VV)
        return 0;
    if (store_set_member_list(s->st, set->array_id, SIM_SET_VV, set->id, &ms, &n))
        return sim_store_fail(s, err, "set member list");
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        struct store_pair_row p;
        struct store_group_row g;
        if (store_pair_by_vv(s->st, ms[i].member, &p) == 1 &&
            store_group_get_by_id(s->st, p.group_id, &g) == 1)
            found = g.role == SIM_RC_SECONDARY || g.role == SIM_RC_SECONDARY_REV;
    }
    free(ms);
    if (found)
        return sim_fail(err, SIM_ESET_IN_RCOPY, set->name, "set %s holds secondaries",
                        set->name);
    return 0;
}

int sim_set_remove(struct sim *s, const char *array, enum sim_set_kind kind, const char *name,
                   struct sim_err *err)
{
    struct store_array_row a;
    struct store_set_row r;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || set_load(s, a.id, kind, name, &r, err))
        return sim_txn_rollback(s);
    if (rc_set_check(s, &r, err))
        return sim_txn_rollback(s);
    /* §2.5: a volume set goes with its QoS rule */
    if ((kind == SIM_SET_VV && store_qos_delete(s->st, a.id, 1, r.name)) ||
        store_set_delete(s->st, r.id)) {
        sim_store_fail(s, err, "set delete");
        return sim_txn_rollback(s);
    }
    if (sim_event_add(s, SIM_EV_SET_REMOVED, a.name, name, err, "set removed"))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

/* ---- RCP_ sets (docs/array-remote-copy.md §1.3, behaviour flag rcp_vvset) ---- */

int sim_rcp_set_create(struct sim *s, const struct store_array_row *a,
                       const struct store_group_row *g, struct sim_err *err)
{
    if (!(a->flags & SIM_BF_RCP_VVSET))
        return 0;
    /* RCP_<group>, or RCP_<group>.0, .1, ... when the name is taken */
    char name[SIM_NAME_MAX + 1], comment[80];
    struct store_set_row other;
    for (int i = -1; i < 1000; i++) {
        char suffix[8] = "";
        if (i >= 0)
            snprintf(suffix, sizeof(suffix), ".%d", i);
        int room = SIM_LIM_SYS_SET_NAME - 4 - (int)strlen(suffix);
        snprintf(name, sizeof(name), "RCP_%.*s%s", room, g->name, suffix);
        int rc = store_set_get(s->st, a->id, SIM_SET_VV, name, &other);
        if (rc < 0)
            return sim_store_fail(s, err, "set get");
        if (rc == 0)
            break;
    }
    snprintf(comment, sizeof(comment), "Remote Copy group %s", g->name);
    struct sim_set_spec sp = { .name = name, .domain = g->domain, .comment = comment };
    return set_create(s, a, SIM_SET_VV, &sp, g->id, NULL, err);
}

int sim_set_add_vv(struct sim *s, const struct store_array_row *a, const char *name,
                   int64_t vv, struct sim_err *err)
{
    struct store_set_row r;
    int rc = store_set_get(s->st, a->id, SIM_SET_VV, name, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    struct sim_set_spec sp = { .name = name };
    if (rc == 0 && set_create(s, a, SIM_SET_VV, &sp, 0, &r, err))
        return -1;
    int has = member_has(s, &r, vv, err);
    if (has < 0)
        return -1;
    if (!has && store_set_member_add(s->st, r.id, SIM_SET_VV, vv))
        return sim_store_fail(s, err, "set member add");
    return 0;
}

int sim_rcp_set_member(struct sim *s, int64_t group_id, int64_t vv, bool add,
                       struct sim_err *err)
{
    struct store_set_row r;
    int rc = store_set_get_by_group(s->st, group_id, &r);
    if (rc < 0)
        return sim_store_fail(s, err, "set get");
    if (rc == 0)
        return 0;
    if ((add ? store_set_member_add(s->st, r.id, SIM_SET_VV, vv)
             : store_set_member_remove(s->st, r.id, vv)))
        return sim_store_fail(s, err, "set member");
    return 0;
}

static void set_view(const struct store_set_row *r, const struct store_set_member_row *ms,
                     size_t n, struct sim_set_view *v)
{
    memset(v, 0, sizeof(*v));
    v->id = r->setid;
    v->kind = (enum sim_set_kind)r->kind;
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    rc_strlcpy(v->domain, r->domain, sizeof(v->domain));
    rc_strlcpy(v->comment, r->comment, sizeof(v->comment));
    rc_strlcpy(v->uuid, r->uuid, sizeof(v->uuid));
    v->flash_cache = r->flash_cache;
    v->members = xcalloc(n ? n : 1, sizeof(*v->members));
    for (size_t i = 0; i < n; i++)
        if (ms[i].set_id == r->id)
            rc_strlcpy(v->members[v->n_members++], ms[i].name, sizeof(v->members[0]));
}

void sim_set_view_release(struct sim_set_view *v)
{
    free(v->members);
    v->members = NULL;
    v->n_members = 0;
}

int sim_set_get(struct sim *s, const char *array, enum sim_set_kind kind, const char *name,
                struct sim_set_view *out, struct sim_err *err)
{
    struct store_array_row a;
    struct store_set_row r;
    struct store_set_member_row *ms;
    size_t n;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err) || set_load(s, a.id, kind, name, &r, err))
        return -1;
    if (store_set_member_list(s->st, a.id, kind, r.id, &ms, &n))
        return sim_store_fail(s, err, "set member list");
    set_view(&r, ms, n, out);
    free(ms);
    return 0;
}

int sim_set_list(struct sim *s, const char *array, enum sim_set_kind kind,
                 struct sim_set_view **out, size_t *n, struct sim_err *err)
{
    struct store_array_row a;
    struct store_set_row *rows;
    struct store_set_member_row *ms;
    size_t len, nm;
    SIM_READ_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_set_list(s->st, a.id, kind, &rows, &len))
        return sim_store_fail(s, err, "set list");
    if (store_set_member_list(s->st, a.id, kind, 0, &ms, &nm)) {
        free(rows);
        return sim_store_fail(s, err, "set member list");
    }
    struct sim_set_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++)
        set_view(&rows[i], ms, nm, &v[i]);
    free(rows);
    free(ms);
    *out = v;
    *n = len;
    return 0;
}

/* "SNAP-@count@" -> "SNAP-3" */
static void expand_count(const char *pattern, size_t i, char *out, size_t size)
{
    struct strbuf sb = STRBUF_INIT;
    const char *at;
    char num[24];
    snprintf(num, sizeof(num), "%zu", i);
    for (const char *p = pattern; *p;) {
        if ((at = strstr(p, "@count@")) == NULL) {
            strbuf_adds(&sb, p);
            break;
        }
        strbuf_add(&sb, p, (size_t)(at - p));
        strbuf_adds(&sb, num);
        p = at + 7;
    }
    rc_strlcpy(out, sb.buf ? sb.buf : "", size);
    strbuf_release(&sb);
}

static int set_snapshot(struct sim *s, const struct store_array_row *a, const char *name,
                        const struct sim_snap_spec *sp, struct sim_err *err)
{
    struct store_set_row r;
    struct store_set_member_row *ms;
    size_t n;
    int ret = 0;
    if (set_load(s, a->id, SIM_SET_VV, name, &r, err))
        return -1;
    if (store_set_member_list(s->st, a->id, SIM_SET_VV, r.id, &ms, &n))
        return sim_store_fail(s, err, "set member list");
    if (n == 0) {
        free(ms);
        return sim_fail(err, SIM_ENOENT_SET, name, "volume set %s has no members", name);
    }
    int64_t now = sim_clock_now(s);
    for (size_t i = 0; i < n && !ret; i++) {
        char snap[64];
        struct store_vv_row parent, out;
        expand_count(sp->name, i, snap, sizeof(snap));
        if (strlen(snap) > SIM_LIM_VV_NAME) {
            ret = sim_fail(err, SIM_ENAME_TOOLONG, snap, "snapshot name too long");
            break;
        }
        struct sim_snap_row_spec rs = {
            .name = snap, .readonly = sp->readonly, .vvid = 0,
            .expires = sp->expire_ms ? now + sp->expire_ms : 0,
            .retain = sp->retain_ms ? now + sp->retain_ms : 0,
            .comment = sp->comment,
        };
        ret = sim_vv_load(s, a->id, ms[i].name, &parent, err) ||
              sim_name_check(snap, SIM_LIM_VV_NAME, err) ||
              sim_vv_snapshot_row(s, &parent, &rs, &out, err) ||
              sim_event_add(s, SIM_EV_SNAPSHOT_CREATED, a->name, snap, err,
                            "snapshot of %s (volume set %s)", ms[i].name, name) ? -1 : 0;
    }
    free(ms);
    return ret;
}

int sim_set_snapshot(struct sim *s, const char *array, const char *name,
                     const struct sim_snap_spec *sp, struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_load(s, array, &a, err) || set_snapshot(s, &a, name, sp, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}
