/* tool/faults.c - rcsim link, array and fault: the faults a scenario
 * injects, now or (link, array) timed on the simulated clock. */
#include "tool/tool.h"

#include "util/strutil.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tool_opt link_opts[] = {
    { "--port N:S:P", "only the link on that local port of the first array (and its "
      "other end)", "every link between the two", NULL },
    { "--one-way", "only the first array's side: it loses the second, the second still "
      "sees it (a one-way cut)", NULL, NULL },
    { "--latency MS", "set: one-way latency in ms (0..600000)", "1", NULL },
    { "--bandwidth MBPS", "set: bandwidth in MB/s (1..1000000)", "100", NULL },
    { "--loss P", "set: packet loss in percent (0..100)", "0", NULL },
    { "--at T", "do it later on the simulated clock: +<duration> from now (+5m) or a time "
      "(\"2026-11-25 10:05:00\"); the change then happens during rcsim clock advance",
      "now", NULL },
    { "--for D", "undo it this long after it happened: a cut link comes back up, set "
      "values go back to what they are now", NULL, NULL },
    { "--jitter D", "happen up to D after --at, by a reproducible amount", NULL, NULL },
    { "--name N", "a name for the timed change ([A-Za-z0-9_.-]), to cancel it with rcsim "
      "timeline cancel N", NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc link_doc = {
    .usage = "link down|up <a> <b> [--port N:S:P] [--one-way] [--at T] [--for D] "
             "[--jitter D] [--name N]\n"
             "link set <a> <b> [--latency MS] [--bandwidth MBPS] [--loss P] [--port N:S:P] "
             "[--one-way] [--at T] [--for D] [--jitter D] [--name N]",
    .summary = "cut, restore or degrade the replication links between two arrays",
    .text = "Changes every replication link between arrays a and b, both ends, as a "
            "network fault would. The arrays react on the simulated clock: with every link "
            "of a target down, showrcopy shows the links Down after the heartbeat timeout, "
            "the target fails after the target timeout and its started groups stop.\n\n"
            "With --at, --for or --jitter the change is timed: it is kept as a step of the "
            "timeline (rcsim timeline) and happens while the clock moves past its moment.",
    .opts = link_opts,
    .example = "rcsim link down site-a site-b\n"
               "rcsim link down site-a site-b --at +5m --for 90s\n"
               "rcsim link set site-a site-b --latency 40 --loss 2 --one-way\n"
               "rcsim clock advance 10m",
};

/* --at: "+<duration>" or a plain duration from now (sent as ms), or a
 * time (sent as text). */
static int at_arg(const struct cx *cx, const char *text, cJSON *step)
{
    int64_t ms, when;
    if (rc_parse_duration_ms(text + (text[0] == '+'), 0, &ms) == 0) {
        json_put_int(step, "at", ms);
        return 0;
    }
    if (rc_parse_time(text, &when) == 0) {
        json_put_str(step, "at", text);
        return 0;
    }
    return tool_usage_error(cx, "--at: '%s' is neither +<duration> (+5m, +1m30s) nor a time "
                            "(\"2026-11-25 10:05:00\")", text);
}

/* The options that make a change timed: --at, --for, --jitter, --name. */
struct timing {
    cJSON *step;                    /* the fields they give, in a step */
    const char *name;
    bool timed;
};

static int timing_opt(const struct cx *cx, int c, struct timing *t)
{
    int64_t ms;
    t->timed = true;
    switch (c) {
    case 'A': return at_arg(cx, optarg, t->step);
    case 'N': t->name = optarg; return 0;
    case 'F': case 'J':
        if (tool_duration(cx, c == 'F' ? "--for" : "--jitter", optarg, &ms))
            return EXIT_USAGE;
        json_put_int(t->step, c == 'F' ? "for" : "jitter", ms);
        return 0;
    }
    return tool_usage_error(cx, "unknown option");
}

#define TIMING_LONGOPTS                                                       \
    { "at", required_argument, NULL, 'A' }, { "for", required_argument, NULL, 'F' }, \
    { "jitter", required_argument, NULL, 'J' }, { "name", required_argument, NULL, 'N' }

/* Sends one timed step (taken) to the timeline; prints what is to come. */
static int send_timed(struct cx *cx, const struct timing *t)
{
    cJSON *body = json_object(), *steps = json_array(), *j;
    if (t->name)
        json_put_str(body, "name", t->name);
    json_push(steps, t->step);
    json_put(body, "steps", steps);
    int rc = tool_call(cx, "POST", "/timeline", body, 60, &j);
    return rc ? rc : tool_show(cx, j, tool_print_timeline);
}

static void human_links(const cJSON *j)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, tool_jget(j, "links")) {
        printf("%s ", tool_jstr(j, "a"));
        tool_print_link("", l);
    }
}

static int link_opt(const struct cx *cx, int c, bool set, cJSON *body, int *n_values)
{
    static const struct { const char *opt, *key; } values[] = {
        { "latency", "latency_ms" }, { "bandwidth", "bandwidth_mbs" }, { "loss", "loss_pct" },
    };
    int64_t v;
    size_t i = c == 'l' ? 0 : c == 'b' ? 1 : 2;
    if (c == 'p') {
        json_put_str(body, "port", optarg);
        return 0;
    }
    if (c == 'o') {
        json_put_bool(body, "one_way", true);
        return 0;
    }
    if (!set)
        return tool_usage_error(cx, "--%s goes with 'link set'", values[i].opt);
    if (rc_parse_i64(optarg, &v) || v < 0 || v > INT32_MAX)
        return tool_usage_error(cx, "--%s must be a non-negative integer, not '%s'",
                                values[i].opt, optarg);
    json_put_int(body, values[i].key, v);
    (*n_values)++;
    return 0;
}

/* rcsim link down|up|set <a> <b> [options] */
int cmd_link(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "one-way", no_argument, NULL, 'o' },
        { "latency", required_argument, NULL, 'l' },
        { "bandwidth", required_argument, NULL, 'b' },
        { "loss", required_argument, NULL, 's' },
        TIMING_LONGOPTS,
        { NULL, 0, NULL, 0 },
    };
    if (argc < 2)
        return tool_usage_error(cx, "missing down, up or set");
    const char *action = argv[1];
    bool set = strcmp(action, "set") == 0;
    if (!set && strcmp(action, "down") && strcmp(action, "up"))
        return tool_usage_error(cx, "unknown link action '%s'", action);
    cJSON *body = json_object();
    struct timing t = { .step = json_object() };
    int c, n_values = 0, rc = 0;
    optind = 0;
    while (rc == 0 && (c = getopt_long(argc - 1, argv + 1, "", longopts, NULL)) != -1) {
        if (c == 'A' || c == 'F' || c == 'J' || c == 'N')
            rc = timing_opt(cx, c, &t);
        else if (c == '?')
            rc = tool_usage_error(cx, "unknown option");
        else
            rc = link_opt(cx, c, set, body, &n_values);
    }
    if (rc == 0 && argc - 1 - optind != 2)
        rc = tool_usage_error(cx, "expected <array> <array>");
    if (rc == 0 && set && !n_values)
        rc = tool_usage_error(cx, "give --latency, --bandwidth or --loss");
    if (rc) {
        cJSON_Delete(body);
        cJSON_Delete(t.step);
        return rc;
    }
    const char *a = argv[1 + optind], *b = argv[2 + optind];
    if (t.timed) {
        /* the direct change's fields, as one step of the timeline */
        cJSON *f;
        json_put_str(t.step, "link", action);
        json_put_str(t.step, "a", a);
        json_put_str(t.step, "b", b);
        while ((f = body->child))
            json_put(t.step, f->string, cJSON_DetachItemViaPointer(body, f));
        cJSON_Delete(body);
        return send_timed(cx, &t);
    }
    cJSON_Delete(t.step);
    if (!set)
        json_put_bool(body, "up", strcmp(action, "up") == 0);
    char *ea = ctl_client_escape(a), *eb = ctl_client_escape(b);
    char *path = xasprintf("/links/%s/%s", ea, eb);
    free(ea);
    free(eb);
    cJSON *j;
    rc = tool_call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : tool_show(cx, j, human_links);
}

static const struct tool_opt array_opts[] = {
    { "--at T", "down or up later on the simulated clock: +<duration> from now or a time",
      "now", NULL },
    { "--for D", "undo it this long after it happened (down --for 1m: back on after a "
      "minute)", NULL, NULL },
    { "--jitter D", "happen up to D after --at, by a reproducible amount", NULL, NULL },
    { "--name N", "a name for the timed change, to cancel it with rcsim timeline cancel N",
      NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc array_doc = {
    .usage = "array down|up|reboot <array> [--at T] [--for D] [--jitter D] [--name N]",
    .summary = "power an array off, on, or off and on",
    .text = "A powered-off array stops answering on WSAPI and SSH and its peers see their "
            "targets fail; its state survives. Powered on again, its started groups restart "
            "from a stop, as after a crash. reboot is off then on. down and up take the "
            "timing options of rcsim link (a timed change goes to rcsim timeline).",
    .opts = array_opts,
    .example = "rcsim array down site-b\nrcsim array down site-b --at +10m --for 2m",
};

static void human_power(const cJSON *j)
{
    printf("%s %s\n", tool_jstr(j, "array"),
           tool_jtrue(j, "rebooted") ? "rebooted" : strcmp(tool_jstr(j, "power"), "on") == 0
                                                 ? "powered on" : "powered off");
}

/* Power now: POST /arrays/{a}/power or /reboot. */
static int array_now(struct cx *cx, const char *action, const char *array)
{
    bool reboot = strcmp(action, "reboot") == 0;
    char *ea = ctl_client_escape(array);
    char *path = xasprintf("/arrays/%s/%s", ea, reboot ? "reboot" : "power");
    cJSON *body = NULL, *j;
    free(ea);
    if (!reboot) {
        body = json_object();
        json_put_bool(body, "on", strcmp(action, "up") == 0);
    }
    int rc = tool_call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : tool_show(cx, j, human_power);
}

static int array_args(int argc, char **argv, struct cx *cx, struct timing *t)
{
    static const struct option longopts[] = { TIMING_LONGOPTS, { NULL, 0, NULL, 0 } };
    int c, rc;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        if ((rc = timing_opt(cx, c, t)))
            return rc;
    if (argc - optind != 2)
        return tool_usage_error(cx, "expected down, up or reboot and an array");
    const char *action = argv[optind];
    bool power = strcmp(action, "down") == 0 || strcmp(action, "up") == 0;
    if (!power && strcmp(action, "reboot"))
        return tool_usage_error(cx, "unknown array action '%s'", action);
    if (t->timed && !power)
        return tool_usage_error(cx, "--at, --for and --jitter go with down and up");
    return 0;
}

/* rcsim array down|up|reboot <array> [--at T] [--for D] [--jitter D] */
int cmd_array(int argc, char **argv, struct cx *cx)
{
    struct timing t = { .step = json_object() };
    int rc = array_args(argc, argv, cx, &t);
    if (rc || !t.timed) {
        cJSON_Delete(t.step);
        return rc ? rc : array_now(cx, argv[optind], argv[optind + 1]);
    }
    json_put_str(t.step, "power", strcmp(argv[optind], "up") == 0 ? "on" : "off");
    json_put_str(t.step, "array", argv[optind + 1]);
    return send_timed(cx, &t);
}

static const struct tool_opt witness_opts[] = {
    { "--from A", "only as seen from array A (its path to the witness is cut)", "every array",
      NULL },
    { "--address W", "only the witness at address W", "every witness a target names", NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc witness_doc = {
    .usage = "witness down|up [--from <array>] [--address <W>]",
    .summary = "take the quorum witness down or back, for everyone or for one array",
    .text = "The quorum witness of Peer Persistence (setrcopytarget witness create|start) is "
            "an entity of its own: down, no array reaches it; down --from A, only A lost its "
            "path to it. When a target fails, a secondary with auto_failover fails over by "
            "itself only if it reaches the witness and its peer does not; a source that "
            "reaches neither its peer nor the witness goes Failsafe. showrcopy -qw shows "
            "whether each array reaches its witness.",
    .opts = witness_opts,
    .example = "rcsim witness down --from site-a\nrcsim link down site-a site-b\n"
               "rcsim witness up",
};

static void human_witness(const cJSON *j)
{
    printf("quorum witness %s %s%s%s\n", *tool_jstr(j, "address") ? tool_jstr(j, "address")
                                                                    : "(every one)",
           tool_jtrue(j, "up") ? "back" : "down", *tool_jstr(j, "from") ? " as seen from " : "",
           tool_jstr(j, "from"));
}

/* rcsim witness down|up [--from A] [--address W] */
int cmd_witness(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'f' }, { "address", required_argument, NULL, 'w' },
        { NULL, 0, NULL, 0 },
    };
    const char *from = NULL, *address = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'f')
            from = optarg;
        else if (c == 'w')
            address = optarg;
        else
            return tool_usage_error(cx, "unknown option");
    }
    if (argc - optind != 1 || (strcmp(argv[optind], "down") && strcmp(argv[optind], "up")))
        return tool_usage_error(cx, "expected down or up");
    cJSON *body = json_object(), *j;
    json_put_bool(body, "up", strcmp(argv[optind], "up") == 0);
    if (from)
        json_put_str(body, "from", from);
    if (address)
        json_put_str(body, "address", address);
    int rc = tool_call(cx, "POST", "/witness", body, 0, &j);
    return rc ? rc : tool_show(cx, j, human_witness);
}

static void human_fault(const cJSON *j)
{
    const char *kinds[] = { "write_errors", "read_errors" };
    for (size_t i = 0; i < 2; i++) {
        const cJSON *v = tool_jget(j, kinds[i]);
        if (!cJSON_IsNumber(v))
            continue;
        printf("%s/%s: ", tool_jstr(j, "array"), tool_jstr(j, "volume"));
        if (v->valuedouble < 0)
            printf("every %s fails until cleared\n", i ? "read" : "write");
        else if (v->valuedouble == 0)
            printf("%s errors cleared\n", i ? "read" : "write");
        else
            printf("the next %.0f %ss fail\n", v->valuedouble, i ? "read" : "write");
    }
}

static const struct tool_opt fault_opts[] = {
    { "--write-errors N", "the next N writes remote copy makes to the volume fail (on a "
      "secondary the group stops); -1 for ever, 0 clears", NULL, NULL },
    { "--read-errors N", "the next N reads of the volume fail (on a primary during a sync "
      "the pair goes NotSynced); -1 for ever, 0 clears", NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc fault_doc = {
    .usage = "fault <array> <vv> [--write-errors N] [--read-errors N]",
    .summary = "inject I/O errors on a volume (N: count, -1 for ever, 0 clears)",
    .opts = fault_opts,
    .example = "rcsim fault site-b vol1 --write-errors 1",
};

/* rcsim fault <array> <vv> [--write-errors N] [--read-errors N] */
int cmd_fault(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "write-errors", required_argument, NULL, 'w' },
        { "read-errors", required_argument, NULL, 'r' },
        { NULL, 0, NULL, 0 },
    };
    cJSON *body = json_object(), *j;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int64_t v;
        if ((c != 'w' && c != 'r') || rc_parse_i64(optarg, &v) || v < -1 || v > 1000000000) {
            cJSON_Delete(body);
            if (c != 'w' && c != 'r')
                return tool_usage_error(cx, "unknown option");
            return tool_usage_error(cx, "--%s-errors must be -1 (for ever), 0 (clear) or a count",
                               c == 'w' ? "write" : "read");
        }
        json_put_int(body, c == 'w' ? "write_errors" : "read_errors", v);
    }
    if (argc - optind != 2 || !body->child) {
        cJSON_Delete(body);
        return tool_usage_error(cx, argc - optind != 2 ? "expected <array> <volume>"
                                                  : "give --write-errors or --read-errors");
    }
    char *ea = ctl_client_escape(argv[optind]), *ev = ctl_client_escape(argv[optind + 1]);
    char *path = xasprintf("/arrays/%s/volumes/%s/faults", ea, ev);
    free(ea);
    free(ev);
    int rc = tool_call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : tool_show(cx, j, human_fault);
}

