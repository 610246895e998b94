/* tool/serve.c - rcsim serve: opens the engine and starts the control API,
 * the WSAPI and the SSH listeners; prints where each array listens. */
#include "tool/tool.h"

#include "api/ctl_server.h"
#include "api/wsapi.h"
#include "cli/cli.h"
#include "cli/ssh.h"
#include "sim/array.h"
#include "sim/auth.h"
#include "sim/err.h"
#include "sim/sim.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/fdlimit.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *tool_read_file(const char *path, size_t *len_out, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    if (!f) {
        snprintf(errbuf, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    strbuf_init(&sb);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    if (ferror(f)) {
        snprintf(errbuf, errlen, "cannot read '%s': %s", path, strerror(errno));
        fclose(f);
        strbuf_release(&sb);
        return NULL;
    }
    fclose(f);
    strbuf_addch(&sb, '\0');
    char *s = strbuf_detach(&sb, len_out);
    if (len_out)
        (*len_out)--;
    return s;
}

/* Splits "ADDR:PORT" (IPv6 as "[::1]:PORT"). */
static int parse_addr_port(const char *s, char *addr, size_t size, int *port)
{
    const char *colon = strrchr(s, ':');
    int64_t p;
    if (!colon || colon == s || rc_parse_i64(colon + 1, &p) || p < 0 || p > 65535)
        return -1;
    size_t n = (size_t)(colon - s);
    if (s[0] == '[' && colon[-1] == ']') {
        s++;
        n -= 2;
    }
    if (n == 0 || n >= size)
        return -1;
    memcpy(addr, s, n);
    addr[n] = '\0';
    *port = (int)p;
    return 0;
}

/* The token from a file: its first line, without the line end. A file
 * others may read is used, with a warning. Returns a new string, or NULL
 * with the reason in errbuf (unreadable, empty). */
static char *read_token_file(const char *path, char *errbuf, size_t errlen)
{
    struct stat st;
    char *text = tool_read_file(path, NULL, errbuf, errlen);
    if (!text)
        return NULL;
    text[strcspn(text, "\r\n")] = '\0';
    if (!*text) {
        snprintf(errbuf, errlen, "'%s' holds no token", path);
        free(text);
        return NULL;
    }
    if (stat(path, &st) == 0 && (st.st_mode & 077))
        rclog(RCLOG_WARN, "token file '%s' can be read by others (mode %03o)", path,
              (unsigned)(st.st_mode & 0777));
    return text;
}

static void print_listeners(struct sim *s, const char *caddr, int cport, bool token)
{
    struct sim_array_view *v = NULL;
    size_t n = 0;
    struct sim_err err = SIM_ERR_INIT;
    if (sim_array_list(s, &v, &n, &err) == 0) {
        for (size_t i = 0; i < n; i++) {
            struct strbuf line = STRBUF_INIT;
            strbuf_init(&line);
            strbuf_addf(&line, "%s: WSAPI", v[i].name);
            if (v[i].wsapi_http_port)
                strbuf_addf(&line, " http://%s:%d", v[i].wsapi_addr, v[i].wsapi_http_port);
            if (v[i].wsapi_https_port)
                strbuf_addf(&line, " https://%s:%d", v[i].wsapi_addr, v[i].wsapi_https_port);
            if (!v[i].wsapi_http_port && !v[i].wsapi_https_port)
                strbuf_adds(&line, " none");
            if (v[i].ssh_port)
                strbuf_addf(&line, ", SSH %s:%d", v[i].ssh_addr, v[i].ssh_port);
            else
                strbuf_adds(&line, ", SSH none");
            if (!v[i].powered)
                strbuf_adds(&line, " (powered off)");
            puts(line.buf);
            strbuf_release(&line);
        }
        free(v);
    }
    printf("control API: http://%s%s%s:%d/sim/v1%s\n", strchr(caddr, ':') ? "[" : "", caddr,
           strchr(caddr, ':') ? "]" : "", cport, token ? " (token required)" : "");
    fflush(stdout);
}

int cmd_serve(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "fixture", required_argument, NULL, 'f' },
        { "db", required_argument, NULL, 'd' },
        { "clock", required_argument, NULL, 'c' },
        { "clock-scale", required_argument, NULL, 's' },
        { "control", required_argument, NULL, 'C' },
        { "control-token", required_argument, NULL, 't' },
        { "control-token-file", required_argument, NULL, 'T' },
        { "port-offset", required_argument, NULL, 'p' },
        { "log-level", required_argument, NULL, 'l' },
        { "checkpoint-dir", required_argument, NULL, 'k' },
        { "login-failures", required_argument, NULL, 'F' },
        { "login-source-failures", required_argument, NULL, 'P' },
        { "login-window", required_argument, NULL, 'W' },
        { "login-lockout", required_argument, NULL, 'L' },
        { "session-idle", required_argument, NULL, 'S' },
        { "request-timeout", required_argument, NULL, 'R' },
        { "idle-timeout", required_argument, NULL, 'I' },
        { "login-grace", required_argument, NULL, 'G' },
        { NULL, 0, NULL, 0 },
    };
    struct sim_auth_policy auth = SIM_AUTH_POLICY_DEFAULT;
    struct sim_options o = { .db_path = DEFAULT_DB, .fixture_json = rcsim_fixture_two_site,
                             .fixture_name = "two-site.json (built in)", .clock_scale = 1.0,
                             .auth = &auth };
    const char *fixture = NULL, *control = DEFAULT_CONTROL;
    const char *token = getenv("RCSIM_TOKEN"), *token_file = NULL;
    char *token_buf = NULL;
    bool token_in_argv = false;
    char caddr[256], errbuf[512];
    int cport, c;
    int64_t v;

    optind = 0;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fixture = optarg; break;
        case 'd': o.db_path = optarg; break;
        case 'k': o.checkpoint_dir = optarg; break;
        case 'c':
            o.clock_set = true;
            if (strcmp(optarg, "real") == 0)
                o.clock_mode = SIM_CLOCK_REAL;
            else if (strcmp(optarg, "manual") == 0)
                o.clock_mode = SIM_CLOCK_MANUAL;
            else
                return tool_usage_error(cx, "--clock must be real or manual, not '%s'", optarg);
            break;
        case 's': {
            char *end;
            o.clock_scale = strtod(optarg, &end);
            if (*end || !(o.clock_scale > 0) || o.clock_scale > 1e6)
                return tool_usage_error(cx, "--clock-scale must be a number in (0, 1e6]");
            break;
        }
        case 'C': control = optarg; break;
        case 't':
            /* copied, and blanked where ps and /proc/<pid>/cmdline show it */
            free(token_buf);
            token = token_buf = xstrdup(optarg);
            memset(optarg, 'x', strlen(optarg));
            token_in_argv = true;
            break;
        case 'T': token_file = optarg; break;
        case 'p':
            if (rc_parse_i64(optarg, &v) || v < -65535 || v > 65535)
                return tool_usage_error(cx, "--port-offset must be an integer, not '%s'", optarg);
            o.port_offset = (int)v;
            break;
        case 'F':
        case 'P':
            if (rc_parse_i64(optarg, &v) || v < 0 || v > 1000)
                return tool_usage_error(cx, "--%s must be 0..1000, not '%s'",
                                        c == 'F' ? "login-failures" : "login-source-failures",
                                        optarg);
            *(c == 'F' ? &auth.max_failures : &auth.source_max_failures) = (int)v;
            break;
        case 'W':
        case 'L':
        case 'S':
            if (rc_parse_duration_ms(optarg, 1000, &v) || v < (c == 'S' ? 1 : 0) ||
                v > 7LL * 24 * 3600 * 1000)
                return tool_usage_error(cx, "--%s must be a duration up to 7d, not '%s'",
                                        c == 'W' ? "login-window"
                                        : c == 'L' ? "login-lockout" : "session-idle",
                                        optarg);
            *(c == 'W' ? &auth.window_ms : c == 'L' ? &auth.lockout_ms
                                                    : &auth.session_idle_ms) = v;
            break;
        case 'R':
        case 'I':
        case 'G':
            if (rc_parse_duration_ms(optarg, 1000, &v) || v < 100 || v > 3600 * 1000)
                return tool_usage_error(cx, "--%s must be a duration from 100ms to 1h, not '%s'",
                                        c == 'R' ? "request-timeout"
                                        : c == 'I' ? "idle-timeout" : "login-grace", optarg);
            *(c == 'R' ? &auth.request_ms : c == 'I' ? &auth.conn_idle_ms
                                                     : &auth.login_grace_ms) = v;
            break;
        case 'l':
            if (rclog_parse_level(optarg, &rclog_threshold))
                return tool_usage_error(cx, "--log-level must be debug, info, warn, error or off");
            break;
        default:
            return tool_usage_error(cx, "unknown option");
        }
    }
    if (optind != argc)
        return tool_usage_error(cx, "unexpected argument '%s'", argv[optind]);
    if (parse_addr_port(control, caddr, sizeof(caddr), &cport))
        return tool_usage_error(cx, "--control must be ADDR:PORT, not '%s'", control);
    if (token_file) {
        free(token_buf);
        token = token_buf = read_token_file(token_file, errbuf, sizeof(errbuf));
        if (!token) {
            fprintf(stderr, "rcsim serve: --control-token-file: %s\n", errbuf);
            return EXIT_USAGE;
        }
        token_in_argv = false;
    }
    if (token && !*token)
        token = NULL;
    if (token && token_in_argv)
        rclog(RCLOG_WARN, "--control-token is seen by other local users while the process "
              "starts; --control-token-file F or RCSIM_TOKEN keep it out of the command line");
    if (!token && !ctl_addr_is_loopback(caddr)) {
        fprintf(stderr, "rcsim serve: refusing to serve the control API on '%s' without a "
                "token: give --control-token or RCSIM_TOKEN\n", caddr);
        return EXIT_USAGE;
    }

    /* The database holds the users' passwords and the arrays' private keys:
     * whatever serve creates (database, -wal, -shm, checkpoints) is the
     * owner's only. store_open() and checkpoints also ask for 0600/0700
     * themselves; this covers files SQLite makes on the side. */
    umask(077);
    /* every listener sizes its caps from this (util/fdlimit.h) */
    rclog(RCLOG_INFO, "up to %lu open descriptors", rc_nofile_raise());

    char *fixture_text = NULL;
    if (fixture) {
        fixture_text = tool_read_file(fixture, NULL, errbuf, sizeof(errbuf));
        if (!fixture_text) {
            fprintf(stderr, "rcsim serve: fixture: %s\n", errbuf);
            free(token_buf);
            return EXIT_REFUSED;
        }
        o.fixture_json = fixture_text;
        o.fixture_name = fixture;
    }

    /* Signals are taken by sigwait() below; block them before any thread
     * starts so that every thread inherits the mask. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sim *s = NULL;
    struct ctl_server *cs = NULL;
    struct wsapi *ws = NULL;
    struct ssh_server *ssh = NULL;
    struct sim_err err = SIM_ERR_INIT;
    int ret = EXIT_REFUSED;
    if (sim_open(&o, &s, &err)) {
        if (err.subject[0] && !strstr(err.detail, err.subject))
            fprintf(stderr, "rcsim serve: %s: %s\n", err.subject, err.detail);
        else
            fprintf(stderr, "rcsim serve: %s\n", err.detail);
        goto out;
    }
    cli_sched_install(s);   /* before the clock runs anything due */
    if (sim_ticker_start(s, 100, &err)) {
        fprintf(stderr, "rcsim serve: cannot start the clock: %s\n", err.detail);
        goto out;
    }
    if (ctl_server_start(s, caddr, cport, token, &cs, errbuf, sizeof(errbuf)) ||
        wsapi_start(s, &ws, errbuf, sizeof(errbuf)) ||
        ssh_server_start(s, &ssh, errbuf, sizeof(errbuf))) {
        fprintf(stderr, "rcsim serve: %s\n", errbuf);
        goto out;
    }
    print_listeners(s, caddr, cport, token != NULL);
    ctl_server_set_ready(cs, true);
    rclog(RCLOG_INFO, "rcsim %s ready (database '%s')", RCSIM_VERSION, o.db_path);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    rclog(RCLOG_INFO, "signal %d: shutting down", sig);
    ctl_server_set_ready(cs, false);
    ret = EXIT_OK;
out:
    ssh_server_stop(ssh);
    wsapi_stop(ws);
    ctl_server_stop(cs);
    sim_close(s);
    free(fixture_text);
    free(token_buf);
    return ret;
}

