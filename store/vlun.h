/* store/vlun.h - rows of VLUNs (exports of a volume to a host, a host set
 * "set:<name>", a port, or a host through one port). */
#ifndef RCSIM_STORE_VLUN_H
#define RCSIM_STORE_VLUN_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_vlun_row {
    int64_t id, array_id;
    int64_t vv;                 /* volume row id */
    char vv_name[32];           /* read only: the volume's current name */
    int64_t lun;
    char host[40];              /* host name, "set:<name>", or "" */
    int node, slot, port;       /* -1 when no port */
    int type;
    int64_t created;
};

int store_vlun_insert(struct store *st, struct store_vlun_row *row);
int store_vlun_delete(struct store *st, int64_t id);
/* Every VLUN of the array, by volume name then LUN. */
int store_vlun_list(struct store *st, int64_t array_id, struct store_vlun_row **out,
                    size_t *n);
/* How many VLUNs export the volume (row id) / name the host. */
int store_vlun_count_vv(struct store *st, int64_t vv, int64_t *out);
int store_vlun_count_host(struct store *st, int64_t array_id, const char *host, int64_t *out);
/* Renames the host in every VLUN that names it. */
int store_vlun_rename_host(struct store *st, int64_t array_id, const char *from,
                           const char *to);

#endif
