/* tests/unit/helpers.h - opening a test engine: an in-memory store with the
 * embedded two-site fixture and a manual clock. */
#ifndef RCSIM_TESTS_UNIT_HELPERS_H
#define RCSIM_TESTS_UNIT_HELPERS_H

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <unistd.h>

#include "api/wsapi.h"
#include "sim/err.h"
#include "sim/sim.h"

extern const char rcsim_fixture_two_site[];

static inline struct sim *test_sim_open(void)
{
    struct sim *s = NULL;
    struct sim_err err = SIM_ERR_INIT;
    struct sim_options o = {
        .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
        .fixture_name = "two-site.json", .clock_set = true, .clock_mode = SIM_CLOCK_MANUAL,
    };
    cr_assert_eq(sim_open(&o, &s, &err), 0, "sim_open: %s", err.detail);
    return s;
}

/* A test engine on the two-site fixture with the behaviour flag (fixture
 * arrays[].behaviour) turned on for both arrays. *fixture is the JSON it
 * was opened with: free() it after sim_close(). */
static inline struct sim *test_sim_open_flag(const char *flag, char **fixture)
{
    cJSON *root = cJSON_Parse(rcsim_fixture_two_site);
    cr_assert_not_null(root);
    cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(root, "arrays")) {
        cJSON *b = cJSON_CreateObject();
        cJSON_AddBoolToObject(b, flag, 1);
        cJSON_AddItemToObject(a, "behaviour", b);
    }
    *fixture = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    struct sim *s = NULL;
    struct sim_err err = SIM_ERR_INIT;
    struct sim_options o = {
        .db_path = ":memory:", .fixture_json = *fixture, .fixture_name = "flagged.json",
        .clock_set = true, .clock_mode = SIM_CLOCK_MANUAL,
    };
    cr_assert_eq(sim_open(&o, &s, &err), 0, "sim_open: %s", err.detail);
    return s;
}

/* A test engine whose WSAPI listeners are up: opens it with a port offset
 * that keeps every listener (8008/8080 + offset on 127.0.0.1 and
 * 127.0.0.2) below the ephemeral range, and tries another offset when a
 * port is taken (parallel tests, other users of the machine). */
static inline struct sim *test_sim_open_wsapi(struct wsapi **w, int *off)
{
    char errbuf[256] = "";
    unsigned seed = (unsigned)getpid() * 2654435761u;
    for (int attempt = 0; attempt < 40; attempt++) {
        struct sim *s = NULL;
        struct sim_err err = SIM_ERR_INIT;
        seed = seed * 1103515245u + 12345u;
        *off = 10000 + (int)((seed >> 8) % 14000);
        struct sim_options o = {
            .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
            .fixture_name = "two-site.json", .clock_set = true,
            .clock_mode = SIM_CLOCK_MANUAL, .port_offset = *off,
        };
        cr_assert_eq(sim_open(&o, &s, &err), 0, "sim_open: %s", err.detail);
        if (wsapi_start(s, w, errbuf, sizeof(errbuf)) == 0)
            return s;
        sim_close(s);
    }
    cr_assert_fail("no free WSAPI ports: %s", errbuf);
    return NULL;
}

/* Asserts that a call was refused with rc. */
#define assert_refused(call, err, want)                                           \
    do {                                                                          \
        sim_err_clear(&(err));                                                    \
        cr_assert_eq((call), -1, #call " should be refused");                     \
        cr_assert_eq((err).rc, (want), #call ": got %s (%s), want %s",            \
                     sim_rc_name((err).rc), (err).detail, sim_rc_name(want));     \
    } while (0)

#define assert_ok(call, err)                                                      \
    do {                                                                          \
        sim_err_clear(&(err));                                                    \
        cr_assert_eq((call), 0, #call ": %s", (err).detail);                      \
    } while (0)

#endif
