/* api/nbd.c - the NBD listeners, one per array, and their connections.
 * Owns: listeners (open while the array is powered, as cli/ssh.c and
 * api/wsapi.c do; the port a free-port listener got is reported with
 * sim_array_listener_bound), a thread per connection, cutting connections
 * at power-off and stop, the per-array cap on connections and the time a
 * handshake may take. Not: the protocol (nbd_handshake.c, nbd_cmd.c).
 * Spec: docs/behaviour.md "Host data path (NBD)". */
#include "api/nbd.h"
#include "api/nbd_internal.h"
#include "sim/array.h"
#include "sim/clock.h"
#include "util/log.h"
#include "util/netaddr.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define POLL_MS 1000            /* power checks besides the watcher */
#define CONNS_MAX 256           /* per array */

struct nbd_listener {
    char array[32];
    char addr[64];
    int port;                   /* SIM_PORT_ANY until bound */
    int fd;                     /* -1 while closed */
    unsigned nconn;
};

struct nbd_client {
    struct nbd_server *srv;
    struct nbd_listener *l;
    int fd;
    struct nbd_client *next, *prev;
};

struct nbd_server {
    struct sim *s;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct nbd_listener *ls;
    size_t nls;
    struct nbd_client *conns;
    unsigned nconn;
    int stop_fd, poke_fd;
    atomic_bool stopping;
    pthread_t accept_thread;
};

void nbd_session_run(struct sim *s, const char *array, int fd)
{
    struct nbd_conn c = { .s = s, .array = array, .fd = fd };
    struct timeval tv = { .tv_sec = NBD_HANDSHAKE_MS / 1000 };
    /* a client gets a bounded time to choose an export, then all it needs */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (nbd_handshake(&c) != 1)
        return;
    tv.tv_sec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    rclog(RCLOG_DEBUG, "array '%s': nbd %s/%lld (%s) opened", array, c.x.host,
          (long long)c.x.lun, c.x.volume);
    nbd_transmission(&c);
}

/* --- listeners ------------------------------------------------------------- */

static int listener_open(struct nbd_server *srv, struct nbd_listener *l, char *errbuf,
                         size_t errlen)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICHOST | AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *ai = NULL;
    char port[16];
    snprintf(port, sizeof(port), "%d", l->port == SIM_PORT_ANY ? 0 : l->port);
    int rc = getaddrinfo(l->addr, port, &hints, &ai);
    if (rc) {
        snprintf(errbuf, errlen, "array '%s': nbd address '%s': %s", l->array, l->addr,
                 gai_strerror(rc));
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 128)) {
        snprintf(errbuf, errlen, "array '%s': cannot listen on %s:%s for nbd: %s", l->array,
                 l->addr, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    if (l->port == SIM_PORT_ANY) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof(ss);
        if (!getsockname(fd, (struct sockaddr *)&ss, &len)) {
            l->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                     : ((struct sockaddr_in *)&ss)->sin_port);
            sim_array_listener_bound(srv->s, l->array, SIM_LISTEN_NBD, l->port);
        }
    }
    l->fd = fd;
    rclog(RCLOG_INFO, "array '%s': nbd listening on %s:%d", l->array, l->addr, l->port);
    return 0;
}

static void listener_close(struct nbd_listener *l)
{
    if (l->fd < 0)
        return;
    close(l->fd);
    l->fd = -1;
    rclog(RCLOG_INFO, "array '%s': nbd listener closed", l->array);
}

static void poke(struct nbd_server *srv)
{
    uint64_t one = 1;
    if (write(srv->poke_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        rclog(RCLOG_WARN, "nbd: cannot wake the accept thread: %s", strerror(errno));
}

/* Brings the listeners in line with power: a powered-off array's listener
 * closes and its connections are cut (the host sees its paths go). */
static void follow_power(struct nbd_server *srv)
{
    bool *on = xcalloc(srv->nls ? srv->nls : 1, sizeof(*on));
    for (size_t i = 0; i < srv->nls; i++)
        on[i] = sim_array_powered(srv->s, srv->ls[i].array);
    bool changed = false;
    pthread_mutex_lock(&srv->mu);
    for (size_t i = 0; i < srv->nls; i++) {
        struct nbd_listener *l = &srv->ls[i];
        if (!on[i]) {
            changed |= l->fd >= 0;
            listener_close(l);
            for (struct nbd_client *c = srv->conns; c; c = c->next)
                if (c->l == l)
                    shutdown(c->fd, SHUT_RDWR);
        } else if (l->fd < 0) {
            char errbuf[256];
            if (listener_open(srv, l, errbuf, sizeof(errbuf)))
                rclog(RCLOG_WARN, "%s", errbuf);    /* retried on the next round */
            changed |= l->fd >= 0;
        }
    }
    pthread_mutex_unlock(&srv->mu);
    free(on);
    if (changed)
        poke(srv);
}

static void on_power(void *ctx, const char *array, bool on)
{
    (void)array, (void)on;
    follow_power(ctx);
}

/* --- connections -------------------------------------------------------------- */

static void *client_main(void *arg)
{
    struct nbd_client *c = arg;
    struct nbd_server *srv = c->srv;
    nbd_session_run(srv->s, c->l->array, c->fd);
    pthread_mutex_lock(&srv->mu);
    *(c->prev ? &c->prev->next : &srv->conns) = c->next;
    if (c->next)
        c->next->prev = c->prev;
    c->l->nconn--;
    srv->nconn--;
    close(c->fd);
    pthread_cond_broadcast(&srv->cv);
    pthread_mutex_unlock(&srv->mu);
    free(c);
    return NULL;
}

/* Accepts one connection on l; the caller holds srv->mu. */
static void accept_one(struct nbd_server *srv, struct nbd_listener *l)
{
    int fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    if (l->nconn >= CONNS_MAX) {
        rclog(RCLOG_WARN, "array '%s': nbd connection refused: %u open", l->array, l->nconn);
        close(fd);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct nbd_client *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->l = l;
    c->fd = fd;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    l->nconn++;
    srv->nconn++;
    int rc = pthread_create(&t, &attr, client_main, c);
    pthread_attr_destroy(&attr);
    if (rc) {
        rclog(RCLOG_ERROR, "array '%s': nbd: cannot start a connection: %s", l->array,
              strerror(rc));
        srv->conns = c->next;
        if (c->next)
            c->next->prev = NULL;
        l->nconn--;
        srv->nconn--;
        close(fd);
        free(c);
    }
}

static void drain(int fd)
{
    uint64_t n;
    if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        rclog(RCLOG_DEBUG, "nbd: eventfd: %s", strerror(errno));
}

static void *accept_main(void *arg)
{
    struct nbd_server *srv = arg;
    struct pollfd *pfds = xcalloc(srv->nls + 2, sizeof(*pfds));
    struct nbd_listener **owner = xcalloc(srv->nls + 2, sizeof(*owner));
    int64_t next_check = 0;
    while (!atomic_load(&srv->stopping)) {
        int64_t now = sim_mono_ms();
        if (now >= next_check) {
            follow_power(srv);
            next_check = now + POLL_MS;
        }
        size_t n = 0;
        pfds[n++] = (struct pollfd){ .fd = srv->stop_fd, .events = POLLIN };
        pfds[n++] = (struct pollfd){ .fd = srv->poke_fd, .events = POLLIN };
        pthread_mutex_lock(&srv->mu);
        for (size_t i = 0; i < srv->nls; i++) {
            if (srv->ls[i].fd < 0)
                continue;
            owner[n] = &srv->ls[i];
            pfds[n++] = (struct pollfd){ .fd = srv->ls[i].fd, .events = POLLIN };
        }
        pthread_mutex_unlock(&srv->mu);
        if (poll(pfds, n, (int)(next_check - now)) <= 0)
            continue;
        if (pfds[0].revents)
            break;
        if (pfds[1].revents) {
            drain(srv->poke_fd);
            continue;   /* the listeners may have changed: poll them again */
        }
        pthread_mutex_lock(&srv->mu);
        for (size_t i = 2; i < n; i++)
            if ((pfds[i].revents & POLLIN) && owner[i]->fd == pfds[i].fd)
                accept_one(srv, owner[i]);
        pthread_mutex_unlock(&srv->mu);
    }
    free(pfds);
    free(owner);
    return NULL;
}

/* --- interface ------------------------------------------------------------------- */

static void server_free(struct nbd_server *srv)
{
    for (size_t i = 0; i < srv->nls; i++)
        listener_close(&srv->ls[i]);
    free(srv->ls);
    if (srv->stop_fd >= 0)
        close(srv->stop_fd);
    if (srv->poke_fd >= 0)
        close(srv->poke_fd);
    pthread_cond_destroy(&srv->cv);
    pthread_mutex_destroy(&srv->mu);
    free(srv);
}

int nbd_server_start(struct sim *s, struct nbd_server **out, char *errbuf, size_t errlen)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view *arrays = NULL;
    size_t n = 0;
    *out = NULL;
    if (sim_array_list(s, &arrays, &n, &err)) {
        snprintf(errbuf, errlen, "cannot list arrays: %s", err.detail);
        return -1;
    }
    struct nbd_server *srv = xcalloc(1, sizeof(*srv));
    srv->s = s;
    pthread_mutex_init(&srv->mu, NULL);
    pthread_cond_init(&srv->cv, NULL);
    srv->ls = xcalloc(n ? n : 1, sizeof(*srv->ls));
    srv->stop_fd = eventfd(0, EFD_CLOEXEC);
    srv->poke_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    for (size_t i = 0; i < n; i++) {
        if (!arrays[i].nbd_port)
            continue;
        struct nbd_listener *l = &srv->ls[srv->nls++];
        snprintf(l->array, sizeof(l->array), "%s", arrays[i].name);
        snprintf(l->addr, sizeof(l->addr), "%s", arrays[i].nbd_addr);
        l->port = arrays[i].nbd_port;
        l->fd = -1;
        /* open now, so that a busy port is an error at start-up */
        if (arrays[i].powered && listener_open(srv, l, errbuf, errlen))
            goto fail;
    }
    free(arrays);
    arrays = NULL;
    if (srv->stop_fd < 0 || srv->poke_fd < 0) {
        snprintf(errbuf, errlen, "eventfd: %s", strerror(errno));
        goto fail;
    }
    int rc = pthread_create(&srv->accept_thread, NULL, accept_main, srv);
    if (rc) {
        snprintf(errbuf, errlen, "cannot start the nbd thread: %s", strerror(rc));
        goto fail;
    }
    sim_power_watch(s, on_power, srv);
    *out = srv;
    return 0;
fail:
    free(arrays);
    server_free(srv);
    return -1;
}

void nbd_server_stop(struct nbd_server *srv)
{
    if (!srv)
        return;
    sim_power_unwatch(srv->s, on_power, srv);
    atomic_store(&srv->stopping, true);
    uint64_t one = 1;
    if (write(srv->stop_fd, &one, sizeof(one)) < 0)
        rclog(RCLOG_WARN, "nbd: cannot signal the accept thread: %s", strerror(errno));
    pthread_join(srv->accept_thread, NULL);
    pthread_mutex_lock(&srv->mu);
    for (struct nbd_client *c = srv->conns; c; c = c->next)
        shutdown(c->fd, SHUT_RDWR);
    while (srv->nconn > 0)
        pthread_cond_wait(&srv->cv, &srv->mu);
    pthread_mutex_unlock(&srv->mu);
    server_free(srv);
}
