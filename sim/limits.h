/* sim/limits.h - every limit on an object field: one definition each,
 * used by the engine's checks and by both interfaces (the WSAPI body tables
 * and the CLI reach the same sim_ checks). docs/limits.md lists each one
 * with its source and the refusal it gives on WSAPI and on the CLI; change
 * a value there and here together. Buffers are sized from these plus one. */
#ifndef RCSIM_SIM_LIMITS_H
#define RCSIM_SIM_LIMITS_H

/* Names: WSAPI type name31 (up to 31 of [A-Za-z0-9_.-], no leading '-') */
#define SIM_LIM_VV_NAME         31      /* volumes and snapshots */
#define SIM_LIM_CPG_NAME        31
#define SIM_LIM_HOST_NAME       31
#define SIM_LIM_DOMAIN_NAME     31
#define SIM_LIM_USER_NAME       31
#define SIM_LIM_ARRAY_NAME      31
#define SIM_LIM_SCHED_NAME      31      /* chosen: a name31 like the others */
/* Host and volume sets: WSAPI type Name27 (room for "set:" in 31). Sets
 * the array names itself (RCP_<group>) may use the full 31. */
#define SIM_LIM_SET_NAME        27
#define SIM_LIM_SYS_SET_NAME    31
/* Remote copy (docs/array-remote-copy.md §1.2, §1.3, from HPE's CLI help) */
#define SIM_LIM_TARGET_NAME     23
#define SIM_LIM_GROUP_NAME      31      /* target without mirror_config */
#define SIM_LIM_GROUP_NAME_MIRROR 22    /* target with mirror_config */

/* Free text: WSAPI types print511 and Print255 */
#define SIM_LIM_VV_COMMENT      511     /* volumes and snapshots */
#define SIM_LIM_SET_COMMENT     255
#define SIM_LIM_DOMAIN_COMMENT  255     /* chosen: no source; as set comments */
#define SIM_LIM_HOST_COMMENT    255     /* chosen: no source; as set comments */
#define SIM_LIM_HOST_DESC       63      /* chosen: location, IPAddr, os, model, contact */
#define SIM_LIM_VVMETA_KEY      63      /* chosen: see docs/limits.md */
#define SIM_LIM_VVMETA_VALUE    1023    /* chosen: see docs/limits.md */

/* Host paths: WSAPI types name223 (iSCSI) and WWN (16 hex digits) */
#define SIM_LIM_ISCSI_NAME      223
#define SIM_LIM_NQN             223
#define SIM_LIM_WWN_HEX         16      /* FC WWN: exactly 16 hex digits */
#define SIM_LIM_VV_WWN_HEX      32      /* a volume's WWN: 16 or 32 hex digits */
#define SIM_LIM_HOST_PATHS      1024    /* WWNs or iSCSI names per request */
#define SIM_LIM_CHAP_NAME       63      /* chosen */
#define SIM_LIM_CHAP_SECRET_MIN 12      /* ASCII secret: 12..16 characters */
#define SIM_LIM_CHAP_SECRET_MAX 16
#define SIM_LIM_CHAP_SECRET_HEX 32      /* hex secret: 16 bytes */

/* Numbers */
#define SIM_LIM_VV_SIZE_MIB     (16ULL * 1024 * 1024)   /* 16 TiB */
#define SIM_LIM_VV_ID           65535
#define SIM_LIM_VV_COUNT        999     /* createvv -cnt */
#define SIM_LIM_LUN             16383
#define SIM_LIM_HOURS           43800   /* expiration and retention: 1825 days */
#define SIM_LIM_PERIOD_MIN_S    300     /* sync period, snapshot frequency */
#define SIM_LIM_PERIOD_MAX_S    31622400
#define SIM_LIM_SNAP_FREQ_MAX_S 31536000 /* async snapshot interval: a year */

#include <stddef.h>

struct sim_err;

/* Refuses text longer than max characters (SIM_ETOOLONG); what names the
 * field in the refusal ("comment"). NULL counts as empty. */
int sim_text_check(const char *text, size_t max, const char *what, struct sim_err *err);
/* Refuses more than max items (SIM_ETOOMANY); what names them. */
int sim_count_check(size_t n, size_t max, const char *what, struct sim_err *err);

#endif
