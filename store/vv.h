/* store/vv.h - rows of volumes and snapshots. */
#ifndef RCSIM_STORE_VV_H
#define RCSIM_STORE_VV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct store_vv_row {
    int64_t id;                 /* global row id */
    int64_t array_id;
    int64_t vvid;               /* the array's VV id */
    char name[32];
    char wwn[33];
    char uuid[37];
    int64_t size_mib;
    int prov, copy_type;
    bool compression, readonly;
    char user_cpg[32], snap_cpg[32], domain[32];
    int64_t parent;             /* row id of the parent, 0 for a base volume */
    int64_t base_gen;           /* block generation the snapshot was taken at */
    int64_t snap_gen;           /* newest base_gen of any child */
    int64_t used_blocks;        /* head blocks with content */
    int64_t kept_blocks;        /* older block versions kept for snapshots */
    int64_t created, expires, retain;
    char comment[512];          /* SIM_LIM_VV_COMMENT + 1 */
    int rc_snap;                /* made by remote copy: kind, 0 for none */
    uint32_t policies;          /* WSAPI volume policies, bits (sim/vv.h) */
    int host_dif;               /* 1 3PAR host DIF, 2 standard, 3 none */
    int alloc_pct[4];           /* space alerts: snap warn, snap limit, user warn, limit */
};

/* Inserts a row; sets row->id. */
int store_vv_insert(struct store *st, struct store_vv_row *row);
/* Updates every column but id and array_id. */
int store_vv_update(struct store *st, const struct store_vv_row *row);
int store_vv_set_usage(struct store *st, const struct store_vv_row *row);
int store_vv_delete(struct store *st, int64_t id);
int store_vv_get(struct store *st, int64_t array_id, const char *name,
                 struct store_vv_row *out); /* 1/0/-1 */
int store_vv_get_by_id(struct store *st, int64_t id, struct store_vv_row *out); /* 1/0/-1 */
int store_vv_get_by_vvid(struct store *st, int64_t array_id, int64_t vvid,
                         struct store_vv_row *out); /* 1/0/-1 */
/* Every volume of the array, by vvid; *out new (free()). */
int store_vv_list(struct store *st, int64_t array_id, struct store_vv_row **out, size_t *n);
/* Direct children (snapshots) of a volume, oldest first. */
int store_vv_children(struct store *st, int64_t parent, struct store_vv_row **out, size_t *n);
int store_vv_count_children(struct store *st, int64_t parent, int64_t *out);
/* Snapshots whose expiry is due at or before now (any array). */
int store_vv_expired(struct store *st, int64_t now, struct store_vv_row **out, size_t *n);
/* The earliest expiry time after 0, or 0 when none. */
int store_vv_next_expiry(struct store *st, int64_t *out);
/* The lowest free vvid >= from on the array. */
int store_vv_free_vvid(struct store *st, int64_t array_id, int64_t from, int64_t *out);
/* The largest base_gen of any volume (for the generation counter). */
int store_vv_max_gen(struct store *st, int64_t *out);

#endif
