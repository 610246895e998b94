/* cli/commands.c - the one table of the array's commands, sorted by name
 * (tests/unit/cli_commands.c checks the order). Each entry is data:
 * options, role, flags, argument counts, synopsis, help, confirmation
 * question; cli_dispatch() applies them before the handler (cmd_*.c) runs.
 * Adding a command is one handler and one entry here; a command with
 * subcommands (setclienv, later setrcopygroup) points .sub at its own
 * sorted table. Spec: HACKING.md §4.7; docs/array-remote-copy.md §5. */
#include "cli/internal.h"

#include <string.h>

#define SUPER SIM_ROLE_SUPER
#define EDIT SIM_ROLE_EDIT
#define BROWSE SIM_ROLE_BROWSE

/* ------------------------------------------------------------------ */
/* Option tables                                                        */

static const struct cli_opt canceltask_opts[] = {
    { "-all", CLI_OPT_FLAG, NULL, NULL, "cancel every active task" },
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { 0 }
};

static const struct cli_opt checkrclink_opts[] = {
    { "-fcip", CLI_OPT_FLAG, NULL, NULL, "the link is FC over IP" },
    { "-time", CLI_OPT_NUM, "<secs>", NULL, "how long the test runs (default 60)" },
    { 0 }
};

static const struct cli_opt createvlun_opts[] = {
    { "-cnt", CLI_OPT_NUM, "<n>", NULL, "accepted; one VLUN is made" },
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { "-novcn", CLI_OPT_FLAG, NULL, NULL, "no VLUN change notification" },
    { "-ovrd", CLI_OPT_FLAG, NULL, NULL, "override lower-priority exports" },
    { 0 }
};

static const struct cli_opt createvvcopy_opts[] = {
    { "-compr", CLI_OPT_FLAG, NULL, NULL, "online: a compressed destination" },
    { "-halt", CLI_OPT_FLAG, NULL, NULL, "stop the copy running into the destination" },
    { "-online", CLI_OPT_FLAG, NULL, NULL, "create the destination in <cpg> and copy online" },
    { "-p", CLI_OPT_VALUE, "<parent>", NULL, "the volume to copy" },
    { "-pri", CLI_OPT_VALUE, "<prio>", "high|med|low", "the copy task's priority" },
    { "-r", CLI_OPT_FLAG, NULL, NULL, "copy again what changed on the parent" },
    { "-s", CLI_OPT_FLAG, NULL, NULL, "save the parent's snapshot for a later -r" },
    { "-snp_cpg", CLI_OPT_VALUE, "<cpg>", NULL, "online: the destination's snapshot CPG" },
    { "-tdvv", CLI_OPT_FLAG, NULL, NULL, "online: a thin deduplicated destination" },
    { "-tpvv", CLI_OPT_FLAG, NULL, NULL, "online: a thin destination" },
    { 0 }
};

static const struct cli_opt createcpg_opts[] = {
    { "-ch", CLI_OPT_VALUE, "<pos>", "first|last", "chunklet position preference" },
    { "-devtype", CLI_OPT_VALUE, "<type>", "FC|NL|SSD", "disk type (with -p)" },
    { "-domain", CLI_OPT_VALUE, "<domain>", NULL, "create the CPG in this domain" },
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { "-ha", CLI_OPT_VALUE, "<level>", "port|cage|mag", "availability level" },
    { "-p", CLI_OPT_FLAG, NULL, NULL, "the disk pattern follows (-devtype)" },
    { "-sdgl", CLI_OPT_SIZE, "<size>", NULL, "growth limit (MiB, or g/t suffix)" },
    { "-sdgs", CLI_OPT_SIZE, "<size>", NULL, "growth increment (MiB, or g/t suffix)" },
    { "-sdgw", CLI_OPT_SIZE, "<size>", NULL, "growth warning (MiB, or g/t suffix)" },
    { "-ssz", CLI_OPT_NUM, "<n>", NULL, "set size in chunklets" },
    { "-t", CLI_OPT_VALUE, "<raid>", "r0|r1|r5|r6", "RAID type (default r1)" },
    { 0 }
};

static const struct cli_opt createdomain_opts[] = {
    { "-comment", CLI_OPT_VALUE, "<text>", NULL, "a comment on the domain" },
    { 0 }
};

static const struct cli_opt createhost_opts[] = {
    { "-domain", CLI_OPT_VALUE, "<domain>", NULL, "create the host in this domain" },
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { "-iscsi", CLI_OPT_FLAG, NULL, NULL, "the paths are iSCSI names, not WWNs" },
    { "-persona", CLI_OPT_NUM, "<id>", NULL, "host persona 1..11 (default 2, Generic-ALUA)" },
    { 0 }
};

static const struct cli_opt createvvset_opts[] = {
    { "-add", CLI_OPT_FLAG, NULL, NULL, "add the volumes to an existing set" },
    { "-comment", CLI_OPT_VALUE, "<text>", NULL, "a comment on the set" },
    { "-domain", CLI_OPT_VALUE, "<domain>", NULL, "the set's domain" },
    { 0 }
};

static const struct cli_opt createsched_opts[] = {
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { "-no_alert", CLI_OPT_FLAG, NULL, NULL, "a failed run raises no alert" },
    { "-run_once", CLI_OPT_FLAG, NULL, NULL, "run once, at the first time given" },
    { 0 }
};

static const struct cli_opt createsv_opts[] = {
    { "-comment", CLI_OPT_VALUE, "<text>", NULL, "a comment on the snapshot" },
    { "-exp", CLI_OPT_VALUE, "<time>", NULL,
      "expire after <time> (h or d suffix; hours by default)" },
    { "-i", CLI_OPT_NUM, "<id>", NULL, "the snapshot's VV ID" },
    { "-retain", CLI_OPT_VALUE, "<time>", NULL, "retain for <time> (h or d suffix)" },
    { "-ro", CLI_OPT_FLAG, NULL, NULL, "read-only snapshot" },
    { 0 }
};

static const struct cli_opt createvv_opts[] = {
    { "-cnt", CLI_OPT_NUM, "<n>", NULL, "create <n> volumes named <name>.0 .. <name>.<n-1>" },
    { "-comment", CLI_OPT_VALUE, "<text>", NULL, "a comment on the volume" },
    { "-compr", CLI_OPT_FLAG, NULL, NULL, "compressed volume (with -tpvv or -tdvv)" },
    { "-domain", CLI_OPT_VALUE, "<domain>", NULL, "the volume's domain" },
    { "-i", CLI_OPT_NUM, "<id>", NULL, "the volume's VV ID" },
    { "-snp_cpg", CLI_OPT_VALUE, "<cpg>", NULL, "CPG for snapshot space" },
    { "-tdvv", CLI_OPT_FLAG, NULL, NULL, "thin deduplicated volume" },
    { "-tpvv", CLI_OPT_FLAG, NULL, NULL, "thinly provisioned volume" },
    { "-wwn", CLI_OPT_VALUE, "<wwn>", NULL, "the volume's WWN" },
    { 0 }
};

static const struct cli_opt removevlun_opts[] = {
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { 0 }
};

static const struct cli_opt removevv_opts[] = {
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "the names are glob patterns" },
    { 0 }
};

static const struct cli_opt setvv_opts[] = {
    { "-comment", CLI_OPT_VALUE, "<text>", NULL, "set the comment (\"\" clears it)" },
    { "-name", CLI_OPT_VALUE, "<newname>", NULL, "rename the volume" },
    { "-snp_cpg", CLI_OPT_VALUE, "<cpg>", NULL, "the CPG snapshots draw their space from" },
    { 0 }
};

static const struct cli_opt showalert_opts[] = {
    { "-a", CLI_OPT_FLAG, NULL, NULL, "acknowledged alerts" },
    { "-all", CLI_OPT_FLAG, NULL, NULL, "every alert" },
    { "-d", CLI_OPT_FLAG, NULL, NULL, "detailed listing" },
    { "-f", CLI_OPT_FLAG, NULL, NULL, "fixed alerts" },
    { "-n", CLI_OPT_FLAG, NULL, NULL, "new alerts (the default)" },
    { "-oneline", CLI_OPT_FLAG, NULL, NULL, "one line per alert" },
    { 0 }
};

static const struct cli_opt showcpg_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "detailed listing" },
    { 0 }
};

static const struct cli_opt showdomain_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "detailed listing (comments)" },
    { 0 }
};

static const struct cli_opt showeventlog_opts[] = {
    { "-min", CLI_OPT_NUM, "<minutes>", NULL, "only the last <minutes> minutes" },
    { "-msg", CLI_OPT_VALUE, "<pattern>", NULL, "only messages matching the glob <pattern>" },
    { "-oneline", CLI_OPT_FLAG, NULL, NULL, "one line per event" },
    { 0 }
};

static const struct cli_opt showvlun_opts[] = {
    { "-a", CLI_OPT_FLAG, NULL, NULL, "active VLUNs only" },
    { "-host", CLI_OPT_VALUE, "<host>", NULL, "VLUNs of hosts matching the pattern" },
    { "-t", CLI_OPT_FLAG, NULL, NULL, "VLUN templates only" },
    { "-v", CLI_OPT_VALUE, "<vv>", NULL, "VLUNs of volumes matching the pattern" },
    { 0 }
};

static const struct cli_opt srstatrcopy_opts[] = {
    { "-btsecs", CLI_OPT_VALUE, "<secs>", NULL,
      "from this time (seconds since the epoch, or before now when negative)" },
    { "-daily", CLI_OPT_FLAG, NULL, NULL, "daily samples" },
    { "-etsecs", CLI_OPT_VALUE, "<secs>", NULL, "until this time, as -btsecs" },
    { "-groupby", CLI_OPT_VALUE, "<cols>", NULL,
      "TARGET_NAME, LINK_ADDR and/or GROUP_NAME, joined with ','" },
    { "-hires", CLI_OPT_FLAG, NULL, NULL, "5-minute samples (the default)" },
    { "-hourly", CLI_OPT_FLAG, NULL, NULL, "hourly samples" },
    { 0 }
};

static const struct cli_opt showsys_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "detailed system information" },
    { 0 }
};

static const struct cli_opt showversion_opts[] = {
    { "-a", CLI_OPT_FLAG, NULL, NULL, "all component versions" },
    { "-b", CLI_OPT_FLAG, NULL, NULL, "include build numbers" },
    { 0 }
};

static const struct cli_opt showvv_opts[] = {
    { "-cpgalloc", CLI_OPT_FLAG, NULL, NULL, "show the CPGs of each volume" },
    { "-d", CLI_OPT_FLAG, NULL, NULL, "detailed listing" },
    { "-listcols", CLI_OPT_FLAG, NULL, NULL, "list the columns -showcols takes" },
    { "-notree", CLI_OPT_FLAG, NULL, NULL, "do not indent snapshots under their parent" },
    { "-p", CLI_OPT_FLAG, NULL, NULL, "filters follow (-type, -rcopygroup)" },
    { "-rcopy", CLI_OPT_FLAG, NULL, NULL, "add the RcopyStatus and RcopyGroup columns" },
    { "-rcopygroup", CLI_OPT_VALUE, "<group>", NULL, "only volumes of this group" },
    { "-showcols", CLI_OPT_VALUE, "<col>[,<col>...]", NULL, "show only these columns" },
    { "-sortcol", CLI_OPT_VALUE, "<n>[,inc|dec][:<n>...]", NULL,
      "sort by columns (numbered from 0), not as a tree" },
    { "-type", CLI_OPT_VALUE, "<type>", "base|vcopy", "only base volumes or snapshots" },
    { 0 }
};

/* --- Remote Copy --------------------------------------------------- */

static const struct cli_opt admitrcopyvv_opts[] = {
    { "-createvv", CLI_OPT_FLAG, NULL, NULL,
      "create the secondary volume on the target (same size, the group's remote CPGs)" },
    { "-nosync", CLI_OPT_FLAG, NULL, NULL,
      "the volumes are already in sync: skip the initial sync" },
    { "-nowwn", CLI_OPT_FLAG, NULL, NULL, "with -createvv: give the secondary a new WWN" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL,
      "<vv> is a pattern; @vvname@ in <secvv> stands for each volume's name" },
    { 0 }
};

static const struct cli_opt creatercopygroup_opts[] = {
    { "-domain", CLI_OPT_VALUE, "<domain>", NULL, "create the group in this domain" },
    { "-snp_cpg", CLI_OPT_VALUE, "<cpg>", NULL,
      "local snapshot CPG; the next argument <target>:<cpg> names the remote one" },
    { "-usr_cpg", CLI_OPT_VALUE, "<cpg>", NULL,
      "local user CPG; the next argument <target>:<cpg> names the remote one" },
    { 0 }
};

static const struct cli_opt creatercopytarget_opts[] = {
    { "-disabled", CLI_OPT_FLAG, NULL, NULL, "create the target disabled" },
    { 0 }
};

static const struct cli_opt dismissrcopyvv_opts[] = {
    { "-keepsnap", CLI_OPT_FLAG, NULL, NULL, "keep the resync snapshot (as sv.rcpy...)" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<vv> is a glob pattern over the group's volumes" },
    { "-removevv", CLI_OPT_FLAG, NULL, NULL, "also remove the secondary volume on the target" },
    { 0 }
};

static const struct cli_opt dr_failover_opts[] = {
    { "-discard", CLI_OPT_FLAG, NULL, NULL, "do not look for newer data on other targets" },
    { "-nopromote", CLI_OPT_FLAG, NULL, NULL, "do not promote the sync snapshots" },
    { "-nosnap", CLI_OPT_FLAG, NULL, NULL, "take no snapshot of the volumes switched" },
    { "-nostart", CLI_OPT_FLAG, NULL, NULL, "do not start the group afterwards" },
    { "-nosync", CLI_OPT_FLAG, NULL, NULL, "do not sync the group afterwards" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-waittask", CLI_OPT_FLAG, NULL, NULL, "wait for the task to end" },
    { 0 }
};

static const struct cli_opt dr_recover_opts[] = {
    { "-nostart", CLI_OPT_FLAG, NULL, NULL, "do not start the group afterwards" },
    { "-nosync", CLI_OPT_FLAG, NULL, NULL, "do not sync the group afterwards" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-waittask", CLI_OPT_FLAG, NULL, NULL, "wait for the task to end" },
    { 0 }
};

static const struct cli_opt dr_restore_opts[] = {
    { "-nosnap", CLI_OPT_FLAG, NULL, NULL, "take no snapshot of the volumes switched" },
    { "-nostart", CLI_OPT_FLAG, NULL, NULL, "do not start the group afterwards" },
    { "-nosync", CLI_OPT_FLAG, NULL, NULL, "do not sync the group afterwards" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-waittask", CLI_OPT_FLAG, NULL, NULL, "wait for the task to end" },
    { 0 }
};

static const struct cli_opt dr_reverse_opts[] = {
    { "-current", CLI_OPT_FLAG, NULL, NULL, "flip the role and the direction of data" },
    { "-local", CLI_OPT_FLAG, NULL, NULL,
      "with -natural or -current: change only this array" },
    { "-natural", CLI_OPT_FLAG, NULL, NULL, "flip the roles only; data keeps its direction" },
    { "-nopromote", CLI_OPT_FLAG, NULL, NULL, "do not promote the sync snapshots" },
    { "-nosnap", CLI_OPT_FLAG, NULL, NULL, "take no snapshots, delete existing ones" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-stopgroups", CLI_OPT_FLAG, NULL, NULL, "stop the groups first" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-waittask", CLI_OPT_FLAG, NULL, NULL, "wait for the task to end" },
    { 0 }
};

static const struct cli_opt dr_simple_opts[] = {
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-waittask", CLI_OPT_FLAG, NULL, NULL, "wait for the task to end" },
    { 0 }
};

static const struct cli_opt removercopygroup_opts[] = {
    { "-keepsnap", CLI_OPT_FLAG, NULL, NULL, "keep the resync snapshots" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "the names are glob patterns" },
    { "-removevv", CLI_OPT_FLAG, NULL, NULL, "also remove the secondary volumes on the target" },
    { 0 }
};

static const struct cli_opt removercopytarget_opts[] = {
    { "-cleargroups", CLI_OPT_FLAG, NULL, NULL, "remove the target's groups as well" },
    { 0 }
};

static const struct cli_opt removesched_opts[] = {
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { 0 }
};

static const struct cli_opt removevvset_opts[] = {
    { "-f", CLI_OPT_FLAG, NULL, NULL, "do not ask for confirmation" },
    { 0 }
};

static const struct cli_opt setqos_opts[] = {
    { "-bw", CLI_OPT_VALUE, "[<min>-]<max>", NULL,
      "bandwidth goal and limit in bytes/s (k, m, g suffixes) or none" },
    { "-clear", CLI_OPT_FLAG, NULL, NULL, "remove the rule" },
    { "-io", CLI_OPT_VALUE, "[<min>-]<max>", NULL, "I/O goal and limit per second, or none" },
    { "-lt", CLI_OPT_VALUE, "<ms>", NULL, "latency goal in ms, or none" },
    { "-off", CLI_OPT_FLAG, NULL, NULL, "disable the rule" },
    { "-on", CLI_OPT_FLAG, NULL, NULL, "enable the rule" },
    { "-pri", CLI_OPT_VALUE, "<prio>", "low|normal|high", "the rule's priority" },
    { 0 }
};

static const struct cli_opt setsched_opts[] = {
    { "-name", CLI_OPT_VALUE, "<newname>", NULL, "rename the schedule" },
    { "-resume", CLI_OPT_FLAG, NULL, NULL, "run the schedule again" },
    { "-s", CLI_OPT_VALUE, "<when>", NULL, "new time: cron fields or @hourly, @daily, ..." },
    { "-suspend", CLI_OPT_FLAG, NULL, NULL, "stop running the schedule" },
    { 0 }
};

static const struct cli_opt setrcopygroup_pol_opts[] = {
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { 0 }
};

static const struct cli_opt setrcopygroup_snp_cpg_opts[] = {
    { "-snp_cpg_unset", CLI_OPT_FLAG, NULL, NULL, "clear the snapshot CPGs" },
    { 0 }
};

static const struct cli_opt setrcopygroup_usr_cpg_opts[] = {
    { "-usr_cpg_unset", CLI_OPT_FLAG, NULL, NULL, "clear the user CPGs" },
    { 0 }
};

static const struct cli_opt setrcopytarget_witness_opts[] = {
    { "-remote", CLI_OPT_FLAG, NULL, NULL, "act on the peer array's witness settings" },
    { 0 }
};

static const struct cli_opt showhostset_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "add each set's comment" },
    { "-host", CLI_OPT_VALUE, "<host>", NULL, "only the sets holding this host" },
    { 0 }
};

static const struct cli_opt showpatch_opts[] = {
    { "-d", CLI_OPT_VALUE, "<patch_id>", NULL, "details of one patch" },
    { "-hist", CLI_OPT_FLAG, NULL, NULL, "the installation history" },
    { 0 }
};

static const struct cli_opt showsched_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "add the last run and its result" },
    { 0 }
};

static const struct cli_opt showrcopy_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL,
      "detailed listing: resync snapshot, resync kind and blocks; group domain and CPGs" },
    { "-domain", CLI_OPT_VALUE, "<domain>", NULL, "only groups of this domain" },
    { "-qw", CLI_OPT_FLAG, NULL, NULL, "add the Quorum Witness details of the targets" },
    { 0 }
};

static const struct cli_opt showtask_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "detailed status of one task" },
    { 0 }
};

static const struct cli_opt showvvset_opts[] = {
    { "-d", CLI_OPT_FLAG, NULL, NULL, "add each set's comment" },
    { "-vv", CLI_OPT_VALUE, "<vv>", NULL, "only the sets holding this volume" },
    { 0 }
};

static const struct cli_opt startrcopygroup_opts[] = {
    { "-nosync", CLI_OPT_FLAG, NULL, NULL, "the volumes are in sync: skip the sync" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-wait", CLI_OPT_FLAG, NULL, NULL, "return once the volumes are synced" },
    { 0 }
};

static const struct cli_opt stoprcopy_opts[] = {
    { "-clear", CLI_OPT_FLAG, NULL, NULL, "remove the whole Remote Copy configuration" },
    { "-stopgroups", CLI_OPT_FLAG, NULL, NULL, "stop the started groups first" },
    { 0 }
};

static const struct cli_opt stoprcopygroup_opts[] = {
    { "-nosnap", CLI_OPT_FLAG, NULL, NULL,
      "take no resync snapshots and delete existing ones (the next start is a full sync)" },
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "<group> is a glob pattern" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { 0 }
};

static const struct cli_opt syncrcopy_opts[] = {
    { "-N", CLI_OPT_FLAG, NULL, NULL, "same as -n" },
    { "-f", CLI_OPT_FLAG, NULL, NULL, "resync already synced volumes without asking (-ovrd)" },
    { "-n", CLI_OPT_FLAG, NULL, NULL, "do not keep the new resync snapshot" },
    { "-ovrd", CLI_OPT_FLAG, NULL, NULL, "also resync volumes that are already synced" },
    { "-t", CLI_OPT_VALUE, "<target>", NULL, "the target (the group's only one)" },
    { "-w", CLI_OPT_FLAG, NULL, NULL, "wait for the synchronization to complete" },
    { 0 }
};

/* ------------------------------------------------------------------ */
/* Subcommand tables (sorted)                                           */

static const struct cli_cmd setclienv_subs[] = {
    { .name = "csvtable", .run = cli_cmd_setclienv_csvtable, .min_args = 1, .max_args = 1,
      .synopsis = "setclienv csvtable 0|1",
      .help = "Print tables as comma-separated values (1) or fixed-width text (0)." },
    { .name = "nohdtot", .run = cli_cmd_setclienv_nohdtot, .min_args = 1, .max_args = 1,
      .synopsis = "setclienv nohdtot 0|1",
      .help = "Leave out (1) or print (0) table headers and totals." },
    { 0 }
};

#define DR_CONFIRM(verb) "Are you sure you want to " verb " remote copy group %s?"

static const struct cli_cmd setrcopygroup_subs[] = {
    { .name = "failover", .run = cli_cmd_setrcopygroup_dr, .opts = dr_failover_opts,
      .flags = CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopygroup failover [-f] [-t <target>] [-nostart] [-nosync] [-discard] "
                  "[-nopromote] [-nosnap] [-waittask] [-pat] <group>",
      .help = "Fail a stopped group over to this array: Secondary becomes Primary-Rev.\n"
              "Issue it on the secondary side, by the group's name there (<group>.r<id>).",
      .confirm = DR_CONFIRM("failover") },
    { .name = "mode", .run = cli_cmd_setrcopygroup_mode, .min_args = 3, .max_args = 3,
      .synopsis = "setrcopygroup mode sync|periodic|async <target> <group>",
      .help = "Change the mode of a stopped group (mirrored to the peer)." },
    { .name = "override", .run = cli_cmd_setrcopygroup_dr, .opts = dr_simple_opts,
      .flags = CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopygroup override [-f] [-t <target>] [-waittask] [-pat] <group>",
      .help = "Override the failsafe state of a group (use with care).",
      .confirm = DR_CONFIRM("override the failsafe state of") },
    { .name = "period", .run = cli_cmd_setrcopygroup_period, .min_args = 3, .max_args = 3,
      .synopsis = "setrcopygroup period <n>{s|m|h|d} <target> <group>",
      .help = "Set the resync period of a periodic group (0 stops automatic resyncs)." },
    { .name = "pol", .run = cli_cmd_setrcopygroup_pol, .opts = setrcopygroup_pol_opts,
      .min_args = 2, .max_args = 2,
      .synopsis = "setrcopygroup pol <policy>[,<policy>...] [-t <target>] <group>",
      .help = "Set group policies: auto_recover, over_per_alert, auto_failover, "
              "path_management, fail_wrt_on_err, auto_synchronize, active_active, each with "
              "its no_ form." },
    { .name = "recover", .run = cli_cmd_setrcopygroup_dr, .opts = dr_recover_opts,
      .flags = CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopygroup recover [-f] [-t <target>] [-nostart] [-nosync] [-waittask] "
                  "[-pat] <group>",
      .help = "After a failover, replicate back to the old primary (it becomes "
              "Secondary-Rev).\nIssue it on the Primary-Rev side.",
      .confirm = DR_CONFIRM("recover") },
    { .name = "restore", .run = cli_cmd_setrcopygroup_dr, .opts = dr_restore_opts,
      .flags = CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopygroup restore [-f] [-t <target>] [-nostart] [-nosync] [-nosnap] "
                  "[-waittask] [-pat] <group>",
      .help = "Return a reversed group to its natural roles, Primary and Secondary.\n"
              "Issue it on the Primary-Rev side.",
      .confirm = DR_CONFIRM("restore") },
    { .name = "reverse", .run = cli_cmd_setrcopygroup_dr, .opts = dr_reverse_opts,
      .flags = CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopygroup reverse [-f] [-t <target>] [-stopgroups] [-local] "
                  "[-natural|-current] [-nopromote] [-nosnap] [-waittask] [-pat] <group>",
      .help = "Reverse the direction of a group.\n"
              "Without -natural or -current both the natural and the current direction "
              "change, on both arrays; the group must be stopped (or use -stopgroups).",
      .confirm = DR_CONFIRM("reverse") },
    { .name = "snap_freq", .run = cli_cmd_setrcopygroup_snap_freq, .min_args = 3,
      .max_args = 3,
      .synopsis = "setrcopygroup snap_freq <n>{s|m|h|d} <target> <group>",
      .help = "Set the coordinated snapshot interval of an async group." },
    { .name = "snp_cpg", .run = cli_cmd_setrcopygroup_snp_cpg,
      .opts = setrcopygroup_snp_cpg_opts, .min_args = 1, .max_args = 3,
      .synopsis = "setrcopygroup snp_cpg <cpg> <target>:<cpg> <group> | "
                  "setrcopygroup snp_cpg -snp_cpg_unset <group>",
      .help = "Set (or clear) the local and remote snapshot CPGs of a group." },
    { .name = "switchover", .run = cli_cmd_setrcopygroup_dr, .opts = dr_simple_opts,
      .flags = CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopygroup switchover [-f] [-t <target>] [-waittask] [-pat] <group>",
      .help = "Planned swap of a started, synced sync group: Primary and Secondary trade "
              "places with no stop.",
      .confirm = DR_CONFIRM("switch over") },
    { .name = "usr_cpg", .run = cli_cmd_setrcopygroup_usr_cpg,
      .opts = setrcopygroup_usr_cpg_opts, .min_args = 1, .max_args = 3,
      .synopsis = "setrcopygroup usr_cpg <cpg> <target>:<cpg> <group> | "
                  "setrcopygroup usr_cpg -usr_cpg_unset <group>",
      .help = "Set (or clear) the local and remote user CPGs of a group (for -createvv and "
              "after failover)." },
    { 0 }
};

static const struct cli_cmd checkrclink_subs[] = {
    { .name = "startclient", .run = cli_cmd_checkrclink_startclient, .opts = checkrclink_opts,
      .min_args = 3, .max_args = 4,
      .synopsis = "checkrclink startclient [-time <secs>] [-fcip] <N:S:P> <address> <portnum> "
                  "[<secs>]",
      .help = "Test a replication link: send from the local port to a test server on the "
              "peer and print what the link carried (its bandwidth less loss) and its round "
              "trip time." },
    { .name = "startserver", .run = cli_cmd_checkrclink_startserver, .opts = checkrclink_opts,
      .flags = CLI_WRITES, .min_args = 1, .max_args = 3,
      .synopsis = "checkrclink startserver [-fcip] <N:S:P> [<address>] [<portnum>]",
      .help = "Start a link test server on a replication port (TCP port 5001 unless given)." },
    { .name = "stopclient", .run = cli_cmd_checkrclink_stopclient, .min_args = 1,
      .max_args = 1,
      .synopsis = "checkrclink stopclient <N:S:P>",
      .help = "Stop a link test client (a test ends by itself)." },
    { .name = "stopserver", .run = cli_cmd_checkrclink_stopserver, .flags = CLI_WRITES,
      .min_args = 1, .max_args = 1,
      .synopsis = "checkrclink stopserver <N:S:P>",
      .help = "Stop the link test server on a port." },
    { 0 }
};

static const struct cli_cmd setrcopytarget_subs[] = {
    { .name = "disable", .run = cli_cmd_setrcopytarget_disable, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopytarget disable <target>",
      .help = "Disable a target." },
    { .name = "enable", .run = cli_cmd_setrcopytarget_enable, .min_args = 1, .max_args = 1,
      .synopsis = "setrcopytarget enable <target>",
      .help = "Enable a target." },
    { .name = "name", .run = cli_cmd_setrcopytarget_name, .min_args = 2, .max_args = 2,
      .synopsis = "setrcopytarget name <newname> <target>",
      .help = "Rename a target." },
    { .name = "pol", .run = cli_cmd_setrcopytarget_pol, .min_args = 2, .max_args = 2,
      .synopsis = "setrcopytarget pol mirror_config|no_mirror_config <target>",
      .help = "Mirror configuration commands to the peer (mirror_config, the default) or "
              "not." },
    { .name = "witness", .run = cli_cmd_setrcopytarget_witness,
      .opts = setrcopytarget_witness_opts, .min_args = 2, .max_args = 3,
      .synopsis = "setrcopytarget witness create|start|stop|remove|check [-remote] [<ip>] "
                  "<target>",
      .help = "Manage the target's Quorum Witness (recorded; shown by showrcopy -qw)." },
    { 0 }
};

/* ------------------------------------------------------------------ */
/* The command table (sorted by name)                                  */

const struct cli_cmd cli_commands[] = {
    { .name = "admitrcopylink", .run = cli_cmd_admitrcopylink, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 2, .max_args = CLI_ARGS_ANY,
      .synopsis = "admitrcopylink <target> <N:S:P>:<IP|WWN>...",
      .help = "Add links to a Remote Copy target.\n"
              "Each link is a local port and the peer's address; all or none are added. "
              "Prints nothing on success." },
    { .name = "admitrcopytarget", .run = cli_cmd_admitrcopytarget, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 3, .max_args = CLI_ARGS_ANY,
      .synopsis = "admitrcopytarget <target> sync|periodic|async <group> [<vv>:<secvv>...]",
      .help = "Add a target to a Remote Copy group.\n"
              "rcsim groups have a single target, so this checks its arguments and refuses "
              "as the array does (e.g. \"Target is already in this group.\")." },
    { .name = "admitrcopyvv", .run = cli_cmd_admitrcopyvv, .opts = admitrcopyvv_opts,
      .role = EDIT, .flags = CLI_WRITES, .min_args = 2, .max_args = 4,
      .synopsis = "admitrcopyvv [-pat] [-createvv [-nowwn]] [-nosync] <vv>[:<snapshot>] "
                  "<group> [<target>:]<secvv> [<target>:<secvv>] | admitrcopyvv [options] "
                  "<vv>:<target>:<secvv> <group> | admitrcopyvv [-createvv] [-nosync] "
                  "set:<vvset> <group> <target>:<sec_vvset>",
      .help = "Add a volume pair to a stopped Remote Copy group, on the primary side.\n"
              "The pair is New until the group starts; a starting snapshot means only the "
              "difference is sent." },
    { .name = "canceltask", .run = cli_cmd_canceltask, .opts = canceltask_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_CONFIRM, .max_args = 1,
      .synopsis = "canceltask [-f] <task_id> | canceltask [-f] -all",
      .help = "Cancel an active task; a physical copy stops where it is.",
      .confirm = "Are you sure you want to cancel task %s?" },
    { .name = "checkrclink", .sub = checkrclink_subs, .role = EDIT,
      .synopsis = "checkrclink startclient|startserver|stopclient|stopserver ...",
      .help = "Test the throughput and latency of a replication link." },
    { .name = "createcpg", .run = cli_cmd_createcpg, .opts = createcpg_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 1, .max_args = 1,
      .synopsis = "createcpg [-f] [-t r0|r1|r5|r6] [-ssz <n>] [-ha port|cage|mag] [-ch first|last] "
                  "[-p -devtype FC|NL|SSD] [-domain <domain>] [-sdgs <size>] [-sdgl <size>] "
                  "[-sdgw <size>] <cpg>",
      .help = "Create a common provisioning group (CPG).\n"
              "Volumes and snapshots draw their space from CPGs." },
    { .name = "createdomain", .run = cli_cmd_createdomain, .opts = createdomain_opts,
      .role = SUPER, .flags = CLI_WRITES, .min_args = 1, .max_args = 1,
      .synopsis = "createdomain [-comment <text>] <domain>",
      .help = "Create a domain." },
    { .name = "createhost", .run = cli_cmd_createhost, .opts = createhost_opts,
      .role = EDIT, .flags = CLI_WRITES, .min_args = 1, .max_args = CLI_ARGS_ANY,
      .synopsis = "createhost [-iscsi] [-persona <id>] [-domain <domain>] [-f] <host> "
                  "[<WWN|iSCSI_name>...]",
      .help = "Create a host with its FC WWNs or, with -iscsi, iSCSI names.\n"
              "A path another host has is refused, naming that host." },
    { .name = "creatercopygroup", .run = cli_cmd_creatercopygroup,
      .opts = creatercopygroup_opts, .role = EDIT, .flags = CLI_WRITES, .min_args = 2,
      .max_args = 4,
      .synopsis = "creatercopygroup [-domain <domain>] [-usr_cpg <cpg> <target>:<cpg>] "
                  "[-snp_cpg <cpg> <target>:<cpg>] <group> <target>:sync|periodic|async",
      .help = "Create a Remote Copy group on this (the primary) array.\n"
              "With mirror_config the peer group <group>.r<system id> is created on the "
              "target at once. Prints nothing on success." },
    { .name = "creatercopytarget", .run = cli_cmd_creatercopytarget,
      .opts = creatercopytarget_opts, .role = EDIT, .flags = CLI_WRITES, .min_args = 3,
      .max_args = CLI_ARGS_ANY,
      .synopsis = "creatercopytarget [-disabled] <target> IP <N:S:P>:<peer_ip>... | "
                  "creatercopytarget [-disabled] <target> FC <node_wwn> <N:S:P>:<port_wwn>...",
      .help = "Create a Remote Copy target: the peer array, reached over the given links." },
    { .name = "createsched", .run = cli_cmd_createsched, .opts = createsched_opts,
      .role = EDIT, .flags = CLI_WRITES, .min_args = 3, .max_args = 3,
      .synopsis = "createsched [-run_once] [-no_alert] [-f] \"<command>\" \"<when>\" <name>",
      .help = "Schedule a CLI command. <when> is \"<minute> <hour> <dom> <month> <dow>\" "
              "(cron fields, UTC) or @hourly @daily @weekly @monthly @yearly.\n"
              "The command runs as the user who scheduled it, on the simulated clock; it "
              "cannot answer questions (give -f) and does not wait." },
    { .name = "createsv", .run = cli_cmd_createsv, .opts = createsv_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 2, .max_args = 2,
      .synopsis = "createsv [-ro] [-exp <time>] [-retain <time>] [-i <id>] "
                  "[-comment <text>] <svname> <vvname>",
      .help = "Create a snapshot (virtual copy) of a volume or snapshot.\n"
              "The snapshot shares its parent's data as of now and costs only the blocks "
              "written since." },
    { .name = "createvlun", .run = cli_cmd_createvlun, .opts = createvlun_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 3, .max_args = 4,
      .synopsis = "createvlun [-f] <vv> <lun>|auto <host>|set:<hostset>|<N:S:P>|"
                  "<host> <N:S:P>",
      .help = "Export a volume at a LUN to a host, a host set, a port, or a host through one "
              "port (a matched set).\nThe same VLUN WSAPI /vluns lists." },
    { .name = "createvv", .run = cli_cmd_createvv, .opts = createvv_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 3, .max_args = 3,
      .synopsis = "createvv [-tpvv|-tdvv] [-compr] [-snp_cpg <cpg>] [-cnt <n>] [-i <id>] "
                  "[-comment <text>] [-wwn <wwn>] [-domain <domain>] <cpg> <name> <size>",
      .help = "Create a virtual volume.\n"
              "<size> is in MiB, or in GiB or TiB with a g/G or t/T suffix; at most 16 TiB." },
    { .name = "createvvcopy", .run = cli_cmd_createvvcopy, .opts = createvvcopy_opts,
      .role = EDIT, .flags = CLI_WRITES, .min_args = 1, .max_args = 2,
      .synopsis = "createvvcopy -p <parent> [-s] [-pri high|med|low] <dest> | "
                  "createvvcopy -p <parent> -online [-snp_cpg <cpg>] [-tpvv|-tdvv] [-compr] "
                  "<cpg> <dest> | createvvcopy -r <dest> | createvvcopy -halt <dest>",
      .help = "Copy a volume's data into another (a physical copy), as a task.\n"
              "The copy runs at the array's copy rate on the simulated clock (showtask "
              "shows its MiB); -online creates the destination first; -r copies what "
              "changed since a copy made with -s; -halt stops it." },
    { .name = "createvvset", .run = cli_cmd_createvvset, .opts = createvvset_opts,
      .role = EDIT, .flags = CLI_WRITES, .min_args = 1, .max_args = CLI_ARGS_ANY,
      .synopsis = "createvvset [-add] [-comment <text>] [-domain <domain>] <set> [<vv>...]",
      .help = "Create a volume set, or with -add add volumes to one." },
    { .name = "dismissrcopylink", .run = cli_cmd_dismissrcopylink, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 2, .max_args = CLI_ARGS_ANY,
      .synopsis = "dismissrcopylink <target> <N:S:P>:<IP|WWN>...",
      .help = "Remove links from a Remote Copy target (all or none). Prints nothing on "
              "success." },
    { .name = "dismissrcopytarget", .run = cli_cmd_dismissrcopytarget, .role = EDIT,
      .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 2, .max_args = 2,
      .synopsis = "dismissrcopytarget [-f] <target> <group>",
      .help = "Remove a target from a Remote Copy group.\n"
              "rcsim groups have a single target, which cannot be dismissed: remove the "
              "group instead.",
      .confirm = "Are you sure you want to dismiss the target from the group (%s)?" },
    { .name = "dismissrcopyvv", .run = cli_cmd_dismissrcopyvv, .opts = dismissrcopyvv_opts,
      .role = EDIT, .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 2, .max_args = 2,
      .synopsis = "dismissrcopyvv [-f] [-pat] [-keepsnap] [-removevv] <vv> <group>",
      .help = "Remove a volume pair from a stopped Remote Copy group, on both arrays.",
      .confirm = "Are you sure you want to dismiss the volume from remote copy group "
                 "(%s)?" },
    { .name = "exit", .run = cli_cmd_exit, .max_args = 0,
      .synopsis = "exit",
      .help = "End the CLI session." },
    { .name = "growvv", .run = cli_cmd_growvv, .role = EDIT, .flags = CLI_WRITES,
      .min_args = 2, .max_args = 2,
      .synopsis = "growvv <name> <size>",
      .help = "Grow a base volume by <size> (MiB, or g/G t/T suffix)." },
    { .name = "help", .run = cli_cmd_help, .max_args = 1,
      .synopsis = "help [<command>]",
      .help = "List the commands, or show the help of one." },
    { .name = "quit", .run = cli_cmd_exit, .flags = CLI_HIDDEN, .max_args = 0,
      .synopsis = "quit",
      .help = "End the CLI session (same as exit)." },
    { .name = "removecpg", .run = cli_cmd_removecpg, .role = EDIT,
      .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "removecpg [-f] <cpg>",
      .help = "Remove a CPG that no volume uses.",
      .confirm = "Do you really want to remove CPG %s?" },
    { .name = "removedomain", .run = cli_cmd_removedomain, .role = SUPER,
      .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "removedomain [-f] <domain>",
      .help = "Remove an empty domain.",
      .confirm = "Do you really want to remove domain %s?" },
    { .name = "removehost", .run = cli_cmd_removehost, .role = EDIT, .flags = CLI_WRITES,
      .min_args = 1, .max_args = 1,
      .synopsis = "removehost <host>",
      .help = "Remove a host that has no VLUNs and is in no host set." },
    { .name = "removercopygroup", .run = cli_cmd_removercopygroup,
      .opts = removercopygroup_opts, .role = EDIT, .flags = CLI_WRITES | CLI_CONFIRM,
      .min_args = 1, .max_args = CLI_ARGS_ANY,
      .synopsis = "removercopygroup [-f] [-removevv] [-keepsnap] [-pat] <group>...",
      .help = "Remove stopped Remote Copy groups and, by mirroring, their peer groups.",
      .confirm = "Are you sure you want to remove remote copy group %s?" },
    { .name = "removercopytarget", .run = cli_cmd_removercopytarget,
      .opts = removercopytarget_opts, .role = EDIT, .flags = CLI_WRITES | CLI_CONFIRM,
      .min_args = 1, .max_args = 1,
      .synopsis = "removercopytarget [-f] [-cleargroups] <target>",
      .help = "Remove a Remote Copy target and its links.",
      .confirm = "Are you sure you want to remove remote copy target %s?" },
    { .name = "removesched", .run = cli_cmd_removesched, .opts = removesched_opts,
      .role = EDIT, .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "removesched [-f] <name>",
      .help = "Remove a scheduled command.",
      .confirm = "Are you sure you want to remove the schedule (%s)?" },
    { .name = "removevlun", .run = cli_cmd_removevlun, .opts = removevlun_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 3, .max_args = 4,
      .synopsis = "removevlun [-f] <vv> <lun> <host>|set:<hostset>|<N:S:P>|<host> <N:S:P>",
      .help = "Remove a VLUN (the template that matches exactly)." },
    { .name = "removevv", .run = cli_cmd_removevv, .opts = removevv_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1, .max_args = CLI_ARGS_ANY,
      .synopsis = "removevv [-f] [-pat] <name|pattern>...",
      .help = "Remove volumes or snapshots.\n"
              "A volume with snapshots, in a Remote Copy group or exported is refused. "
              "Snapshots named on the same line are removed before their parents.",
      .confirm = "Do you really want to remove virtual volume(s) %s?" },
    { .name = "removevvset", .run = cli_cmd_removevvset, .opts = removevvset_opts,
      .role = EDIT, .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1,
      .max_args = CLI_ARGS_ANY,
      .synopsis = "removevvset [-f] <set> [<vv>...]",
      .help = "Remove a volume set, or the volumes named from it.",
      .confirm = "Are you sure you want to remove the vv set or its members (%s)?" },
    { .name = "setclienv", .sub = setclienv_subs,
      .synopsis = "setclienv csvtable|nohdtot 0|1",
      .help = "Set a parameter of this CLI session." },
    { .name = "setqos", .run = cli_cmd_setqos, .opts = setqos_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_NEED_OPTION, .min_args = 1, .max_args = 1,
      .synopsis = "setqos [-io [<min>-]<max>] [-bw [<min>-]<max>] [-pri low|normal|high] "
                  "[-lt <ms>] [-on|-off] [-clear] vvset:<set>|sys:all_others",
      .help = "Create or change the QoS rule of a volume set (or of all other volumes).\n"
              "Options not given keep their value; -clear removes the rule." },
    { .name = "setrcopygroup", .sub = setrcopygroup_subs, .role = EDIT, .flags = CLI_WRITES,
      .synopsis = "setrcopygroup pol|period|mode|snap_freq|usr_cpg|snp_cpg|failover|recover|"
                  "restore|reverse|switchover|override ...",
      .help = "Change a Remote Copy group: its settings, or a disaster-recovery operation.\n"
              "The DR operations ask for confirmation unless -f and print the task they "
              "start." },
    { .name = "setrcopytarget", .sub = setrcopytarget_subs, .role = EDIT, .flags = CLI_WRITES,
      .synopsis = "setrcopytarget name|pol|enable|disable|witness ...",
      .help = "Change a Remote Copy target." },
    { .name = "setsched", .run = cli_cmd_setsched, .opts = setsched_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_NEED_OPTION, .min_args = 1, .max_args = 1,
      .synopsis = "setsched [-name <newname>] [-s \"<when>\"] [-suspend|-resume] <name>",
      .help = "Rename a schedule, give it a new time, suspend or resume it." },
    { .name = "setvv", .run = cli_cmd_setvv, .opts = setvv_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_NEED_OPTION, .min_args = 1, .max_args = 1,
      .synopsis = "setvv [-name <newname>] [-comment <text>] [-snp_cpg <cpg>] <name>",
      .help = "Rename a volume, change its comment or its snapshot CPG: all or nothing." },
    { .name = "showalert", .run = cli_cmd_showalert, .opts = showalert_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = 0,
      .synopsis = "showalert [-n|-a|-f|-all] [-oneline]",
      .help = "Show the alerts the array raised: links down, targets failed, groups "
              "stopped by a failure, replication errors, sync overruns, failsafe." },
    { .name = "showcpg", .run = cli_cmd_showcpg, .opts = showcpg_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showcpg [-d] [<pattern>...]",
      .help = "Show common provisioning groups and their space (MiB)." },
    { .name = "showdomain", .run = cli_cmd_showdomain, .opts = showdomain_opts,
      .role = BROWSE, .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showdomain [-d] [<pattern>...]",
      .help = "Show domains." },
    { .name = "showeventlog", .run = cli_cmd_showeventlog, .opts = showeventlog_opts,
      .role = BROWSE, .max_args = 0,
      .synopsis = "showeventlog [-min <minutes>] [-msg <pattern>] [-oneline]",
      .help = "Show the system event log, oldest first." },
    { .name = "showhost", .run = cli_cmd_showhost, .role = BROWSE, .flags = CLI_TABLE,
      .max_args = CLI_ARGS_ANY,
      .synopsis = "showhost [<host|pattern>...]",
      .help = "List hosts with their persona and paths." },
    { .name = "showhostset", .run = cli_cmd_showhostset, .opts = showhostset_opts,
      .role = BROWSE, .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showhostset [-d] [-host <host>] [<set|pattern>...]",
      .help = "List host sets and their members." },
    { .name = "showpatch", .run = cli_cmd_showpatch, .opts = showpatch_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = 0,
      .synopsis = "showpatch [-hist] [-d <patch_id>]",
      .help = "Show the patches applied to the system (none: a simulated array runs its "
              "base release)." },
    { .name = "showport", .run = cli_cmd_showport, .role = BROWSE, .flags = CLI_TABLE,
      .max_args = 1,
      .synopsis = "showport [<N:S:P pattern>]",
      .help = "Show the host and replication ports." },
    { .name = "showrcopy", .run = cli_cmd_showrcopy, .opts = showrcopy_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showrcopy [-d] [-qw] [-domain <domain>] "
                  "[links|groups [<pattern>...]|targets]",
      .help = "Show the Remote Copy service, targets, links and groups.\n"
              "With -d the volume rows add Resync_ss (the resync snapshot), Resync (full or "
              "delta) and Blocks (sent/total of that resync)." },
    { .name = "showsched", .run = cli_cmd_showsched, .opts = showsched_opts,
      .role = BROWSE, .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showsched [-d] [<name|pattern>...]",
      .help = "List scheduled commands: their time, owner, status and next run." },
    { .name = "showsys", .run = cli_cmd_showsys, .opts = showsys_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = 0,
      .synopsis = "showsys [-d]",
      .help = "Show the system: ID (hex), name, model, serial, nodes and capacity (MiB)." },
    { .name = "showtask", .run = cli_cmd_showtask, .opts = showtask_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = 1,
      .synopsis = "showtask [-d] [<id>]",
      .help = "Show tasks (DR operations, syncs, copies); -d <id> adds the task's steps." },
    { .name = "showuser", .run = cli_cmd_showuser, .role = BROWSE, .flags = CLI_TABLE,
      .max_args = CLI_ARGS_ANY,
      .synopsis = "showuser [<name|pattern>...]",
      .help = "Show the array's users and their roles." },
    { .name = "showversion", .run = cli_cmd_showversion, .opts = showversion_opts,
      .role = BROWSE, .max_args = 0,
      .synopsis = "showversion [-a] [-b]",
      .help = "Show the release version of the system software." },
    { .name = "showvlun", .run = cli_cmd_showvlun, .opts = showvlun_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = 0,
      .synopsis = "showvlun [-a|-t] [-host <host>] [-v <vv>]",
      .help = "Show the active VLUNs (one row per host path and port that reaches the "
              "volume) and the VLUN templates." },
    { .name = "showvv", .run = cli_cmd_showvv, .opts = showvv_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showvv [-d|-cpgalloc] [-rcopy] [-notree] [-showcols <col>,...] "
                  "[-sortcol <n>[,inc|dec]] [-listcols] "
                  "[-p [-type base|vcopy] [-rcopygroup <group>]] [<pattern>...]",
      .help = "Show virtual volumes and snapshots.\n"
              "Snapshots are indented under their parent unless -notree. "
              "With no match prints \"no vv listed\"." },
    { .name = "showvvset", .run = cli_cmd_showvvset, .opts = showvvset_opts,
      .role = BROWSE, .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showvvset [-d] [-vv <vv>] [<set|pattern>...]",
      .help = "List volume sets and their members." },
    { .name = "showwsapi", .run = cli_cmd_showwsapi, .role = BROWSE, .flags = CLI_TABLE,
      .max_args = 0,
      .synopsis = "showwsapi",
      .help = "Show the WSAPI service: state, ports, version and URL." },
    { .name = "srstatrcopy", .run = cli_cmd_srstatrcopy, .opts = srstatrcopy_opts,
      .role = BROWSE, .flags = CLI_TABLE, .max_args = 0,
      .synopsis = "srstatrcopy [-hires|-hourly|-daily] [-btsecs <secs>] [-etsecs <secs>] "
                  "[-groupby TARGET_NAME,LINK_ADDR,GROUP_NAME]",
      .help = "Show what the replication links carried: KBytes sent and KBytes/s per sample "
              "(5 minutes, an hour or a day) over the last 12 hours, by target and link "
              "unless -groupby says otherwise." },
    { .name = "startrcopy", .run = cli_cmd_startrcopy, .role = EDIT, .flags = CLI_WRITES,
      .max_args = 0,
      .synopsis = "startrcopy",
      .help = "Start the Remote Copy service. Prints nothing on success." },
    { .name = "startrcopygroup", .run = cli_cmd_startrcopygroup, .opts = startrcopygroup_opts,
      .role = EDIT, .flags = CLI_WRITES, .min_args = 1, .max_args = CLI_ARGS_ANY,
      .synopsis = "startrcopygroup [-nosync] [-wait] [-pat] [-t <target>] <group> "
                  "[<vv>:<snapshot>|<vv>:-...]",
      .help = "Start a Remote Copy group on its primary side (mirrored to the peer).\n"
              "New volumes get a full sync, stopped ones a delta sync from their resync "
              "snapshot. Prints nothing on success; -wait returns once synced." },
    { .name = "stoprcopy", .run = cli_cmd_stoprcopy, .opts = stoprcopy_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_CONFIRM, .max_args = 0,
      .synopsis = "stoprcopy [-f] [-stopgroups] [-clear]",
      .help = "Stop the Remote Copy service.",
      .confirm = "Are you sure you want to stop the Remote Copy service?" },
    { .name = "stoprcopygroup", .run = cli_cmd_stoprcopygroup, .opts = stoprcopygroup_opts,
      .role = EDIT, .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1, .max_args = 1,
      .synopsis = "stoprcopygroup [-f] [-nosnap] [-pat] [-t <target>] <group>",
      .help = "Stop a Remote Copy group on both arrays.\n"
              "Sync groups take a resync snapshot of every synced primary volume unless "
              "-nosnap.",
      .confirm = "Are you sure you want to stop remote copy group %s?" },
    { .name = "syncrcopy", .run = cli_cmd_syncrcopy, .opts = syncrcopy_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 1, .max_args = 1,
      .synopsis = "syncrcopy [-w] [-n|-N] [-ovrd] [-f] [-t <target>] <group>",
      .help = "Synchronize a group now (a periodic cycle, or a resync of what is not in "
              "sync).\nWith -w waits and prints \"Completed synchronization for group "
              "<group>\". In a sync group, volumes already Synced go again only with -ovrd "
              "or when the operator answers yes." },
    { 0 }
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]) - 1;
