/* sim/array.h - simulated arrays (systems), their users, ports and power. */
#ifndef RCSIM_SIM_ARRAY_H
#define RCSIM_SIM_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

/* User roles, weakest first, so that role >= needed is the check. */
enum sim_user_role { SIM_ROLE_NONE = 0, SIM_ROLE_BROWSE = 1, SIM_ROLE_EDIT = 2,
                     SIM_ROLE_SUPER = 3 };

/* Per-array behaviour flags (docs/behaviour.md explains each). */
enum sim_behaviour_flags {
    SIM_BF_LIVE105_QUIRKS = (1 << 0),   /* docs/array-remote-copy.md §2.5: Alletra MP 10.5 */
    SIM_BF_RCP_VVSET      = (1 << 1),   /* create RCP_<group> volume sets */
    SIM_BF_ADMIT_STARTED  = (1 << 2),   /* accept admitrcopyvv into a started group */
};

/* The WSAPI server version the arrays run (3PAR OS 3.3.1), as the WSAPI
 * and the CLI's showwsapi print it. */
#define SIM_WSAPI_VERSION "1.6.15"

struct sim_array_view {
    char name[32];
    int64_t sysid;              /* decimal in group suffixes, hex in showsys */
    char model[32];
    char serial[32];
    char os_version[32];
    char wwn[17];               /* node WWN, 16 hex digits */
    bool powered;
    bool rc_started;            /* remote copy service (startrcopy) */
    uint32_t flags;             /* enum sim_behaviour_flags */
    char wsapi_addr[64];        /* listener fields: see "Listeners" below */
    int wsapi_http_port;        /* 0: none; SIM_PORT_ANY: not bound yet */
    int wsapi_https_port;       /* 0: none; SIM_PORT_ANY: not bound yet */
    char ssh_addr[64];
    int ssh_port;               /* 0: none; SIM_PORT_ANY: not bound yet */
    char nbd_addr[64];          /* the host data path (NBD) */
    int nbd_port;               /* 0: none; SIM_PORT_ANY: not bound yet */
    uint64_t total_mib;         /* raw capacity of the simulated drives */
    int nodes;
};

struct sim_port_view {
    int node, slot, port;
    char protocol[8];           /* "FC", "iSCSI", "IP", "FCoE", "SAS" */
    char mode[12];              /* "target", "initiator", "peer", "rcip", "rcfc" */
    char state[12];             /* "ready", "offline", "loss_sync" */
    char wwn[17];               /* port WWN (FC) or "" */
    char node_wwn[17];
    char ip[48];                /* IP and iSCSI ports, or "" */
    char iqn[128];              /* iSCSI name, or "" */
    char label[32];
};

/* Lists every array, in fixture order. *out is a new array (free()). */
int sim_array_list(struct sim *s, struct sim_array_view **out, size_t *n, struct sim_err *err);
int sim_array_get(struct sim *s, const char *name, struct sim_array_view *out,
                  struct sim_err *err);
/* Whether the array answers on its listeners (false also when unknown). */
bool sim_array_powered(struct sim *s, const char *name);

/* Powers an array off or on. Its state survives; its listeners stop
 * answering while it is off, and its peers see their targets fail. The
 * power watchers have run before it returns (see below). Not to be called
 * with the engine lock held (sim_hold). */
int sim_array_set_power(struct sim *s, const char *name, bool on, struct sim_err *err);

/* Power watchers: the listeners follow the arrays' power through them, so
 * that once a power change returns it shows on every interface (a key or
 * a shell of an array that went off is gone, its ports refuse). A watcher
 * runs after each committed change, outside the engine lock, in the
 * thread that made it, with the array and its new state; array NULL
 * means any array may have changed (a reset, a checkpoint load). It may
 * call sim_ functions but must not change power itself. At most
 * SIM_POWER_WATCHERS watchers; unwatch waits for a running call. */
#define SIM_POWER_WATCHERS 4
typedef void sim_power_watch_fn(void *ctx, const char *array, bool on);
void sim_power_watch(struct sim *s, sim_power_watch_fn *fn, void *ctx);
void sim_power_unwatch(struct sim *s, sim_power_watch_fn *fn, void *ctx);

/* Passwords are checked by sim_user_auth() (sim/auth.h). */
/* Looks up a user's role without a password (the control API acts as a
 * known user). */
int sim_user_role(struct sim *s, const char *array, const char *user,
                  enum sim_user_role *role, struct sim_err *err);
struct sim_user_view {
    char name[32];
    enum sim_user_role role;
};
/* The array's users by name (no passwords). *out is a new array (free()). */
int sim_user_list(struct sim *s, const char *array, struct sim_user_view **out, size_t *n,
                  struct sim_err *err);
/* "browse", "edit", "super" */
const char *sim_user_role_name(enum sim_user_role role);

/* Lists the array's host and replication ports, ordered by node:slot:port. */
int sim_port_list(struct sim *s, const char *array, struct sim_port_view **out, size_t *n,
                  struct sim_err *err);

/* Listeners (sim/listen.c). A view's listener fields say where the array
 * listens: the fixture's address and ports, moved by sim_options
 * (port_offset; one_address: every array on that address, ports apart by
 * the array's position; free_ports: the system picks). A free port reads
 * SIM_PORT_ANY until the listener binds it (the listener then binds port
 * 0) and reports it here; from then on views carry the bound port, so
 * every interface and a restarted listener (power on) agree on it. */
#define SIM_PORT_ANY (-1)
enum sim_listener_kind { SIM_LISTEN_HTTP, SIM_LISTEN_HTTPS, SIM_LISTEN_SSH, SIM_LISTEN_NBD,
                         SIM_LISTEN__COUNT };
void sim_array_listener_bound(struct sim *s, const char *array, enum sim_listener_kind kind,
                              int port);

/* Secrets an array keeps across restarts (SSH host key, TLS certificate
 * and key), as PEM text. kind is e.g. "ssh_hostkey", "tls_cert",
 * "tls_key". get: 0 with *pem a new string (free()), -1 with SIM_EINVAL
 * when none is stored yet. */
int sim_secret_get(struct sim *s, const char *array, const char *kind, char **pem,
                   struct sim_err *err);
int sim_secret_put(struct sim *s, const char *array, const char *kind, const char *pem,
                   struct sim_err *err);

#endif
