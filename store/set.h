/* store/set.h - rows of host sets (kind 1) and volume sets (kind 2) and
 * their members (host or volume row ids, in insertion order). */
#ifndef RCSIM_STORE_SET_H
#define RCSIM_STORE_SET_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_set_row {
    int64_t id, array_id;
    int kind;
    int64_t setid;
    char name[32], domain[32], comment[256], uuid[37];
    int flash_cache;            /* 0 unset, 1 enabled, 2 disabled */
    int64_t created;
    int64_t rc_group;           /* the RCP_ set of this group row id, or 0 */
};

struct store_set_member_row {
    int64_t set_id;
    int64_t member;             /* host or volume row id */
    char name[32];              /* the member's current name (read only) */
    int64_t seq;
};

int store_set_insert(struct store *st, struct store_set_row *row);
int store_set_update(struct store *st, const struct store_set_row *row);
int store_set_delete(struct store *st, int64_t id);
int store_set_get(struct store *st, int64_t array_id, int kind, const char *name,
                  struct store_set_row *out); /* 1/0/-1 */
int store_set_list(struct store *st, int64_t array_id, int kind, struct store_set_row **out,
                   size_t *n);
/* The RCP_ set a remote-copy group keeps: 1 (row filled), 0 none, -1. */
int store_set_get_by_group(struct store *st, int64_t group_id, struct store_set_row *out);
int store_set_max_id(struct store *st, int64_t array_id, int kind, int64_t *out);

int store_set_member_add(struct store *st, int64_t set_id, int kind, int64_t member);
int store_set_member_remove(struct store *st, int64_t set_id, int64_t member);
int store_set_member_clear(struct store *st, int64_t set_id);
/* Members of one set (set_id > 0) or of every set of the kind on the array
 * (set_id 0), by set then insertion order. */
int store_set_member_list(struct store *st, int64_t array_id, int kind, int64_t set_id,
                          struct store_set_member_row **out, size_t *n);
/* How many sets hold the object. */
int store_set_member_count(struct store *st, int kind, int64_t member, int64_t *out);

#endif
