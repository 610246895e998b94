/* sim/set.h - host sets and volume sets: named, ordered member lists.
 * Members keep insertion order (docs/array-interfaces.md §2.5, §2.6).
 * Removing a volume takes it out of its sets; a host in a set cannot be
 * removed. A volume set's QoS rule goes with it. */
#ifndef RCSIM_SIM_SET_H
#define RCSIM_SIM_SET_H

#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

enum sim_set_kind { SIM_SET_HOST = 1, SIM_SET_VV = 2 };

struct sim_set_spec {
    const char *name;
    const char *domain;         /* NULL or "": none */
    const char *comment;        /* NULL: none */
    const char *const *members; /* host or volume names, in order */
    size_t n_members;
};

enum sim_set_op { SIM_SET_OP_NONE = 0, SIM_SET_OP_ADD = 1, SIM_SET_OP_REMOVE = 2 };

struct sim_set_mod {
    const char *new_name;       /* NULL: keep */
    const char *comment;        /* NULL: keep */
    enum sim_set_op op;         /* with members */
    const char *const *members;
    size_t n_members;
    int flash_cache;            /* 0 keep, 1 enabled, 2 disabled */
};

struct sim_set_view {
    int64_t id;
    enum sim_set_kind kind;
    char name[32];
    char domain[32];
    char comment[256];
    char uuid[37];
    int flash_cache;            /* 0 unset, 1 enabled, 2 disabled */
    size_t n_members;
    char (*members)[32];        /* owned: release with sim_set_view_release() */
};

/* Creates a set. Unknown members are SIM_ENOENT_HOST / SIM_ENOENT_VV. */
int sim_set_create(struct sim *s, const char *array, enum sim_set_kind kind,
                   const struct sim_set_spec *spec, struct sim_err *err);
/* Changes a set. Adding a member already there (also twice in one list)
 * is SIM_EEXIST_MEMBER, removing one that is not there SIM_ENOENT_MEMBER;
 * the subject is the member. */
int sim_set_modify(struct sim *s, const char *array, enum sim_set_kind kind, const char *name,
                   const struct sim_set_mod *mod, struct sim_err *err);
/* Removes a set (and its QoS rule). */
int sim_set_remove(struct sim *s, const char *array, enum sim_set_kind kind, const char *name,
                   struct sim_err *err);
int sim_set_get(struct sim *s, const char *array, enum sim_set_kind kind, const char *name,
                struct sim_set_view *out, struct sim_err *err);
/* Every set of the kind by id; *out is a new array; release each element
 * with sim_set_view_release(), then free() the array. */
int sim_set_list(struct sim *s, const char *array, enum sim_set_kind kind,
                 struct sim_set_view **out, size_t *n, struct sim_err *err);
void sim_set_view_release(struct sim_set_view *v);

struct sim_snap_spec;
/* Snapshots every member of a volume set, all or none. spec->name may hold
 * "@count@", replaced by 0, 1, ... in member order. An empty set is
 * SIM_ENOENT_SET (docs/array-interfaces.md §2.5: 404). */
int sim_set_snapshot(struct sim *s, const char *array, const char *name,
                     const struct sim_snap_spec *spec, struct sim_err *err);

#endif
