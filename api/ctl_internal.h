/* api/ctl_internal.h - what the control API's files share: the request and
 * response handed to route handlers, the route table, body accessors that
 * validate JSON types, JSON rendering of sim views and the sim_rc -> HTTP
 * status table. Only api/ctl_*.c include it. */
#ifndef RCSIM_API_CTL_INTERNAL_H
#define RCSIM_API_CTL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/json.h"
#include "sim/err.h"

struct sim;
struct ctl_server;
struct cJSON;
struct sim_array_view;
struct sim_port_view;
struct sim_clock_view;
struct sim_event_view;
struct sim_vv_view;
struct sim_target_view;
struct sim_link_view;
struct sim_group_view;
struct sim_task_view;

#define CTL_PREFIX "/sim/v1"
#define CTL_PARAMS_MAX 4
#define CTL_BODY_MAX (1u << 20)         /* 1 MiB */
/* A volume write with `data`: the base64 of the largest write
 * (SIM_IO_BYTES_MAX, 64 MiB: 85.3 MiB of text) and room for the rest of
 * the JSON. Only one body larger than CTL_BODY_MAX is read at a time. */
#define CTL_BODY_MAX_BIG ((size_t)((64ULL << 20) + 2) / 3 * 4 + (64u << 10))

/* One request as a handler sees it. Everything is borrowed for the
 * duration of the handler. */
struct ctl_req {
    struct sim *sim;
    struct ctl_server *cs;
    const char *method;
    const char *path;                   /* below CTL_PREFIX */
    const char *param[CTL_PARAMS_MAX];  /* the {} segments, in order */
    char param_buf[CTL_PARAMS_MAX][256];
    size_t n_param;
    const struct cJSON *body;           /* parsed object, or NULL if none */
    void *conn;                         /* the server's connection handle */
};

/* What a handler answers. Set json (owned: the server deletes it) or raw
 * (owned: the server frees it) and, optionally, status (default 200). */
struct ctl_resp {
    unsigned status;
    struct cJSON *json;
    void *raw;
    size_t raw_len;
    const char *content_type;           /* for raw; static string */
    /* A stream (text/event-stream) instead: read fills buf with up to max
     * bytes, blocking until it has some, and returns the count, or -1 at
     * the end; done frees ctx when the connection ends. */
    long (*stream_read)(void *ctx, char *buf, size_t max);
    void (*stream_done)(void *ctx);
    void *stream_ctx;
};

/* A handler returns 0 with resp filled, or -1 with err filled (the router
 * renders the refusal from the error table). */
typedef int (*ctl_handler_fn)(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);

enum ctl_route_flags {
    CTL_BIG_BODY = (1 << 0),            /* body up to CTL_BODY_MAX_BIG */
    CTL_NO_TOKEN = (1 << 1),            /* answered without the token */
};

struct ctl_route {
    const char *method;
    const char *pattern;                /* "/arrays/{}/cli": {} is one segment */
    ctl_handler_fn fn;
    unsigned flags;                     /* enum ctl_route_flags */
    const char *const *keys;            /* body fields allowed; NULL: no body */
};

/* ctl_routes.c: the route table, terminated by { NULL }. */
extern const struct ctl_route ctl_routes[];

/* Finds the route for method and path (below CTL_PREFIX), filling rq's
 * params. Returns 1 found, 0 no such path (*path_known false) or path known
 * with another method (*path_known true). */
int ctl_route_find(const char *method, const char *path, struct ctl_req *rq,
                   const struct ctl_route **out, bool *path_known);

/* ctl_server.c: a query parameter of the request, or NULL. */
const char *ctl_req_query(const struct ctl_req *rq, const char *key);
/* Whether the server reports ready (listeners up). */
bool ctl_server_is_ready(const struct ctl_server *cs);
/* Whether the server is shutting down (long polls end early). */
bool ctl_server_stopping(const struct ctl_server *cs);

/* ctl_body.c: typed access to body fields and query parameters. Each
 * returns 1 when present and valid (*out set), 0 when absent (and not
 * required), -1 with SIM_EINVAL in err when of the wrong type, out of
 * range, or absent but required. */
int ctl_body_str(const struct ctl_req *rq, const char *key, bool required, const char **out,
                 struct sim_err *err);
/* An integer >= 0 (JSON number without fraction, at most 2^53), or when
 * sizes is true also a string with a K/M/G/T suffix ("1G"). */
int ctl_body_u64(const struct ctl_req *rq, const char *key, bool required, bool sizes,
                 uint64_t *out, struct sim_err *err);
int ctl_body_bool(const struct ctl_req *rq, const char *key, bool required, bool *out,
                  struct sim_err *err);
/* A duration: a number of ms, or a string in the one duration syntax
 * (util/strutil.h: "90s", "1m30s", "1.5s"; a unit is required). */
int ctl_body_duration(const struct ctl_req *rq, const char *key, bool required, int64_t *ms,
                      struct sim_err *err);
int ctl_body_double(const struct ctl_req *rq, const char *key, bool required, double *out,
                    struct sim_err *err);
/* An array of strings; *out borrows the body's item. */
int ctl_body_strv(const struct ctl_req *rq, const char *key, bool required,
                  const struct cJSON **out, struct sim_err *err);
/* Query parameter as a non-negative integer (sizes: K/M/G/T allowed). */
int ctl_query_u64(const struct ctl_req *rq, const char *key, bool required, bool sizes,
                  uint64_t *out, struct sim_err *err);

/* The lab published by `rcsim lab run` (a JSON text the server keeps for
 * the lab view, NULL when none) and its version, bumped by every change.
 * get returns a copy (free()). */
char *ctl_server_lab_get(struct ctl_server *cs, uint64_t *version);
void ctl_server_lab_set(struct ctl_server *cs, const char *text);

/* ctl_stream.c: the lab view's event stream and the lab routes. */
int ctl_route_stream(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
int ctl_route_lab_get(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
int ctl_route_lab_put(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
int ctl_route_lab_delete(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
extern const char *const ctl_lab_keys[];

/* ctl_web.c: the lab view's files (embedded by the build), served at "/"
 * and under "/lab/" without a token (they hold no state). Whether url is
 * one of their paths, and the answer to a GET or HEAD of it. */
bool ctl_web_path(const char *url);
int ctl_web_send(void *conn, const char *url, const char *method);

/* ctl_timeline.c: the timed fault routes. */
int ctl_route_timeline_list(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
int ctl_route_timeline_add(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
int ctl_route_timeline_cancel(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err);
extern const char *const ctl_timeline_keys[];

/* ctl_errors.c: the HTTP status of a refusal (one table, every sim_rc). */
unsigned ctl_http_status(enum sim_rc rc);
/* Whether the table has an entry for rc (the unit test checks all). */
bool ctl_http_status_defined(enum sim_rc rc);
/* A new error body {"error", "message", "subject"}. */
struct cJSON *ctl_json_error(const char *error, const char *message, const char *subject);

/* ctl_json.c: rendering of sim views; each returns a new object, built
 * with api/json.h (which aborts when out of memory, like xmalloc). */
struct cJSON *ctl_json_from_array(const struct sim_array_view *a);
struct cJSON *ctl_json_from_port(const struct sim_port_view *p);
struct cJSON *ctl_json_from_clock(const struct sim_clock_view *c);
struct cJSON *ctl_json_from_event(const struct sim_event_view *e);
/* Remote copy: a target, a link (fault state included), a group with its
 * volume pairs, a task. */
struct cJSON *ctl_json_from_target(const struct sim_target_view *t);
struct cJSON *ctl_json_from_link(const struct sim_link_view *l);
struct cJSON *ctl_json_from_group(const struct sim_group_view *g);
struct cJSON *ctl_json_from_task(const struct sim_task_view *t);
/* The whole-simulator overview (GET /status). -1 with err on failure. */
int ctl_json_status(struct sim *s, struct cJSON **out, struct sim_err *err);

#endif
