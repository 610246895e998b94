/* rcsim.c - the rcsim command: git-style subcommands. The table of
 * subcommands, the global options and main(); the subcommands themselves
 * live in tool/ (serve wires the engine and its listeners together; every
 * other one is a thin call of the control API). Exit codes: 0 ok, 1
 * refused, 2 usage. Spec: SPEC §1, docs/control-api.md. */
#include "tool/tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_help(int argc, char **argv, struct cx *cx);

static const struct subcmd subcmds[] = {
    { "serve", cmd_serve, 0,
      "serve [--fixture F] [--db PATH|:memory:] [--clock real|manual] [--clock-scale X] "
      "[--control ADDR:PORT] [--control-token-file F] [--control-token T]\n"
      "       [--port-offset N] [--log-level L]\n"
      "       [--login-failures N] [--login-source-failures N] [--login-window DUR] "
      "[--login-lockout DUR]\n       [--session-idle DUR] [--request-timeout DUR] "
      "[--idle-timeout DUR] [--login-grace DUR]",
      "run the simulator (default database ./rcsim.db)" },
    { "cli", cmd_cli, NEED_SERVER, "cli [--user U] <array> [command...]",
      "the array's 3PAR CLI: one command, or an interactive shell" },
    { "io", cmd_io, NEED_SERVER,
      "io write <array> <vv> --offset N --length N (--pattern SEED | --file F)\n"
      "       rcsim io read <array> <vv> --offset N --length N [--out F]\n"
      "       rcsim io digest <array> <vv>",
      "host I/O on a volume or snapshot; digest proves data" },
    { "clock", cmd_clock, NEED_SERVER,
      "clock [show | advance <dur> | set <time> | mode real|manual [--scale X]]",
      "the simulated clock" },
    { "link", cmd_link, NEED_SERVER,
      "link down|up <a> <b> [--port N:S:P]\n"
      "       rcsim link set <a> <b> [--latency MS] [--bandwidth MBPS] [--loss P] "
      "[--port N:S:P]",
      "faults on the replication links between two arrays" },
    { "array", cmd_array, NEED_SERVER, "array down|up|reboot <array>",
      "power an array off, on, or off and on" },
    { "fault", cmd_fault, NEED_SERVER,
      "fault <array> <vv> [--write-errors N] [--read-errors N]",
      "inject I/O errors on a volume (N: count, -1 for ever, 0 clears)" },
    { "groups", cmd_groups, NEED_SERVER, "groups <array> [<group>]",
      "remote-copy groups with their volume pairs and sync progress" },
    { "status", cmd_status, NEED_SERVER, "status",
      "everything at a glance: arrays, targets, links, groups" },
    { "events", cmd_events, NEED_SERVER,
      "events [--since N] [--array A] [--limit N] [--follow]", "the event log" },
    { "reset", cmd_reset, NEED_SERVER, "reset", "back to the fixture" },
    { "checkpoint", cmd_checkpoint, NEED_SERVER, "checkpoint save|load <name> | list",
      "whole-state save and restore" },
    { "fixture", cmd_fixture, 0, "fixture", "print the built-in two-site fixture" },
    { "version", cmd_version, 0, "version", "print the version" },
    { "help", cmd_help, 0, "help [command]", "this list" },
};

#define N_SUBCMDS (sizeof(subcmds) / sizeof(subcmds[0]))

static const struct subcmd *find_subcmd(const char *name)
{
    for (size_t i = 0; i < N_SUBCMDS; i++)
        if (strcmp(subcmds[i].name, name) == 0)
            return &subcmds[i];
    return NULL;
}

static void print_help(FILE *f)
{
    fputs("usage: rcsim [--server URL] [--token T] [--json] <command> [args]\n\n", f);
    for (size_t i = 0; i < N_SUBCMDS; i++)
        fprintf(f, "  %-11s %s\n", subcmds[i].name, subcmds[i].help);
    fputs("\nThe server is --server, else $RCSIM_URL, else " CTL_CLIENT_DEFAULT_URL ".\n"
          "Exit status: 0 ok, 1 refused, 2 usage error.\n", f);
}

static int cmd_help(int argc, char **argv, struct cx *cx)
{
    if (argc > 1) {
        const struct subcmd *c = find_subcmd(argv[1]);
        if (!c)
            return tool_usage_error(cx, "no such command '%s'", argv[1]);
        printf("usage: rcsim %s\n\n%s\n", c->usage, c->help);
        return EXIT_OK;
    }
    print_help(stdout);
    return EXIT_OK;
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
        print_help(stderr);
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

