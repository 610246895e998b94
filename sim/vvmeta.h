/* sim/vvmeta.h - key/value metadata on volumes (WSAPI objectKeyValues).
 * Keys are 1..SIM_VVMETA_KEY_MAX characters of [A-Za-z0-9_.:-]; values at
 * most SIM_VVMETA_VALUE_MAX. Metadata goes with its volume. Spec:
 * docs/array-interfaces.md §2.4. */
#ifndef RCSIM_SIM_VVMETA_H
#define RCSIM_SIM_VVMETA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/limits.h"

struct sim;
struct sim_err;

#define SIM_VVMETA_KEY_MAX SIM_LIM_VVMETA_KEY
#define SIM_VVMETA_VALUE_MAX SIM_LIM_VVMETA_VALUE

struct sim_vvmeta_view {
    char key[SIM_LIM_VVMETA_KEY + 1];
    char value[SIM_LIM_VVMETA_VALUE + 1];
    int64_t created_ms;
};

/* Checks a key: SIM_ENAME_TOOLONG, SIM_ENAME_BADCHAR or SIM_EINVAL (empty). */
int sim_vvmeta_key_check(const char *key, struct sim_err *err);
/* Sets a key. create: refuses an existing key (SIM_EEXIST_KEY); otherwise
 * the key must exist (SIM_ENOENT_KEY). */
int sim_vvmeta_set(struct sim *s, const char *array, const char *volume, const char *key,
                   const char *value, bool create, struct sim_err *err);
int sim_vvmeta_remove(struct sim *s, const char *array, const char *volume, const char *key,
                      struct sim_err *err);
int sim_vvmeta_get(struct sim *s, const char *array, const char *volume, const char *key,
                   struct sim_vvmeta_view *out, struct sim_err *err);
/* Every key of the volume, oldest first; *out is a new array (free()). */
int sim_vvmeta_list(struct sim *s, const char *array, const char *volume,
                    struct sim_vvmeta_view **out, size_t *n, struct sim_err *err);

#endif
