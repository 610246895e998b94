/* tool/lab.c - rcsim lab: training exercises. run sets a lab up on the
 * server (reset or checkpoint, setup steps, timed faults), publishes it
 * for the lab view and follows the student: goals turning green, hints
 * released on the simulated clock, the final score. check grades the
 * state as it is (exit 0 when every goal holds). The file format:
 * docs/labs.md; the goals: tool/lab_goal.c. */
#include "tool/lab.h"

#include "util/strutil.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LAB_WAIT_S 2                /* one long poll for events while following */

struct lab {
    cJSON *doc;                     /* the file */
    const char *name;
    int64_t started_ms;             /* simulated clock at the start; -1 unknown */
    int n_goals;
    bool *held;                     /* last evaluation, per goal */
    char (*why)[256];
    int score, total, hints_out;
};

static const struct tool_opt lab_opts[] = {
    { "--start-only", "run: set the lab up, publish it and return without following",
      NULL, NULL },
    { "--timeout D", "run: give up (exit 1) after D of real time", "none", NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc lab_doc = {
    .usage = "lab run <file> [--start-only] [--timeout D]\n"
             "lab check <file>",
    .summary = "training exercises: set one up and follow it, or grade the state",
    .text = "A lab file (JSON, docs/labs.md) holds a briefing, a starting point (the "
            "fixture, or a checkpoint), setup steps, faults timed on the simulated clock, "
            "goals checked on the model, hints released over time and a score per goal.\n\n"
            "run resets the simulator (or loads the checkpoint), runs the setup, schedules "
            "the faults, publishes the lab for the lab view (http://<control>/) and prints "
            "the briefing; then it follows: each goal as it holds, each hint as its time "
            "comes, and the score once every goal holds (exit 0). check grades the current "
            "state without changing it: every goal with what was seen, the score, and exit "
            "status 0 only when every goal holds (for CI).",
    .opts = lab_opts,
    .example = "rcsim lab run labs/link-cycle.json\nrcsim lab check labs/link-cycle.json",
};

/* Real time, for --timeout (the simulated clock may stand still). */
static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the file ---------------------------------------------------------- */

static int fail_file(const char *file, const char *where, const char *why)
{
    fprintf(stderr, "rcsim lab: %s: %s: %s\n", file, where, why);
    return EXIT_USAGE;
}

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

static int check_setup_step(const cJSON *s, char *why, size_t len)
{
    int64_t ms;
    if (tool_jget(s, "cli"))
        return cJSON_IsString(tool_jget(s, "cli")) && *tool_jstr(s, "array") ? 0 :
            (snprintf(why, len, "a cli step needs \"cli\" and \"array\""), -1);
    if (tool_jget(s, "write"))
        return cJSON_IsObject(tool_jget(s, "write")) && *tool_jstr(tool_jget(s, "write"), "array")
               && *tool_jstr(tool_jget(s, "write"), "volume") ? 0 :
            (snprintf(why, len, "a write step needs \"array\" and \"volume\""), -1);
    if (tool_jget(s, "advance"))
        return cJSON_IsString(tool_jget(s, "advance")) &&
               !rc_parse_duration_ms(tool_jstr(s, "advance"), 0, &ms) ? 0 :
            (snprintf(why, len, "\"advance\" is a duration"), -1);
    if (tool_jget(s, "link"))
        return *tool_jstr(s, "a") && *tool_jstr(s, "b") ? 0 :
            (snprintf(why, len, "a link step needs \"a\" and \"b\""), -1);
    if (tool_jget(s, "power"))
        return *tool_jstr(s, "array") ? 0 :
            (snprintf(why, len, "a power step needs \"array\""), -1);
    snprintf(why, len, "a setup step is one of cli, write, advance, link, power");
    return -1;
}

/* Reads and checks the whole file before anything is sent. */
static int lab_load(const char *file, struct lab *lab)
{
    char errbuf[512], where[64];
    char *text = tool_read_file(file, NULL, errbuf, sizeof(errbuf));
    if (!text) {
        fprintf(stderr, "rcsim lab: %s\n", errbuf);
        return EXIT_USAGE;
    }
    lab->doc = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(lab->doc))
        return fail_file(file, "the file", "not a JSON object");
    static const char *const top[] = { "name", "title", "briefing", "start", "setup", "faults",
                                       "goals", "hints", NULL };
    const cJSON *k, *x;
    cJSON_ArrayForEach(k, lab->doc) {
        bool ok = false;
        for (const char *const *t = top; *t && !ok; t++)
            ok = strcmp(*t, k->string) == 0;
        if (!ok)
            return fail_file(file, k->string, "unknown field");
    }
    lab->name = tool_jstr(lab->doc, "name");
    if (!name_ok(lab->name))
        return fail_file(file, "name", "1 to 64 of [A-Za-z0-9_.-]");
    int i = 0;
    cJSON_ArrayForEach(x, tool_jget(lab->doc, "setup")) {
        snprintf(where, sizeof(where), "setup[%d]", i++);
        if (check_setup_step(x, errbuf, sizeof(errbuf)))
            return fail_file(file, where, errbuf);
    }
    const cJSON *goals = tool_jget(lab->doc, "goals");
    lab->n_goals = cJSON_GetArraySize(goals);
    if (!cJSON_IsArray(goals) || !lab->n_goals)
        return fail_file(file, "goals", "a list of one goal or more");
    i = 0;
    cJSON_ArrayForEach(x, goals) {
        snprintf(where, sizeof(where), "goals[%d]", i++);
        const cJSON *pts = tool_jget(x, "points");
        if (!*tool_jstr(x, "text"))
            return fail_file(file, where, "a goal needs \"text\"");
        if (pts && (!cJSON_IsNumber(pts) || pts->valuedouble < 0))
            return fail_file(file, where, "\"points\" is a number >= 0");
        if (lab_check_valid(tool_jget(x, "check"), errbuf, sizeof(errbuf)))
            return fail_file(file, where, errbuf);
        lab->total += pts ? (int)pts->valuedouble : 1;
    }
    i = 0;
    cJSON_ArrayForEach(x, tool_jget(lab->doc, "hints")) {
        int64_t ms;
        snprintf(where, sizeof(where), "hints[%d]", i++);
        if (!*tool_jstr(x, "text") || !cJSON_IsString(tool_jget(x, "after")) ||
            rc_parse_duration_ms(tool_jstr(x, "after"), 0, &ms))
            return fail_file(file, where, "a hint is {\"after\": \"<duration>\", \"text\"}");
    }
    lab->held = xcalloc((size_t)lab->n_goals, sizeof(*lab->held));
    lab->why = xcalloc((size_t)lab->n_goals, sizeof(*lab->why));
    lab->started_ms = -1;
    return EXIT_OK;
}

static void lab_release(struct lab *lab)
{
    cJSON_Delete(lab->doc);
    free(lab->held);
    free(lab->why);
}

/* ---- talking to the server ---------------------------------------------- */

static int clock_now(struct cx *cx, int64_t *now)
{
    cJSON *c;
    int rc = tool_call(cx, "GET", "/clock", NULL, 30, &c);
    if (rc)
        return rc;
    *now = (int64_t)tool_jnum(c, "now_ms");
    cJSON_Delete(c);
    return 0;
}

static cJSON *progress_json(const struct lab *lab, int64_t now, bool with_hints)
{
    cJSON *p = json_object(), *goals = cJSON_AddArrayToObject(p, "goals"),
          *hints = cJSON_AddArrayToObject(p, "hints");
    const cJSON *g, *h;
    int i = 0;
    if (!goals || !hints)
        abort();
    cJSON_ArrayForEach(g, tool_jget(lab->doc, "goals")) {
        cJSON *o = json_object();
        json_put_str(o, "text", tool_jstr(g, "text"));
        cJSON_AddBoolToObject(o, "held", lab->held[i]);
        json_put_str(o, "why", lab->held[i] ? "" : lab->why[i]);
        cJSON_AddItemToArray(goals, o);
        i++;
    }
    cJSON_ArrayForEach(h, tool_jget(lab->doc, "hints")) {
        int64_t after;
        rc_parse_duration_ms(tool_jstr(h, "after"), 0, &after);
        if (with_hints && lab->started_ms >= 0 && now - lab->started_ms >= after)
            cJSON_AddItemToArray(hints, cJSON_CreateString(tool_jstr(h, "text")));
    }
    json_put_num(p, "started_ms", (double)lab->started_ms);
    json_put_num(p, "score", lab->score);
    json_put_num(p, "total", lab->total);
    cJSON_AddBoolToObject(p, "done", lab->score == lab->total);
    return p;
}

/* PUT /lab: the file and where the student is, for the lab view. */
static int publish(struct cx *cx, const struct lab *lab, cJSON *progress)
{
    cJSON *body = json_object();
    cJSON_AddItemToObject(body, "lab", cJSON_Duplicate(lab->doc, true));
    cJSON_AddItemToObject(body, "progress", progress);
    return tool_call(cx, "PUT", "/lab", body, 30, NULL);
}

/* Evaluates every goal; returns EXIT_OK or EXIT_REFUSED (unreachable). */
static int evaluate(struct cx *cx, struct lab *lab)
{
    const cJSON *g;
    int i = 0;
    lab->score = 0;
    cJSON_ArrayForEach(g, tool_jget(lab->doc, "goals")) {
        struct lab_result r;
        if (lab_check_eval(cx, tool_jget(g, "check"), &r))
            return EXIT_REFUSED;
        lab->held[i] = r.held;
        snprintf(lab->why[i], sizeof(lab->why[i]), "%s", r.why);
        const cJSON *pts = tool_jget(g, "points");
        if (r.held)
            lab->score += pts ? (int)pts->valuedouble : 1;
        i++;
    }
    return EXIT_OK;
}

static int setup_step(struct cx *cx, const cJSON *s)
{
    cJSON *body = json_object(), *j = NULL;
    char *path;
    int rc;
    if (tool_jget(s, "cli")) {
        char *e = ctl_client_escape(tool_jstr(s, "array"));
        path = xasprintf("/arrays/%s/cli", e);
        free(e);
        json_put_str(body, "command", tool_jstr(s, "cli"));
        json_put_str(body, "user", *tool_jstr(s, "user") ? tool_jstr(s, "user") : "3paradm");
    } else if (tool_jget(s, "write")) {
        const cJSON *w = tool_jget(s, "write"), *f;
        char *ea = ctl_client_escape(tool_jstr(w, "array"));
        char *ev = ctl_client_escape(tool_jstr(w, "volume"));
        path = xasprintf("/arrays/%s/volumes/%s/write", ea, ev);
        free(ea);
        free(ev);
        cJSON_ArrayForEach(f, w)
            if (strcmp(f->string, "array") && strcmp(f->string, "volume"))
                cJSON_AddItemToObject(body, f->string, cJSON_Duplicate(f, true));
    } else if (tool_jget(s, "advance")) {
        path = xstrdup("/clock/advance");
        json_put_str(body, "by", tool_jstr(s, "advance"));
    } else if (tool_jget(s, "link")) {
        char *ea = ctl_client_escape(tool_jstr(s, "a")), *eb = ctl_client_escape(tool_jstr(s, "b"));
        path = xasprintf("/links/%s/%s", ea, eb);
        free(ea);
        free(eb);
        cJSON_AddBoolToObject(body, "up", strcmp(tool_jstr(s, "link"), "down") != 0);
    } else {
        char *e = ctl_client_escape(tool_jstr(s, "array"));
        path = xasprintf("/arrays/%s/power", e);
        free(e);
        cJSON_AddBoolToObject(body, "on", strcmp(tool_jstr(s, "power"), "off") != 0);
    }
    rc = tool_call(cx, "POST", path, body, 120, &j);
    free(path);
    if (!rc && tool_jget(s, "cli") && tool_jnum(j, "status") != 0) {
        fprintf(stderr, "rcsim lab: setup: %s: %s%s", tool_jstr(s, "cli"), tool_jstr(j, "error"),
                tool_jstr(j, "output"));
        rc = EXIT_REFUSED;
    }
    cJSON_Delete(j);
    return rc;
}

/* The start: reset or checkpoint, setup, timed faults, the clock. */
static int lab_start(struct cx *cx, struct lab *lab)
{
    const char *cp = tool_jstr(tool_jget(lab->doc, "start"), "checkpoint");
    int rc;
    if (*cp) {
        char *e = ctl_client_escape(cp), *path = xasprintf("/checkpoints/%s/load", e);
        rc = tool_call(cx, "POST", path, NULL, 120, NULL);
        free(path);
        free(e);
    } else {
        rc = tool_call(cx, "POST", "/reset", NULL, 120, NULL);
    }
    const cJSON *s;
    cJSON_ArrayForEach(s, tool_jget(lab->doc, "setup"))
        if (!rc)
            rc = setup_step(cx, s);
    const cJSON *faults = tool_jget(lab->doc, "faults");
    if (!rc && cJSON_GetArraySize(faults)) {
        cJSON *body = json_object();
        char *name = xasprintf("lab-%s", lab->name);
        json_put_str(body, "name", name);
        free(name);
        cJSON_AddItemToObject(body, "steps", cJSON_Duplicate(faults, true));
        rc = tool_call(cx, "POST", "/timeline", body, 60, NULL);
    }
    return rc ? rc : clock_now(cx, &lab->started_ms);
}

/* ---- output ------------------------------------------------------------- */

static void print_goals(const struct lab *lab)
{
    const cJSON *g;
    int i = 0;
    cJSON_ArrayForEach(g, tool_jget(lab->doc, "goals")) {
        const cJSON *pts = tool_jget(g, "points");
        printf("  [%c] %s (%d point%s)%s%s\n", lab->held[i] ? 'x' : ' ', tool_jstr(g, "text"),
               pts ? (int)pts->valuedouble : 1, pts && pts->valuedouble == 1 ? "" : "s",
               lab->held[i] ? "" : ": ", lab->held[i] ? "" : lab->why[i]);
        i++;
    }
    printf("score: %d of %d\n", lab->score, lab->total);
}

/* ---- run ---------------------------------------------------------------- */

/* Follows the student until every goal holds, or the timeout. */
static int follow(struct cx *cx, struct lab *lab, int64_t timeout_ms)
{
    bool *was = xcalloc((size_t)lab->n_goals, sizeof(*was));
    int64_t deadline = timeout_ms > 0 ? wall_ms() + timeout_ms : 0, since = 0, epoch = -1;
    int rc = EXIT_OK, hints_seen = 0;
    for (;;) {
        int64_t now;
        if ((rc = evaluate(cx, lab)) || (rc = clock_now(cx, &now)))
            break;
        cJSON *p = progress_json(lab, now, true);
        int hints = cJSON_GetArraySize(tool_jget(p, "hints"));
        for (int i = hints_seen; i < hints; i++)
            printf("hint: %s\n", cJSON_GetArrayItem(tool_jget(p, "hints"), i)->valuestring);
        hints_seen = hints;
        const cJSON *g = tool_jget(lab->doc, "goals")->child;
        for (int i = 0; i < lab->n_goals; i++, g = g->next)
            if (lab->held[i] != was[i])
                printf("goal %s: %s\n", lab->held[i] ? "held" : "lost", tool_jstr(g, "text"));
        memcpy(was, lab->held, (size_t)lab->n_goals * sizeof(*was));
        fflush(stdout);
        if ((rc = publish(cx, lab, p)))
            break;
        if (lab->score == lab->total) {
            printf("every goal holds: score %d of %d\n", lab->score, lab->total);
            break;
        }
        if (deadline && wall_ms() >= deadline) {
            printf("time is up: score %d of %d\n", lab->score, lab->total);
            rc = EXIT_REFUSED;
            break;
        }
        /* wake on the next event, or after a while (the clock may run) */
        char *path = epoch < 0 ? xasprintf("/events?since=%lld&wait=%d&limit=1000",
                                           (long long)since, LAB_WAIT_S)
                               : xasprintf("/events?since=%lld&wait=%d&limit=1000&epoch=%lld",
                                           (long long)since, LAB_WAIT_S, (long long)epoch);
        cJSON *ev;
        rc = tool_call(cx, "GET", path, NULL, LAB_WAIT_S + 30, &ev);
        free(path);
        if (rc)
            break;
        since = (int64_t)tool_jnum(ev, "last_id");
        epoch = (int64_t)tool_jnum(ev, "epoch");
        cJSON_Delete(ev);
    }
    free(was);
    return rc;
}

static int lab_run(struct cx *cx, const char *file, bool start_only, int64_t timeout_ms)
{
    struct lab lab = { 0 };
    int rc = lab_load(file, &lab);
    if (!rc)
        rc = lab_start(cx, &lab);
    int64_t now = lab.started_ms;
    if (!rc)
        rc = evaluate(cx, &lab);
    if (!rc)
        rc = publish(cx, &lab, progress_json(&lab, now, true));
    if (!rc) {
        printf("lab %s: %s\n\n%s\n\ngoals:\n", lab.name, tool_jstr(lab.doc, "title"),
               tool_jstr(lab.doc, "briefing"));
        print_goals(&lab);
        fflush(stdout);
    }
    if (!rc && !start_only)
        rc = follow(cx, &lab, timeout_ms);
    lab_release(&lab);
    return rc;
}

/* ---- check -------------------------------------------------------------- */

/* The start time of the lab the server shows, when it is this one. */
static void published_start(struct cx *cx, struct lab *lab)
{
    cJSON *j;
    char why[256];
    if (lab_get(cx, "/lab", &j, why, sizeof(why)))
        return;
    if (strcmp(tool_jstr(tool_jget(j, "lab"), "name"), lab->name) == 0)
        lab->started_ms = (int64_t)tool_jnum(tool_jget(j, "progress"), "started_ms");
    cJSON_Delete(j);
}

static int lab_check(struct cx *cx, const char *file)
{
    struct lab lab = { 0 };
    int64_t now = 0;
    int rc = lab_load(file, &lab);
    if (!rc) {
        published_start(cx, &lab);
        rc = evaluate(cx, &lab);
    }
    if (!rc)
        rc = clock_now(cx, &now);
    if (!rc) {
        cJSON *p = progress_json(&lab, now, true);
        if (cx->json)
            tool_print_json(p);
        else
            print_goals(&lab);
        if (lab.started_ms >= 0)
            rc = publish(cx, &lab, p);      /* the page shows the grade too */
        else
            cJSON_Delete(p);
        if (!rc && lab.score != lab.total)
            rc = EXIT_REFUSED;
    }
    lab_release(&lab);
    return rc;
}

int cmd_lab(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "start-only", no_argument, NULL, 's' },
        { "timeout", required_argument, NULL, 't' },
        { NULL, 0, NULL, 0 },
    };
    bool start_only = false;
    int64_t timeout_ms = 0;
    int c;
    if (argc < 2)
        return tool_usage_error(cx, "missing run or check");
    const char *action = argv[1];
    optind = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "", longopts, NULL)) != -1) {
        if (c == 's')
            start_only = true;
        else if (c == 't' && tool_duration(cx, "--timeout", optarg, &timeout_ms))
            return EXIT_USAGE;
        else if (c == '?')
            return tool_usage_error(cx, "unknown option");
    }
    if (argc - 1 - optind != 1)
        return tool_usage_error(cx, "expected one lab file");
    const char *file = argv[1 + optind];
    if (strcmp(action, "run") == 0)
        return lab_run(cx, file, start_only, timeout_ms);
    if (strcmp(action, "check") == 0) {
        if (start_only || timeout_ms)
            return tool_usage_error(cx, "check takes no option");
        return lab_check(cx, file);
    }
    return tool_usage_error(cx, "unknown lab action '%s'", action);
}
