/* tests/fuzz/fuzz_ctl.c - libFuzzer target: the control API. The server
 * runs in this process on a loopback port; each input is sent as the body
 * of a request, with the method and path taken from its first line
 * ("POST /sim/v1/clock/advance"), over a fresh connection. A crash in any
 * server thread stops the fuzzer. */
#include "api/ctl_server.h"
#include "sim/err.h"
#include "sim/sim.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

extern const char rcsim_fixture_two_site[];

static struct sim *engine;
static struct ctl_server *server;
static int port;

static void setup(void)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_options o = { .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
                             .fixture_name = "two-site.json", .clock_set = true,
                             .clock_mode = SIM_CLOCK_MANUAL };
    char msg[256];
    if (sim_open(&o, &engine, &err))
        abort();
    for (int try = 0; try < 50 && !server; try++) {
        port = 20000 + (getpid() * 13 + try * 257) % 30000;
        if (ctl_server_start(engine, "127.0.0.1", port, NULL, &server, msg, sizeof(msg)))
            server = NULL;
    }
    if (!server)
        abort();
}

static void exchange(const char *req, size_t len)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    struct timeval tv = { .tv_sec = 5 };
    char buf[4096];
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return;
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && write(fd, req, len) >= 0) {
        shutdown(fd, SHUT_WR);
        while (read(fd, buf, sizeof(buf)) > 0)
            ;
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!server)
        setup();
    if (size > 65536)
        return 0;
    const char *nl = memchr(data, '\n', size);
    size_t head = nl ? (size_t)((const uint8_t *)nl - data) : 0;
    char line[512];
    if (!nl || head == 0 || head >= 256 || memchr(data, '\r', head) || memchr(data, 0, head))
        snprintf(line, sizeof(line), "POST /sim/v1/arrays/site-a/cli");
    else
        snprintf(line, sizeof(line), "%.*s", (int)head, (const char *)data);
    /* the request line must hold a method and a path to reach the router */
    if (!strchr(line, ' '))
        return 0;
    const char *body = nl ? nl + 1 : (const char *)data;
    size_t blen = size - (size_t)(body - (const char *)data);
    char *req = malloc(blen + 1024);
    int n = snprintf(req, 1024, "%s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n", line, blen);
    memcpy(req + n, body, blen);
    exchange(req, (size_t)n + blen);
    free(req);
    return 0;
}
