/* cli/ssh.c - the array CLI over SSH: one libssh listener per array.
 *
 * Owns: listeners (open while the array is powered, closed while it is
 * off, following power changes as they happen), host keys (generated
 * once, kept with sim_secret_put so that a restart presents the same key:
 * paramiko raises BadHostKeyException on a changed one), and admission:
 * which new connections are taken. Not: a connection once taken
 * (ssh_conn.c), what a channel does with its bytes (ssh_chan.c,
 * ssh_term.c), commands (cli.h).
 * Spec: docs/array-interfaces.md §5.1, §5.2, §5.7, §6 items 1-4, 29, 30;
 * docs/behaviour.md "Security".
 *
 * Threads: one accept thread polls every listener; each accepted
 * connection gets a thread that owns its libssh session (ssh_conn.c), and
 * each shell or exec channel a worker thread (ssh_chan.c).
 *
 * Admission, per array (arrays never share a limit), after OpenSSH:
 * - a connection must log in within the login grace time;
 * - at most PREAUTH_PER_SOURCE connections from one address may be
 *   logging in at once;
 * - past STARTUPS_BEGIN connections logging in, a new one from an address
 *   that already has one logging in is dropped with a probability rising
 *   from STARTUPS_RATE % to 100 % at STARTUPS_FULL (MaxStartups
 *   begin:rate:full); an address's first connection is spared, since a
 *   real client rarely has two logging in at once and a flood always has;
 * - at full, or at the listener's cap (a share of the descriptor limit,
 *   util/fdlimit.h), an address's first connection makes a silent one go
 *   (one that has not finished its key exchange: a real client is through
 *   it in milliseconds): among the oldest, one from the address that
 *   holds the most of them, so that a flood makes way for itself and a
 *   real client is the last to go; failing that, at full, the oldest
 *   connection still logging in after EVICT_AFTER_MS.
 * A refused connection is closed before any byte is sent. */
#include "cli/ssh.h"
#include "cli/ssh_conn.h"

#include <libssh/libssh.h>
#include <libssh/server.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sim/auth.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "util/fdlimit.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define POLL_MS 1000            /* power checks besides the watcher, stop requests */
#define PREAUTH_PER_SOURCE 32
#define STARTUPS_BEGIN 128
#define STARTUPS_RATE 30
#define STARTUPS_FULL 512
#define EVICT_AFTER_MS 1000
#define SSH_FD_SHARE 25         /* percent of the descriptor limit */
#define SSH_CONNS_MAX 1024      /* per array */
#define ACCEPT_PAUSE_MS 100     /* after running out of descriptors */
#define HOSTKEY_KIND "ssh_hostkey"

/* --- host keys ----------------------------------------------------------- */

/* A new host key as PEM text (free with ssh_string_free_char), or NULL. */
static char *hostkey_generate(void)
{
    ssh_key key = NULL;
    char *b64 = NULL;
    if (ssh_pki_generate(SSH_KEYTYPE_ECDSA_P256, 256, &key) != SSH_OK ||
        ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &b64) != SSH_OK)
        b64 = NULL;
    ssh_key_free(key);
    return b64;
}

/* Writes a new key to path, which must not exist (0600 from the start). */
static int hostkey_file_create(const char *path, char *errbuf, size_t errlen)
{
    char *b64 = hostkey_generate();
    if (!b64) {
        snprintf(errbuf, errlen, "cannot make an ssh host key");
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    size_t len = strlen(b64);
    bool ok = fd >= 0 && write(fd, b64, len) == (ssize_t)len;
    int saved = errno;
    if (fd >= 0 && close(fd))
        ok = false;
    ssh_string_free_char(b64);
    if (!ok) {
        snprintf(errbuf, errlen, "cannot write the ssh host key '%s': %s", path,
                 strerror(saved));
        return -1;
    }
    rclog(RCLOG_INFO, "new ssh host key in '%s'", path);
    return 0;
}

int ssh_hostkey_from_file(struct sim *s, const char *path, char *errbuf, size_t errlen)
{
    if (access(path, F_OK) != 0 && hostkey_file_create(path, errbuf, errlen))
        return -1;
    ssh_key key = NULL;
    char *b64 = NULL;
    if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key) != SSH_OK ||
        ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &b64) != SSH_OK) {
        ssh_key_free(key);
        snprintf(errbuf, errlen, "'%s' is not a private key libssh can read", path);
        return -1;
    }
    ssh_key_free(key);
    struct sim_err err = SIM_ERR_INIT;
    struct sim_array_view *arrays = NULL;
    size_t n = 0;
    int rc = sim_array_list(s, &arrays, &n, &err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = sim_secret_put(s, arrays[i].name, HOSTKEY_KIND, b64, &err);
    free(arrays);
    ssh_string_free_char(b64);
    if (rc)
        snprintf(errbuf, errlen, "cannot install the ssh host key: %s", err.detail);
    return rc;
}

/* Loads the array's host key, or makes one and keeps it (an ECDSA key,
 * which every client, paramiko included, accepts). */
static int hostkey_load(struct ssh_server *srv, struct listener *l, char *errbuf,
                        size_t errlen)
{
    struct sim_err err = { 0 };
    char *pem = NULL;
    if (!sim_secret_get(srv->s, l->array, HOSTKEY_KIND, &pem, &err)) {
        ssh_key key = NULL;
        if (ssh_pki_import_privkey_base64(pem, NULL, NULL, NULL, &key) == SSH_OK) {
            ssh_key_free(key);
            l->hostkey_pem = pem;
            return 0;
        }
        rclog(RCLOG_WARN, "array '%s': stored ssh host key unreadable, making a new one",
              l->array);
        free(pem);
    }
    char *b64 = hostkey_generate();
    if (!b64) {
        snprintf(errbuf, errlen, "array '%s': cannot make an ssh host key", l->array);
        return -1;
    }
    memset(&err, 0, sizeof(err));
    if (sim_secret_put(srv->s, l->array, HOSTKEY_KIND, b64, &err)) {
        snprintf(errbuf, errlen, "array '%s': cannot keep the ssh host key: %s", l->array,
                 err.detail);
        ssh_string_free_char(b64);
        return -1;
    }
    l->hostkey_pem = xstrdup(b64);
    ssh_string_free_char(b64);
    rclog(RCLOG_INFO, "array '%s': new ssh host key", l->array);
    return 0;
}

/* --- listeners ------------------------------------------------------------ */

/* The port a listener of port SIM_PORT_ANY bound, kept (and reported to
 * the engine) so that a power cycle listens on it again. */
static void listener_note_port(struct listener *l, ssh_bind b)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (getsockname(ssh_bind_get_fd(b), (struct sockaddr *)&ss, &len))
        return;
    l->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                             : ((struct sockaddr_in *)&ss)->sin_port);
    sim_array_listener_bound(l->srv->s, l->array, SIM_LISTEN_SSH, l->port);
}

/* Opens l; the caller holds srv->mu (or no thread runs yet). */
static int listener_open(struct listener *l, char *errbuf, size_t errlen)
{
    int port = l->port == SIM_PORT_ANY ? 0 : l->port;
    ssh_key key = NULL;
    ssh_bind b = ssh_bind_new();
    if (!b) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    if (ssh_pki_import_privkey_base64(l->hostkey_pem, NULL, NULL, NULL, &key) != SSH_OK) {
        snprintf(errbuf, errlen, "array '%s': bad ssh host key", l->array);
        goto fail;
    }
    /* SSH_BIND_OPTIONS_IMPORT_KEY takes ownership of key */
    if (ssh_bind_options_set(b, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK) {
        ssh_key_free(key);
        snprintf(errbuf, errlen, "array '%s': %s", l->array, ssh_get_error(b));
        goto fail;
    }
    if (ssh_bind_options_set(b, SSH_BIND_OPTIONS_BINDADDR, l->addr) != SSH_OK ||
        ssh_bind_options_set(b, SSH_BIND_OPTIONS_BINDPORT, &port) != SSH_OK ||
        ssh_bind_listen(b) != SSH_OK) {
        snprintf(errbuf, errlen, "array '%s': cannot listen on %s:%d: %s", l->array, l->addr,
                 port, ssh_get_error(b));
        goto fail;
    }
    /* the accept thread never blocks on a client that went away */
    int fd = ssh_bind_get_fd(b);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) {
        snprintf(errbuf, errlen, "array '%s': %s", l->array, strerror(errno));
        goto fail;
    }
    l->bind = b;
    if (l->port == SIM_PORT_ANY)
        listener_note_port(l, b);
    l->gen++;
    rclog(RCLOG_INFO, "array '%s': ssh listening on %s:%d", l->array, l->addr, l->port);
    return 0;
fail:
    ssh_bind_free(b);
    return -1;
}

/* Closes l; the caller holds srv->mu. */
static void listener_close(struct listener *l)
{
    if (!l->bind)
        return;
    ssh_bind_free(l->bind);
    l->bind = NULL;
    l->gen++;
    rclog(RCLOG_INFO, "array '%s': ssh listener closed", l->array);
}

/* Ends c's connection at once: its thread sees the client gone. The
 * caller holds srv->mu. */
static void conn_cut(struct conn *c)
{
    if (c->cut)
        return;
    c->cut = true;
    shutdown(c->fd, SHUT_RDWR);
}

static void poke(struct ssh_server *srv)
{
    uint64_t one = 1;
    if (write(srv->poke_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        rclog(RCLOG_WARN, "ssh: cannot wake the accept thread: %s", strerror(errno));
}

/* Brings every listener in line with its array's power: opens or closes
 * it, and a power-off ends its connections (a shell of an array that went
 * off is gone). */
static void follow_power(struct ssh_server *srv)
{
    bool *on = xcalloc(srv->nls ? srv->nls : 1, sizeof(*on));
    for (size_t i = 0; i < srv->nls; i++)
        on[i] = sim_array_powered(srv->s, srv->ls[i].array);
    bool changed = false;
    pthread_mutex_lock(&srv->mu);
    for (size_t i = 0; i < srv->nls; i++) {
        struct listener *l = &srv->ls[i];
        bool was = atomic_exchange(&l->powered, on[i]);
        if (was && !on[i])
            atomic_fetch_add(&l->boot, 1);
        if (!on[i]) {
            changed |= l->bind != NULL;
            listener_close(l);
            for (struct conn *c = srv->conns; c; c = c->next)
                if (c->l == l)
                    conn_cut(c);
        } else if (!l->bind) {
            char errbuf[256];
            if (listener_open(l, errbuf, sizeof(errbuf)))
                rclog(RCLOG_WARN, "%s", errbuf);    /* retried on the next round */
            changed |= l->bind != NULL;
        }
    }
    pthread_mutex_unlock(&srv->mu);
    free(on);
    if (changed)
        poke(srv);
}

/* A power change (sim_power_watch): the listeners follow before it
 * returns. */
static void on_power(void *ctx, const char *array, bool on)
{
    (void)array, (void)on;
    follow_power(ctx);
}

/* --- admission -------------------------------------------------------------- */

static unsigned rand_percent(struct ssh_server *srv)
{
    /* xorshift64: early drops need no better randomness */
    uint64_t x = srv->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    srv->rng = x;
    return (unsigned)(x % 100);
}

/* MaxStartups begin:rate:full, as OpenSSH's drop_connection(). */
static bool early_drop(struct ssh_server *srv, unsigned preauth)
{
    if (preauth < STARTUPS_BEGIN)
        return false;
    unsigned p = STARTUPS_RATE + (100 - STARTUPS_RATE) * (preauth - STARTUPS_BEGIN) /
                                     (STARTUPS_FULL - STARTUPS_BEGIN);
    return rand_percent(srv) < p;
}

/* Past EVICT_WINDOW, the silent connections (logging in, key exchange
 * not over) that make way for newcomers: among the oldest ones, the
 * oldest from the address that holds the most of them. */
#define EVICT_WINDOW 64

/* What admission looks at: the newcomer's address and the connections
 * still logging in on the same listener, oldest first. */
struct startups {
    unsigned from_source;       /* logging in from the newcomer's address */
    struct conn *silent;        /* the silent one to make way, or NULL */
    struct conn *oldest;        /* the oldest logging in */
};

static void startups_scan(struct ssh_server *srv, struct listener *l, const char *source,
                          struct startups *st)
{
    struct conn *w[EVICT_WINDOW];
    size_t n = 0, best_count = 0;
    memset(st, 0, sizeof(*st));
    for (struct conn *c = srv->conns; c; c = c->next) {
        if (c->l != l || c->authed || c->cut)
            continue;
        st->from_source += !strcmp(c->source, source);
        st->oldest = st->oldest ? st->oldest : c;
        if (!c->kex_done && n < EVICT_WINDOW)
            w[n++] = c;
    }
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        for (size_t j = 0; j < n; j++)
            count += !strcmp(w[j]->source, w[i]->source);
        if (count > best_count) {
            st->silent = w[i];
            best_count = count;
        }
    }
}

/* Ends victim to make room (victim may be NULL or too young); returns
 * whether it did. */
static bool evict(struct listener *l, struct conn *victim, int64_t min_age, int64_t now)
{
    if (!victim || now - victim->started_ms < min_age)
        return false;
    rclog(RCLOG_DEBUG, "array '%s': ssh connection from %s dropped to make room (after %lld ms)",
          l->array, victim->source, (long long)(now - victim->started_ms));
    conn_cut(victim);
    return true;
}

/* Why a new connection from source is refused, or NULL to take it. The
 * caller holds srv->mu. */
static const char *admit(struct ssh_server *srv, struct listener *l, const char *source,
                         int64_t now)
{
    struct startups st;
    startups_scan(srv, l, source, &st);
    if (st.from_source >= PREAUTH_PER_SOURCE)
        return "too many connections logging in from this address";
    bool full = l->nconn >= l->cap || l->npreauth >= STARTUPS_FULL;
    /* random early drop spares an address's first connection: a real
     * client rarely has two logging in at once, a flood always has */
    if (st.from_source && (full || early_drop(srv, l->npreauth)))
        return "early drop: many connections logging in";
    if (!full || evict(l, st.silent, 0, now) ||
        (l->nconn < l->cap && evict(l, st.oldest, EVICT_AFTER_MS, now)))
        return NULL;
    return l->nconn >= l->cap ? "too many connections" : "too many connections logging in";
}

static void log_limited(struct ssh_server *srv, enum rclog_level level, const char *key,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void log_limited(struct ssh_server *srv, enum rclog_level level, const char *key,
                        const char *fmt, ...)
{
    unsigned dropped = 0;
    if (level < rclog_threshold || !rclog_limiter_admit(srv->logs, key, sim_mono_ms(), &dropped))
        return;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (dropped)
        strbuf_addf(&sb, " (and %u more like it)", dropped);
    rclog(level, "%s", sb.buf);
    strbuf_release(&sb);
}

/* Starts the thread of an admitted connection; the caller holds srv->mu. */
static void conn_start(struct ssh_server *srv, struct listener *l, ssh_session session,
                       int fd, const char *source, int64_t now)
{
    struct conn *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->l = l;
    c->session = session;
    c->fd = fd;
    c->boot = atomic_load(&l->boot);
    c->started_ms = now;
    snprintf(c->source, sizeof(c->source), "%s", source);
    c->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    int rc = c->wake_fd < 0 ? errno : pthread_create(&t, &attr, ssh_conn_main, c);
    pthread_attr_destroy(&attr);
    if (rc) {
        log_limited(srv, RCLOG_ERROR, "start", "array '%s': ssh: cannot start a connection: %s",
                    l->array, strerror(rc));
        if (c->wake_fd >= 0)
            close(c->wake_fd);
        ssh_free(session);      /* closes fd */
        free(c);
        return;
    }
    c->prev = srv->conns_tail;
    *(srv->conns_tail ? &srv->conns_tail->next : &srv->conns) = c;
    srv->conns_tail = c;
    l->nconn++;
    l->npreauth++;
    srv->nconn++;
}

/* Accepts one connection on l, if admitted; the caller holds srv->mu. */
static void accept_one(struct ssh_server *srv, struct listener *l)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int fd = accept4(ssh_bind_get_fd(l->bind), (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
    int64_t now = sim_mono_ms();
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            /* out of descriptors: wait for some to close, do not spin */
            l->paused_until_ms = now + ACCEPT_PAUSE_MS;
            log_limited(srv, RCLOG_WARN, "accept", "array '%s': ssh accept: %s", l->array,
                        strerror(errno));
        }
        return;
    }
    char source[RC_SOURCE_MAX];
    rc_source_of((struct sockaddr *)&ss, source, sizeof(source));
    const char *why = admit(srv, l, source, now);
    if (why) {
        log_limited(srv, RCLOG_WARN, why, "array '%s': ssh connection from %s refused: %s "
                    "(%u logging in, %u open)", l->array, source, why, l->npreauth, l->nconn);
        close(fd);
        return;
    }
    ssh_session session = ssh_new();
    if (!session) {
        close(fd);
        return;
    }
    if (ssh_bind_accept_fd(l->bind, session, fd) != SSH_OK) {
        rclog(RCLOG_DEBUG, "array '%s': ssh accept: %s", l->array, ssh_get_error(l->bind));
        bool owned = ssh_get_fd(session) == fd;     /* else it is still ours */
        ssh_free(session);
        if (!owned)
            close(fd);
        return;
    }
    conn_start(srv, l, session, fd, source, now);
}

void ssh_conn_kex_done(struct conn *c)
{
    pthread_mutex_lock(&c->srv->mu);
    c->kex_done = true;
    pthread_mutex_unlock(&c->srv->mu);
}

void ssh_conn_logged_in(struct conn *c)
{
    pthread_mutex_lock(&c->srv->mu);
    if (!c->authed) {
        c->authed = true;
        c->l->npreauth--;
    }
    pthread_mutex_unlock(&c->srv->mu);
}

void ssh_conn_forget(struct conn *c)
{
    struct ssh_server *srv = c->srv;
    pthread_mutex_lock(&srv->mu);
    *(c->prev ? &c->prev->next : &srv->conns) = c->next;
    *(c->next ? &c->next->prev : &srv->conns_tail) = c->prev;
    c->l->nconn--;
    if (!c->authed)
        c->l->npreauth--;
    srv->nconn--;
    pthread_cond_broadcast(&srv->cv);
    pthread_mutex_unlock(&srv->mu);
}

/* --- the accept thread ------------------------------------------------------- */

static void drain(int fd)
{
    uint64_t n;
    if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        rclog(RCLOG_DEBUG, "ssh: eventfd: %s", strerror(errno));
}

static void *accept_main(void *arg)
{
    struct ssh_server *srv = arg;
    struct pollfd *pfds = xcalloc(srv->nls + 2, sizeof(*pfds));
    struct listener **owner = xcalloc(srv->nls + 2, sizeof(*owner));
    unsigned *gen = xcalloc(srv->nls + 2, sizeof(*gen));
    int64_t next_check = 0;
    while (!atomic_load(&srv->stopping)) {
        int64_t now = sim_mono_ms();
        if (now >= next_check) {
            follow_power(srv);
            next_check = now + POLL_MS;
        }
        size_t n = 0;
        int wait = (int)(next_check - now);
        pfds[n++] = (struct pollfd){ .fd = srv->stop_fd, .events = POLLIN };
        pfds[n++] = (struct pollfd){ .fd = srv->poke_fd, .events = POLLIN };
        pthread_mutex_lock(&srv->mu);
        for (size_t i = 0; i < srv->nls; i++) {
            struct listener *l = &srv->ls[i];
            if (!l->bind)
                continue;
            if (l->paused_until_ms > now) {
                int left = (int)(l->paused_until_ms - now);
                wait = left < wait ? left : wait;
                continue;
            }
            owner[n] = l;
            gen[n] = l->gen;
            pfds[n++] = (struct pollfd){ .fd = ssh_bind_get_fd(l->bind), .events = POLLIN };
        }
        pthread_mutex_unlock(&srv->mu);
        if (poll(pfds, n, wait < 0 ? 0 : wait) <= 0)
            continue;
        if (pfds[0].revents)
            break;
        if (pfds[1].revents)
            drain(srv->poke_fd);
        pthread_mutex_lock(&srv->mu);
        for (size_t i = 2; i < n; i++)
            if ((pfds[i].revents & POLLIN) && owner[i]->bind && owner[i]->gen == gen[i])
                accept_one(srv, owner[i]);
        pthread_mutex_unlock(&srv->mu);
    }
    free(pfds);
    free(owner);
    free(gen);
    return NULL;
}

/* --- interface -------------------------------------------------------------- */

static void server_free(struct ssh_server *srv)
{
    for (size_t i = 0; i < srv->nls; i++) {
        listener_close(&srv->ls[i]);
        free(srv->ls[i].hostkey_pem);
    }
    free(srv->ls);
    if (srv->stop_fd >= 0)
        close(srv->stop_fd);
    if (srv->poke_fd >= 0)
        close(srv->poke_fd);
    rclog_limiter_free(srv->logs);
    pthread_cond_destroy(&srv->cv);
    pthread_mutex_destroy(&srv->mu);
    free(srv);
}

int ssh_server_start(struct sim *s, struct ssh_server **out, char *errbuf, size_t errlen)
{
    struct sim_err err = { 0 };
    struct sim_array_view *arrays = NULL;
    size_t n = 0;
    *out = NULL;
    if (sim_array_list(s, &arrays, &n, &err)) {
        snprintf(errbuf, errlen, "cannot list arrays: %s", err.detail);
        return -1;
    }
    struct ssh_server *srv = xcalloc(1, sizeof(*srv));
    srv->s = s;
    srv->stop_fd = srv->poke_fd = -1;
    srv->login_grace_ms = sim_auth_policy_get(s).login_grace_ms;
    srv->logs = rclog_limiter_new();
    if (getrandom(&srv->rng, sizeof(srv->rng), GRND_NONBLOCK) != sizeof(srv->rng) || !srv->rng)
        srv->rng = (uint64_t)sim_mono_ms() | 1;
    pthread_mutex_init(&srv->mu, NULL);
    pthread_cond_init(&srv->cv, NULL);
    srv->ls = xcalloc(n ? n : 1, sizeof(*srv->ls));
    /* two descriptors a connection (the socket and its wake-up) */
    unsigned cap = rc_nofile_share(SSH_FD_SHARE, 0, (unsigned)(2 * (n ? n : 1)), 8,
                                   SSH_CONNS_MAX);
    for (size_t i = 0; i < n; i++) {
        if (!arrays[i].ssh_port)
            continue;
        struct listener *l = &srv->ls[srv->nls++];
        l->srv = srv;
        snprintf(l->array, sizeof(l->array), "%s", arrays[i].name);
        snprintf(l->addr, sizeof(l->addr), "%s", arrays[i].ssh_addr);
        l->port = arrays[i].ssh_port;
        l->cap = cap;
        if (hostkey_load(srv, l, errbuf, errlen))
            goto fail;
        /* Open now, so that a busy port is an error at start-up. */
        atomic_store(&l->powered, arrays[i].powered);
        if (arrays[i].powered && listener_open(l, errbuf, errlen))
            goto fail;
    }
    free(arrays);
    arrays = NULL;
    srv->stop_fd = eventfd(0, EFD_CLOEXEC);
    srv->poke_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (srv->stop_fd < 0 || srv->poke_fd < 0) {
        snprintf(errbuf, errlen, "eventfd: %s", strerror(errno));
        goto fail;
    }
    int rc = pthread_create(&srv->accept_thread, NULL, accept_main, srv);
    if (rc) {
        snprintf(errbuf, errlen, "cannot start the ssh thread: %s", strerror(rc));
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

void ssh_server_stop(struct ssh_server *srv)
{
    if (!srv)
        return;
    sim_power_unwatch(srv->s, on_power, srv);
    atomic_store(&srv->stopping, true);
    uint64_t one = 1;
    if (write(srv->stop_fd, &one, sizeof(one)) < 0)
        rclog(RCLOG_WARN, "ssh: cannot signal the accept thread: %s", strerror(errno));
    pthread_join(srv->accept_thread, NULL);
    /* Connection threads see `stopping` within their poll and end their
     * channels; wait for the last one. */
    pthread_mutex_lock(&srv->mu);
    for (struct conn *c = srv->conns; c; c = c->next)
        conn_cut(c);
    while (srv->nconn > 0)
        pthread_cond_wait(&srv->cv, &srv->mu);
    pthread_mutex_unlock(&srv->mu);
    server_free(srv);
}
