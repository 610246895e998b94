/* cli/complete.c - Tab completion of the array's command language, from
 * the command table: command names, subcommand names, and each command's
 * options (implied ones included: -f, -csvtable, -nohdtot). Owns: which
 * words may come where. Not: the editing (lineedit.c), the table
 * (commands.c). */
#include "cli/internal.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct words {
    char **v;
    size_t n, alloc;
    const char *prefix;
    size_t plen;
};

static void offer(struct words *w, const char *word)
{
    if (strncmp(word, w->prefix, w->plen) != 0)
        return;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->v[i], word) == 0)
            return;
    XGROW(w->v, w->n + 1, w->alloc);
    w->v[w->n++] = xstrdup(word);
}

static void offer_commands(struct words *w, const struct cli_cmd *table)
{
    for (const struct cli_cmd *c = table; c && c->name; c++)
        if (!(c->flags & CLI_HIDDEN))
            offer(w, c->name);
}

static void offer_options(struct words *w, const struct cli_cmd *cmd, unsigned flags)
{
    for (const struct cli_opt *o = cmd->opts; o && o->name; o++)
        offer(w, o->name);
    if (flags & CLI_CONFIRM)
        offer(w, "-f");
    if (flags & CLI_TABLE) {
        offer(w, "-csvtable");
        offer(w, "-nohdtot");
    }
}

static int by_word(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first words of line[0, end) (at most two), each up to 63 bytes:
 * the command and its subcommand, if any. Returns how many words there
 * are in all. */
static size_t leading_words(const char *line, size_t end, char words[2][64])
{
    size_t n = 0, i = 0;
    for (;;) {
        while (i < end && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= end)
            return n;
        size_t len = 0;
        while (i + len < end && line[i + len] != ' ' && line[i + len] != '\t')
            len++;
        if (n < 2)
            snprintf(words[n], 64, "%.*s", (int)len, line + i);
        n++;
        i += len;
    }
}

size_t cli_complete(const char *line, size_t cursor, char ***out)
{
    size_t start = cursor, seg = 0;
    while (start > 0 && line[start - 1] != ' ' && line[start - 1] != '\t' &&
           line[start - 1] != ';')
        start--;
    /* a line may hold several commands: the one being typed follows the last ';' */
    for (size_t i = 0; i < start; i++)
        if (line[i] == ';')
            seg = i + 1;
    struct words w = { .prefix = line + start, .plen = cursor - start };
    char words[2][64];
    size_t n = leading_words(line + seg, start - seg, words);
    const struct cli_cmd *cmd = n ? cli_cmd_find(cli_commands, words[0]) : NULL;
    const struct cli_cmd *sub = cmd && cmd->sub && n >= 2 ? cli_cmd_find(cmd->sub, words[1])
                                                         : NULL;
    bool option = w.plen && line[start] == '-';
    if (n == 0)
        offer_commands(&w, cli_commands);
    else if (cmd && cmd->sub && n == 1 && !option)
        offer_commands(&w, cmd->sub);
    else if (cmd && option)
        offer_options(&w, sub ? sub : cmd, (sub ? sub->flags : 0) | cmd->flags);
    if (w.n)
        qsort(w.v, w.n, sizeof(*w.v), by_word);
    *out = w.v;
    return w.n;
}
