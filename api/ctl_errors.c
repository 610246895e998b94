/* api/ctl_errors.c - the only place a refusal becomes a control API HTTP
 * status. The JSON body names the code with sim_rc_name(); the detail is the
 * engine's own. A unit test fails on any sim_rc missing here. Spec:
 * docs/control-api.md "Errors". */
#include "api/ctl_internal.h"

#include <cjson/cJSON.h>

static const unsigned short ctl_status[SIM_RC__COUNT] = {
    [SIM_OK] = 200,
    [SIM_EINVAL] = 400,
    [SIM_ENAME_TOOLONG] = 400,
    [SIM_ENAME_BADCHAR] = 400,
    [SIM_ETOOLONG] = 400,
    [SIM_ETOOMANY] = 400,
    [SIM_ESIZE_ZERO] = 400,
    [SIM_ESIZE_TOOBIG] = 400,
    [SIM_ERANGE] = 400,
    [SIM_EIO_RANGE] = 400,
    [SIM_EIO_TOOBIG] = 413,
    [SIM_EIO_INJECTED] = 500,
    [SIM_EREADONLY] = 409,
    [SIM_ENOENT_ARRAY] = 404,
    [SIM_ENOENT_USER] = 404,
    [SIM_ENOENT_CPG] = 404,
    [SIM_EEXIST_CPG] = 409,
    [SIM_EBUSY_CPG] = 409,
    [SIM_ENOENT_DOMAIN] = 404,
    [SIM_EEXIST_DOMAIN] = 409,
    [SIM_EBUSY_DOMAIN] = 409,
    [SIM_ENOENT_VV] = 404,
    [SIM_EEXIST_VV] = 409,
    [SIM_EEXIST_VVID] = 409,
    [SIM_EHAS_SNAPSHOTS] = 409,
    [SIM_EVV_IN_RCOPY] = 409,
    [SIM_EVV_EXPORTED] = 409,
    [SIM_EVV_IS_SNAPSHOT] = 409,
    [SIM_EGROW_SIZE] = 400,
    [SIM_ENOENT_CHECKPOINT] = 404,
    [SIM_EEXIST_CHECKPOINT] = 409,
    [SIM_ENOENT_TIMED_FAULT] = 404,
    [SIM_EBAD_CHECKPOINT] = 422,
    [SIM_ENOENT_TASK] = 404,
    [SIM_ECOPY_ACTIVE] = 409,
    [SIM_ENOT_COPY] = 409,
    [SIM_EAUTH] = 401,
    [SIM_EPERM] = 403,
    [SIM_EAUTH_LOCKED] = 401,
    [SIM_EPOWERED_OFF] = 503,
    [SIM_ECLOCK_MODE] = 409,
    [SIM_ECLOCK_BACKWARD] = 409,
    [SIM_ERC_NOT_STARTED] = 409,
    [SIM_ERC_STARTED] = 409,
    [SIM_ENOENT_TARGET] = 404,
    [SIM_EEXIST_TARGET] = 409,
    [SIM_ETARGET_NOT_READY] = 409,
    [SIM_ETARGET_IN_USE] = 409,
    [SIM_ENOENT_LINK] = 404,
    [SIM_ENOENT_WITNESS] = 404,
    [SIM_EAA_EXPORTED] = 409,
    [SIM_ETARGET_IN_GROUP] = 409,
    [SIM_EMULTI_TARGET] = 400,
    [SIM_ELAST_TARGET] = 409,
    [SIM_EEXIST_LINK] = 409,
    [SIM_ENOENT_GROUP] = 404,
    [SIM_EEXIST_GROUP] = 409,
    [SIM_EGROUP_STARTED] = 409,
    [SIM_EGROUP_NOT_STARTED] = 409,
    [SIM_ENOTSTOPPED] = 409,
    [SIM_EGROUP_EMPTY] = 409,
    [SIM_EROLE] = 409,
    [SIM_ENOT_SWITCHED] = 409,
    [SIM_EPRIMARY_ONLY] = 409,
    [SIM_ESECONDARY_ONLY] = 409,
    [SIM_ENOT_PERIODIC] = 409,
    [SIM_EMIXED_MODES] = 409,
    [SIM_ENOT_TARGET_OF_GROUP] = 409,
    [SIM_EONE_SYNC_TARGET] = 409,
    [SIM_EPARAM_CONFLICT] = 400,
    [SIM_EVV_SIZE_MISMATCH] = 409,
    [SIM_EVV_IN_GROUP] = 409,
    [SIM_ENOENT_GROUP_VV] = 404,
    [SIM_EGROUP_SYNCING] = 409,
    [SIM_EFAILSAFE] = 409,
    [SIM_EINVAL_POLICY] = 400,
    [SIM_ENO_SNAP_SPACE] = 409,
    [SIM_ENOENT_HOST] = 404,
    [SIM_EEXIST_HOST] = 409,
    [SIM_EHOST_IN_SET] = 409,
    [SIM_ESET_IN_RCOPY] = 409,
    [SIM_ERETAINED] = 409,
    [SIM_ENOENT_SCHED] = 404,
    [SIM_EEXIST_SCHED] = 409,
    [SIM_ESCHED_FORMAT] = 400,
    [SIM_EEXIST_PATH] = 409,
    [SIM_ENOENT_PATH] = 404,
    [SIM_ENOENT_SET] = 404,
    [SIM_EEXIST_SET] = 409,
    [SIM_EEXIST_MEMBER] = 409,
    [SIM_ENOENT_MEMBER] = 404,
    [SIM_ENOENT_VLUN] = 404,
    [SIM_EEXIST_VLUN] = 409,
    [SIM_ENOENT_PORT] = 404,
    [SIM_ENOENT_QOS] = 404,
    [SIM_EEXIST_QOS] = 409,
    [SIM_ENOENT_KEY] = 404,
    [SIM_EEXIST_KEY] = 409,
    [SIM_EBUSY] = 503,
    [SIM_EINTERNAL] = 500,
};

unsigned ctl_http_status(enum sim_rc rc)
{
    if ((unsigned)rc >= SIM_RC__COUNT || !ctl_status[rc])
        return 500;
    return ctl_status[rc];
}

bool ctl_http_status_defined(enum sim_rc rc)
{
    return (unsigned)rc < SIM_RC__COUNT && ctl_status[rc] != 0;
}

cJSON *ctl_json_error(const char *error, const char *message, const char *subject)
{
    cJSON *o = ctl_json_object();
    ctl_json_str(o, "error", error);
    ctl_json_str(o, "message", message ? message : "");
    if (subject && *subject)
        ctl_json_str(o, "subject", subject);
    return o;
}
