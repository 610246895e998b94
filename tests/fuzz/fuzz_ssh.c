/* tests/fuzz/fuzz_ssh.c - libFuzzer target: the SSH front at the
 * protocol level. The SSH listeners run in this process on loopback
 * ports, with one libssh client logged in as 3paradm kept across inputs.
 * The first byte of an input (mod 8) chooses what the rest is:
 *   0, 1  raw bytes on a fresh TCP connection (version banner, key
 *         exchange packets, garbage): the server's handshake, admission;
 *   2, 3  the command of an exec channel;
 *   4, 5  the input of a shell channel without a pty, then EOF;
 *   6     the same with a pty (line editor, Ctrl-C, escape sequences),
 *         with a window change at each 0xff byte;
 *   7     a user name, NUL, a password, tried on a fresh connection (a
 *         wrong one costs the server's second of delay: rarer).
 * Output is read until the channel closes. The failed-login limits are
 * off, so that wrong passwords never lock the client out. A crash in any
 * server thread stops the fuzzer. */
#include "cli/ssh.h"
#include "sim/auth.h"
#include "sim/err.h"
#include "sim/sim.h"
#include "tests/fuzz/fuzz_engine.h"

#include <arpa/inet.h>
#include <libssh/libssh.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>


static struct sim *engine;
static struct ssh_server *server;
static int port;
static ssh_session client;

static const struct sim_auth_policy policy = { .session_idle_ms = 60000 };

/* At exit, before libssh's own destructor frees what the server threads
 * use (atexit handlers run first). */
static void teardown(void)
{
    if (client) {
        ssh_disconnect(client);
        ssh_free(client);
        client = NULL;
    }
    ssh_server_stop(server);
    server = NULL;
    sim_close(engine);
    engine = NULL;
}

static int start_ssh(struct sim *s)
{
    char msg[256];
    return ssh_server_start(s, &server, msg, sizeof(msg));
}

static void setup(void)
{
    int off;
    engine = fuzz_engine_start(&policy, start_ssh, &off);
    port = 2222 + off;
    atexit(teardown);
}

static ssh_session dial(const char *user, const char *password)
{
    ssh_session s = ssh_new();
    int verbosity = SSH_LOG_NOLOG;
    long timeout = 10;
    ssh_options_set(s, SSH_OPTIONS_HOST, "127.0.0.1");
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    ssh_options_set(s, SSH_OPTIONS_USER, user);
    ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    if (ssh_connect(s) != SSH_OK ||
        ssh_userauth_password(s, NULL, password) != SSH_AUTH_SUCCESS) {
        ssh_disconnect(s);
        ssh_free(s);
        return NULL;
    }
    return s;
}

/* Reads what the server answers: until it closes, or is quiet for a
 * moment (an incomplete request gets no answer until its time limit; a
 * half-closed socket is not always noticed at once; pipelined requests
 * have several replies). */
static void read_replies(int fd)
{
    char buf[4096];
    int wait = 200;
    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, wait) <= 0 || read(fd, buf, sizeof(buf)) <= 0)
            return;
        wait = 20;
    }
}

static void raw(const uint8_t *data, size_t len)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return;
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        send(fd, data, len, MSG_NOSIGNAL) >= 0) {
        shutdown(fd, SHUT_WR);
        read_replies(fd);
    }
    close(fd);
}

static void drain(ssh_channel ch)
{
    char buf[4096];
    while (!ssh_channel_is_eof(ch) &&
           ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, 5000) > 0)
        ;
}

/* Writes data to a shell; on a pty each 0xff byte is a window change. */
static void feed(ssh_channel ch, const uint8_t *data, size_t len, bool pty)
{
    size_t start = 0;
    for (size_t i = 0; pty && i < len; i++) {
        if (data[i] != 0xff)
            continue;
        if (i > start)
            ssh_channel_write(ch, data + start, (uint32_t)(i - start));
        ssh_channel_change_pty_size(ch, 20 + (int)(i % 200), 5 + (int)(i % 60));
        start = i + 1;
    }
    if (len > start)
        ssh_channel_write(ch, data + start, (uint32_t)(len - start));
}

static void channel(int mode, const uint8_t *data, size_t len)
{
    if (!client && !(client = dial("3paradm", "3pardata")))
        return;
    ssh_channel ch = ssh_channel_new(client);
    if (!ch || ssh_channel_open_session(ch) != SSH_OK) {
        ssh_channel_free(ch);
        ssh_disconnect(client);
        ssh_free(client);
        client = NULL;      /* the next input logs in again */
        return;
    }
    bool pty = mode == 6;
    if (mode == 2 || mode == 3) {
        char *cmd = strndup((const char *)data, len);
        if (ssh_channel_request_exec(ch, cmd) == SSH_OK)
            drain(ch);
        free(cmd);
    } else if ((!pty || ssh_channel_request_pty_size(ch, "xterm", 80, 24) == SSH_OK) &&
               ssh_channel_request_shell(ch) == SSH_OK) {
        feed(ch, data, len, pty);
        ssh_channel_send_eof(ch);
        drain(ch);
    }
    ssh_channel_close(ch);
    ssh_channel_free(ch);
}

static void login(const uint8_t *data, size_t len)
{
    char *user = strndup((const char *)data, len);
    size_t ulen = strlen(user);
    char *password = ulen < len ? strndup((const char *)data + ulen + 1, len - ulen - 1)
                                : strdup("");
    ssh_session s = dial(user, password);
    if (s) {
        ssh_disconnect(s);
        ssh_free(s);
    }
    free(user);
    free(password);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        setup();
    if (size < 1 || size > 65536)
        return 0;
    int mode = data[0] % 8;
    if (mode <= 1)
        raw(data + 1, size - 1);
    else if (mode == 7)
        login(data + 1, size - 1);
    else
        channel(mode, data + 1, size - 1);
    return 0;
}
