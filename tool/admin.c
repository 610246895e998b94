/* tool/admin.c - rcsim reset, checkpoint, fixture and version. */
#include "tool/tool.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void human_checkpoints(const cJSON *j)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(j, "checkpoints"))
        if (cJSON_IsString(n))
            puts(n->valuestring);
    /* files a load would refuse, said so, never listed as if usable */
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(j, "invalid"))
        printf("%s (invalid: %s)\n", tool_jstr(n, "name"), tool_jstr(n, "reason"));
}

int cmd_checkpoint(int argc, char **argv, struct cx *cx)
{
    cJSON *j;
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        int rc = tool_call(cx, "GET", "/checkpoints", NULL, 0, &j);
        return rc ? rc : tool_show(cx, j, human_checkpoints);
    }
    if (argc != 3 || (strcmp(argv[1], "save") && strcmp(argv[1], "load")))
        return tool_usage_error(cx, "expected save <name>, load <name> or list");
    bool save = strcmp(argv[1], "save") == 0;
    char *name = ctl_client_escape(argv[2]);
    char *path = xasprintf("/checkpoints/%s%s", name, save ? "" : "/load");
    free(name);
    int rc = tool_call(cx, "POST", path, NULL, 3600, &j);
    free(path);
    if (rc)
        return rc;
    if (!cx->json) {
        printf("checkpoint '%s' %s\n", argv[2], save ? "saved" : "loaded");
        cJSON_Delete(j);
        return EXIT_OK;
    }
    return tool_show(cx, j, NULL);
}

int cmd_fixture(int argc, char **argv, struct cx *cx)
{
    (void)argv;
    if (argc > 1)
        return tool_usage_error(cx, "unexpected argument");
    fputs(rcsim_fixture_two_site, stdout);
    return EXIT_OK;
}

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

