/* cli/errors.c - the one place a refusal becomes CLI text (after sqlite3's
 * sqlite3ErrStr() and redis addReplyErrorLength()). Owns: cli_errs[], one
 * line per enum sim_rc, and cli_refuse(). Not: usage errors (dispatch.c).
 * Spec: docs/array-remote-copy.md §2.6 (texts quoted where the reference has
 * them), HACKING.md §4.5. Every line is printed after "Error: "; "%s" is the
 * subject the engine names (a volume, a group, a command). */
#include "cli/internal.h"
#include "sim/err.h"
#include "util/log.h"
#include "util/strbuf.h"

#include <string.h>

const char *const cli_errs[SIM_RC__COUNT] = {
    [SIM_OK] = "no error",
    /* generic input */
    [SIM_EINVAL] = "Invalid input: %s",
    [SIM_ENAME_TOOLONG] = "Name %s is too long: names take at most 31 characters (sets 27, "
                          "remote copy groups 22, targets 23)",
    [SIM_ENAME_BADCHAR] = "Invalid name %s: names use only letters, digits, '_', '.' and "
                          "'-', and do not start with '.' or '-'",
    [SIM_ETOOLONG] = "String too long: %s",
    [SIM_ETOOMANY] = "Too many items: %s",
    [SIM_ESIZE_ZERO] = "Invalid size for %s: the size must be greater than 0",
    [SIM_ESIZE_TOOBIG] = "Invalid size for %s: the size is above the maximum of 16 TiB "
                         "(16777216 MiB)",
    [SIM_ERANGE] = "Value %s is out of range",
    [SIM_EIO_RANGE] = "I/O on %s goes past the end of the volume",
    [SIM_EIO_TOOBIG] = "I/O request on %s is too large",
    [SIM_EIO_INJECTED] = "I/O error on %s",
    [SIM_EREADONLY] = "Volume %s is read-only",
    /* objects */
    [SIM_ENOENT_ARRAY] = "System %s does not exist",
    [SIM_ENOENT_USER] = "User %s does not exist",
    [SIM_ENOENT_CPG] = "CPG %s does not exist",
    [SIM_EEXIST_CPG] = "CPG %s already exists",
    [SIM_EBUSY_CPG] = "CPG %s is in use by one or more volumes and cannot be removed",
    [SIM_ENOENT_DOMAIN] = "Domain %s does not exist",
    [SIM_EEXIST_DOMAIN] = "Domain %s already exists",
    [SIM_EBUSY_DOMAIN] = "Domain %s still contains objects and cannot be removed",
    [SIM_ENOENT_VV] = "VV %s not found",
    [SIM_EEXIST_VV] = "VV %s already exists",
    [SIM_EEXIST_VVID] = "VV ID %s is already in use",
    [SIM_EHAS_SNAPSHOTS] = "VV %s has snapshots; remove them first",
    [SIM_EVV_IN_RCOPY] = "VV %s is in a Remote Copy group; dismiss it from the group first",
    [SIM_EVV_EXPORTED] = "VV %s is exported; remove its VLUNs first",
    [SIM_EVV_IS_SNAPSHOT] = "VV %s is a snapshot; the operation needs a base volume",
    [SIM_EGROW_SIZE] = "Invalid grow size for %s: the size must be greater than 0",
    [SIM_ENOENT_CHECKPOINT] = "Checkpoint %s does not exist",
    [SIM_EEXIST_CHECKPOINT] = "Checkpoint %s already exists",
    [SIM_ENOENT_TIMED_FAULT] = "Timed fault %s does not exist",
    [SIM_EBAD_CHECKPOINT] = "Checkpoint %s is not usable",
    [SIM_ENOENT_TASK] = "Task %s does not exist",
    [SIM_ECOPY_ACTIVE] = "VV %s is in a physical copy that is still running",
    [SIM_ENOT_COPY] = "VV %s is not a physical copy",
    /* access */
    [SIM_EAUTH] = "Authentication failed",
    [SIM_EPERM] = "Permission denied: your role may not run %s",
    [SIM_EAUTH_LOCKED] = "Too many failed login attempts for %s; try again later",
    [SIM_EPOWERED_OFF] = "System %s is not available",
    [SIM_ECLOCK_MODE] = "Operation %s is not possible in the current clock mode",
    [SIM_ECLOCK_BACKWARD] = "Time may not move backward (%s)",
    /* remote copy: service, targets, links (§2.6) */
    [SIM_ERC_NOT_STARTED] = "Remote Copy config is not started",
    [SIM_ERC_STARTED] = "Remote Copy is already started",
    [SIM_ENOENT_TARGET] = "Could not find target %s .",
    [SIM_EEXIST_TARGET] = "Target %s already exists",
    [SIM_ETARGET_NOT_READY] = "Target %s is not up and ready",
    [SIM_ETARGET_IN_USE] = "Target %s is in use by one or more groups",
    [SIM_ENOENT_LINK] = "Link %s does not exist",
    [SIM_ENOENT_WITNESS] = "Quorum witness %s does not exist",
    /* the array's own text (§2.6) */
    [SIM_ETARGET_IN_GROUP] = "Target is already in this group.",
    /* the array's text for a group given a second mode it already has */
    [SIM_EMULTI_TARGET] = "cannot have groups with more than one synchronization mode (%s)",
    /* the array's text (§2.6) */
    [SIM_ENO_MAPPING] = "must specify a mapping for %s",
    [SIM_ETARGET_REQUIRED] = "Group %s has more than one target: specify one with -t",
    [SIM_ELAST_TARGET] = "Target is the only target of group %s and cannot be dismissed; "
                         "remove the group with removercopygroup instead",
    /* the array's own text (docs/array-remote-copy.md §2.6) */
    [SIM_EAA_EXPORTED] = "Please unexport the secondary volume so the host only has access to "
                         "the primary volume and retry.",
    [SIM_EEXIST_LINK] = "Link %s appears to exist on another target.",
    /* remote copy: groups (§2.6) */
    [SIM_ENOENT_GROUP] = "group matching %s does not exist on the system",
    [SIM_EEXIST_GROUP] = "Group %s already exists",
    [SIM_EGROUP_STARTED] = "Group %s is already started",
    [SIM_EGROUP_NOT_STARTED] = "Remote copy group %s is not started",
    [SIM_ENOTSTOPPED] = "Remote copy group %s not stopped",
    [SIM_EGROUP_EMPTY] = "Group %s does not contain any volumes",
    [SIM_EROLE] = "Group %s is not in correct role for this operation",
    [SIM_ENOT_SWITCHED] = "The role of group %s was not previously switched",
    [SIM_EPRIMARY_ONLY] = "Operation on group %s is only allowed on the primary side",
    [SIM_ESECONDARY_ONLY] = "Operation on group %s is only allowed on the secondary side",
    [SIM_ENOT_PERIODIC] = "Group %s is not in periodic mode",
    [SIM_EMIXED_MODES] = "Group with different modes on a single target is not supported "
                         "(%s): cannot have groups with more than one synchronization mode",
    [SIM_ENOT_TARGET_OF_GROUP] = "Target %s is not a target of the group",
    [SIM_EONE_SYNC_TARGET] = "A group may have only a single synchronous target. (%s)",
    [SIM_EPARAM_CONFLICT] = "Invalid input: parameters cannot be present at the same time "
                            "(%s)",
    [SIM_EVV_SIZE_MISMATCH] = "VV %s size does not match the size of its remote volume",
    [SIM_EVV_IN_GROUP] = "VV %s is already in a Remote Copy group",
    [SIM_ENOENT_GROUP_VV] = "VV %s is not in the group",
    [SIM_EGROUP_SYNCING] = "Group %s is already involved in a synchronization",
    [SIM_EFAILSAFE] = "Group %s is in failsafe state",
    [SIM_EINVAL_POLICY] = "Policy %s is not valid for the mode of the group",
    [SIM_ENO_SNAP_SPACE] = "VV %s has no snapshot space: set a snapshot CPG (snp_cpg)",
    /* hosts, sets, VLUNs, QoS */
    [SIM_ENOENT_HOST] = "host %s does not exist",
    [SIM_EEXIST_HOST] = "Host %s already exists",
    [SIM_EHOST_IN_SET] = "Host %s is a member of a set",
    [SIM_ESET_IN_RCOPY] = "Set %s is currently admitted to Remote Copy Group and may not be "
                          "directly removed",
    [SIM_ERETAINED] = "VV %s is retained and cannot be removed until its retention time "
                      "has passed",
    [SIM_ENOENT_SCHED] = "Schedule %s does not exist",
    [SIM_EEXIST_SCHED] = "Schedule %s already exists",
    [SIM_ESCHED_FORMAT] = "Invalid schedule %s. The schedule format is <minute> <hour> <dom> "
                          "<month> <dow> or by @hourly @daily @monthly @weekly @monthly "
                          "@yearly",
    [SIM_EEXIST_PATH] = "The path is already used by host %s",
    [SIM_ENOENT_PATH] = "Path %s does not exist",
    [SIM_ENOENT_SET] = "Set %s does not exist",
    [SIM_EEXIST_SET] = "Set %s already exists",
    [SIM_EEXIST_MEMBER] = "%s is already a member of the set",
    [SIM_ENOENT_MEMBER] = "%s is not a member of the set",
    [SIM_ENOENT_VLUN] = "VLUN %s does not exist",
    [SIM_EEXIST_VLUN] = "LUN %s already exists",
    [SIM_ENOENT_PORT] = "Port %s does not exist",
    [SIM_ENOENT_QOS] = "no matching QoS target found (%s)",
    [SIM_EEXIST_QOS] = "QoS rule %s already exists",
    [SIM_ENOENT_KEY] = "Key %s does not exist",
    [SIM_EEXIST_KEY] = "Key %s already exists",
    /* the engine itself */
    [SIM_EPATH_STANDBY] = "The path to %s is not active",
    [SIM_EBUSY] = "The system is busy (%s), retry later",
    [SIM_EINTERNAL] = "Internal error (%s); see the simulator log",
};

void cli_err_format(const struct sim_err *err, struct strbuf *out)
{
    const char *t = (unsigned)err->rc < SIM_RC__COUNT ? cli_errs[err->rc] : NULL;
    if (!t)
        t = cli_errs[SIM_EINTERNAL];
    strbuf_adds(out, "Error: ");
    /* Table texts hold at most one "%s", replaced here without printf so
     * that a subject is never read as a format. */
    const char *hole = strstr(t, "%s");
    if (!hole) {
        strbuf_adds(out, t);
        return;
    }
    strbuf_add(out, t, (size_t)(hole - t));
    /* The subject, never the engine's detail (that is for the log): an
     * empty one (a name given empty) shows as "" */
    strbuf_adds(out, err->subject[0] ? err->subject : "\"\"");
    strbuf_adds(out, hole + 2);
}

int cli_refuse(struct cli_ctx *cx, const struct sim_err *err)
{
    struct strbuf sb;
    strbuf_init(&sb);
    cli_err_format(err, &sb);
    strbuf_addch(&sb, '\n');
    cx->io->err(cx->io->ctx, sb.buf, sb.len);
    rclog(RCLOG_DEBUG, "%s %s: refused: %s: %s", cx->array, cx->top ? cx->top->name : "?",
          sim_rc_name(err->rc), err->detail);
    strbuf_release(&sb);
    return CLI_REFUSED;
}
