/* api/wsapi_internal.h - shared by the api/wsapi*.c files only.
 *
 * A request travels: wsapi.c (MHD access handler: collects the body) ->
 * wsapi_routes.c (decodes the path, finds the route, checks the session and
 * role, parses and checks the JSON body) -> a handler wsapi_<resource>_<verb>
 * (calls sim/, builds a cJSON reply) -> wsapi.c (sends it). Handlers never
 * word a refusal: they pass a struct sim_err or a wsapi-level code to
 * wsapi_reply_error()/wsapi_reply_code() (api/wsapi_errors.c). */
#ifndef RCSIM_API_WSAPI_INTERNAL_H
#define RCSIM_API_WSAPI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "api/json.h"
#include "sim/array.h"
#include "sim/err.h"
#include "sim/sim.h"

struct sim;
struct wsapi;

#define WSAPI_MAX_SEGS 8
#define WSAPI_MAX_QUERY 8
#define WSAPI_BODY_MAX (1024 * 1024)
#define WSAPI_HDR_SESSION "X-Hp3Par-Wsapi-Sessionkey"

enum wsapi_method { WM_GET, WM_POST, WM_PUT, WM_DELETE, WM_OTHER };

/* wsapi-level refusals: what the router and handlers detect themselves
 * (body validation, sessions, routing). Rendered by wsapi_reply_code(). */
enum wsapi_code {
    WC_INV_INPUT,           /* unknown key, malformed value */
    WC_BAD_JSON,            /* the body is not JSON */
    WC_WRONG_TYPE,
    WC_MISSING_REQUIRED,
    WC_BAD_ENUM,
    WC_EXCEEDS_LENGTH,
    WC_ILLEGAL_CHAR,
    WC_BELOW_RANGE,
    WC_EXCEEDS_RANGE,
    WC_EMPTY_STR,
    WC_PARAM_CONFLICT,
    WC_PARAM_CONFLICT_409,  /* promote with online and priority */
    WC_ONE_REQUIRED,
    WC_TOO_LARGE,           /* a volume size past the limit */
    WC_BAD_PORT,            /* port specification (VLUN n:s:p) */
    WC_BAD_TASK_ID,         /* /tasks/<not an integer> */
    WC_TASK_NOT_ACTIVE,     /* cancel of a finished task */
    WC_NO_SESSION,          /* missing, unknown or expired key: 401 */
    WC_INV_USER_PASS,       /* 403 */
    WC_PERM_DENIED,         /* role too weak: 403 */
    WC_NO_SUCH_PATH,        /* no route: 404 */
    WC_METHOD,              /* route exists, method does not: 405 */
    WC_BODY_TOO_LARGE,      /* 413 */
    WC_NO_FLASH_CACHE,      /* 404/285 */
    WC_UNSUPPORTED,         /* an action this simulator does not model */
    WC_INTERNAL,
    WC__COUNT
};

/* One query parameter: key as sent, value decoded (owned), and raw, the
 * value as sent (borrowed: valid for the request), which the response
 * cache keys on. */
struct wsapi_query_kv { const char *key; char *value; const char *raw; };

struct wsapi_req {
    struct wsapi *w;
    struct sim *s;
    const char *array;          /* the array this listener serves */
    enum wsapi_method method;
    char *path;                 /* raw path (owned) */
    char *segs[WSAPI_MAX_SEGS]; /* decoded segments after /api/v1 (owned) */
    size_t nseg;
    struct wsapi_query_kv query[WSAPI_MAX_QUERY]; /* decoded (owned values) */
    size_t nquery;
    bool query_bad;             /* a value with a malformed escape or %00 */
    bool query_many;            /* more than WSAPI_MAX_QUERY parameters */
    const char *session_key;    /* header value, or NULL */
    const char *source;         /* the client (util/netaddr.h), or NULL */
    const cJSON *body;          /* parsed body (router owns), or NULL */
    char user[32];
    enum sim_user_role role;
    /* the reply, filled by the handler or an error function */
    unsigned status;
    cJSON *reply;               /* owned; NULL: empty body */
    char *reply_text;           /* owned; a ready body (cached), instead of reply */
    char *location;             /* owned; Location header path, or NULL */
};

/* --- errors (wsapi_errors.c) ------------------------------------------ */
struct wsapi_err_entry { unsigned http; int code; const char *desc; };
/* The table entry for rc (never NULL; an unknown rc gives the internal
 * error). */
const struct wsapi_err_entry *wsapi_err_for_rc(enum sim_rc rc);
/* The raw table entries, NULL when missing (for the unit test). */
const struct wsapi_err_entry *wsapi_err_lookup_rc(enum sim_rc rc);
const struct wsapi_err_entry *wsapi_err_lookup_code(enum wsapi_code c);
const struct wsapi_err_entry *wsapi_err_for_code(enum wsapi_code c);
/* Fill rq's status and {code, desc[, ref]} body from a refusal. Return -1
 * so a handler can write `return wsapi_reply_error(rq, &err);`. */
int wsapi_reply_error(struct wsapi_req *rq, const struct sim_err *err);
int wsapi_reply_code(struct wsapi_req *rq, enum wsapi_code c, const char *ref);

/* --- replies (wsapi_routes.c) ------------------------------------------ */
/* Takes ownership of body (may be NULL). Returns 0. */
int wsapi_reply(struct wsapi_req *rq, unsigned status, cJSON *body);
/* Sets the Location header to "/api/v1/<fmt...>". */
void wsapi_set_location(struct wsapi_req *rq, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* {"total": n, "members": members} (takes ownership of members). */
cJSON *wsapi_collection(cJSON *members);
/* The decoded value of a query parameter, or NULL. */
const char *wsapi_query_get(const struct wsapi_req *rq, const char *key);

/* --- the router (wsapi_routes.c) --------------------------------------- */
/* Splits a raw path ("/api/v1/hosts/B%26d") at '/', percent-decodes each
 * segment, and stores the segments after the "/api/v1" prefix in segs
 * (new strings). *api_root is true for the bare "/api" (or "/api/").
 * Returns 0, -1 for a path outside /api or too many segments, or -2 for a
 * malformed escape or an escaped NUL. */
int wsapi_path_split(const char *path, char **segs, size_t max, size_t *n, bool *api_root);
/* Parses a raw query string "a=b&c=d" into kv (decoded, new values; keys
 * and raw values point into a new copy kept in *store). Returns 0 or -1. */
int wsapi_query_parse(const char *raw, struct wsapi_query_kv *kv, size_t max, size_t *n,
                      char **store);

/* Runs a whole request: route, session, role, body, handler. body_len 0:
 * no body. body_too_large: the body passed the cap (413). */
void wsapi_dispatch(struct wsapi_req *rq, const char *body, size_t body_len,
                    bool body_too_large);
void wsapi_req_release(struct wsapi_req *rq);

/* --- body validation (wsapi_body.c) ------------------------------------ */
enum wsapi_ftype { WF_STR, WF_INT, WF_BOOL, WF_OBJ, WF_ARR_STR, WF_ARR_OBJ, WF_ANY };
enum wsapi_fflags {
    WF_REQUIRED = (1 << 0),
    WF_NULLABLE = (1 << 1),     /* a required member: null counts as missing (40) */
    WF_NAME     = (1 << 2),     /* an object name: illegal characters -> 69 */
    WF_NONEMPTY = (1 << 3),     /* "" -> 45 */
};
struct wsapi_field {
    const char *key;
    enum wsapi_ftype type;
    unsigned flags;
    int64_t min, max;           /* WF_INT range, WF_STR max length (0: none) */
    enum wsapi_code above;      /* code when > max (default exceeds range) */
    const struct wsapi_field *sub; /* keys of WF_OBJ / WF_ARR_OBJ elements */
};
/* Checks obj against fields (terminated by { NULL }): unknown keys first,
 * then each field's type, presence, range, length and characters; a null
 * optional member counts as absent. On a fault replies the error and
 * returns -1. obj NULL counts as {}. */
int wsapi_body_check(struct wsapi_req *rq, const cJSON *obj, const struct wsapi_field *fields);
/* Typed readers for a checked body: absent or null gives the default. */
const char *wb_str(const cJSON *o, const char *k);          /* NULL if absent */
int64_t wb_int(const cJSON *o, const char *k, int64_t dflt);
bool wb_bool(const cJSON *o, const char *k, bool dflt);
bool wb_has(const cJSON *o, const char *k);                 /* present, not null */
bool wb_given(const cJSON *o, const char *k);   /* present, not null, not false */
/* The strings of the checked array of strings o[k], borrowed, in a new
 * NULL-terminated array (free() it; the strings stay the body's); NULL
 * and *n 0 when absent. */
const char **wb_strv(const cJSON *o, const char *k, size_t *n);
/* Members a and b of o may not both be given (wb_given): 400/44 naming
 * both, and -1; otherwise 0. */
int wsapi_conflict(struct wsapi_req *rq, const cJSON *o, const char *a, const char *b);
/* The characters WSAPI refuses in object names. */
bool wsapi_name_has_illegal(const char *s);

/* --- sessions (wsapi_session.c) ---------------------------------------- */
struct wsapi_sessions;
/* idle_ms: a session unused this long is gone (<= 0: the default). max:
 * sessions kept in all (0: the default); a new one past it ends the one
 * unused the longest. */
struct wsapi_sessions *wsapi_sessions_new(int64_t idle_ms, size_t max);
void wsapi_sessions_free(struct wsapi_sessions *ss);
/* Creates a session; key is written to key[keylen]. */
void wsapi_session_create(struct wsapi_sessions *ss, const char *array, const char *user,
                          enum sim_user_role role, char *key, size_t keylen);
/* Looks up and touches a live session: 1 found (user, role filled), 0 not. */
int wsapi_session_lookup(struct wsapi_sessions *ss, const char *array, const char *key,
                         char *user, size_t userlen, enum sim_user_role *role);
/* Deletes a session: 1 deleted, 0 unknown. */
int wsapi_session_delete(struct wsapi_sessions *ss, const char *array, const char *key);
/* Drops expired sessions, or every session of array (when not NULL). */
void wsapi_sessions_sweep(struct wsapi_sessions *ss, const char *array);
size_t wsapi_sessions_count(struct wsapi_sessions *ss, const char *array);
struct wsapi_sessions *wsapi_sessions_of(struct wsapi *w);

/* Replies to GETs of state-only resources, kept until the engine's
 * generation changes (wsapi.c). get: a new copy of the body text, or NULL. */
char *wsapi_cache_get(struct wsapi *w, const char *array, const char *key, uint64_t gen,
                      unsigned *status);
void wsapi_cache_put(struct wsapi *w, const char *array, const char *key, uint64_t gen,
                     unsigned status, const char *text);

/* Listener facts for /wsapiconfiguration (wsapi.c). */
void wsapi_listener_info(struct wsapi *w, const char *array, int *http_port, int *https_port);

/* Records a finished system task when the array shows none, so that GET
 * /tasks always has total > 0 (docs/array-interfaces.md §2.8) (wsapi_task.c). */
int wsapi_task_ensure_system(struct sim *s, const char *array, struct sim_err *err);

/* --- handlers ----------------------------------------------------------- */
typedef int (*wsapi_handler_fn)(struct wsapi_req *rq);

#define WSAPI_HANDLER(name) int name(struct wsapi_req *rq)
WSAPI_HANDLER(wsapi_version_get);
WSAPI_HANDLER(wsapi_credentials_post);
WSAPI_HANDLER(wsapi_credentials_delete);
WSAPI_HANDLER(wsapi_system_get);
WSAPI_HANDLER(wsapi_wsapiconf_get);
WSAPI_HANDLER(wsapi_capacity_get);
WSAPI_HANDLER(wsapi_ports_get);
WSAPI_HANDLER(wsapi_port_vlans_get);
WSAPI_HANDLER(wsapi_flashcache_get);
WSAPI_HANDLER(wsapi_flashcache_post);
WSAPI_HANDLER(wsapi_flashcache_delete);
WSAPI_HANDLER(wsapi_domains_get);
WSAPI_HANDLER(wsapi_domain_get);
WSAPI_HANDLER(wsapi_cpgs_get);
WSAPI_HANDLER(wsapi_cpg_get);
WSAPI_HANDLER(wsapi_cpgs_post);
WSAPI_HANDLER(wsapi_cpg_delete);
WSAPI_HANDLER(wsapi_spacereporter_post);
WSAPI_HANDLER(wsapi_volumes_get);
WSAPI_HANDLER(wsapi_volume_get);
WSAPI_HANDLER(wsapi_volumes_post);
WSAPI_HANDLER(wsapi_volume_post);
WSAPI_HANDLER(wsapi_volume_put);
WSAPI_HANDLER(wsapi_volume_delete);
WSAPI_HANDLER(wsapi_vvmeta_list);
WSAPI_HANDLER(wsapi_vvmeta_get);
WSAPI_HANDLER(wsapi_vvmeta_post);
WSAPI_HANDLER(wsapi_vvmeta_put);
WSAPI_HANDLER(wsapi_vvmeta_delete);
WSAPI_HANDLER(wsapi_vvsets_get);
WSAPI_HANDLER(wsapi_vvset_get);
WSAPI_HANDLER(wsapi_vvsets_post);
WSAPI_HANDLER(wsapi_vvset_post);
WSAPI_HANDLER(wsapi_vvset_put);
WSAPI_HANDLER(wsapi_vvset_delete);
WSAPI_HANDLER(wsapi_qos_list);
WSAPI_HANDLER(wsapi_qos_get);
WSAPI_HANDLER(wsapi_qos_post);
WSAPI_HANDLER(wsapi_qos_put);
WSAPI_HANDLER(wsapi_qos_delete);
WSAPI_HANDLER(wsapi_hosts_get);
WSAPI_HANDLER(wsapi_host_get);
WSAPI_HANDLER(wsapi_hosts_post);
WSAPI_HANDLER(wsapi_host_put);
WSAPI_HANDLER(wsapi_host_delete);
WSAPI_HANDLER(wsapi_hostsets_get);
WSAPI_HANDLER(wsapi_hostset_get);
WSAPI_HANDLER(wsapi_hostsets_post);
WSAPI_HANDLER(wsapi_hostset_put);
WSAPI_HANDLER(wsapi_hostset_delete);
WSAPI_HANDLER(wsapi_vluns_get);
WSAPI_HANDLER(wsapi_vluns_post);
WSAPI_HANDLER(wsapi_vlun_delete);
WSAPI_HANDLER(wsapi_vlun_get);
WSAPI_HANDLER(wsapi_tasks_get);
WSAPI_HANDLER(wsapi_task_get);
WSAPI_HANDLER(wsapi_task_put);
WSAPI_HANDLER(wsapi_rcopy_get);
WSAPI_HANDLER(wsapi_rcgroups_get);
WSAPI_HANDLER(wsapi_rcgroups_post);
WSAPI_HANDLER(wsapi_rcgroup_get);
WSAPI_HANDLER(wsapi_rcgroup_put);
WSAPI_HANDLER(wsapi_rcgroup_post);
WSAPI_HANDLER(wsapi_rcgroup_delete);
WSAPI_HANDLER(wsapi_rcgroup_volumes_get);
WSAPI_HANDLER(wsapi_rcgroup_volumes_post);
WSAPI_HANDLER(wsapi_rcgroup_volume_get);
WSAPI_HANDLER(wsapi_rcgroup_volume_delete);
WSAPI_HANDLER(wsapi_rcgroup_targets_get);
WSAPI_HANDLER(wsapi_rcgroup_target_get);
WSAPI_HANDLER(wsapi_rctargets_get);
WSAPI_HANDLER(wsapi_rctarget_get);
WSAPI_HANDLER(wsapi_rctarget_put);
WSAPI_HANDLER(wsapi_rclinks_get);
WSAPI_HANDLER(wsapi_rclink_get);

#endif
