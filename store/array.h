/* store/array.h - rows of arrays, users, ports and domains. */
#ifndef RCSIM_STORE_ARRAY_H
#define RCSIM_STORE_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct store_array_row {
    int64_t id;
    char name[32];
    int64_t sysid;
    char model[32], serial[32], os_version[32], wwn[17];
    bool powered, rc_started;
    uint32_t flags;
    char wsapi_addr[64];
    int wsapi_http, wsapi_https;
    char ssh_addr[64];
    int ssh_port;
    uint64_t total_mib;
    int nodes;
    int64_t next_vvid;
    int copy_rate;              /* physical copies, MiB/s of written data */
    char nbd_addr[64];          /* the host data path (NBD) listener */
    int nbd_port;
};

/* Inserts a row; sets row->id. */
int store_array_insert(struct store *st, struct store_array_row *row);
/* Updates every column but id and name from row. */
int store_array_update(struct store *st, const struct store_array_row *row);
int store_array_get(struct store *st, const char *name, struct store_array_row *out); /* 1/0/-1 */
int store_array_get_by_id(struct store *st, int64_t id, struct store_array_row *out); /* 1/0/-1 */
int store_array_count(struct store *st, int64_t *out);
/* All arrays by id; *out is a new array (free()). */
int store_array_list(struct store *st, struct store_array_row **out, size_t *n);

struct store_user_row {
    int64_t array_id;
    char name[32];
    char password[64];
    int role;
};

int store_user_insert(struct store *st, const struct store_user_row *row);
int store_user_get(struct store *st, int64_t array_id, const char *name,
                   struct store_user_row *out); /* 1/0/-1 */
/* The array's users by name; *out is a new array (free()). */
int store_user_list(struct store *st, int64_t array_id, struct store_user_row **out, size_t *n);

struct store_port_row {
    int64_t array_id;
    int node, slot, port;
    char protocol[8], mode[12], state[12], wwn[17], node_wwn[17], ip[48], iqn[128], label[32];
};

int store_port_insert(struct store *st, const struct store_port_row *row);
int store_port_list(struct store *st, int64_t array_id, struct store_port_row **out, size_t *n);

struct store_domain_row {
    int64_t id, array_id;
    char name[32];
    char comment[256];
    int64_t created;
};

int store_domain_insert(struct store *st, struct store_domain_row *row);
int store_domain_delete(struct store *st, int64_t id);
int store_domain_get(struct store *st, int64_t array_id, const char *name,
                     struct store_domain_row *out); /* 1/0/-1 */
int store_domain_list(struct store *st, int64_t array_id, struct store_domain_row **out,
                      size_t *n);

#endif
