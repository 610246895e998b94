/* cli/ssh_conn.c - one SSH connection: its thread, key exchange, password
 * authentication, session channels and the flow of their bytes.
 * Owns: the libssh session of the connection (only this thread calls
 * libssh for it), channel callbacks, how much of a channel's input and
 * output is held in memory. Not: listening and admission (ssh.c), what a
 * channel does with its bytes (ssh_chan.c, ssh_term.c).
 * Spec: docs/array-interfaces.md §5.1, §5.2; docs/behaviour.md
 * "Security".
 *
 * Memory is bounded per channel both ways. Input goes to the worker's
 * queue while it has room, then to the channel's own pending buffer, then
 * stays in libssh's channel buffer, where it keeps the client's SSH window
 * closed (libssh grants more only while it buffers little). Once the
 * pending buffer is empty, what libssh holds is read into it; a read
 * reopens the window (by libssh's WINDOW, about 1.3 MB), so the pending
 * buffer takes a whole window at a time and nothing grows from round to
 * round. A client that sends past its window is cut off. Output is taken from the worker only
 * once the previous batch has gone to the socket, and the worker reads no
 * further command while its output waits (ssh_chan.c), so a client that
 * never reads stalls only its own channel. */
#include "cli/ssh_conn.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>


#include "cli/ssh_chan.h"
#include "sim/auth.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define POLL_MS 100             /* stop requests, timers */
#define SEND_POLL_MS 5          /* while output waits for the socket */
#define MAX_CHANNELS 10         /* open session channels per connection (OpenSSH: 10) */
#define MAX_AUTH_FAILURES 3     /* wrong passwords before the disconnect */
#define AUTH_FAIL_DELAY_MS 1000
#define KEX_TIMEOUT_S 10
#define SEND_CHUNK (64 * 1024)  /* written to libssh at once, per channel */
/* Input taken from libssh and not yet queued for the worker: more than
 * the window libssh grants at a time (about 1.3 MB). */
#define PENDING_MAX (1536u * 1024)
/* Input libssh may hold for a channel: its window and a margin; more
 * means the client ignores the window. */
#define HELD_MAX (4u * 1024 * 1024)

struct conn_chan {
    struct conn *c;
    ssh_channel channel;
    struct ssh_chan *worker;    /* NULL until shell or exec */
    bool pty;
    bool client_closed;         /* the client closed (or the conn died) */
    bool finished;              /* exit status, EOF and close sent */
    bool held;                  /* libssh holds input we had no room for */
    struct strbuf pending;      /* input taken from libssh, not yet queued */
    bool eof_held;              /* the client's EOF, told once the held input is in */
    struct strbuf out, err;     /* taken from the worker, not yet sent */
    struct ssh_channel_callbacks_struct cb;
    struct conn_chan *next;
};

/* --- channels --------------------------------------------------------------- */

static void conn_wake(void *ctx)
{
    struct conn *c = ctx;
    uint64_t one = 1;
    if (write(c->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        rclog(RCLOG_WARN, "ssh: cannot wake a connection: %s", strerror(errno));
}

/* Queues what the worker has room for from pending. */
static void chan_queue_pending(struct conn_chan *cc)
{
    if (!cc->pending.len)
        return;
    size_t n = ssh_chan_input(cc->worker, cc->pending.buf, cc->pending.len);
    memmove(cc->pending.buf, cc->pending.buf + n, cc->pending.len - n);
    strbuf_setlen(&cc->pending, cc->pending.len - n);
}

static int chan_data(ssh_session session, ssh_channel channel, void *data, uint32_t len,
                     int is_stderr, void *userdata)
{
    (void)session, (void)channel, (void)is_stderr;
    struct conn_chan *cc = userdata;
    if (!cc->worker)
        return (int)len;        /* data before shell/exec is dropped */
    size_t took = cc->pending.len ? 0 : ssh_chan_input(cc->worker, data, len);
    size_t room = PENDING_MAX - cc->pending.len;
    size_t keep = len - took < room ? len - took : room;
    strbuf_add(&cc->pending, (const char *)data + took, keep);
    took += keep;
    if (took < len) {
        cc->held = true;
        if (len > HELD_MAX && !cc->c->flooding) {
            rclog(RCLOG_WARN, "array '%s': ssh client %s sends past its window: cut off",
                  cc->c->l->array, cc->c->source);
            cc->c->flooding = true;
        }
    }
    return (int)took;
}

/* Hands pending input to the worker as it makes room, and once none is
 * pending, reads what libssh holds (see the top of the file). */
static void chan_feed(struct conn_chan *cc)
{
    if (!cc->worker || cc->client_closed)
        return;
    chan_queue_pending(cc);
    char buf[64 * 1024];
    while (cc->held && !cc->pending.len) {
        size_t got = 0;
        while (got < PENDING_MAX) {
            int n = ssh_channel_read_nonblocking(cc->channel, buf, sizeof(buf), 0);
            if (n > 0) {
                strbuf_add(&cc->pending, buf, (size_t)n);
                got += (size_t)n;
            }
            if (n < (int)sizeof(buf)) {
                cc->held = false;       /* libssh has no more */
                break;
            }
        }
        chan_queue_pending(cc);
    }
    if (!cc->held && !cc->pending.len && cc->eof_held) {
        cc->eof_held = false;
        ssh_chan_input_eof(cc->worker);
    }
}

static void chan_eof(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session, (void)channel;
    struct conn_chan *cc = userdata;
    if (cc->worker && (cc->held || cc->pending.len))
        cc->eof_held = true;
    else if (cc->worker)
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
    strbuf_init(&cc->pending);
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

/* Whether the socket takes more now: output waits in the kernel, not in
 * libssh's buffer, when the client does not read. */
static bool socket_writable(const struct conn *c)
{
    struct pollfd p = { .fd = c->fd, .events = POLLOUT };
    return poll(&p, 1, 0) == 1 && (p.revents & POLLOUT);
}

/* Sends what the window allows from sb; returns -1 on a dead channel. */
static int chan_send(struct conn_chan *cc, struct strbuf *sb, bool is_stderr)
{
    if (!sb->len || !socket_writable(cc->c))
        return 0;
    uint32_t window = ssh_channel_window_size(cc->channel);
    size_t n = sb->len < window ? sb->len : window;
    if (n > SEND_CHUNK)
        n = SEND_CHUNK;
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
    chan_feed(cc);
    int status = 0;
    bool done = false;
    /* the next batch only once the last has gone */
    if (!cc->out.len && !cc->err.len)
        done = ssh_chan_take(cc->worker, &cc->out, &cc->err, &status);
    if (cc->client_closed) {
        strbuf_reset(&cc->out);
        strbuf_reset(&cc->err);
        if (done)
            cc->finished = true;
        return;
    }
    /* as much as the socket takes now */
    for (size_t before = SIZE_MAX; cc->out.len + cc->err.len < before;) {
        before = cc->out.len + cc->err.len;
        if (chan_send(cc, &cc->out, false) || chan_send(cc, &cc->err, true)) {
            cc->client_closed = true;
            ssh_chan_abort(cc->worker);
            return;
        }
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
    strbuf_release(&cc->pending);
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
        ssh_conn_logged_in(c);
        rclog(RCLOG_DEBUG, "array '%s': ssh login '%s' from %s", c->l->array, c->user,
              c->source);
        return SSH_AUTH_SUCCESS;
    }
    /* a wrong password, an unknown user or a name or source locked by the
     * shared limiter (sim/auth.c) look the same to the client: a failure
     * after the delay, and the connection ends at the per-connection limit */
    c->auth_failures++;
    rclog(RCLOG_INFO, "array '%s': ssh login refused for '%.64s' from %s (%d of %d)%s",
          c->l->array, user, c->source, c->auth_failures, MAX_AUTH_FAILURES,
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

/* --- the connection ------------------------------------------------------- */

static bool conn_should_end(struct conn *c)
{
    const char *why = NULL;
    if (atomic_load(&c->srv->stopping))
        why = "server stopping";
    else if (!atomic_load(&c->l->powered) || atomic_load(&c->l->boot) != c->boot)
        why = "array powered off";
    else if (c->auth_failures >= MAX_AUTH_FAILURES)
        why = "too many wrong passwords";
    else if (!c->authed && sim_mono_ms() - c->started_ms > c->srv->login_grace_ms)
        why = "login grace time over";
    else if (c->flooding)
        why = "client ignores its window";
    else if (!ssh_is_connected(c->session))
        why = "client gone";
    if (why)
        rclog(RCLOG_DEBUG, "array '%s': ssh connection from %s ends: %s", c->l->array,
              c->source, why);
    return why != NULL;
}

static void conn_run(struct conn *c)
{
    /* the key exchange blocks: it gets no longer than the login */
    long timeout = (long)((c->srv->login_grace_ms + 999) / 1000);
    if (timeout > KEX_TIMEOUT_S)
        timeout = KEX_TIMEOUT_S;
    ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout);
    /* Small request/response packets: no Nagle delay (40 ms per reply). */
    int one = 1;
    if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
        rclog(RCLOG_DEBUG, "ssh: TCP_NODELAY: %s", strerror(errno));
    c->server_cb = xcalloc(1, sizeof(*c->server_cb));
    *c->server_cb = (struct ssh_server_callbacks_struct){
        .userdata = c,
        .auth_password_function = auth_password,
        .auth_pubkey_function = auth_pubkey,
        .channel_open_request_session_function = chan_open,
    };
    ssh_callbacks_init(c->server_cb);
    if (ssh_set_server_callbacks(c->session, c->server_cb) != SSH_OK)
        return;
    ssh_set_auth_methods(c->session, SSH_AUTH_METHOD_PASSWORD);
    /* Callbacks first: the client's auth request may arrive during the
     * key exchange and must not be handled without them. */
    if (ssh_handle_key_exchange(c->session) != SSH_OK) {
        rclog(RCLOG_DEBUG, "array '%s': ssh key exchange with %s failed: %s", c->l->array,
              c->source, ssh_get_error(c->session));
        return;
    }
    ssh_conn_kex_done(c);

    c->event = ssh_event_new();
    if (!c->event || ssh_event_add_session(c->event, c->session) != SSH_OK ||
        ssh_event_add_fd(c->event, c->wake_fd, POLLIN, wake_fd_cb, c) != SSH_OK) {
        rclog(RCLOG_ERROR, "array '%s': ssh: cannot set up the event loop", c->l->array);
        return;
    }
    while (!conn_should_end(c)) {
        /* the socket's room is not an event here: look again soon */
        int wait = POLL_MS;
        for (struct conn_chan *cc = c->chans; cc; cc = cc->next)
            if (cc->out.len || cc->err.len)
                wait = SEND_POLL_MS;
        if (ssh_event_dopoll(c->event, wait) == SSH_ERROR) {
            rclog(RCLOG_DEBUG, "array '%s': ssh connection from %s ends: %s", c->l->array,
                  c->source, ssh_get_error(c->session));
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
    /* forgotten first: nobody may shut down the socket once it is closed */
    ssh_conn_forget(c);
    ssh_disconnect(c->session);
    ssh_free(c->session);
    free(c->server_cb);
    close(c->wake_fd);
}

void *ssh_conn_main(void *arg)
{
    struct conn *c = arg;
    conn_run(c);
    conn_cleanup(c);
    free(c);
    return NULL;
}
