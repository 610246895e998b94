/* sim/array.c - arrays (systems), users, ports, power and kept secrets.
 * Owns: array rows and their users' roles. Not: password checks and the
 * failed-login limiter (auth.c), what a powered-off array means to remote
 * copy (the remote-copy engine reacts to the event).
 * Spec: docs/design.md §2, docs/fixtures.md. */
#include "sim/array.h"
#include "sim/internal.h"
#include "store/store.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

int sim_array_load(struct sim *s, const char *name, struct store_array_row *out,
                   struct sim_err *err)
{
    int rc = store_array_get(s->st, name ? name : "", out);
    if (rc < 0)
        return sim_store_fail(s, err, "array get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_ARRAY, name, "no array named '%s'", name ? name : "");
    return 0;
}

static void array_view_fill(const struct store_array_row *r, struct sim_array_view *v)
{
    memset(v, 0, sizeof(*v));
    rc_strlcpy(v->name, r->name, sizeof(v->name));
    v->sysid = r->sysid;
    rc_strlcpy(v->model, r->model, sizeof(v->model));
    rc_strlcpy(v->serial, r->serial, sizeof(v->serial));
    rc_strlcpy(v->os_version, r->os_version, sizeof(v->os_version));
    rc_strlcpy(v->wwn, r->wwn, sizeof(v->wwn));
    v->powered = r->powered;
    v->rc_started = r->rc_started;
    v->flags = r->flags;
    rc_strlcpy(v->wsapi_addr, r->wsapi_addr, sizeof(v->wsapi_addr));
    v->wsapi_http_port = r->wsapi_http;
    v->wsapi_https_port = r->wsapi_https;
    rc_strlcpy(v->ssh_addr, r->ssh_addr, sizeof(v->ssh_addr));
    v->ssh_port = r->ssh_port;
    rc_strlcpy(v->nbd_addr, r->nbd_addr, sizeof(v->nbd_addr));
    v->nbd_port = r->nbd_port;
    v->total_mib = r->total_mib;
    v->nodes = r->nodes;
}

/* An array's position in fixture order (where its listeners go on one
 * address); 0 when it cannot be read. */
static size_t array_index(struct sim *s, int64_t id)
{
    struct store_array_row *rows;
    size_t len, at = 0;
    if (store_array_list(s->st, &rows, &len))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (rows[i].id == id)
            at = i;
    free(rows);
    return at;
}

int sim_array_list(struct sim *s, struct sim_array_view **out, size_t *n, struct sim_err *err)
{
    struct store_array_row *rows;
    size_t len;
    SIM_READ_SCOPE(s);

    if (store_array_list(s->st, &rows, &len))
        return sim_store_fail(s, err, "array list");
    struct sim_array_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        array_view_fill(&rows[i], &v[i]);
        sim_listen_place(s, i, &v[i]);
    }
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_array_get(struct sim *s, const char *name, struct sim_array_view *out,
                  struct sim_err *err)
{
    struct store_array_row r;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, name, &r, err))
        return -1;
    array_view_fill(&r, out);
    sim_listen_place(s, array_index(s, r.id), out);
    return 0;
}

bool sim_array_powered(struct sim *s, const char *name)
{
    struct store_array_row r;
    SIM_LOCK_SCOPE(s);
    return store_array_get(s->st, name, &r) == 1 && r.powered;
}

int sim_array_power_apply(struct sim *s, const char *name, bool on, struct sim_err *err)
{
    struct store_array_row r;
    if (sim_array_load(s, name, &r, err))
        return -1;
    if (r.powered == on)
        return 0;
    s->power_moved = true;     /* told to the watchers after the commit */
    r.powered = on;
    if (store_array_update(s->st, &r))
        return sim_store_fail(s, err, "array update");
    if (sim_event_add(s, on ? SIM_EV_ARRAY_POWER_ON : SIM_EV_ARRAY_POWER_OFF, r.name, r.name,
                      err, "array powered %s", on ? "on" : "off") ||
        (on ? sim_rc_power_on(s, &r, err) : sim_rc_eval_targets(s, err)))
        return -1;
    return 0;
}

static int set_power(struct sim *s, const char *name, bool on, struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (sim_array_power_apply(s, name, on, err))
        return sim_txn_rollback(s);
    return sim_txn_commit(s, err);
}

int sim_array_set_power(struct sim *s, const char *name, bool on, struct sim_err *err)
{
    if (set_power(s, name, on, err))
        return -1;
    if (sim_power_take(s))
        sim_power_notify(s, name, on);
    return 0;
}

bool sim_power_take(struct sim *s)
{
    SIM_LOCK_SCOPE(s);
    bool moved = s->power_moved;
    s->power_moved = false;
    return moved;
}

void sim_power_flush(struct sim *s)
{
    if (sim_power_take(s))
        sim_power_notify(s, NULL, true);
}

void sim_power_watch(struct sim *s, sim_power_watch_fn *fn, void *ctx)
{
    pthread_mutex_lock(&s->watch_lock);
    for (size_t i = 0; i < SIM_POWER_WATCHERS; i++) {
        if (!s->watchers[i].fn) {
            s->watchers[i].fn = fn;
            s->watchers[i].ctx = ctx;
            pthread_mutex_unlock(&s->watch_lock);
            return;
        }
    }
    /* a broken invariant: the watchers are the few listeners of serve */
    rclog(RCLOG_ERROR, "more than %d power watchers", SIM_POWER_WATCHERS);
    abort();
}

void sim_power_unwatch(struct sim *s, sim_power_watch_fn *fn, void *ctx)
{
    pthread_mutex_lock(&s->watch_lock);
    for (size_t i = 0; i < SIM_POWER_WATCHERS; i++)
        if (s->watchers[i].fn == fn && s->watchers[i].ctx == ctx)
            s->watchers[i].fn = NULL;
    pthread_mutex_unlock(&s->watch_lock);
}

void sim_power_notify(struct sim *s, const char *array, bool on)
{
    pthread_mutex_lock(&s->watch_lock);
    for (size_t i = 0; i < SIM_POWER_WATCHERS; i++)
        if (s->watchers[i].fn)
            s->watchers[i].fn(s->watchers[i].ctx, array, on);
    pthread_mutex_unlock(&s->watch_lock);
}

const char *sim_user_role_name(enum sim_user_role role)
{
    switch (role) {
    case SIM_ROLE_BROWSE: return "browse";
    case SIM_ROLE_EDIT:   return "edit";
    case SIM_ROLE_SUPER:  return "super";
    case SIM_ROLE_NONE:   break;
    }
    return "none";
}

int sim_user_load(struct sim *s, const char *array, const char *user,
                  struct store_user_row *u, struct sim_err *err)
{
    struct store_array_row a;
    if (sim_array_load(s, array, &a, err))
        return -1;
    int rc = store_user_get(s->st, a.id, user ? user : "", u);
    if (rc < 0)
        return sim_store_fail(s, err, "user get");
    if (rc == 0)
        return sim_fail(err, SIM_ENOENT_USER, user, "no user named '%s'", user ? user : "");
    return 0;
}

int sim_user_role(struct sim *s, const char *array, const char *user,
                  enum sim_user_role *role, struct sim_err *err)
{
    struct store_user_row u;
    SIM_LOCK_SCOPE(s);

    if (sim_user_load(s, array, user, &u, err))
        return -1;
    *role = (enum sim_user_role)u.role;
    return 0;
}

int sim_user_list(struct sim *s, const char *array, struct sim_user_view **out, size_t *n,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_user_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_user_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "user list");
    struct sim_user_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        rc_strlcpy(v[i].name, rows[i].name, sizeof(v[i].name));
        v[i].role = (enum sim_user_role)rows[i].role;
    }
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_port_list(struct sim *s, const char *array, struct sim_port_view **out, size_t *n,
                  struct sim_err *err)
{
    struct store_array_row a;
    struct store_port_row *rows;
    size_t len;
    SIM_LOCK_SCOPE(s);

    if (sim_array_load(s, array, &a, err))
        return -1;
    if (store_port_list(s->st, a.id, &rows, &len))
        return sim_store_fail(s, err, "port list");
    struct sim_port_view *v = xcalloc(len ? len : 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        v[i].node = rows[i].node;
        v[i].slot = rows[i].slot;
        v[i].port = rows[i].port;
        rc_strlcpy(v[i].protocol, rows[i].protocol, sizeof(v[i].protocol));
        rc_strlcpy(v[i].mode, rows[i].mode, sizeof(v[i].mode));
        rc_strlcpy(v[i].state, rows[i].state, sizeof(v[i].state));
        rc_strlcpy(v[i].wwn, rows[i].wwn, sizeof(v[i].wwn));
        rc_strlcpy(v[i].node_wwn, rows[i].node_wwn, sizeof(v[i].node_wwn));
        rc_strlcpy(v[i].ip, rows[i].ip, sizeof(v[i].ip));
        rc_strlcpy(v[i].iqn, rows[i].iqn, sizeof(v[i].iqn));
        rc_strlcpy(v[i].label, rows[i].label, sizeof(v[i].label));
    }
    free(rows);
    *out = v;
    *n = len;
    return 0;
}

int sim_secret_get(struct sim *s, const char *array, const char *kind, char **pem,
                   struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    int rc = store_secret_get(s->st, array, kind, pem);
    if (rc < 0)
        return sim_store_fail(s, err, "secret get");
    if (rc == 0)
        return sim_fail(err, SIM_EINVAL, array, "no %s kept yet", kind);
    return 0;
}

int sim_secret_put(struct sim *s, const char *array, const char *kind, const char *pem,
                   struct sim_err *err)
{
    SIM_LOCK_SCOPE(s);
    if (sim_txn_begin(s, err))
        return -1;
    if (store_secret_put(s->st, array, kind, pem)) {
        sim_store_fail(s, err, "secret put");
        return sim_txn_rollback(s);
    }
    return sim_txn_commit(s, err);
}
