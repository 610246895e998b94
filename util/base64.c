/* util/base64.c - base64 (RFC 4648 §4) for byte payloads in JSON bodies. */
#include "util/base64.h"
#include "util/xalloc.h"

#include <stdlib.h>

#include <stdint.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int value_of(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int rc_base64_decode(const char *src, size_t len, unsigned char **out, size_t *out_len)
{
    size_t pad = 0;
    while (len && src[len - 1] == '=' && pad < 2) {
        len--;
        pad++;
    }
    if (len % 4 == 1 || (pad && (len + pad) % 4 != 0))
        return -1;
    unsigned char *buf = xmalloc(len / 4 * 3 + 3);
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = value_of((unsigned char)src[i]);
        if (v < 0) {
            free(buf);
            return -1;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[n++] = (unsigned char)(acc >> bits);
        }
    }
    *out = buf;
    *out_len = n;
    return 0;
}

char *rc_base64_encode(const void *data, size_t len)
{
    const unsigned char *p = data;
    char *s = xmalloc((len + 2) / 3 * 4 + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        s[n++] = alphabet[(v >> 18) & 63];
        s[n++] = alphabet[(v >> 12) & 63];
        s[n++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        s[n++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    s[n] = '\0';
    return s;
}
