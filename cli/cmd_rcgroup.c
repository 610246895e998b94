/* cli/cmd_rcgroup.c - Remote Copy groups and their volumes:
 * creatercopygroup, removercopygroup, admitrcopyvv, dismissrcopyvv,
 * startrcopygroup, stoprcopygroup, syncrcopy, and the settings
 * subcommands of setrcopygroup (pol, period, mode, snap_freq, usr_cpg,
 * snp_cpg). Owns: their argument syntax, -pat expansion, -t checks.
 * Not: the DR subcommands (cmd_rcdr.c), the groups themselves
 * (sim/group.c). Spec: docs/array-remote-copy.md §1.3, §1.4, §1.6, §2.4,
 * §5.3 (silent success; syncrcopy -w prints the completion line). */
#include "cli/internal.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "sim/task.h"
#include "sim/vv.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Shared helpers                                                       */

void cli_rc_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int cli_rc_group_names(struct cli_ctx *cx, const char *word, bool pat, char ***names,
                       size_t *n)
{
    struct sim_err err = SIM_ERR_INIT;
    *names = NULL;
    *n = 0;
    if (!pat) {
        *names = xcalloc(1, sizeof(**names));
        (*names)[0] = xstrdup(word);
        *n = 1;
        return 0;
    }
    struct sim_group_view *g = NULL;
    size_t ng = 0;
    if (sim_group_list(cx->sim, cx->array, &g, &ng, &err) < 0)
        return cli_refuse(cx, &err);
    *names = xcalloc(ng + 1, sizeof(**names));
    for (size_t i = 0; i < ng; i++)
        if (rc_glob_match(word, g[i].name))
            (*names)[(*n)++] = xstrdup(g[i].name);
    sim_group_views_free(g, ng);
    if (!*n) {
        free(*names);
        *names = NULL;
        sim_fail(&err, SIM_ENOENT_GROUP, word, "no group matches");
        return cli_refuse(cx, &err);
    }
    return 0;
}

/* Splits "<target>:<value>" into target (copied into t) and value. */
static int split_target(const char *w, char *t, size_t size, const char **value)
{
    const char *colon = strchr(w, ':');
    if (!colon || colon == w || !colon[1] || (size_t)(colon - w) >= size)
        return -1;
    memcpy(t, w, (size_t)(colon - w));
    t[colon - w] = '\0';
    *value = colon + 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* creatercopygroup                                                     */

/* creatercopygroup [-domain D] [-usr_cpg <cpg> <target>:<cpg>]
 *                  [-snp_cpg <cpg> <target>:<cpg>] <group> <target>:<mode>
 * Each -usr_cpg/-snp_cpg takes two words; the option parser keeps the
 * first, and the second is positional: the leading positional words, in
 * the order of the options. */
int cli_cmd_creatercopygroup(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_spec spec = { .domain = cli_opt_value(cx, "-domain") };
    char target[SIM_TARGET_NAME_MAX + 9], cpg_target[SIM_TARGET_NAME_MAX + 9];
    const char *mode_word, *remote;
    int pairs = 0;

    for (size_t i = 0; i < cx->nopt; i++) {
        const char *name = cx->opt[i].opt->name;
        if (strcmp(name, "-usr_cpg") && strcmp(name, "-snp_cpg"))
            continue;
        if (pairs >= cx->argc)
            return cli_usage(cx, "Option %s needs <cpg> <target>:<cpg>", name);
        if (split_target(cx->argv[pairs], cpg_target, sizeof(cpg_target), &remote) < 0)
            return cli_usage(cx, "Invalid \"%s\" for %s: expected <target>:<cpg>",
                             cx->argv[pairs], name);
        if (name[1] == 'u') {
            spec.local_user_cpg = cx->opt[i].val;
            spec.remote_user_cpg = remote;
        } else {
            spec.local_snap_cpg = cx->opt[i].val;
            spec.remote_snap_cpg = remote;
        }
        pairs++;
    }
    if (cx->argc != pairs + 2)
        return cli_usage(cx, cx->argc < pairs + 2 ? "Not enough arguments"
                                                  : "Too many arguments");
    spec.name = cx->argv[pairs];
    if (split_target(cx->argv[pairs + 1], target, sizeof(target), &mode_word) < 0 ||
        sim_rc_mode_parse(mode_word, &spec.mode) < 0)
        return cli_usage(cx, "Invalid \"%s\": expected <target>:sync|periodic|async",
                         cx->argv[pairs + 1]);
    spec.target = target;
    /* The CPG pairs name the group's target (one target per group). */
    for (int i = 0; i < pairs; i++) {
        const char *unused;
        split_target(cx->argv[i], cpg_target, sizeof(cpg_target), &unused);
        if (strcmp(cpg_target, target) != 0) {
            sim_fail(&err, SIM_ENOT_TARGET_OF_GROUP, cpg_target, "group target is %s",
                     target);
            return cli_refuse(cx, &err);
        }
    }
    if (sim_group_create(cx->sim, cx->array, &spec, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* removercopygroup [-f] [-removevv] [-keepsnap] [-pat] <group>... */
int cli_cmd_removercopygroup(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    bool pat = cli_opt_has(cx, "-pat");
    bool removevv = cli_opt_has(cx, "-removevv"), keepsnap = cli_opt_has(cx, "-keepsnap");
    char **names[CLI_TOKENS_MAX] = { 0 };
    size_t counts[CLI_TOKENS_MAX] = { 0 };
    int rc = CLI_OK, a;

    /* Resolve every name first: an unknown one refuses before any change. */
    for (a = 0; a < cx->argc && a < CLI_TOKENS_MAX; a++) {
        if ((rc = cli_rc_group_names(cx, cx->argv[a], pat, &names[a], &counts[a])))
            goto out;
        if (!pat) {
            struct sim_group_view g;
            if (sim_group_get(cx->sim, cx->array, cx->argv[a], &g, &err) < 0) {
                rc = cli_refuse(cx, &err);
                a++;
                goto out;
            }
            sim_group_view_release(&g);
        }
    }
    for (int i = 0; i < a && rc == CLI_OK; i++)
        for (size_t j = 0; j < counts[i] && rc == CLI_OK; j++)
            if (sim_group_remove(cx->sim, cx->array, names[i][j], removevv, keepsnap,
                                 &err) < 0)
                rc = cli_refuse(cx, &err);
out:
    for (int i = 0; i < a; i++)
        cli_rc_names_free(names[i], counts[i]);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Volumes                                                              */

/* Replaces "@vvname@" in pattern with vv (the -pat form of <secvv>). */
static char *sec_name(const char *pattern, const char *vv)
{
    struct strbuf sb;
    const char *at = strstr(pattern, "@vvname@");
    strbuf_init(&sb);
    if (!at) {
        strbuf_adds(&sb, pattern);
    } else {
        strbuf_add(&sb, pattern, (size_t)(at - pattern));
        strbuf_adds(&sb, vv);
        strbuf_adds(&sb, at + 8);
    }
    return strbuf_detach(&sb, NULL);
}

/* admitrcopyvv [-pat] [-createvv [-nowwn]] [-nosync] <vv>[:<snap>] <group>
 *              [<target>:]<secvv> [<target>:<secvv>]   (one per target, §1.4)
 * admitrcopyvv [...] <vv>:<target>:<secvv> <group>
 * admitrcopyvv [-createvv] [-nosync] set:<vvset> <group> <target>:<sec_vvset>
 * With -pat, <vv> is a pattern over base volumes and "@vvname@" in <secvv>
 * stands for each volume's name. */
int cli_cmd_admitrcopyvv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    char vv[SIM_NAME_MAX * 2 + 2], target[SIM_TARGET_NAME_MAX + 9] = "";
    const char *snap = NULL, *sec = NULL, *group;
    bool pat = cli_opt_has(cx, "-pat");
    int rc = CLI_OK;

    if (strlen(cx->argv[0]) >= sizeof(vv))
        return cli_usage(cx, "Invalid volume \"%s\"", cx->argv[0]);
    strcpy(vv, cx->argv[0]);
    if (cx->argc == 2) {
        /* <vv>:<target>:<secvv> <group> */
        char *c1 = strchr(vv, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c1 || !c2 || c2 == c1 + 1 || !c2[1] || (size_t)(c2 - c1 - 1) >= sizeof(target))
            return cli_usage(cx, "Invalid \"%s\": expected <vv>:<target>:<secvv> <group>, "
                             "or <vv> <group> <target>:<secvv>", cx->argv[0]);
        *c1 = *c2 = '\0';
        strcpy(target, c1 + 1);
        sec = c2 + 1;
        group = cx->argv[1];
    } else {
        char *c = strncmp(vv, "set:", 4) == 0 ? NULL : strchr(vv, ':');
        if (c) {
            *c = '\0';
            snap = c + 1;
            if (!*snap)
                return cli_usage(cx, "Invalid \"%s\": empty snapshot name", cx->argv[0]);
        }
        group = cx->argv[1];
        const char *w = cx->argv[2];
        if (strchr(w, ':')) {
            if (split_target(w, target, sizeof(target), &sec) < 0)
                return cli_usage(cx, "Invalid \"%s\": expected <target>:<secvv>", w);
        } else {
            sec = w;
        }
    }
    bool createvv = cli_opt_has(cx, "-createvv"), nosync = cli_opt_has(cx, "-nosync");
    if (cli_opt_has(cx, "-nowwn") && !createvv)
        return cli_usage(cx, "Option -nowwn needs -createvv");
    if (snap && (createvv || nosync)) {
        sim_fail(&err, SIM_EPARAM_CONFLICT, "<vv>:<snapshot>, -createvv/-nosync",
                 "a starting snapshot goes with neither");
        return cli_refuse(cx, &err);
    }
    struct sim_admit_spec spec = {
        .snapshot = snap, .target = target[0] ? target : NULL, .createvv = createvv,
        .nowwn = cli_opt_has(cx, "-nowwn"), .nosync = nosync,
    };
    /* set:<set> <group> <target>:<sec_set>: the set form (docs/array-remote-copy.md §1.4) */
    if (strncmp(vv, "set:", 4) == 0) {
        if (pat || snap || !vv[4] || strncmp(sec, "set:", 4) == 0)
            return cli_usage(cx, "Invalid set form: admitrcopyvv [-createvv] [-nosync] "
                             "set:<vvset> <group> <target>:<sec_vvset>");
        if (sim_group_admit_set(cx->sim, cx->array, group, vv + 4, sec, &spec, &err) < 0)
            return cli_refuse(cx, &err);
        return CLI_OK;
    }
    if (!pat) {
        /* a multi-target group names a secondary on each target */
        struct sim_admit_spec specs[2] = { spec, spec };
        char target2[SIM_TARGET_NAME_MAX + 9];
        specs[0].vv = specs[1].vv = vv;
        specs[0].sec_vv = sec;
        if (cx->argc == 4 && (split_target(cx->argv[3], target2, sizeof(target2),
                                           &specs[1].sec_vv) < 0 || !target[0]))
            return cli_usage(cx, "Invalid \"%s\": expected <target>:<secvv>", cx->argv[3]);
        specs[1].target = target2;
        if (sim_group_admit_list(cx->sim, cx->array, group, specs, cx->argc == 4 ? 2 : 1,
                                 &err) < 0)
            return cli_refuse(cx, &err);
        return CLI_OK;
    }

    /* -pat: every base volume matching, all or none */
    struct sim_vv_view *v = NULL;
    size_t n = 0, hits = 0;
    if (sim_vv_list(cx->sim, cx->array, &v, &n, &err) < 0)
        return cli_refuse(cx, &err);
    struct sim_admit_spec *specs = xcalloc(n + 1, sizeof(*specs));
    char **secs = xcalloc(n + 1, sizeof(*secs));
    for (size_t i = 0; i < n; i++) {
        if (v[i].copy_type != SIM_COPY_BASE || !rc_glob_match(vv, v[i].name))
            continue;
        specs[hits] = spec;
        specs[hits].vv = v[i].name;
        specs[hits].sec_vv = secs[hits] = sec_name(sec, v[i].name);
        hits++;
    }
    if (!hits) {
        sim_fail(&err, SIM_ENOENT_VV, vv, "no volume matches");
        rc = cli_refuse(cx, &err);
    } else if (hits > 1 && !strstr(sec, "@vvname@")) {
        rc = cli_usage(cx, "With -pat and several volumes, <secvv> must contain @vvname@");
    } else if (sim_group_admit_list(cx->sim, cx->array, group, specs, hits, &err) < 0) {
        rc = cli_refuse(cx, &err);
    }
    for (size_t i = 0; i < hits; i++)
        free(secs[i]);
    free(secs);
    free(specs);
    free(v);
    return rc;
}

/* dismissrcopyvv [-f] [-pat] [-keepsnap] [-removevv] <vv> <group> */
int cli_cmd_dismissrcopyvv(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view g;
    const char *vv = cx->argv[0], *group = cx->argv[1];
    bool removevv = cli_opt_has(cx, "-removevv"), keepsnap = cli_opt_has(cx, "-keepsnap");
    int rc = CLI_OK;

    if (!cli_opt_has(cx, "-pat")) {
        if (sim_group_dismiss_vv(cx->sim, cx->array, group, vv, removevv, keepsnap, &err) < 0)
            return cli_refuse(cx, &err);
        return CLI_OK;
    }
    if (sim_group_get(cx->sim, cx->array, group, &g, &err) < 0)
        return cli_refuse(cx, &err);
    size_t hits = 0;
    for (size_t i = 0; i < g.n_pairs; i++)
        hits += rc_glob_match(vv, g.pairs[i].local_vv);
    if (!hits) {
        sim_fail(&err, SIM_ENOENT_GROUP_VV, vv, "no volume of %s matches", group);
        rc = cli_refuse(cx, &err);
    }
    for (size_t i = 0; i < g.n_pairs && rc == CLI_OK; i++) {
        if (!rc_glob_match(vv, g.pairs[i].local_vv))
            continue;
        if (sim_group_dismiss_vv(cx->sim, cx->array, group, g.pairs[i].local_vv, removevv,
                                 keepsnap, &err) < 0)
            rc = cli_refuse(cx, &err);
    }
    sim_group_view_release(&g);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Start, stop, sync                                                    */

/* startrcopygroup [-nosync] [-wait] [-pat] [-t <target>] <group>
 *                 [<vv>:<snap>|<vv>:-...] */
int cli_cmd_startrcopygroup(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    bool pat = cli_opt_has(cx, "-pat");
    const char *target = cli_opt_value(cx, "-t");
    int nsnaps = cx->argc - 1, rc = CLI_OK;
    char **names = NULL;
    size_t n = 0;

    if (pat && nsnaps)
        return cli_usage(cx, "Starting snapshots cannot be given with -pat");
    const char **snap_vv = xcalloc((size_t)nsnaps + 1, sizeof(*snap_vv));
    const char **snap_name = xcalloc((size_t)nsnaps + 1, sizeof(*snap_name));
    char **copies = xcalloc((size_t)nsnaps + 1, sizeof(*copies));
    for (int i = 0; i < nsnaps; i++) {
        copies[i] = xstrdup(cx->argv[i + 1]);
        char *c = strchr(copies[i], ':');
        if (!c || c == copies[i] || !c[1]) {
            rc = cli_usage(cx, "Invalid \"%s\": expected <vv>:<snapshot> or <vv>:-",
                           cx->argv[i + 1]);
            goto out;
        }
        *c = '\0';
        snap_vv[i] = copies[i];
        /* "<vv>:-" starts that volume without a snapshot */
        snap_name[i] = strcmp(c + 1, "-") == 0 ? NULL : c + 1;
    }
    if ((rc = cli_rc_group_names(cx, cx->argv[0], pat, &names, &n)))
        goto out;
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        struct sim_start_opts o = {
            .nosync = cli_opt_has(cx, "-nosync"), .target = target,
            .snap_vv = snap_vv, .snap_name = snap_name, .n_snaps = (size_t)nsnaps,
        };
        if (sim_group_start(cx->sim, cx->array, names[i], &o, &err) < 0)
            rc = cli_refuse(cx, &err);
    }
    /* -wait: until the initial sync of every group has completed. */
    for (size_t i = 0; i < n && rc == CLI_OK && cli_opt_has(cx, "-wait"); i++)
        rc = cli_wait_synced(cx, names[i]);
out:
    for (int i = 0; i < nsnaps; i++)
        free(copies[i]);
    free(copies);
    free(snap_vv);
    free(snap_name);
    cli_rc_names_free(names, n);
    return rc;
}

/* stoprcopygroup [-f] [-nosnap] [-pat] [-t <target>] <group> */
int cli_cmd_stoprcopygroup(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *target = cli_opt_value(cx, "-t");
    char **names = NULL;
    size_t n = 0;
    int rc;
    if ((rc = cli_rc_group_names(cx, cx->argv[0], cli_opt_has(cx, "-pat"), &names, &n)))
        return rc;
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        if (sim_group_stop(cx->sim, cx->array, names[i], target, cli_opt_has(cx, "-nosnap"),
                           &err) < 0)
            rc = cli_refuse(cx, &err);
    }
    cli_rc_names_free(names, n);
    return rc;
}

/* syncrcopy [-w] [-n|-N] [-ovrd] [-t <target>] <group> */
/* Whether a sync-mode group holds volumes that are already Synced: those
 * need -ovrd, or the array asks first (docs/array-remote-copy.md §2.4 syncrcopy). */
static bool synced_sync_volumes(struct cli_ctx *cx, const char *group)
{
    struct sim_err err = SIM_ERR_INIT;
    struct sim_group_view v;
    if (sim_group_get(cx->sim, cx->array, group, &v, &err) < 0)
        return false;   /* the sync itself names what is wrong */
    bool any = false;
    for (size_t i = 0; i < v.n_pairs && v.mode == SIM_RC_SYNC; i++)
        any |= v.pairs[i].status == SIM_SYNC_SYNCED;
    sim_group_view_release(&v);
    return any;
}

int cli_cmd_syncrcopy(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *group = cx->argv[0], *target = cli_opt_value(cx, "-t");
    bool noresync = cli_opt_has(cx, "-n") || cli_opt_has(cx, "-N");
    int64_t task = 0;
    int rc;

    /* synced volumes go again with -ovrd (or -f), or when the operator
     * says yes; no (or nobody to ask) leaves them out */
    bool ovrd = cli_opt_has(cx, "-ovrd") || cli_opt_has(cx, "-f");
    if (!ovrd && cx->io->confirm && synced_sync_volumes(cx, group)) {
        char q[128];
        snprintf(q, sizeof(q), "Volumes of group %s are already synced; resync them anyway?",
                 group);
        ovrd = cx->io->confirm(cx->io->ctx, q) > 0;
    }
    if (sim_group_sync(cx->sim, cx->array, group, target, noresync, ovrd, false, &task,
                       &err) < 0)
        return cli_refuse(cx, &err);
    if (!cli_opt_has(cx, "-w"))
        return CLI_OK;
    if (task > 0) {
        struct sim_task_view t;
        if ((rc = cli_wait_task(cx, task, &t)))
            return rc;
    }
    if ((rc = cli_wait_synced(cx, group)))
        return rc;
    cli_printf(cx, "Completed synchronization for group %s\n", group);
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* setrcopygroup settings                                               */

/* setrcopygroup pol <policy>[,<policy>...] [-t <target>] <group> */
int cli_cmd_setrcopygroup_pol(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *group = cx->argv[1], *target = cli_opt_value(cx, "-t");
    uint32_t on = 0, off = 0;
    int rc;
    char *list = xstrdup(cx->argv[0]), *save = NULL;
    for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        uint32_t bit;
        bool set;
        if (sim_rc_policy_parse(w, &bit, &set) < 0) {
            rc = cli_usage(cx, "Invalid policy \"%s\"", w);
            free(list);
            return rc;
        }
        if (set)
            on |= bit;
        else
            off |= bit;
    }
    free(list);
    if (on & off) {
        sim_fail(&err, SIM_EPARAM_CONFLICT, cx->argv[0], "a policy and its negation");
        return cli_refuse(cx, &err);
    }
    if (!on && !off)
        return cli_usage(cx, "No policy given");
    /* one change: every policy given, or none */
    struct sim_group_mod m = SIM_GROUP_MOD_INIT;
    m.target = target;
    m.pol_on = on;
    m.pol_off = off;
    if (sim_group_modify(cx->sim, cx->array, group, &m, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* Parses "<n>{s|m|h|d}" (seconds without a unit). */
static int parse_interval(struct cli_ctx *cx, const char *w, int64_t *ms)
{
    if (rc_parse_duration_ms(w, 1000, ms) < 0 || *ms < 0) {
        cli_usage(cx, "Invalid time \"%s\": expected <n>{s|m|h|d}", w);
        return -1;
    }
    return 0;
}

/* setrcopygroup period|snap_freq <n>{s|m|h|d} <target> <group> */
static int set_interval(struct cli_ctx *cx,
                        int (*set)(struct sim *, const char *, const char *, const char *,
                                   int64_t, struct sim_err *))
{
    struct sim_err err = SIM_ERR_INIT;
    int64_t ms;
    if (parse_interval(cx, cx->argv[0], &ms) < 0)
        return CLI_USAGE;
    if (set(cx->sim, cx->array, cx->argv[2], cx->argv[1], ms, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_setrcopygroup_period(struct cli_ctx *cx)
{
    return set_interval(cx, sim_group_set_period);
}

int cli_cmd_setrcopygroup_snap_freq(struct cli_ctx *cx)
{
    return set_interval(cx, sim_group_set_snap_freq);
}

/* setrcopygroup mode sync|periodic|async <target> <group> */
int cli_cmd_setrcopygroup_mode(struct cli_ctx *cx)
{
    struct sim_err err = SIM_ERR_INIT;
    enum sim_rc_mode mode;
    if (sim_rc_mode_parse(cx->argv[0], &mode) < 0)
        return cli_usage(cx, "Invalid mode \"%s\": expected sync, periodic or async",
                         cx->argv[0]);
    if (sim_group_set_mode(cx->sim, cx->array, cx->argv[2], cx->argv[1], mode, &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

/* setrcopygroup usr_cpg|snp_cpg <cpg> <target>:<cpg> <group>, or
 * setrcopygroup usr_cpg -usr_cpg_unset <group> (snp_cpg: -snp_cpg_unset).
 * An empty name clears a CPG; NULL leaves it as it is. */
static int set_cpgs(struct cli_ctx *cx, bool user)
{
    struct sim_err err = SIM_ERR_INIT;
    const char *unset = user ? "-usr_cpg_unset" : "-snp_cpg_unset";
    const char *local = "", *remote = "", *group;
    char target[SIM_TARGET_NAME_MAX + 9] = "";

    if (cli_opt_has(cx, unset)) {
        if (cx->argc != 1)
            return cli_usage(cx, "With %s give only <group>", unset);
        group = cx->argv[0];
    } else {
        if (cx->argc != 3)
            return cli_usage(cx, "Expected <cpg> <target>:<cpg> <group>");
        local = cx->argv[0];
        group = cx->argv[2];
        if (split_target(cx->argv[1], target, sizeof(target), &remote) < 0)
            return cli_usage(cx, "Invalid \"%s\": expected <target>:<cpg>", cx->argv[1]);
    }
    if (sim_group_set_cpgs(cx->sim, cx->array, group, target[0] ? target : NULL,
                           user ? local : NULL,
                           user ? remote : NULL, user ? NULL : local, user ? NULL : remote,
                           &err) < 0)
        return cli_refuse(cx, &err);
    return CLI_OK;
}

int cli_cmd_setrcopygroup_usr_cpg(struct cli_ctx *cx)
{
    return set_cpgs(cx, true);
}

int cli_cmd_setrcopygroup_snp_cpg(struct cli_ctx *cx)
{
    return set_cpgs(cx, false);
}
