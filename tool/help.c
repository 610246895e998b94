/* tool/help.c - the help of the rcsim command, rendered three ways from
 * one text: `rcsim <cmd> --help` (and `rcsim help <cmd>`), the command list
 * (`rcsim help`), and the man page rcsim.1 (`rcsim help --man`, which the
 * build writes to build/rcsim.1). Owns: the global options, the sections
 * every command shares (durations, environment, files, exit status) and
 * the layout. Not: a command's own text (struct tool_doc beside its code). */
#include "tool/tool.h"

#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define WRAP 79                     /* text columns */
#define OPT_COL 24                  /* where option meanings start */

static const struct tool_opt global_opts[] = {
    { "--server URL", "the simulator to talk to", CTL_CLIENT_DEFAULT_URL, "RCSIM_URL" },
    { "--token T", "the control API token, when the server was given one", NULL,
      "RCSIM_TOKEN" },
    { "--json", "print answers as JSON: one document on stdout (events --follow: one "
      "object per line); messages and questions go to stderr", NULL, NULL },
    { "-h, --help", "the help of a command: rcsim <command> --help", NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

/* Sections of the man page after the commands (and of `rcsim help`). */
static const char durations_text[] =
    "Every duration rcsim takes, in options and arguments alike, is one or more "
    "terms <number><unit>: units ms, s, m, h, d (and y, 365 days); the number may "
    "have a decimal part. 90s, 1m30s, 1.5s, 250ms and 2h45m are durations. A "
    "bare number is refused (is 10 ten seconds or ten milliseconds?), except 0. "
    "In control API bodies a JSON number is milliseconds and a string is a "
    "duration as above.";

static const struct { const char *name, *meaning; } environment[] = {
    { "RCSIM_URL", "the server of client commands when --server is not given "
      "(default " CTL_CLIENT_DEFAULT_URL ")" },
    { "RCSIM_TOKEN", "the control API token: required by serve on a non-loopback "
      "--control address, sent by client commands" },
    { "RCSIM_CLI_USER", "the array user rcsim cli runs commands as when --user is not "
      "given (default 3paradm, role super)" },
    { "TMPDIR", "where a --db :memory: server keeps its checkpoints (a directory "
      "rcsim-checkpoints-<pid>, removed when the server stops)" },
    { NULL, NULL },
};

static const char files_text[] =
    "./rcsim.db (the default database; state survives restarts), "
    "<db>.checkpoints/ (checkpoints, one <name>.db each), "
    "build/rcsim.1 (this page, made by the build).";

static const char exit_text[] =
    "0 ok; 1 refused (an error answer, or the server cannot be reached; rcsim cli: "
    "the array command's own status); 2 usage error.";

/* ---- plain text ---------------------------------------------------------- */

/* Prints text wrapped at WRAP columns, every line indented by indent,
 * the first line starting at column col (already printed). Words are
 * never split; "\n" in text breaks the line. */
static void wrap(FILE *f, const char *text, int indent, int col)
{
    const char *p = text;
    bool first_word = true;
    while (*p) {
        if (*p == '\n') {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
            first_word = true;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t n = strcspn(p, " \n");
        if (!first_word && col + 1 + (int)n > WRAP) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
            first_word = true;
        }
        if (!first_word) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, n, f);
        col += (int)n;
        first_word = false;
        p += n;
    }
    fputc('\n', f);
}

/* Paragraphs: blank lines separate them; single newlines are spaces. */
static void paragraphs(FILE *f, const char *text, int indent)
{
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *para = xstrndup(p, n);
        for (char *q = para; *q; q++)
            if (*q == '\n')
                *q = ' ';
        fprintf(f, "%*s", indent, "");
        wrap(f, para, indent, indent);
        free(para);
        p += n;
        while (*p == '\n')
            p++;
        if (*p)
            fputc('\n', f);
    }
}

static void option_lines(FILE *f, const struct tool_opt *o)
{
    for (; o && o->spec; o++) {
        struct strbuf m = STRBUF_INIT;
        strbuf_init(&m);
        strbuf_adds(&m, o->help);
        if (o->dflt && o->env)
            strbuf_addf(&m, " (default: %s; env: %s)", o->dflt, o->env);
        else if (o->dflt || o->env)
            strbuf_addf(&m, " (%s: %s)", o->dflt ? "default" : "env",
                        o->dflt ? o->dflt : o->env);
        int col = fprintf(f, "  %s", o->spec);
        if (col >= OPT_COL)
            fprintf(f, "\n%*s", OPT_COL, "");
        else
            fprintf(f, "%*s", OPT_COL - col, "");
        wrap(f, m.buf, OPT_COL, OPT_COL);
        strbuf_release(&m);
    }
}

static void usage_lines(FILE *f, const char *usage, const char *lead)
{
    const char *p = usage;
    while (*p) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "%s%.*s\n", lead, (int)n, p);
        lead = "       rcsim ";
        p += n;
        if (*p)
            p++;
    }
}

void tool_help_command(FILE *f, const struct subcmd *cmd)
{
    const struct tool_doc *d = cmd->doc;
    usage_lines(f, d->usage, "usage: rcsim ");
    fputc('\n', f);
    paragraphs(f, d->text ? d->text : d->summary, 0);
    if (d->opts && d->opts->spec) {
        fputs("\nOptions:\n", f);
        option_lines(f, d->opts);
    }
    if (cmd->flags & NEED_SERVER) {
        fputs("\nGlobal options (before or after the command):\n", f);
        option_lines(f, global_opts);
    }
    if (d->example) {
        fputs("\nExample:\n", f);
        for (const char *p = d->example; *p;) {
            size_t n = strcspn(p, "\n");
            fprintf(f, "  %.*s\n", (int)n, p);
            p += n;
            if (*p)
                p++;
        }
    }
}

void tool_help_list(FILE *f, const struct subcmd *cmds, size_t n)
{
    fputs("usage: rcsim [--server URL] [--token T] [--json] <command> [args]\n\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-11s %s\n", cmds[i].name, cmds[i].doc->summary);
    fputs("\n'rcsim <command> --help' (or 'rcsim help <command>') shows a command's "
          "options,\ndefaults and an example; 'rcsim help --man' prints the manual page.\n\n"
          "The server is --server, else $RCSIM_URL, else " CTL_CLIENT_DEFAULT_URL ".\n"
          "Durations: 90s, 1m30s, 1.5s, 250ms (a unit is required).\n"
          "Exit status: 0 ok, 1 refused, 2 usage error.\n", f);
}

/* ---- the man page ---------------------------------------------------------- */

/* Roff-safe text: backslashes doubled as \e, '-' as \- (so that options
 * copy and paste), a leading '.' or '\'' guarded. Single newlines inside a
 * paragraph are kept: roff fills the lines. */
static void roff(FILE *f, const char *s)
{
    bool bol = true;
    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\''))
            fputs("\\&", f);
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
        bol = *s == '\n';
    }
}

static void roff_paragraphs(FILE *f, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *para = xstrndup(p, n);
        fputs(".PP\n", f);
        roff(f, para);
        fputc('\n', f);
        free(para);
        p += n;
        while (*p == '\n')
            p++;
    }
}

static void roff_options(FILE *f, const struct tool_opt *o)
{
    for (; o && o->spec; o++) {
        fputs(".TP\n\\fB", f);
        roff(f, o->spec);
        fputs("\\fR\n", f);
        roff(f, o->help);
        if (o->dflt) {
            fputs(" (default: ", f);
            roff(f, o->dflt);
            fputs(")", f);
        }
        if (o->env) {
            fputs(" Environment: \\fB", f);
            roff(f, o->env);
            fputs("\\fR.", f);
        }
        fputc('\n', f);
    }
}

static void roff_lines(FILE *f, const char *lead, const char *text)
{
    fputs(".PP\n.nf\n", f);
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        roff(f, lead);
        roff(f, line);
        fputc('\n', f);
        free(line);
        p += n;
        if (*p)
            p++;
    }
    fputs(".fi\n", f);
}

void tool_help_man(FILE *f, const struct subcmd *cmds, size_t n)
{
    fputs(".\\\" generated by 'rcsim help --man' from the help of every command\n"
          ".TH RCSIM 1 \"\" \"rcsim " RCSIM_VERSION "\" \"User Commands\"\n"
          ".SH NAME\nrcsim \\- a simulator of HPE 3PAR arrays running Remote Copy\n"
          ".SH SYNOPSIS\n.B rcsim\n[\\-\\-server URL] [\\-\\-token T] [\\-\\-json] "
          "\\fIcommand\\fR [\\fIargs\\fR]\n", f);
    fputs(".SH DESCRIPTION\n", f);
    roff_paragraphs(f, "rcsim serve runs a small fleet of simulated 3PAR arrays (two sites "
                    "by default) in one process: each answers the 3PAR CLI over SSH and the "
                    "WSAPI over HTTP and HTTPS, and a control API cuts links, powers arrays "
                    "off, moves a simulated clock and writes host data.\n\n"
                    "Every other command is a client of that control API.");
    fputs(".SH GLOBAL OPTIONS\n", f);
    roff_options(f, global_opts);
    fputs(".SH COMMANDS\n", f);
    for (size_t i = 0; i < n; i++) {
        const struct tool_doc *d = cmds[i].doc;
        fputs(".SS \"", f);
        roff(f, cmds[i].name);
        fputs("\"\n", f);
        roff_lines(f, "rcsim ", d->usage);
        roff_paragraphs(f, d->text ? d->text : d->summary);
        roff_options(f, d->opts);
        if (d->example) {
            fputs(".PP\nExample:\n", f);
            roff_lines(f, "", d->example);
        }
    }
    fputs(".SH DURATIONS\n", f);
    roff_paragraphs(f, durations_text);
    fputs(".SH ENVIRONMENT\n", f);
    for (size_t i = 0; environment[i].name; i++) {
        fprintf(f, ".TP\n.B %s\n", environment[i].name);
        roff(f, environment[i].meaning);
        fputc('\n', f);
    }
    fputs(".SH FILES\n", f);
    roff_paragraphs(f, files_text);
    fputs(".SH EXIT STATUS\n", f);
    roff_paragraphs(f, exit_text);
    fputs(".SH SEE ALSO\n", f);
    roff_paragraphs(f, "docs/control-api.md (the control API), docs/cli.md (the array "
                    "CLI), docs/behaviour.md, README.md in the source tree.");
}
