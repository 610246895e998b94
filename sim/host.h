/* sim/host.h - hosts (initiators known to the array) and their paths: FC
 * WWNs (16 upper-case hex digits), iSCSI names and NVMe NQNs. A path
 * belongs to one host of the array at most. Spec:
 * docs/array-interfaces.md §2.6; the CLI's createhost makes the same hosts. */
#ifndef RCSIM_SIM_HOST_H
#define RCSIM_SIM_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

enum sim_path_kind { SIM_PATH_FC = 1, SIM_PATH_ISCSI = 2, SIM_PATH_NVME = 3 };

struct sim_host_desc {
    const char *location, *ip_addr, *os, *model, *contact, *comment; /* NULL: keep/none */
};

struct sim_host_spec {
    const char *name;
    const char *domain;         /* NULL or "": none */
    int persona;                /* 0: 2 (Generic-ALUA) */
    const char *const *fc;      /* WWNs, colons allowed; normalised */
    size_t n_fc;
    const char *const *iscsi;
    size_t n_iscsi;
    const char *nqn;            /* NULL: none */
    struct sim_host_desc desc;
};

enum sim_path_op { SIM_PATH_OP_NONE = 0, SIM_PATH_OP_ADD = 1, SIM_PATH_OP_REMOVE = 2 };

struct sim_host_mod {
    const char *new_name;       /* NULL: keep */
    int persona;                /* 0: keep */
    enum sim_path_op path_op;
    const char *const *fc;
    size_t n_fc;
    const char *const *iscsi;
    size_t n_iscsi;
    bool force_path_removal;
    struct sim_host_desc desc;
    const char *chap_name;      /* NULL: keep, "": remove */
    const char *chap_secret;    /* NULL: none given; checked, not kept */
    bool chap_secret_hex;       /* the secret is 32 hex digits (16 bytes) */
};

struct sim_host_view {
    int64_t id;
    char name[32];
    char domain[32];
    int persona;
    char location[64], ip_addr[64], os[64], model[64], contact[64], comment[256];
    char chap_name[64];
};

struct sim_host_path_view {
    char host[32];
    enum sim_path_kind kind;
    char path[224];             /* normalised WWN, iSCSI name or NQN */
};

/* Creates a host with its paths. Refuses a duplicate name, an unknown
 * domain, a malformed WWN (SIM_EINVAL) and a path another host owns
 * (SIM_EEXIST_PATH). */
int sim_host_create(struct sim *s, const char *array, const struct sim_host_spec *spec,
                    struct sim_err *err);
/* Changes a host. Adding a path another host owns is SIM_EEXIST_PATH;
 * removing one it lacks SIM_ENOENT_PATH; a taken new name SIM_EEXIST_HOST. */
int sim_host_modify(struct sim *s, const char *array, const char *name,
                    const struct sim_host_mod *mod, struct sim_err *err);
/* Removes a host. Refuses, in this order: exported through a VLUN
 * (SIM_EVV_EXPORTED, subject the host), member of a host set
 * (SIM_EHOST_IN_SET). */
int sim_host_remove(struct sim *s, const char *array, const char *name, struct sim_err *err);
int sim_host_get(struct sim *s, const char *array, const char *name, struct sim_host_view *out,
                 struct sim_err *err);
/* Every host by id; *out is a new array (free()). */
int sim_host_list(struct sim *s, const char *array, struct sim_host_view **out, size_t *n,
                  struct sim_err *err);
/* The paths of one host (host not NULL) or of every host, by host then
 * insertion order; *out is a new array (free()). */
int sim_host_path_list(struct sim *s, const char *array, const char *host,
                       struct sim_host_path_view **out, size_t *n, struct sim_err *err);
/* Normalises a WWN ("10:00:00:00:C9:..", any case) to 16 upper-case hex
 * digits in out[17]. Returns 0, or -1 when it is not a WWN. */
int sim_wwn_normalise(const char *in, char out[17]);

#endif
