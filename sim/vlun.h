/* sim/vlun.h - VLUNs: a volume exported at a LUN to a host, a host set
 * ("set:<name>"), a port, or a host through one port. An exported volume
 * cannot be removed (sim_vlun_vv_check, registered in sim/vv.c's
 * vv_users[]). Spec: docs/array-interfaces.md §2.7. */
#ifndef RCSIM_SIM_VLUN_H
#define RCSIM_SIM_VLUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/limits.h"

struct sim;
struct sim_err;

#define SIM_LUN_MAX SIM_LIM_LUN

enum sim_vlun_type { SIM_VLUN_EMPTY = 1, SIM_VLUN_PORT = 2, SIM_VLUN_HOST = 3,
                     SIM_VLUN_MATCHED_SET = 4, SIM_VLUN_HOST_SET = 5 };

struct sim_vlun_spec {
    const char *volume;
    int64_t lun;                /* with auto_lun: the lowest to try */
    bool auto_lun;
    int64_t max_auto_lun;       /* 0: SIM_LUN_MAX */
    const char *host;           /* host, "set:<hostset>", or NULL */
    bool has_port;
    int node, slot, port;
};

/* The ALUA state a host sees on the paths of a VLUN (Peer Persistence,
 * docs/array-remote-copy.md §3.9): a volume in a remote-copy group with path_management is
 * active (optimized) on the side holding the source role, standby on the
 * other, unavailable while its group is in failsafe; anything else
 * reports no ALUA state. */
enum sim_alua { SIM_ALUA_NONE, SIM_ALUA_ACTIVE, SIM_ALUA_STANDBY, SIM_ALUA_UNAVAILABLE };
const char *sim_alua_name(enum sim_alua a);     /* "active", "standby", ... */

struct sim_vlun_view {
    char volume[32];
    int64_t lun;
    char host[40];              /* "" for a port VLUN */
    bool has_port;
    int node, slot, port;
    enum sim_vlun_type type;
    bool active;                /* false for templates without a live path */
    char volume_wwn[33];
    enum sim_alua alua;         /* follows the group's role: no state kept */
};

/* Creates a VLUN; *lun_out receives the LUN used. Refuses an unknown
 * volume, host, set or port, a LUN past SIM_LUN_MAX (SIM_ERANGE) and a LUN
 * already used for that host/port (SIM_EEXIST_VLUN). */
int sim_vlun_create(struct sim *s, const char *array, const struct sim_vlun_spec *spec,
                    int64_t *lun_out, struct sim_err *err);
/* Removes the VLUN that matches exactly (host NULL or "": none; has_port
 * false: none). An unknown volume or host is SIM_ENOENT_VV/HOST, a port
 * the array lacks SIM_ENOENT_PORT, no such VLUN SIM_ENOENT_VLUN. */
int sim_vlun_remove(struct sim *s, const char *array, const char *volume, int64_t lun,
                    const char *host, bool has_port, int node, int slot, int port,
                    struct sim_err *err);
/* Every VLUN by volume then LUN; *out is a new array (free()). */
int sim_vlun_list(struct sim *s, const char *array, struct sim_vlun_view **out, size_t *n,
                  struct sim_err *err);

#endif
