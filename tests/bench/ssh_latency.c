/* tests/bench/ssh_latency.c - SSH CLI latency against a running rcsim:
 * N clients in parallel, each logs in once and runs COUNT commands the way
 * the HPE client does (one pty shell channel per command, one write of
 * "setclienv csvtable 1\n<cmd>\nexit\n", read to EOF). Prints p50/p99 per
 * command on a warm connection, then logins per second, as ROW lines for
 * tests/bench/run.sh. Goals: p50 < 20 ms, >= 200 logins/s.
 * Usage: ssh_latency <host> <port> [clients=16] [count=50] [command=showrcopy]
 * (user 3paradm/3pardata from fixtures/two-site.json). */
#include <libssh/libssh.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *host, *cmd;
static int port, count;
static double *lat;
static int nlat, failures;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static ssh_session login(void)
{
    ssh_session s = ssh_new();
    int verbosity = SSH_LOG_NOLOG;
    ssh_options_set(s, SSH_OPTIONS_HOST, host);
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    ssh_options_set(s, SSH_OPTIONS_USER, "3paradm");
    ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
    int nodelay = 1;
    ssh_options_set(s, SSH_OPTIONS_NODELAY, &nodelay);
    if (ssh_connect(s) != SSH_OK ||
        ssh_userauth_password(s, NULL, "3pardata") != SSH_AUTH_SUCCESS) {
        ssh_free(s);
        return NULL;
    }
    return s;
}

static int one_command(ssh_session s)
{
    char buf[4096], line[512];
    ssh_channel ch = ssh_channel_new(s);
    if (!ch || ssh_channel_open_session(ch) != SSH_OK ||
        ssh_channel_request_pty_size(ch, "vt100", 80, 24) != SSH_OK ||
        ssh_channel_request_shell(ch) != SSH_OK)
        goto fail;
    int n = snprintf(line, sizeof(line), "setclienv csvtable 1\n%s\nexit\n", cmd);
    if (ssh_channel_write(ch, line, (uint32_t)n) != n)
        goto fail;
    size_t got = 0;
    while ((n = ssh_channel_read(ch, buf, sizeof(buf), 0)) > 0)
        got += (size_t)n;
    ssh_channel_close(ch);
    ssh_channel_free(ch);
    return got > 0 ? 0 : -1;
fail:
    if (ch)
        ssh_channel_free(ch);
    return -1;
}

static void *client(void *arg)
{
    (void)arg;
    ssh_session s = login();
    if (!s) {
        pthread_mutex_lock(&mu);
        failures++;
        pthread_mutex_unlock(&mu);
        return NULL;
    }
    one_command(s);                     /* warm up */
    for (int i = 0; i < count; i++) {
        double t0 = now_ms();
        int rc = one_command(s);
        double dt = now_ms() - t0;
        pthread_mutex_lock(&mu);
        if (rc)
            failures++;
        else
            lat[nlat++] = dt;
        pthread_mutex_unlock(&mu);
    }
    ssh_disconnect(s);
    ssh_free(s);
    return NULL;
}

static void *login_loop(void *arg)
{
    int *n = arg;
    for (int i = 0; i < *n; i++) {
        ssh_session s = login();
        if (!s) {
            pthread_mutex_lock(&mu);
            failures++;
            pthread_mutex_unlock(&mu);
            continue;
        }
        ssh_disconnect(s);
        ssh_free(s);
    }
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s <host> <port> [clients] [count] [command]\n", argv[0]);
        return 2;
    }
    host = argv[1];
    port = atoi(argv[2]);
    int clients = argc > 3 ? atoi(argv[3]) : 16;
    count = argc > 4 ? atoi(argv[4]) : 50;
    cmd = argc > 5 ? argv[5] : "showrcopy";
    lat = calloc((size_t)clients * (size_t)count, sizeof(*lat));
    pthread_t *t = calloc((size_t)clients, sizeof(*t));

    double t0 = now_ms();
    for (int i = 0; i < clients; i++)
        pthread_create(&t[i], NULL, client, NULL);
    for (int i = 0; i < clients; i++)
        pthread_join(t[i], NULL);
    double wall = now_ms() - t0;
    qsort(lat, (size_t)nlat, sizeof(*lat), cmp);
    if (nlat)
        printf("ROW\tSSH %s, %d clients, warm\tp50 %.1f ms, p99 %.1f ms, %.0f cmd/s (%d)\t"
               "p50 < 20 ms\t%s\n", cmd, clients, lat[nlat / 2], lat[nlat * 99 / 100],
               nlat / (wall / 1e3), nlat, lat[nlat / 2] < 20 && !failures ? "ok" : "NO");

    int per = 20;
    t0 = now_ms();
    for (int i = 0; i < clients; i++)
        pthread_create(&t[i], NULL, login_loop, &per);
    for (int i = 0; i < clients; i++)
        pthread_join(t[i], NULL);
    wall = now_ms() - t0;
    double lps = clients * per / (wall / 1e3);
    printf("ROW\tSSH logins, %d clients x %d\t%.0f logins/s, %d failures\t>= 200 logins/s\t%s\n",
           clients, per, lps, failures, lps >= 200 && !failures ? "ok" : "NO");
    free(lat);
    free(t);
    return failures ? 1 : 0;
}
