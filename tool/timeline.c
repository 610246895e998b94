/* tool/timeline.c - rcsim timeline: the faults timed on the simulated
 * clock (list, load a named schedule from a file, cancel). The file is the
 * body of POST /sim/v1/timeline as it is: {"name", "steps": [...]}. */
#include "tool/tool.h"

#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tool_opt timeline_opts[] = {
    { "--name N", "load: the schedule's name, instead of the file's \"name\"", NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc timeline_doc = {
    .usage = "timeline [list]\n"
             "timeline load <file> [--name N]\n"
             "timeline cancel <name>|<id>",
    .summary = "faults timed on the simulated clock: list, load a schedule, cancel",
    .text = "The changes still to come, by time: each link cut, restored or degraded and "
            "each array powered off or on by rcsim link/array --at/--for or by a schedule. "
            "Each happens while rcsim clock advance (or real time) moves past its moment, "
            "before anything else due at that moment, so the arrays react as to a real "
            "outage.\n\n"
            "load reads a named schedule from a JSON file and starts it now (every \"at\" "
            "counts from the moment it is loaded):\n\n"
            "{\"name\": \"wan-cut\", \"steps\": [\n"
            " {\"at\": \"+5m\", \"for\": \"1m30s\", \"link\": \"down\", \"a\": \"site-a\", "
            "\"b\": \"site-b\"},\n"
            " {\"at\": \"+10m\", \"jitter\": \"30s\", \"link\": \"set\", \"a\": \"site-a\", "
            "\"b\": \"site-b\", \"latency_ms\": 50, \"loss_pct\": 5, \"one_way\": true},\n"
            " {\"at\": \"+20m\", \"for\": \"2m\", \"power\": \"off\", \"array\": "
            "\"site-b\"}]}\n\n"
            "A step is a link change (\"link\": \"down\", \"up\" or \"set\" with a and b, and "
            "optionally port, one_way, latency_ms, bandwidth_mbs, loss_pct) or a power change "
            "(\"power\": \"off\" or \"on\" with array). \"at\" is a duration from now or a "
            "time, \"for\" undoes the step that long after, \"jitter\" delays it by up to that "
            "much (reproducibly). Every step is checked before any is kept. cancel drops "
            "what is still to come of a schedule, or one change by id.",
    .opts = timeline_opts,
    .example = "rcsim timeline load wan-cut.json\nrcsim timeline\nrcsim clock advance 30m\n"
               "rcsim events | grep timed_fault",
};

/* ID, time, schedule and what changes, one line each. */
void tool_print_timeline(const cJSON *j)
{
    const cJSON *f, *list = tool_jget(j, "faults");
    if (!cJSON_GetArraySize(list)) {
        puts("no timed faults to come");
        return;
    }
    printf("%-5s %-23s  %-12s %s\n", "ID", "DUE", "SCHEDULE", "CHANGE");
    cJSON_ArrayForEach(f, list) {
        printf("%-5.0f %-23s  %-12s ", tool_jnum(f, "id"), tool_jstr(f, "due"),
               *tool_jstr(f, "schedule") ? tool_jstr(f, "schedule") : "-");
        if (*tool_jstr(f, "power")) {
            printf("array %s power %s", tool_jstr(f, "array"), tool_jstr(f, "power"));
        } else {
            printf("link %s %s %s", tool_jstr(f, "a"), tool_jtrue(f, "one_way") ? "->" : "<->",
                   tool_jstr(f, "b"));
            if (*tool_jstr(f, "port"))
                printf(" port %s", tool_jstr(f, "port"));
            if (strcmp(tool_jstr(f, "link"), "set"))
                printf(" %s", tool_jstr(f, "link"));
            if (tool_jget(f, "latency_ms"))
                printf(" latency %.0f ms", tool_jnum(f, "latency_ms"));
            if (tool_jget(f, "bandwidth_mbs"))
                printf(" bandwidth %.0f MB/s", tool_jnum(f, "bandwidth_mbs"));
            if (tool_jget(f, "loss_pct"))
                printf(" loss %.0f%%", tool_jnum(f, "loss_pct"));
        }
        printf(" (%s)\n", tool_jstr(f, "note"));
    }
}

static int timeline_load(struct cx *cx, const char *file, const char *name)
{
    char errbuf[512];
    char *text = tool_read_file(file, NULL, errbuf, sizeof(errbuf));
    if (!text) {
        fprintf(stderr, "rcsim timeline: %s\n", errbuf);
        return EXIT_REFUSED;
    }
    cJSON *body = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        fprintf(stderr, "rcsim timeline: '%s' is not a JSON object {\"name\", \"steps\"}\n",
                file);
        return EXIT_REFUSED;
    }
    if (name) {
        cJSON_DeleteItemFromObjectCaseSensitive(body, "name");
        json_put_str(body, "name", name);
    }
    cJSON *j;
    int rc = tool_call(cx, "POST", "/timeline", body, 60, &j);
    return rc ? rc : tool_show(cx, j, tool_print_timeline);
}

static void human_cancelled(const cJSON *j)
{
    double n = tool_jnum(j, "cancelled");
    printf("%.0f timed fault%s cancelled\n", n, n == 1 ? "" : "s");
}

int cmd_timeline(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "name", required_argument, NULL, 'n' },
        { NULL, 0, NULL, 0 },
    };
    const char *name = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'n')
            return tool_usage_error(cx, "unknown option");
        name = optarg;
    }
    const char *action = optind < argc ? argv[optind] : "list";
    int args = argc - optind - (optind < argc);
    cJSON *j;
    if (strcmp(action, "list") == 0 && args == 0 && !name) {
        int rc = tool_call(cx, "GET", "/timeline", NULL, 0, &j);
        return rc ? rc : tool_show(cx, j, tool_print_timeline);
    }
    if (strcmp(action, "load") == 0 && args == 1)
        return timeline_load(cx, argv[optind + 1], name);
    if (strcmp(action, "cancel") == 0 && args == 1 && !name) {
        char *e = ctl_client_escape(argv[optind + 1]);
        char *path = xasprintf("/timeline/%s", e);
        free(e);
        int rc = tool_call(cx, "DELETE", path, NULL, 60, &j);
        free(path);
        return rc ? rc : tool_show(cx, j, human_cancelled);
    }
    return tool_usage_error(cx, "expected list, load <file> [--name N] or cancel <name>|<id>");
}
