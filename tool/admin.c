/* tool/admin.c - rcsim wait, reset, checkpoint, fixture and version. */
#include "tool/tool.h"

#include "sim/clock.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_POLL_MS 50

static const struct tool_opt wait_opts[] = {
    { "--timeout D", "give up after this long (a duration: 30s, 2m)", "30s", NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc wait_doc = {
    .usage = "wait [--timeout D]",
    .summary = "wait until the simulator is ready (every listener up)",
    .text = "Asks GET /sim/v1/ready until it answers, so that a script can start the "
            "server in the background and go on as soon as it can be used. Exits 0 when "
            "ready, 1 when the time runs out (saying what the last try found) or when the "
            "server refuses the token.",
    .opts = wait_opts,
    .example = "rcsim serve --db :memory: --clock manual &\nrcsim wait --timeout 10s\n"
               "rcsim cli site-a showsys",
};

/* One try: 1 ready, 0 not yet (why in errbuf), -1 never (a refusal). */
static int ready_once(struct cx *cx, char *errbuf, size_t errlen)
{
    struct ctl_reply r = CTL_REPLY_INIT;
    if (ctl_client_call(cx->client, "GET", "/ready", NULL, 2, &r, errbuf, errlen))
        return 0;
    int rc = r.status == 200 ? 1 : r.status == 503 ? 0 : -1;
    if (rc == 0)
        snprintf(errbuf, errlen, "the server answers but is not ready yet");
    if (rc < 0)
        tool_print_refusal(cx, &r);
    ctl_reply_release(&r);
    return rc;
}

int cmd_wait(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "timeout", required_argument, NULL, 't' },
        { NULL, 0, NULL, 0 },
    };
    int64_t timeout = 30000;
    const char *timeout_text = "30s";
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 't')
            return tool_usage_error(cx, "unknown option");
        if (tool_duration(cx, "--timeout", optarg, &timeout))
            return EXIT_USAGE;
        timeout_text = optarg;
    }
    if (optind != argc)
        return tool_usage_error(cx, "unexpected argument '%s'", argv[optind]);
    char why[512] = "";
    int64_t deadline = sim_mono_ms() + timeout;
    for (;;) {
        int rc = ready_once(cx, why, sizeof(why));
        if (rc)
            return rc > 0 ? EXIT_OK : EXIT_REFUSED;
        if (sim_mono_ms() >= deadline)
            break;
        sim_wall_sleep_ms(WAIT_POLL_MS);
    }
    fprintf(stderr, "rcsim wait: %s was not ready within %s: %s\n", ctl_client_url(cx->client),
            timeout_text, why);
    return EXIT_REFUSED;
}

const struct tool_doc reset_doc = {
    .usage = "reset",
    .summary = "back to the fixture",
    .text = "Replaces the whole state with the fixture the server started with (the "
            "database's own when serve was given none). The clock carries on, checkpoints "
            "stay, and the event log starts again (events --follow follows it).",
    .example = "rcsim reset",
};

int cmd_reset(int argc, char **argv, struct cx *cx)
{
    cJSON *j;
    (void)argv;
    if (argc > 1)
        return tool_usage_error(cx, "unexpected argument");
    int rc = tool_call(cx, "POST", "/reset", NULL, 3600, &j);
    if (rc)
        return rc;
    if (!cx->json) {
        cJSON_Delete(j);
        puts("reset to the fixture");
        return EXIT_OK;
    }
    return tool_show(cx, j, NULL);
}

static const struct tool_opt checkpoint_opts[] = {
    { "--replace", "save over an existing checkpoint of that name (refused without it)",
      NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc checkpoint_doc = {
    .usage = "checkpoint save <name> [--replace]\n"
             "checkpoint load <name>\n"
             "checkpoint delete <name>\n"
             "checkpoint list",
    .summary = "whole-state save, restore, list and delete",
    .text = "A checkpoint is a copy of the whole database (arrays, volumes and their data, "
            "groups, the clock mode, the event log), kept in the checkpoint directory (rcsim "
            "serve --checkpoint-dir; <db>.checkpoints/ by default) across resets and "
            "restarts. Names use [A-Za-z0-9_.-], 1 to 64 characters. load puts that state "
            "back (time never goes back: the clock stays where it is). list shows each with "
            "the time it was saved (UTC, wall clock) and its size.",
    .opts = checkpoint_opts,
    .example = "rcsim checkpoint save synced\nrcsim checkpoint load synced\n"
               "rcsim checkpoint list",
};

static void human_checkpoints(const cJSON *j)
{
    const cJSON *c, *list = tool_jget(j, "details");
    if (!cJSON_GetArraySize(list) && !cJSON_GetArraySize(tool_jget(j, "invalid")))
        puts("no checkpoints");
    cJSON_ArrayForEach(c, list) {
        char saved[32];
        snprintf(saved, sizeof(saved), "%s", tool_jstr(c, "saved"));
        char *t = strchr(saved, 'T');
        if (t)
            *t = ' ';
        char *zone = strstr(saved, "+00:00");
        if (zone)
            strcpy(zone, " UTC");
        printf("%-24s %s  %8.1f KiB\n", tool_jstr(c, "name"), saved,
               tool_jnum(c, "bytes") / 1024);
    }
    /* files a load would refuse, said so, never listed as if usable */
    cJSON_ArrayForEach(c, tool_jget(j, "invalid"))
        printf("%s (invalid: %s)\n", tool_jstr(c, "name"), tool_jstr(c, "reason"));
}

int cmd_checkpoint(int argc, char **argv, struct cx *cx)
{
    cJSON *j, *body = NULL;
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        int rc = tool_call(cx, "GET", "/checkpoints", NULL, 0, &j);
        return rc ? rc : tool_show(cx, j, human_checkpoints);
    }
    bool replace = argc == 4 && strcmp(argv[1], "save") == 0 &&
                   strcmp(argv[3], "--replace") == 0;
    if (argc != 3 && !replace)
        return tool_usage_error(cx, "expected save <name> [--replace], load <name>, "
                                "delete <name> or list");
    const char *action = argv[1], *method = "POST", *tail = "", *done;
    if (strcmp(action, "save") == 0) {
        done = "saved";
        body = json_object();
        json_put_bool(body, "replace", replace);
    } else if (strcmp(action, "load") == 0) {
        tail = "/load";
        done = "loaded";
    } else if (strcmp(action, "delete") == 0) {
        method = "DELETE";
        done = "deleted";
    } else {
        return tool_usage_error(cx, "unknown checkpoint action '%s'", action);
    }
    char *name = ctl_client_escape(argv[2]);
    char *path = xasprintf("/checkpoints/%s%s", name, tail);
    free(name);
    int rc = tool_call(cx, method, path, body, 3600, &j);
    free(path);
    if (rc)
        return rc;
    if (!cx->json) {
        printf("checkpoint '%s' %s\n", argv[2], done);
        cJSON_Delete(j);
        return EXIT_OK;
    }
    return tool_show(cx, j, NULL);
}

const struct tool_doc fixture_doc = {
    .usage = "fixture [<name> | --list]",
    .summary = "print a built-in fixture (two-site by default), or list them",
    .text = "Prints a built-in topology (JSON): arrays, their listeners, users, CPGs, ports, "
            "remote-copy targets and links. Without a name, the one rcsim serve uses without "
            "--fixture (two-site); --list names them all: two-site, three-site-sld (site-a "
            "and site-b near, site-c far), hub-and-spoke (four arrays toward one), docker "
            "(the container's). rcsim serve --fixture <name> starts one; edit a copy and give "
            "its file to --fixture for your own.",
    .example = "rcsim fixture three-site-sld > my-fixture.json\nrcsim fixture --list",
};

const char *tool_fixture_builtin(const char *name)
{
    for (const struct rcsim_fixture *f = rcsim_fixtures; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f->json;
    return NULL;
}

int cmd_fixture(int argc, char **argv, struct cx *cx)
{
    if (argc > 2)
        return tool_usage_error(cx, "unexpected argument");
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (const struct rcsim_fixture *f = rcsim_fixtures; f->name; f++)
            puts(f->name);
        return EXIT_OK;
    }
    const char *json = tool_fixture_builtin(argc == 2 ? argv[1] : "two-site");
    if (!json)
        return tool_usage_error(cx, "no built-in fixture named '%s' (rcsim fixture --list)",
                                argv[1]);
    fputs(json, stdout);
    return EXIT_OK;
}

const struct tool_doc version_doc = {
    .usage = "version",
    .summary = "print the version",
};

int cmd_version(int argc, char **argv, struct cx *cx)
{
    (void)argc;
    (void)argv;
    if (cx->json)
        printf("{\"version\": \"%s\"}\n", RCSIM_VERSION);
    else
        printf("rcsim %s\n", RCSIM_VERSION);
    return EXIT_OK;
}
