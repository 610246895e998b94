/* util/base64.c - base64 (RFC 4648 §4) for byte payloads in JSON bodies,
 * on GnuTLS's coder (already linked for TLS). What this file adds is the
 * contract of base64.h: padding optional, whitespace refused (GnuTLS wants
 * the padding and skips whitespace). */
#include "util/base64.h"
#include "util/xalloc.h"

#include <gnutls/gnutls.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int rc_base64_decode(const char *src, size_t len, unsigned char **out, size_t *out_len)
{
    static const char pad[] = "==";
    char *padded = NULL;
    *out = NULL;
    *out_len = 0;
    if (len % 4 == 1 || len > UINT32_MAX - 4 || memchr(src, ' ', len) || memchr(src, '\t', len) ||
        memchr(src, '\n', len) || memchr(src, '\r', len) || memchr(src, '\v', len) ||
        memchr(src, '\f', len))
        return -1;
    size_t missing = (4 - len % 4) % 4;
    if (missing) {
        padded = xmalloc(len + missing);
        memcpy(padded, src, len);
        memcpy(padded + len, pad, missing);
        src = padded;
    }
    gnutls_datum_t in = { (unsigned char *)src, (unsigned)(len + missing) }, res = { 0 };
    int rc = gnutls_base64_decode2(&in, &res);
    free(padded);
    if (rc < 0)
        return -1;
    /* GnuTLS allocates with malloc unless told otherwise (rcsim never
     * does): then the buffer is handed over as it is, a write's payload
     * runs to tens of MiB; else it is copied into one of ours */
    if ((void (*)(void *))gnutls_free == free && res.data) {
        *out = res.data;
    } else {
        *out = xmalloc(res.size ? res.size : 1);
        memcpy(*out, res.data, res.size);
        gnutls_free(res.data);
    }
    *out_len = res.size;
    return 0;
}

char *rc_base64_encode(const void *data, size_t len)
{
    gnutls_datum_t in = { (unsigned char *)data, (unsigned)len }, res = { 0 };
    if (len > UINT32_MAX / 2 || gnutls_base64_encode2(&in, &res) < 0)
        abort();    /* out of memory, as xmalloc */
    char *s = xmalloc(res.size + 1);
    memcpy(s, res.data, res.size);
    s[res.size] = '\0';
    gnutls_free(res.data);
    return s;
}
