/* api/ctl_web.c - the lab view's static files on the control listener:
 * "/" and "/lab/" answer index.html, "/lab/<file>" the file. The files
 * (web/lab/) are embedded by the build as C arrays (build/gen/labweb.c);
 * nothing is read from disk at run time. They carry no state, so they are
 * served without the token: the page asks for it and sends it with each
 * call of the API. Spec: docs/lab-view.md. */
#include "api/ctl_internal.h"

#include <microhttpd.h>

#include <string.h>

/* build/gen/labweb.c: { path below /lab/, bytes, length }, NULL-ended. */
struct rcsim_web_file { const char *path; const unsigned char *data; unsigned len; };
extern const struct rcsim_web_file rcsim_web_files[];

static const struct {
    const char *ext;
    const char *type;
} web_types[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
};

bool ctl_web_path(const char *url)
{
    return strcmp(url, "/") == 0 || strcmp(url, "/lab") == 0 || strncmp(url, "/lab/", 5) == 0;
}

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof(web_types) / sizeof(web_types[0]); i++)
        if (strcmp(dot, web_types[i].ext) == 0)
            return web_types[i].type;
    return "application/octet-stream";
}

static const struct rcsim_web_file *find_file(const char *url)
{
    const char *name = "index.html";
    if (strncmp(url, "/lab/", 5) == 0 && url[5])
        name = url + 5;
    for (const struct rcsim_web_file *f = rcsim_web_files; f->path; f++)
        if (strcmp(f->path, name) == 0)
            return f;
    return NULL;
}

static int send_text(struct MHD_Connection *conn, unsigned status, const char *type,
                     const void *data, size_t len, const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data,
                                                             MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    /* the page runs only its own files: no inline script, no other origin */
    int ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES &&
             MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") == MHD_YES &&
             MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES &&
             MHD_add_response_header(r, "Content-Security-Policy",
                                     "default-src 'self'; img-src 'self' data:; "
                                     "frame-ancestors 'none'") == MHD_YES &&
             (!allow || MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow) == MHD_YES);
    enum MHD_Result ret = ok ? MHD_queue_response(conn, status, r) : MHD_NO;
    MHD_destroy_response(r);
    return ret;
}

int ctl_web_send(void *conn, const char *url, const char *method)
{
    static const char not_found[] = "not found\n", not_allowed[] = "method not allowed\n";
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_text(conn, 405, "text/plain; charset=utf-8", not_allowed,
                         sizeof(not_allowed) - 1, "GET, HEAD");
    const struct rcsim_web_file *f = find_file(url);
    if (!f)
        return send_text(conn, 404, "text/plain; charset=utf-8", not_found,
                         sizeof(not_found) - 1, NULL);
    return send_text(conn, 200, content_type(f->path), f->data, f->len, NULL);
}
