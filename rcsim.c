/* rcsim.c - the rcsim command: git-style subcommands. The table of
 * subcommands, the global options and main(); the subcommands themselves
 * live in tool/ (serve wires the engine and its listeners together; every
 * other one is a thin call of the control API; each one's help text is
 * beside its code, rendered by tool/help.c). Exit codes: 0 ok, 1 refused,
 * 2 usage. Spec: docs/control-api.md, rcsim.1 (`rcsim help --man`). */
#include "tool/tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_help(int argc, char **argv, struct cx *cx);

static const struct subcmd subcmds[] = {
    { "serve", cmd_serve, 0, &serve_doc },
    { "wait", cmd_wait, NEED_SERVER, &wait_doc },
    { "cli", cmd_cli, NEED_SERVER | OWN_HELP, &cli_doc },
    { "io", cmd_io, NEED_SERVER, &io_doc },
    { "clock", cmd_clock, NEED_SERVER, &clock_doc },
    { "link", cmd_link, NEED_SERVER, &link_doc },
    { "array", cmd_array, NEED_SERVER, &array_doc },
    { "witness", cmd_witness, NEED_SERVER, &witness_doc },
    { "fault", cmd_fault, NEED_SERVER, &fault_doc },
    { "timeline", cmd_timeline, NEED_SERVER, &timeline_doc },
    { "groups", cmd_groups, NEED_SERVER, &groups_doc },
    { "status", cmd_status, NEED_SERVER, &status_doc },
    { "events", cmd_events, NEED_SERVER, &events_doc },
    { "reset", cmd_reset, NEED_SERVER, &reset_doc },
    { "checkpoint", cmd_checkpoint, NEED_SERVER, &checkpoint_doc },
    { "lab", cmd_lab, NEED_SERVER, &lab_doc },
    { "fixture", cmd_fixture, 0, &fixture_doc },
    { "version", cmd_version, 0, &version_doc },
    { "help", cmd_help, 0, &help_doc },
};

#define N_SUBCMDS (sizeof(subcmds) / sizeof(subcmds[0]))

static const struct subcmd *find_subcmd(const char *name)
{
    for (size_t i = 0; i < N_SUBCMDS; i++)
        if (strcmp(subcmds[i].name, name) == 0)
            return &subcmds[i];
    return NULL;
}

const struct tool_doc help_doc = {
    .usage = "help [<command> | --man]",
    .summary = "this list, a command's help, or the manual page",
    .text = "Without an argument, lists the commands. With a command, prints its help "
            "(the same as 'rcsim <command> --help'): what it does, its options with their "
            "defaults and environment variables, and an example. --man prints the whole "
            "manual page (roff), which the build also writes to build/rcsim.1.",
    .example = "rcsim help serve\nrcsim help --man > rcsim.1 && man -l rcsim.1",
};

static int cmd_help(int argc, char **argv, struct cx *cx)
{
    if (argc > 2)
        return tool_usage_error(cx, "one command at most");
    if (argc == 2 && strcmp(argv[1], "--man") == 0) {
        tool_help_man(stdout, subcmds, N_SUBCMDS);
        return EXIT_OK;
    }
    if (argc == 2) {
        const struct subcmd *c = find_subcmd(argv[1]);
        if (!c)
            return tool_usage_error(cx, "no such command '%s'", argv[1]);
        tool_help_command(stdout, c);
        return EXIT_OK;
    }
    tool_help_list(stdout, subcmds, N_SUBCMDS);
    return EXIT_OK;
}

/* Whether the command's own arguments ask for its help: --help anywhere
 * before "--", or -h first. A command that passes arguments through (cli)
 * reads them itself. */
static bool wants_help(const struct subcmd *cmd, int argc, char **argv)
{
    if (cmd->flags & OWN_HELP)
        return false;
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (strcmp(argv[i], "--help") == 0 || (i == 1 && strcmp(argv[i], "-h") == 0))
            return true;
    return false;
}

/* Takes the global options out of argv (anywhere before "--"). Returns 0,
 * or EXIT_USAGE. */
static int take_global_options(int *argc, char **argv, struct cx *cx)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "--json") == 0) {
            cx->json = true;
        } else if (strcmp(a, "--server") == 0 || strcmp(a, "--token") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "rcsim: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            *(a[2] == 's' ? &cx->server : &cx->token) = argv[++i];
        } else if (strncmp(a, "--server=", 9) == 0) {
            cx->server = a + 9;
        } else if (strncmp(a, "--token=", 8) == 0) {
            cx->token = a + 8;
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

/* What every command shares: the server, --json, exit codes. */
static int run_subcmd(const struct subcmd *cmd, int argc, char **argv, struct cx *cx)
{
    cx->cmd = cmd;
    if (wants_help(cmd, argc, argv)) {
        tool_help_command(stdout, cmd);
        return EXIT_OK;
    }
    if (cmd->flags & NEED_SERVER)
        cx->client = ctl_client_new(cx->server, cx->token ? cx->token : getenv("RCSIM_TOKEN"));
    int rc = cmd->fn(argc, argv, cx);
    ctl_client_free(cx->client);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "rcsim %s: cannot write the output: %s\n", cmd->name,
                strerror(errno));
        return EXIT_REFUSED;
    }
    return rc;
}

int main(int argc, char **argv)
{
    struct cx cx = { 0 };
    argc--;
    argv++;
    if (take_global_options(&argc, argv, &cx))
        return EXIT_USAGE;
    if (argc < 1) {
        tool_help_list(stderr, subcmds, N_SUBCMDS);
        return EXIT_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
        argv[0] = "help";
    if (strcmp(argv[0], "--version") == 0)
        argv[0] = "version";
    const struct subcmd *cmd = find_subcmd(argv[0]);
    if (!cmd) {
        fprintf(stderr, "rcsim: '%s' is not an rcsim command; see 'rcsim help'\n", argv[0]);
        return EXIT_USAGE;
    }
    return run_subcmd(cmd, argc, argv, &cx);
}

