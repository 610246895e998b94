/* api/nbd_internal.h - shared by the api/nbd*.c files only.
 *
 * A connection travels: nbd.c (a listener per array accepts it, a thread
 * runs it, power and stop cut it) -> nbd_handshake.c (newstyle fixed
 * handshake and options: which export, which reply style) -> nbd_cmd.c
 * (transmission: requests onto sim/, replies). Refusals become NBD errors
 * in one place only (nbd_errors.c).
 *
 * Protocol numbers come from Debian's headers where one defines them: the
 * kernel's <linux/nbd.h> (request and reply magics, the first five
 * commands, the first transmission flags) and libnbd's <libnbd.h>
 * (handshake and command flags). The rest of the protocol (options, option
 * replies, structured replies, info items, the newer commands and flags)
 * is in no installed header and is defined below, named as the protocol
 * document names it. */
#ifndef RCSIM_API_NBD_INTERNAL_H
#define RCSIM_API_NBD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libnbd.h>
#include <linux/nbd.h>

#include "sim/err.h"
#include "sim/export.h"

struct sim;

/* handshake */
#define NBD_MAGIC_INIT          0x4e42444d41474943ULL   /* "NBDMAGIC" */
#define NBD_MAGIC_OPT           0x49484156454F5054ULL   /* "IHAVEOPT" */
#define NBD_MAGIC_OPT_REPLY     0x3e889045565a9ULL
#define NBD_OPT_EXPORT_NAME     1
#define NBD_OPT_ABORT           2
#define NBD_OPT_LIST            3
#define NBD_OPT_STARTTLS        5
#define NBD_OPT_INFO            6
#define NBD_OPT_GO              7
#define NBD_OPT_STRUCTURED_REPLY 8
#define NBD_OPT_LIST_META_CONTEXT 9
#define NBD_OPT_SET_META_CONTEXT 10
#define NBD_REP_ACK             1
#define NBD_REP_SERVER          2
#define NBD_REP_INFO            3
#define NBD_REP_META_CONTEXT    4
#define NBD_REP_ERR_UNSUP       0x80000001U
#define NBD_REP_ERR_POLICY      0x80000002U
#define NBD_REP_ERR_INVALID     0x80000003U
#define NBD_REP_ERR_TOO_BIG     0x80000009U
#define NBD_REP_ERR_UNKNOWN     0x80000006U
#define NBD_REP_ERR_SHUTDOWN    0x80000007U
#define NBD_INFO_EXPORT         0
#define NBD_INFO_NAME           1
#define NBD_INFO_DESCRIPTION    2
#define NBD_INFO_BLOCK_SIZE     3

/* transmission: the flags and commands <linux/nbd.h> stops short of */
#define NBD_FLAG_SEND_WRITE_ZEROES (1 << 6)
#define NBD_FLAG_SEND_FAST_ZERO (1 << 11)
#define NBD_CMD_CACHE           5
#define NBD_CMD_WRITE_ZEROES    6
#define NBD_CMD_BLOCK_STATUS    7
#define NBD_MAGIC_STRUCTURED    0x668e33efU
#define NBD_REPLY_FLAG_DONE     1
#define NBD_REPLY_TYPE_NONE     0
#define NBD_REPLY_TYPE_OFFSET_DATA 1
#define NBD_REPLY_TYPE_BLOCK_STATUS 5
#define NBD_REPLY_TYPE_ERROR    0x8001
#define NBD_STATE_HOLE          1
#define NBD_STATE_ZERO          2
#define NBD_META_ALLOCATION     "base:allocation"
#define NBD_META_ALLOCATION_ID  1

/* the protocol's errors (the wire values are Linux's errno numbers) */
enum nbd_wire_err { NBD_E_OK = 0, NBD_E_PERM = 1, NBD_E_IO = 5, NBD_E_NOMEM = 12,
                    NBD_E_INVAL = 22, NBD_E_NOSPC = 28, NBD_E_OVERFLOW = 75,
                    NBD_E_NOTSUP = 95, NBD_E_SHUTDOWN = 108 };

/* limits: one request's payload, one option's data, the handshake's time */
#define NBD_REQ_MAX (32u << 20)
#define NBD_OPT_MAX 4096u
#define NBD_HANDSHAKE_MS 10000

/* One connection, from handshake to close. */
struct nbd_conn {
    struct sim *s;
    const char *array;          /* borrowed */
    int fd;
    bool no_zeroes;             /* the client asked for no padding */
    bool structured;            /* structured replies negotiated */
    bool meta_alloc;            /* base:allocation selected */
    struct sim_export_view x;   /* the export, once chosen */
    unsigned char *buf;         /* I/O buffer, grown to the largest request */
    size_t buf_size;
};

/* nbd_io.c: whole reads and writes; -1 when the peer is gone. */
int nbd_read_full(int fd, void *buf, size_t len);
int nbd_write_full(int fd, const void *buf, size_t len);
int nbd_discard(int fd, uint64_t len);
uint16_t nbd_get16(const unsigned char *p);
uint32_t nbd_get32(const unsigned char *p);
uint64_t nbd_get64(const unsigned char *p);
void nbd_put16(unsigned char *p, uint16_t v);
void nbd_put32(unsigned char *p, uint32_t v);
void nbd_put64(unsigned char *p, uint64_t v);

/* nbd_handshake.c: runs the handshake; 1 when c->x is chosen and
 * transmission begins, 0 when the client ended it, -1 on a broken one. */
int nbd_handshake(struct nbd_conn *c);

/* nbd_cmd.c: serves requests until the client disconnects or breaks the
 * protocol. */
void nbd_transmission(struct nbd_conn *c);

/* nbd_errors.c: the wire error of a refusal by the engine, and the option
 * reply of a refusal while choosing an export. */
uint32_t nbd_errno_of(const struct sim_err *err);
uint32_t nbd_rep_err_of(const struct sim_err *err);
/* Whether every refusal has its row (for the unit test). */
bool nbd_err_table_complete(void);

/* nbd.c's entry for one connection on fd (owned by the caller), also the
 * fuzz target's. */
void nbd_session_run(struct sim *s, const char *array, int fd);

#endif
