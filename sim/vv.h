/* sim/vv.h - virtual volumes and their copy-on-write snapshots.
 *
 * A volume's data is sparse 16 KiB blocks (sim/block.c): an unwritten block
 * reads as zeros and costs nothing; identical content is stored once. A
 * snapshot (virtual copy) shares its parent's blocks as of its creation and
 * costs only the blocks written since, on either side. Snapshots of
 * snapshots work the same way. */
#ifndef RCSIM_SIM_VV_H
#define RCSIM_SIM_VV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/limits.h"

struct sim;
struct sim_err;

#define SIM_VV_SIZE_MAX_MIB SIM_LIM_VV_SIZE_MIB
#define SIM_BLOCK_SIZE 16384u
#define SIM_VV_ID_MAX SIM_LIM_VV_ID

enum sim_prov { SIM_PROV_FULL = 1, SIM_PROV_TPVV = 2, SIM_PROV_SNP = 3, SIM_PROV_TDVV = 6 };
enum sim_copy_type { SIM_COPY_BASE = 1, SIM_COPY_PHYSICAL = 2, SIM_COPY_VIRTUAL = 3 };

/* Volume policies (WSAPI "policies"), bits of sim_vv_view.policies. */
enum sim_vv_policy {
    SIM_VVP_STALE_SS = 1 << 0, SIM_VVP_ONE_HOST = 1 << 1, SIM_VVP_ZERO_DETECT = 1 << 2,
    SIM_VVP_SYSTEM = 1 << 3, SIM_VVP_CACHING = 1 << 4, SIM_VVP_FSVC = 1 << 5,
};
#define SIM_VVP_DEFAULT (SIM_VVP_STALE_SS | SIM_VVP_CACHING)
/* The space allocation alerts, index of alloc_pct[]. */
enum sim_vv_alloc { SIM_VVA_SS_WARN, SIM_VVA_SS_LIMIT, SIM_VVA_USR_WARN, SIM_VVA_USR_LIMIT };
#define SIM_VV_KEEP (-1)

/* What WSAPI sets on a volume besides its shape, on create and modify. */
struct sim_vv_attrs {
    uint32_t pol_on, pol_off;   /* policy bits to set and to clear */
    int host_dif;               /* 1 3PAR host DIF, 2 standard, 3 none; 0 keep */
    int alloc_pct[4];           /* 0..100 (0: no alert); SIM_VV_KEEP keeps */
    int64_t expire_ms;          /* from now; 0 keeps; SIM_VV_KEEP removes it */
    int64_t retain_ms;          /* from now; 0 keeps */
};
/* Attributes that change nothing: start from this. */
#define SIM_VV_ATTRS_INIT { .alloc_pct = { SIM_VV_KEEP, SIM_VV_KEEP, SIM_VV_KEEP, SIM_VV_KEEP } }

struct sim_vv_spec {
    const char *name;
    const char *cpg;            /* user CPG (required) */
    const char *snap_cpg;       /* NULL: none */
    uint64_t size_mib;          /* 1 .. SIM_VV_SIZE_MAX_MIB */
    enum sim_prov prov;         /* FULL, TPVV or TDVV (0: FULL) */
    bool compression;
    int64_t id;                 /* 0: next free */
    unsigned count;             /* createvv -cnt: name.0 .. name.<n-1>; 0 or 1: one */
    const char *comment;        /* NULL: none */
    const char *wwn;            /* NULL: generated */
    const char *domain;         /* NULL: the user CPG's domain */
    const struct sim_vv_attrs *attrs;   /* NULL: defaults */
    /* metadata set on each new volume (WSAPI objectKeyValues), n_meta pairs */
    const char *const *meta_keys;
    const char *const *meta_values;
    size_t n_meta;
};

struct sim_snap_spec {
    const char *name;
    bool readonly;
    int64_t id;                 /* 0: next free */
    int64_t expire_ms;          /* 0: never; relative to now */
    int64_t retain_ms;          /* 0: none */
    const char *comment;
};

struct sim_vv_view {
    int64_t id;                 /* the array's VV id */
    char name[32];
    char wwn[33];
    char uuid[37];
    uint64_t size_mib;
    enum sim_prov prov;
    enum sim_copy_type copy_type;
    bool compression;
    bool readonly;
    char user_cpg[32];
    char snap_cpg[32];
    char domain[32];
    char copy_of[32];           /* parent's name, "" for a base volume */
    int64_t parent_id;          /* parent's VV id, 0 for a base volume */
    int64_t base_id;            /* the base volume's VV id (itself for a base) */
    uint64_t used_blocks;       /* blocks held by this volume itself */
    uint64_t kept_blocks;       /* older versions kept for its snapshots */
    int64_t created_ms;
    int64_t expires_ms;         /* 0: never */
    int64_t retain_ms;          /* 0: none */
    char comment[SIM_LIM_VV_COMMENT + 1];
    char rcopy_group[32];       /* remote-copy group holding it, or "" */
    char rcopy_role[16];        /* "Primary"/"Secondary"/..., or "" */
    bool rcopy_snapshot;        /* made by remote copy (rcpy.* / sv.rcpy.*) */
    int n_children;             /* direct snapshots */
    bool exported;              /* has VLUNs */
    uint32_t policies;          /* enum sim_vv_policy bits */
    int host_dif;
    int alloc_pct[4];           /* enum sim_vv_alloc */
};

/* Creates one volume, or spec->count of them, all or none. */
int sim_vv_create(struct sim *s, const char *array, const struct sim_vv_spec *spec,
                  struct sim_err *err);
/* Removes a volume or snapshot. Refuses while it has snapshots, belongs to
 * a remote-copy group or is exported. */
int sim_vv_remove(struct sim *s, const char *array, const char *name, struct sim_err *err);
/* Removes names[n] in that order (snapshots before their parents), all or
 * none: removevv with several names or -pat. */
int sim_vv_remove_list(struct sim *s, const char *array, const char *const *names, size_t n,
                       struct sim_err *err);
/* Grows a base volume by add_mib (> 0). */
int sim_vv_grow(struct sim *s, const char *array, const char *name, uint64_t add_mib,
                struct sim_err *err);
/* What sim_vv_modify changes; NULL keeps a field. */
struct sim_vv_mod {
    const char *new_name;
    const char *comment;        /* "" clears it */
    const char *user_cpg;       /* must exist */
    const char *snap_cpg;       /* must exist; "" clears it */
    const struct sim_vv_attrs *attrs;   /* NULL: keep */
};
/* Renames a volume, sets its comment and CPGs: all of them, checked
 * first, in one transaction, or none (CLI setvv, WSAPI PUT /volumes). */
int sim_vv_modify(struct sim *s, const char *array, const char *name,
                  const struct sim_vv_mod *m, struct sim_err *err);
/* Creates a snapshot of parent (a volume or a snapshot). */
int sim_vv_snapshot(struct sim *s, const char *array, const char *parent,
                    const struct sim_snap_spec *spec, struct sim_err *err);
/* Rolls a volume back to the content of one of its snapshots, and records
 * the done promote_sv task (*task_id, when not NULL) run by user. */
int sim_vv_promote(struct sim *s, const char *array, const char *snapshot, const char *user,
                   int64_t *task_id, struct sim_err *err);

int sim_vv_get(struct sim *s, const char *array, const char *name, struct sim_vv_view *out,
               struct sim_err *err);
/* Lists every volume and snapshot of the array by id. *out is a new array
 * (free()). */
int sim_vv_list(struct sim *s, const char *array, struct sim_vv_view **out, size_t *n,
                struct sim_err *err);

/* Checks a name as the array does: 1..SIM_NAME_MAX characters of
 * [A-Za-z0-9_.-], not starting with '.' or '-'. */
int sim_name_check(const char *name, size_t max, struct sim_err *err);

const char *sim_prov_name(enum sim_prov p);     /* "full", "tpvv", "snp", "tdvv" */

#endif
