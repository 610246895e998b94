/* sim/rcstats.c - what the replication links carried: the bytes the
 * remote-copy engine sent, per group and per 5-minute sample, for
 * srstatrcopy. Owns: the byte counters (in memory, like the array's own
 * performance samples until System Reporter collects them; they start over
 * on restart and reset) and the per-link split. Not: moving data
 * (resync.c calls sim_rc_stats_add() where a block goes to the peer).
 * Spec: docs/behaviour.md (srstatrcopy). A group's bytes go over its
 * target's links that are up, shared as the engine shares them: by
 * bandwidth less loss. */
#include "sim/internal.h"
#include "sim/rcopy.h"
#include "sim/rcstats.h"
#include "store/rcopy.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define STATS_MAX 1024          /* samples kept; the oldest go first */
#define LINKS_MAX 8

struct rcstat {
    int64_t group_id, bucket;
    char array[32], group[32], target[32];
    size_t nlinks;
    char nsp[LINKS_MAX][16], addr[LINKS_MAX][48];
    int64_t weight[LINKS_MAX];
    int64_t bytes;
};

struct sim_rcstats {
    struct rcstat e[STATS_MAX];
    size_t n;
    size_t last;                /* the entry added to last: most blocks go there */
};

/* The links of the group's target as they are now, with their share. */
static void entry_links(struct sim *s, const struct store_target_row *t, struct rcstat *e)
{
    struct store_link_row *l;
    size_t n;
    if (store_link_list(s->st, t->id, &l, &n))
        return;
    for (size_t i = 0; i < n && e->nlinks < LINKS_MAX; i++) {
        size_t k = e->nlinks++;
        rc_strlcpy(e->nsp[k], l[i].local_nsp, sizeof(e->nsp[k]));
        rc_strlcpy(e->addr[k], l[i].address, sizeof(e->addr[k]));
        e->weight[k] = l[i].up ? (int64_t)l[i].bandwidth * (100 - l[i].loss) : 0;
    }
    free(l);
}

static struct rcstat *entry_new(struct sim *s, struct sim_rcstats *st, int64_t group_id,
                                int64_t bucket)
{
    struct store_group_row g;
    struct store_target_row t;
    struct store_array_row a;
    if (store_group_get_by_id(s->st, group_id, &g) != 1 ||
        store_target_get_by_id(s->st, g.target_id, &t) != 1 ||
        store_array_get_by_id(s->st, g.array_id, &a) != 1)
        return NULL;
    if (st->n == STATS_MAX) {
        /* drop the oldest sample */
        size_t old = 0;
        for (size_t i = 1; i < st->n; i++)
            if (st->e[i].bucket < st->e[old].bucket)
                old = i;
        st->e[old] = st->e[--st->n];
    }
    struct rcstat *e = &st->e[st->n++];
    memset(e, 0, sizeof(*e));
    e->group_id = group_id;
    e->bucket = bucket;
    rc_strlcpy(e->array, a.name, sizeof(e->array));
    rc_strlcpy(e->group, g.name, sizeof(e->group));
    rc_strlcpy(e->target, t.name, sizeof(e->target));
    entry_links(s, &t, e);
    return e;
}

void sim_rc_stats_add(struct sim *s, int64_t group_id, int64_t bytes)
{
    if (!s->rcstats)
        s->rcstats = xcalloc(1, sizeof(*s->rcstats));
    struct sim_rcstats *st = s->rcstats;
    int64_t bucket = sim_clock_now(s) / SIM_RC_STATS_SAMPLE_MS * SIM_RC_STATS_SAMPLE_MS;
    /* a resync sends many blocks in a row: the last entry first, then the
     * newest samples, at the end */
    if (st->last < st->n && st->e[st->last].group_id == group_id &&
        st->e[st->last].bucket == bucket) {
        st->e[st->last].bytes += bytes;
        return;
    }
    for (size_t i = st->n; i-- > 0;) {
        if (st->e[i].group_id == group_id && st->e[i].bucket == bucket) {
            st->e[i].bytes += bytes;
            st->last = i;
            return;
        }
    }
    struct rcstat *e = entry_new(s, st, group_id, bucket);
    if (e) {
        e->bytes += bytes;
        st->last = (size_t)(e - st->e);
    }
}

void sim_rc_stats_clear(struct sim *s)
{
    free(s->rcstats);
    s->rcstats = NULL;
}

static void add_row(struct sim_rcstat_view **v, size_t *n, size_t *cap, const struct rcstat *e,
                    const char *nsp, const char *addr, int64_t bytes, int64_t bucket)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = xrealloc(*v, *cap * sizeof(**v));
    }
    struct sim_rcstat_view *r = &(*v)[(*n)++];
    memset(r, 0, sizeof(*r));
    r->time_ms = bucket;
    rc_strlcpy(r->group, e->group, sizeof(r->group));
    rc_strlcpy(r->target, e->target, sizeof(r->target));
    rc_strlcpy(r->nsp, nsp, sizeof(r->nsp));
    rc_strlcpy(r->address, addr, sizeof(r->address));
    r->bytes = bytes;
}

/* Splits e's bytes over its links by weight (evenly when none was up);
 * the last link takes the rounding. */
static void split(const struct rcstat *e, int64_t bucket, struct sim_rcstat_view **v, size_t *n,
                  size_t *cap)
{
    int64_t total = 0, given = 0;
    for (size_t i = 0; i < e->nlinks; i++)
        total += e->weight[i];
    for (size_t i = 0; i < e->nlinks; i++) {
        int64_t share = i + 1 == e->nlinks ? e->bytes - given
                      : total ? e->bytes * e->weight[i] / total
                              : e->bytes / (int64_t)e->nlinks;
        given += share;
        add_row(v, n, cap, e, e->nsp[i], e->addr[i], share, bucket);
    }
    if (!e->nlinks)
        add_row(v, n, cap, e, "", "", e->bytes, bucket);
}

static int cmp_view(const void *pa, const void *pb)
{
    const struct sim_rcstat_view *a = pa, *b = pb;
    if (a->time_ms != b->time_ms)
        return a->time_ms < b->time_ms ? -1 : 1;
    int c = strcmp(a->target, b->target);
    if (c)
        return c;
    c = strcmp(a->nsp, b->nsp);
    return c ? c : strcmp(a->group, b->group);
}

int sim_rc_stats_list(struct sim *s, const char *array, int64_t sample_ms, int64_t from_ms,
                      int64_t to_ms, struct sim_rcstat_view **out, size_t *n,
                      struct sim_err *err)
{
    struct store_array_row a;
    SIM_LOCK_SCOPE(s);
    if (sim_array_load(s, array, &a, err))
        return -1;
    if (sample_ms < SIM_RC_STATS_SAMPLE_MS)
        sample_ms = SIM_RC_STATS_SAMPLE_MS;
    struct sim_rcstat_view *v = NULL;
    size_t len = 0, cap = 0;
    const struct sim_rcstats *st = s->rcstats;
    for (size_t i = 0; st && i < st->n; i++) {
        const struct rcstat *e = &st->e[i];
        if (strcmp(e->array, a.name) || e->bucket < from_ms || (to_ms && e->bucket >= to_ms))
            continue;
        split(e, e->bucket / sample_ms * sample_ms, &v, &len, &cap);
    }
    if (len)
        qsort(v, len, sizeof(*v), cmp_view);
    /* samples of one time, link and group add up (hourly and daily) */
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (k && !cmp_view(&v[k - 1], &v[i]))
            v[k - 1].bytes += v[i].bytes;
        else
            v[k++] = v[i];
    }
    *out = v ? v : xcalloc(1, sizeof(*v));
    *n = k;
    return 0;
}
