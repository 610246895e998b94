/* tests/unit/sim_qos.c - QoS rules and the CLI's one-step setqos
 * (sim_qos_set): the fields named change, the others keep their value, a
 * refused change leaves the rule as it was. */
#include "helpers.h"

#include <stdio.h>

#include "sim/qos.h"
#include "sim/set.h"
#include "sim/vv.h"

static struct sim *s;
static struct sim_err err;

static void setup(void)
{
    s = test_sim_open();
    struct sim_vv_spec sp = { .name = "q1", .cpg = "FC_r1", .size_mib = 1024,
                              .prov = SIM_PROV_TPVV };
    assert_ok(sim_vv_create(s, "site-a", &sp, &err), err);
    const char *members[] = { "q1" };
    struct sim_set_spec set = { .name = "QS", .members = members, .n_members = 1 };
    assert_ok(sim_set_create(s, "site-a", SIM_SET_VV, &set, &err), err);
}

static void teardown(void)
{
    sim_close(s);
}

TestSuite(sim_qos, .init = setup, .fini = teardown);

static struct sim_qos_rule rule(void)
{
    struct sim_qos_rule r = { .type = SIM_QOS_VVSET };
    snprintf(r.name, sizeof(r.name), "QS");
    return r;
}

static struct sim_qos_rule get(void)
{
    struct sim_qos_rule r;
    assert_ok(sim_qos_get(s, "site-a", SIM_QOS_VVSET, "QS", &r, &err), err);
    return r;
}

Test(sim_qos, set_creates_an_enabled_rule_with_the_fields_named)
{
    struct sim_qos_rule r = rule();
    r.io_max = 300;
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_IO, &err), err);
    struct sim_qos_rule g = get();
    cr_assert(g.enabled);
    cr_assert_eq(g.io_max, 300);
    cr_assert_eq(g.bw_max_kb, 0);
}

Test(sim_qos, set_keeps_the_fields_not_named)
{
    struct sim_qos_rule r = rule();
    r.io_min = 100;
    r.io_max = 300;
    r.priority = 3;
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_IO | SIM_QOS_F_PRIORITY, &err), err);
    r = rule();
    r.bw_max_kb = 1048576;
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_BW, &err), err);
    r = rule();
    r.enabled = false;
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_ENABLED, &err), err);
    struct sim_qos_rule g = get();
    cr_assert_eq(g.io_min, 100);
    cr_assert_eq(g.io_max, 300);
    cr_assert_eq(g.priority, 3);
    cr_assert_eq(g.bw_max_kb, 1048576);
    cr_assert_not(g.enabled);
}

Test(sim_qos, a_refused_set_changes_nothing)
{
    struct sim_qos_rule r = rule();
    r.bw_max_kb = 1024;
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_BW, &err), err);
    /* a goal above its limit, with a valid priority beside it */
    r = rule();
    r.bw_min_kb = 4096;
    r.bw_max_kb = 2048;
    r.priority = 3;
    assert_refused(sim_qos_set(s, "site-a", &r, SIM_QOS_F_BW | SIM_QOS_F_PRIORITY, &err),
                   err, SIM_ERANGE);
    r = rule();
    r.priority = 9;
    assert_refused(sim_qos_set(s, "site-a", &r, SIM_QOS_F_PRIORITY, &err), err, SIM_ERANGE);
    struct sim_qos_rule g = get();
    cr_assert_eq(g.bw_max_kb, 1024);
    cr_assert_eq(g.priority, 0);
}

Test(sim_qos, set_needs_the_volume_set)
{
    struct sim_qos_rule r = rule();
    snprintf(r.name, sizeof(r.name), "NOSET");
    r.io_max = 1;
    assert_refused(sim_qos_set(s, "site-a", &r, SIM_QOS_F_IO, &err), err, SIM_ENOENT_SET);
    r.type = SIM_QOS_SYS;
    snprintf(r.name, sizeof(r.name), "all_others");
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_IO, &err), err);
}

Test(sim_qos, the_rule_goes_with_its_set)
{
    struct sim_qos_rule r = rule();
    r.io_max = 5;
    assert_ok(sim_qos_set(s, "site-a", &r, SIM_QOS_F_IO, &err), err);
    assert_ok(sim_set_remove(s, "site-a", SIM_SET_VV, "QS", &err), err);
    struct sim_qos_rule g;
    assert_refused(sim_qos_get(s, "site-a", SIM_QOS_VVSET, "QS", &g, &err), err,
                   SIM_ENOENT_QOS);
}
