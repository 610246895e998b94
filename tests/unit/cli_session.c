/* tests/unit/cli_session.c - whole commands against a real engine (the
 * two-site fixture, manual clock): output, refusals, and that a refused
 * command changes nothing. */
#include "helpers.h"
#include "cli_capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/event.h"
#include "sim/vv.h"

static struct sim *s;
static struct cli_session *cs;
static struct capture cap;

static void setup(void)
{
    s = test_sim_open();
    cs = cli_session_new(s, "site-a", "3paradm", SIM_ROLE_SUPER);
    capture_init(&cap);
}

static void teardown(void)
{
    capture_release(&cap);
    cli_session_free(cs);
    sim_close(s);
}

TestSuite(cli_session, .init = setup, .fini = teardown);

static int run_on(struct cli_session *c, const char *line, bool interactive)
{
    struct cli_io io = capture_io(&cap, interactive);
    capture_reset(&cap);
    return cli_session_run(c, line, &io, NULL);
}

static int run(const char *line)
{
    return run_on(cs, line, false);
}

static size_t vv_count(void)
{
    struct sim_vv_view *v = NULL;
    size_t n = 0;
    struct sim_err err = SIM_ERR_INIT;
    cr_assert_eq(sim_vv_list(s, "site-a", &v, &n, &err), 0);
    free(v);
    return n;
}

/* Runs a line that must be refused with a line containing want, and
 * checks that no volume and no event appeared or went. */
static void refused(const char *line, int status, const char *want)
{
    size_t before = vv_count();
    int64_t ev = sim_event_last_id(s);
    cr_assert_eq(run(line), status, "%s: status (err: %s)", line, cap.err.buf);
    cr_assert(strstr(cap.err.buf, want), "%s: want \"%s\" in \"%s\"", line, want, cap.err.buf);
    size_t lines = 0;
    for (const char *p = cap.err.buf; *p; p++)
        lines += *p == '\n';
    /* a refusal is one line; a usage error may add the usage line */
    cr_assert(lines == 1 || (status == CLI_USAGE && lines == 2 && strstr(cap.err.buf,
              "\nUsage: ")), "%s: one error line: %s", line, cap.err.buf);
    cr_assert_eq(vv_count(), before, "%s changed the volumes", line);
    cr_assert_eq(sim_event_last_id(s), ev, "%s logged an event", line);
}

Test(cli_session, prompt_names_the_array)
{
    cr_assert_str_eq(cli_session_prompt(cs), "site-a cli% ");
}

Test(cli_session, createvv_then_showvv_shows_it)
{
    cr_assert_eq(run("createvv -tpvv FC_r1 vol1 10g"), CLI_OK, "%s", cap.err.buf);
    cr_assert_str_eq(cap.out.buf, "");
    cr_assert_eq(run("showvv vol1"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "Rsvd(MiB)"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "Id Name  Prov Compr Dedup Type CopyOf BsId Rd "
                                  "-Detailed_State- Adm Snp Usr   VSize\n"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, " 1 vol1  tpvv No    No    base ---       1 RW normal"),
              "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "10240\n---"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, " total"), "%s", cap.out.buf);

    cr_assert_eq(run("setclienv csvtable 1; setclienv nohdtot 1; "
                     "showvv -showcols Name,Prov,VSize,UsrCPG vol*"), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "vol1,tpvv,10240,FC_r1\n");
}

Test(cli_session, snapshots_are_indented_under_their_parent)
{
    cr_assert_eq(run("createvv FC_r1 base1 1g; createsv -ro s1 base1; createsv s2 s1"),
                 CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(run("showvv -showcols Name,Type,CopyOf,Rd"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "base1  base  ---    RW\n"
                                  "  s1   vcopy base1  RO\n"
                                  "    s2 vcopy s1     RW\n"), "%s", cap.out.buf);
    cr_assert_eq(run("showvv -p -type vcopy -notree -showcols Name -nohdtot"), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "s1\ns2\n");
}

Test(cli_session, bad_createvv_inputs_are_refused_and_change_nothing)
{
    cr_assert_eq(run("createvv FC_r1 dup 1g"), CLI_OK, "%s", cap.err.buf);
    refused("createvv FC_r1 zero 0", CLI_REFUSED, "size must be greater than 0");
    refused("createvv FC_r1 huge 16385g", CLI_REFUSED, "above the maximum of 16 TiB");
    refused("createvv FC_r1 huge 17t", CLI_REFUSED, "above the maximum of 16 TiB");
    refused("createvv FC_r1 abcdefghijklmnopqrstuvwxyz012345 1g", CLI_REFUSED,
            "Name abcdefghijklmnopqrstuvwxyz012345 is too long");
    refused("createvv FC_r1 bad/name 1g", CLI_REFUSED, "Invalid name bad/name");
    refused("createvv FC_r1 dup 1g", CLI_REFUSED, "Error: VV dup already exists");
    refused("createvv NO_CPG v 1g", CLI_REFUSED, "Error: CPG NO_CPG does not exist");
    refused("createvv -tpvv -tdvv FC_r1 v 1g", CLI_REFUSED, "cannot be present at the same");
    refused("createvv FC_r1 v 1x", CLI_USAGE, "Invalid size \"1x\"");
    refused("createvv FC_r1 v 1g -bogus", CLI_USAGE, "Invalid option -bogus");
    refused("makevv FC_r1 v 1g", CLI_USAGE, "invalid command name \"makevv\"");
}

Test(cli_session, removevv_of_a_volume_with_snapshots_is_refused)
{
    cr_assert_eq(run("createvv FC_r1 v1 1g; createsv -ro v1snap v1"), CLI_OK, "%s",
                 cap.err.buf);
    refused("removevv -f v1", CLI_REFUSED, "Error: VV v1 has snapshots");
    refused("removevv -f nosuch", CLI_REFUSED, "Error: VV nosuch not found");
    /* both named: the snapshot goes first, then its parent */
    cr_assert_eq(run("removevv -f v1 v1snap"), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(vv_count(), 0);
}

Test(cli_session, removevv_asks_and_no_means_nothing_changes)
{
    cr_assert_eq(run("createvv -cnt 3 FC_r1 p 1g"), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(vv_count(), 3);
    /* non-interactive without -f: refused */
    refused("removevv -pat p.*", CLI_REFUSED, "needs confirmation");
    /* interactive, answer no */
    cap.answer = 0;
    cr_assert_eq(run_on(cs, "removevv -pat p.*", true), CLI_REFUSED);
    cr_assert_eq(cap.asked, 1);
    cr_assert(strstr(cap.question, "remove virtual volume(s) p.*"), "%s", cap.question);
    cr_assert_eq(vv_count(), 3);
    /* answer yes */
    cap.answer = 1;
    cr_assert_eq(run_on(cs, "removevv -pat p.*", true), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(vv_count(), 0);
}

Test(cli_session, browse_user_may_show_but_not_change)
{
    struct cli_session *b = cli_session_new(s, "site-a", "browse", SIM_ROLE_BROWSE);
    cr_assert_eq(run_on(b, "showvv", false), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "no vv listed\n");
    cr_assert_eq(run_on(b, "createvv FC_r1 v 1g", false), CLI_REFUSED);
    cr_assert(strstr(cap.err.buf, "Error: Permission denied"), "%s", cap.err.buf);
    cr_assert_eq(vv_count(), 0);
    cli_session_free(b);
}

Test(cli_session, growvv_setvv_and_cpg_commands)
{
    cr_assert_eq(run("createvv FC_r5 g1 1g; growvv g1 1g; setvv -comment \"two words\" "
                     "-name g2 g1"), CLI_OK, "%s", cap.err.buf);
    cr_assert_eq(run("showvv -showcols Name,VSize,Comment -csvtable -nohdtot g2"), CLI_OK);
    cr_assert_str_eq(cap.out.buf, "g2,2048,two words\n");
    refused("setvv g2", CLI_USAGE, "At least one option must be specified");
    refused("growvv g2 0", CLI_REFUSED, "Invalid grow size for g2");

    cr_assert_eq(run("createcpg -t r6 -ha mag -p -devtype SSD -sdgs 8g NEW_CPG"), CLI_OK,
                 "%s", cap.err.buf);
    cr_assert_eq(run("showcpg -d NEW_CPG -csvtable -nohdtot"), CLI_OK);
    cr_assert(strstr(cap.out.buf, ",NEW_CPG,-,r6,"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, ",mag,SSD,8192,"), "%s", cap.out.buf);
    cr_assert_eq(run("removecpg FC_r5"), CLI_REFUSED);
    cr_assert_eq(run("removecpg -f FC_r5"), CLI_REFUSED);
    cr_assert(strstr(cap.err.buf, "FC_r5 is in use"), "%s", cap.err.buf);
    cr_assert_eq(run("removecpg -f NEW_CPG"), CLI_OK, "%s", cap.err.buf);
}

Test(cli_session, showsys_prints_the_id_in_hex)
{
    cr_assert_eq(run("showsys -csvtable"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "\n65,site-a,"), "%s", cap.out.buf);
    cr_assert_eq(run("showsys -d"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "System Name           : site-a\n"), "%s", cap.out.buf);
}

Test(cli_session, showport_and_eventlog)
{
    cr_assert_eq(run("showport -csvtable -nohdtot 0:3:*"), CLI_OK);
    cr_assert(strncmp(cap.out.buf, "0:3:1,peer,ready,", 17) == 0, "%s", cap.out.buf);
    cr_assert_eq(run("createvv FC_r1 evvol 1g; showeventlog -msg *evvol*"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "Type     : vv_created\n"), "%s", cap.out.buf);
    cr_assert(strstr(cap.out.buf, "Message  : evvol: "), "%s", cap.out.buf);
    cr_assert_eq(run("showeventlog -min x"), CLI_USAGE);
}

Test(cli_session, help_lists_commands_and_explains_one)
{
    cr_assert_eq(run("help"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "  createvv "), "%s", cap.out.buf);
    cr_assert_null(strstr(cap.out.buf, "  quit "), "%s", cap.out.buf);
    cr_assert_eq(run("help createvv"), CLI_OK);
    cr_assert(strstr(cap.out.buf, "Usage: createvv"), "%s", cap.out.buf);
    cr_assert_eq(run("help nosuch"), CLI_USAGE);
}

/* One reading of a confirmation answer for the SSH shell and rcsim cli. */
Test(cli_session, answers_to_a_question)
{
    static const struct { const char *in, *trimmed; int want; } cases[] = {
        { "y", "y", 1 }, { " Y\t", "Y", 1 }, { "n", "n", 0 }, { "q ", "q", 0 },
        { "Q", "Q", 0 }, { "yes", "yes", -1 }, { "y x", "y x", -1 }, { "", "", -1 },
        { "  ", "", -1 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[16];
        snprintf(buf, sizeof(buf), "%s", cases[i].in);
        cr_assert_eq(cli_answer_parse(buf), cases[i].want, "'%s'", cases[i].in);
        cr_assert_str_eq(buf, cases[i].trimmed);
    }
}
