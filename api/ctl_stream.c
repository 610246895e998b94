/* api/ctl_stream.c - the lab view's live feed and the published lab.
 * GET /stream is a server-sent event stream (text/event-stream) of what
 * the page draws: "state" (the overview of GET /status and the timed
 * faults to come) whenever anything changed, "events" (new entries of the
 * event log, from the start of a new log after a reset or a checkpoint
 * load, marked "replaced") and "lab" (what `rcsim lab run` published).
 * The stream belongs to the listener, not to the state: a reset replaces
 * what it reports, never the stream. GET/PUT/DELETE /lab keep the lab.
 * Spec: docs/control-api.md "Lab view", docs/lab-view.md. */
#include "api/ctl_internal.h"
#include "sim/clock.h"
#include "sim/event.h"
#include "sim/sim.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

#define STREAM_POLL_MS 20           /* how often a change without an event is seen */
#define STREAM_STATE_GAP_MS 50      /* at most 20 states a second under steady change */
#define STREAM_REAL_CLOCK_MS 1000   /* a running clock is shown once a second */
#define STREAM_KEEPALIVE_MS 15000   /* well within the listener's 30 s of silence */
#define STREAM_EVENTS_MAX 500       /* per message; the rest follows at once */
#define STREAM_BACKLOG 200          /* events sent on connecting */

struct stream {
    struct ctl_req rq;              /* sim and server; nothing else is read */
    uint64_t gen;                   /* sim_generation() of the last state sent */
    bool state_sent, lab_sent, clock_real;
    uint64_t lab_version;
    int64_t epoch, since;           /* the event log and the last event sent */
    int64_t state_wall, sent_wall;  /* when the last state, anything, was sent */
    struct strbuf out;              /* ready to send */
    size_t pos;                     /* of out, already sent */
};

static void add_message(struct stream *st, const char *event, cJSON *data)
{
    char *text = cJSON_PrintUnformatted(data);
    cJSON_Delete(data);
    if (!text)
        return;
    /* printed JSON holds no newline: one data line per message */
    strbuf_addf(&st->out, "event: %s\ndata: %s\n\n", event, text);
    cJSON_free(text);
}

/* The overview and the timed faults, when something changed (or the
 * clock runs), at most every STREAM_STATE_GAP_MS. */
static void fill_state(struct stream *st, int64_t now)
{
    uint64_t gen = sim_generation(st->rq.sim);
    bool due = !st->state_sent || gen != st->gen ||
               (st->clock_real && now - st->state_wall >= STREAM_REAL_CLOCK_MS);
    if (!due || (st->state_sent && now - st->state_wall < STREAM_STATE_GAP_MS))
        return;
    struct sim_err err = SIM_ERR_INIT;
    struct ctl_resp tl = { .status = 200 };
    cJSON *status;
    if (ctl_json_status(st->rq.sim, &status, &err))
        return;                         /* busy (a reset): the next round */
    if (ctl_route_timeline_list(&st->rq, &tl, &err)) {
        cJSON_Delete(status);
        return;
    }
    const cJSON *mode = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(status, "clock"), "mode");
    st->clock_real = cJSON_IsString(mode) && strcmp(mode->valuestring, "real") == 0;
    json_put(status, "timeline", tl.json);
    add_message(st, "state", status);
    st->gen = gen;
    st->state_sent = true;
    st->state_wall = now;
}

/* New events of the log; all of a new log when it was replaced. */
static void fill_events(struct stream *st)
{
    int64_t epoch = sim_event_epoch(st->rq.sim);
    bool replaced = epoch != st->epoch;
    if (replaced) {
        st->epoch = epoch;
        st->since = 0;
    }
    struct sim_event_view *ev = NULL;
    size_t n = 0;
    struct sim_err err = SIM_ERR_INIT;
    if (sim_event_list(st->rq.sim, NULL, st->since, STREAM_EVENTS_MAX, &ev, &n, &err) ||
        (!n && !replaced)) {
        free(ev);
        return;
    }
    cJSON *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_push(list, ctl_json_from_event(&ev[i]));
        st->since = ev[i].id;
    }
    free(ev);
    json_put(o, "events", list);
    json_put_num(o, "epoch", (double)epoch);
    json_put_bool(o, "replaced", replaced);
    add_message(st, "events", o);
}

static void fill_lab(struct stream *st)
{
    uint64_t version;
    char *text = ctl_server_lab_get(st->rq.cs, &version);
    if (!st->lab_sent || version != st->lab_version) {
        cJSON *lab = text ? cJSON_Parse(text) : NULL;
        add_message(st, "lab", lab ? lab : cJSON_CreateNull());
        st->lab_sent = true;
        st->lab_version = version;
    }
    free(text);
}

static long stream_read(void *ctx, char *buf, size_t max)
{
    struct stream *st = ctx;
    for (;;) {
        if (st->pos < st->out.len) {
            size_t n = st->out.len - st->pos < max ? st->out.len - st->pos : max;
            memcpy(buf, st->out.buf + st->pos, n);
            st->pos += n;
            if (st->pos == st->out.len) {
                strbuf_reset(&st->out);
                st->pos = 0;
            }
            st->sent_wall = sim_wall_ms();
            return (long)n;
        }
        if (ctl_server_stopping(st->rq.cs))
            return -1;
        int64_t now = sim_wall_ms();
        fill_events(st);
        fill_state(st, now);
        fill_lab(st);
        if (st->out.len)
            continue;
        if (now - st->sent_wall >= STREAM_KEEPALIVE_MS) {
            strbuf_adds(&st->out, ": keepalive\n\n");
            continue;
        }
        sim_event_wait(st->rq.sim, st->since, STREAM_POLL_MS);
    }
}

static void stream_done(void *ctx)
{
    struct stream *st = ctx;
    strbuf_release(&st->out);
    free(st);
}

int ctl_route_stream(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    (void)err;
    struct stream *st = xcalloc(1, sizeof(*st));
    st->rq.sim = rq->sim;
    st->rq.cs = rq->cs;
    st->epoch = sim_event_epoch(rq->sim);
    /* the recent past, so that the timeline is not empty on connecting */
    int64_t last = sim_event_last_id(rq->sim);
    st->since = last > STREAM_BACKLOG ? last - STREAM_BACKLOG : 0;
    strbuf_init(&st->out);
    strbuf_adds(&st->out, "retry: 1000\n\n");
    resp->stream_read = stream_read;
    resp->stream_done = stream_done;
    resp->stream_ctx = st;
    resp->content_type = "text/event-stream";
    return 0;
}

/* ---- the published lab ------------------------------------------------- */

const char *const ctl_lab_keys[] = { "lab", "progress", NULL };

int ctl_route_lab_get(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    (void)err;
    char *text = ctl_server_lab_get(rq->cs, NULL);
    cJSON *o = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!o) {
        o = json_object();
        json_put(o, "lab", cJSON_CreateNull());
    }
    resp->json = o;
    return 0;
}

/* PUT /lab {"lab": {...}, "progress": {...}}: kept as sent, for the page. */
int ctl_route_lab_put(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    const cJSON *lab = rq->body ? cJSON_GetObjectItemCaseSensitive(rq->body, "lab") : NULL;
    const cJSON *progress = rq->body ? cJSON_GetObjectItemCaseSensitive(rq->body, "progress")
                                     : NULL;
    if (!cJSON_IsObject(lab))
        return sim_fail(err, SIM_EINVAL, "lab", "field 'lab' must be an object");
    if (progress && !cJSON_IsObject(progress))
        return sim_fail(err, SIM_EINVAL, "progress", "field 'progress' must be an object");
    char *text = cJSON_PrintUnformatted(rq->body);
    if (!text)
        return sim_fail(err, SIM_EINTERNAL, "lab", "cannot keep the lab");
    ctl_server_lab_set(rq->cs, text);
    cJSON_free(text);
    cJSON *o = json_object();
    json_put_bool(o, "ok", true);
    resp->json = o;
    return 0;
}

int ctl_route_lab_delete(struct ctl_req *rq, struct ctl_resp *resp, struct sim_err *err)
{
    (void)err;
    ctl_server_lab_set(rq->cs, NULL);
    cJSON *o = json_object();
    json_put_bool(o, "ok", true);
    resp->json = o;
    return 0;
}
