/* sim/internal.h - shared inside sim/ only; no other directory includes it. */
#ifndef RCSIM_SIM_INTERNAL_H
#define RCSIM_SIM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/array.h"
#include "sim/auth.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "sim/sched.h"
#include "sim/sim.h"
#include "store/array.h"
#include "store/cpg.h"
#include "store/store.h"
#include "store/rcopy.h"
#include "store/vv.h"
#include "sim/vv.h"

struct store;

struct sim {
    pthread_mutex_t lock;       /* the engine lock: every public entry */
    struct store *st;
    char *db_path;
    char *fixture_json;
    char *fixture_name;
    char *checkpoint_dir;
    bool checkpoint_dir_temp;   /* a :memory: engine's: removed at close */

    /* where array listeners go (sim/listen.c): set at open; the bound
     * ports are guarded by the engine lock */
    int port_offset;
    bool free_ports;
    char *one_address;          /* NULL: the fixture's addresses */
    struct sim_bound_port *bound;
    size_t n_bound, bound_alloc;

    int64_t gen;                /* block generation counter (sim/block.c) */
    uint64_t changes;           /* bumped by every committed transaction */

    /* clock (sim/clock.c); guarded by clock_lock, a leaf lock */
    pthread_mutex_t clock_lock;
    enum sim_clock_mode clock_mode;
    double clock_scale;
    int64_t clock_base_sim;     /* real mode: sim = base_sim + (wall - base_wall) * scale */
    int64_t clock_base_wall;
    int64_t clock_manual;       /* manual mode: the time */

    /* events (sim/event.c) */
    pthread_cond_t event_cond;
    int64_t last_event_id;
    int64_t txn_event_id;       /* the last event of the open transaction */
    int64_t event_epoch;        /* which log ids belong to (sim_event_epoch) */

    /* logins (sim/auth.c): the policy, and failures per (array, user),
     * guarded by the engine lock */
    struct sim_auth_policy auth;
    struct sim_auth_limiter *limiter;

    /* ticker */
    pthread_t ticker;
    bool ticker_running;
    bool ticker_stop;
    pthread_cond_t ticker_cond;
    int ticker_period_ms;

    /* replication byte counters (sim/rcstats.c), guarded by the engine
     * lock; NULL until the first block goes */
    struct sim_rcstats *rcstats;

    /* power watchers (sim/array.c); guarded by watch_lock, held while
     * they run, so that changes are told one at a time and in order */
    pthread_mutex_t watch_lock;
    struct { sim_power_watch_fn *fn; void *ctx; } watchers[SIM_POWER_WATCHERS];
    /* a power change went into the open transaction (or a rolled-back
     * one: a spare call to the watchers is harmless); engine lock */
    bool power_moved;

    /* scheduled commands (sim/sched.c): who runs them, set once at start */
    sim_sched_exec_fn *sched_exec;
    void *sched_ctx;
};

/* The engine lock, released on every return of the enclosing scope. */
static inline void sim_unlock_cleanup(struct sim **sp)
{
    pthread_mutex_unlock(&(*sp)->lock);
}
#define SIM_LOCK_SCOPE(s)                                                     \
    struct sim *sim_lock_scope_ __attribute__((cleanup(sim_unlock_cleanup), unused)) = \
        (pthread_mutex_lock(&(s)->lock), (s))

/* SIM_READ_SCOPE: the engine lock and one read snapshot of the store for
 * the rest of the block: views that read many rows use it. */
struct sim_read_scope {
    struct sim *s;
    bool began;
};
static inline struct sim_read_scope sim_read_enter(struct sim *s)
{
    pthread_mutex_lock(&s->lock);
    struct sim_read_scope r = { s, store_read_begin(s->st) == 1 };
    return r;
}
static inline void sim_read_cleanup(struct sim_read_scope *r)
{
    if (r->began)
        store_read_end(r->s->st);
    pthread_mutex_unlock(&r->s->lock);
}
#define SIM_READ_SCOPE(s)                                                     \
    struct sim_read_scope sim_read_scope_ __attribute__((cleanup(sim_read_cleanup), unused)) = \
        sim_read_enter(s)

/* Transactions (sim/engine.c); the caller holds the engine lock. */
int sim_txn_begin(struct sim *s, struct sim_err *err);
int sim_txn_commit(struct sim *s, struct sim_err *err);
/* Rolls back and returns -1 (err keeps the refusal). */
int sim_txn_rollback(struct sim *s);
/* A refused configuration command leaves a trace, as on the array (its
 * event log shows e.g. "Could not find target X"): rolls back, appends a
 * command_refused event naming the refusal in a transaction of its own,
 * and returns -1 (err unchanged). sim_refusal_record() does the same
 * outside a transaction. Store failures are not recorded. */
int sim_txn_refuse(struct sim *s, const char *array, const struct sim_err *err);
int sim_refusal_record(struct sim *s, const char *array, const struct sim_err *err);
/* Turns a store failure into SIM_EINTERNAL. */
int sim_store_fail(struct sim *s, struct sim_err *err, const char *what);
/* Re-reads what the engine keeps in memory of the database (block
 * generation, clock, last event id) from s->st. A saved time past
 * SIM_CLOCK_MAX_MS is SIM_ERANGE. */
int sim_state_reload(struct sim *s, struct sim_err *err);

/* Event kinds: an enum plus a { name, severity } table (sim/event.c). */
enum sim_event_kind {
    SIM_EV_FIXTURE_LOADED,
    SIM_EV_RESET,
    SIM_EV_CHECKPOINT_SAVED,
    SIM_EV_CHECKPOINT_LOADED,
    SIM_EV_CHECKPOINT_DELETED,
    SIM_EV_CLOCK_CHANGED,
    SIM_EV_ARRAY_POWER_OFF,
    SIM_EV_ARRAY_POWER_ON,
    SIM_EV_CPG_CREATED,
    SIM_EV_CPG_REMOVED,
    SIM_EV_DOMAIN_CREATED,
    SIM_EV_DOMAIN_REMOVED,
    SIM_EV_VV_CREATED,
    SIM_EV_VV_REMOVED,
    SIM_EV_VV_GROWN,
    SIM_EV_VV_RENAMED,
    SIM_EV_VV_MODIFIED,
    SIM_EV_SNAPSHOT_CREATED,
    SIM_EV_SNAPSHOT_EXPIRED,
    SIM_EV_SNAPSHOT_PROMOTED,
    SIM_EV_RC_STARTED,
    SIM_EV_RC_STOPPED,
    SIM_EV_TARGET_CREATED,
    SIM_EV_TARGET_REMOVED,
    SIM_EV_TARGET_CHANGED,
    SIM_EV_TARGET_READY,
    SIM_EV_TARGET_FAILING,
    SIM_EV_TARGET_FAILED,
    SIM_EV_LINK_ADMITTED,
    SIM_EV_LINK_DISMISSED,
    SIM_EV_LINK_UP,
    SIM_EV_LINK_DOWN,
    SIM_EV_LINK_CHANGED,
    SIM_EV_GROUP_CREATED,
    SIM_EV_GROUP_REMOVED,
    SIM_EV_GROUP_CHANGED,
    SIM_EV_GROUP_STARTED,
    SIM_EV_GROUP_STOPPED,
    SIM_EV_GROUP_ROLE,
    SIM_EV_GROUP_FAILSAFE,
    SIM_EV_GROUP_AUTO_RECOVER,
    SIM_EV_PAIR_ADMITTED,
    SIM_EV_PAIR_DISMISSED,
    SIM_EV_RESYNC_STARTED,
    SIM_EV_RESYNC_DONE,
    SIM_EV_RESYNC_FAILED,
    SIM_EV_SYNC_OVERRUN,
    SIM_EV_RC_SNAPSHOT,
    SIM_EV_WRITE_ERROR,
    SIM_EV_READ_ERROR,
    SIM_EV_FAULT_INJECTED,
    SIM_EV_TASK_DONE,
    SIM_EV_HOST_CREATED,
    SIM_EV_HOST_REMOVED,
    SIM_EV_HOST_CHANGED,
    SIM_EV_SET_CREATED,
    SIM_EV_SET_REMOVED,
    SIM_EV_SET_CHANGED,
    SIM_EV_VLUN_CREATED,
    SIM_EV_VLUN_REMOVED,
    SIM_EV_QOS_CHANGED,
    SIM_EV_VVMETA_CHANGED,
    SIM_EV_VV_CONVERTED,
    SIM_EV_VV_COPIED,
    SIM_EV_SCHED_CHANGED,
    SIM_EV_SCHED_RAN,
    SIM_EV_SCHED_FAILED,
    SIM_EV_COMMAND_REFUSED,
    SIM_EV_WITNESS_CHANGED,
    SIM_EV_TIMED_FAULT_SCHEDULED,
    SIM_EV_TIMED_FAULT,
    SIM_EV_TIMED_FAULT_FAILED,
    SIM_EV_TIMED_FAULT_CANCELLED,
    SIM_EV__COUNT
};

/* Appends an event in the current transaction. array may be NULL. */
int sim_event_add(struct sim *s, enum sim_event_kind kind, const char *array,
                  const char *object, struct sim_err *err, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Wakes event waiters after a commit. */
void sim_event_notify(struct sim *s);
/* After a commit that replaced the whole log (reset, checkpoint load):
 * the newest id is read again (it went back), the epoch moves on, and
 * waiters wake. */
int sim_event_log_replaced(struct sim *s, struct sim_err *err);

/* Runs the power watchers (sim/array.c; array NULL: any may have
 * changed). The caller has committed and does not hold the engine lock. */
void sim_power_notify(struct sim *s, const char *array, bool on);
/* Takes (and clears) power_moved. */
bool sim_power_take(struct sim *s);
/* After a commit that may have run timed power changes (a clock move, a
 * tick), tells the watchers that any array may have changed. The caller
 * does not hold the engine lock. */
void sim_power_flush(struct sim *s);

/* Arrays (sim/array.c): loads by name; SIM_ENOENT_ARRAY when unknown. */
int sim_array_load(struct sim *s, const char *name, struct store_array_row *out,
                   struct sim_err *err);
/* Loads a user of an array; SIM_ENOENT_USER when unknown. */
int sim_user_load(struct sim *s, const char *array, const char *user,
                  struct store_user_row *u, struct sim_err *err);

/* The failed-login limiter (sim/auth.c): bookkeeping on times passed in
 * (so that tests can drive it), no lock of its own. Names are compared as
 * given, up to 63 bytes. A table holds at most this many keys, and only
 * keys whose failures still count or whose lock runs: a full table refuses
 * keys it does not hold until its oldest entry runs out. */
#define SIM_AUTH_LIMITER_NAMES 16384
#define SIM_AUTH_LIMITER_SOURCES 16384
enum sim_auth_locked { SIM_AUTH_LOCKED_NAME = (1 << 0), SIM_AUTH_LOCKED_SOURCE = (1 << 1) };
struct sim_auth_limiter;
struct sim_auth_limiter *sim_auth_limiter_new(const struct sim_auth_policy *p);
void sim_auth_limiter_free(struct sim_auth_limiter *l);
/* How many ms a login of the name from source (NULL: none) stays refused
 * after now_ms; 0: a login may be tried. */
int64_t sim_auth_limiter_locked(struct sim_auth_limiter *l, const char *array,
                                const char *user, const char *source, int64_t now_ms);
/* Records a checked login. A success forgets the name's failures (and the
 * source's, when the name is the one it last failed on); a failure counts
 * for both, and returns which it locked (enum sim_auth_locked bits). */
unsigned sim_auth_limiter_record(struct sim_auth_limiter *l, const char *array,
                                 const char *user, const char *source, bool ok,
                                 int64_t now_ms);
/* Keys held (names, or sources when sources is true). */
size_t sim_auth_limiter_count(const struct sim_auth_limiter *l, bool sources);
/* Forgets every failure and lock (reset). */
void sim_auth_limiter_clear(struct sim_auth_limiter *l);

/* Volumes (sim/vv.c) */
int sim_vv_load(struct sim *s, int64_t array_id, const char *name, struct store_vv_row *out,
                struct sim_err *err);
int sim_vv_save(struct sim *s, const struct store_vv_row *vv, struct sim_err *err);
/* Saves only used_blocks and kept_blocks (the I/O paths). */
int sim_vv_save_usage(struct sim *s, const struct store_vv_row *vv, struct sim_err *err);
/* Removes a volume row and its blocks (no checks). */
int sim_vv_destroy(struct sim *s, const struct store_vv_row *vv, struct sim_err *err);
/* What sim_vv_snapshot_row() makes. */
struct sim_snap_row_spec {
    const char *name;
    bool readonly;
    int64_t vvid;               /* 0: next free */
    int64_t expires;            /* absolute sim time, 0: never */
    int64_t retain;             /* absolute sim time, 0: none */
    const char *comment;
    int rc_snap;                /* remote-copy snapshot kind, 0: none */
};
/* Creates a snapshot row of parent (whose snap_gen it updates and saves);
 * checks only that the name and id are free. */
int sim_vv_snapshot_row(struct sim *s, struct store_vv_row *parent,
                        const struct sim_snap_row_spec *spec, struct store_vv_row *out,
                        struct sim_err *err);
/* Fills a view from a row (family fields: see sim_vv_get/sim_vv_list). */
void sim_vv_view_fill(struct sim *s, const struct store_vv_row *r, struct sim_vv_view *out);
/* Rolls vv back to the content of its snapshot snap (saves vv). */
int sim_vv_promote_row(struct sim *s, struct store_vv_row *vv, const struct store_vv_row *snap,
                       struct sim_err *err);

/* Other modules that hold volumes (remote-copy groups, VLUNs) register
 * here (sim/vv.c: vv_users[]): check refuses removing or growing a volume
 * they hold; decorate adds their fields to a view. */
struct sim_vv_user {
    const char *what;
    int (*check)(struct sim *s, const struct store_array_row *a,
                 const struct store_vv_row *vv, struct sim_err *err);
    void (*decorate)(struct sim *s, const struct store_vv_row *vv, struct sim_vv_view *view);
};
int sim_rc_vv_check(struct sim *s, const struct store_array_row *a,
                    const struct store_vv_row *vv, struct sim_err *err);
void sim_rc_vv_decorate(struct sim *s, const struct store_vv_row *vv, struct sim_vv_view *v);
/* VLUNs (sim/vlun.c): refuses removing an exported volume; marks views. */
int sim_vlun_vv_check(struct sim *s, const struct store_array_row *a,
                      const struct store_vv_row *vv, struct sim_err *err);
void sim_vlun_vv_decorate(struct sim *s, const struct store_vv_row *vv,
                          struct sim_vv_view *view);
/* The ALUA state hosts see on paths to volume vv (row id); enum sim_alua. */
int sim_vlun_alua(struct sim *s, int64_t vv);
/* cpg.c: a domain named on the array exists (NULL or "": none asked);
 * SIM_ENOENT_DOMAIN otherwise. */
int sim_domain_check(struct sim *s, int64_t array_id, const char *domain, struct sim_err *err);
/* cpg.c: loads a CPG by name; SIM_ENOENT_CPG when there is none. */
int sim_cpg_load(struct sim *s, int64_t array_id, const char *name, struct store_cpg_row *r,
                 struct sim_err *err);
int sim_vv_busy_check(struct sim *s, const struct store_array_row *a,
                      const struct store_vv_row *vv, struct sim_err *err);
void sim_vv_view_decorate(struct sim *s, const struct store_vv_row *vv, struct sim_vv_view *v);

/* The insides of sim_vv_create, sim_cpg_create and sim_domain_create, for
 * callers already holding the lock and a transaction (fixtures, remote
 * copy's -createvv). */
int sim_vv_insert(struct sim *s, struct store_array_row *a, const struct sim_vv_spec *sp,
                  struct sim_err *err);
struct sim_cpg_spec;
int sim_cpg_insert(struct sim *s, const struct store_array_row *a,
                   const struct sim_cpg_spec *sp, struct sim_err *err);
int sim_domain_insert(struct sim *s, const struct store_array_row *a, const char *name,
                      const char *comment, struct sim_err *err);

/* Sets metadata key on volume inside the caller's transaction (vvmeta.c);
 * create refuses an existing key, otherwise the key must exist. */
int sim_vvmeta_put(struct sim *s, const struct store_array_row *a, const char *volume,
                   const char *key, const char *value, bool create, struct sim_err *err);

/* Picks the next free VV id of the array (updating its counter). */
int sim_vv_alloc_id(struct sim *s, struct store_array_row *array, int64_t *out,
                    struct sim_err *err);

/* Blocks (sim/block.c): versioned rows, content blobs, snapshot sharing.
 * See the design comment at the top of sim/block.c. */
int64_t sim_gen_next(struct sim *s);
/* Stores 16 KiB of content; *fp is 0 for all zeros (nothing stored). */
int sim_blob_store(struct sim *s, const void *data, uint64_t *fp, struct sim_err *err);
/* Stores the pattern block blk of seed; *fp as above. */
int sim_blob_store_pattern(struct sim *s, uint64_t seed, int64_t blk, uint64_t *fp,
                           struct sim_err *err);
/* Loads the 16 KiB content of fp into buf (zeros for fp 0). */
int sim_blob_load(struct sim *s, uint64_t fp, void *buf, struct sim_err *err);
/* The content visible at blk of vv, through its snapshot chain. */
int sim_block_resolve(struct sim *s, const struct store_vv_row *vv, int64_t blk,
                      uint64_t *fp, struct sim_err *err);
/* Makes blk of vv hold fp from generation gen on, keeping the old version
 * while a snapshot can see it; updates vv's counters (caller saves vv). */
int sim_block_write(struct sim *s, struct store_vv_row *vv, int64_t blk, uint64_t fp,
                    int64_t gen, struct sim_err *err);
typedef int (*sim_block_fn)(void *ctx, int64_t blk, uint64_t fp);
/* Calls fn for every block of vv in [lo, hi) that has content or an
 * explicit zero in its chain, in blk order. */
int sim_block_visit(struct sim *s, const struct store_vv_row *vv, int64_t lo, int64_t hi,
                    sim_block_fn fn, void *ctx, struct sim_err *err);
/* Calls fn(blk, fp at head) for every block whose content at the head of
 * vv differs from what snap (a direct snapshot of vv) holds. Costs the
 * blocks changed since the snapshot, never the volume size. */
int sim_block_diff(struct sim *s, const struct store_vv_row *vv, const struct store_vv_row *snap,
                   sim_block_fn fn, void *ctx, struct sim_err *err);
/* Calls fn(blk, fp at to_gen) for every block of the base volume vv whose
 * content at generation to_gen differs from its content at from_gen.
 * Costs the blocks changed after from_gen, never the volume size. */
int sim_block_diff_gens(struct sim *s, const struct store_vv_row *vv, int64_t from_gen,
                        int64_t to_gen, sim_block_fn fn, void *ctx, struct sim_err *err);
/* Drops the old versions of parent's blocks that only a removed child
 * taken at child_gen could see. */
int sim_block_unpin(struct sim *s, struct store_vv_row *parent, int64_t child_gen,
                    struct sim_err *err);

/* The digest of a loaded volume (sim/io.c). */
struct sim_digest;
int sim_vv_digest_row(struct sim *s, const struct store_vv_row *vv, struct sim_digest *out,
                      struct sim_err *err);

/* Replication modes (sim/rcmode.c): what each mode does, as data. */
enum rc_host_write {
    RC_WRITE_NONE,              /* nothing per write: cycles send snapshot deltas */
    RC_WRITE_THROUGH,           /* written to the peer before the host's write ends */
    RC_WRITE_QUEUE,             /* queued, shipped in the background at link speed */
};
struct rc_mode_ops {
    enum sim_rc_mode mode;
    const char *name;           /* as showrcopy prints it: "Periodic" */
    const char *word;           /* as the CLI takes it: "periodic" */
    enum rc_host_write host_write;  /* while the peer can be reached; else logged */
    bool cycles;                /* transfers are cycles of snapshot deltas, one
                                 * consistency point each, on a period (§4);
                                 * LastSyncTime is the last cycle's point. Else
                                 * it is the stop time, NA while synced (§2.1) */
    bool stop_snapshots;        /* a stop snapshots the synced source volumes, the
                                 * base of the next delta (§3.2) */
    bool cut_rolls_back;        /* a cut rolls the destination back to its last
                                 * point at once (§3.3); else its protection
                                 * snapshots wait for a failover (§3.5) */
    bool coordinated;           /* streaming with coordinated snapshots on both
                                 * sides every snap_freq, taken when the queue
                                 * has drained (§1.7, §3.4); LastSyncTime is the
                                 * last one's point */
    uint32_t policies;          /* the policies the mode takes */
    uint32_t default_policies;  /* what a new group of the mode gets */
    int64_t heartbeat_ms, target_timeout_ms;    /* failure detection (§2.3) */
    bool has_period, has_snap_freq;             /* the settings it takes */
    bool full_resync;           /* syncrcopy -full */
    bool switchover;            /* setrcopygroup switchover */
};
/* The row of a mode; NULL for a number no row describes. */
const struct rc_mode_ops *rc_mode(int mode);
/* The row of a group's mode (a stored group always has one). */
const struct rc_mode_ops *rc_mode_of(const struct store_group_row *g);
/* Whether the mode's LastSyncTime is a point in time (cycles, coordinated
 * snapshots) rather than the stop time, NA while synced. */
bool rc_mode_points(const struct rc_mode_ops *m);

/* Remote copy internals (sim/rctarget.c, sim/group.c, sim/resync.c). */
/* The array, target and group of one side of a group. */
struct rc_side {
    struct store_array_row a;
    struct store_target_row t;
    struct store_group_row g;
};
/* Whether the target's peer can be reached now (links, power, service). */
bool sim_rc_reachable(struct sim *s, const struct store_target_row *t);
/* Whether data may move over t now, and the peer's state may be changed:
 * reachable, and the targets of both ends enabled and ready. Every
 * transfer, cycle, replicated write and peer update asks this. */
bool sim_rc_link_ok(struct sim *s, const struct store_target_row *t);
/* Queues the writes source side x held (the in-flight log) while its peer
 * could not be reached, now that it can (sync and async groups). */
int sim_rc_resend_held(struct sim *s, const struct rc_side *x, struct sim_err *err);
/* Re-evaluates every target's status at now: failing, failed (stopping
 * its groups), ready again (auto_recover, failsafe). */
int sim_rc_eval_targets(struct sim *s, struct sim_err *err);
/* Called when an array is powered on: its started groups restart from a
 * stop, as after a crash. */
int sim_rc_power_on(struct sim *s, const struct store_array_row *a, struct sim_err *err);
/* Why a group stopped (store_group_row.stop_reason): auto_recover restarts
 * only a stop the links caused (§1.6), and fail_wrt_on_err refuses host
 * writes after one. */
enum rc_stop_reason { RC_STOP_NONE = 0, RC_STOP_MANUAL = 1, RC_STOP_LINK = 2,
                      RC_STOP_WRITE_ERROR = 3 };
/* What a remote-copy snapshot is for (store_vv_row.rc_snap). */
enum rc_snap_kind { RC_SNAP_NONE = 0, RC_SNAP_RESYNC = 1, RC_SNAP_PROTECT = 2, RC_SNAP_KEPT = 3,
                    RC_SNAP_FAILOVER = 4 };
/* What the next (or current, or last) resync of a pair is
 * (store_pair_row.full). */
enum rc_full { RC_FULL_NO = 0, RC_FULL_NEXT = 1, RC_FULL_SKIP = 2, RC_FULL_NOW = 3,
               RC_FULL_DONE = 4 };
/* Stops one side of a group (link failure, write error, manual stop,
 * array restart). */
int sim_rc_stop_side(struct sim *s, struct rc_side *x, enum rc_stop_reason reason, bool nosnap,
                     struct sim_err *err);
/* Starts a group from its source side x toward peer y (both loaded). */
int sim_rc_start_pair_of_groups(struct sim *s, struct rc_side *x, struct rc_side *y,
                                bool nosync, struct sim_err *err);
/* Rules before touching the peer (sim/rcside.c); each fills err on a
 * refusal. The command runs on the source side (with mirror_config); the
 * target named, if any, is the group's; the peer group exists and can be
 * reached (sim_rc_link_ok). */
int sim_rc_need_source(const struct rc_side *x, struct sim_err *err);
int sim_rc_check_target(const struct rc_side *x, const char *target, struct sim_err *err);
int sim_rc_need_target(struct sim *s, const struct rc_side *x, const char *target,
                       struct sim_err *err);
int sim_rc_peer_required(struct sim *s, const struct rc_side *x, struct rc_side *y,
                         struct sim_err *err);
/* The peer of a mirrored configuration change: 1 loaded, 0 nothing to
 * mirror to (no_mirror_config, or no peer group), -1 refused while the
 * peer cannot be reached (configuration never diverges). */
int sim_rc_peer_mirrored(struct sim *s, const struct rc_side *x, struct rc_side *y,
                         struct sim_err *err);
/* active_active (docs/array-remote-copy.md §1.6): a secondary side x whose volumes are
 * exported refuses losing the policy or the group (SIM_EAA_EXPORTED). */
int sim_rc_aa_unexported(struct sim *s, const struct rc_side *x, struct sim_err *err);
/* The secondary volume on y for primary pv (sim/rcpair.c): made with
 * sp->createvv, else sp->sec_vv must exist, be free, a base volume, and
 * have pv's size. */
struct sim_admit_spec;
int sim_rc_secondary_vv(struct sim *s, struct rc_side *y, const struct store_vv_row *pv,
                        const struct sim_admit_spec *sp, const struct rc_side *x,
                        struct store_vv_row *out, struct sim_err *err);
/* Dismisses pair p of x, and its twin on y when have_y (sim/rcpair.c). */
int sim_rc_dismiss_pair(struct sim *s, const struct rc_side *x, struct store_pair_row *p,
                        const struct rc_side *y, bool have_y, bool removevv, bool keepsnap,
                        struct sim_err *err);
/* Loads the side holding group name on array (or by group row id). */
int sim_rc_side_load(struct sim *s, const char *array, const char *name, struct rc_side *x,
                     struct sim_err *err);
int sim_rc_side_load_id(struct sim *s, int64_t group_id, struct rc_side *x,
                        struct sim_err *err);
/* The names of the targets of group on array, one per leg, first leg
 * first (sim/rcleg.c). */
int sim_rc_leg_names(struct sim *s, const char *array, const char *group,
                     char (*names)[SIM_TARGET_NAME_MAX + 1], size_t *n, struct sim_err *err);
/* Removes leg x (stopped) with its pairs and, when it can be reached, its
 * peer group; and every leg after the first x (removercopygroup). */
int sim_rc_leg_remove(struct sim *s, struct rc_side *x, bool removevv, bool keepsnap,
                      struct sim_err *err);
int sim_rc_legs_remove_others(struct sim *s, const struct rc_side *x, bool removevv,
                              bool keepsnap, struct sim_err *err);
/* A volume admitted to a multi-target group has a pair on every leg:
 * SIM_ENO_MAPPING names a volume a target got no secondary for. */
int sim_rc_vv_on_every_leg(struct sim *s, const char *array, const char *group,
                           const char *vv, struct sim_err *err);
/* The standby legs of secondary side x (sim/rcleg.c): for each other leg
 * of its source's group, toward an array this one has a target for, that
 * target's name and array, the leg's mode and row (the group's third leg
 * in SLD, status Backup). */
struct rc_standby {
    char target[SIM_TARGET_NAME_MAX + 1];
    char peer_array[32];
    int mode;
    int64_t leg_id;             /* the source's leg toward peer_array */
};
int sim_rc_standby_legs(struct sim *s, const struct rc_side *x, struct rc_standby *out,
                        size_t *n, struct sim_err *err);
/* The leg of group name toward the target named target (NULL or "": the
 * first leg); a name that is no target of the group loads the first leg,
 * which sim_rc_check_target() then refuses. */
int sim_rc_leg_load(struct sim *s, const char *array, const char *name, const char *target,
                    struct rc_side *x, struct sim_err *err);
/* Loads the peer side of x: 1 found, 0 none (not mirrored, removed), -1. */
int sim_rc_peer_load(struct sim *s, const struct rc_side *x, struct rc_side *y,
                     struct sim_err *err);
int sim_rc_group_save(struct sim *s, const struct store_group_row *g, struct sim_err *err);
bool sim_rc_is_source(int role);
/* Makes a remote-copy snapshot of a volume; *snap_id gets its row id. */
int sim_rc_snapshot(struct sim *s, const struct store_group_row *g, struct store_pair_row *p,
                    enum rc_snap_kind kind, int64_t *snap_id, struct sim_err *err);
/* set.c: the RCP_<group> volume set of an array with the rcp_vvset flag
 * (docs/array-remote-copy.md §1.3). Made with the group (nothing without
 * the flag), it follows the group's volumes and goes with the group row
 * (ON DELETE CASCADE); removevvset refuses it. */
int sim_rcp_set_create(struct sim *s, const struct store_array_row *a,
                       const struct store_group_row *g, struct sim_err *err);
/* Adds volume vv (row id) to the array's volume set name, creating the set
 * when it does not exist (admitrcopyvv set:<set> on the target). */
int sim_set_add_vv(struct sim *s, const struct store_array_row *a, const char *name,
                   int64_t vv, struct sim_err *err);
/* Adds or removes a volume (row id) in the group's RCP_ set, if any. */
int sim_rcp_set_member(struct sim *s, int64_t group_id, int64_t vv, bool add,
                       struct sim_err *err);
/* Deletes a remote-copy snapshot by row id (0: nothing). */
int sim_rc_snapshot_drop(struct sim *s, int64_t snap_id, struct sim_err *err);
/* Plans and starts the resync of one pair: queue the blocks, protect the
 * destination, Syncing. full forces a full sync. */
int sim_rc_resync_begin(struct sim *s, struct rc_side *x, struct store_pair_row *p,
                        struct rc_side *y, struct store_pair_row *q, bool full,
                        struct sim_err *err);
/* Completes every pair of x whose resync has nothing to send, once all of
 * a start's or cycle's pairs are planned (so that the group reaches its
 * new point once, not pair by pair). */
int sim_rc_resync_settle(struct sim *s, struct rc_side *x, struct rc_side *y,
                         struct sim_err *err);
/* Finds the peer pair of p (the pair on y for p's remote volume). */
int sim_rc_peer_pair(struct sim *s, const struct rc_side *y, const struct store_pair_row *p,
                     struct store_pair_row *q, struct sim_err *err);
/* Starts a periodic cycle now for source side x. */
int sim_rc_cycle_begin(struct sim *s, struct rc_side *x, struct rc_side *y, bool noresync,
                       bool full, struct sim_err *err);
/* Whether array a reaches the quorum witness its target t is tied to: a
 * on, the witness configured and started, neither down nor cut from a
 * (sim/rcfault.c). */
bool sim_rc_witness_reach(struct sim *s, const struct store_array_row *a,
                          const struct store_target_row *t);
/* Peer Persistence decisions again on every failed target, after the
 * witness's reachability changed (sim/rctarget.c). */
int sim_rc_pp_review(struct sim *s, struct sim_err *err);
/* Whether source side x has nothing queued or held for its peer and every
 * pair Synced: *yes. */
int sim_rc_drained(struct sim *s, const struct rc_side *x, bool *yes, struct sim_err *err);
/* Streaming (coordinated modes): both sides are equal now; matching
 * snapshots on both replace the last point's, LastSyncTime moves, the next
 * point is due a snap_freq later. at_stop: the destination keeps no
 * snapshot (it stays at this point: nothing to roll back). */
int sim_rc_coordinate(struct sim *s, struct rc_side *x, struct rc_side *y, bool at_stop,
                      struct sim_err *err);
/* Peer Persistence (§3.9): fails x over because its peer array is gone
 * while the quorum witness still answers. */
int sim_rc_auto_failover(struct sim *s, struct rc_side *x, struct sim_err *err);
/* Whether every pair of x is Synced and no cycle runs. */
bool sim_group_synced_row(struct sim *s, const struct rc_side *x);
/* Every pair of source side x is synced: finishes a pending restore
 * (sim/dr.c). */
int sim_rc_dr_synced(struct sim *s, struct rc_side *x, struct rc_side *y, struct sim_err *err);
/* Tasks (sim/task.c). */
int sim_task_add(struct sim *s, int64_t array_id, int type, const char *name, bool done,
                 const char *user, int64_t group_id, int action, const char *detail,
                 int64_t *id, struct sim_err *err);
/* Ends the active task id with status (enum sim_task_status) after a last
 * step line (NULL: none); a task that is not active is left alone. */
int sim_task_end(struct sim *s, int64_t id, int status, const char *step, struct sim_err *err);
/* Physical copies (sim/pcopy.c): a cancelled task stops its copy; the
 * progress of a copy task (1, or 0 when the task is no copy); the check
 * that keeps volumes in a running copy (vv.c's vv_users[]). */
int sim_pcopy_task_cancel(struct sim *s, int64_t task_id, struct sim_err *err);
int sim_pcopy_progress(struct sim *s, int64_t task_id, int64_t *done, int64_t *total);
int sim_pcopy_vv_check(struct sim *s, const struct store_array_row *a,
                       const struct store_vv_row *vv, struct sim_err *err);
/* Marks the active tasks of a group of this type (0: any) done or failed
 * (a restore completes). */
int sim_task_finish_group(struct sim *s, int64_t group_id, int type, bool ok,
                          const char *step, struct sim_err *err);
/* Remote-copy hooks on host I/O (sim/resync.c). */
struct rc_write {
    bool active;                /* the volume is a replicated source */
    bool replicate;             /* write through to the peer now */
    bool log;                   /* record in the in-flight log */
    bool queue;                 /* async: queue for shipping */
    bool peer_write_error;      /* an injected write error on the peer */
    struct store_pair_row p;
    struct store_vv_row peer_vv;
    int64_t peer_used, peer_kept;   /* the peer row's counters before */
    int64_t peer_gen;
    int64_t group_id;
};
/* The legs of a group on one array: at most one sync and one periodic or
 * async target (docs/array-remote-copy.md §1.3), so a volume is in at most this many
 * pairs. */
#define SIM_RC_LEGS_MAX 2
/* A host write to a volume: one rc_write per pair (leg) holding it. */
struct rc_writes {
    bool active;                /* some leg replicates, queues or logs it */
    size_t n;
    struct rc_write leg[SIM_RC_LEGS_MAX];
};
int sim_rc_write_begin(struct sim *s, const struct store_array_row *a,
                       const struct store_vv_row *vv, struct rc_writes *w, struct sim_err *err);
int sim_rc_write_block(struct sim *s, struct rc_writes *w, int64_t blk, uint64_t fp,
                       struct sim_err *err);
int sim_rc_write_end(struct sim *s, struct rc_writes *w, struct sim_err *err);
/* Replication byte counters (sim/rcstats.c): group_id sent bytes to its
 * peer now (a resync block or a replicated host write); clear forgets
 * them (reset, close). */
void sim_rc_stats_add(struct sim *s, int64_t group_id, int64_t bytes);
void sim_rc_stats_clear(struct sim *s);
/* Creates a target with its links (creatercopytarget, fixtures). */
struct sim_link_spec;
int sim_target_insert(struct sim *s, const struct store_array_row *a, const char *name,
                      bool fc, const struct sim_link_spec *links, size_t n_links,
                      bool disabled, int64_t hb_ms, int64_t tgt_ms, struct sim_err *err);
/* Checks a local port name "N:S:P" (sim/rctarget.c). */
int sim_rc_check_nsp(const char *nsp, struct sim_err *err);
/* sim_link_fault without the lock and the transaction, for the timed
 * faults (timeline.c) the clock runs inside its own: validates before it
 * changes anything, so a refusal leaves the transaction as it was. */
struct sim_link_fault;
int sim_link_fault_apply(struct sim *s, const char *a, const char *b, const char *nsp,
                         const struct sim_link_fault *f, struct sim_err *err);
/* sim_array_set_power inside the caller's lock and transaction (array.c). */
int sim_array_power_apply(struct sim *s, const char *name, bool on, struct sim_err *err);
/* Consumes one injected write error on a volume: 1 when the write fails. */
int sim_vv_take_write_error(struct sim *s, int64_t vv, struct sim_err *err);
/* Consumes one injected read error on a volume: 1 when the read fails. */
int sim_vv_take_read_error(struct sim *s, int64_t vv, struct sim_err *err);

/* Timers run by the engine when time moves (sim/engine.c). Each source
 * says when it is next due (0: never) and runs what is due at now. */
struct sim_timer_source {
    const char *name;
    int (*next_due)(struct sim *s, int64_t *when, struct sim_err *err);
    int (*run)(struct sim *s, int64_t now, struct sim_err *err);
};
/* Runs every timer due up to and including until, in time order, moving
 * the clock along. The caller holds the engine lock and a transaction, so
 * a clock move is one command: all of it, or (on a crash) none. */
int sim_engine_run_until(struct sim *s, int64_t until, struct sim_err *err);

/* sched.c: the time a clock move to until must stop at to run a schedule
 * at its own moment (until when none is due before), and the runs that
 * came due, executed after the move committed (no transaction open). */
int64_t sim_sched_stop(struct sim *s, int64_t until);
void sim_sched_drain(struct sim *s);

/* Clock internals (sim/clock.c); the caller holds the engine lock.
 * sim_clock_load returns 0, -1 on a store failure, or 1 (nothing loaded)
 * when the saved time is past SIM_CLOCK_MAX_MS. */
int sim_clock_load(struct sim *s);
int sim_clock_save(struct sim *s);
/* Puts the manual clock back (a clock move that was rolled back). */
void sim_clock_restore_manual(struct sim *s, int64_t now);
void sim_clock_set_manual_now(struct sim *s, int64_t now);
/* An absolute CLOCK_REALTIME deadline timeout_ms from now (condvars). */
struct timespec;
void sim_wall_deadline(struct timespec *ts, int timeout_ms);

/* Listeners (sim/listen.c): fills the listener fields of the view of the
 * array at position index in fixture order. The caller holds the lock. */
struct sim_array_view;
void sim_listen_place(struct sim *s, size_t index, struct sim_array_view *v);

/* Fixture loading (sim/fixture.c): fills an empty database inside the
 * caller's transaction. Refusals name the file and the path inside it. */
int sim_fixture_load(struct sim *s, const char *json, const char *name, struct sim_err *err);

#endif
