/* cli/internal.h - what the files of cli/ share; no other directory
 * includes it. The command model (struct cli_cmd, struct cli_opt), the
 * per-command context handlers receive, and each file's helpers, grouped
 * by file as in nbdkit's server/internal.h. */
#ifndef RCSIM_CLI_INTERNAL_H
#define RCSIM_CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "sim/array.h"
#include "sim/rcopy.h"
#include "sim/sim.h"

struct sim_err;
struct strbuf;
struct fmt_table;

#define CLI_TOKENS_MAX 256      /* words in one command */
#define CLI_OPTS_MAX 64         /* option occurrences in one command */

struct cli_session {
    struct sim *sim;            /* borrowed */
    char array[SIM_ARRAY_NAME_MAX + 1];
    char user[SIM_NAME_MAX + 1];
    enum sim_user_role role;
    bool csvtable;              /* setclienv csvtable 1 */
    bool nohdtot;               /* setclienv nohdtot 1 */
    char prompt[SIM_ARRAY_NAME_MAX + 8];
};

/* How an option is written and what dispatch checks before the handler. */
enum cli_opt_kind {
    CLI_OPT_FLAG,               /* -d */
    CLI_OPT_VALUE,              /* -domain <d>: any text (or one of .choices) */
    CLI_OPT_NUM,                /* -cnt <n>: a non-negative integer */
    CLI_OPT_SIZE,               /* -sdgs <size>: MiB with g/G/t/T suffixes */
};

/* One option of a command. Options may repeat (each value is kept) and may
 * come before or after the positional arguments, as the array allows. */
struct cli_opt {
    const char *name;           /* "-domain" */
    enum cli_opt_kind kind;
    const char *arg;            /* value placeholder for help, "<domain>" */
    const char *choices;        /* "r1|r5|r6": the only values taken; NULL: any */
    const char *help;
};

struct cli_ctx;
typedef int cli_run_fn(struct cli_ctx *cx);

/* Flags of a command entry:
 *   CLI_WRITES       changes state (documented; the WSAPI peer is a sim_ call)
 *   CLI_CONFIRM      asks .confirm (formatted with the arguments) unless -f;
 *                    -f is implied in its options
 *   CLI_TABLE        prints tables: takes -csvtable and -nohdtot
 *   CLI_NEED_OPTION  refuses to run without at least one option
 *   CLI_HIDDEN       not listed by help (aliases such as quit) */
enum cli_cmd_flags {
    CLI_WRITES      = (1 << 0),
    CLI_CONFIRM     = (1 << 1),
    CLI_TABLE       = (1 << 2),
    CLI_NEED_OPTION = (1 << 3),
    CLI_HIDDEN      = (1 << 4),
};

#define CLI_ARGS_ANY (-1)

/* One command, or one subcommand in a .sub table. Either .run or .sub.
 * A subcommand is chosen by the first word after the command; its own
 * .opts, .min_args/.max_args, .run and .confirm apply; the role needed is
 * the higher of the two entries', and the flags are combined. Tables are
 * sorted by name and end with an entry whose name is NULL. */
struct cli_cmd {
    const char *name;
    cli_run_fn *run;
    const struct cli_cmd *sub;
    const struct cli_opt *opts;     /* NULL-name terminated, or NULL */
    enum sim_user_role role;        /* the weakest role allowed */
    unsigned flags;                 /* enum cli_cmd_flags */
    int min_args, max_args;         /* positional words; max CLI_ARGS_ANY: no limit */
    const char *synopsis;
    const char *help;               /* first line: the summary `help` lists */
    const char *confirm;            /* question; "%s" is the arguments */
};

struct cli_optval {
    const struct cli_opt *opt;
    const char *val;                /* NULL for flags */
};

/* What a handler gets: the parsed command. Handlers read options and
 * arguments from here, call sim_ functions, and print through cli_printf,
 * cli_print_table and cli_refuse. */
struct cli_ctx {
    struct cli_session *cs;
    struct sim *sim;
    const char *array;
    const struct cli_io *io;
    const struct cli_cmd *top;      /* the command */
    const struct cli_cmd *cmd;      /* the entry run: top, or its subcommand */
    int argc;                       /* positional arguments */
    char **argv;
    size_t nopt;
    struct cli_optval opt[CLI_OPTS_MAX];
    bool csv, nohdtot;              /* session settings or -csvtable/-nohdtot */
    bool exit_requested;
};

/* commands.c */
extern const struct cli_cmd cli_commands[];
extern const size_t cli_ncommands;
/* Finds name in a NULL-terminated table; NULL when absent. */
const struct cli_cmd *cli_cmd_find(const struct cli_cmd *table, const char *name);

/* dispatch.c */
/* Runs one tokenized command (argv[0] is its name) with every generic step:
 * lookup, role, options, -h, argument count, confirmation, then .run. */
int cli_dispatch(struct cli_session *cs, const struct cli_io *io, int argc, char **argv,
                 bool *exit_requested);
bool cli_opt_has(const struct cli_ctx *cx, const char *name);
/* True when no argument was given or one of them (a glob) matches name:
 * the filter of the show commands. */
bool cli_args_match(const struct cli_ctx *cx, const char *name);
/* The last value given for name, or NULL. */
const char *cli_opt_value(const struct cli_ctx *cx, const char *name);
/* Walks the values given for a repeated option: start with *pos = 0. */
const char *cli_opt_next(const struct cli_ctx *cx, const char *name, size_t *pos);
/* Values of CLI_OPT_NUM and CLI_OPT_SIZE options (checked by dispatch). */
int64_t cli_opt_num(const struct cli_ctx *cx, const char *name, int64_t dflt);
uint64_t cli_opt_mib(const struct cli_ctx *cx, const char *name, uint64_t dflt);
/* Parses argument i as a size in MiB (rc_parse_mib). On a bad size prints
 * the usage error and returns -1; the handler returns CLI_USAGE. */
int cli_arg_mib(struct cli_ctx *cx, int i, uint64_t *out);
/* Parses argument i as 0 or 1, likewise. */
int cli_arg_bool(struct cli_ctx *cx, int i, bool *out);
/* Parses a duration option (a number with h/d suffix, default_unit_ms
 * without one), likewise. Returns 0 and leaves *out when absent. */
int cli_opt_duration(struct cli_ctx *cx, const char *name, int64_t default_unit_ms,
                     int64_t *out);
/* Prints "Error: <message>" and the usage line; returns CLI_USAGE. */
int cli_usage(struct cli_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_write(struct cli_ctx *cx, const char *s, size_t len);
void cli_printf(struct cli_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Renders t as text or CSV, honouring csvtable and nohdtot. */
void cli_print_table(struct cli_ctx *cx, const struct fmt_table *t);

/* errors.c */
/* The line each refusal prints (after "Error: "), indexed by enum sim_rc;
 * "%s" stands for the subject. */
extern const char *const cli_errs[];
/* Prints one "Error: ..." line for err to io->err; returns CLI_REFUSED. */
int cli_refuse(struct cli_ctx *cx, const struct sim_err *err);
/* Renders the refusal line (without the newline) into out. */
void cli_err_format(const struct sim_err *err, struct strbuf *out);

/* help.c */
/* The help text of a command (and its subcommands): usage, description,
 * options. */
void cli_help_render(const struct cli_cmd *cmd, const char *prefix, struct strbuf *out);
/* The command list `help` prints: each command and its summary. */
void cli_help_list(struct strbuf *out);

/* session.c */
struct cli_words {
    int argc;
    char **argv;                    /* argc new strings, then NULL */
};
/* Splits a line into commands (on ';' outside quotes) and words, as the
 * array's shell does: blanks separate words, "..." and '...' quote (the
 * quotes go), a backslash outside single quotes escapes the next character,
 * and a word that starts with '{' is everything up to the matching '}'
 * (Tcl braces: they nest, nothing inside is special, the outer pair goes).
 * Commands without words are dropped. Returns 0, or -1 on an unterminated
 * quote or brace or characters right after a closing brace, with the
 * reason (a static string) in *why when why is not NULL. *cmds is a new
 * array of *ncmds; free with cli_tokens_free(). */
int cli_tokenize(const char *line, struct cli_words **cmds, size_t *ncmds, const char **why);
void cli_tokens_free(struct cli_words *cmds, size_t ncmds);

/* cmd_session.c */
int cli_cmd_exit(struct cli_ctx *cx);
int cli_cmd_help(struct cli_ctx *cx);
int cli_cmd_setclienv_csvtable(struct cli_ctx *cx);
int cli_cmd_setclienv_nohdtot(struct cli_ctx *cx);

/* cmd_sys.c */
int cli_cmd_showsys(struct cli_ctx *cx);
int cli_cmd_showversion(struct cli_ctx *cx);
int cli_cmd_showport(struct cli_ctx *cx);
int cli_cmd_showeventlog(struct cli_ctx *cx);
int cli_cmd_showwsapi(struct cli_ctx *cx);
int cli_cmd_showpatch(struct cli_ctx *cx);

/* cmd_alert.c */
int cli_cmd_showalert(struct cli_ctx *cx);
int cli_cmd_showuser(struct cli_ctx *cx);

/* cmd_vlun.c */
int cli_cmd_createvlun(struct cli_ctx *cx);
int cli_cmd_removevlun(struct cli_ctx *cx);
int cli_cmd_showvlun(struct cli_ctx *cx);

/* cmd_copy.c */
int cli_cmd_createvvcopy(struct cli_ctx *cx);
int cli_cmd_canceltask(struct cli_ctx *cx);

/* cmd_rcstat.c */
int cli_cmd_srstatrcopy(struct cli_ctx *cx);
int cli_cmd_checkrclink_startclient(struct cli_ctx *cx);
int cli_cmd_checkrclink_startserver(struct cli_ctx *cx);
int cli_cmd_checkrclink_stopclient(struct cli_ctx *cx);
int cli_cmd_checkrclink_stopserver(struct cli_ctx *cx);

/* cmd_sched.c */
int cli_cmd_createsched(struct cli_ctx *cx);
int cli_cmd_setsched(struct cli_ctx *cx);
int cli_cmd_removesched(struct cli_ctx *cx);
int cli_cmd_showsched(struct cli_ctx *cx);

/* cmd_host.c */
int cli_cmd_createhost(struct cli_ctx *cx);
int cli_cmd_removehost(struct cli_ctx *cx);
int cli_cmd_showhost(struct cli_ctx *cx);
int cli_cmd_showhostset(struct cli_ctx *cx);
int cli_cmd_createvvset(struct cli_ctx *cx);
int cli_cmd_removevvset(struct cli_ctx *cx);
int cli_cmd_showvvset(struct cli_ctx *cx);
int cli_cmd_setqos(struct cli_ctx *cx);

/* cmd_cpg.c */
int cli_cmd_showcpg(struct cli_ctx *cx);
int cli_cmd_createcpg(struct cli_ctx *cx);
int cli_cmd_removecpg(struct cli_ctx *cx);
int cli_cmd_showdomain(struct cli_ctx *cx);
int cli_cmd_createdomain(struct cli_ctx *cx);
int cli_cmd_removedomain(struct cli_ctx *cx);

/* cmd_vv.c */
int cli_cmd_showvv(struct cli_ctx *cx);
int cli_cmd_createvv(struct cli_ctx *cx);
int cli_cmd_removevv(struct cli_ctx *cx);
int cli_cmd_growvv(struct cli_ctx *cx);
int cli_cmd_setvv(struct cli_ctx *cx);
int cli_cmd_createsv(struct cli_ctx *cx);

/* cmd_task.c */
struct sim_task_view;
int cli_cmd_showtask(struct cli_ctx *cx);
/* Waits until task id has ended (polling sim_task_get, sleeping on engine
 * events between polls) and fills *out. Returns 0, or CLI_REFUSED after
 * printing why (unknown task, or io->interrupted was set). With a manual
 * clock a task moves only when someone else advances the clock. */
int cli_wait_task(struct cli_ctx *cx, int64_t id, struct sim_task_view *out);
/* Likewise until sim_group_synced() says the group is in sync. */
int cli_wait_synced(struct cli_ctx *cx, const char *group);

/* cmd_rcopy.c */
int cli_cmd_startrcopy(struct cli_ctx *cx);
int cli_cmd_stoprcopy(struct cli_ctx *cx);
int cli_cmd_showrcopy(struct cli_ctx *cx);
/* A period as showrcopy prints it: "5m", "1h", "90s". */
void cli_rc_format_period(int64_t ms, char *buf, size_t size);

/* cmd_rctarget.c */
int cli_cmd_creatercopytarget(struct cli_ctx *cx);
int cli_cmd_removercopytarget(struct cli_ctx *cx);
int cli_cmd_admitrcopylink(struct cli_ctx *cx);
int cli_cmd_dismissrcopylink(struct cli_ctx *cx);
int cli_cmd_setrcopytarget_name(struct cli_ctx *cx);
int cli_cmd_setrcopytarget_pol(struct cli_ctx *cx);
int cli_cmd_setrcopytarget_enable(struct cli_ctx *cx);
int cli_cmd_setrcopytarget_disable(struct cli_ctx *cx);
int cli_cmd_setrcopytarget_witness(struct cli_ctx *cx);
int cli_cmd_admitrcopytarget(struct cli_ctx *cx);
int cli_cmd_dismissrcopytarget(struct cli_ctx *cx);

/* cmd_rcgroup.c */
int cli_cmd_creatercopygroup(struct cli_ctx *cx);
int cli_cmd_removercopygroup(struct cli_ctx *cx);
int cli_cmd_admitrcopyvv(struct cli_ctx *cx);
int cli_cmd_dismissrcopyvv(struct cli_ctx *cx);
int cli_cmd_startrcopygroup(struct cli_ctx *cx);
int cli_cmd_stoprcopygroup(struct cli_ctx *cx);
int cli_cmd_syncrcopy(struct cli_ctx *cx);
int cli_cmd_setrcopygroup_pol(struct cli_ctx *cx);
int cli_cmd_setrcopygroup_period(struct cli_ctx *cx);
int cli_cmd_setrcopygroup_mode(struct cli_ctx *cx);
int cli_cmd_setrcopygroup_snap_freq(struct cli_ctx *cx);
int cli_cmd_setrcopygroup_usr_cpg(struct cli_ctx *cx);
int cli_cmd_setrcopygroup_snp_cpg(struct cli_ctx *cx);
/* The groups a command acts on: word itself, or with pat the groups whose
 * names match it (none: the unknown-group refusal). *names is a new array
 * of *n new strings; free with cli_rc_names_free(). Returns 0 or
 * CLI_REFUSED after printing the refusal. */
int cli_rc_group_names(struct cli_ctx *cx, const char *word, bool pat, char ***names,
                       size_t *n);
void cli_rc_names_free(char **names, size_t n);

/* cmd_rcdr.c: setrcopygroup failover|recover|restore|reverse|switchover|
 * override (the subcommand's name says which). */
int cli_cmd_setrcopygroup_dr(struct cli_ctx *cx);

#endif
