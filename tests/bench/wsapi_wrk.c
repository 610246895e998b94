/* tests/bench/wsapi_wrk.c - WSAPI throughput with wrk: an in-process
 * two-site engine with its real listeners, 1,000 volumes on site-a, then
 * wrk against GET /api/v1/system (small), GET /api/v1/volumes (1,000
 * members) with 16 and 64 connections, and GET of one started
 * remote-copy group of 8 volumes (what the HPE client polls). Goal (2 cores):
 * >= 20,000 req/s and p99 < 5 ms on the small GET, no errors at 64
 * connections. Prints one ROW line per run for tests/bench/run.sh; stays
 * out of make check. Usage: wsapi_wrk [duration=5s]. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/wsapi.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "sim/sim.h"
#include "sim/vv.h"

extern const char rcsim_fixture_two_site[];

/* One wrk run's figures. */
struct wrk {
    double rps, p99_ms;
    long requests, errors;
};

/* "2.10ms", "850.00us", "1.02s" -> ms */
static double wrk_ms(const char *v)
{
    char *end;
    double x = strtod(v, &end);
    if (strncmp(end, "us", 2) == 0)
        return x / 1000;
    if (strncmp(end, "ms", 2) == 0)
        return x;
    if (*end == 's')
        return x * 1000;
    if (*end == 'm')
        return x * 60000;
    return x;
}

static int run_wrk(const char *cmd, struct wrk *r)
{
    char line[512], v[64];
    long n;
    memset(r, 0, sizeof(*r));
    r->p99_ms = -1;
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(line, sizeof(line), p)) {
        if (sscanf(line, " 99%% %63s", v) == 1)
            r->p99_ms = wrk_ms(v);
        else if (sscanf(line, "Requests/sec: %lf", &r->rps) == 1)
            ;
        else if (sscanf(line, " %ld requests in", &n) == 1)
            r->requests = n;
        else if (sscanf(line, " Non-2xx or 3xx responses: %ld", &n) == 1)
            r->errors += n;
        else if (strstr(line, "Socket errors:")) {
            long c = 0, rd = 0, w = 0, t = 0;
            sscanf(strstr(line, "connect"), "connect %ld, read %ld, write %ld, timeout %ld", &c,
                   &rd, &w, &t);
            r->errors += c + rd + w + t;
        }
    }
    return pclose(p) == 0 && r->requests > 0 && r->p99_ms >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct sim *s;
    struct wsapi *w;
    struct sim_err err = SIM_ERR_INIT;
    char errbuf[256], cmd[1024], key[128] = "";
    int off = 30000 + (int)(getpid() % 5000);
    const char *dur = argc > 1 ? argv[1] : "5s";
    struct sim_options o = {
        .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
        .fixture_name = "two-site.json", .clock_set = true, .clock_mode = SIM_CLOCK_MANUAL,
        .port_offset = off,
    };
    if (sim_open(&o, &s, &err) || wsapi_start(s, &w, errbuf, sizeof(errbuf))) {
        fprintf(stderr, "wsapi_wrk: cannot start: %s%s\n", err.detail, errbuf);
        return 1;
    }
    for (int i = 0; i < 1000; i++) {
        char name[32];
        snprintf(name, sizeof(name), "bench%04d", i);
        struct sim_vv_spec sp = { .name = name, .cpg = "FC_r1", .size_mib = 1024,
                                  .prov = SIM_PROV_TPVV };
        if (sim_vv_create(s, "site-a", &sp, &err)) {
            fprintf(stderr, "wsapi_wrk: create %s: %s\n", name, err.detail);
            return 1;
        }
    }
    struct sim_group_spec gs = { .name = "benchrcg", .target = "site-b", .mode = SIM_RC_PERIODIC,
                                 .remote_user_cpg = "FC_r1" };
    if (sim_group_create(s, "site-a", &gs, &err)) {
        fprintf(stderr, "wsapi_wrk: create group: %s\n", err.detail);
        return 1;
    }
    for (int i = 0; i < 8; i++) {
        char name[32];
        snprintf(name, sizeof(name), "bench%04d", i);
        struct sim_admit_spec as = { .vv = name, .sec_vv = name, .createvv = true };
        if (sim_group_admit_vv(s, "site-a", "benchrcg", &as, &err)) {
            fprintf(stderr, "wsapi_wrk: admit %s: %s\n", name, err.detail);
            return 1;
        }
    }
    if (sim_group_start(s, "site-a", "benchrcg", NULL, &err)) {
        fprintf(stderr, "wsapi_wrk: start group: %s\n", err.detail);
        return 1;
    }
    snprintf(cmd, sizeof(cmd), "curl -s -X POST -H 'Content-Type: application/json' "
             "-d '{\"user\":\"3paradm\",\"password\":\"3pardata\"}' "
             "http://127.0.0.1:%d/api/v1/credentials | sed 's/.*\"key\":\"\\([^\"]*\\)\".*/\\1/'",
             8008 + off);
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(key, sizeof(key), p)) {
        fprintf(stderr, "wsapi_wrk: login failed\n");
        return 1;
    }
    pclose(p);
    key[strcspn(key, "\n")] = '\0';
    static const struct {
        const char *name, *path, *goal;
        int conns;
        double min_rps, max_p99;
    } runs[] = {
        { "WSAPI small GET, 16 conns", "/api/v1/system", ">= 20,000 req/s, p99 < 5 ms", 16,
          20000, 5 },
        { "WSAPI small GET, 64 conns", "/api/v1/system", "no errors", 64, 0, 0 },
        { "WSAPI GET /volumes (1,000), 16 conns", "/api/v1/volumes", "report", 16, 0, 0 },
        { "WSAPI GET /volumes (1,000), 64 conns", "/api/v1/volumes", "no errors", 64, 0, 0 },
        { "WSAPI GET remote-copy group, 16 conns", "/api/v1/remotecopygroups/benchrcg",
          "report", 16, 0, 0 },
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        struct wrk r;
        snprintf(cmd, sizeof(cmd), "wrk -t2 -c%d -d%s --latency -H "
                 "'X-Hp3Par-Wsapi-Sessionkey: %s' http://127.0.0.1:%d%s",
                 runs[i].conns, dur, key, 8008 + off, runs[i].path);
        if (run_wrk(cmd, &r)) {
            printf("ROW\t%s\twrk failed\t%s\tNO\n", runs[i].name, runs[i].goal);
            rc = 1;
            continue;
        }
        bool ok = r.errors == 0 && r.rps >= runs[i].min_rps &&
                  (!runs[i].max_p99 || r.p99_ms < runs[i].max_p99);
        printf("ROW\t%s\t%.0f req/s, p99 %.2f ms, %ld errors of %ld\t%s\t%s\n", runs[i].name,
               r.rps, r.p99_ms, r.errors, r.requests, runs[i].goal, ok ? "ok" : "NO");
        fflush(stdout);
    }
    wsapi_stop(w);
    sim_close(s);
    return rc ? 1 : 0;
}
