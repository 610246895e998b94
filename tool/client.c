/* tool/client.c - the rcsim command talking to the control API: calls,
 * refusals, the JSON helpers and the --json / human output switch. */
#include "tool/tool.h"

#include "util/strbuf.h"
#include "util/strutil.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

int tool_usage_error(const struct cx *cx, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "rcsim %s: ", cx->cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    const char *u = cx->cmd->doc->usage;
    for (const char *lead = "usage: rcsim "; *u; lead = "       rcsim ") {
        size_t n = strcspn(u, "\n");
        fprintf(stderr, "%s%.*s\n", lead, (int)n, u);
        u += n;
        if (*u)
            u++;
    }
    fprintf(stderr, "(rcsim %s --help for more)\n", cx->cmd->name);
    return EXIT_USAGE;
}

char *tool_read_file(const char *path, size_t *len_out, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    if (!f) {
        snprintf(errbuf, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    strbuf_init(&sb);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    if (ferror(f)) {
        snprintf(errbuf, errlen, "cannot read '%s': %s", path, strerror(errno));
        fclose(f);
        strbuf_release(&sb);
        return NULL;
    }
    fclose(f);
    strbuf_addch(&sb, '\0');
    char *s = strbuf_detach(&sb, len_out);
    if (len_out)
        (*len_out)--;
    return s;
}

int tool_duration(const struct cx *cx, const char *what, const char *text, int64_t *ms)
{
    int64_t dflt;
    if (rc_parse_duration_ms(text, 0, ms) == 0)
        return 0;
    if (rc_parse_duration_ms(text, 1000, &dflt) == 0)
        return tool_usage_error(cx, "%s%s'%s' needs a unit: %ss, %sm or %sms (units ms, s, m, "
                                "h, d)", what ? what : "", what ? ": " : "", text, text, text,
                                text);
    return tool_usage_error(cx, "%s%s'%s' is not a duration: write e.g. 90s, 1m30s, 1.5s or "
                            "250ms", what ? what : "", what ? ": " : "", text);
}

void tool_print_json(const cJSON *j)
{
    char *text = cJSON_Print(j);
    if (text) {
        puts(text);
        cJSON_free(text);
    }
}

/* Prints a refusal from the server (JSON body or not). */
void tool_print_refusal(const struct cx *cx, const struct ctl_reply *r)
{
    cJSON *j = cJSON_ParseWithLength(r->body, r->len);
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(j, "message");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "error");
    if (cx->json && j)
        tool_print_json(j);
    if (cJSON_IsString(msg) && cJSON_IsString(code))
        fprintf(stderr, "rcsim %s: %s (%s)\n", cx->cmd->name, msg->valuestring,
                code->valuestring);
    else
        fprintf(stderr, "rcsim %s: the server answered HTTP %ld\n", cx->cmd->name, r->status);
    cJSON_Delete(j);
}

/* Sends method path with body (taken; NULL: none). On success returns 0
 * with *out the parsed JSON answer (NULL allowed: dropped). On a refusal or
 * an unreachable server prints why and returns EXIT_REFUSED. */
int tool_call(struct cx *cx, const char *method, const char *path, cJSON *body,
                long timeout_s, cJSON **out)
{
    struct ctl_reply r = CTL_REPLY_INIT;
    char errbuf[512];
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    int rc = ctl_client_call(cx->client, method, path, text, timeout_s, &r, errbuf,
                             sizeof(errbuf));
    cJSON_free(text);
    if (rc) {
        fprintf(stderr, "rcsim %s: %s\n", cx->cmd->name, errbuf);
        return EXIT_REFUSED;
    }
    if (r.status < 200 || r.status > 299) {
        tool_print_refusal(cx, &r);
        ctl_reply_release(&r);
        return EXIT_REFUSED;
    }
    cJSON *j = cJSON_ParseWithLength(r.body, r.len);
    ctl_reply_release(&r);
    if (!j) {
        fprintf(stderr, "rcsim %s: the server's answer is not JSON\n", cx->cmd->name);
        return EXIT_REFUSED;
    }
    if (out)
        *out = j;
    else
        cJSON_Delete(j);
    return EXIT_OK;
}

const char *tool_jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

double tool_jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Prints the answer as JSON (--json) or via the human printer. */
int tool_show(const struct cx *cx, cJSON *j, void (*human)(const cJSON *j))
{
    if (cx->json || !human)
        tool_print_json(j);
    else
        human(j);
    cJSON_Delete(j);
    return EXIT_OK;
}

