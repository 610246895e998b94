/* cli/cmd_session.c - commands about the session itself: exit, help,
 * setclienv. Owns: nothing but these handlers. Spec:
 * docs/array-interfaces.md §5.3 (setclienv prints nothing), §5.7. */
#include "cli/internal.h"
#include "util/strbuf.h"

int cli_cmd_exit(struct cli_ctx *cx)
{
    cx->exit_requested = true;
    return CLI_OK;
}

int cli_cmd_help(struct cli_ctx *cx)
{
    struct strbuf sb;
    strbuf_init(&sb);
    if (cx->argc == 0) {
        cli_help_list(&sb);
    } else {
        const struct cli_cmd *c = cli_cmd_find(cli_commands, cx->argv[0]);
        if (!c) {
            strbuf_release(&sb);
            return cli_usage(cx, "No help for unknown command \"%s\"", cx->argv[0]);
        }
        cli_help_render(c, NULL, &sb);
    }
    cli_write(cx, sb.buf, sb.len);
    strbuf_release(&sb);
    return CLI_OK;
}

int cli_cmd_setclienv_csvtable(struct cli_ctx *cx)
{
    bool on;
    if (cli_arg_bool(cx, 0, &on) < 0)
        return CLI_USAGE;
    cx->cs->csvtable = on;
    return CLI_OK;
}

int cli_cmd_setclienv_nohdtot(struct cli_ctx *cx)
{
    bool on;
    if (cli_arg_bool(cx, 0, &on) < 0)
        return CLI_USAGE;
    cx->cs->nohdtot = on;
    return CLI_OK;
}
