/* tests/unit/cli_errors.c - every refusal code has CLI text, and the text
 * renders as one "Error: " line with the subject. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/internal.h"
#include "sim/err.h"
#include "util/strbuf.h"

Test(cli_errors, every_sim_rc_has_text)
{
    for (int rc = 0; rc < SIM_RC__COUNT; rc++) {
        cr_assert_not_null(cli_errs[rc], "no CLI text for %s", sim_rc_name((enum sim_rc)rc));
        cr_assert(strlen(cli_errs[rc]) > 0, "empty CLI text for %s",
                  sim_rc_name((enum sim_rc)rc));
        const char *hole = strstr(cli_errs[rc], "%");
        if (hole) {
            cr_assert(hole[1] == 's' && !strchr(hole + 2, '%'),
                      "%s: only one %%s allowed", sim_rc_name((enum sim_rc)rc));
        }
        cr_assert_null(strchr(cli_errs[rc], '\n'), "%s: one line only",
                       sim_rc_name((enum sim_rc)rc));
    }
}

Test(cli_errors, refusal_names_the_subject)
{
    struct sim_err err = SIM_ERR_INIT;
    struct strbuf sb;
    strbuf_init(&sb);
    sim_fail(&err, SIM_ENOENT_TARGET, "site-c", "no such target");
    cli_err_format(&err, &sb);
    cr_assert_str_eq(sb.buf, "Error: Could not find target site-c .");
    strbuf_release(&sb);
}

Test(cli_errors, subject_is_never_a_format)
{
    struct sim_err err = SIM_ERR_INIT;
    struct strbuf sb;
    strbuf_init(&sb);
    sim_fail(&err, SIM_ENOENT_VV, "%s%n%s", "x");
    cli_err_format(&err, &sb);
    cr_assert_str_eq(sb.buf, "Error: VV %s%n%s not found");
    strbuf_release(&sb);
}

/* The engine's detail is for the log, never the client: an empty subject
 * (a name given empty) shows as "". */
Test(cli_errors, the_detail_never_reaches_the_client)
{
    struct sim_err err = SIM_ERR_INIT;
    struct strbuf sb;
    strbuf_init(&sb);
    sim_fail(&err, SIM_ENOENT_VV, "", "no volume named ''");
    cli_err_format(&err, &sb);
    cr_assert_str_eq(sb.buf, "Error: VV \"\" not found");
    strbuf_release(&sb);
}
