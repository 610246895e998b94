/* sim/err.h - how a refusal travels out of sim/.
 * sim/ records what went wrong (enum sim_rc), which object, and a detail for
 * developers; it never words client text. Each interface (cli/, api/) keeps
 * one table indexed by enum sim_rc and renders from it; a unit test fails on
 * any code missing from any table. Append new codes before SIM_RC__COUNT and
 * add them to sim_rc_names[] in err.c. */
#ifndef RCSIM_SIM_ERR_H
#define RCSIM_SIM_ERR_H

#include <stdbool.h>

enum sim_rc {
    SIM_OK,
    /* generic input */
    SIM_EINVAL,             /* invalid value (detail says which) */
    SIM_ENAME_TOOLONG,      /* name longer than the limit */
    SIM_ENAME_BADCHAR,      /* illegal character in a name */
    SIM_ETOOLONG,           /* a text field past its limit (sim/limits.h) */
    SIM_ETOOMANY,           /* more items than the array takes at once */
    SIM_ESIZE_ZERO,         /* a size of zero */
    SIM_ESIZE_TOOBIG,       /* past the maximum volume size */
    SIM_ERANGE,             /* a number outside its allowed range */
    SIM_EIO_RANGE,          /* host I/O past the end of the volume */
    SIM_EIO_TOOBIG,         /* one host I/O request larger than allowed */
    SIM_EIO_INJECTED,       /* an injected read or write error */
    SIM_EREADONLY,          /* write to a read-only volume or snapshot */
    /* objects */
    SIM_ENOENT_ARRAY,
    SIM_ENOENT_USER,
    SIM_ENOENT_CPG,
    SIM_EEXIST_CPG,
    SIM_EBUSY_CPG,          /* CPG still holds volumes */
    SIM_ENOENT_DOMAIN,
    SIM_EEXIST_DOMAIN,
    SIM_EBUSY_DOMAIN,
    SIM_ENOENT_VV,
    SIM_EEXIST_VV,
    SIM_EEXIST_VVID,
    SIM_EHAS_SNAPSHOTS,     /* volume still has snapshots */
    SIM_EVV_IN_RCOPY,       /* volume belongs to a remote-copy group */
    SIM_EVV_EXPORTED,       /* volume is exported (has VLUNs) */
    SIM_EVV_IS_SNAPSHOT,    /* operation needs a base volume */
    SIM_EGROW_SIZE,         /* grow by zero or a negative amount */
    SIM_ENOENT_CHECKPOINT,
    SIM_EEXIST_CHECKPOINT,  /* saving over one needs replace */
    SIM_ENOENT_TIMED_FAULT, /* no pending timed fault by that id or schedule */
    SIM_EBAD_CHECKPOINT,    /* the file is not a usable checkpoint */
    SIM_ENOENT_TASK,
    SIM_ECOPY_ACTIVE,       /* volume is in a physical copy still running */
    SIM_ENOT_COPY,          /* volume is not a physical copy */
    /* access */
    SIM_EAUTH,              /* wrong user name or password */
    SIM_EPERM,              /* the user's role may not do this */
    SIM_EAUTH_LOCKED,       /* too many failed logins: the name is locked a while */
    SIM_EPOWERED_OFF,       /* the array is powered off */
    SIM_ECLOCK_MODE,        /* operation needs the other clock mode */
    SIM_ECLOCK_BACKWARD,    /* time may not move backward */
    /* remote copy: service, targets, links */
    SIM_ERC_NOT_STARTED,    /* remote copy service not started */
    SIM_ERC_STARTED,        /* remote copy service already started */
    SIM_ENOENT_TARGET,
    SIM_EEXIST_TARGET,
    SIM_ETARGET_NOT_READY,
    SIM_ETARGET_IN_USE,     /* target still used by groups */
    SIM_ENOENT_LINK,
    SIM_ENOENT_WITNESS,     /* no target names such a quorum witness */
    SIM_EAA_EXPORTED,       /* active_active: a secondary is still exported */
    SIM_ETARGET_IN_GROUP,   /* the target is already the group's */
    SIM_EMULTI_TARGET,      /* a second periodic or async target, or a third one */
    SIM_ELAST_TARGET,       /* dismissing a group's only target */
    SIM_ENO_MAPPING,        /* a volume of the group without a secondary named */
    SIM_ETARGET_REQUIRED,   /* -t / targetName left out on a multi-target group */
    SIM_EEXIST_LINK,        /* link appears to exist on another target */
    /* remote copy: groups */
    SIM_ENOENT_GROUP,
    SIM_EEXIST_GROUP,
    SIM_EGROUP_STARTED,     /* already started / must be stopped (215) */
    SIM_EGROUP_NOT_STARTED,
    SIM_ENOTSTOPPED,        /* Remote copy group not stopped (284) */
    SIM_EGROUP_EMPTY,
    SIM_EROLE,              /* group is not in the correct role */
    SIM_ENOT_SWITCHED,      /* role was not previously switched (29) */
    SIM_EPRIMARY_ONLY,      /* operation only on the primary side */
    SIM_ESECONDARY_ONLY,    /* operation only on the secondary side */
    SIM_ENOT_PERIODIC,      /* period on a non-periodic group */
    SIM_EMIXED_MODES,       /* different modes on a single target (236) */
    SIM_ENOT_TARGET_OF_GROUP, /* target is not a target of the group (194) */
    SIM_EONE_SYNC_TARGET,   /* a group may have only a single sync target */
    SIM_EPARAM_CONFLICT,    /* parameters cannot be present together (44) */
    SIM_EVV_SIZE_MISMATCH,  /* secondary volume has a different size */
    SIM_EVV_IN_GROUP,       /* volume already in this or another group */
    SIM_ENOENT_GROUP_VV,    /* volume is not in the group */
    SIM_EGROUP_SYNCING,     /* group already involved in a synchronization */
    SIM_EFAILSAFE,          /* group is in failsafe */
    SIM_EINVAL_POLICY,      /* policy not valid for the group's mode */
    SIM_ENO_SNAP_SPACE,     /* no snapshot CPG for remote-copy snapshots */
    /* hosts, sets, VLUNs, QoS (WSAPI) */
    SIM_ENOENT_HOST,
    SIM_EEXIST_HOST,
    SIM_EHOST_IN_SET,
    SIM_ESET_IN_RCOPY,      /* the RCP_ set a remote-copy group keeps */
    SIM_ERETAINED,          /* the volume's retention time has not passed */
    SIM_ENOENT_SCHED,       /* schedules (createsched) */
    SIM_EEXIST_SCHED,
    SIM_ESCHED_FORMAT,      /* not a cron specification */
    SIM_EEXIST_PATH,
    SIM_ENOENT_PATH,
    SIM_ENOENT_SET,
    SIM_EEXIST_SET,
    SIM_EEXIST_MEMBER,      /* the object is in the set already */
    SIM_ENOENT_MEMBER,      /* the object is not in the set */
    SIM_ENOENT_VLUN,
    SIM_EEXIST_VLUN,
    SIM_ENOENT_PORT,
    SIM_ENOENT_QOS,
    SIM_EEXIST_QOS,
    SIM_ENOENT_KEY,
    SIM_EEXIST_KEY,
    /* the engine itself */
    SIM_EPATH_STANDBY,      /* host I/O on an ALUA standby or unavailable path */
    SIM_EBUSY,              /* shutting down or resetting */
    SIM_EINTERNAL,          /* a store failure; details in the log */
    SIM_RC__COUNT
};

struct sim_err {
    enum sim_rc rc;
    char subject[64];       /* the object concerned, e.g. a volume name */
    char detail[256];       /* for developers and the control API */
};

#define SIM_ERR_INIT { .rc = SIM_OK, .subject = "", .detail = "" }

/* Fills err (if not NULL) and returns -1, like git's error(). */
int sim_fail(struct sim_err *err, enum sim_rc rc, const char *subject, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Returns the symbolic name of rc, e.g. "SIM_ENOENT_VV" -> "enoent_vv". */
const char *sim_rc_name(enum sim_rc rc);

void sim_err_clear(struct sim_err *err);

#endif
