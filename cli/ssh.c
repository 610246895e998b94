/* cli/ssh.c - the array CLI over SSH: one libssh listener per array.
 *
 * Owns: listeners (opened while the array is powered, closed while it is
 * off), host keys (generated once, kept with sim_secret_put so that a
 * restart presents the same key: paramiko raises BadHostKeyException on a
 * changed one), connections, password authentication, session channels.
 * Not: what a channel does with its bytes (ssh_chan.c, ssh_term.c),
 * commands (cli.h). The only file that includes libssh.
 * Spec: reference wsapi-and-ssh.md §5.1, §5.2, §5.7, §6 items 1-4, 29, 30.
 *
 * Threads: one accept thread polls every listener and, every POLL_MS,
 * opens or closes listeners to follow the arrays' power. Each accepted
 * connection gets a thread that owns its libssh session and runs an
 * ssh_event loop (key exchange, auth, channel requests, data); each shell
 * or exec channel gets a worker thread (ssh_chan.c) that runs commands, so
 * a long command never stalls the other channels or Ctrl-C. Workers hand
 * output back through a queue and an eventfd; only the connection thread
 * calls libssh for its session. */
#include "cli/ssh.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "cli/ssh_chan.h"
#include "sim/array.h"
#include "sim/auth.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "util/log.h"
#include "util/netaddr.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define POLL_MS 100             /* power checks, stop requests */
#define MAX_CONNECTIONS 256     /* per server; more are closed at once */
#define MAX_CHANNELS 32         /* open session channels per connection */
#define MAX_AUTH_FAILURES 3     /* wrong passwords before the disconnect */
#define AUTH_FAIL_DELAY_MS 1000
#define LOGIN_GRACE_MS 60000    /* time to authenticate */
#define KEX_TIMEOUT_S 10
#define HOSTKEY_KIND "ssh_hostkey"

struct listener {
    struct ssh_server *srv;
    char array[SIM_ARRAY_NAME_MAX + 1];
    char addr[64];
    int port;
    char *hostkey_pem;
    ssh_bind bind;              /* NULL while closed */
    atomic_bool powered;        /* read by connection threads */
};

struct ssh_server {
    struct sim *s;
    struct listener *ls;
    size_t nls;
    pthread_t accept_thread;
    int stop_fd;                /* eventfd: stop requested */
    atomic_bool stopping;
    pthread_mutex_t mu;         /* nconn, and the cv */
    pthread_cond_t cv;          /* signalled when a connection ends */
    int nconn;
};

struct conn_chan {
    struct conn *c;
    ssh_channel channel;
    struct ssh_chan *worker;    /* NULL until shell or exec */
    bool pty;
    bool client_closed;         /* the client closed (or the conn died) */
    bool finished;              /* exit status, EOF and close sent */
    struct strbuf out, err;     /* taken from the worker, not yet sent */
    struct ssh_channel_callbacks_struct cb;
    struct conn_chan *next;
};

struct conn {
    struct ssh_server *srv;
    struct listener *l;
    ssh_session session;
    ssh_event event;
    int wake_fd;                /* eventfd: a worker has output */
    bool authed;
    int auth_failures;
    char user[SIM_NAME_MAX + 1];
    char source[RC_SOURCE_MAX];
    enum sim_user_role role;
    struct conn_chan *chans;
    int nchans;
    struct ssh_server_callbacks_struct server_cb;
};

/* --- host keys ----------------------------------------------------------- */

/* Loads the array's host key, or makes one and keeps it (an RSA key, which
 * every client, paramiko included, accepts). */
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
    ssh_key key = NULL;
    char *b64 = NULL;
    if (ssh_pki_generate(SSH_KEYTYPE_ECDSA_P256, 256, &key) != SSH_OK ||
        ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &b64) != SSH_OK) {
        ssh_key_free(key);
        snprintf(errbuf, errlen, "array '%s': cannot make an ssh host key", l->array);
        return -1;
    }
    ssh_key_free(key);
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

static int listener_open(struct listener *l, char *errbuf, size_t errlen)
{
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
        ssh_bind_options_set(b, SSH_BIND_OPTIONS_BINDPORT, &l->port) != SSH_OK ||
        ssh_bind_listen(b) != SSH_OK) {
        snprintf(errbuf, errlen, "array '%s': cannot listen on %s:%d: %s", l->array, l->addr,
                 l->port, ssh_get_error(b));
        goto fail;
    }
    l->bind = b;
    rclog(RCLOG_INFO, "array '%s': ssh listening on %s:%d", l->array, l->addr, l->port);
    return 0;
fail:
    ssh_bind_free(b);
    return -1;
}

static void listener_close(struct listener *l)
{
    if (!l->bind)
        return;
    ssh_bind_free(l->bind);
    l->bind = NULL;
    rclog(RCLOG_INFO, "array '%s': ssh listener closed", l->array);
}

/* --- channels --------------------------------------------------------------- */

static void conn_wake(void *ctx)
{
    struct conn *c = ctx;
    uint64_t one = 1;
    if (write(c->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        rclog(RCLOG_WARN, "ssh: cannot wake a connection: %s", strerror(errno));
}

static int chan_data(ssh_session session, ssh_channel channel, void *data, uint32_t len,
                     int is_stderr, void *userdata)
{
    (void)session, (void)channel, (void)is_stderr;
    struct conn_chan *cc = userdata;
    if (cc->worker)
        ssh_chan_input(cc->worker, data, len);
    return (int)len;    /* data before shell/exec is dropped */
}

static void chan_eof(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session, (void)channel;
    struct conn_chan *cc = userdata;
    if (cc->worker)
        ssh_chan_input_eof(cc->worker);
}

static void chan_close(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session, (void)channel;
    struct conn_chan *cc = userdata;
    cc->client_closed = true;
    if (cc->worker)
        ssh_chan_abort(cc->worker);
}

static int chan_pty(ssh_session session, ssh_channel channel, const char *term, int width,
                    int height, int pxwidth, int pxheight, void *userdata)
{
    (void)session, (void)channel, (void)term, (void)width, (void)height;
    (void)pxwidth, (void)pxheight;
    struct conn_chan *cc = userdata;
    if (cc->worker)
        return -1;
    cc->pty = true;
    return 0;
}

static int chan_window_change(ssh_session session, ssh_channel channel, int width,
                              int height, int pxwidth, int pxheight, void *userdata)
{
    (void)session, (void)channel, (void)width, (void)height;
    (void)pxwidth, (void)pxheight, (void)userdata;
    return 0;           /* lines are never wrapped (§5.2 item 1) */
}

static int chan_start(struct conn_chan *cc, enum ssh_chan_kind kind, const char *command)
{
    if (cc->worker)
        return -1;      /* one shell or exec per channel */
    struct conn *c = cc->c;
    const struct ssh_chan_params p = {
        .s = c->srv->s, .array = c->l->array, .user = c->user, .role = c->role,
        .pty = cc->pty, .kind = kind, .command = command,
        .wake = conn_wake, .wake_ctx = c,
    };
    cc->worker = ssh_chan_start(&p);
    if (!cc->worker)
        return -1;
    rclog(RCLOG_DEBUG, "array '%s': ssh %s%s for '%s'", c->l->array,
          kind == SSH_CHAN_EXEC ? "exec" : "shell", cc->pty ? " (pty)" : "", c->user);
    return 0;
}

static int chan_shell(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session, (void)channel;
    return chan_start(userdata, SSH_CHAN_SHELL, NULL);
}

static int chan_exec(ssh_session session, ssh_channel channel, const char *command,
                     void *userdata)
{
    (void)session, (void)channel;
    return chan_start(userdata, SSH_CHAN_EXEC, command);
}

static ssh_channel chan_open(ssh_session session, void *userdata)
{
    struct conn *c = userdata;
    if (!c->authed || c->nchans >= MAX_CHANNELS)
        return NULL;
    ssh_channel channel = ssh_channel_new(session);
    if (!channel)
        return NULL;
    struct conn_chan *cc = xcalloc(1, sizeof(*cc));
    cc->c = c;
    cc->channel = channel;
    strbuf_init(&cc->out);
    strbuf_init(&cc->err);
    cc->cb = (struct ssh_channel_callbacks_struct){
        .userdata = cc,
        .channel_data_function = chan_data,
        .channel_eof_function = chan_eof,
        .channel_close_function = chan_close,
        .channel_pty_request_function = chan_pty,
        .channel_pty_window_change_function = chan_window_change,
        .channel_shell_request_function = chan_shell,
        .channel_exec_request_function = chan_exec,
    };
    ssh_callbacks_init(&cc->cb);
    ssh_set_channel_callbacks(channel, &cc->cb);
    cc->next = c->chans;
    c->chans = cc;
    c->nchans++;
    return channel;
}

/* Sends what the window allows from sb; returns -1 on a dead channel. */
static int chan_send(struct conn_chan *cc, struct strbuf *sb, bool is_stderr)
{
    if (!sb->len)
        return 0;
    uint32_t window = ssh_channel_window_size(cc->channel);
    size_t n = sb->len < window ? sb->len : window;
    if (!n)
        return 0;
    int rc = is_stderr ? ssh_channel_write_stderr(cc->channel, sb->buf, (uint32_t)n)
                       : ssh_channel_write(cc->channel, sb->buf, (uint32_t)n);
    if (rc < 0)
        return -1;
    size_t sent = (size_t)rc;
    memmove(sb->buf, sb->buf + sent, sb->len - sent);
    strbuf_setlen(sb, sb->len - sent);
    return 0;
}

/* Moves a channel's output to the client; after the worker ends, sends
 * exit-status, EOF and close (§5.2 items 3-4). */
static void chan_pump(struct conn_chan *cc)
{
    if (!cc->worker || cc->finished)
        return;
    int status = 0;
    bool done = ssh_chan_take(cc->worker, &cc->out, &cc->err, &status);
    if (cc->client_closed) {
        strbuf_reset(&cc->out);
        strbuf_reset(&cc->err);
        if (done)
            cc->finished = true;
        return;
    }
    if (chan_send(cc, &cc->out, false) || chan_send(cc, &cc->err, true)) {
        cc->client_closed = true;
        ssh_chan_abort(cc->worker);
        return;
    }
    if (done && !cc->out.len && !cc->err.len) {
        if (ssh_channel_request_send_exit_status(cc->channel, status) != SSH_OK ||
            ssh_channel_send_eof(cc->channel) != SSH_OK ||
            ssh_channel_close(cc->channel) != SSH_OK)
            rclog(RCLOG_DEBUG, "ssh: channel end: %s", ssh_get_error(cc->c->session));
        cc->finished = true;
    }
}

static void chan_free(struct conn_chan *cc)
{
    ssh_chan_free(cc->worker);
    /* libssh may keep the channel until the client's close arrives */
    ssh_remove_channel_callbacks(cc->channel, &cc->cb);
    ssh_channel_free(cc->channel);
    strbuf_release(&cc->out);
    strbuf_release(&cc->err);
    free(cc);
}

/* Frees channels that are done with on both sides. */
static void conn_reap(struct conn *c)
{
    struct conn_chan **pp = &c->chans;
    while (*pp) {
        struct conn_chan *cc = *pp;
        bool gone = cc->finished || (cc->client_closed && !cc->worker);
        if (gone) {
            *pp = cc->next;
            c->nchans--;
            chan_free(cc);
        } else {
            pp = &cc->next;
        }
    }
}

/* --- authentication ------------------------------------------------------- */

static int auth_password(ssh_session session, const char *user, const char *password,
                         void *userdata)
{
    (void)session;
    struct conn *c = userdata;
    struct sim_err err = { 0 };
    enum sim_user_role role = SIM_ROLE_NONE;
    if (c->auth_failures >= MAX_AUTH_FAILURES)
        return SSH_AUTH_DENIED;
    if (!sim_user_auth(c->srv->s, c->l->array, user, password, c->source, &role, &err)) {
        snprintf(c->user, sizeof(c->user), "%s", user);
        c->role = role;
        c->authed = true;
        rclog(RCLOG_DEBUG, "array '%s': ssh login '%s'", c->l->array, c->user);
        return SSH_AUTH_SUCCESS;
    }
    /* a wrong password, an unknown user or a name locked by the shared
     * limiter (sim/auth.c) look the same to the client: a failure after
     * the delay, and the connection ends at the per-connection limit */
    c->auth_failures++;
    rclog(RCLOG_INFO, "array '%s': ssh login refused for '%.64s' (%d of %d)%s", c->l->array,
          user, c->auth_failures, MAX_AUTH_FAILURES,
          err.rc == SIM_EAUTH_LOCKED ? ": locked after failed logins" : "");
    sim_wall_sleep_ms(AUTH_FAIL_DELAY_MS);
    return SSH_AUTH_DENIED;
}

/* Keys are never accepted; the failure lists "password" (set by
 * ssh_set_auth_methods), so paramiko moves on to the password (§5.1). */
static int auth_pubkey(ssh_session session, const char *user, struct ssh_key_struct *pubkey,
                       char signature_state, void *userdata)
{
    (void)session, (void)user, (void)pubkey, (void)signature_state, (void)userdata;
    return SSH_AUTH_DENIED;
}

static int wake_fd_cb(socket_t fd, int revents, void *userdata)
{
    (void)revents, (void)userdata;
    uint64_t n;
    if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        return -1;
    return 0;
}

/* --- connections ----------------------------------------------------------- */

static bool conn_should_end(struct conn *c, int64_t started_ms)
{
    const char *why = NULL;
    if (atomic_load(&c->srv->stopping))
        why = "server stopping";
    else if (!atomic_load(&c->l->powered))
        why = "array powered off";
    else if (c->auth_failures >= MAX_AUTH_FAILURES)
        why = "too many wrong passwords";
    else if (!c->authed && sim_wall_ms() - started_ms > LOGIN_GRACE_MS)
        why = "login grace time over";
    else if (!ssh_is_connected(c->session))
        why = "client gone";
    if (why)
        rclog(RCLOG_DEBUG, "array '%s': ssh connection ends: %s", c->l->array, why);
    return why != NULL;
}

static void conn_run(struct conn *c)
{
    long timeout = KEX_TIMEOUT_S;
    ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout);
    /* Small request/response packets: no Nagle delay (40 ms per reply). */
    int one = 1;
    if (setsockopt(ssh_get_fd(c->session), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
        rclog(RCLOG_DEBUG, "ssh: TCP_NODELAY: %s", strerror(errno));
    c->server_cb = (struct ssh_server_callbacks_struct){
        .userdata = c,
        .auth_password_function = auth_password,
        .auth_pubkey_function = auth_pubkey,
        .channel_open_request_session_function = chan_open,
    };
    ssh_callbacks_init(&c->server_cb);
    if (ssh_set_server_callbacks(c->session, &c->server_cb) != SSH_OK)
        return;
    ssh_set_auth_methods(c->session, SSH_AUTH_METHOD_PASSWORD);
    /* Callbacks first: the client's auth request may arrive during the
     * key exchange and must not be handled without them. */
    if (ssh_handle_key_exchange(c->session) != SSH_OK) {
        rclog(RCLOG_DEBUG, "array '%s': ssh key exchange failed: %s", c->l->array,
              ssh_get_error(c->session));
        return;
    }

    c->event = ssh_event_new();
    if (!c->event || ssh_event_add_session(c->event, c->session) != SSH_OK ||
        ssh_event_add_fd(c->event, c->wake_fd, POLLIN, wake_fd_cb, c) != SSH_OK) {
        rclog(RCLOG_ERROR, "array '%s': ssh: cannot set up the event loop", c->l->array);
        return;
    }
    int64_t started = sim_wall_ms();
    while (!conn_should_end(c, started)) {
        if (ssh_event_dopoll(c->event, POLL_MS) == SSH_ERROR) {
            rclog(RCLOG_DEBUG, "array '%s': ssh connection ends: %s", c->l->array,
                  ssh_get_error(c->session));
            break;
        }
        for (struct conn_chan *cc = c->chans; cc; cc = cc->next)
            chan_pump(cc);
        conn_reap(c);
    }
}

static void conn_cleanup(struct conn *c)
{
    for (struct conn_chan *cc = c->chans; cc; cc = cc->next) {
        cc->client_closed = true;
        if (cc->worker)
            ssh_chan_abort(cc->worker);
    }
    while (c->chans) {
        struct conn_chan *cc = c->chans;
        c->chans = cc->next;
        chan_free(cc);
    }
    if (c->event) {
        ssh_event_remove_fd(c->event, c->wake_fd);
        ssh_event_remove_session(c->event, c->session);
        ssh_event_free(c->event);
    }
    ssh_disconnect(c->session);
    ssh_free(c->session);
    close(c->wake_fd);
}

static void *conn_main(void *arg)
{
    struct conn *c = arg;
    struct ssh_server *srv = c->srv;
    conn_run(c);
    conn_cleanup(c);
    free(c);
    pthread_mutex_lock(&srv->mu);
    srv->nconn--;
    pthread_cond_broadcast(&srv->cv);
    pthread_mutex_unlock(&srv->mu);
    return NULL;
}

static void accept_one(struct ssh_server *srv, struct listener *l)
{
    ssh_session session = ssh_new();
    if (!session)
        return;
    if (ssh_bind_accept(l->bind, session) != SSH_OK) {
        rclog(RCLOG_DEBUG, "array '%s': ssh accept: %s", l->array, ssh_get_error(l->bind));
        ssh_free(session);
        return;
    }
    pthread_mutex_lock(&srv->mu);
    bool full = srv->nconn >= MAX_CONNECTIONS;
    if (!full)
        srv->nconn++;
    pthread_mutex_unlock(&srv->mu);
    if (full) {
        rclog(RCLOG_WARN, "array '%s': ssh connection refused: %d connections open",
              l->array, MAX_CONNECTIONS);
        ssh_disconnect(session);
        ssh_free(session);
        return;
    }
    struct conn *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->l = l;
    c->session = session;
    rc_source_of_fd(ssh_get_fd(session), c->source, sizeof(c->source));
    c->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    int rc = c->wake_fd < 0 ? errno : pthread_create(&t, &attr, conn_main, c);
    pthread_attr_destroy(&attr);
    if (rc) {
        rclog(RCLOG_ERROR, "array '%s': ssh: cannot start a connection: %s", l->array,
              strerror(rc));
        if (c->wake_fd >= 0)
            close(c->wake_fd);
        ssh_disconnect(session);
        ssh_free(session);
        free(c);
        pthread_mutex_lock(&srv->mu);
        srv->nconn--;
        pthread_cond_broadcast(&srv->cv);
        pthread_mutex_unlock(&srv->mu);
    }
}

/* Opens or closes each listener to follow its array's power. */
static void follow_power(struct ssh_server *srv)
{
    for (size_t i = 0; i < srv->nls; i++) {
        struct listener *l = &srv->ls[i];
        bool on = sim_array_powered(srv->s, l->array);
        atomic_store(&l->powered, on);
        if (on && !l->bind) {
            char errbuf[256];
            if (listener_open(l, errbuf, sizeof(errbuf)))
                rclog(RCLOG_WARN, "%s", errbuf);    /* retried on the next round */
        } else if (!on && l->bind) {
            listener_close(l);
        }
    }
}

static void *accept_main(void *arg)
{
    struct ssh_server *srv = arg;
    struct pollfd *pfds = xcalloc(srv->nls + 1, sizeof(*pfds));
    struct listener **owner = xcalloc(srv->nls + 1, sizeof(*owner));
    int64_t next_check = 0;
    while (!atomic_load(&srv->stopping)) {
        int64_t now = sim_wall_ms();
        if (now >= next_check) {
            follow_power(srv);
            next_check = now + POLL_MS;
        }
        size_t n = 0;
        pfds[n++] = (struct pollfd){ .fd = srv->stop_fd, .events = POLLIN };
        for (size_t i = 0; i < srv->nls; i++) {
            if (!srv->ls[i].bind)
                continue;
            owner[n] = &srv->ls[i];
            pfds[n++] = (struct pollfd){ .fd = ssh_bind_get_fd(srv->ls[i].bind),
                                         .events = POLLIN };
        }
        int wait = (int)(next_check - sim_wall_ms());
        if (poll(pfds, n, wait < 0 ? 0 : wait) <= 0)
            continue;
        if (pfds[0].revents)
            break;
        for (size_t i = 1; i < n; i++)
            if (pfds[i].revents & POLLIN)
                accept_one(srv, owner[i]);
    }
    free(pfds);
    free(owner);
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
    srv->stop_fd = -1;
    pthread_mutex_init(&srv->mu, NULL);
    pthread_cond_init(&srv->cv, NULL);
    srv->ls = xcalloc(n ? n : 1, sizeof(*srv->ls));
    for (size_t i = 0; i < n; i++) {
        if (!arrays[i].ssh_port)
            continue;
        struct listener *l = &srv->ls[srv->nls++];
        l->srv = srv;
        snprintf(l->array, sizeof(l->array), "%s", arrays[i].name);
        snprintf(l->addr, sizeof(l->addr), "%s", arrays[i].ssh_addr);
        l->port = arrays[i].ssh_port;
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
    if (srv->stop_fd < 0) {
        snprintf(errbuf, errlen, "eventfd: %s", strerror(errno));
        goto fail;
    }
    int rc = pthread_create(&srv->accept_thread, NULL, accept_main, srv);
    if (rc) {
        snprintf(errbuf, errlen, "cannot start the ssh thread: %s", strerror(rc));
        goto fail;
    }
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
    atomic_store(&srv->stopping, true);
    uint64_t one = 1;
    if (write(srv->stop_fd, &one, sizeof(one)) < 0)
        rclog(RCLOG_WARN, "ssh: cannot signal the accept thread: %s", strerror(errno));
    pthread_join(srv->accept_thread, NULL);
    /* Connection threads see `stopping` within POLL_MS and end their
     * channels; wait for the last one. */
    pthread_mutex_lock(&srv->mu);
    while (srv->nconn > 0)
        pthread_cond_wait(&srv->cv, &srv->mu);
    pthread_mutex_unlock(&srv->mu);
    server_free(srv);
}
