/* sim/cpg.h - common provisioning groups: where volumes and snapshots draw
 * space from. Space is accounted from the blocks actually written. Also the
 * domains CPGs and volumes may belong to. */
#ifndef RCSIM_SIM_CPG_H
#define RCSIM_SIM_CPG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

enum sim_raid { SIM_RAID_0 = 1, SIM_RAID_1 = 2, SIM_RAID_5 = 3, SIM_RAID_6 = 4 };
enum sim_disk_type { SIM_DISK_FC = 1, SIM_DISK_NL = 2, SIM_DISK_SSD = 3 };

struct sim_cpg_spec {
    const char *name;
    const char *domain;         /* NULL or "": none */
    enum sim_raid raid;         /* 0: RAID 1 */
    int set_size;               /* 0: default for the RAID type */
    int ha;                     /* 1 port, 2 cage, 3 magazine; 0: cage */
    enum sim_disk_type disk_type; /* 0: FC */
    uint64_t growth_inc_mib;    /* 0: default */
    uint64_t growth_limit_mib;  /* 0: none */
    uint64_t growth_warn_mib;   /* 0: none */
    int chunklet_pos;           /* 1 first, 2 last; 0: first */
};

struct sim_cpg_view {
    int64_t id;
    char name[32];
    char domain[32];
    enum sim_raid raid;
    int set_size;
    int ha;
    enum sim_disk_type disk_type;
    uint64_t growth_inc_mib, growth_limit_mib, growth_warn_mib;
    int64_t created_ms;
    int chunklet_pos;
    char uuid[37];
    /* usage, from written blocks */
    size_t n_vvs;               /* base volumes with user space here */
    size_t n_tpvvs;             /* thin ones among them */
    size_t n_fpvvs;             /* fully provisioned ones */
    uint64_t usr_total_mib;     /* reserved for volumes (full: their size) */
    uint64_t usr_used_mib;      /* written by hosts */
    uint64_t snp_used_mib;      /* held by snapshots using this as snap CPG */
};

/* Creates a CPG. Refuses a bad or duplicate name and an unknown domain. */
int sim_cpg_create(struct sim *s, const char *array, const struct sim_cpg_spec *spec,
                   struct sim_err *err);
/* Removes a CPG that no volume uses (SIM_EBUSY_CPG otherwise). */
int sim_cpg_remove(struct sim *s, const char *array, const char *name, struct sim_err *err);
int sim_cpg_get(struct sim *s, const char *array, const char *name, struct sim_cpg_view *out,
                struct sim_err *err);
/* Lists CPGs by id. *out is a new array (free()). */
int sim_cpg_list(struct sim *s, const char *array, struct sim_cpg_view **out, size_t *n,
                 struct sim_err *err);
const char *sim_raid_name(enum sim_raid r);       /* "r1", "r5", ... */
const char *sim_disk_type_name(enum sim_disk_type d); /* "FC", "NL", "SSD" */

struct sim_domain_view {
    int64_t id;
    char name[32];
    char comment[256];
    int64_t created_ms;
};

int sim_domain_create(struct sim *s, const char *array, const char *name, const char *comment,
                      struct sim_err *err);
int sim_domain_remove(struct sim *s, const char *array, const char *name, struct sim_err *err);
int sim_domain_list(struct sim *s, const char *array, struct sim_domain_view **out, size_t *n,
                    struct sim_err *err);
/* 0 when it exists, -1 with SIM_ENOENT_DOMAIN otherwise. */
int sim_domain_get(struct sim *s, const char *array, const char *name,
                   struct sim_domain_view *out, struct sim_err *err);

#endif
