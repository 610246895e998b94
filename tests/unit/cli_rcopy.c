/* tests/unit/cli_rcopy.c - the Remote Copy commands end to end against a
 * real engine (two-site fixture, manual clock): groups and their peers,
 * showrcopy text and CSV, confirmations, the DR sequence and its task
 * lines, showtask, and the negative list of docs/array-remote-copy.md §6.6 item 16: one
 * "Error:" line each, nothing changed. */
#include "helpers.h"
#include "cli_capture.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/clock.h"
#include "sim/event.h"
#include "sim/io.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "sim/vv.h"

static struct sim *s;
static struct cli_session *a, *b;
static struct capture cap;

static void setup(void)
{
    s = test_sim_open();
    a = cli_session_new(s, "site-a", "3paradm", SIM_ROLE_SUPER);
    b = cli_session_new(s, "site-b", "3paradm", SIM_ROLE_SUPER);
    capture_init(&cap);
}

static void teardown(void)
{
    capture_release(&cap);
    cli_session_free(a);
    cli_session_free(b);
    sim_close(s);
}

TestSuite(cli_rcopy, .init = setup, .fini = teardown);

static int run_on(struct cli_session *c, const char *line)
{
    struct cli_io io = capture_io(&cap, false);
    capture_reset(&cap);
    return cli_session_run(c, line, &io, NULL);
}

/* Runs a line that must succeed. */
static void ok_on(struct cli_session *c, const char *line)
{
    int rc = run_on(c, line);
    cr_assert_eq(rc, CLI_OK, "%s: status %d, err: %s", line, rc, cap.err.buf);
}

static void advance(int64_t ms)
{
    struct sim_err err = SIM_ERR_INIT;
    cr_assert_eq(sim_clock_advance(s, ms, &err), 0, "advance: %s", err.detail);
}

static void group_of(const char *array, const char *name, struct sim_group_view *g)
{
    struct sim_err err = SIM_ERR_INIT;
    cr_assert_eq(sim_group_get(s, array, name, g, &err), 0, "%s on %s: %s", name, array,
                 err.detail);
}

/* Moves the clock until the group on site-a is synced (at most 10 min). */
static void until_synced(const char *group)
{
    struct sim_err err = SIM_ERR_INIT;
    for (int i = 0; i < 600 && sim_group_synced(s, "site-a", group, &err) != 1; i++)
        advance(1000);
    cr_assert_eq(sim_group_synced(s, "site-a", group, &err), 1, "%s never synced: %s", group,
                 err.detail);
}

/* A fingerprint of both arrays' remote-copy state and volumes: what a
 * refused command must leave as it was. */
static char *state_of(void)
{
    struct capture keep = cap;
    struct strbuf sb;
    strbuf_init(&sb);
    capture_init(&cap);
    run_on(a, "showrcopy -d -csvtable");
    strbuf_add(&sb, cap.out.buf, cap.out.len);
    run_on(b, "showrcopy -d -csvtable");
    strbuf_add(&sb, cap.out.buf, cap.out.len);
    run_on(a, "showvv -notree -showcols Name,Rd,VSize -csvtable");
    strbuf_add(&sb, cap.out.buf, cap.out.len);
    run_on(b, "showvv -notree -showcols Name,Rd,VSize -csvtable");
    strbuf_add(&sb, cap.out.buf, cap.out.len);
    capture_release(&cap);
    cap = keep;
    return strbuf_detach(&sb, NULL);
}

static bool starts_with(const char *s1, const char *prefix)
{
    return strncmp(s1, prefix, strlen(prefix)) == 0;
}

static size_t count_lines(const char *p)
{
    size_t n = 0;
    for (; *p; p++)
        n += *p == '\n';
    return n;
}

/* Runs a line that must be refused with one "Error:" line containing want,
 * and change no state; the only event is the refusal itself. */
static void refused_on(struct cli_session *c, const char *line, const char *want)
{
    char *before = state_of();
    int64_t ev = sim_event_last_id(s);
    int rc = run_on(c, line);
    cr_assert_eq(rc, CLI_REFUSED, "%s: status %d (out: %s err: %s)", line, rc, cap.out.buf,
                 cap.err.buf);
    cr_assert(strncmp(cap.err.buf, "Error: ", 7) == 0, "%s: %s", line, cap.err.buf);
    cr_assert_eq(count_lines(cap.err.buf), 1, "%s: one error line: %s", line, cap.err.buf);
    cr_assert(strstr(cap.err.buf, want), "%s: want \"%s\" in \"%s\"", line, want,
              cap.err.buf);
    /* a refusal that reached the engine leaves one command_refused event
     * (docs/behaviour.md: refused commands), and nothing else */
    struct sim_event_view *evs;
    size_t nev;
    struct sim_err e = SIM_ERR_INIT;
    cr_assert_eq(sim_event_list(s, NULL, ev, 10, &evs, &nev, &e), 0);
    cr_assert_leq(nev, 1, "%s logged %zu events", line, nev);
    if (nev)
        cr_assert_str_eq(evs[0].kind, "command_refused", "%s logged %s", line, evs[0].kind);
    free(evs);
    char *after = state_of();
    cr_assert_str_eq(after, before, "%s changed the state", line);
    free(before);
    free(after);
}

/* A sync group g with one volume v (10 GiB thin), created with -createvv
 * on site-b. */
static void make_group(const char *g, const char *mode)
{
    char line[256];
    snprintf(line, sizeof(line), "creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 "
             "-snp_cpg FC_r5 site-b:FC_r5 %s site-b:%s", g, mode);
    ok_on(a, line);
    cr_assert_str_eq(cap.out.buf, "");
    snprintf(line, sizeof(line), "createvv -tpvv -snp_cpg FC_r5 FC_r1 %s_v 10g", g);
    ok_on(a, line);
    snprintf(line, sizeof(line), "admitrcopyvv -createvv %s_v %s site-b:%s_v", g, g, g);
    ok_on(a, line);
    cr_assert_str_eq(cap.out.buf, "");
}

Test(cli_rcopy, creatercopygroup_makes_the_peer_group)
{
    make_group("g1", "sync");
    struct sim_group_view g;
    group_of("site-b", "g1.r101", &g);
    cr_assert_eq(g.role, SIM_RC_SECONDARY);
    cr_assert_str_eq(g.target, "site-a");
    cr_assert_eq(g.n_pairs, 1);
    cr_assert_str_eq(g.pairs[0].local_vv, "g1_v");
    sim_group_view_release(&g);

    ok_on(a, "showrcopy groups g1 -csvtable -nohdtot");
    cr_assert(strstr(cap.out.buf, "\ng1,site-b,New,Primary,Sync,\n ,g1_v,"), "%s",
              cap.out.buf);
    cr_assert(strstr(cap.out.buf, ",g1_v,"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, ",New,NA\n"), "%s", cap.out.buf);
}

Test(cli_rcopy, showrcopy_starts_with_the_service_lines)
{
    ok_on(a, "showrcopy");
    cr_assert(starts_with(cap.out.buf, "\nRemote Copy System Information\n"
                          "Status: Started, Normal\n\nTarget Information\n\n"), "%s",
              cap.out.buf);
    cr_assert(strstr(cap.out.buf, "Name   ID Type Status Options Policy\n"), "%s",
              cap.out.buf);
    cr_assert(strstr(cap.out.buf, "\nLink Information\n\n"
                                  "Target  Node  Address   Status Options\n"
                                  "site-b  0:3:1 10.1.1.21 Up     -\n"
                                  "site-b  1:3:1 10.1.1.22 Up     -\n"
                                  "receive 0:3:1 receive   Up     -\n"
                                  "receive 1:3:1 receive   Up     -\n"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "\nGroup Information\n\n"), "%s", cap.out.buf);

    /* python-3parclient: Started on line index 2, also in CSV mode */
    ok_on(a, "setclienv csvtable 1; showrcopy");
    cr_assert(starts_with(cap.out.buf, "\nRemote Copy System Information\nStatus: Started"),
              "%s", cap.out.buf);
}

Test(cli_rcopy, showrcopy_links_and_targets_csv)
{
    ok_on(a, "setclienv csvtable 1; showrcopy links");
    cr_assert_str_eq(cap.out.buf, "Target,Node,Address,Status,Options\n"
                                  "site-b,0:3:1,10.1.1.21,Up,\n"
                                  "site-b,1:3:1,10.1.1.22,Up,\n"
                                  "receive,0:3:1,receive,Up,\n"
                                  "receive,1:3:1,receive,Up,\n");
    ok_on(a, "showrcopy targets -csvtable -nohdtot");
    cr_assert(starts_with(cap.out.buf, "site-b,"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, ",IP,ready,,mirror_config\n"), "%s", cap.out.buf);
    cr_assert_eq(count_lines(cap.out.buf), 1, "%s", cap.out.buf);
}

Test(cli_rcopy, start_sync_and_show_volumes)
{
    make_group("g2", "sync");
    ok_on(a, "startrcopygroup g2");
    cr_assert_str_eq(cap.out.buf, "");
    until_synced("g2");

    struct sim_group_view g;
    group_of("site-a", "g2", &g);
    char want[256];
    snprintf(want, sizeof(want), "g2,site-b,Started,Primary,Sync,\n ,g2_v,%lld,g2_v,%lld,"
             "Synced,NA\n", (long long)g.pairs[0].local_id, (long long)g.pairs[0].remote_id);
    sim_group_view_release(&g);
    ok_on(a, "showrcopy groups -csvtable -nohdtot");
    cr_assert(strstr(cap.out.buf, want), "want %s in %s", want, cap.out.buf);

    /* text: the repeated group header and the indented volume header */
    ok_on(a, "showrcopy groups g2");
    cr_assert(strstr(cap.out.buf, "\nGroup Information\n\nName Target Status  Role    Mode "
                                  "Options\ng2   site-b Started Primary Sync -\n"),
              "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "\n  LocalVV ID RemoteVV ID SyncStatus LastSyncTime\n"
                                  "  g2_v "), "%s", cap.out.buf);
    ok_on(b, "showrcopy groups g2.r101 -csvtable -nohdtot");
    cr_assert(strstr(cap.out.buf, "g2.r101,site-a,Started,Secondary,Sync,\n ,g2_v,"), "%s",
              cap.out.buf);

    ok_on(a, "showrcopy -d groups g2");
    cr_assert(strstr(cap.out.buf, "SyncStatus LastSyncTime Resync_ss Resync Blocks"), "%s",
              cap.out.buf);

    /* -wait and -w return at once on a synced group */
    ok_on(a, "syncrcopy -w -ovrd g2");
    cr_assert(strstr(cap.out.buf, "Completed synchronization for group g2\n"), "%s",
              cap.out.buf);
}

Test(cli_rcopy, periodic_group_options_show_the_period)
{
    make_group("pg", "periodic");
    ok_on(a, "setrcopygroup period 5m site-b pg");
    cr_assert_str_eq(cap.out.buf, "");
    ok_on(a, "setrcopygroup pol auto_recover pg");
    cr_assert_str_eq(cap.out.buf, "");
    ok_on(a, "showrcopy groups pg -csvtable -nohdtot");
    cr_assert(strstr(cap.out.buf, "\npg,site-b,New,Primary,Periodic,\"Period 5m, "
                                  "auto_recover,over_per_alert\"\n"), "%s", cap.out.buf);
    ok_on(b, "showrcopy groups pg.r101 -csvtable -nohdtot");
    cr_assert(strstr(cap.out.buf, "Period 5m"), "%s", cap.out.buf);
}

Test(cli_rcopy, showrcopy_groups_nosuch_is_an_error_and_an_empty_section)
{
    int64_t ev = sim_event_last_id(s);
    cr_assert_eq(run_on(a, "showrcopy groups nosuch"), CLI_REFUSED);
    cr_assert_str_eq(cap.err.buf, "Error: group matching nosuch does not exist on the "
                                  "system\n");
    cr_assert_str_eq(cap.out.buf, "\nRemote Copy System Information\n"
                                  "Status: Started, Normal\n\nGroup Information\n\n");
    cr_assert_eq(sim_event_last_id(s), ev);
}

Test(cli_rcopy, stoprcopygroup_without_confirmation_changes_nothing)
{
    make_group("g3", "sync");
    ok_on(a, "startrcopygroup g3");
    char *before = state_of();
    cr_assert_eq(run_on(a, "stoprcopygroup g3"), CLI_REFUSED);
    cr_assert(strstr(cap.err.buf, "needs confirmation"), "%s", cap.err.buf);
    char *after = state_of();
    cr_assert_str_eq(after, before);
    free(before);
    free(after);

    /* interactive: the question, and "no" changes nothing either */
    struct cli_io io = capture_io(&cap, true);
    capture_reset(&cap);
    cap.answer = 0;
    cr_assert_eq(cli_session_run(a, "stoprcopygroup g3", &io, NULL), CLI_REFUSED);
    cr_assert_str_eq(cap.question, "Are you sure you want to stop remote copy group g3?");
    struct sim_group_view g;
    group_of("site-a", "g3", &g);
    cr_assert_eq(g.status, SIM_RC_STARTED);
    sim_group_view_release(&g);

    ok_on(a, "stoprcopygroup -f g3");
    cr_assert_str_eq(cap.out.buf, "");
    group_of("site-b", "g3.r101", &g);
    cr_assert_eq(g.status, SIM_RC_STOPPED);
    sim_group_view_release(&g);
}

Test(cli_rcopy, negative_list_is_refused_and_changes_nothing)
{
    make_group("n1", "sync");
    make_group("n2", "sync");
    ok_on(a, "startrcopygroup n2");
    ok_on(a, "creatercopygroup empty site-b:sync");
    ok_on(a, "creatercopygroup pgrp site-b:periodic");

    refused_on(b, "startrcopygroup n1.r101", "n1.r101");           /* on the secondary */
    refused_on(a, "startrcopygroup n2", "Group n2 is already started");
    refused_on(a, "startrcopygroup empty", "empty");               /* empty group */
    refused_on(a, "setrcopygroup failover -f n1", "n1");           /* on the primary */
    refused_on(b, "setrcopygroup failover -f n2.r101", "n2.r101"); /* started */
    refused_on(b, "setrcopygroup recover -f n2.r101", "n2.r101");  /* not stopped */
    refused_on(b, "setrcopygroup restore -f n1.r101", "n1.r101");  /* not reversed */
    refused_on(a, "removercopygroup -f n2", "n2");                 /* started */
    ok_on(a, "createvv -tpvv -snp_cpg FC_r5 FC_r1 extra 1g");
    refused_on(a, "admitrcopyvv -createvv extra n2 site-b:extra", "n2"); /* started */
    refused_on(a, "setrcopygroup period 5m site-b n1", "n1");     /* sync group */
    refused_on(a, "creatercopygroup abcdefghijklmnopqrstuvw site-b:sync", "abcdefghij");
    refused_on(a, "creatercopygroup n1 site-b:sync", "Group n1 already exists");
    refused_on(a, "creatercopygroup x site-c:sync", "Could not find target site-c .");
    refused_on(a, "admitrcopytarget site-b sync n1", "Target is already in this group.");
    refused_on(a, "dismissrcopytarget -f site-b n1", "n1");
    refused_on(a, "admitrcopylink site-b 0:3:1:10.1.1.21", "10.1.1.21");
    /* several links: all or none, with no event for the ones that were fine */
    refused_on(a, "admitrcopylink site-b 2:3:1:10.1.1.99 0:3:1:10.1.1.21", "10.1.1.21");
    refused_on(a, "dismissrcopylink site-b 0:3:1:10.1.1.21 0:3:2:1.2.3.4", "1.2.3.4");
    refused_on(a, "stoprcopygroup -f -t site-c n2", "site-c");
    make_group("pm", "periodic");
    refused_on(a, "startrcopygroup pm", "different modes on a single target");
    cr_assert_eq(run_on(a, "setrcopygroup pol bogus_policy n1"), CLI_USAGE);
    cr_assert(strstr(cap.err.buf, "Invalid policy \"bogus_policy\""), "%s", cap.err.buf);
}

Test(cli_rcopy, failover_recover_restore_print_their_tasks)
{
    make_group("dr", "sync");
    ok_on(a, "startrcopygroup dr");
    until_synced("dr");
    ok_on(a, "stoprcopygroup -f dr");

    ok_on(b, "setrcopygroup failover -f dr.r101");
    int64_t t1;
    cr_assert_eq(sscanf(cap.out.buf, "setrcopygroup for failover dr.r101\n"
                                     "failover started with tasks: %lld\n", (long long *)&t1),
                 1, "%s", cap.out.buf);
    struct sim_group_view g;
    group_of("site-b", "dr.r101", &g);
    cr_assert_eq(g.role, SIM_RC_PRIMARY_REV);
    sim_group_view_release(&g);

    ok_on(b, "setrcopygroup recover -f -waittask dr.r101");
    int64_t t2;
    cr_assert_eq(sscanf(cap.out.buf, "setrcopygroup for recover dr.r101\n"
                                     "recover started with tasks: %lld\n", (long long *)&t2),
                 1, "%s", cap.out.buf);
    char done[64];
    snprintf(done, sizeof(done), "Waiting for tasks to complete\nTask %lld done\n",
             (long long)t2);
    cr_assert(strstr(cap.out.buf, done), "%s", cap.out.buf);

    /* let the reverse sync finish before restoring */
    for (int i = 0; i < 600; i++) {
        struct sim_err err = SIM_ERR_INIT;
        if (sim_group_synced(s, "site-b", "dr.r101", &err) == 1)
            break;
        advance(1000);
    }
    ok_on(b, "setrcopygroup restore -f dr.r101");
    cr_assert(starts_with(cap.out.buf, "setrcopygroup for restore dr.r101\nrestore started "
                          "with tasks: "), "%s", cap.out.buf);
    group_of("site-a", "dr", &g);
    cr_assert_eq(g.role, SIM_RC_PRIMARY);
    sim_group_view_release(&g);

    ok_on(b, "showtask");
    cr_assert(strstr(cap.out.buf, "Id Type"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "remote_copy_failover dr.r101 done"), "%s", cap.out.buf);
    char line[64];
    snprintf(line, sizeof(line), "showtask -d %lld", (long long)t1);
    ok_on(b, line);
    cr_assert(strstr(cap.out.buf, "-------StartTime------- ------FinishTime------- "
                                  "-Priority- -User--\n"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "\nDetailed status:\n"), "%s", cap.out.buf);
    cr_assert_eq(run_on(b, "showtask 99999"), CLI_REFUSED);
}

/* Slows the links and writes 16 MiB, so that the initial sync of g takes
 * several simulated seconds. */
static void slow_group(const char *g)
{
    struct sim_err err = SIM_ERR_INIT;
    char vv[64];
    struct sim_link_fault f = { .up = -1, .latency_ms = -1, .bandwidth_mbs = 1,
                                .loss_pct = -1 };
    cr_assert_eq(sim_link_fault(s, "site-a", "site-b", NULL, &f, &err), 0, "%s", err.detail);
    make_group(g, "sync");
    snprintf(vv, sizeof(vv), "%s_v", g);
    cr_assert_eq(sim_io_write_pattern(s, "site-a", vv, 0, 16u << 20, 7, &err), 0, "%s",
                 err.detail);
}

static void *interrupt_soon(void *arg)
{
    sim_wall_sleep_ms(50);
    *(volatile int *)arg = 1;
    return NULL;
}

Test(cli_rcopy, waiting_honours_an_interrupt)
{
    struct sim_err err = SIM_ERR_INIT;
    slow_group("w1");
    ok_on(a, "startrcopygroup w1");
    cr_assert_eq(sim_group_synced(s, "site-a", "w1", &err), 0, "synced at once");
    /* Ctrl-C arrives while the command waits (the clock never moves) */
    volatile int stop = 0;
    pthread_t th;
    struct cli_io io = capture_io(&cap, false);
    io.interrupted = &stop;
    capture_reset(&cap);
    cr_assert_eq(pthread_create(&th, NULL, interrupt_soon, (void *)&stop), 0);
    int rc = cli_session_run(a, "syncrcopy -w w1", &io, NULL);
    pthread_join(th, NULL);
    cr_assert_eq(rc, CLI_REFUSED, "%d out: %s err: %s", rc, cap.out.buf, cap.err.buf);
    cr_assert(strstr(cap.err.buf, "Interrupted"), "%s", cap.err.buf);
    cr_assert_null(strstr(cap.out.buf, "Completed"), "%s", cap.out.buf);
}

struct ticker {
    volatile int done;
    pthread_t thread;
};

/* Someone else moving the manual clock while a command waits. */
static void *tick_clock(void *arg)
{
    struct ticker *t = arg;
    struct sim_err err = SIM_ERR_INIT;
    for (int i = 0; i < 100000 && !t->done; i++) {
        sim_clock_advance(s, 1000, &err);
        sim_wall_sleep_ms(1);
    }
    return NULL;
}

Test(cli_rcopy, wait_returns_when_the_clock_moves_the_sync_to_its_end)
{
    struct sim_err err = SIM_ERR_INIT;
    struct ticker t = { 0 };
    slow_group("w2");
    cr_assert_eq(pthread_create(&t.thread, NULL, tick_clock, &t), 0);
    int rc = run_on(a, "startrcopygroup -wait w2");
    t.done = 1;
    pthread_join(t.thread, NULL);
    cr_assert_eq(rc, CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(sim_group_synced(s, "site-a", "w2", &err), 1);
    cr_assert_str_eq(cap.out.buf, "");
}

Test(cli_rcopy, showvv_shows_rcopy_columns_and_snapshots)
{
    make_group("sv", "sync");
    ok_on(a, "startrcopygroup sv");
    until_synced("sv");
    ok_on(a, "showvv -rcopy -showcols Name,RcopyStatus,RcopyGroup -csvtable -nohdtot sv_v");
    cr_assert_str_eq(cap.out.buf, "sv_v,Primary,sv\n");
    /* a stop of a synced sync group takes a resync snapshot: a vcopy child */
    ok_on(a, "stoprcopygroup -f sv");
    ok_on(a, "showvv -p -type vcopy -notree -showcols Name,Type,CopyOf -csvtable -nohdtot");
    cr_assert(starts_with(cap.out.buf, "rcpy."), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, ",vcopy,sv_v\n"), "%s", cap.out.buf);
}

Test(cli_rcopy, group_cpgs_and_target_policy)
{
    make_group("c1", "sync");
    ok_on(a, "setrcopygroup usr_cpg FC_r5 site-b:SSD_r6 c1");
    struct sim_group_view g;
    group_of("site-a", "c1", &g);
    cr_assert_str_eq(g.local_user_cpg, "FC_r5");
    cr_assert_str_eq(g.remote_user_cpg, "SSD_r6");
    sim_group_view_release(&g);
    ok_on(a, "setrcopygroup usr_cpg -usr_cpg_unset c1");
    group_of("site-a", "c1", &g);
    cr_assert_str_eq(g.local_user_cpg, "");
    cr_assert_str_eq(g.local_snap_cpg, "FC_r5", "snp_cpg left alone");
    sim_group_view_release(&g);
    cr_assert_eq(run_on(a, "setrcopygroup usr_cpg FC_r5 nocolon c1"), CLI_USAGE);

    ok_on(a, "setrcopytarget pol no_mirror_config site-b");
    ok_on(a, "showrcopy targets -csvtable -nohdtot");
    cr_assert(strstr(cap.out.buf, ",IP,ready,,no_mirror_config\n"), "%s", cap.out.buf);
    ok_on(a, "setrcopytarget pol mirror_config site-b");
    ok_on(a, "showrcopy -qw targets");
    cr_assert(strstr(cap.out.buf, "\nQuorum Witness Information\n\nTarget QW_Address "
                                  "QW_Status QW_Reach\n"), "%s", cap.out.buf);
}

/* How many syncs of the group started after event id since. */
static int syncs_since(const char *group, int64_t since)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_event_view *ev;
    size_t n;
    cr_assert_eq(sim_event_list(s, "site-a", since, 0, &ev, &n, &err), 0, "%s", err.detail);
    int hits = 0;
    for (size_t i = 0; i < n; i++)
        hits += strcmp(ev[i].kind, "sync_started") == 0 && strcmp(ev[i].object, group) == 0;
    free(ev);
    return hits;
}

/* §2.4 syncrcopy: in a sync group, Synced volumes go again only with -ovrd
 * or when the operator says yes; no (or nobody to ask) leaves them. */
Test(cli_rcopy, syncrcopy_asks_before_resyncing_synced_volumes)
{
    make_group("gs", "sync");
    ok_on(a, "startrcopygroup gs");
    until_synced("gs");

    struct cli_io io = capture_io(&cap, true);
    int64_t mark = sim_event_last_id(s);
    capture_reset(&cap);
    cap.answer = 0;
    cr_assert_eq(cli_session_run(a, "syncrcopy gs", &io, NULL), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(cap.asked, 1);
    cr_assert(strstr(cap.question, "already synced"), "%s", cap.question);
    ok_on(a, "syncrcopy gs");   /* nobody to ask: as no */
    cr_assert_eq(syncs_since("gs", mark), 0);

    capture_reset(&cap);
    cap.asked = 0;
    cap.answer = 1;
    cr_assert_eq(cli_session_run(a, "syncrcopy gs", &io, NULL), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(cap.asked, 1);
    cr_assert_eq(syncs_since("gs", mark), 1);
    until_synced("gs");

    mark = sim_event_last_id(s);
    capture_reset(&cap);
    cap.asked = 0;
    cr_assert_eq(cli_session_run(a, "syncrcopy -ovrd gs", &io, NULL), CLI_OK, "%s",
                 cap.err.buf);
    cr_assert_eq(cap.asked, 0);
    cr_assert_eq(syncs_since("gs", mark), 1);
}

/* A refused policy list changes nothing, on either side. */
Test(cli_rcopy, setrcopygroup_pol_is_all_or_nothing)
{
    make_group("gp", "sync");
    ok_on(a, "setrcopygroup pol auto_failover gp");
    cr_assert_neq(run_on(a, "setrcopygroup pol auto_failover,no_over_per_alert gp"), CLI_OK);
    cr_assert_neq(run_on(a, "setrcopygroup pol no_auto_failover,over_per_alert gp"), CLI_OK);
    struct sim_group_view g;
    group_of("site-a", "gp", &g);
    cr_assert(g.policies & SIM_POL_AUTO_FAILOVER, "auto_failover lost on site-a");
    sim_group_view_release(&g);
    group_of("site-b", "gp.r101", &g);
    cr_assert(g.policies & SIM_POL_AUTO_FAILOVER, "auto_failover lost on site-b");
    sim_group_view_release(&g);
}

static size_t pairs_of(const char *array, const char *group)
{
    struct sim_group_view g;
    group_of(array, group, &g);
    size_t n = g.n_pairs;
    sim_group_view_release(&g);
    return n;
}

/* §1.4 set form: every volume of the set, the target's set holding the
 * secondaries (refused to removevvset there), all or none; -pat likewise. */
Test(cli_rcopy, admitrcopyvv_set_form_and_pat_are_all_or_nothing)
{
    ok_on(a, "creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 gs site-b:periodic");
    ok_on(a, "createvv -tpvv FC_r1 s1 1g");
    ok_on(a, "createvv -tpvv FC_r1 s2 1g");
    ok_on(a, "createvv -tpvv FC_r1 s3 1g");
    ok_on(a, "createvvset vs s1 s2 s3");
    /* s3 exists on site-b with another size: the whole set is refused */
    ok_on(b, "createvv -tpvv FC_r1 s3 2g");
    refused_on(a, "admitrcopyvv -createvv set:vs gs site-b:vsb", "s3");
    cr_assert_eq(pairs_of("site-a", "gs"), 0);
    ok_on(b, "removevv -f s3");
    ok_on(a, "admitrcopyvv -createvv set:vs gs site-b:vsb");
    cr_assert_eq(pairs_of("site-a", "gs"), 3);
    ok_on(b, "showvvset -csvtable -nohdtot vsb");
    cr_assert_eq(count_lines(cap.out.buf), 3, "%s", cap.out.buf);
    cr_assert_neq(run_on(b, "removevvset -f vsb"), CLI_OK);
    cr_assert(strstr(cap.err.buf, "currently admitted to Remote Copy Group"), "%s",
              cap.err.buf);

    ok_on(a, "creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 gp site-b:periodic");
    ok_on(a, "createvv -tpvv FC_r1 p1 1g");
    ok_on(a, "createvv -tpvv FC_r1 p2 1g");
    ok_on(b, "createvv -tpvv FC_r1 p2 2g");
    cr_assert_neq(run_on(a, "admitrcopyvv -pat -createvv p* gp site-b:@vvname@"), CLI_OK);
    cr_assert_eq(pairs_of("site-a", "gp"), 0, "-pat admitted some volumes");
}

/* A refused configuration command is in the array's event log, as the
 * array's own log shows "Could not find target X" (docs/behaviour.md). */
Test(cli_rcopy, a_refused_command_is_in_the_event_log)
{
    int64_t ev = sim_event_last_id(s);
    cr_assert_eq(run_on(a, "creatercopygroup x site-c:sync"), CLI_REFUSED);
    struct sim_event_view *evs;
    size_t n;
    struct sim_err e = SIM_ERR_INIT;
    cr_assert_eq(sim_event_list(s, NULL, ev, 10, &evs, &n, &e), 0);
    cr_assert_eq(n, 1, "one event for the refusal, got %zu", n);
    cr_assert_str_eq(evs[0].kind, "command_refused");
    cr_assert_str_eq(evs[0].array, "site-a");
    cr_assert(strstr(evs[0].detail, "Could not find target site-c"), "%s", evs[0].detail);
    free(evs);
    ok_on(a, "showeventlog -oneline -msg *Could?not?find?target?site-c*");
    cr_assert(strstr(cap.out.buf, "command_refused"), "%s", cap.out.buf);
    /* only the array the command ran on logs it */
    ok_on(b, "showeventlog -oneline -msg *site-c*");
    cr_assert_eq(cap.out.len, 0, "%s", cap.out.buf);
    /* the refused command changed nothing else: the next success logs as usual */
    ev = sim_event_last_id(s);
    ok_on(a, "creatercopygroup x site-b:sync");
    cr_assert_gt(sim_event_last_id(s), ev);
}
