/* tests/unit/api_http_guard.c - the HTTP guard (api/http_guard.h) on a
 * small libmicrohttpd daemon of its own: past the cap, a new connection
 * makes the one idle longest go, never one inside a request; framing
 * checks. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/http_guard.h"
#include "util/log.h"

#define CAP 4

static struct http_guard *G;
static struct MHD_Daemon *D;
static int PORT;

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)data;
    if (!*con_cls) {
        *con_cls = c;
        http_guard_headers_in(c);
        unsigned bad = http_framing_check(c);
        struct MHD_Response *r = MHD_create_response_from_buffer(0, (char *)"",
                                                                 MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret = bad ? MHD_queue_response(c, bad, r) : MHD_YES;
        MHD_destroy_response(r);
        return ret;
    }
    if (*data_size) {
        *data_size = 0;
        return MHD_YES;
    }
    http_guard_body_in(c);
    struct MHD_Response *r = MHD_create_response_from_buffer(2, (char *)"ok",
                                                             MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)con_cls, (void)toe;
    http_guard_request_done(c);
}

static void setup(void)
{
    const struct http_guard_limits lim = {
        .name = "test", .max_conns = CAP, .header_ms = 60000, .body_ms = 60000,
        .log_level = RCLOG_DEBUG,
    };
    G = http_guard_new(&lim);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    D = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, http_guard_accept, G,
                         answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                         MHD_OPTION_NOTIFY_CONNECTION, http_guard_notify, G,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                         MHD_OPTION_EXTERNAL_LOGGER, http_guard_log, G,
                         MHD_OPTION_CONNECTION_LIMIT, http_guard_hard_limit(CAP),
                         MHD_OPTION_END);
    cr_assert_not_null(D);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(D, MHD_DAEMON_INFO_BIND_PORT);
    PORT = di->port;
}

static void teardown(void)
{
    MHD_stop_daemon(D);
    http_guard_free(G);
}

/* A connection from the loopback address 127.0.0.<host>. */
static int dial_from(int host)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in src = { .sin_family = AF_INET };
    src.sin_addr.s_addr = htonl(INADDR_LOOPBACK + (uint32_t)host - 1);
    cr_assert_eq(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0, "%s", strerror(errno));
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)PORT) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0, "%s", strerror(errno));
    return fd;
}

static int dial(void)
{
    return dial_from(1);
}

/* Whether the server closed fd, waiting at most ms for it. */
static bool closed_within(int fd, int ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    char buf[256];
    if (poll(&p, 1, ms) <= 0)
        return false;
    return recv(fd, buf, sizeof(buf), MSG_DONTWAIT) <= 0;
}

/* Waits until the guard counts n connections. */
static void wait_count(size_t n)
{
    for (int i = 0; i < 500 && http_guard_count(G) != n; i++)
        usleep(2000);
    cr_assert_eq(http_guard_count(G), n);
}

static const char *reply_of(int fd, const char *request, char *buf, size_t size)
{
    cr_assert_eq(send(fd, request, strlen(request), 0), (ssize_t)strlen(request));
    struct pollfd p = { .fd = fd, .events = POLLIN };
    cr_assert_gt(poll(&p, 1, 5000), 0, "no reply");
    ssize_t n = recv(fd, buf, size - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

TestSuite(api_http_guard, .init = setup, .fini = teardown);

Test(api_http_guard, past_the_cap_a_newcomer_pushes_out_a_flood)
{
    int fds[CAP + 1];
    for (int i = 0; i < CAP; i++) {
        fds[i] = dial_from(2);
        wait_count((size_t)i + 1);
    }
    /* another address: the flood's oldest idle connection makes way */
    int real = dial();
    cr_assert(closed_within(fds[0], 2000), "the oldest idle connection was kept");
    for (int i = 1; i < CAP; i++)
        cr_assert_not(closed_within(fds[i], 0), "connection %d was closed", i);
    char buf[512];
    cr_assert(strstr(reply_of(real, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", buf, sizeof(buf)),
                     " 200 "), "the newcomer is served: %s", buf);
    wait_count(CAP);
    /* the flood's own address holds more than its share: refused */
    fds[CAP] = dial_from(2);
    cr_assert(closed_within(fds[CAP], 2000), "a flood's newcomer was taken at the cap");
    close(real);
    for (int i = 0; i <= CAP; i++)
        close(fds[i]);
}

Test(api_http_guard, a_connection_in_a_request_is_never_the_one_to_go)
{
    int busy = dial_from(2);
    wait_count(1);
    /* headers in, body on its way: uploading, not idle */
    const char *head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc";
    cr_assert_eq(send(busy, head, strlen(head), 0), (ssize_t)strlen(head));
    int fds[CAP - 1];
    for (int i = 0; i < CAP - 1; i++) {
        fds[i] = dial_from(2);
        wait_count((size_t)i + 2);
    }
    int other = dial();
    cr_assert(closed_within(fds[0], 2000), "the oldest idle one goes");
    cr_assert_not(closed_within(busy, 0), "the connection inside a request was cut");
    cr_assert_not(closed_within(other, 0), "the newcomer was cut");
    close(busy);
    close(other);
    for (int i = 0; i < CAP - 1; i++)
        close(fds[i]);
}

Test(api_http_guard, a_flood_makes_way_for_itself_not_for_others)
{
    /* three idle connections from one address, one from another */
    int flood[CAP - 1];
    for (int i = 0; i < CAP - 1; i++) {
        flood[i] = dial_from(2);
        wait_count((size_t)i + 1);
    }
    int real = dial_from(3);
    wait_count(CAP);
    /* a newcomer from a third address: the flood's oldest goes, though
     * the real client's connection is no younger than the rest */
    int other = dial_from(4);
    cr_assert(closed_within(flood[0], 2000), "the flood's oldest was kept");
    cr_assert_not(closed_within(real, 0), "the lone connection was closed");
    cr_assert_not(closed_within(other, 0), "the newcomer was closed");
    close(other);
    close(real);
    for (int i = 0; i < CAP - 1; i++)
        close(flood[i]);
}

Test(api_http_guard, two_lengths_are_refused)
{
    int fd = dial();
    char buf[512];
    reply_of(fd, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab",
             buf, sizeof(buf));
    cr_assert(strstr(buf, " 400 "), "%s", buf);
    close(fd);
    fd = dial();
    reply_of(fd, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab", buf, sizeof(buf));
    cr_assert(strstr(buf, " 200 "), "%s", buf);
    close(fd);
}
