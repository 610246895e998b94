/* api/nbd_io.c - whole reads and writes on an NBD connection, and the
 * protocol's big-endian fields. Owns: nothing but bytes. */
#include "api/nbd_internal.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

int nbd_read_full(int fd, void *buf, size_t len)
{
    unsigned char *p = buf;
    while (len) {
        ssize_t n = recv(fd, p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int nbd_write_full(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads and drops len bytes (a payload refused before it was read). */
int nbd_discard(int fd, uint64_t len)
{
    unsigned char sink[4096];
    while (len) {
        size_t n = len < sizeof(sink) ? (size_t)len : sizeof(sink);
        if (nbd_read_full(fd, sink, n))
            return -1;
        len -= n;
    }
    return 0;
}

uint16_t nbd_get16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t nbd_get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t nbd_get64(const unsigned char *p)
{
    return (uint64_t)nbd_get32(p) << 32 | nbd_get32(p + 4);
}

void nbd_put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

void nbd_put32(unsigned char *p, uint32_t v)
{
    nbd_put16(p, (uint16_t)(v >> 16));
    nbd_put16(p + 2, (uint16_t)v);
}

void nbd_put64(unsigned char *p, uint64_t v)
{
    nbd_put32(p, (uint32_t)(v >> 32));
    nbd_put32(p + 4, (uint32_t)v);
}
