/* cli/dispatch.c - every step a command shares, decided from its table
 * entry before the handler runs (after redis processCommand() and git
 * run_builtin()): look up the command, check the role (the weakest any of
 * its subcommands needs), look up the subcommand, check its role, parse
 * options against .opts, answer -h, check the argument count, confirm
 * unless -f, then call .run. Owns: usage errors and their wording, option
 * values, output helpers. Not: refusal texts (errors.c), commands.
 * Spec: HACKING.md §4.7, docs/array-remote-copy.md §5.4 (prompts and -f). */
#include "cli/internal.h"
#include "cli/fmt.h"
#include "sim/err.h"
#include "sim/sim.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Accepted by every CLI_TABLE command, and -f by every CLI_CONFIRM one. */
static const struct cli_opt opt_csvtable = { "-csvtable", CLI_OPT_FLAG, NULL, NULL,
                                             "print the table as comma-separated values" };
static const struct cli_opt opt_nohdtot = { "-nohdtot", CLI_OPT_FLAG, NULL, NULL,
                                            "print neither header nor total rows" };
static const struct cli_opt opt_force = { "-f", CLI_OPT_FLAG, NULL, NULL,
                                          "do not ask for confirmation" };
static const struct cli_opt opt_help = { "-h", CLI_OPT_FLAG, NULL, NULL, "show help" };

void cli_write(struct cli_ctx *cx, const char *s, size_t len)
{
    if (len)
        cx->io->out(cx->io->ctx, s, len);
}

void cli_printf(struct cli_ctx *cx, const char *fmt, ...)
{
    struct strbuf sb;
    va_list ap;
    strbuf_init(&sb);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    cli_write(cx, sb.buf, sb.len);
    strbuf_release(&sb);
}

void cli_print_table(struct cli_ctx *cx, const struct fmt_table *t)
{
    struct strbuf sb;
    strbuf_init(&sb);
    if (cx->csv)
        fmt_render_csv(t, cx->nohdtot, &sb);
    else
        fmt_render_text(t, cx->nohdtot, &sb);
    cli_write(cx, sb.buf, sb.len);
    strbuf_release(&sb);
}

static void err_line(const struct cli_io *io, const struct strbuf *sb)
{
    io->err(io->ctx, sb->buf, sb->len);
}

/* The usage error: "Error: <msg>" then "Usage: <synopsis>". */
static int usage_v(const struct cli_io *io, const struct cli_cmd *cmd, const char *fmt,
                   va_list ap)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "Error: ");
    strbuf_vaddf(&sb, fmt, ap);
    strbuf_addch(&sb, '\n');
    if (cmd && cmd->synopsis)
        strbuf_addf(&sb, "Usage: %s\n", cmd->synopsis);
    err_line(io, &sb);
    strbuf_release(&sb);
    return CLI_USAGE;
}

static int usage(const struct cli_io *io, const struct cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int usage(const struct cli_io *io, const struct cli_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    usage_v(io, cmd, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

int cli_usage(struct cli_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    usage_v(cx->io, cx->cmd, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

bool cli_args_match(const struct cli_ctx *cx, const char *name)
{
    if (!cx->argc)
        return true;
    for (int i = 0; i < cx->argc; i++)
        if (rc_glob_match(cx->argv[i], name))
            return true;
    return false;
}

bool cli_opt_has(const struct cli_ctx *cx, const char *name)
{
    for (size_t i = 0; i < cx->nopt; i++)
        if (strcmp(cx->opt[i].opt->name, name) == 0)
            return true;
    return false;
}

const char *cli_opt_next(const struct cli_ctx *cx, const char *name, size_t *pos)
{
    for (; *pos < cx->nopt; (*pos)++) {
        if (strcmp(cx->opt[*pos].opt->name, name) == 0)
            return cx->opt[(*pos)++].val;
    }
    return NULL;
}

const char *cli_opt_value(const struct cli_ctx *cx, const char *name)
{
    const char *last = NULL, *v;
    size_t pos = 0;
    while ((v = cli_opt_next(cx, name, &pos)))
        last = v;
    return last;
}

int64_t cli_opt_num(const struct cli_ctx *cx, const char *name, int64_t dflt)
{
    const char *v = cli_opt_value(cx, name);
    int64_t n;
    return v && rc_parse_i64(v, &n) == 0 ? n : dflt;
}

uint64_t cli_opt_mib(const struct cli_ctx *cx, const char *name, uint64_t dflt)
{
    const char *v = cli_opt_value(cx, name);
    uint64_t n;
    return v && rc_parse_mib(v, &n) == 0 ? n : dflt;
}

int cli_arg_mib(struct cli_ctx *cx, int i, uint64_t *out)
{
    if (i >= cx->argc || rc_parse_mib(cx->argv[i], out) < 0) {
        cli_usage(cx, "Invalid size \"%s\"", i < cx->argc ? cx->argv[i] : "");
        return -1;
    }
    return 0;
}

int cli_arg_bool(struct cli_ctx *cx, int i, bool *out)
{
    const char *v = i < cx->argc ? cx->argv[i] : "";
    if (strcmp(v, "0") && strcmp(v, "1")) {
        cli_usage(cx, "Invalid value \"%s\", expected 0 or 1", v);
        return -1;
    }
    *out = v[0] == '1';
    return 0;
}

int cli_opt_duration(struct cli_ctx *cx, const char *name, int64_t default_unit_ms,
                     int64_t *out)
{
    const char *v = cli_opt_value(cx, name);
    int64_t ms;
    if (!v)
        return 0;
    if (rc_parse_duration_ms(v, default_unit_ms, &ms) < 0 || ms <= 0) {
        cli_usage(cx, "Invalid time \"%s\" for option %s", v, name);
        return -1;
    }
    *out = ms;
    return 0;
}

const struct cli_cmd *cli_cmd_find(const struct cli_cmd *table, const char *name)
{
    for (; table && table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

/* The option entry for word w, from the entry's table or the implied ones. */
static const struct cli_opt *opt_find(const struct cli_cmd *top, const struct cli_cmd *cmd,
                                      const char *w)
{
    for (const struct cli_opt *o = cmd->opts; o && o->name; o++)
        if (strcmp(o->name, w) == 0)
            return o;
    unsigned flags = top->flags | cmd->flags;
    if ((flags & CLI_TABLE) && strcmp(w, opt_csvtable.name) == 0)
        return &opt_csvtable;
    if ((flags & CLI_TABLE) && strcmp(w, opt_nohdtot.name) == 0)
        return &opt_nohdtot;
    if ((flags & CLI_CONFIRM) && strcmp(w, opt_force.name) == 0)
        return &opt_force;
    if (strcmp(w, opt_help.name) == 0)
        return &opt_help;
    return NULL;
}

static bool choice_ok(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0)
            return true;
        p += len + (bar ? 1 : 0);
    }
    return false;
}

/* Checks an option value against its kind. Returns 0 or prints a usage
 * error and returns CLI_USAGE. */
static int opt_check(const struct cli_io *io, const struct cli_cmd *cmd,
                     const struct cli_opt *o, const char *v)
{
    int64_t n;
    uint64_t mib;
    switch (o->kind) {
    case CLI_OPT_NUM:
        if (rc_parse_i64(v, &n) < 0 || n < 0)
            return usage(io, cmd, "Invalid number \"%s\" for option %s", v, o->name);
        break;
    case CLI_OPT_SIZE:
        if (rc_parse_mib(v, &mib) < 0)
            return usage(io, cmd, "Invalid size \"%s\" for option %s", v, o->name);
        break;
    case CLI_OPT_VALUE:
    case CLI_OPT_FLAG:
        break;
    }
    if (o->choices && !choice_ok(o->choices, v))
        return usage(io, cmd, "Invalid value \"%s\" for option %s (expected %s)", v,
                     o->name, o->choices);
    return 0;
}

/* Splits words into options and positional arguments. Options may come
 * anywhere; "--" ends them. */
static int parse_words(struct cli_ctx *cx, int argc, char **argv)
{
    bool opts_done = false;
    cx->argv = xcalloc((size_t)argc + 1, sizeof(*cx->argv));
    cx->argc = 0;
    for (int i = 0; i < argc; i++) {
        const char *w = argv[i];
        if (opts_done || w[0] != '-' || w[1] == '\0') {
            cx->argv[cx->argc++] = argv[i];
            continue;
        }
        if (strcmp(w, "--") == 0) {
            opts_done = true;
            continue;
        }
        const struct cli_opt *o = opt_find(cx->top, cx->cmd, w);
        if (!o)
            return usage(cx->io, cx->cmd, "Invalid option %s", w);
        const char *v = NULL;
        if (o->kind != CLI_OPT_FLAG) {
            if (i + 1 >= argc)
                return usage(cx->io, cx->cmd, "Option %s requires a value", w);
            v = argv[++i];
            int rc = opt_check(cx->io, cx->cmd, o, v);
            if (rc)
                return rc;
        }
        if (cx->nopt == CLI_OPTS_MAX)
            return usage(cx->io, cx->cmd, "Too many options");
        cx->opt[cx->nopt].opt = o;
        cx->opt[cx->nopt].val = v;
        cx->nopt++;
    }
    return 0;
}

/* Joins the positional arguments for the confirmation question. */
static char *args_joined(const struct cli_ctx *cx)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < cx->argc; i++) {
        if (i)
            strbuf_addch(&sb, ' ');
        strbuf_adds(&sb, cx->argv[i]);
    }
    return strbuf_detach(&sb, NULL);
}

/* Asks the entry's question. Returns 0 to go on, or CLI_REFUSED. */
/* 0 on yes; CLI_REFUSED, saying why when nobody can answer, otherwise. */
static int ask(struct cli_ctx *cx, const char *question)
{
    int answer = cx->io->confirm ? cx->io->confirm(cx->io->ctx, question) : -1;
    if (answer < 0) {
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "Error: %s needs confirmation; nothing was changed (use -f to "
                    "skip the question)\n", cx->top->name);
        err_line(cx->io, &sb);
        strbuf_release(&sb);
    }
    return answer > 0 ? 0 : CLI_REFUSED;
}

static int confirm(struct cli_ctx *cx)
{
    const char *q = cx->cmd->confirm ? cx->cmd->confirm : cx->top->confirm;
    struct strbuf sb;
    char *args = args_joined(cx);

    strbuf_init(&sb);
    /* The question is a table constant with at most one "%s". */
    const char *hole = q ? strstr(q, "%s") : NULL;
    if (!q)
        strbuf_addf(&sb, "Do you really want to run %s %s?", cx->top->name, args);
    else if (hole)
        strbuf_addf(&sb, "%.*s%s%s", (int)(hole - q), q, args, hole + 2);
    else
        strbuf_adds(&sb, q);
    int rc = ask(cx, sb.buf);
    strbuf_release(&sb);
    free(args);
    return rc;
}

/* The weakest role that may run some form of the command: checked before
 * anything else, so that a user who may not run it learns nothing of its
 * subcommands or syntax from usage errors. */
static enum sim_user_role role_floor(const struct cli_cmd *top)
{
    if (!top->sub)
        return top->role;
    enum sim_user_role weakest = SIM_ROLE_SUPER;
    for (const struct cli_cmd *c = top->sub; c->name; c++)
        if (c->role < weakest)
            weakest = c->role;
    return top->role > weakest ? top->role : weakest;
}

static int role_check(struct cli_ctx *cx, enum sim_user_role need)
{
    if (cx->cs->role >= need)
        return 0;
    struct sim_err err = SIM_ERR_INIT;
    sim_fail(&err, SIM_EPERM, cx->top->name, "role %s, needs %s",
             sim_user_role_name(cx->cs->role), sim_user_role_name(need));
    return cli_refuse(cx, &err);
}

int cli_dispatch(struct cli_session *cs, const struct cli_io *io, int argc, char **argv,
                 bool *exit_requested)
{
    struct cli_ctx cx = { .cs = cs, .sim = cs->sim, .array = cs->array, .io = io };
    int rc;

    if (argc < 1)
        return CLI_OK;
    cx.top = cx.cmd = cli_cmd_find(cli_commands, argv[0]);
    if (!cx.top) {
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "invalid command name \"%s\"\n", argv[0]);
        err_line(io, &sb);
        strbuf_release(&sb);
        return CLI_USAGE;
    }
    argc--;
    argv++;
    if ((rc = role_check(&cx, role_floor(cx.top))))
        return rc;
    if (cx.top->sub) {
        if (argc >= 1 && strcmp(argv[0], "-h") == 0)
            goto help;
        if (argc < 1)
            return usage(io, cx.top, "Missing subcommand");
        cx.cmd = cli_cmd_find(cx.top->sub, argv[0]);
        if (!cx.cmd)
            return usage(io, cx.top, "Invalid subcommand \"%s\"", argv[0]);
        argc--;
        argv++;
    }
    if ((rc = role_check(&cx, cx.top->role > cx.cmd->role ? cx.top->role : cx.cmd->role)))
        return rc;
    if ((rc = parse_words(&cx, argc, argv)))
        goto out;
    if (cli_opt_has(&cx, "-h"))
        goto help;
    if (cx.argc < cx.cmd->min_args) {
        rc = usage(io, cx.cmd, "Not enough arguments");
        goto out;
    }
    if (cx.cmd->max_args != CLI_ARGS_ANY && cx.argc > cx.cmd->max_args) {
        rc = usage(io, cx.cmd, "Too many arguments");
        goto out;
    }
    if (((cx.top->flags | cx.cmd->flags) & CLI_NEED_OPTION) && !cx.nopt) {
        rc = usage(io, cx.cmd, "At least one option must be specified");
        goto out;
    }
    cx.csv = cs->csvtable || cli_opt_has(&cx, "-csvtable");
    cx.nohdtot = cs->nohdtot || cli_opt_has(&cx, "-nohdtot");
    if (((cx.top->flags | cx.cmd->flags) & CLI_CONFIRM) && !cli_opt_has(&cx, "-f")) {
        if ((rc = confirm(&cx)))
            goto out;
    }
    /* a command that only reads sees one state and waits for the engine
     * lock once, however many sim_ calls its output takes */
    bool reads = !((cx.top->flags | cx.cmd->flags) & (CLI_WRITES | CLI_CONFIRM));
    if (reads)
        sim_hold(cx.sim);
    rc = cx.cmd->run(&cx);
    if (reads)
        sim_unhold(cx.sim);
    if (exit_requested && cx.exit_requested)
        *exit_requested = true;
out:
    free(cx.argv);
    return rc;

help:;
    struct strbuf sb;
    strbuf_init(&sb);
    cli_help_render(cx.cmd, cx.cmd == cx.top ? NULL : cx.top->name, &sb);
    io->out(io->ctx, sb.buf, sb.len);
    strbuf_release(&sb);
    free(cx.argv);
    return CLI_OK;
}
