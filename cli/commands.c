/* cli/commands.c - the one table of the array's commands, sorted by name
 * (tests/unit/cli_commands.c checks the order). Each entry is data:
 * options, role, flags, argument counts, synopsis, help, confirmation
 * question; cli_dispatch() applies them before the handler (cmd_*.c) runs.
 * Adding a command is one handler and one entry here; a command with
 * subcommands (setclienv, later setrcopygroup) points .sub at its own
 * sorted table. Spec: STYLE §2.7; reference remote-copy.md §5. */
#include "cli/internal.h"

#include <string.h>

#define SUPER SIM_ROLE_SUPER
#define EDIT SIM_ROLE_EDIT
#define BROWSE SIM_ROLE_BROWSE

/* ------------------------------------------------------------------ */
/* Option tables                                                        */

static const struct cli_opt createcpg_opts[] = {
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

static const struct cli_opt removevv_opts[] = {
    { "-pat", CLI_OPT_FLAG, NULL, NULL, "the names are glob patterns" },
    { 0 }
};

static const struct cli_opt setvv_opts[] = {
    { "-comment", CLI_OPT_VALUE, "<text>", NULL, "set the comment (\"\" clears it)" },
    { "-name", CLI_OPT_VALUE, "<newname>", NULL, "rename the volume" },
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
    { "-notree", CLI_OPT_FLAG, NULL, NULL, "do not indent snapshots under their parent" },
    { "-p", CLI_OPT_FLAG, NULL, NULL, "filters follow (-type, -rcopygroup)" },
    { "-rcopy", CLI_OPT_FLAG, NULL, NULL, "add the RcopyStatus and RcopyGroup columns" },
    { "-rcopygroup", CLI_OPT_VALUE, "<group>", NULL, "only volumes of this group" },
    { "-showcols", CLI_OPT_VALUE, "<col>[,<col>...]", NULL, "show only these columns" },
    { "-type", CLI_OPT_VALUE, "<type>", "base|vcopy", "only base volumes or snapshots" },
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

/* ------------------------------------------------------------------ */
/* The command table (sorted by name)                                  */

const struct cli_cmd cli_commands[] = {
    { .name = "createcpg", .run = cli_cmd_createcpg, .opts = createcpg_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 1, .max_args = 1,
      .synopsis = "createcpg [-f] [-t r0|r1|r5|r6] [-ssz <n>] [-ha port|cage|mag] "
                  "[-p -devtype FC|NL|SSD] [-domain <domain>] [-sdgs <size>] [-sdgl <size>] "
                  "[-sdgw <size>] <cpg>",
      .help = "Create a common provisioning group (CPG).\n"
              "Volumes and snapshots draw their space from CPGs." },
    { .name = "createdomain", .run = cli_cmd_createdomain, .opts = createdomain_opts,
      .role = SUPER, .flags = CLI_WRITES, .min_args = 1, .max_args = 1,
      .synopsis = "createdomain [-comment <text>] <domain>",
      .help = "Create a domain." },
    { .name = "createsv", .run = cli_cmd_createsv, .opts = createsv_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 2, .max_args = 2,
      .synopsis = "createsv [-ro] [-exp <time>] [-retain <time>] [-i <id>] "
                  "[-comment <text>] <svname> <vvname>",
      .help = "Create a snapshot (virtual copy) of a volume or snapshot.\n"
              "The snapshot shares its parent's data as of now and costs only the blocks "
              "written since." },
    { .name = "createvv", .run = cli_cmd_createvv, .opts = createvv_opts, .role = EDIT,
      .flags = CLI_WRITES, .min_args = 3, .max_args = 3,
      .synopsis = "createvv [-tpvv|-tdvv] [-compr] [-snp_cpg <cpg>] [-cnt <n>] [-i <id>] "
                  "[-comment <text>] [-wwn <wwn>] [-domain <domain>] <cpg> <name> <size>",
      .help = "Create a virtual volume.\n"
              "<size> is in MiB, or in GiB or TiB with a g/G or t/T suffix; at most 16 TiB." },
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
    { .name = "removevv", .run = cli_cmd_removevv, .opts = removevv_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_CONFIRM, .min_args = 1, .max_args = CLI_ARGS_ANY,
      .synopsis = "removevv [-f] [-pat] <name|pattern>...",
      .help = "Remove volumes or snapshots.\n"
              "A volume with snapshots, in a Remote Copy group or exported is refused. "
              "Snapshots named on the same line are removed before their parents.",
      .confirm = "Do you really want to remove virtual volume(s) %s?" },
    { .name = "setclienv", .sub = setclienv_subs,
      .synopsis = "setclienv csvtable|nohdtot 0|1",
      .help = "Set a parameter of this CLI session." },
    { .name = "setvv", .run = cli_cmd_setvv, .opts = setvv_opts, .role = EDIT,
      .flags = CLI_WRITES | CLI_NEED_OPTION, .min_args = 1, .max_args = 1,
      .synopsis = "setvv [-name <newname>] [-comment <text>] <name>",
      .help = "Rename a volume or change its comment." },
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
    { .name = "showport", .run = cli_cmd_showport, .role = BROWSE, .flags = CLI_TABLE,
      .max_args = 1,
      .synopsis = "showport [<N:S:P pattern>]",
      .help = "Show the host and replication ports." },
    { .name = "showsys", .run = cli_cmd_showsys, .opts = showsys_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = 0,
      .synopsis = "showsys [-d]",
      .help = "Show the system: ID (hex), name, model, serial, nodes and capacity (MiB)." },
    { .name = "showversion", .run = cli_cmd_showversion, .opts = showversion_opts,
      .role = BROWSE, .max_args = 0,
      .synopsis = "showversion [-a] [-b]",
      .help = "Show the release version of the system software." },
    { .name = "showvv", .run = cli_cmd_showvv, .opts = showvv_opts, .role = BROWSE,
      .flags = CLI_TABLE, .max_args = CLI_ARGS_ANY,
      .synopsis = "showvv [-d|-cpgalloc] [-rcopy] [-notree] [-showcols <col>,...] "
                  "[-p [-type base|vcopy] [-rcopygroup <group>]] [<pattern>...]",
      .help = "Show virtual volumes and snapshots.\n"
              "Snapshots are indented under their parent unless -notree. "
              "With no match prints \"no vv listed\"." },
    { 0 }
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]) - 1;
