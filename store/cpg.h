/* store/cpg.h - rows of CPGs and their space usage. */
#ifndef RCSIM_STORE_CPG_H
#define RCSIM_STORE_CPG_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_cpg_row {
    int64_t id, array_id;
    char name[32];
    char domain[32];
    int raid, set_size, ha, disk_type;
    int64_t growth_inc, growth_limit, growth_warn;
    int64_t created;
    int chunklet_pos;           /* 1 first (fastest), 2 last */
};

/* Sums over the volumes that draw from one CPG. */
struct store_cpg_usage {
    int64_t n_vvs, n_tpvvs, n_fpvvs;
    int64_t full_mib;           /* sizes of the full volumes */
    int64_t usr_blocks;         /* head blocks of base volumes using it as user CPG */
    int64_t snp_blocks;         /* kept and snapshot blocks using it as snap CPG */
};

int store_cpg_insert(struct store *st, struct store_cpg_row *row);
int store_cpg_delete(struct store *st, int64_t id);
int store_cpg_get(struct store *st, int64_t array_id, const char *name,
                  struct store_cpg_row *out); /* 1/0/-1 */
int store_cpg_list(struct store *st, int64_t array_id, struct store_cpg_row **out, size_t *n);
/* Number of volumes that use the CPG for user or snapshot space. */
int store_cpg_refs(struct store *st, int64_t array_id, const char *name, int64_t *out);
int store_cpg_usage(struct store *st, int64_t array_id, const char *name,
                    struct store_cpg_usage *out);

#endif
