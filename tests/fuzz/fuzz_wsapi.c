/* tests/fuzz/fuzz_wsapi.c - libFuzzer target: WSAPI request paths, query
 * strings and bodies, through the router and every handler, as a logged-in
 * super user of site-a. Input: one method byte, the path (with an optional
 * "?query") up to the first newline, then the body. The engine and the
 * listeners are made once and kept. */
#include "api/wsapi.h"
#include "api/wsapi_internal.h"
#include "sim/sim.h"
#include "tests/fuzz/fuzz_engine.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct sim *engine;
static struct wsapi *ws;
static char key[128];

static int start_wsapi(struct sim *s)
{
    char msg[256];
    return wsapi_start(s, &ws, msg, sizeof(msg));
}

static void setup(void)
{
    engine = fuzz_engine_start(NULL, start_wsapi, NULL);
    wsapi_session_create(wsapi_sessions_of(ws), "site-a", "3paradm", SIM_ROLE_SUPER, key,
                         sizeof(key));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum wsapi_method methods[] = { WM_GET, WM_POST, WM_PUT, WM_DELETE, WM_OTHER };
    if (!engine)
        setup();
    if (size < 2 || size > 256 * 1024)
        return 0;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t plen = nl ? (size_t)(nl - p) : (size_t)(end - p);
    char *path = strndup(p, plen);
    if (!path || strlen(path) != plen) {
        free(path);
        return 0;   /* a NUL in the path cannot come from HTTP */
    }
    struct wsapi_req rq = { .w = ws, .s = engine, .array = "site-a",
                            .method = methods[data[0] % 5], .session_key = key };
    char *q = strchr(path, '?'), *store = NULL;
    if (q) {
        *q++ = '\0';
        if (wsapi_query_parse(q, rq.query, WSAPI_MAX_QUERY, &rq.nquery, &store))
            rq.nquery = 0;
    }
    rq.path = path;
    const char *body = nl ? nl + 1 : end;
    wsapi_dispatch(&rq, body, (size_t)(end - body), false);
    if (rq.reply) {
        char *text = cJSON_PrintUnformatted(rq.reply);
        free(text);
    }
    wsapi_req_release(&rq);
    free(store);
    return 0;
}
