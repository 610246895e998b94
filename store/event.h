/* store/event.h - the event log table. */
#ifndef RCSIM_STORE_EVENT_H
#define RCSIM_STORE_EVENT_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_event_row {
    int64_t id;
    int64_t time;
    char array[32];
    char kind[48];
    char severity[12];
    char object[64];
    char detail[256];
};

/* Appends a row; sets row->id. */
int store_event_append(struct store *st, struct store_event_row *row);
/* Rows with id > since (and array = array unless NULL), oldest first, at
 * most limit. *out new (free()). */
int store_event_list(struct store *st, const char *array, int64_t since, int64_t limit,
                     struct store_event_row **out, size_t *n);
int store_event_last_id(struct store *st, int64_t *out);
/* The array's rows of the given kinds (up to 8), oldest first, at most
 * limit. *out new (free()). */
int store_event_list_kinds(struct store *st, const char *array, const char *const *kinds,
                           size_t nkinds, int64_t limit, struct store_event_row **out,
                           size_t *n);

#endif
