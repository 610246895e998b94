/* api/wsapi_errors.c - the only place a refusal becomes a WSAPI {code, desc}.
 * Owns: the HTTP status, code and text for every enum sim_rc and for the
 * wsapi-level refusals the router and handlers detect (body validation,
 * sessions, routing). Not: deciding whether something is refused (sim/).
 * Spec: docs/array-interfaces.md §1.5 (codes and exact texts the client
 * and its tests match), docs/array-remote-copy.md §1.8 (remote-copy codes). Where the
 * reference gives no number, the code is the nearest WSAPI symbol's. */
#include "api/wsapi_internal.h"
#include "util/log.h"

#include <stdio.h>

static const struct wsapi_err_entry rc_errs[SIM_RC__COUNT] = {
    [SIM_OK] = { 200, 0, "success" },
    [SIM_EINVAL] = { 400, 12, "invalid input" },
    [SIM_ENAME_TOOLONG] = { 400, 57, "invalid input: string length exceeds limit" },
    [SIM_ENAME_BADCHAR] = { 400, 69, "illegal character in input" },
    [SIM_ETOOLONG] = { 400, 57, "invalid input: string length exceeds limit" },
    [SIM_ETOOMANY] = { 400, 12, "invalid input: too many WWNs or iSCSI names" },
    [SIM_ESIZE_ZERO] = { 400, 115, "invalid input: number is below range" },
    [SIM_ESIZE_TOOBIG] = { 400, 28, "invalid input: the volume size is too large" },
    [SIM_ERANGE] = { 400, 43, "invalid input: number exceeds expected range" },
    [SIM_EIO_RANGE] = { 400, 43, "invalid input: I/O past the end of the volume" },
    [SIM_EIO_TOOBIG] = { 400, 43, "invalid input: I/O request too large" },
    [SIM_EIO_INJECTED] = { 500, 1, "internal error: I/O error" },
    [SIM_EREADONLY] = { 403, 92, "volume is read-only" },
    [SIM_ENOENT_ARRAY] = { 404, 12, "system does not exist" },
    [SIM_ENOENT_USER] = { 404, 3, "user does not exist" },
    [SIM_ENOENT_CPG] = { 404, 15, "cpg does not exist" },
    [SIM_EEXIST_CPG] = { 409, 14, "CPG Exists already" },
    [SIM_EBUSY_CPG] = { 409, 34, "cpg is in use by volumes" },
    [SIM_ENOENT_DOMAIN] = { 404, 38, "domain does not exist" },
    [SIM_EEXIST_DOMAIN] = { 409, 37, "domain exists" },
    [SIM_EBUSY_DOMAIN] = { 409, 36, "domain is in use" },
    [SIM_ENOENT_VV] = { 404, 23, "volume does not exist" },
    [SIM_EEXIST_VV] = { 409, 22, "volume exists" },
    [SIM_EEXIST_VVID] = { 409, 59, "the id is already in use" },
    [SIM_EHAS_SNAPSHOTS] = { 409, 32, "volume has a child" },
    [SIM_EVV_IN_RCOPY] = { 403, 120, "invalid operation: volume is in remote copy" },
    [SIM_EVV_EXPORTED] = { 409, 26, "has exported VLUN" },
    [SIM_EVV_IS_SNAPSHOT] = { 400, 128, "invalid operation: volume is a snapshot" },
    [SIM_EGROW_SIZE] = { 400, 152, "invalid input: the grow size must be positive" },
    [SIM_ENOENT_CHECKPOINT] = { 404, 12, "checkpoint does not exist" },
    [SIM_EEXIST_CHECKPOINT] = { 409, 12, "checkpoint already exists" },
    [SIM_ENOENT_TIMED_FAULT] = { 404, 12, "timed fault does not exist" },
    [SIM_EBAD_CHECKPOINT] = { 400, 12, "invalid input: checkpoint is not usable" },
    [SIM_ENOENT_TASK] = { 404, 145, "task does not exist" },
    /* 151: the code Cinder reads as "busy in a background task" and answers
     * with stopOnlinePhysicalCopy when the task is an online copy */
    [SIM_ECOPY_ACTIVE] = { 409, 151, "invalid operation: a physical copy of the volume is in progress" },
    [SIM_ENOT_COPY] = { 403, 155, "invalid operation: the volume has no physical parent" },
    [SIM_EAUTH] = { 403, 5, "invalid username or password" },
    [SIM_EPERM] = { 403, 7, "insufficient privileges" },
    [SIM_EAUTH_LOCKED] = { 403, 5, "invalid username or password: too many failed attempts, "
                                   "try again later" },
    [SIM_EPOWERED_OFF] = { 500, 1, "internal error: the system is not available" },
    [SIM_ECLOCK_MODE] = { 400, 12, "invalid input: wrong clock mode" },
    [SIM_ECLOCK_BACKWARD] = { 400, 12, "invalid input: time may not move backward" },
    [SIM_ERC_NOT_STARTED] = { 403, 183, "remote copy is not started" },
    [SIM_ERC_STARTED] = { 409, 184, "remote copy is already started" },
    [SIM_ENOENT_TARGET] = { 404, 186, "remote copy target does not exist" },
    [SIM_EEXIST_TARGET] = { 409, 185, "remote copy target exists" },
    [SIM_ETARGET_NOT_READY] = { 403, 196, "remote copy target is not ready" },
    [SIM_ETARGET_IN_USE] = { 409, 197, "remote copy target is in use by groups" },
    [SIM_ENOENT_LINK] = { 404, 198, "remote copy link does not exist" },
    [SIM_ENOENT_WITNESS] = { 404, 12, "quorum witness does not exist" },
    [SIM_ETARGET_IN_GROUP] = { 409, 12, "invalid input: the target is already in the group" },
    [SIM_EMULTI_TARGET] = { 400, 12, "invalid input: one sync and one periodic target per group" },
    [SIM_ENO_MAPPING] = { 400, 12, "invalid input: must specify a mapping" },
    [SIM_ETARGET_REQUIRED] = { 400, 12, "invalid input: the group has more than one target: "
                                        "give targetName" },
    [SIM_ELAST_TARGET] = { 409, 12, "invalid input: the group's only target" },
    [SIM_EAA_EXPORTED] = { 409, 34, "Please unexport the secondary volume so the host only has "
                                    "access to the primary volume and retry." },
    [SIM_EEXIST_LINK] = { 409, 199, "remote copy link exists" },
    [SIM_ENOENT_GROUP] = { 404, 187, "remote copy group does not exist" },
    [SIM_EEXIST_GROUP] = { 409, 237, "remote copy group exists" },
    /* 215 serves "has already been started" and "must be stopped first"
     * (removercopygroup, dismissrcopyvv: docs/array-remote-copy.md §2.4) */
    [SIM_EGROUP_STARTED] = { 403, 215, "remote-copy group has already been started" },
    [SIM_EGROUP_NOT_STARTED] = { 403, 216, "Remote copy not started" },
    [SIM_ENOTSTOPPED] = { 403, 284, "Remote copy group not stopped" },
    [SIM_EGROUP_EMPTY] = { 400, 217, "remote copy group has no volumes" },
    /* 29 is only "not previously switched" (docs/array-remote-copy.md §1.8); the role
     * and side refusals have no number in the reference: codes of our own,
     * texts of the client's error list (docs/array-remote-copy.md §2.6) */
    [SIM_EROLE] = { 403, 227, "Group is not in correct role for this operation" },
    [SIM_ENOT_SWITCHED] = { 400, 29, "the role of the remote copy group was not previously "
                                     "switched" },
    [SIM_EPRIMARY_ONLY] = { 403, 228, "Operation should only be issued on primary side" },
    [SIM_ESECONDARY_ONLY] = { 403, 229, "Operation should only be issued on secondary side" },
    [SIM_ENOT_PERIODIC] = { 403, 230, "Target in group is not periodic" },
    [SIM_EMIXED_MODES] = { 400, 236,
                           "Group with different modes on a single target is not supported" },
    [SIM_ENOT_TARGET_OF_GROUP] = { 403, 194,
                                   "specified target is not a target of remote copy group" },
    [SIM_EONE_SYNC_TARGET] = { 400, 231, "A group may have only a single synchronous target." },
    [SIM_EPARAM_CONFLICT] = { 400, 44,
                              "invalid input: parameters cannot be present at the same time" },
    [SIM_EVV_SIZE_MISMATCH] = { 403, 221, "secondary volume size does not match" },
    [SIM_EVV_IN_GROUP] = { 409, 222, "volume is already in a remote copy group" },
    [SIM_ENOENT_GROUP_VV] = { 404, 223, "volume is not in the remote copy group" },
    [SIM_EGROUP_SYNCING] = { 409, 224, "remote copy group is already synchronizing" },
    [SIM_EFAILSAFE] = { 403, 225, "remote copy group is in failsafe" },
    [SIM_EINVAL_POLICY] = { 403, 232, "Invalid policy for the group's mode" },
    [SIM_ENO_SNAP_SPACE] = { 403, 226, "volume has no snapshot space" },
    [SIM_ENOENT_HOST] = { 404, 17, "host does not exist" },
    [SIM_EEXIST_HOST] = { 409, 16, "host exists" },
    [SIM_EHOST_IN_SET] = { 409, 77, "host is a member of a set" },
    [SIM_ESET_IN_RCOPY] = { 403, 120, "invalid operation: set is in remote copy" },
    [SIM_ERETAINED] = { 403, 150, "the volume is retained" },
    [SIM_ENOENT_SCHED] = { 404, 23, "schedule does not exist" },
    [SIM_EEXIST_SCHED] = { 409, 22, "schedule already exists" },
    [SIM_ESCHED_FORMAT] = { 400, 40, "invalid schedule format" },
    [SIM_EEXIST_PATH] = { 409, 73, "path is already in use by another host" },
    [SIM_ENOENT_PATH] = { 404, 80, "path does not exist" },
    [SIM_ENOENT_SET] = { 404, 102, "set does not exist" },
    [SIM_EEXIST_SET] = { 409, 101, "set exists" },
    [SIM_EEXIST_MEMBER] = { 409, 104, "object is already part of the set" },
    [SIM_ENOENT_MEMBER] = { 404, 105, "object is not part of the set" },
    [SIM_ENOENT_VLUN] = { 404, 19, "VLUN does not exist" },
    [SIM_EEXIST_VLUN] = { 409, 20, "VLUN exists" },
    [SIM_ENOENT_PORT] = { 400, 55, "invalid input: port specification" },
    [SIM_ENOENT_QOS] = { 404, 100, "QoS rule does not exist" },
    [SIM_EEXIST_QOS] = { 409, 114, "QoS rule exists" },
    [SIM_ENOENT_KEY] = { 404, 180, "key does not exist" },
    [SIM_EEXIST_KEY] = { 409, 181, "key exists" },
    [SIM_EPATH_STANDBY] = { 409, 1, "the path to the volume is not active" },
    [SIM_EBUSY] = { 409, 1, "system is busy" },
    [SIM_EINTERNAL] = { 500, 1, "internal server error" },
};

static const struct wsapi_err_entry code_errs[WC__COUNT] = {
    [WC_INV_INPUT] = { 400, 12, "invalid input" },
    [WC_BAD_JSON] = { 400, 12, "invalid input: malformed JSON" },
    [WC_WRONG_TYPE] = { 400, 39, "invalid input: wrong type for value" },
    [WC_MISSING_REQUIRED] = { 400, 40, "invalid input: missing required field" },
    [WC_BAD_ENUM] = { 400, 46, "invalid input: bad enum value" },
    [WC_EXCEEDS_LENGTH] = { 400, 57, "invalid input: string length exceeds limit" },
    [WC_ILLEGAL_CHAR] = { 400, 69, "illegal character in input" },
    [WC_BELOW_RANGE] = { 400, 115, "invalid input: number is below range" },
    [WC_EXCEEDS_RANGE] = { 400, 43, "invalid input: number exceeds expected range" },
    [WC_EMPTY_STR] = { 400, 45, "invalid input: empty string" },
    [WC_PARAM_CONFLICT] = { 400, 44,
                            "invalid input: parameters cannot be present at the same time" },
    [WC_PARAM_CONFLICT_409] = { 409, 44,
                                "invalid input: parameters cannot be present at the same time" },
    [WC_ONE_REQUIRED] = { 400, 78, "invalid input: one of the parameters is required" },
    [WC_TOO_LARGE] = { 400, 28, "invalid input: the volume size is too large" },
    [WC_BAD_PORT] = { 400, 55, "invalid input: port specification" },
    [WC_BAD_TASK_ID] = { 400, 39, "invalid input: wrong type for value" },
    [WC_TASK_NOT_ACTIVE] = { 400, 146, "task is not active" },
    [WC_NO_SESSION] = { 401, 6, "invalid session key" },
    [WC_INV_USER_PASS] = { 403, 5, "invalid username or password" },
    [WC_PERM_DENIED] = { 403, 7, "insufficient privileges" },
    [WC_NO_SUCH_PATH] = { 404, 12, "invalid input: resource does not exist" },
    [WC_METHOD] = { 405, 12, "method not allowed on this resource" },
    [WC_BODY_TOO_LARGE] = { 413, 12, "invalid input: request body too large" },
    [WC_NO_FLASH_CACHE] = { 404, 285, "flash cache does not exist" },
    [WC_UNSUPPORTED] = { 400, 12, "invalid input: operation not supported" },
    [WC_INTERNAL] = { 500, 1, "internal server error" },
};

const struct wsapi_err_entry *wsapi_err_lookup_rc(enum sim_rc rc)
{
    return (unsigned)rc < SIM_RC__COUNT && rc_errs[rc].desc ? &rc_errs[rc] : NULL;
}

const struct wsapi_err_entry *wsapi_err_lookup_code(enum wsapi_code c)
{
    return (unsigned)c < WC__COUNT && code_errs[c].desc ? &code_errs[c] : NULL;
}

const struct wsapi_err_entry *wsapi_err_for_rc(enum sim_rc rc)
{
    const struct wsapi_err_entry *e = wsapi_err_lookup_rc(rc);
    return e && rc != SIM_OK ? e : &rc_errs[SIM_EINTERNAL];
}

const struct wsapi_err_entry *wsapi_err_for_code(enum wsapi_code c)
{
    const struct wsapi_err_entry *e = wsapi_err_lookup_code(c);
    return e ? e : &code_errs[WC_INTERNAL];
}

static int reply_entry(struct wsapi_req *rq, const struct wsapi_err_entry *e, const char *ref)
{
    cJSON *o = json_object();
    json_put_num(o, "code", e->code);
    json_put_str(o, "desc", e->desc);
    if (ref && *ref)
        json_put_str(o, "ref", ref);
    wsapi_reply(rq, e->http, o);
    return -1;
}

int wsapi_reply_error(struct wsapi_req *rq, const struct sim_err *err)
{
    const struct wsapi_err_entry *e = wsapi_err_for_rc(err->rc);
    if (e->http >= 500)
        rclog(RCLOG_ERROR, "%s: %s %s: %s: %s", rq->array, sim_rc_name(err->rc),
              err->subject, err->detail, rq->path ? rq->path : "");
    else
        rclog(RCLOG_DEBUG, "%s: refused %s '%s': %s", rq->array, sim_rc_name(err->rc),
              err->subject, err->detail);
    return reply_entry(rq, e, err->subject);
}

int wsapi_reply_code(struct wsapi_req *rq, enum wsapi_code c, const char *ref)
{
    return reply_entry(rq, wsapi_err_for_code(c), ref);
}
