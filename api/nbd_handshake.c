/* api/nbd_handshake.c - the newstyle fixed handshake and its options.
 * Owns: export names (<host>/<lun>, or <host>/<volume> as an alias: the
 * host is how the client names its initiator), option replies, the reply
 * style and metadata context chosen. Not: the listener (nbd.c), requests
 * (nbd_cmd.c). Spec: docs/behaviour.md "Host data path (NBD)". */
#include "api/nbd_internal.h"
#include "sim/sim.h"
#include "util/log.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sends one option reply. */
static int opt_reply(struct nbd_conn *c, uint32_t opt, uint32_t type, const void *data,
                     uint32_t len)
{
    unsigned char h[20];
    nbd_put64(h, NBD_MAGIC_OPT_REPLY);
    nbd_put32(h + 8, opt);
    nbd_put32(h + 12, type);
    nbd_put32(h + 16, len);
    if (nbd_write_full(c->fd, h, sizeof(h)))
        return -1;
    return len ? nbd_write_full(c->fd, data, len) : 0;
}

/* A name the client gave; lun < 0 when it names a volume. */
struct export_name {
    char host[32];
    char volume[32];
    int64_t lun;
};

static int name_parse(const char *name, size_t len, struct export_name *out)
{
    const char *slash = memchr(name, '/', len);
    memset(out, 0, sizeof(*out));
    if (!slash || slash == name || (size_t)(slash - name) >= sizeof(out->host))
        return -1;
    size_t hl = (size_t)(slash - name), rl = len - hl - 1;
    if (rl == 0 || rl >= sizeof(out->volume) || memchr(name, 0, len))
        return -1;
    memcpy(out->host, name, hl);
    memcpy(out->volume, slash + 1, rl);
    out->lun = -1;
    if (strspn(out->volume, "0123456789") == rl && rl <= 6)
        out->lun = atoll(out->volume);
    return 0;
}

/* Finds the export the client named; the option reply error otherwise. */
static uint32_t export_open(struct nbd_conn *c, const char *name, size_t len,
                            struct sim_export_view *x)
{
    struct export_name en;
    struct sim_err err = SIM_ERR_INIT;
    if (name_parse(name, len, &en))
        return NBD_REP_ERR_UNKNOWN;
    if (sim_export_find(c->s, c->array, en.host, en.lun, en.volume, x, &err)) {
        rclog(RCLOG_DEBUG, "array '%s': nbd export '%.*s': %s", c->array, (int)len, name,
              err.detail);
        return nbd_rep_err_of(&err);
    }
    return 0;
}

static uint16_t export_flags(const struct sim_export_view *x)
{
    uint16_t f = NBD_FLAG_HAS_FLAGS | NBD_FLAG_SEND_FLUSH | NBD_FLAG_SEND_FUA |
                 NBD_FLAG_SEND_TRIM | NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_CAN_MULTI_CONN;
    return x->readonly ? f | NBD_FLAG_READ_ONLY : f;
}

/* NBD_OPT_EXPORT_NAME: no error reply exists, a refusal closes. */
static int opt_export_name(struct nbd_conn *c, const unsigned char *d, uint32_t len)
{
    unsigned char r[10 + 124] = { 0 };
    if (export_open(c, (const char *)d, len, &c->x))
        return -1;
    nbd_put64(r, c->x.size);
    nbd_put16(r + 8, export_flags(&c->x));
    return nbd_write_full(c->fd, r, c->no_zeroes ? 10 : sizeof(r)) ? -1 : 1;
}

static int opt_list(struct nbd_conn *c, uint32_t opt, uint32_t len)
{
    struct sim_export_view *v = NULL;
    struct sim_err err = SIM_ERR_INIT;
    size_t n = 0;
    if (len)
        return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
    if (sim_export_list(c->s, c->array, &v, &n, &err))
        return opt_reply(c, opt, nbd_rep_err_of(&err), NULL, 0);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        unsigned char d[4 + 64];
        int nl = snprintf((char *)d + 4, sizeof(d) - 4, "%s/%lld", v[i].host,
                          (long long)v[i].lun);
        nbd_put32(d, (uint32_t)nl);
        rc = opt_reply(c, opt, NBD_REP_SERVER, d, (uint32_t)(4 + nl));
    }
    free(v);
    return rc ? -1 : opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
}

static int info_reply(struct nbd_conn *c, uint32_t opt, uint16_t type, const void *data,
                      size_t len)
{
    unsigned char d[2 + 256];
    nbd_put16(d, type);
    memcpy(d + 2, data, len);
    return opt_reply(c, opt, NBD_REP_INFO, d, (uint32_t)(2 + len));
}

/* NBD_OPT_INFO and NBD_OPT_GO: name, then the info items asked for. */
static int opt_info_go(struct nbd_conn *c, uint32_t opt, const unsigned char *d, uint32_t len)
{
    struct sim_export_view x;
    if (len < 6)
        return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
    uint32_t nl = nbd_get32(d);
    if (nl > len - 6 || (len - 6 - nl) != 2u * nbd_get16(d + 4 + nl))
        return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
    uint32_t e = export_open(c, (const char *)d + 4, nl, &x);
    if (e)
        return opt_reply(c, opt, e, NULL, 0);
    unsigned char ex[10], bs[12];
    nbd_put64(ex, x.size);
    nbd_put16(ex + 8, export_flags(&x));
    nbd_put32(bs, 1);
    nbd_put32(bs + 4, 4096);
    nbd_put32(bs + 8, NBD_REQ_MAX);
    if (info_reply(c, opt, NBD_INFO_EXPORT, ex, sizeof(ex)) ||
        info_reply(c, opt, NBD_INFO_BLOCK_SIZE, bs, sizeof(bs)) ||
        info_reply(c, opt, NBD_INFO_DESCRIPTION, x.volume, strlen(x.volume)) ||
        opt_reply(c, opt, NBD_REP_ACK, NULL, 0))
        return -1;
    if (opt == NBD_OPT_INFO)
        return 0;
    c->x = x;
    return 1;
}

/* LIST_META_CONTEXT and SET_META_CONTEXT: base:allocation is the only
 * context; an empty query list lists it. */
static int opt_meta(struct nbd_conn *c, uint32_t opt, const unsigned char *d, uint32_t len)
{
    if (opt == NBD_OPT_SET_META_CONTEXT && !c->structured)
        return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
    if (len < 8 || nbd_get32(d) > len - 8)
        return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
    uint32_t pos = 4 + nbd_get32(d), nq = nbd_get32(d + pos);
    bool want = nq == 0 && opt == NBD_OPT_LIST_META_CONTEXT;
    pos += 4;
    for (uint32_t i = 0; i < nq; i++) {
        if (len - pos < 4 || nbd_get32(d + pos) > len - pos - 4)
            return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
        uint32_t ql = nbd_get32(d + pos);
        const char *q = (const char *)d + pos + 4;
        if ((ql == strlen(NBD_META_ALLOCATION) && !memcmp(q, NBD_META_ALLOCATION, ql)) ||
            (opt == NBD_OPT_LIST_META_CONTEXT && ql == 5 && !memcmp(q, "base:", 5)))
            want = true;
        pos += 4 + ql;
    }
    if (opt == NBD_OPT_SET_META_CONTEXT)
        c->meta_alloc = want;
    if (want) {
        unsigned char r[4 + sizeof(NBD_META_ALLOCATION) - 1];
        nbd_put32(r, NBD_META_ALLOCATION_ID);
        memcpy(r + 4, NBD_META_ALLOCATION, sizeof(NBD_META_ALLOCATION) - 1);
        if (opt_reply(c, opt, NBD_REP_META_CONTEXT, r, sizeof(r)))
            return -1;
    }
    return opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
}

/* One option: 1 to start transmission, 0 for the next option, -1 to
 * close. */
static int option(struct nbd_conn *c, uint32_t opt, const unsigned char *d, uint32_t len)
{
    switch (opt) {
    case NBD_OPT_EXPORT_NAME:
        return opt_export_name(c, d, len);
    case NBD_OPT_ABORT:
        opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
        return -1;
    case NBD_OPT_LIST:
        return opt_list(c, opt, len);
    case NBD_OPT_INFO:
    case NBD_OPT_GO:
        return opt_info_go(c, opt, d, len);
    case NBD_OPT_STRUCTURED_REPLY:
        if (len)
            return opt_reply(c, opt, NBD_REP_ERR_INVALID, NULL, 0);
        c->structured = true;
        return opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
    case NBD_OPT_LIST_META_CONTEXT:
    case NBD_OPT_SET_META_CONTEXT:
        return opt_meta(c, opt, d, len);
    default:
        /* STARTTLS included: the data path is plain TCP */
        return opt_reply(c, opt, NBD_REP_ERR_UNSUP, NULL, 0);
    }
}

int nbd_handshake(struct nbd_conn *c)
{
    unsigned char h[18], d[NBD_OPT_MAX + 1];
    nbd_put64(h, NBD_MAGIC_INIT);
    nbd_put64(h + 8, NBD_MAGIC_OPT);
    nbd_put16(h + 16, LIBNBD_HANDSHAKE_FLAG_FIXED_NEWSTYLE | LIBNBD_HANDSHAKE_FLAG_NO_ZEROES);
    if (nbd_write_full(c->fd, h, sizeof(h)) || nbd_read_full(c->fd, h, 4))
        return -1;
    uint32_t cf = nbd_get32(h);
    /* a client that is not fixed newstyle, or asks for what we lack */
    if (!(cf & LIBNBD_HANDSHAKE_FLAG_FIXED_NEWSTYLE) || (cf & ~LIBNBD_HANDSHAKE_FLAG_MASK))
        return -1;
    c->no_zeroes = cf & LIBNBD_HANDSHAKE_FLAG_NO_ZEROES;
    for (;;) {
        if (nbd_read_full(c->fd, h, 16) || nbd_get64(h) != NBD_MAGIC_OPT)
            return -1;
        uint32_t opt = nbd_get32(h + 8), len = nbd_get32(h + 12);
        if (len > NBD_OPT_MAX) {
            /* too big to take: skip it and say so, unless it is too big
             * to skip, or the option has no error reply */
            if (opt == NBD_OPT_EXPORT_NAME || len > 16 * NBD_OPT_MAX ||
                nbd_discard(c->fd, len) || opt_reply(c, opt, NBD_REP_ERR_TOO_BIG, NULL, 0))
                return -1;
            continue;
        }
        if (nbd_read_full(c->fd, d, len))
            return -1;
        d[len] = 0;
        int rc = option(c, opt, d, len);
        if (rc)
            return rc;
    }
}
