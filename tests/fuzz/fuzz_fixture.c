/* tests/fuzz/fuzz_fixture.c - libFuzzer target: the fixture loader. Each
 * input is a fixture file; opening an engine on it must either succeed or
 * refuse it with a message, never crash or leak. */
#include "sim/err.h"
#include "sim/sim.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct sim *s = NULL;
    struct sim_err err = SIM_ERR_INIT;
    struct sim_options o = { .db_path = ":memory:", .fixture_json = text,
                             .fixture_name = "fuzz.json", .clock_set = true,
                             .clock_mode = SIM_CLOCK_MANUAL };
    if (sim_open(&o, &s, &err) == 0)
        sim_close(s);
    else if (!err.detail[0])
        abort();    /* a refusal always says why */
    free(text);
    return 0;
}
