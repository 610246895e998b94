/* cli/ssh_conn.h - what the SSH server's two files share: the listener
 * and server records (cli/ssh.c: listening, admission, power) and one
 * connection (cli/ssh_conn.c: key exchange, passwords, channels). Private
 * to cli/ssh*.c.
 *
 * Locking: srv->mu guards each listener's bind and counters and the list
 * of connections; it is never held while calling into sim/ (the engine
 * lock comes first, or alone). A connection's libssh session belongs to
 * its own thread; other threads only shutdown(2) its socket. */
#ifndef RCSIM_CLI_SSH_CONN_H
#define RCSIM_CLI_SSH_CONN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/array.h"
#include "sim/sim.h"
#include "util/netaddr.h"

struct ssh_server;
struct conn_chan;
struct rclog_limiter;
/* libssh's handles (ssh_session, ssh_bind, ssh_event), kept opaque here */
struct ssh_session_struct;
struct ssh_bind_struct;
struct ssh_event_struct;
struct ssh_server_callbacks_struct;

struct listener {
    struct ssh_server *srv;
    char array[SIM_ARRAY_NAME_MAX + 1];
    char addr[64];
    int port;
    char *hostkey_pem;
    atomic_bool powered;        /* read by connection threads */
    atomic_uint boot;           /* bumped at each power-off: older shells end */
    /* under srv->mu */
    struct ssh_bind_struct *bind;   /* NULL while closed */
    unsigned gen;               /* bumped at each open and close */
    unsigned nconn, npreauth;   /* open connections, those not yet logged in */
    unsigned cap;               /* connections at most */
    /* accept thread only */
    int64_t paused_until_ms;    /* after running out of descriptors */
};

struct conn {
    struct ssh_server *srv;
    struct listener *l;
    struct ssh_session_struct *session;
    int fd;
    unsigned boot;              /* l->boot when accepted */
    char source[RC_SOURCE_MAX];
    int64_t started_ms;
    struct ssh_event_struct *event;
    int wake_fd;                /* eventfd: a worker has output or room */
    bool kex_done;              /* under srv->mu: its key exchange is over */
    bool authed;                /* under srv->mu (admission counts it) */
    bool cut;                   /* under srv->mu: its socket was shut down */
    bool flooding;              /* the client ignored its window */
    int auth_failures;
    char user[SIM_NAME_MAX + 1];
    enum sim_user_role role;
    struct conn_chan *chans;
    int nchans;
    struct ssh_server_callbacks_struct *server_cb;  /* while the thread runs */
    struct conn *prev, *next;   /* srv->conns, under srv->mu */
};

struct ssh_server {
    struct sim *s;
    struct listener *ls;
    size_t nls;
    pthread_t accept_thread;
    int stop_fd;                /* eventfd: stop requested */
    int poke_fd;                /* eventfd: listeners opened or closed */
    atomic_bool stopping;
    int64_t login_grace_ms;
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* signalled when a connection ends */
    int nconn;
    struct conn *conns, *conns_tail;   /* oldest first */
    uint64_t rng;               /* early drop; under mu */
    struct rclog_limiter *logs;
};

/* cli/ssh_conn.c: runs one accepted connection to its end, then frees it
 * (the thread of every connection). */
void *ssh_conn_main(void *arg);

/* cli/ssh.c: the connection's key exchange is over (it is no longer a
 * silent one, the first to make way for others). */
void ssh_conn_kex_done(struct conn *c);
/* cli/ssh.c: the connection has logged in (it no longer counts as a
 * pre-authentication connection). */
void ssh_conn_logged_in(struct conn *c);
/* cli/ssh.c: the connection ends: forget it (before its socket closes). */
void ssh_conn_forget(struct conn *c);

#endif
