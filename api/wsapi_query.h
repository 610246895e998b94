/* api/wsapi_query.h - the WSAPI's ?query="..." filters (api/ only).
 * Two forms, after stripping the quotes: "field EQ value [AND|OR ...]"
 * (volumes, VLUNs) and "FCPaths[wwn==A OR wwn==B] OR iSCSIPaths[name==X]"
 * (hosts). A term "list.key" matches when any element of the array member
 * "list" has key equal to the value; WWNs compare without case and colons.
 * Spec: docs/array-interfaces.md §2.3, §2.6, §2.7, §6 fact 17. */
#ifndef RCSIM_API_WSAPI_QUERY_H
#define RCSIM_API_WSAPI_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define WSAPI_FILTER_MAX 16

struct wsapi_filter {
    bool any;                   /* OR (true) or AND (false) of the terms */
    size_t n;
    struct { char field[64]; char value[256]; } terms[WSAPI_FILTER_MAX];
};

/* Parses q (already percent-decoded). Returns 0, or -1 when malformed. */
int wsapi_filter_parse(const char *q, struct wsapi_filter *f);
bool wsapi_filter_match(const struct wsapi_filter *f, const cJSON *obj);
/* Keeps the elements of the array members that match; returns members. */
cJSON *wsapi_filter_apply(const struct wsapi_filter *f, cJSON *members);

#endif
