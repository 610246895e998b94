/* store/vvmeta.h - rows of volume metadata (WSAPI objectKeyValues). */
#ifndef RCSIM_STORE_VVMETA_H
#define RCSIM_STORE_VVMETA_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_vvmeta_row {
    int64_t vv;                 /* volume row id */
    char key[64];
    char value[1024];
    int64_t created;
};

/* Inserts or replaces. */
int store_vvmeta_put(struct store *st, const struct store_vvmeta_row *row);
int store_vvmeta_delete(struct store *st, int64_t vv, const char *key);
int store_vvmeta_get(struct store *st, int64_t vv, const char *key,
                     struct store_vvmeta_row *out); /* 1/0/-1 */
int store_vvmeta_list(struct store *st, int64_t vv, struct store_vvmeta_row **out, size_t *n);

#endif
