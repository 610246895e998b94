/* tests/fuzz/fuzz_cli.c - libFuzzer target: the CLI parser and command
 * dispatch. Each input is one or more command lines run, as a super user,
 * in a session on a two-site engine (in memory, manual clock) kept across
 * inputs, so commands build on each other's state. */
#include "cli/cli.h"
#include "sim/err.h"
#include "sim/sim.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const char rcsim_fixture_two_site[];

static struct sim *engine;

static void sink(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
}

/* Answers every confirmation with yes, so destructive paths run too. */
static int yes(void *ctx, const char *question)
{
    (void)ctx;
    (void)question;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        struct sim_err err = SIM_ERR_INIT;
        struct sim_options o = { .db_path = ":memory:", .fixture_json = rcsim_fixture_two_site,
                                 .fixture_name = "two-site.json", .clock_set = true,
                                 .clock_mode = SIM_CLOCK_MANUAL };
        if (sim_open(&o, &engine, &err))
            abort();
    }
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct cli_session *cs = cli_session_new(engine, "site-a", "3paradm", SIM_ROLE_SUPER);
    struct cli_io io = { .out = sink, .err = sink, .confirm = yes };
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        bool exit_requested = false;
        cli_session_run(cs, line, &io, &exit_requested);
        if (exit_requested)
            break;
    }
    cli_session_free(cs);
    free(text);
    return 0;
}
