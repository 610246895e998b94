/* sim/rcopy.h - Remote Copy: the service, targets, links, groups, volume
 * pairs, replication, link and site failure, resync, and the DR operations.
 *
 * Every function here is the one both the CLI and the WSAPI call. Where a
 * command is mirrored to the peer array (mirror_config), the function does
 * both sides in the same transaction. Spec: docs/array-remote-copy.md
 * §1-§4, docs/design.md §2, docs/behaviour.md for the choices the reference
 * leaves open. */
#ifndef RCSIM_SIM_RCOPY_H
#define RCSIM_SIM_RCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/limits.h"

struct sim;
struct sim_err;

#define SIM_TARGET_NAME_MAX SIM_LIM_TARGET_NAME
#define SIM_GROUP_NAME_MAX SIM_LIM_GROUP_NAME_MIRROR /* SIM_LIM_GROUP_NAME without */

enum sim_rc_role { SIM_RC_PRIMARY = 1, SIM_RC_SECONDARY = 2, SIM_RC_PRIMARY_REV = 3,
                   SIM_RC_SECONDARY_REV = 4 };
/* Backup: the standby leg of an SLD group as a secondary shows it (§1.3,
 * §5.1), toward the other secondary; a view only, never a stored status. */
enum sim_rc_status { SIM_RC_NEW = 1, SIM_RC_STARTED = 3, SIM_RC_STOPPED = 5,
                     SIM_RC_BACKUP = 6, SIM_RC_FAILSAFE = 7 };
enum sim_rc_mode { SIM_RC_SYNC = 1, SIM_RC_PERIODIC = 2, SIM_RC_ASYNC = 4 };
enum sim_rc_sync { SIM_SYNC_NEW = 1, SIM_SYNC_SYNCING = 2, SIM_SYNC_SYNCED = 3,
                   SIM_SYNC_NOTSYNCED = 4, SIM_SYNC_STOPPED = 5, SIM_SYNC_STALE = 6,
                   SIM_SYNC_FAILSAFE = 7 };
enum sim_target_status { SIM_TARGET_READY = 1, SIM_TARGET_FAILING = 2, SIM_TARGET_FAILED = 3 };

/* Group policies (docs/array-remote-copy.md §1.6); defaults are all clear except
 * over_per_alert, which periodic groups get at creation. */
enum sim_rc_policy {
    SIM_POL_AUTO_RECOVER     = (1 << 0),
    SIM_POL_OVER_PER_ALERT   = (1 << 1),
    SIM_POL_AUTO_FAILOVER    = (1 << 2),
    SIM_POL_PATH_MANAGEMENT  = (1 << 3),
    SIM_POL_FAIL_WRT_ON_ERR  = (1 << 4),
    SIM_POL_AUTO_SYNCHRONIZE = (1 << 5),
    SIM_POL_ACTIVE_ACTIVE    = (1 << 6),
};

const char *sim_rc_role_name(enum sim_rc_role r);       /* "Primary-Rev" */
const char *sim_rc_status_name(enum sim_rc_status s);   /* "Started" */
const char *sim_rc_mode_name(enum sim_rc_mode m);       /* "Sync" */
/* The mode a CLI word names ("sync", "periodic", "async"): 0, or -1. */
int sim_rc_mode_parse(const char *word, enum sim_rc_mode *out);
const char *sim_target_status_name(enum sim_target_status s); /* "ready" */
/* "policy" names as the CLI spells them ("auto_recover"); the negative
 * forms ("no_auto_recover") parse too. Returns 0 or -1 (unknown). */
int sim_rc_policy_parse(const char *name, uint32_t *bit, bool *on);
const char *sim_rc_policy_name(uint32_t bit);

/* --- service -------------------------------------------------------- */
int sim_rcopy_start(struct sim *s, const char *array, struct sim_err *err);
/* stopgroups: stop started groups first (else refused while any is
 * started); clear: remove the whole configuration. */
int sim_rcopy_stop(struct sim *s, const char *array, bool stopgroups, bool clear,
                   struct sim_err *err);

/* --- targets and links ---------------------------------------------- */
struct sim_link_spec {
    const char *local_nsp;      /* "0:3:1" */
    const char *address;        /* the peer's IP, or port WWN for FC */
};

/* creatercopytarget: the peer is the array whose replication port has one
 * of the given addresses. */
int sim_target_create(struct sim *s, const char *array, const char *name, bool fc,
                      const struct sim_link_spec *links, size_t n_links, bool disabled,
                      struct sim_err *err);
int sim_target_remove(struct sim *s, const char *array, const char *name, bool cleargroups,
                      struct sim_err *err);
int sim_target_rename(struct sim *s, const char *array, const char *name, const char *new_name,
                      struct sim_err *err);
int sim_target_set_mirror(struct sim *s, const char *array, const char *name, bool on,
                          struct sim_err *err);
int sim_target_set_enabled(struct sim *s, const char *array, const char *name, bool on,
                           struct sim_err *err);
/* setrcopytarget witness create|start|stop|remove|check: recorded only. */
int sim_target_witness(struct sim *s, const char *array, const char *name, const char *action,
                       const char *address, struct sim_err *err);
/* admitrcopylink / dismissrcopylink: every link of links[n], or none. */
int sim_link_admit(struct sim *s, const char *array, const char *target,
                   const struct sim_link_spec *links, size_t n, struct sim_err *err);
int sim_link_dismiss(struct sim *s, const char *array, const char *target,
                     const struct sim_link_spec *links, size_t n, struct sim_err *err);

/* What a new link starts with (no loss); rcsim status shows only values
 * that differ. */
#define SIM_LINK_DEFAULT_LATENCY_MS 1
#define SIM_LINK_DEFAULT_BANDWIDTH_MBS 100

struct sim_link_view {
    char target[32];
    char local_nsp[16];
    char address[48];
    bool up;                    /* as showrcopy shows it */
    bool admin_up;              /* the fault state set by the control API */
    int latency_ms;
    int bandwidth_mbs;          /* MB/s */
    int loss_pct;
};

struct sim_target_view {
    int64_t id;                 /* small local target number */
    char name[32];
    char peer_array[32];
    bool fc;
    enum sim_target_status status;
    bool mirror_config;
    bool enabled;
    char node_wwn[17];          /* FC: the peer's node WWN */
    char witness[64];           /* recorded quorum witness address, "" */
    char witness_state[16];
    bool witness_reachable;     /* this array reaches the witness (started, not cut) */
    int n_links;
};

/* *out are new arrays (free()). */
int sim_target_list(struct sim *s, const char *array, struct sim_target_view **out, size_t *n,
                    struct sim_err *err);
int sim_link_list(struct sim *s, const char *array, struct sim_link_view **out, size_t *n,
                  struct sim_err *err);

/* --- faults (control API) ------------------------------------------- */
struct sim_link_fault {
    int up;                     /* 1 up, 0 down, -1 unchanged */
    int latency_ms;             /* -1 unchanged */
    int bandwidth_mbs;          /* -1 unchanged; MB/s, >= 1 */
    int loss_pct;               /* -1 unchanged; 0..100 */
    bool one_way;               /* only a's links toward b: a loses b, b
                                   still sees a (a one-way cut) */
};
/* Applies to every link between arrays a and b (both ends), or only the
 * one using local port nsp on a (NULL: all). */
int sim_link_fault(struct sim *s, const char *a, const char *b, const char *nsp,
                   const struct sim_link_fault *f, struct sim_err *err);
/* Injects host I/O errors on a volume (remote-copy write errors on the
 * secondary, read errors during sync), both kinds in one change. Each
 * count: how many I/Os fail (0 clears, -1 for ever, SIM_FAULT_KEEP
 * leaves that kind as it is). */
#define SIM_FAULT_KEEP (-2)
/* The quorum witness at address (NULL: every witness a target names) goes
 * down or comes back, for every array (from NULL) or only as seen from one
 * (docs/array-remote-copy.md §3.9); Peer Persistence decides again at once. */
int sim_witness_fault(struct sim *s, const char *address, const char *from, bool up,
                      struct sim_err *err);
int sim_vv_inject_errors(struct sim *s, const char *array, const char *vv, int writes,
                         int reads, struct sim_err *err);

/* --- groups --------------------------------------------------------- */
struct sim_group_spec {
    const char *name;
    const char *target;
    enum sim_rc_mode mode;
    const char *domain;         /* NULL: none */
    const char *local_user_cpg, *remote_user_cpg;   /* -usr_cpg, NULL: none */
    const char *local_snap_cpg, *remote_snap_cpg;   /* -snp_cpg */
};

/* creatercopygroup: makes the group (Primary) and, with mirror_config, its
 * peer "<name>.r<sysid>" (Secondary) on the target array. */
int sim_group_create(struct sim *s, const char *array, const struct sim_group_spec *spec,
                     struct sim_err *err);
/* removercopygroup: primary side, stopped. */
int sim_group_remove(struct sim *s, const char *array, const char *name, bool removevv,
                     bool keepsnap, struct sim_err *err);

struct sim_admit_spec {
    const char *vv;             /* local (primary) volume */
    const char *snapshot;       /* starting snapshot, NULL: none */
    const char *target;         /* NULL: the group's target */
    const char *sec_vv;         /* the volume on the target */
    bool createvv;              /* create sec_vv on the target */
    bool nowwn;                 /* with createvv: a new WWN */
    bool nosync;                /* already in sync by other means */
};
int sim_group_admit_vv(struct sim *s, const char *array, const char *group,
                       const struct sim_admit_spec *spec, struct sim_err *err);
/* Admits specs[n], all or none (admitrcopyvv -pat). */
int sim_group_admit_list(struct sim *s, const char *array, const char *group,
                         const struct sim_admit_spec *specs, size_t n, struct sim_err *err);
/* admitrcopyvv set:<set> <group> <target>:<sec_set> (docs/array-remote-copy.md §1.4):
 * every volume of the local volume set, each with the volume of the same
 * name on the target (made there with opts->createvv), and the target's
 * set sec_set (made when missing) holding them; the target then refuses
 * to remove that set while it holds secondaries. opts->vv and ->sec_vv
 * are ignored. All or none. */
int sim_group_admit_set(struct sim *s, const char *array, const char *group, const char *set,
                        const char *sec_set, const struct sim_admit_spec *opts,
                        struct sim_err *err);
int sim_group_dismiss_vv(struct sim *s, const char *array, const char *group, const char *vv,
                         bool removevv, bool keepsnap, struct sim_err *err);

struct sim_start_opts {
    bool nosync;                /* pairs go Synced at once */
    const char *target;         /* -t */
    /* starting snapshots by volume name (startrcopygroup vv:snap) */
    const char *const *snap_vv;
    const char *const *snap_name;
    size_t n_snaps;
};
int sim_group_start(struct sim *s, const char *array, const char *group,
                    const struct sim_start_opts *o, struct sim_err *err);
/* target (-t, targetName): the leg toward that target; NULL for the first
 * leg (start and stop: every leg); a name that is no target of the group
 * is refused (SIM_ENOT_TARGET_OF_GROUP), here and in every setter below.
 * nosnap: take no resync snapshots and delete existing ones. */
int sim_group_stop(struct sim *s, const char *array, const char *group, const char *target,
                   bool nosnap, struct sim_err *err);
/* syncrcopy: a periodic cycle now; sync groups resync what is not in sync
 * (ovrd: also synced volumes). noresync: do not keep the new snapshot.
 * full: full sync. *task gets the task id. */
int sim_group_sync(struct sim *s, const char *array, const char *group, const char *target,
                   bool noresync, bool ovrd, bool full, int64_t *task, struct sim_err *err);

/* admitrcopytarget / dismissrcopytarget (docs/array-remote-copy.md §1.3, §1.4): a group
 * may have one sync target and one periodic or async target (SLD). A new
 * target is a new leg: its peer group (<group>.r<sysid>) is made on the
 * target's array (which must mirror configuration and be reachable), and
 * every volume of the group must be mapped to an existing secondary there
 * (maps[n]). Refused while a leg is started: SIM_ETARGET_IN_GROUP,
 * SIM_EONE_SYNC_TARGET, SIM_EMULTI_TARGET (a second periodic or async
 * target), SIM_ENO_MAPPING (a volume without a mapping). Dismissing removes a
 * stopped leg with its pairs and its peer group; the only target stays
 * (SIM_ELAST_TARGET). */
struct sim_vv_map {
    const char *vv;             /* a volume of the group */
    const char *sec_vv;         /* its secondary on the new target */
};
int sim_group_target_admit(struct sim *s, const char *array, const char *group,
                           const char *target, enum sim_rc_mode mode,
                           const struct sim_vv_map *maps, size_t n_maps, struct sim_err *err);
int sim_group_target_dismiss(struct sim *s, const char *array, const char *group,
                             const char *target, struct sim_err *err);

/* Whether a group is fully synced (for -w / -wait): 1 yes, 0 not yet. */
int sim_group_synced(struct sim *s, const char *array, const char *group, struct sim_err *err);

/* setrcopygroup period|mode|snap_freq|usr_cpg|snp_cpg, mirrored (pol:
 * sim_group_modify). */
int sim_group_set_period(struct sim *s, const char *array, const char *group,
                         const char *target, int64_t ms, struct sim_err *err);
int sim_group_set_mode(struct sim *s, const char *array, const char *group,
                       const char *target, enum sim_rc_mode mode, struct sim_err *err);
int sim_group_set_snap_freq(struct sim *s, const char *array, const char *group,
                            const char *target, int64_t ms, struct sim_err *err);
int sim_group_set_cpgs(struct sim *s, const char *array, const char *group, const char *target,
                       const char *local_user, const char *remote_user,
                       const char *local_snap, const char *remote_snap, struct sim_err *err);

/* Several settings of one group at once (WSAPI modifyRemoteCopyGroup), in
 * one transaction and mirrored like the single setters: nothing changes
 * unless every change is accepted. CPG strings: NULL unchanged, "" unset.
 * Applied in the order CPGs, mode, period, snap_freq, policies. */
struct sim_group_mod {
    const char *target;         /* NULL: any; else must be the group's target */
    const char *local_user_cpg, *remote_user_cpg;
    const char *local_snap_cpg, *remote_snap_cpg;
    enum sim_rc_mode mode;      /* 0: unchanged */
    int64_t period_ms;          /* -1: unchanged, 0: remove */
    int64_t snap_freq_ms;       /* -1: unchanged, 0: remove */
    uint32_t pol_on, pol_off;   /* policy bits to set and to clear */
};
#define SIM_GROUP_MOD_INIT { .period_ms = -1, .snap_freq_ms = -1 }
int sim_group_modify(struct sim *s, const char *array, const char *group,
                     const struct sim_group_mod *m, struct sim_err *err);

/* The DR operations (setrcopygroup <op>, WSAPI actions 6-11). */
/* The DR operations of setrcopygroup (the WSAPI numbers them 6-11: the
 * translation is api/'s). */
enum sim_dr_op { SIM_DR_REVERSE, SIM_DR_FAILOVER, SIM_DR_SWITCHOVER, SIM_DR_RECOVER,
                 SIM_DR_RESTORE, SIM_DR_OVERRIDE, SIM_DR__COUNT };
struct sim_dr_opts {
    bool nostart, nosync, nosnap, nopromote, discard, stopgroups, local;
    bool natural, current;      /* reverse */
    const char *target;
    const char *user;           /* who runs it, for the task */
};
/* The options of struct sim_dr_opts, as bits: which each operation takes
 * (docs/array-remote-copy.md §2.4) is decided here only; sim_group_dr refuses the others
 * (SIM_EINVAL naming the option), the WSAPI and the CLI's option tables
 * follow sim_dr_opts_allowed() (a unit test holds the CLI to it). */
enum sim_dr_opt_bits {
    SIM_DRO_NOSTART = (1 << 0), SIM_DRO_NOSYNC = (1 << 1), SIM_DRO_DISCARD = (1 << 2),
    SIM_DRO_NOPROMOTE = (1 << 3), SIM_DRO_NOSNAP = (1 << 4), SIM_DRO_STOPGROUPS = (1 << 5),
    SIM_DRO_LOCAL = (1 << 6), SIM_DRO_NATURAL = (1 << 7), SIM_DRO_CURRENT = (1 << 8),
};
uint32_t sim_dr_opts_allowed(enum sim_dr_op op);
/* The bits of the options o asks for. */
uint32_t sim_dr_opts_given(const struct sim_dr_opts *o);
/* Runs op; *task gets the id of the task it made (showtask). */
int sim_group_dr(struct sim *s, const char *array, const char *group, enum sim_dr_op op,
                 const struct sim_dr_opts *o, int64_t *task, struct sim_err *err);
const char *sim_dr_op_name(enum sim_dr_op op);  /* "failover" */

/* --- views ---------------------------------------------------------- */
struct sim_pair_view {
    char local_vv[32];
    int64_t local_id;
    char remote_vv[32];
    int64_t remote_id;          /* 0 when the peer cannot be asked */
    enum sim_rc_sync status;
    int progress_pct;           /* while Syncing */
    int64_t last_sync_ms;       /* 0: NA */
    char resync_snap[32];       /* rcpy.* on this side, "" */
    uint64_t blocks_total;      /* the current or last resync */
    uint64_t blocks_sent;
    bool full_sync;             /* the current or last resync was full */
    uint64_t in_flight_blocks;  /* written on the source, not yet sent: queued,
                                 * or held while the peer was unreachable */
};

struct sim_group_view {
    int64_t id;
    char name[32];
    char target[32];
    char peer_array[32];
    char peer_group[40];
    enum sim_rc_role role;
    enum sim_rc_status status;
    enum sim_rc_mode mode;
    uint32_t policies;
    int64_t period_ms;          /* periodic; 0: none */
    int64_t snap_freq_ms;
    int64_t last_sync_ms;       /* group Last-Sync (periodic), 0: none */
    char domain[32];
    char local_user_cpg[32], local_snap_cpg[32], remote_user_cpg[32], remote_snap_cpg[32];
    bool mirror_config;
    /* what losing the source now would cost: bytes and time the secondary
     * is behind (streaming's queue, held writes), the newest point it holds
     * whole (0: none yet) and how old that is (-1: none) */
    uint64_t lag_bytes;
    int64_t lag_ms;
    int64_t recovery_point_ms;
    int64_t rpo_ms;
    size_t n_pairs;
    struct sim_pair_view *pairs;   /* owned by the view */
    /* a multi-target group (SLD): the fields above are its first leg's
     * (the first target admitted), these its other legs, one view per
     * target, each with its own pairs and no legs (owned by the view) */
    size_t n_legs;
    struct sim_group_view *legs;
};

/* Lists the array's groups by name, with their pairs. Free with
 * sim_group_views_free(). */
int sim_group_list(struct sim *s, const char *array, struct sim_group_view **out, size_t *n,
                   struct sim_err *err);
int sim_group_get(struct sim *s, const char *array, const char *name, struct sim_group_view *out,
                  struct sim_err *err);
void sim_group_view_release(struct sim_group_view *v);
void sim_group_views_free(struct sim_group_view *v, size_t n);

#endif
