/* sim/sim.h - the engine handle: open, close, reset, checkpoints, ticking.
 *
 * struct sim is the only mutable state of rcsim. Every public sim_ function
 * takes the engine lock itself; mutating ones run one SQLite transaction
 * (BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any refusal) and append their
 * events inside it, so a refused command changes nothing. Functions are safe
 * to call from any thread. */
#ifndef RCSIM_SIM_SIM_H
#define RCSIM_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;
struct sim_auth_policy;

#define SIM_NAME_MAX 31         /* volumes, CPGs, hosts, sets, users */
#define SIM_ARRAY_NAME_MAX 31

enum sim_clock_mode { SIM_CLOCK_REAL, SIM_CLOCK_MANUAL };

struct sim_options {
    const char *db_path;        /* file path, or ":memory:" */
    const char *fixture_json;   /* fixture text used for an empty db and reset */
    const char *fixture_name;   /* where it came from, for error messages */
    bool clock_set;             /* override the stored clock mode with: */
    enum sim_clock_mode clock_mode;
    double clock_scale;         /* real mode: simulated seconds per second */
    int port_offset;            /* added to every array listener port */
    bool free_ports;            /* array listeners on ports the system picks */
    const char *one_address;    /* every array listener on this address,
                                   ports apart by position; NULL: fixture's */
    const char *checkpoint_dir; /* NULL: "<db>.checkpoints", or for :memory: a
                                   temporary directory removed at close */
    bool fixture_must_match;    /* an existing database made from another
                                   fixture is refused (SIM_EINVAL, subject
                                   "fixture"); else reset uses its own */
    bool reset_db;              /* an existing database starts again from
                                   the fixture (as sim_reset) */
    const struct sim_auth_policy *auth; /* logins and sessions (sim/auth.h);
                                           NULL: SIM_AUTH_POLICY_DEFAULT */
};

/* Opens (creating or migrating) the database and loads the fixture into an
 * empty one. On success *out is a new engine; free with sim_close(). On
 * failure err says why (a bad fixture names the path inside it). */
int sim_open(const struct sim_options *o, struct sim **out, struct sim_err *err);

/* Stops the ticker (if running) and closes the database. NULL is a no-op. */
void sim_close(struct sim *s);

/* Starts a thread that moves the engine with the real clock (timers, syncs,
 * expiry) every period_ms. Manual mode never moves on its own. */
int sim_ticker_start(struct sim *s, int period_ms, struct sim_err *err);
void sim_ticker_stop(struct sim *s);

/* Runs everything that is due at the current simulated time. */
int sim_tick(struct sim *s, struct sim_err *err);

/* Tests only: arms store_faultsim() on the engine's database, under the
 * engine lock (store/store.h). */
void sim_faultsim(struct sim *s, int nth_write, int nth_commit);

/* Replaces all state with the fixture the engine was opened with. */
int sim_reset(struct sim *s, struct sim_err *err);

/* Whole-state save and restore by name ([A-Za-z0-9_.-], 1..64 chars, not
 * starting with '.'), one SQLite file per checkpoint (sim/checkpoint.c
 * explains the order of the steps). A save replaces a checkpoint of the
 * same name only once the new one is whole on disk. A load checks the
 * file first (SIM_EBAD_CHECKPOINT when it is not a usable rcsim database)
 * and replaces the live state in one transaction: a failed load leaves it
 * as it was. Time never goes back on a load. Saving over an existing
 * checkpoint is refused (SIM_EEXIST_CHECKPOINT) unless replace is set. */
#define SIM_CHECKPOINT_NAME_MAX 64
int sim_checkpoint_save(struct sim *s, const char *name, bool replace, struct sim_err *err);
int sim_checkpoint_load(struct sim *s, const char *name, struct sim_err *err);

struct sim_checkpoint_view {
    char name[SIM_CHECKPOINT_NAME_MAX + 1];
    bool valid;                 /* false: a load would refuse it */
    char why[160];              /* when not valid: what is wrong with the file */
    int64_t saved_ms;           /* when its file was written (wall clock, not simulated) */
    uint64_t bytes;             /* its size */
};
/* The checkpoints by name, usable or not (a quick look at each file's
 * header; a load makes the full check). *out is a new array (free()). */
int sim_checkpoint_list(struct sim *s, struct sim_checkpoint_view **out, size_t *n,
                        struct sim_err *err);
/* Removes a checkpoint (SIM_ENOENT_CHECKPOINT when there is none). */
int sim_checkpoint_delete(struct sim *s, const char *name, struct sim_err *err);

/* What the database takes on disk: live_bytes in use, allocated_bytes the
 * database spans (free pages are reused by later writes), the files as
 * they are now. Stored blocks are freed with the last volume or snapshot
 * row that holds them (docs/behaviour.md "Storage and data"). */
struct sim_db_space {
    uint64_t live_bytes;
    uint64_t free_bytes;
    uint64_t allocated_bytes;
    uint64_t file_bytes;
    uint64_t wal_bytes;
};
int sim_db_space(struct sim *s, struct sim_db_space *out, struct sim_err *err);

/* Holds the engine lock across several sim_ calls (the lock is recursive:
 * each call takes it again), so that a read made of many parts, such as
 * GET /status or showrcopy, sees one state and queues for the lock once
 * instead of once per part. Pair every sim_hold() with sim_unhold() on the
 * same thread. Never hold it across sim_event_wait() or while waiting on a
 * client: every other request waits meanwhile. */
void sim_hold(struct sim *s);
void sim_unhold(struct sim *s);

/* A number that changes whenever any state changes (for cheap polling). */
uint64_t sim_generation(struct sim *s);

#endif
