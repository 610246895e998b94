/* tests/unit/sim_clock.c - one bound for every way the clock moves
 * (SIM_CLOCK_MAX_MS): advance, set, the real clock at any scale, and a
 * database or checkpoint whose saved time is past it. */
#include "helpers.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "util/strutil.h"

static struct sim *s;
static struct sim_err err;
static char dir[64];

static void setup(void)
{
    s = test_sim_open();
    snprintf(dir, sizeof(dir), "/tmp/rcsim-clock-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    sim_close(s);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(sim_clock, .init = setup, .fini = teardown);

static struct sim *open_file(const char *db, const char *cpdir, struct sim_err *e)
{
    struct sim *f = NULL;
    struct sim_options o = {
        .db_path = db, .fixture_json = rcsim_fixture_two_site, .fixture_name = "two-site.json",
        .clock_set = true, .clock_mode = SIM_CLOCK_MANUAL, .checkpoint_dir = cpdir,
    };
    return sim_open(&o, &f, e) ? NULL : f;
}

static void set_saved_clock(const char *db, const char *value)
{
    sqlite3 *h;
    char sql[128];
    snprintf(sql, sizeof(sql), "UPDATE meta SET ival = %s WHERE key = 'clock_now'", value);
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

Test(sim_clock, set_and_advance_stop_at_the_bound)
{
    int64_t t9999, before = sim_clock_now(s);
    cr_assert_eq(rc_parse_time("9999-12-31 23:59:59", &t9999), 0);
    assert_refused(sim_clock_set(s, t9999, &err), err, SIM_ERANGE);
    cr_assert(strstr(err.detail, SIM_CLOCK_MAX_TEXT), "%s", err.detail);
    assert_refused(sim_clock_advance(s, INT64_MAX, &err), err, SIM_ERANGE);
    assert_refused(sim_clock_advance(s, SIM_CLOCK_MAX_MS - before + 1, &err), err, SIM_ERANGE);
    cr_assert_eq(sim_clock_now(s), before, "a refused move moves nothing");
    assert_ok(sim_clock_set(s, SIM_CLOCK_MAX_MS, &err), err);
    assert_refused(sim_clock_advance(s, 1, &err), err, SIM_ERANGE);
    char text[64];
    rc_format_time(sim_clock_now(s), text, sizeof(text));
    cr_assert_str_eq(text, SIM_CLOCK_MAX_TEXT, "the latest time prints as set reads it");
}

Test(sim_clock, the_real_clock_stops_at_the_bound)
{
    assert_ok(sim_clock_set(s, SIM_CLOCK_MAX_MS, &err), err);
    assert_ok(sim_clock_set_mode(s, SIM_CLOCK_REAL, 1000000.0, &err), err);
    cr_assert_eq(sim_clock_now(s), SIM_CLOCK_MAX_MS);
    assert_ok(sim_clock_set_mode(s, SIM_CLOCK_MANUAL, 1.0, &err), err);
    cr_assert_eq(sim_clock_now(s), SIM_CLOCK_MAX_MS);
}

Test(sim_clock, a_database_past_the_bound_is_refused)
{
    char db[128];
    snprintf(db, sizeof(db), "%s/past.db", dir);
    struct sim *f = open_file(db, NULL, &err);
    cr_assert_not_null(f, "%s", err.detail);
    sim_close(f);
    set_saved_clock(db, "253402300799000");         /* 9999-12-31 23:59:59 */
    cr_assert_null(open_file(db, NULL, &err));
    cr_assert_eq(err.rc, SIM_ERANGE, "%s", sim_rc_name(err.rc));
    cr_assert(strstr(err.detail, SIM_CLOCK_MAX_TEXT), "%s", err.detail);
}

Test(sim_clock, a_checkpoint_past_the_bound_is_refused)
{
    char db[128], cp[128], file[160];
    snprintf(db, sizeof(db), "%s/live.db", dir);
    snprintf(cp, sizeof(cp), "%s/cp", dir);
    struct sim *f = open_file(db, cp, &err);
    cr_assert_not_null(f, "%s", err.detail);
    assert_ok(sim_checkpoint_save(f, "far", false, &err), err);
    snprintf(file, sizeof(file), "%s/far.db", cp);
    set_saved_clock(file, "253402300799000");
    int64_t now = sim_clock_now(f);
    assert_refused(sim_checkpoint_load(f, "far", &err), err, SIM_EBAD_CHECKPOINT);
    cr_assert(strstr(err.detail, SIM_CLOCK_MAX_TEXT), "%s", err.detail);
    cr_assert_eq(sim_clock_now(f), now);
    assert_ok(sim_clock_advance(f, 1000, &err), err);
    sim_close(f);
}
