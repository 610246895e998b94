/* api/json.h - building cJSON replies and request bodies: the one set of
 * helpers the WSAPI, the control API and the rcsim command share.
 * Every function aborts when cJSON cannot allocate, as xmalloc does
 * (util/xalloc.h), so callers never check a result. Ownership follows
 * cJSON: whoever creates a root deletes it; an item put into a parent
 * belongs to the parent. */
#ifndef RCSIM_API_JSON_H
#define RCSIM_API_JSON_H

#include <stdbool.h>
#include <stdint.h>

struct cJSON;

/* A new empty object or array; the caller owns it. */
struct cJSON *json_object(void);
struct cJSON *json_array(void);

/* Adds o[key] (key is copied). A NULL val is written as "". */
void json_put_str(struct cJSON *o, const char *key, const char *val);
void json_put_num(struct cJSON *o, const char *key, double val);
/* An integer as a JSON number. cJSON prints 15 significant digits: past
 * 10^15 the last digits are lost, as with json_put_num. */
void json_put_int(struct cJSON *o, const char *key, int64_t val);
void json_put_bool(struct cJSON *o, const char *key, bool val);
void json_put_null(struct cJSON *o, const char *key);
/* Adds o[key] = item and takes ownership of item. item NULL (a failed
 * cJSON_Create*) aborts as out of memory. */
void json_put(struct cJSON *o, const char *key, struct cJSON *item);
/* Appends item to array a and takes ownership of it; NULL aborts. */
void json_push(struct cJSON *a, struct cJSON *item);

#endif
