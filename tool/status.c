/* tool/status.c - rcsim clock, status, events and groups: what the
 * simulator holds, printed for people or as JSON. */
#include "tool/tool.h"

#include "sim/rcopy.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tool_opt clock_opts[] = {
    { "--scale X", "with mode real: simulated seconds per real second", "1", NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc clock_doc = {
    .usage = "clock [show]\n"
             "clock advance <duration>\n"
             "clock set <time>\n"
             "clock mode real|manual [--scale X]",
    .summary = "the simulated clock",
    .text = "Every timer of the simulation (heartbeats, target timeouts, syncs, periodic "
            "cycles, snapshot expiry, scheduled commands, timed faults) runs on this clock. "
            "In manual mode time moves only with advance and set, and every timer due on the "
            "way runs at its own moment, in order: a scenario repeats exactly.\n\n"
            "advance takes a duration with a unit (90s, 1m30s, 1.5s, 250ms, 2h). set takes "
            "\"YYYY-MM-DD HH:MM:SS\" (UTC), ISO 8601 or @<epoch seconds>, never earlier than "
            "now.",
    .opts = clock_opts,
    .example = "rcsim clock advance 1m30s\nrcsim clock set \"2026-11-25 10:00:00\"",
};

static void human_clock(const cJSON *j)
{
    if (strcmp(tool_jstr(j, "mode"), "real") == 0)
        printf("%s (real, scale %g)\n", tool_jstr(j, "now"), tool_jnum(j, "scale"));
    else
        printf("%s (manual)\n", tool_jstr(j, "now"));
}

int cmd_clock(int argc, char **argv, struct cx *cx)
{
    const char *action = argc > 1 ? argv[1] : "show";
    cJSON *body = NULL, *j;
    const char *path;
    if (strcmp(action, "show") == 0 && argc <= 2) {
        int rc = tool_call(cx, "GET", "/clock", NULL, 0, &j);
        return rc ? rc : tool_show(cx, j, human_clock);
    }
    if (strcmp(action, "advance") == 0 && argc == 3) {
        int64_t ms;
        if (tool_duration(cx, NULL, argv[2], &ms))
            return EXIT_USAGE;
        if (ms <= 0)
            return tool_usage_error(cx, "advance by more than 0");
        body = json_object();
        json_put_int(body, "by", ms);
        path = "/clock/advance";
    } else if (strcmp(action, "set") == 0 && argc >= 3) {
        /* "2026-11-25 10:00:00" may come as one word or two */
        body = json_object();
        struct strbuf sb = STRBUF_INIT;
        strbuf_init(&sb);
        for (int i = 2; i < argc; i++)
            strbuf_addf(&sb, "%s%s", i > 2 ? " " : "", argv[i]);
        json_put_str(body, "time", sb.buf);
        strbuf_release(&sb);
        path = "/clock/set";
    } else if (strcmp(action, "mode") == 0 && (argc == 3 || argc == 5)) {
        body = json_object();
        json_put_str(body, "mode", argv[2]);
        if (argc == 5) {
            char *end;
            double scale = strtod(argv[4], &end);
            if (strcmp(argv[3], "--scale") || *end) {
                cJSON_Delete(body);
                return tool_usage_error(cx, "expected --scale X");
            }
            json_put_num(body, "scale", scale);
        }
        path = "/clock/mode";
    } else {
        return tool_usage_error(cx, "bad clock arguments");
    }
    int rc = tool_call(cx, "POST", path, body, 3600, &j);
    return rc ? rc : tool_show(cx, j, human_clock);
}

bool tool_jtrue(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

const cJSON *tool_jget(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* "Synced", "Syncing (42%)", ... */
static void pair_status_text(const cJSON *p, char *buf, size_t size)
{
    if (strcmp(tool_jstr(p, "status"), "Syncing") == 0)
        snprintf(buf, size, "Syncing (%.0f%%)", tool_jnum(p, "progress_pct"));
    else
        snprintf(buf, size, "%s", tool_jstr(p, "status"));
}

/* One link: port -> address, Up/Down, and the fault values that are not
 * the defaults. */
void tool_print_link(const char *indent, const cJSON *l)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%slink %s -> %-15s %s", indent, tool_jstr(l, "port"), tool_jstr(l, "address"),
                tool_jstr(l, "status"));
    if (tool_jtrue(l, "up") != tool_jtrue(l, "admin_up"))
        strbuf_adds(&sb, tool_jtrue(l, "admin_up") ? " (coming up)" : " (cut, timing out)");
    if (tool_jnum(l, "latency_ms") != SIM_LINK_DEFAULT_LATENCY_MS)
        strbuf_addf(&sb, "  latency %.0f ms", tool_jnum(l, "latency_ms"));
    if (tool_jnum(l, "bandwidth_mbs") != SIM_LINK_DEFAULT_BANDWIDTH_MBS)
        strbuf_addf(&sb, "  bandwidth %.0f MB/s", tool_jnum(l, "bandwidth_mbs"));
    if (tool_jnum(l, "loss_pct") != 0)
        strbuf_addf(&sb, "  loss %.0f%%", tool_jnum(l, "loss_pct"));
    puts(sb.buf);
    strbuf_release(&sb);
}

/* One group: "name role/status mode [policies]" then its pairs. */
void tool_print_group(const char *indent, const cJSON *g)
{
    struct strbuf sb = STRBUF_INIT;
    const cJSON *p;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%sgroup %s %s/%s %s", indent, tool_jstr(g, "name"), tool_jstr(g, "role"),
                tool_jstr(g, "status"), tool_jstr(g, "mode"));
    if (tool_jnum(g, "period_ms") > 0)
        strbuf_addf(&sb, " period %.0fs", tool_jnum(g, "period_ms") / 1000);
    cJSON_ArrayForEach(p, tool_jget(g, "policies"))
        if (cJSON_IsString(p))
            strbuf_addf(&sb, "%s%s", p == tool_jget(g, "policies")->child ? "  " : ",",
                        p->valuestring);
    strbuf_addf(&sb, "  (target %s, peer %s)", tool_jstr(g, "target"), tool_jstr(g, "peer_group"));
    if (tool_jnum(g, "lag_bytes") > 0)
        strbuf_addf(&sb, "  lag %.0f KiB, %.1f s", tool_jnum(g, "lag_bytes") / 1024,
                    tool_jnum(g, "lag_ms") / 1000);
    if (strcmp(tool_jstr(g, "recovery_point"), "NA") != 0 && *tool_jstr(g, "recovery_point"))
        strbuf_addf(&sb, "  recovery point %s (RPO %.0f s)", tool_jstr(g, "recovery_point"),
                    tool_jnum(g, "rpo_ms") / 1000);
    puts(sb.buf);
    strbuf_release(&sb);
    cJSON_ArrayForEach(p, tool_jget(g, "pairs")) {
        char st[48];
        pair_status_text(p, st, sizeof(st));
        printf("%s  %s -> %s  %s", indent, tool_jstr(p, "local_vv"), tool_jstr(p, "remote_vv"), st);
        if (strcmp(tool_jstr(p, "last_sync"), "NA") != 0)
            printf("  last sync %s", tool_jstr(p, "last_sync"));
        if (*tool_jstr(p, "resync_snapshot"))
            printf("  resync snapshot %s", tool_jstr(p, "resync_snapshot"));
        if (tool_jnum(p, "in_flight_blocks") > 0)
            printf("  in flight %.0f block(s)", tool_jnum(p, "in_flight_blocks"));
        putchar('\n');
    }
    /* a multi-target group: one more line and its pairs per target */
    cJSON_ArrayForEach(p, tool_jget(g, "legs"))
        tool_print_group(indent, p);
}

/* The remote-copy part of one array in the status answer. */
static const cJSON *rc_of(const cJSON *j, const char *array)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, tool_jget(j, "remote_copy"))
        if (strcmp(tool_jstr(r, "array"), array) == 0)
            return r;
    return NULL;
}

const struct tool_doc status_doc = {
    .usage = "status",
    .summary = "everything at a glance: arrays, targets, links, groups",
    .text = "The clock, each array (power, remote-copy service, counts), its targets with "
            "their links (latency, bandwidth and loss when not the defaults), its groups as "
            "\"name role/status mode\" with each volume pair and its sync state, and the id "
            "of the newest event.",
    .example = "rcsim status\nrcsim --json status | jq '.events.last_id'",
};

static void human_status(const cJSON *j)
{
    const cJSON *clock = tool_jget(j, "clock");
    const cJSON *a;
    printf("clock:  %s (%s)\n", tool_jstr(clock, "now"), tool_jstr(clock, "mode"));
    cJSON_ArrayForEach(a, tool_jget(j, "arrays")) {
        printf("%-8s id %-4.0f power %-3s  remote copy %-7s  %3.0f CPGs  %5.0f volumes  "
               "%5.0f snapshots\n", tool_jstr(a, "name"), tool_jnum(a, "id"), tool_jstr(a, "power"),
               tool_jtrue(a, "remote_copy_started") ? "started" : "stopped",
               tool_jnum(a, "cpgs"), tool_jnum(a, "volumes"), tool_jnum(a, "snapshots"));
        const cJSON *rc = rc_of(j, tool_jstr(a, "name")), *t, *x;
        cJSON_ArrayForEach(t, tool_jget(rc, "targets")) {
            printf("  target %s (array %s) %s%s\n", tool_jstr(t, "name"), tool_jstr(t, "peer_array"),
                   tool_jstr(t, "status"), tool_jtrue(t, "enabled") ? "" : " disabled");
            cJSON_ArrayForEach(x, tool_jget(rc, "links"))
                if (strcmp(tool_jstr(x, "target"), tool_jstr(t, "name")) == 0)
                    tool_print_link("    ", x);
        }
        cJSON_ArrayForEach(x, tool_jget(rc, "groups"))
            tool_print_group("  ", x);
    }
    printf("events: %.0f\n", tool_jnum(tool_jget(j, "events"), "last_id"));
    const cJSON *db = tool_jget(j, "database");
    char live[32], alloc[32], file[32], wal[32];
    rc_format_bytes((uint64_t)tool_jnum(db, "live_bytes"), live, sizeof(live));
    rc_format_bytes((uint64_t)tool_jnum(db, "allocated_bytes"), alloc, sizeof(alloc));
    rc_format_bytes((uint64_t)tool_jnum(db, "file_bytes"), file, sizeof(file));
    rc_format_bytes((uint64_t)tool_jnum(db, "wal_bytes"), wal, sizeof(wal));
    printf("database: %s live of %s allocated (file %s, WAL %s)\n", live, alloc, file, wal);
}

int cmd_status(int argc, char **argv, struct cx *cx)
{
    cJSON *j;
    (void)argv;
    if (argc > 1)
        return tool_usage_error(cx, "unexpected argument");
    int rc = tool_call(cx, "GET", "/status", NULL, 0, &j);
    return rc ? rc : tool_show(cx, j, human_status);
}

static void print_event(const struct cx *cx, const cJSON *e)
{
    if (cx->json) {
        char *text = cJSON_PrintUnformatted(e);
        if (text)
            puts(text);
        cJSON_free(text);
        return;
    }
    printf("%6.0f %s %-8s %-8s %-24s %s%s%s\n", tool_jnum(e, "id"), tool_jstr(e, "time"),
           *tool_jstr(e, "array") ? tool_jstr(e, "array") : "-", tool_jstr(e, "severity"), tool_jstr(e, "kind"),
           tool_jstr(e, "object"), *tool_jstr(e, "detail") ? ": " : "", tool_jstr(e, "detail"));
}

static volatile sig_atomic_t follow_stop;

static void on_follow_signal(int sig)
{
    (void)sig;
    follow_stop = 1;
}

static const struct tool_opt events_opts[] = {
    { "--since N", "only events after id N", "0", NULL },
    { "--array A", "only the events of one array", NULL, NULL },
    { "--limit N", "at most N events per answer", "1000", NULL },
    { "--follow", "keep printing events as they happen, until Ctrl-C; a reset or a "
      "checkpoint load starts a new log, which is followed from its start", NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc events_doc = {
    .usage = "events [--since N] [--array A] [--limit N] [--follow]",
    .summary = "the event log",
    .text = "Prints events oldest first: id, simulated time, array, severity, kind, object "
            "and detail. With --json, one JSON document ({\"events\": [...], \"last_id\"}), "
            "or with --follow one event object per line.",
    .opts = events_opts,
    .example = "rcsim events --follow --json > events.jsonl &",
};

/* A reset or a checkpoint load while following: the new log starts over. */
static void log_replaced(void)
{
    fprintf(stderr, "rcsim events: the event log was replaced (reset or checkpoint load); "
            "following the new one from its start\n");
}

int cmd_events(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "since", required_argument, NULL, 's' },
        { "array", required_argument, NULL, 'a' },
        { "limit", required_argument, NULL, 'l' },
        { "follow", no_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    int64_t since = 0, limit = 0;
    const char *array = NULL;
    bool follow = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (rc_parse_i64(optarg, &since) || since < 0)
                return tool_usage_error(cx, "--since must be an event id");
            break;
        case 'l':
            if (rc_parse_i64(optarg, &limit) || limit < 0)
                return tool_usage_error(cx, "--limit must be a count");
            break;
        case 'a': array = optarg; break;
        case 'f': follow = true; break;
        default: return tool_usage_error(cx, "unknown option");
        }
    }
    if (optind != argc)
        return tool_usage_error(cx, "unexpected argument '%s'", argv[optind]);
    if (follow) {
        signal(SIGINT, on_follow_signal);
        signal(SIGTERM, on_follow_signal);
    }
    char *earray = array ? ctl_client_escape(array) : NULL;
    int rc = EXIT_OK;
    double epoch = 0;               /* which log `since` counts in; 0: not known yet */
    do {
        cJSON *j;
        char ep[40] = "";
        if (epoch > 0)
            snprintf(ep, sizeof(ep), "&epoch=%.0f", epoch);
        char *path = xasprintf("/events?since=%lld%s%s&limit=%lld&wait=%d%s", (long long)since,
                               earray ? "&array=" : "", earray ? earray : "",
                               (long long)limit, follow ? 25 : 0, ep);
        rc = tool_call(cx, "GET", path, NULL, 60, &j);
        free(path);
        if (rc)
            break;
        epoch = tool_jnum(j, "epoch");
        if (tool_jtrue(j, "replaced"))
            log_replaced();
        const cJSON *e, *list = cJSON_GetObjectItemCaseSensitive(j, "events");
        if (cx->json && !follow) {
            tool_print_json(j);
        } else {
            cJSON_ArrayForEach(e, list)
                print_event(cx, e);
        }
        fflush(stdout);
        since = (int64_t)tool_jnum(j, "last_id");
        cJSON_Delete(j);
    } while (follow && !follow_stop);
    free(earray);
    return rc;
}

const struct tool_doc groups_doc = {
    .usage = "groups <array> [<group>]",
    .summary = "remote-copy groups with their volume pairs and sync progress",
    .text = "Each group of the array as \"name role/status mode\", its policies, target and "
            "peer group, then each volume pair with its sync state (Syncing shows the "
            "percentage), last sync time and resync snapshot.",
    .example = "rcsim groups site-a\nrcsim --json groups site-a g | jq -r '.pairs[0].status'",
};

static void human_groups(const cJSON *j)
{
    const cJSON *g, *list = tool_jget(j, "groups");
    if (!list) {                    /* one group */
        tool_print_group("", j);
        return;
    }
    if (!cJSON_GetArraySize(list))
        puts("no remote copy groups");
    cJSON_ArrayForEach(g, list)
        tool_print_group("", g);
}

/* rcsim groups <array> [<group>] */
int cmd_groups(int argc, char **argv, struct cx *cx)
{
    if (argc != 2 && argc != 3)
        return tool_usage_error(cx, "expected <array> [<group>]");
    char *ea = ctl_client_escape(argv[1]), *path;
    if (argc == 3) {
        char *eg = ctl_client_escape(argv[2]);
        path = xasprintf("/arrays/%s/groups/%s", ea, eg);
        free(eg);
    } else {
        path = xasprintf("/arrays/%s/groups", ea);
    }
    free(ea);
    cJSON *j;
    int rc = tool_call(cx, "GET", path, NULL, 60, &j);
    free(path);
    return rc ? rc : tool_show(cx, j, human_groups);
}

