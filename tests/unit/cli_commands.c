/* tests/unit/cli_commands.c - the command table: sorted, documented, and
 * docs/cli.md generated from its current state. RCSIM_UPDATE_DOCS=1
 * rewrites docs/cli.md instead of comparing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/internal.h"
#include "sim/array.h"
#include "sim/rcopy.h"
#include "util/strbuf.h"

static void check_table(const struct cli_cmd *t, const char *where)
{
    for (size_t i = 0; t[i].name; i++) {
        const struct cli_cmd *c = &t[i];
        if (i)
            cr_assert_lt(strcmp(t[i - 1].name, c->name), 0, "%s: %s must come before %s",
                         where, c->name, t[i - 1].name);
        cr_assert(c->synopsis && *c->synopsis, "%s: %s has no synopsis", where, c->name);
        cr_assert(c->help && *c->help, "%s: %s has no help", where, c->name);
        cr_assert((c->run != NULL) != (c->sub != NULL), "%s: %s needs .run or .sub", where,
                  c->name);
        cr_assert(c->max_args == CLI_ARGS_ANY || c->max_args >= c->min_args,
                  "%s: %s has max_args < min_args", where, c->name);
        if ((c->flags & CLI_CONFIRM) && !c->sub)
            cr_assert_not_null(c->confirm, "%s: %s confirms without a question", where,
                               c->name);
        for (const struct cli_opt *o = c->opts; o && o->name; o++) {
            cr_assert_eq(o->name[0], '-', "%s: %s option %s", where, c->name, o->name);
            cr_assert(o->help && *o->help, "%s: %s option %s has no help", where, c->name,
                      o->name);
            cr_assert((o->kind == CLI_OPT_FLAG) == (o->arg == NULL),
                      "%s: %s option %s: value placeholder iff it takes a value", where,
                      c->name, o->name);
        }
        if (c->sub)
            check_table(c->sub, c->name);
    }
}

Test(cli_commands, table_is_sorted_and_documented)
{
    check_table(cli_commands, "cli_commands");
    cr_assert_gt(cli_ncommands, 10);
    cr_assert_null(cli_commands[cli_ncommands].name);
}

/* Roles (docs/design.md §2, docs/array-remote-copy.md §2.6): browse runs only show*
 * commands, the srstat* reports and the session's own (help, exit,
 * setclienv); whatever writes
 * needs edit at least; user management is super's alone. A subcommand is
 * held to the stronger of its own role and its command's. */
static bool session_command(const char *name)
{
    static const char *const ok[] = { "exit", "help", "quit", "setclienv", NULL };
    for (const char *const *p = ok; *p; p++)
        if (!strcmp(*p, name))
            return true;
    return false;
}

static void check_roles(const struct cli_cmd *t, const struct cli_cmd *top)
{
    for (size_t i = 0; t[i].name; i++) {
        const struct cli_cmd *c = &t[i];
        const char *name = top ? top->name : c->name;
        enum sim_user_role need = top && top->role > c->role ? top->role : c->role;
        unsigned flags = c->flags | (top ? top->flags : 0);
        if (need < SIM_ROLE_EDIT)
            cr_assert(!strncmp(name, "show", 4) || !strncmp(name, "srstat", 6) ||
                      session_command(name),
                      "%s%s%s is open to browse users", name, top ? " " : "",
                      top ? c->name : "");
        if (flags & CLI_WRITES)
            cr_assert_geq(need, SIM_ROLE_EDIT, "%s writes but needs only %s", name,
                          sim_user_role_name(need));
        if (strstr(name, "user") && strncmp(name, "show", 4))
            cr_assert_eq(need, SIM_ROLE_SUPER, "%s manages users but needs only %s", name,
                         sim_user_role_name(need));
        if (c->sub)
            check_roles(c->sub, c);
    }
}

Test(cli_commands, roles_browse_only_shows_edit_writes_super_users)
{
    check_roles(cli_commands, NULL);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb;
    char buf[4096];
    size_t n;
    if (!f)
        return NULL;
    strbuf_init(&sb);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    return strbuf_detach(&sb, NULL);
}

Test(cli_commands, docs_cli_md_is_current)
{
    struct strbuf sb;
    strbuf_init(&sb);
    cli_doc_markdown(&sb);
    if (getenv("RCSIM_UPDATE_DOCS")) {
        FILE *f = fopen("docs/cli.md", "wb");
        cr_assert_not_null(f, "cannot write docs/cli.md (run from the top directory)");
        fwrite(sb.buf, 1, sb.len, f);
        fclose(f);
    }
    char *have = read_file("docs/cli.md");
    cr_assert_not_null(have, "docs/cli.md missing (run from the top directory)");
    cr_assert_str_eq(have, sb.buf, "docs/cli.md is stale: run "
                     "RCSIM_UPDATE_DOCS=1 build/tests/unit/cli_commands");
    cr_assert(strstr(sb.buf, "## `showvv`"));
    cr_assert(strstr(sb.buf, "### `setclienv csvtable`"));
    free(have);
    strbuf_release(&sb);
}

/* The options each DR operation takes are the engine's rule
 * (sim_dr_opts_allowed): the CLI's tables offer exactly those. */
Test(cli_commands, dr_options_follow_the_engine)
{
    static const struct { const char *name; enum sim_dr_op op; } ops[] = {
        { "reverse", SIM_DR_REVERSE }, { "failover", SIM_DR_FAILOVER },
        { "switchover", SIM_DR_SWITCHOVER }, { "recover", SIM_DR_RECOVER },
        { "restore", SIM_DR_RESTORE }, { "override", SIM_DR_OVERRIDE },
    };
    static const char *const words[] = { "-nostart", "-nosync", "-discard", "-nopromote",
                                         "-nosnap", "-stopgroups", "-local", "-natural",
                                         "-current" };
    const struct cli_cmd *set = cli_cmd_find(cli_commands, "setrcopygroup");
    cr_assert_not_null(set);
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        const struct cli_cmd *c = cli_cmd_find(set->sub, ops[i].name);
        cr_assert_not_null(c, "setrcopygroup %s", ops[i].name);
        uint32_t offered = 0;
        for (const struct cli_opt *o = c->opts; o && o->name; o++)
            for (size_t b = 0; b < sizeof(words) / sizeof(words[0]); b++)
                if (strcmp(o->name, words[b]) == 0)
                    offered |= 1u << b;
        cr_assert_eq(offered, sim_dr_opts_allowed(ops[i].op),
                     "setrcopygroup %s offers %#x, the engine takes %#x", ops[i].name, offered,
                     sim_dr_opts_allowed(ops[i].op));
    }
}
