/* tests/bench/wsapi_wrk.c - WSAPI throughput with wrk: an in-process
 * two-site engine with its real listeners, 1,000 volumes on site-a, then
 * wrk against GET /api/v1/system (small), GET /api/v1/volumes (1,000
 * members) with 16 and 64 connections, and GET of one started
 * remote-copy group of 8 volumes (what the HPE client polls). Goal (2 cores): >= 20,000 req/s and
 * p99 < 5 ms on the small GET, no errors at 64 connections. Prints wrk's
 * figures; stays out of make check. */
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

static int run(const char *cmd)
{
    printf("$ %s\n", cmd);
    fflush(stdout);
    return system(cmd);
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
    static const struct { const char *path; int conns; } runs[] = {
        { "/api", 16 }, { "/api/v1/wsapiconfiguration", 16 },
        { "/api/v1/system", 16 }, { "/api/v1/system", 64 },
        { "/api/v1/volumes", 16 }, { "/api/v1/volumes", 64 },
        { "/api/v1/remotecopygroups/benchrcg", 16 },
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        snprintf(cmd, sizeof(cmd), "wrk -t2 -c%d -d%s --latency -H "
                 "'X-Hp3Par-Wsapi-Sessionkey: %s' http://127.0.0.1:%d%s | "
                 "grep -E 'Requests/sec|99%%|Non-2xx|Socket errors|requests in'",
                 runs[i].conns, dur, key, 8008 + off, runs[i].path);
        rc |= run(cmd);
    }
    wsapi_stop(w);
    sim_close(s);
    return rc ? 1 : 0;
}
