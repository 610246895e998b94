/* tests/unit/sim_engine.c - the engine handle: holding the engine lock
 * across several calls (sim_hold). */
#include "helpers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "sim/vv.h"

static struct sim *s;
static struct sim_err err;

static void setup(void)
{
    s = test_sim_open();
}

static void teardown(void)
{
    sim_close(s);
}

TestSuite(sim_engine, .init = setup, .fini = teardown);

static void mkvv(const char *name)
{
    struct sim_vv_spec sp = { .name = name, .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV };
    assert_ok(sim_vv_create(s, "site-a", &sp, &err), err);
}

static atomic_int other_done;

static void *other_thread(void *arg)
{
    (void)arg;
    mkvv("other");
    atomic_store(&other_done, 1);
    return NULL;
}

Test(sim_engine, hold_nests_and_keeps_other_threads_out)
{
    pthread_t t;
    sim_hold(s);
    mkvv("mine");               /* the same thread takes the lock again */
    uint64_t gen = sim_generation(s);
    cr_assert_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
    nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
    cr_assert_eq(atomic_load(&other_done), 0, "another thread ran while held");
    cr_assert_eq(sim_generation(s), gen, "the state moved while held");
    sim_unhold(s);
    pthread_join(t, NULL);
    cr_assert_eq(atomic_load(&other_done), 1);
    cr_assert_gt(sim_generation(s), gen);
}
