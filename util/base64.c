/* util/base64.c - base64 (RFC 4648 §4) for byte payloads in JSON bodies. */
#include "util/base64.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Value of each byte in the alphabet, 0xFF for bytes outside it. */
static unsigned char values[256];
static pthread_once_t values_once = PTHREAD_ONCE_INIT;

static void values_init(void)
{
    memset(values, 0xFF, sizeof(values));
    for (int i = 0; i < 64; i++)
        values[(unsigned char)alphabet[i]] = (unsigned char)i;
}

/* Four characters at a time through a table: payloads of host writes run
 * to tens of MiB. */
int rc_base64_decode(const char *src, size_t len, unsigned char **out, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)src;
    size_t pad = 0;
    pthread_once(&values_once, values_init);
    while (len && p[len - 1] == '=' && pad < 2) {
        len--;
        pad++;
    }
    if (len % 4 == 1 || (pad && (len + pad) % 4 != 0))
        return -1;
    unsigned char *buf = xmalloc(len / 4 * 3 + 3);
    size_t n = 0, i = 0;
    for (; i + 4 <= len; i += 4) {
        uint32_t a = values[p[i]], b = values[p[i + 1]], c = values[p[i + 2]],
                 d = values[p[i + 3]];
        if ((a | b | c | d) & 0x80) {
            free(buf);
            return -1;
        }
        uint32_t v = a << 18 | b << 12 | c << 6 | d;
        buf[n++] = (unsigned char)(v >> 16);
        buf[n++] = (unsigned char)(v >> 8);
        buf[n++] = (unsigned char)v;
    }
    /* the last 2 or 3 characters */
    uint32_t acc = 0;
    int bits = 0;
    for (; i < len; i++) {
        unsigned char v = values[p[i]];
        if (v & 0x80) {
            free(buf);
            return -1;
        }
        acc = (acc << 6) | v;
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
