/* api/ctl_client.c - the control API client (libcurl); the only file that
 * includes curl/curl.h. Owns: URL resolution, bearer token, timeouts and
 * turning transport failures into one clear message. Not: what the routes
 * mean (rcsim.c). Spec: docs/control-api.md. */
#include "api/ctl_client.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <curl/curl.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctl_client {
    CURL *curl;
    char *base;                 /* without a trailing "/" or "/sim/v1" */
    char *auth_header;          /* "Authorization: Bearer ..." or NULL */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct ctl_client *ctl_client_new(const char *base_url, const char *token)
{
    pthread_once(&curl_once, curl_init_once);
    if (!base_url || !*base_url)
        base_url = getenv("RCSIM_URL");
    if (!base_url || !*base_url)
        base_url = CTL_CLIENT_DEFAULT_URL;
    struct ctl_client *c = xcalloc(1, sizeof(*c));
    c->base = xstrdup(base_url);
    size_t n = strlen(c->base);
    while (n && c->base[n - 1] == '/')
        c->base[--n] = '\0';
    if (n >= 7 && strcmp(c->base + n - 7, "/sim/v1") == 0)
        c->base[n - 7] = '\0';
    if (token && *token)
        c->auth_header = xasprintf("Authorization: Bearer %s", token);
    c->curl = curl_easy_init();
    if (!c->curl) {
        fputs("rcsim: cannot initialise libcurl\n", stderr);
        abort();
    }
    return c;
}

void ctl_client_free(struct ctl_client *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    free(c->base);
    free(c->auth_header);
    free(c);
}

const char *ctl_client_url(const struct ctl_client *c)
{
    return c->base;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    strbuf_add(userdata, ptr, size * nmemb);
    return size * nmemb;
}

int ctl_client_call(struct ctl_client *c, const char *method, const char *path,
                    const char *json_body, long timeout_s, struct ctl_reply *out,
                    char *errbuf, size_t errlen)
{
    struct strbuf body = STRBUF_INIT;
    struct curl_slist *headers = NULL;
    char curl_err[CURL_ERROR_SIZE] = "";
    char *url = xasprintf("%s/sim/v1%s", c->base, path);
    CURL *h = c->curl;
    int ret = -1;

    curl_easy_reset(h);
    strbuf_init(&body);
    headers = curl_slist_append(headers, "Accept: application/json");
    if (json_body)
        headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    if (c->auth_header)
        headers = curl_slist_append(headers, c->auth_header);
    if (!headers) {
        snprintf(errbuf, errlen, "out of memory");
        goto out;
    }
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &body) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s > 0 ? timeout_s : 60L) != CURLE_OK) {
        snprintf(errbuf, errlen, "cannot set up the request to %s", url);
        goto out;
    }
    if (json_body &&
        (curl_easy_setopt(h, CURLOPT_POSTFIELDS, json_body) != CURLE_OK ||
         curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                          (curl_off_t)strlen(json_body)) != CURLE_OK)) {
        snprintf(errbuf, errlen, "cannot set up the request body");
        goto out;
    }
    if (!json_body && strcmp(method, "GET") == 0 &&
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L) != CURLE_OK) {
        snprintf(errbuf, errlen, "cannot set up the request to %s", url);
        goto out;
    }
    if (!json_body && strcmp(method, "POST") == 0 &&
        (curl_easy_setopt(h, CURLOPT_POSTFIELDS, "") != CURLE_OK ||
         curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L) != CURLE_OK)) {
        snprintf(errbuf, errlen, "cannot set up the request to %s", url);
        goto out;
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        snprintf(errbuf, errlen, "cannot reach the simulator at %s: %s%s", c->base,
                 curl_err[0] ? curl_err : curl_easy_strerror(rc),
                 rc == CURLE_COULDNT_CONNECT ? " (is 'rcsim serve' running? "
                                               "set --server or RCSIM_URL)" : "");
        goto out;
    }
    const char *ctype = NULL;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype);
    rc_strlcpy(out->content_type, ctype ? ctype : "", sizeof(out->content_type));
    strbuf_addch(&body, '\0');
    out->body = strbuf_detach(&body, &out->len);
    out->len--;
    ret = 0;
out:
    curl_slist_free_all(headers);
    strbuf_release(&body);
    free(url);
    return ret;
}

void ctl_reply_release(struct ctl_reply *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

char *ctl_client_escape(const char *s)
{
    pthread_once(&curl_once, curl_init_once);
    char *e = curl_easy_escape(NULL, s, 0);
    if (!e) {
        fputs("rcsim: out of memory\n", stderr);
        abort();
    }
    char *copy = xstrdup(e);
    curl_free(e);
    return copy;
}
