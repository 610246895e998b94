/* cli/cmd_rctarget.c - Remote Copy targets and links: creatercopytarget,
 * removercopytarget, setrcopytarget, admitrcopylink, dismissrcopylink,
 * admitrcopytarget, dismissrcopytarget. Owns: their argument syntax (the
 * N:S:P:address words). Not: the targets (sim/rctarget.c).
 * Spec: docs/array-remote-copy.md §1.2, §2.6; docs/array-interfaces.md §3.4 (links
 * and admit/dismiss target: success is empty output, or a line holding
 * "has been dismissed from group"). */
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One parsed "N:S:P:address" word. */
struct link_word {
    char nsp[16];
    const char *address;        /* borrowed from the word */
};

/* Splits "N:S:P:address" after its third colon (an IPv6 address keeps
 * its own colons). Returns 0, or prints the usage error and returns -1. */
static int parse_link(struct cli_ctx *cx, const char *w, struct link_word *out)
{
    const char *p = w;
    int n[3];
    for (int i = 0; i < 3; i++) {
        char *end;
        if (!isdigit((unsigned char)*p))
            goto bad;
        long v = strtol(p, &end, 10);
        if (*end != ':' || v > 99)
            goto bad;
        n[i] = (int)v;
        p = end + 1;
    }
    if (!*p || strlen(p) > 47)
        goto bad;
    snprintf(out->nsp, sizeof(out->nsp), "%d:%d:%d", n[0], n[1], n[2]);
    out->address = p;
    return 0;
bad:
    cli_usage(cx, "Invalid link \"%s\": expected <N:S:P>:<address>", w);
    return -1;
}

static bool is_wwn(const char *s)
{
    size_t n = strlen(s);
    if (n != 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Parses argv[first..] as links into a new array of struct link_word and
 * struct sim_link_spec. Returns the count, or -1 after a usage error. */
static int parse_links(struct cli_ctx *cx, int first, struct link_word **words,
                       struct sim_link_spec **specs)
{
    int n = cx->argc - first;
    *words = xcalloc((size_t)n + 1, sizeof(**words));
    *specs = xcalloc((size_t)n + 1, sizeof(**specs));
    for (int i = 0; i < n; i++) {
        if (parse_link(cx, cx->argv[first + i], &(*words)[i]) < 0)
            return -1;
        (*specs)[i].local_nsp = (*words)[i].nsp;
        (*specs)[i].address = (*words)[i].address;
    }
    return n;
}

/* creatercopytarget [-disabled] <target> IP <N:S:P:peer_ip>...
 * creatercopytarget [-disabled] <target> FC <node_wwn> <N:S:P:port_wwn>... */
int cli_cmd_creatercopytarget(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct link_word *words = NULL;
    struct sim_link_spec *specs = NULL;
    const char *name = cx->argv[0], *type = cx->argv[1];
    bool fc = strcasecmp(type, "FC") == 0;
    int first = 2, n, rc = CLI_OK;

    if (!fc && strcasecmp(type, "IP") != 0)
        return cli_usage(cx, "Invalid link type \"%s\": expected IP or FC", type);
    if (fc) {
        /* The peer is found by its port WWNs; the node WWN is checked for
         * form only. */
        if (cx->argc < 4 || !is_wwn(cx->argv[2]))
            return cli_usage(cx, "FC targets need <node_wwn> (16 hex digits) and at least "
                             "one <N:S:P>:<port_wwn>");
        first = 3;
    }
    n = parse_links(cx, first, &words, &specs);
    if (n < 0) {
        rc = CLI_USAGE;
        goto out;
    }
    if (sim_target_create(cx->sim, cx->array, name, fc, specs, (size_t)n,
                          cli_opt_has(cx, "-disabled"), &err) < 0)
        rc = cli_refuse(cx, &err);
out:
    free(words);
    free(specs);
    return rc;
}

int cli_cmd_removercopytarget(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_target_remove(cx->sim, cx->array, cx->argv[0], cli_opt_has(cx, "-cleargroups"),
                          &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* admitrcopylink / dismissrcopylink <target> <N:S:P:address>...: all or
 * none. */
static int links_apply(struct cli_ctx *cx, bool admit)
{
    struct sim_err err = SIM_ERR_INIT;
    struct link_word *words = NULL;
    struct sim_link_spec *specs = NULL;
    const char *target = cx->argv[0];
    int rc = CLI_OK;
    int n = parse_links(cx, 1, &words, &specs);
    if (n < 0) {
        rc = CLI_USAGE;
        goto out;
    }
    if ((admit ? sim_link_admit : sim_link_dismiss)(cx->sim, cx->array, target, specs,
                                                    (size_t)n, &err) < 0)
        rc = cli_refuse(cx, &err);
out:
    free(words);
    free(specs);
    return rc;
}

int cli_cmd_admitrcopylink(struct cli_ctx *cx)
{
    return links_apply(cx, true);
}

int cli_cmd_dismissrcopylink(struct cli_ctx *cx)
{
    return links_apply(cx, false);
}

/* ------------------------------------------------------------------ */
/* setrcopytarget                                                       */

/* setrcopytarget name <newname> <target> */
int cli_cmd_setrcopytarget_name(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_target_rename(cx->sim, cx->array, cx->argv[1], cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* setrcopytarget pol mirror_config|no_mirror_config <target> */
int cli_cmd_setrcopytarget_pol(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *pol = cx->argv[0];
    bool on = strcmp(pol, "mirror_config") == 0;
    if (!on && strcmp(pol, "no_mirror_config") != 0)
        return cli_usage(cx, "Invalid policy \"%s\": expected mirror_config or "
                         "no_mirror_config", pol);
    if (sim_target_set_mirror(cx->sim, cx->array, cx->argv[1], on, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

static int set_enabled(struct cli_ctx *cx, bool on)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_target_set_enabled(cx->sim, cx->array, cx->argv[0], on, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_setrcopytarget_enable(struct cli_ctx *cx)
{
    return set_enabled(cx, true);
}

int cli_cmd_setrcopytarget_disable(struct cli_ctx *cx)
{
    return set_enabled(cx, false);
}

/* setrcopytarget witness create|start|stop|remove|check [-remote] [<ip>]
 * <target>: create needs the witness address; the others take none, except
 * check, which may name the address to test. */
int cli_cmd_setrcopytarget_witness(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    static const char *const actions[] = { "create", "start", "stop", "remove", "check" };
    const char *action = cx->argv[0];
    const char *address = cx->argc == 3 ? cx->argv[1] : NULL;
    const char *target = cx->argv[cx->argc - 1];
    bool known = false;
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        known = known || strcmp(action, actions[i]) == 0;
    if (!known)
        return cli_usage(cx, "Invalid witness action \"%s\"", action);
    if (strcmp(action, "create") == 0 && !address)
        return cli_usage(cx, "witness create needs the witness address");
    if (address && strcmp(action, "create") && strcmp(action, "check"))
        return cli_usage(cx, "witness %s takes no address", action);
    if (sim_target_witness(cx->sim, cx->array, target, action, address, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* Targets of a group                                                   */

/* admitrcopytarget <target> sync|periodic|async <group> [<vv>:<secvv>...]
 * and dismissrcopytarget [-f] <target> <group>: the engine decides
 * (sim_group_target_admit/dismiss); the CLI checks the syntax. */
int cli_cmd_admitrcopytarget(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    enum sim_rc_mode mode;
    if (sim_rc_mode_parse(cx->argv[1], &mode) < 0)
        return cli_usage(cx, "Invalid mode \"%s\": expected sync, periodic or async",
                         cx->argv[1]);
    size_t n = cx->argc > 3 ? (size_t)(cx->argc - 3) : 0;
    struct sim_vv_map *maps = xcalloc(n ? n : 1, sizeof(*maps));
    char **vv = xcalloc(n ? n : 1, sizeof(*vv));
    int ret = CLI_OK;
    for (size_t i = 0; i < n && ret == CLI_OK; i++) {
        const char *arg = cx->argv[3 + i], *c = strchr(arg, ':');
        if (!c || c == arg || !c[1] || strchr(c + 1, ':'))
            ret = cli_usage(cx, "Invalid volume mapping \"%s\": expected <vv>:<secvv>", arg);
        else {
            vv[i] = xstrndup(arg, (size_t)(c - arg));
            maps[i] = (struct sim_vv_map){ .vv = vv[i], .sec_vv = c + 1 };
        }
    }
    if (ret == CLI_OK && sim_group_target_admit(cx->sim, cx->array, cx->argv[2], cx->argv[0],
                                                mode, maps, n, &err) < 0)
        ret = cli_refuse(cx, &err);
    for (size_t i = 0; i < n; i++)
        free(vv[i]);
    free(vv);
    free(maps);
    return ret;
}

int cli_cmd_dismissrcopytarget(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    if (sim_group_target_dismiss(cx->sim, cx->array, cx->argv[1], cx->argv[0], &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}
