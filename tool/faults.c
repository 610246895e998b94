/* tool/faults.c - rcsim link, array and fault: the faults a scenario injects. */
#include "tool/tool.h"

#include "util/strutil.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void human_links(const cJSON *j)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, tool_jget(j, "links")) {
        printf("%s ", tool_jstr(j, "a"));
        tool_print_link("", l);
    }
}

/* rcsim link down|up|set <a> <b> [--port N:S:P] [--latency MS]
 * [--bandwidth MBPS] [--loss P] */
int cmd_link(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "latency", required_argument, NULL, 'l' },
        { "bandwidth", required_argument, NULL, 'b' },
        { "loss", required_argument, NULL, 'o' },
        { NULL, 0, NULL, 0 },
    };
    static const struct { const char *opt, *key; } values[] = {
        { "latency", "latency_ms" }, { "bandwidth", "bandwidth_mbs" },
        { "loss", "loss_pct" },
    };
    if (argc < 2)
        return tool_usage_error(cx, "missing down, up or set");
    const char *action = argv[1];
    bool set = strcmp(action, "set") == 0;
    if (!set && strcmp(action, "down") && strcmp(action, "up"))
        return tool_usage_error(cx, "unknown link action '%s'", action);
    cJSON *body = tool_new_object();
    int c, n_values = 0;
    optind = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "", longopts, NULL)) != -1) {
        int64_t v;
        switch (c) {
        case 'p':
            tool_put_str(body, "port", optarg);
            break;
        case 'l': case 'b': case 'o': {
            size_t i = c == 'l' ? 0 : c == 'b' ? 1 : 2;
            if (!set) {
                cJSON_Delete(body);
                return tool_usage_error(cx, "--%s goes with 'link set'", values[i].opt);
            }
            if (rc_parse_i64(optarg, &v) || v < 0 || v > INT32_MAX) {
                cJSON_Delete(body);
                return tool_usage_error(cx, "--%s must be a non-negative integer, not '%s'",
                                   values[i].opt, optarg);
            }
            tool_put_num(body, values[i].key, (double)v);
            n_values++;
            break;
        }
        default:
            cJSON_Delete(body);
            return tool_usage_error(cx, "unknown option");
        }
    }
    if (argc - 1 - optind != 2) {
        cJSON_Delete(body);
        return tool_usage_error(cx, "expected <array> <array>");
    }
    if (set && !n_values) {
        cJSON_Delete(body);
        return tool_usage_error(cx, "give --latency, --bandwidth or --loss");
    }
    if (!set && !cJSON_AddBoolToObject(body, "up", strcmp(action, "up") == 0))
        abort();
    const char *a = argv[1 + optind], *b = argv[2 + optind];
    char *ea = ctl_client_escape(a), *eb = ctl_client_escape(b);
    char *path = xasprintf("/links/%s/%s", ea, eb);
    free(ea);
    free(eb);
    cJSON *j;
    int rc = tool_call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : tool_show(cx, j, human_links);
}

static void human_power(const cJSON *j)
{
    printf("%s %s\n", tool_jstr(j, "array"),
           tool_jtrue(j, "rebooted") ? "rebooted" : strcmp(tool_jstr(j, "power"), "on") == 0
                                                 ? "powered on" : "powered off");
}

/* rcsim array down|up|reboot <array> */
int cmd_array(int argc, char **argv, struct cx *cx)
{
    if (argc != 3)
        return tool_usage_error(cx, "expected down, up or reboot and an array");
    const char *action = argv[1];
    char *ea = ctl_client_escape(argv[2]), *path;
    cJSON *body = NULL, *j;
    if (strcmp(action, "reboot") == 0) {
        path = xasprintf("/arrays/%s/reboot", ea);
    } else if (strcmp(action, "down") == 0 || strcmp(action, "up") == 0) {
        path = xasprintf("/arrays/%s/power", ea);
        body = tool_new_object();
        if (!cJSON_AddBoolToObject(body, "on", strcmp(action, "up") == 0))
            abort();
    } else {
        free(ea);
        return tool_usage_error(cx, "unknown array action '%s'", action);
    }
    free(ea);
    int rc = tool_call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : tool_show(cx, j, human_power);
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

/* rcsim fault <array> <vv> [--write-errors N] [--read-errors N] */
int cmd_fault(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "write-errors", required_argument, NULL, 'w' },
        { "read-errors", required_argument, NULL, 'r' },
        { NULL, 0, NULL, 0 },
    };
    cJSON *body = tool_new_object(), *j;
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
        tool_put_num(body, c == 'w' ? "write_errors" : "read_errors", (double)v);
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

