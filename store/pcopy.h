/* store/pcopy.h - physical copies of volumes in progress or kept for a
 * resync (one row per destination), and the blocks each still has to copy;
 * replication-port test servers (checkrclink). */
#ifndef RCSIM_STORE_PCOPY_H
#define RCSIM_STORE_PCOPY_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* The copy into dest: src (a vvs row id), the point-in-time snapshot of
 * src it copies from (0: none), the task that runs it; state 1 copying,
 * 2 done, 3 stopped. total and done count blocks; at is the simulated time
 * up to which copying has been accounted. */
struct store_pcopy_row {
    int64_t dest, array_id, src, snap, task_id;
    int online, save, state;
    int64_t total, done, at;
};

int store_pcopy_put(struct store *st, const struct store_pcopy_row *row); /* insert or replace */
int store_pcopy_get(struct store *st, int64_t dest, struct store_pcopy_row *out); /* 1/0/-1 */
int store_pcopy_get_by_task(struct store *st, int64_t task_id, struct store_pcopy_row *out);
int store_pcopy_delete(struct store *st, int64_t dest);
/* Every row (of every array) in state; *out new (free()). */
int store_pcopy_list_state(struct store *st, int state, struct store_pcopy_row **out,
                           size_t *n);
/* Rows whose source or snapshot is vv. */
int store_pcopy_list_by_src(struct store *st, int64_t vv, struct store_pcopy_row **out,
                            size_t *n);

int store_pcopy_queue_add(struct store *st, int64_t dest, int64_t blk);
/* The first max blocks to copy, in block order; *out new (free()). */
int store_pcopy_queue_head(struct store *st, int64_t dest, size_t max, int64_t **out,
                           size_t *n);
int store_pcopy_queue_remove(struct store *st, int64_t dest, int64_t blk);
int store_pcopy_queue_clear(struct store *st, int64_t dest);
int store_pcopy_queue_count(struct store *st, int64_t dest, int64_t *out);

struct store_link_server_row {
    int64_t array_id;
    char nsp[16];
    char address[48];
    int port;
    int64_t started;
};

int store_link_server_put(struct store *st, const struct store_link_server_row *row);
int store_link_server_get(struct store *st, int64_t array_id, const char *nsp,
                          struct store_link_server_row *out); /* 1/0/-1 */
int store_link_server_delete(struct store *st, int64_t array_id, const char *nsp);

#endif
