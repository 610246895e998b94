/* tests/fuzz/fuzz_nbd.c - libFuzzer target: the NBD front, handshake and
 * transmission. Each input is the whole of what a client sends on one
 * connection (then it closes its side); the server runs the session on a
 * socket pair in a thread of its own while this side reads every reply.
 * site-a exports a 1 MiB volume to host h1 at LUN 0 (h1/0, or h1/v by
 * name), so inputs that start with a good handshake reach the engine; it
 * is small so that an input of hundreds of whole-volume reads stays
 * within the fuzzer's time limit. */
#include "api/nbd_internal.h"
#include "sim/err.h"
#include "sim/host.h"
#include "sim/sim.h"
#include "sim/vlun.h"
#include "sim/vv.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern const char rcsim_fixture_two_site[];

static struct sim *engine;

static void teardown(void)
{
    sim_close(engine);
    engine = NULL;
}

static void setup(void)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_options o = { .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
                             .fixture_name = "two-site.json", .clock_set = true,
                             .clock_mode = SIM_CLOCK_MANUAL };
    const char *iqn[] = { "iqn.2026-01.com.example:h1" };
    struct sim_vv_spec vv = { .name = "v", .cpg = "FC_r1", .size_mib = 1, .prov = SIM_PROV_TPVV };
    struct sim_host_spec h = { .name = "h1", .iscsi = iqn, .n_iscsi = 1 };
    struct sim_vlun_spec vl = { .volume = "v", .lun = 0, .host = "h1" };
    int64_t lun;
    if (sim_open(&o, &engine, &err) || sim_vv_create(engine, "site-a", &vv, &err) ||
        sim_host_create(engine, "site-a", &h, &err) ||
        sim_vlun_create(engine, "site-a", &vl, &lun, &err))
        abort();
    atexit(teardown);
}

static void *serve(void *arg)
{
    int fd = *(int *)arg;
    nbd_session_run(engine, "site-a", fd);
    shutdown(fd, SHUT_RDWR);
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char sink[1 << 16];
    int sv[2];
    pthread_t t;
    if (!engine)
        setup();
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
        abort();
    if (pthread_create(&t, NULL, serve, &sv[1]))
        abort();
    /* the input fits the socket's buffer: writing never waits for the
     * server; its replies are read below */
    size_t off = 0;
    while (off < size) {
        ssize_t n = send(sv[0], data + off, size - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    shutdown(sv[0], SHUT_WR);
    while (read(sv[0], sink, sizeof(sink)) > 0)
        ;
    pthread_join(t, NULL);
    close(sv[0]);
    close(sv[1]);
    return 0;
}
