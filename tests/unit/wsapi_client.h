/* tests/unit/wsapi_client.h - the WSAPI tests' HTTP client: one request
 * with libcurl, the status, the parsed JSON body and the Location header. */
#ifndef RCSIM_TESTS_WSAPI_CLIENT_H
#define RCSIM_TESTS_WSAPI_CLIENT_H

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "util/strbuf.h"

struct resp { long status; cJSON *body; char location[256]; };

static inline size_t wsapi_client_on_body(char *p, size_t sz, size_t n, void *ud)
{
    strbuf_add(ud, p, sz * n);
    return sz * n;
}

static inline size_t wsapi_client_on_header(char *p, size_t sz, size_t n, void *ud)
{
    struct resp *r = ud;
    size_t len = sz * n;
    if (len > 9 && !strncasecmp(p, "Location:", 9)) {
        const char *v = p + 9;
        while (v < p + len && *v == ' ')
            v++;
        snprintf(r->location, sizeof(r->location), "%.*s", (int)(p + len - v), v);
        r->location[strcspn(r->location, "\r\n")] = '\0';
    }
    return len;
}

/* method path on http://host:port, with a JSON body and the session key
 * when given. The caller frees .body (done()). */
static inline struct resp wsapi_client_req(const char *host, int port, const char *method,
                                           const char *path, const char *body,
                                           const char *key)
{
    struct resp r = { 0 };
    struct strbuf sb = STRBUF_INIT;
    char url[512], hdr[200];
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    snprintf(url, sizeof(url), "http://%s:%d%s", host, port, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, wsapi_client_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sb);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, wsapi_client_on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    if (body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    if (key) {
        snprintf(hdr, sizeof(hdr), "X-Hp3Par-Wsapi-Sessionkey: %s", key);
        h = curl_slist_append(h, hdr);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK, "%s %s", method, path);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    if (sb.len)
        r.body = cJSON_ParseWithLength(sb.buf, sb.len);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    strbuf_release(&sb);
    return r;
}

static inline void done(struct resp *r)
{
    cJSON_Delete(r->body);
    r->body = NULL;
}

#endif
