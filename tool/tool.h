/* tool/tool.h - what the subcommands of the rcsim command share: the
 * context, exit codes, the control API call and the output helpers. The
 * command table and main() are in rcsim.c; each tool/<x>.c holds a group of
 * subcommands. Only this layer writes to stdout. Spec: docs/control-api.md
 * and the help of each command (rcsim.1). */
#ifndef RCSIM_TOOL_TOOL_H
#define RCSIM_TOOL_TOOL_H

#include "api/ctl_client.h"
#include "api/json.h"

#include <cjson/cJSON.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RCSIM_VERSION "0.1.0"
#define DEFAULT_CONTROL "127.0.0.1:8090"
#define DEFAULT_DB "./rcsim.db"
#define IO_CHUNK (32u << 20)        /* bytes per write request from a file */

extern const char rcsim_fixture_two_site[];
/* The built-in fixtures (fixtures/<name>.json, embedded by the build), by
 * name, ending with { NULL, NULL }; two-site is the default. */
struct rcsim_fixture { const char *name; const char *json; };
extern const struct rcsim_fixture rcsim_fixtures[];
/* The JSON of the built-in fixture name, or NULL. */
const char *tool_fixture_builtin(const char *name);

enum exit_code { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

enum subcmd_flags {
    NEED_SERVER = (1 << 0),         /* talks to a running simulator */
    OWN_HELP    = (1 << 1),         /* reads --help itself (cli: the array's
                                       command line follows the array name) */
};

/* One option of a subcommand, for --help and the man page. */
struct tool_opt {
    const char *spec;               /* "--db PATH" */
    const char *help;               /* what it does */
    const char *dflt;               /* the default, or NULL */
    const char *env;                /* the environment variable read, or NULL */
};

/* What --help, `rcsim help <cmd>` and the man page (`rcsim help --man`)
 * say of a subcommand: one text, three renderings (tool/help.c). */
struct tool_doc {
    const char *usage;              /* synopsis, one form per line, after "rcsim " */
    const char *summary;            /* one line, for the command list */
    const char *text;               /* paragraphs separated by blank lines, or NULL */
    const struct tool_opt *opts;    /* ends with { NULL }, or NULL */
    const char *example;            /* shell lines, or NULL */
};

/* What every subcommand shares, set up by run_subcmd(). */
struct cx {
    const struct subcmd *cmd;
    const char *server;             /* --server, or NULL (RCSIM_URL / default) */
    const char *token;              /* --token, or RCSIM_TOKEN */
    bool json;                      /* --json */
    struct ctl_client *client;      /* NEED_SERVER only */
};

struct subcmd {
    const char *name;
    int (*fn)(int argc, char **argv, struct cx *cx);
    unsigned flags;                 /* enum subcmd_flags */
    const struct tool_doc *doc;
};

/* Prints "rcsim <cmd>: <why>" and the usage; returns EXIT_USAGE. */
int tool_usage_error(const struct cx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a duration argument in the one syntax (util/strutil.h: a unit is
 * required; "1m30s" and "1.5s" work). what names the argument as the user
 * wrote it ("--for", "the time to advance by"). Returns 0, or prints why
 * and returns EXIT_USAGE. */
int tool_duration(const struct cx *cx, const char *what, const char *text, int64_t *ms);

/* tool/help.c: --help of one command, the command list, the man page. */
void tool_help_command(FILE *f, const struct subcmd *cmd);
void tool_help_list(FILE *f, const struct subcmd *cmds, size_t n);
void tool_help_man(FILE *f, const struct subcmd *cmds, size_t n);
/* Sends method path with body (taken; NULL: none). On success returns 0
 * with *out the parsed JSON answer (NULL allowed: dropped). On a refusal or
 * an unreachable server prints why and returns EXIT_REFUSED. */
int tool_call(struct cx *cx, const char *method, const char *path, cJSON *body,
              long timeout_s, cJSON **out);
void tool_print_refusal(const struct cx *cx, const struct ctl_reply *r);
/* Prints j (taken) as JSON (--json) or via the human printer. */
int tool_show(const struct cx *cx, cJSON *j, void (*human)(const cJSON *j));
void tool_print_json(const cJSON *j);

const char *tool_jstr(const cJSON *o, const char *key);     /* "" when absent */
double tool_jnum(const cJSON *o, const char *key);          /* 0 when absent */
bool tool_jtrue(const cJSON *o, const char *key);
const cJSON *tool_jget(const cJSON *o, const char *key);

/* The whole file (NUL-terminated), or NULL with errbuf set. */
char *tool_read_file(const char *path, size_t *len_out, char *errbuf, size_t errlen);

/* The timed faults to come (GET /timeline), one line each. */
void tool_print_timeline(const cJSON *j);

/* One link or one group of `rcsim status` / `rcsim groups`, indented. */
void tool_print_link(const char *indent, const cJSON *l);
void tool_print_group(const char *indent, const cJSON *g);

int cmd_serve(int argc, char **argv, struct cx *cx);
int cmd_cli(int argc, char **argv, struct cx *cx);
int cmd_io(int argc, char **argv, struct cx *cx);
int cmd_clock(int argc, char **argv, struct cx *cx);
int cmd_status(int argc, char **argv, struct cx *cx);
int cmd_events(int argc, char **argv, struct cx *cx);
int cmd_groups(int argc, char **argv, struct cx *cx);
int cmd_link(int argc, char **argv, struct cx *cx);
int cmd_array(int argc, char **argv, struct cx *cx);
int cmd_witness(int argc, char **argv, struct cx *cx);
int cmd_fault(int argc, char **argv, struct cx *cx);
int cmd_reset(int argc, char **argv, struct cx *cx);
int cmd_checkpoint(int argc, char **argv, struct cx *cx);
int cmd_fixture(int argc, char **argv, struct cx *cx);
int cmd_version(int argc, char **argv, struct cx *cx);
int cmd_wait(int argc, char **argv, struct cx *cx);
int cmd_timeline(int argc, char **argv, struct cx *cx);
int cmd_lab(int argc, char **argv, struct cx *cx);

/* Each command's help text, beside its code. */
extern const struct tool_doc serve_doc, cli_doc, io_doc, clock_doc, status_doc, events_doc,
    groups_doc, link_doc, array_doc, fault_doc, reset_doc, checkpoint_doc, fixture_doc,
    version_doc, help_doc, wait_doc, timeline_doc, witness_doc, lab_doc;

#endif
