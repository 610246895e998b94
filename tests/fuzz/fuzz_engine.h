/* tests/fuzz/fuzz_engine.h - the engine a fuzz target keeps across inputs:
 * the built-in two-site fixture in memory, manual clock, its listeners
 * moved by a per-process port offset so that parallel runs do not collide.
 * start() starts the target's server on the engine; a busy port tries
 * another offset. */
#ifndef RCSIM_TESTS_FUZZ_ENGINE_H
#define RCSIM_TESTS_FUZZ_ENGINE_H

#include "sim/err.h"
#include "sim/sim.h"

#include <stdlib.h>
#include <unistd.h>

extern const char rcsim_fixture_two_site[];

/* The engine with start() done on it, and the port offset it took (to add
 * to the fixture's ports); aborts when 20 offsets fail. */
static inline struct sim *fuzz_engine_start(const struct sim_auth_policy *auth,
                                            int (*start)(struct sim *), int *offset)
{
    for (int try = 0; try < 20; try++) {
        struct sim_err err = SIM_ERR_INIT;
        struct sim *s;
        int off = 30000 + (getpid() * 7 + try * 101) % 20000;
        struct sim_options o = { .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
                                 .fixture_name = "two-site.json", .clock_set = true,
                                 .clock_mode = SIM_CLOCK_MANUAL, .port_offset = off,
                                 .auth = auth };
        if (sim_open(&o, &s, &err))
            abort();
        if (start(s) == 0) {
            if (offset)
                *offset = off;
            return s;
        }
        sim_close(s);
    }
    abort();
}

#endif
