/* api/nbd_cmd.c - NBD transmission: requests onto the engine, replies.
 * Owns: request checks (bounds, sizes, flags), simple and structured
 * replies, block status from the volume's allocated blocks. Every write,
 * trim and zeroing is sim_io_write*() (sim/io.h), the function `rcsim io
 * write` calls, so remote copy sees host writes as it sees any other.
 * Not: which export (nbd_handshake.c), errno choice (nbd_errors.c).
 * Spec: docs/behaviour.md "Host data path (NBD)". */
#include "api/nbd_internal.h"
#include "sim/io.h"
#include "sim/vv.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

struct req {
    uint16_t flags, type;
    unsigned char handle[8];
    uint64_t off;
    uint32_t len;
};

static int send_iov(int fd, struct iovec *iov, int n)
{
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = (size_t)n };
    while (n) {
        ssize_t w = sendmsg(fd, &m, MSG_NOSIGNAL);
        if (w <= 0)
            return -1;
        while (n && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
        m.msg_iov = iov;
        m.msg_iovlen = (size_t)n;
    }
    return 0;
}

/* A simple reply, with data (len bytes) for a successful read. */
static int reply_simple(struct nbd_conn *c, const struct req *r, uint32_t e, const void *data,
                        size_t len)
{
    unsigned char h[16];
    nbd_put32(h, NBD_REPLY_MAGIC);
    nbd_put32(h + 4, e);
    memcpy(h + 8, r->handle, 8);
    struct iovec iov[2] = { { h, sizeof(h) }, { (void *)data, e ? 0 : len } };
    return send_iov(c->fd, iov, 2);
}

static int reply_chunk(struct nbd_conn *c, const struct req *r, uint16_t type,
                       const void *pre, size_t plen, const void *data, size_t len)
{
    unsigned char h[20];
    nbd_put32(h, NBD_MAGIC_STRUCTURED);
    nbd_put16(h + 4, NBD_REPLY_FLAG_DONE);
    nbd_put16(h + 6, type);
    memcpy(h + 8, r->handle, 8);
    nbd_put32(h + 16, (uint32_t)(plen + len));
    struct iovec iov[3] = { { h, sizeof(h) }, { (void *)pre, plen }, { (void *)data, len } };
    return send_iov(c->fd, iov, 3);
}

/* The reply to a request that failed or carries no data. */
static int reply(struct nbd_conn *c, const struct req *r, uint32_t e)
{
    if (!c->structured)
        return reply_simple(c, r, e, NULL, 0);
    if (!e)
        return reply_chunk(c, r, NBD_REPLY_TYPE_NONE, NULL, 0, NULL, 0);
    unsigned char p[6];
    nbd_put32(p, e);
    nbd_put16(p + 4, 0);        /* no message: the errno says it */
    return reply_chunk(c, r, NBD_REPLY_TYPE_ERROR, p, sizeof(p), NULL, 0);
}

static int reply_err(struct nbd_conn *c, const struct req *r, const struct sim_err *err)
{
    rclog(RCLOG_DEBUG, "array '%s': nbd %s/%lld: %s", c->array, c->x.host, (long long)c->x.lun,
          err->detail);
    return reply(c, r, nbd_errno_of(err));
}

/* Makes c->buf hold len bytes: a connection costs what its requests need,
 * not NBD_REQ_MAX each. */
static void buf_reserve(struct nbd_conn *c, size_t len)
{
    len = len ? len : 1;        /* never a null buffer, even for 0 bytes */
    if (len <= c->buf_size)
        return;
    free(c->buf);
    c->buf = xmalloc(len);
    c->buf_size = len;
}

static int cmd_read(struct nbd_conn *c, const struct req *r)
{
    struct sim_err err = SIM_ERR_INIT;
    buf_reserve(c, r->len);
    if (sim_io_read(c->s, c->array, c->x.volume, r->off, r->len, c->buf, &err))
        return reply_err(c, r, &err);
    if (!c->structured)
        return reply_simple(c, r, 0, c->buf, r->len);
    unsigned char off[8];
    nbd_put64(off, r->off);
    return reply_chunk(c, r, NBD_REPLY_TYPE_OFFSET_DATA, off, sizeof(off), c->buf, r->len);
}

static int cmd_write(struct nbd_conn *c, const struct req *r, const struct sim_err *refused)
{
    struct sim_err err = SIM_ERR_INIT;
    buf_reserve(c, r->len);
    if (nbd_read_full(c->fd, c->buf, r->len))
        return -1;
    if (refused)
        return reply_err(c, r, refused);
    if (sim_io_write(c->s, c->array, c->x.volume, r->off, r->len, c->buf, &err))
        return reply_err(c, r, &err);
    return reply(c, r, 0);
}

/* TRIM and WRITE_ZEROES both leave zeros: a thin volume reads zeros where
 * it was unmapped. */
static int cmd_zero(struct nbd_conn *c, const struct req *r)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_io_write_zeroes(c->s, c->array, c->x.volume, r->off, r->len, &err))
        return reply_err(c, r, &err);
    return reply(c, r, 0);
}

#define STATUS_MAX (256ull << 20)     /* 16384 blocks: 128 KiB of descriptors */

/* base:allocation, one descriptor per run of 16 KiB blocks alike. */
static int cmd_block_status(struct nbd_conn *c, const struct req *r)
{
    struct sim_err err = SIM_ERR_INIT;
    if (!c->structured || !c->meta_alloc)
        return reply(c, r, NBD_E_INVAL);
    /* a shorter answer than asked is allowed: at most STATUS_MAX bytes */
    uint64_t len = r->len < STATUS_MAX ? r->len : STATUS_MAX;
    uint64_t first = r->off / SIM_BLOCK_SIZE;
    size_t nblk = (size_t)((r->off + len + SIM_BLOCK_SIZE - 1) / SIM_BLOCK_SIZE - first);
    unsigned char *map = xmalloc(nblk);
    if (sim_io_allocated(c->s, c->array, c->x.volume, r->off, len, map, &err)) {
        free(map);
        return reply_err(c, r, &err);
    }
    /* descriptors go in c->buf after the context id: at most 128 KiB */
    buf_reserve(c, 4 + nblk * 8);
    unsigned char *d = c->buf;
    size_t nd = 0;
    uint64_t pos = r->off, end = r->off + len;
    nbd_put32(d, NBD_META_ALLOCATION_ID);
    for (size_t i = 0; i < nblk && pos < end; ) {
        size_t j = i;
        while (j < nblk && map[j] == map[i])
            j++;
        uint64_t stop = (first + j) * SIM_BLOCK_SIZE;
        stop = stop < end ? stop : end;
        nbd_put32(d + 4 + nd * 8, (uint32_t)(stop - pos));
        nbd_put32(d + 8 + nd * 8, map[i] ? 0 : NBD_STATE_HOLE | NBD_STATE_ZERO);
        nd++;
        pos = stop;
        i = j;
        if (r->flags & LIBNBD_CMD_FLAG_REQ_ONE)
            break;
    }
    free(map);
    return reply_chunk(c, r, NBD_REPLY_TYPE_BLOCK_STATUS, NULL, 0, d, 4 + nd * 8);
}

/* Why a request is refused before the engine sees it, as a wire error. */
static uint32_t req_check(const struct nbd_conn *c, const struct req *r)
{
    bool data = r->type == NBD_CMD_READ || r->type == NBD_CMD_WRITE;
    if (data && r->len > NBD_REQ_MAX)
        return NBD_E_OVERFLOW;
    if (r->type == NBD_CMD_BLOCK_STATUS && r->len == 0)
        return NBD_E_INVAL;
    if (r->flags & ~LIBNBD_CMD_FLAG_MASK)
        return NBD_E_INVAL;
    if (r->type != NBD_CMD_FLUSH && (r->off > c->x.size || r->len > c->x.size - r->off))
        return NBD_E_INVAL;
    return 0;
}

/* One request; -1 ends the connection. */
static int request(struct nbd_conn *c, const struct req *r)
{
    struct sim_err err = SIM_ERR_INIT;
    uint32_t e = req_check(c, r);
    if (e) {
        /* a refused write's payload follows anyway: skip it, then say no */
        if (r->type == NBD_CMD_WRITE && nbd_discard(c->fd, r->len))
            return -1;
        return reply(c, r, e);
    }
    /* the path must still lead to the volume, and be active (ALUA) */
    if (r->type != NBD_CMD_FLUSH && sim_export_check(c->s, c->array, &c->x, &err))
        return r->type == NBD_CMD_WRITE ? cmd_write(c, r, &err) : reply_err(c, r, &err);
    switch (r->type) {
    case NBD_CMD_READ:         return cmd_read(c, r);
    case NBD_CMD_WRITE:        return cmd_write(c, r, NULL);
    case NBD_CMD_FLUSH:        return reply(c, r, 0);  /* every write is committed */
    case NBD_CMD_TRIM:
    case NBD_CMD_WRITE_ZEROES: return cmd_zero(c, r);
    case NBD_CMD_BLOCK_STATUS: return cmd_block_status(c, r);
    default:                   return reply(c, r, NBD_E_INVAL);
    }
}

void nbd_transmission(struct nbd_conn *c)
{
    unsigned char h[28];
    for (;;) {
        struct req r;
        if (nbd_read_full(c->fd, h, sizeof(h)) || nbd_get32(h) != NBD_REQUEST_MAGIC)
            break;      /* a request out of step cannot be answered */
        r.flags = nbd_get16(h + 4);
        r.type = nbd_get16(h + 6);
        memcpy(r.handle, h + 8, 8);
        r.off = nbd_get64(h + 16);
        r.len = nbd_get32(h + 24);
        if (r.type == NBD_CMD_DISC || request(c, &r))
            break;
    }
    free(c->buf);
    c->buf = NULL;
    c->buf_size = 0;
}
