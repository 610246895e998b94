/* api/wsapi_task.c - /tasks. Spec: docs/array-interfaces.md §2.8, §6
 * facts 20, 21: GET /tasks/<id> equals its list element; -1 -> 400/115,
 * a non-integer id -> 400/39, unknown -> 404/145; PUT {"action":1}
 * cancels an active task. */
#include "api/wsapi_internal.h"
#include "sim/task.h"
#include "util/strutil.h"

#include <stdlib.h>
#include <time.h>

#define NO_FIELD { NULL, 0, 0, 0, 0, 0, NULL }

/* "2014-02-06 13:07:03 UTC", the array's task time format (§2.8) */
static void task_time(int64_t ms, char *buf, size_t size)
{
    if (!ms) {
        rc_strlcpy(buf, "-", size);
        return;
    }
    rc_format_time(ms, buf, size);
}

static cJSON *task_json(const struct sim_task_view *t)
{
    cJSON *o = json_object();
    char when[40];
    json_put_num(o, "id", (double)t->id);
    json_put_num(o, "type", t->type);
    json_put_str(o, "name", t->name);
    json_put_num(o, "status", t->status);
    task_time(t->started_ms, when, sizeof(when));
    json_put_str(o, "startTime", when);
    task_time(t->finished_ms, when, sizeof(when));
    json_put_str(o, "finishTime", when);
    /* §2.8: absent or 1..3 */
    if (t->priority >= 1 && t->priority <= 3)
        json_put_num(o, "priority", t->priority);
    json_put_str(o, "user", t->user);
    /* one phase; a copy counts its steps in MiB of written data */
    json_put_num(o, "completedPhases", t->status == SIM_TASK_ACTIVE ? 0 : 1);
    json_put_num(o, "totalPhases", 1);
    if (t->steps_total || t->type == SIM_TASK_VV_COPY || t->type == SIM_TASK_ONLINE_COPY ||
        t->type == SIM_TASK_PHYS_COPY_RESYNC) {
        json_put_num(o, "completedSteps", (double)t->steps_done);
        json_put_num(o, "totalSteps", (double)t->steps_total);
    }
    return o;
}

int wsapi_task_ensure_system(struct sim *s, const char *array, struct sim_err *err)
{
    struct sim_task_view *ts = NULL;
    size_t n = 0;
    if (sim_task_list(s, array, &ts, &n, err))
        return -1;
    free(ts);
    if (n)
        return 0;
    /* the array's own start-up check, as a real array lists it */
    return sim_task_create(s, array, SIM_TASK_SYSTEM, "check_system", SIM_TASK_DONE, "system",
                           NULL, err);
}

int wsapi_tasks_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_task_view *ts = NULL;
    size_t n = 0;
    /* after a reset the array has no tasks until its next boot; it has
     * still run its system check (fact 20: total > 0 always) */
    if (wsapi_task_ensure_system(rq->s, rq->array, &err) ||
        sim_task_list(rq->s, rq->array, &ts, &n, &err))
        return wsapi_reply_error(rq, &err);
    cJSON *m = json_array();
    for (size_t i = 0; i < n; i++)
        json_push(m, task_json(&ts[i]));
    free(ts);
    return wsapi_reply(rq, 200, wsapi_collection(m));
}

static int task_id(struct wsapi_req *rq, int64_t *id)
{
    if (rc_parse_i64(rq->segs[1], id))
        return wsapi_reply_code(rq, WC_BAD_TASK_ID, rq->segs[1]);
    if (*id < 1)
        return wsapi_reply_code(rq, WC_BELOW_RANGE, rq->segs[1]);
    return 0;
}

int wsapi_task_get(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_task_view t;
    int64_t id;
    if (task_id(rq, &id))
        return -1;
    if (sim_task_get(rq->s, rq->array, id, &t, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, task_json(&t));
}

static const struct wsapi_field task_put_fields[] = {
    { "action", WF_INT, WF_REQUIRED, 1, 1, WC_BAD_ENUM, NULL },
    NO_FIELD,
};

int wsapi_task_put(struct wsapi_req *rq)
{
    struct sim_err err = SIM_ERR_INIT;
    int64_t id;
    if (task_id(rq, &id) || wsapi_body_check(rq, rq->body, task_put_fields))
        return -1;
    if (sim_task_cancel(rq->s, rq->array, id, &err))
        return wsapi_reply_error(rq, &err);
    return wsapi_reply(rq, 200, NULL);
}
