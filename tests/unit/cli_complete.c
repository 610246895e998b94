/* tests/unit/cli_complete.c - Tab completion from the command table:
 * command names, subcommands, options (implied ones too), after ';'. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The candidates for line (cursor at its end), joined by spaces. */
static char *complete(const char *line)
{
    char **w = NULL;
    size_t n = cli_complete(line, strlen(line), &w);
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(w[i]) + 1;
    char *out = calloc(1, len);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, w[i]);
        free(w[i]);
    }
    free(w);
    return out;
}

static void expect(const char *line, const char *want)
{
    char *got = complete(line);
    cr_assert_str_eq(got, want, "'%s'", line);
    free(got);
}

Test(cli_complete, command_names)
{
    expect("showv", "showversion showvlun showvv showvvset");
    expect("createrc", "creatercopygroup creatercopytarget");
    expect("nosuch", "");
    expect("  showr", "showrcopy");
}

Test(cli_complete, options_of_the_command_with_the_implied_ones)
{
    expect("showvv -noh", "-nohdtot");
    expect("removevv -", "-f -pat");
    expect("showvv vol1 -csv", "-csvtable");
    expect("showvv vol", "");
}

Test(cli_complete, subcommands_and_their_options)
{
    expect("setrcopygroup fail", "failover");
    expect("setrcopygroup failover -nos", "-nosnap -nostart -nosync");
}

Test(cli_complete, the_command_after_the_last_semicolon)
{
    expect("showsys; showr", "showrcopy");
    expect("showsys;showr", "showrcopy");
    expect("showsys; showvv -noh", "-nohdtot");
}
