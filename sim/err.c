/* sim/err.c - refusal codes and their names. Spec: HACKING.md §4.5. */
#include "sim/err.h"
#include "util/strutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const rc_names[SIM_RC__COUNT] = {
    [SIM_OK] = "ok",
    [SIM_EINVAL] = "invalid",
    [SIM_ENAME_TOOLONG] = "name_too_long",
    [SIM_ENAME_BADCHAR] = "name_bad_char",
    [SIM_ETOOLONG] = "too_long",
    [SIM_ETOOMANY] = "too_many",
    [SIM_ESIZE_ZERO] = "size_zero",
    [SIM_ESIZE_TOOBIG] = "size_too_big",
    [SIM_ERANGE] = "out_of_range",
    [SIM_EIO_RANGE] = "io_past_end",
    [SIM_EIO_TOOBIG] = "io_too_big",
    [SIM_EIO_INJECTED] = "io_error_injected",
    [SIM_EREADONLY] = "read_only",
    [SIM_ENOENT_ARRAY] = "no_such_array",
    [SIM_ENOENT_USER] = "no_such_user",
    [SIM_ENOENT_CPG] = "no_such_cpg",
    [SIM_EEXIST_CPG] = "cpg_exists",
    [SIM_EBUSY_CPG] = "cpg_in_use",
    [SIM_ENOENT_DOMAIN] = "no_such_domain",
    [SIM_EEXIST_DOMAIN] = "domain_exists",
    [SIM_EBUSY_DOMAIN] = "domain_in_use",
    [SIM_ENOENT_VV] = "no_such_volume",
    [SIM_EEXIST_VV] = "volume_exists",
    [SIM_EEXIST_VVID] = "volume_id_exists",
    [SIM_EHAS_SNAPSHOTS] = "volume_has_snapshots",
    [SIM_EVV_IN_RCOPY] = "volume_in_remote_copy",
    [SIM_EVV_EXPORTED] = "volume_exported",
    [SIM_EVV_IS_SNAPSHOT] = "volume_is_snapshot",
    [SIM_EGROW_SIZE] = "bad_grow_size",
    [SIM_ENOENT_CHECKPOINT] = "no_such_checkpoint",
    [SIM_EEXIST_CHECKPOINT] = "checkpoint_exists",
    [SIM_ENOENT_TIMED_FAULT] = "no_such_timed_fault",
    [SIM_EBAD_CHECKPOINT] = "bad_checkpoint",
    [SIM_ENOENT_TASK] = "no_such_task",
    [SIM_ECOPY_ACTIVE] = "copy_in_progress",
    [SIM_ENOT_COPY] = "not_a_copy",
    [SIM_EAUTH] = "auth_failed",
    [SIM_EPERM] = "permission_denied",
    [SIM_EAUTH_LOCKED] = "auth_locked",
    [SIM_EPOWERED_OFF] = "powered_off",
    [SIM_ECLOCK_MODE] = "clock_mode",
    [SIM_ECLOCK_BACKWARD] = "clock_backward",
    [SIM_ERC_NOT_STARTED] = "rcopy_not_started",
    [SIM_ERC_STARTED] = "rcopy_started",
    [SIM_ENOENT_TARGET] = "no_such_target",
    [SIM_EEXIST_TARGET] = "target_exists",
    [SIM_ETARGET_NOT_READY] = "target_not_ready",
    [SIM_ETARGET_IN_USE] = "target_in_use",
    [SIM_ENOENT_WITNESS] = "no_such_witness",
    [SIM_EAA_EXPORTED] = "secondary_exported",
    [SIM_ETARGET_IN_GROUP] = "target_in_group",
    [SIM_EMULTI_TARGET] = "multi_target",
    [SIM_ELAST_TARGET] = "last_target",
    [SIM_ENO_MAPPING] = "no_mapping",
    [SIM_ETARGET_REQUIRED] = "target_required",
    [SIM_ENOENT_LINK] = "no_such_link",
    [SIM_EEXIST_LINK] = "link_exists",
    [SIM_ENOENT_GROUP] = "no_such_group",
    [SIM_EEXIST_GROUP] = "group_exists",
    [SIM_EGROUP_STARTED] = "group_started",
    [SIM_EGROUP_NOT_STARTED] = "group_not_started",
    [SIM_ENOTSTOPPED] = "group_not_stopped",
    [SIM_EGROUP_EMPTY] = "group_empty",
    [SIM_EROLE] = "wrong_role",
    [SIM_ENOT_SWITCHED] = "role_not_switched",
    [SIM_EPRIMARY_ONLY] = "primary_side_only",
    [SIM_ESECONDARY_ONLY] = "secondary_side_only",
    [SIM_ENOT_PERIODIC] = "group_not_periodic",
    [SIM_EMIXED_MODES] = "mixed_modes",
    [SIM_ENOT_TARGET_OF_GROUP] = "not_target_of_group",
    [SIM_EONE_SYNC_TARGET] = "one_sync_target",
    [SIM_EPARAM_CONFLICT] = "param_conflict",
    [SIM_EVV_SIZE_MISMATCH] = "volume_size_mismatch",
    [SIM_EVV_IN_GROUP] = "volume_in_group",
    [SIM_ENOENT_GROUP_VV] = "volume_not_in_group",
    [SIM_EGROUP_SYNCING] = "group_syncing",
    [SIM_EFAILSAFE] = "group_failsafe",
    [SIM_EINVAL_POLICY] = "invalid_policy",
    [SIM_ENO_SNAP_SPACE] = "no_snapshot_space",
    [SIM_ENOENT_HOST] = "no_such_host",
    [SIM_EEXIST_HOST] = "host_exists",
    [SIM_EHOST_IN_SET] = "host_in_set",
    [SIM_ESET_IN_RCOPY] = "set_in_remote_copy",
    [SIM_ERETAINED] = "volume_retained",
    [SIM_ENOENT_SCHED] = "schedule_not_found",
    [SIM_EEXIST_SCHED] = "schedule_exists",
    [SIM_ESCHED_FORMAT] = "schedule_format",
    [SIM_EEXIST_PATH] = "path_exists",
    [SIM_ENOENT_PATH] = "no_such_path",
    [SIM_ENOENT_SET] = "no_such_set",
    [SIM_EEXIST_SET] = "set_exists",
    [SIM_EEXIST_MEMBER] = "member_exists",
    [SIM_ENOENT_MEMBER] = "no_such_member",
    [SIM_ENOENT_VLUN] = "no_such_vlun",
    [SIM_EEXIST_VLUN] = "vlun_exists",
    [SIM_ENOENT_PORT] = "no_such_port",
    [SIM_ENOENT_QOS] = "no_such_qos_rule",
    [SIM_EEXIST_QOS] = "qos_rule_exists",
    [SIM_ENOENT_KEY] = "no_such_key",
    [SIM_EEXIST_KEY] = "key_exists",
    [SIM_EPATH_STANDBY] = "path_standby",
    [SIM_EBUSY] = "busy",
    [SIM_EINTERNAL] = "internal",
};

int sim_fail(struct sim_err *err, enum sim_rc rc, const char *subject, const char *fmt, ...)
{
    if (!err)
        return -1;
    err->rc = rc;
    rc_strlcpy(err->subject, subject ? subject : "", sizeof(err->subject));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
    va_end(ap);
    return -1;
}

const char *sim_rc_name(enum sim_rc rc)
{
    if ((unsigned)rc >= SIM_RC__COUNT || !rc_names[rc])
        return "unknown";
    return rc_names[rc];
}

void sim_err_clear(struct sim_err *err)
{
    memset(err, 0, sizeof(*err));
}
