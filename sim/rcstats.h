/* sim/rcstats.h - replication link statistics and tests: the bytes the
 * remote-copy engine sent (srstatrcopy) and a throughput test over one
 * simulated link (checkrclink startserver / startclient). */
#ifndef RCSIM_SIM_RCSTATS_H
#define RCSIM_SIM_RCSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

/* The finest sample: System Reporter's high-resolution 5 minutes. */
#define SIM_RC_STATS_SAMPLE_MS (5 * 60 * 1000)

/* Bytes one group sent over one link in one sample. */
struct sim_rcstat_view {
    int64_t time_ms;            /* start of the sample */
    char group[32];
    char target[32];
    char nsp[16];               /* local port, "" when the target had no link */
    char address[48];           /* peer address */
    int64_t bytes;
};

/* The array's samples in [from_ms, to_ms) (to_ms 0: no end) added up per
 * sample_ms (a multiple of SIM_RC_STATS_SAMPLE_MS), by time, target, link
 * and group. *out is a new array (free()). */
int sim_rc_stats_list(struct sim *s, const char *array, int64_t sample_ms, int64_t from_ms,
                      int64_t to_ms, struct sim_rcstat_view **out, size_t *n,
                      struct sim_err *err);

/* checkrclink: a test server listening on a replication port of the array
 * (port is the TCP port it listens on). */
int sim_link_server_start(struct sim *s, const char *array, const char *nsp, const char *address,
                          int port, struct sim_err *err);
int sim_link_server_stop(struct sim *s, const char *array, const char *nsp,
                         struct sim_err *err);

/* What a test client from nsp to address:port measured over secs seconds:
 * the link's latency (round trip), and what it carried at its bandwidth
 * less loss. */
struct sim_link_test {
    char target[32];
    char peer_array[32];
    char peer_nsp[16];
    int latency_ms;             /* one way */
    int64_t bytes;
    int64_t bytes_per_s;
    int secs;
};
/* Refuses a port with no link to address (SIM_ENOENT_LINK), a link that
 * is down or a peer that does not answer (SIM_ETARGET_NOT_READY), and a
 * peer with no server on that address and port (SIM_ENOENT_LINK). */
int sim_link_client_run(struct sim *s, const char *array, const char *nsp, const char *address,
                        int port, int secs, struct sim_link_test *out, struct sim_err *err);

#endif
