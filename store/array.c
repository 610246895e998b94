/* store/array.c - see array.h. */
#include "store/array.h"
#include "store/internal.h"
#include "util/xalloc.h"

#define ARRAY_COLS "id, name, sysid, model, serial, os_version, wwn, powered, rc_started, flags," \
    " wsapi_addr, wsapi_http, wsapi_https, ssh_addr, ssh_port, total_mib, nodes, next_vvid," \
    " copy_rate, nbd_addr, nbd_port"

static void array_read(sqlite3_stmt *s, void *row)
{
    struct store_array_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->name, sizeof(r->name));
    r->sysid = sqlite3_column_int64(s, 2);
    store_col_text(s, 3, r->model, sizeof(r->model));
    store_col_text(s, 4, r->serial, sizeof(r->serial));
    store_col_text(s, 5, r->os_version, sizeof(r->os_version));
    store_col_text(s, 6, r->wwn, sizeof(r->wwn));
    r->powered = sqlite3_column_int(s, 7);
    r->rc_started = sqlite3_column_int(s, 8);
    r->flags = (uint32_t)sqlite3_column_int64(s, 9);
    store_col_text(s, 10, r->wsapi_addr, sizeof(r->wsapi_addr));
    r->wsapi_http = sqlite3_column_int(s, 11);
    r->wsapi_https = sqlite3_column_int(s, 12);
    store_col_text(s, 13, r->ssh_addr, sizeof(r->ssh_addr));
    r->ssh_port = sqlite3_column_int(s, 14);
    r->total_mib = (uint64_t)sqlite3_column_int64(s, 15);
    r->nodes = sqlite3_column_int(s, 16);
    r->next_vvid = sqlite3_column_int64(s, 17);
    r->copy_rate = sqlite3_column_int(s, 18);
    store_col_text(s, 19, r->nbd_addr, sizeof(r->nbd_addr));
    r->nbd_port = sqlite3_column_int(s, 20);
}

/* Binds columns 2.. (everything after name) starting at parameter first. */
static void array_bind(sqlite3_stmt *s, int first, const struct store_array_row *r)
{
    int i = first;
    sqlite3_bind_int64(s, i++, r->sysid);
    store_bind_text(s, i++, r->model);
    store_bind_text(s, i++, r->serial);
    store_bind_text(s, i++, r->os_version);
    store_bind_text(s, i++, r->wwn);
    sqlite3_bind_int(s, i++, r->powered);
    sqlite3_bind_int(s, i++, r->rc_started);
    sqlite3_bind_int64(s, i++, r->flags);
    store_bind_text(s, i++, r->wsapi_addr);
    sqlite3_bind_int(s, i++, r->wsapi_http);
    sqlite3_bind_int(s, i++, r->wsapi_https);
    store_bind_text(s, i++, r->ssh_addr);
    sqlite3_bind_int(s, i++, r->ssh_port);
    sqlite3_bind_int64(s, i++, (int64_t)r->total_mib);
    sqlite3_bind_int(s, i++, r->nodes);
    sqlite3_bind_int64(s, i++, r->next_vvid);
    sqlite3_bind_int(s, i++, r->copy_rate);
    store_bind_text(s, i++, r->nbd_addr);
    sqlite3_bind_int(s, i++, r->nbd_port);
}

int store_array_insert(struct store *st, struct store_array_row *row)
{
    static const char sql[] = "INSERT INTO arrays(name, sysid, model, serial, os_version, wwn,"
        " powered, rc_started, flags, wsapi_addr, wsapi_http, wsapi_https, ssh_addr, ssh_port,"
        " total_mib, nodes, next_vvid, copy_rate, nbd_addr, nbd_port)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, row->name);
    array_bind(s, 2, row);
    if (store_exec_stmt(st, s))
        return -1;
    row->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_array_update(struct store *st, const struct store_array_row *row)
{
    static const char sql[] = "UPDATE arrays SET sysid=?, model=?, serial=?, os_version=?,"
        " wwn=?, powered=?, rc_started=?, flags=?, wsapi_addr=?, wsapi_http=?, wsapi_https=?,"
        " ssh_addr=?, ssh_port=?, total_mib=?, nodes=?, next_vvid=?, copy_rate=?, nbd_addr=?,"
        " nbd_port=? WHERE id=?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    array_bind(s, 1, row);
    sqlite3_bind_int64(s, 20, row->id);
    return store_exec_stmt(st, s);
}

int store_array_get(struct store *st, const char *name, struct store_array_row *out)
{
    static const char sql[] = "SELECT " ARRAY_COLS " FROM arrays WHERE name = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    store_bind_text(s, 1, name);
    return store_get_one(st, s, array_read, out);
}

int store_array_get_by_id(struct store *st, int64_t id, struct store_array_row *out)
{
    static const char sql[] = "SELECT " ARRAY_COLS " FROM arrays WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_get_one(st, s, array_read, out);
}

int store_array_count(struct store *st, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM arrays";
    return store_get_int(st, store_stmt(st, sql), out);
}

int store_array_list(struct store *st, struct store_array_row **out, size_t *n)
{
    static const char sql[] = "SELECT " ARRAY_COLS " FROM arrays ORDER BY id";
    return store_get_all(st, store_stmt(st, sql), array_read, sizeof(**out), (void **)out, n);
}

int store_user_insert(struct store *st, const struct store_user_row *row)
{
    static const char sql[] = "INSERT INTO users(array_id, name, password, role) VALUES(?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, row->array_id);
    store_bind_text(s, 2, row->name);
    store_bind_text(s, 3, row->password);
    sqlite3_bind_int(s, 4, row->role);
    return store_exec_stmt(st, s);
}

static void user_read(sqlite3_stmt *s, void *row)
{
    struct store_user_row *r = row;
    r->array_id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->name, sizeof(r->name));
    store_col_text(s, 2, r->password, sizeof(r->password));
    r->role = sqlite3_column_int(s, 3);
}

int store_user_get(struct store *st, int64_t array_id, const char *name,
                   struct store_user_row *out)
{
    static const char sql[] =
        "SELECT array_id, name, password, role FROM users WHERE array_id = ? AND name = ?";
    return store_get_named(st, sql, array_id, name, user_read, out);
}

int store_user_list(struct store *st, int64_t array_id, struct store_user_row **out, size_t *n)
{
    static const char sql[] =
        "SELECT array_id, name, password, role FROM users WHERE array_id = ? ORDER BY name";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, user_read, sizeof(**out), (void **)out, n);
}

int store_port_insert(struct store *st, const struct store_port_row *r)
{
    static const char sql[] = "INSERT INTO ports(array_id, node, slot, port, protocol, mode,"
        " state, wwn, node_wwn, ip, iqn, label) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->array_id);
    sqlite3_bind_int(s, 2, r->node);
    sqlite3_bind_int(s, 3, r->slot);
    sqlite3_bind_int(s, 4, r->port);
    store_bind_text(s, 5, r->protocol);
    store_bind_text(s, 6, r->mode);
    store_bind_text(s, 7, r->state);
    store_bind_text(s, 8, r->wwn);
    store_bind_text(s, 9, r->node_wwn);
    store_bind_text(s, 10, r->ip);
    store_bind_text(s, 11, r->iqn);
    store_bind_text(s, 12, r->label);
    return store_exec_stmt(st, s);
}

static void port_read(sqlite3_stmt *s, void *row)
{
    struct store_port_row *r = row;
    r->array_id = sqlite3_column_int64(s, 0);
    r->node = sqlite3_column_int(s, 1);
    r->slot = sqlite3_column_int(s, 2);
    r->port = sqlite3_column_int(s, 3);
    store_col_text(s, 4, r->protocol, sizeof(r->protocol));
    store_col_text(s, 5, r->mode, sizeof(r->mode));
    store_col_text(s, 6, r->state, sizeof(r->state));
    store_col_text(s, 7, r->wwn, sizeof(r->wwn));
    store_col_text(s, 8, r->node_wwn, sizeof(r->node_wwn));
    store_col_text(s, 9, r->ip, sizeof(r->ip));
    store_col_text(s, 10, r->iqn, sizeof(r->iqn));
    store_col_text(s, 11, r->label, sizeof(r->label));
}

int store_port_list(struct store *st, int64_t array_id, struct store_port_row **out, size_t *n)
{
    static const char sql[] = "SELECT array_id, node, slot, port, protocol, mode, state, wwn,"
        " node_wwn, ip, iqn, label FROM ports WHERE array_id = ? ORDER BY node, slot, port";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, port_read, sizeof(**out), (void **)out, n);
}

int store_domain_insert(struct store *st, struct store_domain_row *row)
{
    static const char sql[] =
        "INSERT INTO domains(array_id, name, comment, created) VALUES(?,?,?,?)";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, row->array_id);
    store_bind_text(s, 2, row->name);
    store_bind_text(s, 3, row->comment);
    sqlite3_bind_int64(s, 4, row->created);
    if (store_exec_stmt(st, s))
        return -1;
    row->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_domain_delete(struct store *st, int64_t id)
{
    static const char sql[] = "DELETE FROM domains WHERE id = ?";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_exec_stmt(st, s);
}

static void domain_read(sqlite3_stmt *s, void *row)
{
    struct store_domain_row *r = row;
    r->id = sqlite3_column_int64(s, 0);
    r->array_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->name, sizeof(r->name));
    store_col_text(s, 3, r->comment, sizeof(r->comment));
    r->created = sqlite3_column_int64(s, 4);
}

int store_domain_get(struct store *st, int64_t array_id, const char *name,
                     struct store_domain_row *out)
{
    static const char sql[] = "SELECT id, array_id, name, comment, created FROM domains"
        " WHERE array_id = ? AND name = ?";
    return store_get_named(st, sql, array_id, name, domain_read, out);
}

int store_domain_list(struct store *st, int64_t array_id, struct store_domain_row **out,
                      size_t *n)
{
    static const char sql[] = "SELECT id, array_id, name, comment, created FROM domains"
        " WHERE array_id = ? ORDER BY id";
    sqlite3_stmt *s = store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, array_id);
    return store_get_all(st, s, domain_read, sizeof(**out), (void **)out, n);
}
