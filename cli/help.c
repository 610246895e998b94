/* cli/help.c - help text and the Markdown command reference, both
 * generated from the command table. Owns: `<cmd> -h`, `help <cmd>`,
 * cli_doc_markdown() (docs/cli.md). Not: the table (commands.c). */
#include "cli/internal.h"
#include "util/strbuf.h"

#include <string.h>

/* Markdown-safe text: '<', '>' and '|' would start HTML or end a cell. */
static void md_text(struct strbuf *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<')
            strbuf_adds(out, "&lt;");
        else if (*s == '>')
            strbuf_adds(out, "&gt;");
        else if (*s == '|')
            strbuf_adds(out, "\\|");
        else
            strbuf_addch(out, *s);
    }
}

/* Options listed in help: the entry's own, plus the implied ones. */
static void add_opt_line(struct strbuf *out, const char *name, const char *arg,
                         const char *choices, const char *help, bool md)
{
    struct strbuf left;
    strbuf_init(&left);
    strbuf_adds(&left, name);
    if (arg)
        strbuf_addf(&left, " %s", arg);
    if (md) {
        strbuf_adds(out, "| `");
        strbuf_adds(out, left.buf);     /* a code span: no escapes */
        strbuf_adds(out, "` | ");
        md_text(out, help);
        if (choices) {
            strbuf_adds(out, " (one of ");
            md_text(out, choices);
            strbuf_adds(out, ")");
        }
        strbuf_adds(out, " |\n");
    } else {
        strbuf_addf(out, "    %-22s %s", left.buf, help ? help : "");
        if (choices)
            strbuf_addf(out, " (%s)", choices);
        strbuf_addch(out, '\n');
    }
    strbuf_release(&left);
}

static void add_opts(const struct cli_cmd *cmd, unsigned flags, struct strbuf *out, bool md)
{
    bool any = (cmd->opts && cmd->opts->name) || (flags & (CLI_CONFIRM | CLI_TABLE));
    if (!any)
        return;
    strbuf_adds(out, md ? "\n| option | meaning |\n|---|---|\n" : "\nOptions:\n");
    for (const struct cli_opt *o = cmd->opts; o && o->name; o++)
        add_opt_line(out, o->name, o->arg, o->choices, o->help, md);
    if (flags & CLI_CONFIRM)
        add_opt_line(out, "-f", NULL, NULL, "do not ask for confirmation", md);
    if (flags & CLI_TABLE) {
        add_opt_line(out, "-csvtable", NULL, NULL,
                     "print the table as comma-separated values", md);
        add_opt_line(out, "-nohdtot", NULL, NULL, "print neither header nor total rows", md);
    }
}

static const char *role_word(enum sim_user_role r)
{
    return r == SIM_ROLE_NONE ? "any" : sim_user_role_name(r);
}

void cli_help_render(const struct cli_cmd *cmd, const char *prefix, struct strbuf *out)
{
    (void)prefix;
    strbuf_addf(out, "Usage: %s\n\n", cmd->synopsis ? cmd->synopsis : cmd->name);
    if (cmd->help)
        strbuf_addf(out, "%s\n", cmd->help);
    if (cmd->sub) {
        strbuf_adds(out, "\nSubcommands:\n");
        for (const struct cli_cmd *s = cmd->sub; s->name; s++)
            strbuf_addf(out, "    %s\n", s->synopsis ? s->synopsis : s->name);
    }
    add_opts(cmd, cmd->flags, out, false);
}

/* The first line of a help text. */
static void add_summary(struct strbuf *out, const char *help)
{
    if (!help)
        return;
    const char *nl = strchr(help, '\n');
    strbuf_add(out, help, nl ? (size_t)(nl - help) : strlen(help));
}

void cli_help_list(struct strbuf *out)
{
    strbuf_adds(out, "Commands (help <command> or <command> -h for details):\n");
    for (size_t i = 0; i < cli_ncommands; i++) {
        const struct cli_cmd *c = &cli_commands[i];
        if (c->flags & CLI_HIDDEN)
            continue;
        strbuf_addf(out, "  %-18s ", c->name);
        add_summary(out, c->help);
        strbuf_addch(out, '\n');
    }
}

static void md_entry(const struct cli_cmd *c, const char *parent, unsigned flags,
                     enum sim_user_role role, struct strbuf *out)
{
    strbuf_addf(out, "%s `%s%s%s`\n\n", parent ? "###" : "##", parent ? parent : "",
                parent ? " " : "", c->name);
    strbuf_addf(out, "```\n%s\n```\n\n", c->synopsis ? c->synopsis : c->name);
    if (c->help) {
        md_text(out, c->help);
        strbuf_adds(out, "\n\n");
    }
    strbuf_addf(out, "Role: %s.", role_word(role));
    if (flags & CLI_WRITES)
        strbuf_adds(out, " Changes state.");
    if (flags & CLI_CONFIRM)
        strbuf_adds(out, " Asks for confirmation unless `-f`.");
    strbuf_addch(out, '\n');
    if (c->run)
        add_opts(c, flags, out, true);
    strbuf_addch(out, '\n');
}

void cli_doc_markdown(struct strbuf *out)
{
    strbuf_adds(out, "# rcsim array CLI reference\n\n"
                "<!-- Generated from the table in cli/commands.c by cli_doc_markdown(); "
                "do not edit. Regenerate with "
                "`RCSIM_UPDATE_DOCS=1 build/tests/unit/cli_commands`. -->\n\n"
                "Each simulated array answers these commands over SSH, in "
                "`rcsim cli <array>` and through the control API. Options may come "
                "before or after the arguments. A refused command prints one "
                "`Error: ...` line and exits 1; a usage error exits 2.\n\n");
    for (size_t i = 0; i < cli_ncommands; i++) {
        const struct cli_cmd *c = &cli_commands[i];
        if (c->flags & CLI_HIDDEN)
            continue;
        md_entry(c, NULL, c->flags, c->role, out);
        for (const struct cli_cmd *s = c->sub; s && s->name; s++)
            md_entry(s, c->name, c->flags | s->flags, c->role > s->role ? c->role : s->role,
                     out);
    }
}
