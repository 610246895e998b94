/* api/ctl_client.h - the control API client used by the rcsim command.
 * Talks HTTP (libcurl) to a running simulator; knows the URL layout, not
 * what any route means. The base URL is --server, else RCSIM_URL, else
 * CTL_CLIENT_DEFAULT_URL. */
#ifndef RCSIM_API_CTL_CLIENT_H
#define RCSIM_API_CTL_CLIENT_H

#include <stddef.h>

#define CTL_CLIENT_DEFAULT_URL "http://127.0.0.1:8090"

struct ctl_client;

/* A server's answer. body is NUL-terminated (len excludes the NUL). */
struct ctl_reply {
    long status;                /* HTTP status */
    char *body;
    size_t len;
    char content_type[64];
};

#define CTL_REPLY_INIT { .status = 0, .body = NULL, .len = 0, .content_type = "" }

/* Returns a new client for base_url (NULL: RCSIM_URL or the default; a
 * trailing "/" or "/sim/v1" is accepted) sending token as a bearer token
 * (NULL or "": none). Free with ctl_client_free(). */
struct ctl_client *ctl_client_new(const char *base_url, const char *token);
void ctl_client_free(struct ctl_client *c);
/* The base URL in use (borrowed). */
const char *ctl_client_url(const struct ctl_client *c);

/* Sends method to CTL path (e.g. "/clock", below /sim/v1) with an optional
 * JSON body (NULL: none). timeout_s bounds the whole exchange (0: 60 s).
 * Returns 0 when the server answered, whatever the status (out filled;
 * release with ctl_reply_release()), or -1 when it could not be reached,
 * with the reason in errbuf. */
int ctl_client_call(struct ctl_client *c, const char *method, const char *path,
                    const char *json_body, long timeout_s, struct ctl_reply *out,
                    char *errbuf, size_t errlen);
void ctl_reply_release(struct ctl_reply *r);

/* Returns a new copy of s escaped for a URL path segment or a query value
 * (free()). */
char *ctl_client_escape(const char *s);

#endif
