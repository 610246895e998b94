/* store/host.h - rows of hosts and their paths (FC WWNs, iSCSI names, NVMe
 * NQNs). A path belongs to at most one host of the array. */
#ifndef RCSIM_STORE_HOST_H
#define RCSIM_STORE_HOST_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_host_row {
    int64_t id, array_id;
    int64_t hostid;             /* the array's host id */
    char name[32], domain[32];
    int persona;
    char location[64], ip_addr[64], os[64], model[64], contact[64], comment[256];
    char chap_name[64];
    int64_t created;
};

struct store_host_path_row {
    int64_t array_id, host;     /* host row id */
    int kind;                   /* 1 FC, 2 iSCSI, 3 NVMe */
    char path[224];
    int64_t seq;
    char host_name[32];         /* the owner's name (read only) */
};

int store_host_insert(struct store *st, struct store_host_row *row);
int store_host_update(struct store *st, const struct store_host_row *row);
int store_host_delete(struct store *st, int64_t id);
int store_host_get(struct store *st, int64_t array_id, const char *name,
                   struct store_host_row *out); /* 1/0/-1 */
int store_host_list(struct store *st, int64_t array_id, struct store_host_row **out,
                    size_t *n);
int store_host_max_id(struct store *st, int64_t array_id, int64_t *out);

int store_host_path_insert(struct store *st, const struct store_host_path_row *row);
int store_host_path_delete(struct store *st, int64_t array_id, int kind, const char *path);
/* Who owns a path: 1 (row filled), 0 none, -1. */
int store_host_path_get(struct store *st, int64_t array_id, int kind, const char *path,
                        struct store_host_path_row *out);
/* Paths of one host (host > 0) or of the whole array (host 0), by host
 * then insertion order. */
int store_host_path_list(struct store *st, int64_t array_id, int64_t host,
                         struct store_host_path_row **out, size_t *n);

#endif
