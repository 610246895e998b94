/* api/ctl_errors.c - the only place a refusal becomes a control API HTTP
 * status, derived from the WSAPI's table. The JSON body names the code with
 * sim_rc_name(); the detail is the engine's own. A unit test fails on any
 * sim_rc without a status. Spec: docs/control-api.md "Errors". */
#include "api/ctl_internal.h"
#include "api/wsapi_internal.h"

#include <cjson/cJSON.h>

/* The control API's status is the WSAPI's (api/wsapi_errors.c, one table
 * for both), except that a refusal by the state of things, 403 on WSAPI
 * for the client library's sake, is a conflict here (409), and these,
 * where the two interfaces mean different things: */
static const unsigned short ctl_override[SIM_RC__COUNT] = {
    [SIM_EIO_TOOBIG] = 413,         /* a body too large, as HTTP says it */
    [SIM_EAUTH] = 401,              /* the control API's own token and logins */
    [SIM_EAUTH_LOCKED] = 401,
    [SIM_EPOWERED_OFF] = 503,       /* the array is down, not the simulator */
    [SIM_EBUSY] = 503,
    [SIM_EBAD_CHECKPOINT] = 422,    /* a file that is there but unusable */
    [SIM_ENOENT_PORT] = 404,        /* WSAPI takes it as bad input */
    [SIM_EINVAL_POLICY] = 400,      /* WSAPI's 403 is the client library's code */
    /* WSAPI answers these 400 (bad input); here they conflict with the
     * state the simulator is in */
    [SIM_EVV_IS_SNAPSHOT] = 409,
    [SIM_ECLOCK_MODE] = 409,
    [SIM_ECLOCK_BACKWARD] = 409,
    [SIM_EGROUP_EMPTY] = 409,
    [SIM_ENOT_SWITCHED] = 409,
    [SIM_EMIXED_MODES] = 409,
    [SIM_EONE_SYNC_TARGET] = 409,
};

unsigned ctl_http_status(enum sim_rc rc)
{
    if ((unsigned)rc >= SIM_RC__COUNT)
        return 500;
    if (rc == SIM_OK)
        return 200;
    if (ctl_override[rc])
        return ctl_override[rc];
    const struct wsapi_err_entry *e = wsapi_err_lookup_rc(rc);
    if (!e)
        return 500;
    return e->http == 403 && rc != SIM_EPERM ? 409 : e->http;
}

bool ctl_http_status_defined(enum sim_rc rc)
{
    return (unsigned)rc < SIM_RC__COUNT &&
           (rc == SIM_OK || ctl_override[rc] || wsapi_err_lookup_rc(rc) != NULL);
}

cJSON *ctl_json_error(const char *error, const char *message, const char *subject)
{
    cJSON *o = json_object();
    json_put_str(o, "error", error);
    json_put_str(o, "message", message ? message : "");
    if (subject && *subject)
        json_put_str(o, "subject", subject);
    return o;
}
