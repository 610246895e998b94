/* store/rcopy.h - rows of remote-copy targets, links, groups, volume
 * pairs, resync queues, the in-flight write log, tasks and injected
 * volume faults. */
#ifndef RCSIM_STORE_RCOPY_H
#define RCSIM_STORE_RCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct store_target_row {
    int64_t id, array_id;
    char name[32];
    int64_t local_no, peer_array_id;
    bool fc, mirror, enabled;
    int status;
    int64_t down_since;         /* when every link went down, 0: up */
    int64_t xfer_at;            /* transfer engine: time accounted up to */
    int64_t hb_ms, tgt_ms;      /* timeouts, 0: by mode */
    char witness[64], witness_state[16];
};

struct store_link_row {
    int64_t id, target_id;
    char local_nsp[16], address[48];
    bool up;
    int64_t down_at;
    int latency_ms, bandwidth, loss;
};

struct store_group_row {
    int64_t id, array_id;
    char name[40];
    int64_t target_id;
    char peer_name[40];
    int role, status, mode;
    int64_t period, snap_freq;
    uint32_t policies;
    char domain[32], l_usr_cpg[32], l_snp_cpg[32], r_usr_cpg[32], r_snp_cpg[32];
    int stop_reason;
    int64_t last_sync, next_sync;
    int cycle;
    int64_t created;
    int64_t lag_since;          /* async: when the queue last stopped being empty, 0 */
};

struct store_pair_row {
    int64_t id, group_id, vv;
    char remote_vv[32];
    int status;
    int64_t last_sync, base_snap, prot_snap, new_snap, seq, total, sent;
    int full;                   /* 0 delta ok, 1 next full, 2 skip, 3 full now, 4 last full */
    bool ever_synced;
};

struct store_task_row {
    int64_t id, array_id;
    int type;
    char name[64];
    int status;
    int64_t started, finished;
    int priority;
    char user[32];
    char detail[1024];
    int64_t group_id;
    int action;
};

int store_target_insert(struct store *st, struct store_target_row *r);
int store_target_update(struct store *st, const struct store_target_row *r);
int store_target_delete(struct store *st, int64_t id);
int store_target_get(struct store *st, int64_t array_id, const char *name,
                     struct store_target_row *out);                          /* 1/0/-1 */
int store_target_get_by_id(struct store *st, int64_t id, struct store_target_row *out);
/* The target on array_id that points at peer_array_id. */
int store_target_get_by_peer(struct store *st, int64_t array_id, int64_t peer_array_id,
                             struct store_target_row *out);                  /* 1/0/-1 */
/* Whether both arrays are on and run remote copy, the target and the
 * peer's target back are enabled and one of its links is up: 1 yes, 0 no,
 * -1 error. */
int store_target_reachable(struct store *st, int64_t target_id);
int store_target_list(struct store *st, int64_t array_id, struct store_target_row **out,
                      size_t *n);
/* Every target of every array. */
int store_target_list_all(struct store *st, struct store_target_row **out, size_t *n);

int store_link_insert(struct store *st, struct store_link_row *r);
int store_link_update(struct store *st, const struct store_link_row *r);
int store_link_delete(struct store *st, int64_t id);
int store_link_list(struct store *st, int64_t target_id, struct store_link_row **out,
                    size_t *n);
/* A link with this local port and address on any target of array_id. */
int store_link_find(struct store *st, int64_t array_id, const char *nsp, const char *address,
                    struct store_link_row *out);                             /* 1/0/-1 */

int store_group_insert(struct store *st, struct store_group_row *r);
int store_group_update(struct store *st, const struct store_group_row *r);
int store_group_delete(struct store *st, int64_t id);
/* A multi-target group has one row per target (a leg) on each array, all
 * of the same name: store_group_get gives the first made (lowest id),
 * store_group_get_leg the one toward target_id, store_group_legs every
 * one by id. */
int store_group_get(struct store *st, int64_t array_id, const char *name,
                    struct store_group_row *out);                            /* 1/0/-1 */
int store_group_get_leg(struct store *st, int64_t array_id, const char *name,
                        int64_t target_id, struct store_group_row *out);     /* 1/0/-1 */
int store_group_legs(struct store *st, int64_t array_id, const char *name,
                     struct store_group_row **out, size_t *n);
int store_group_get_by_id(struct store *st, int64_t id, struct store_group_row *out);
/* By name, the legs of a group together (by id). */
int store_group_list(struct store *st, int64_t array_id, struct store_group_row **out,
                     size_t *n);
int store_group_list_by_target(struct store *st, int64_t target_id,
                               struct store_group_row **out, size_t *n);
int store_group_list_all(struct store *st, struct store_group_row **out, size_t *n);

int store_pair_insert(struct store *st, struct store_pair_row *r);
int store_pair_update(struct store *st, const struct store_pair_row *r);
int store_pair_delete(struct store *st, int64_t id);
int store_pair_list(struct store *st, int64_t group_id, struct store_pair_row **out, size_t *n);
/* The pair (in any group) holding volume vv, the first leg's when the
 * volume is in a multi-target group: 1/0/-1. */
int store_pair_by_vv(struct store *st, int64_t vv, struct store_pair_row *out);
/* Every pair holding vv, one per leg, by id. */
int store_pair_list_by_vv(struct store *st, int64_t vv, struct store_pair_row **out, size_t *n);
/* The pair of vv in the group row group_id: 1/0/-1. */
int store_pair_get_in_group(struct store *st, int64_t group_id, int64_t vv,
                            struct store_pair_row *out);
int store_pair_by_snap(struct store *st, int64_t snap, struct store_pair_row *out);

/* resync queue and in-flight log (which is 0 or 1) */
int store_blkset_add(struct store *st, int which, int64_t pair_id, int64_t blk);
int store_blkset_remove(struct store *st, int which, int64_t pair_id, int64_t blk);
int store_blkset_clear(struct store *st, int which, int64_t pair_id);
int store_blkset_count(struct store *st, int which, int64_t pair_id, int64_t *out);
/* Up to max blocks in blk order: *out new (free()). */
int store_blkset_head(struct store *st, int which, int64_t pair_id, size_t max, int64_t **out,
                      size_t *n);
/* Adds the in-flight log of pair from_pair to the queue of to_pair. */
int store_blkset_merge_from(struct store *st, int64_t from_pair, int64_t to_pair);
/* Copies every block of set from into set to of the same pair. */
int store_blkset_merge(struct store *st, int from, int to, int64_t pair_id);
#define STORE_BLKSET_QUEUE 0
#define STORE_BLKSET_DIRTY 1

int store_task_insert(struct store *st, struct store_task_row *r);
int store_task_update(struct store *st, const struct store_task_row *r);
int store_task_get(struct store *st, int64_t id, struct store_task_row *out);  /* 1/0/-1 */
int store_task_list(struct store *st, int64_t array_id, struct store_task_row **out, size_t *n);
/* Active tasks of any array with this action pending (status 2). */
int store_task_list_active(struct store *st, struct store_task_row **out, size_t *n);

/* Quorum witness faults: whether array_id (0: anyone, the witness itself
 * being down) is cut from the witness at address: 1/0/-1; and setting or
 * clearing one. */
int store_witness_down(struct store *st, const char *address, int64_t array_id);
int store_witness_fault_set(struct store *st, const char *address, int64_t array_id, bool down);

int store_vv_fault_get(struct store *st, int64_t vv, int64_t *write_errors,
                       int64_t *read_errors);                                /* 1/0/-1 */
int store_vv_fault_set(struct store *st, int64_t vv, int64_t write_errors, int64_t read_errors);

#endif
