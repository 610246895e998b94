/* tests/fuzz/fuzz_http.c - libFuzzer target: HTTP framing. The WSAPI and
 * control API listeners run in this process on loopback ports; each input
 * is sent as raw bytes (request line, headers, body, more requests
 * after it) over a fresh connection, to the WSAPI when its first byte is
 * even and to the control API when odd. What it reaches: libmicrohttpd's
 * parsing, the framing checks, time and room limits (api/http_guard.c),
 * the token check and both routers. A crash in any server thread stops
 * the fuzzer. Inputs asking for a long poll (wait=) are skipped: they
 * would only hold a thread for minutes. */
#include "api/ctl_server.h"
#include "api/wsapi.h"
#include "sim/sim.h"
#include "tests/fuzz/fuzz_engine.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>


static struct sim *engine;
static struct ctl_server *ctl;
static struct wsapi *ws;
static int ctl_port, ws_port;

/* At exit, before the libraries' destructors free what the server
 * threads use (atexit handlers run first). */
static void teardown(void)
{
    ctl_server_stop(ctl);
    wsapi_stop(ws);
    sim_close(engine);
    ctl = NULL;
    ws = NULL;
    engine = NULL;
}

static int start_wsapi(struct sim *s)
{
    char msg[256];
    return wsapi_start(s, &ws, msg, sizeof(msg));
}

static void setup(void)
{
    char msg[256];
    int off;
    engine = fuzz_engine_start(NULL, start_wsapi, &off);
    ws_port = 8008 + off;
    for (int try = 0; try < 50 && !ctl; try++) {
        ctl_port = 20000 + (getpid() * 13 + try * 257) % 10000;
        if (ctl_server_start(engine, "127.0.0.1", ctl_port, NULL, &ctl, msg, sizeof(msg)))
            ctl = NULL;
    }
    if (!ctl)
        abort();
    ctl_server_set_ready(ctl, true);
    atexit(teardown);
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

static void exchange(int port, const uint8_t *req, size_t len)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return;
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        send(fd, req, len, MSG_NOSIGNAL) >= 0) {
        shutdown(fd, SHUT_WR);
        read_replies(fd);
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        setup();
    if (size < 2 || size > 65536 || memmem(data, size, "wait=", 5))
        return 0;
    exchange(data[0] % 2 ? ctl_port : ws_port, data + 1, size - 1);
    return 0;
}
