/* tool/serve.c - rcsim serve: reads the options, opens the engine, starts
 * the control API, the WSAPI and the SSH listeners, says where they listen
 * once ready (tool/serve_ready.c), and runs until SIGINT or SIGTERM. */
#include "tool/serve.h"

#include "api/ctl_server.h"
#include "api/nbd.h"
#include "api/wsapi.h"
#include "cli/cli.h"
#include "cli/ssh.h"
#include "sim/auth.h"
#include "sim/err.h"
#include "sim/sim.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/fdlimit.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct tool_opt serve_opts[] = {
    { "--db PATH", "the database: state survives restarts; :memory: keeps nothing",
      DEFAULT_DB, NULL },
    { "--fixture F", "the topology of a new database: a JSON file, or the name of a "
      "built-in one (rcsim fixture --list: two-site, three-site-sld, hub-and-spoke). An "
      "existing database made from another fixture is refused: give --reset-db, or leave "
      "--fixture out to keep its state", "the built-in two-site", NULL },
    { "--reset-db", "start an existing database again from the fixture (as rcsim reset)",
      NULL, NULL },
    { "--clock real|manual", "real: time runs (scaled by --clock-scale); manual: time moves "
      "only with rcsim clock advance/set, for tests that repeat exactly",
      "the database's, real for a new one", NULL },
    { "--clock-scale X", "simulated seconds per real second in real mode", "1", NULL },
    { "--control ADDR:PORT", "the control API's address; port 0 lets the system pick. "
      "Anything but loopback needs a token", DEFAULT_CONTROL, NULL },
    { "--control-token T", "the token every control API request must carry (other local "
      "users may see a command line: prefer --control-token-file or RCSIM_TOKEN)", NULL,
      "RCSIM_TOKEN" },
    { "--control-token-file F", "the token: the first line of F", NULL, NULL },
    { "--free-ports", "every listener (each array's WSAPI http and https and SSH, and the "
      "control API unless --control names a port) on a port the system picks: read them "
      "from --ready-file, --print-env or rcsim status", NULL, NULL },
    { "--one-address[=ADDR]", "every array on one address (default 127.0.0.1), the n-th "
      "array's ports moved up by n so they stay apart (site-b: 8009, 8081, 2223), for "
      "systems without 127.0.0.2 (macOS) and containers", NULL, NULL },
    { "--port-offset N", "add N to every array listener port", "0", NULL },
    { "--ready-file F", "once every listener is up, write where each listens to F (JSON, "
      "written whole; removed when the server stops)", NULL, NULL },
    { "--print-env", "once ready, print shell lines instead: export RCSIM_URL=... "
      "RCSIM_PID=... and per array RCSIM_<ARRAY>_WSAPI (http URL, else https), "
      "_WSAPI_HTTPS, _SSH (host:port), _SSH_HOST, _SSH_PORT (SITE_A for site-a)", NULL,
      NULL },
    { "--detach", "run in the background: return once ready, printing the server's PID "
      "(or with --print-env the export lines). Stop it with kill PID", NULL, NULL },
    { "--log-file F", "once ready, append log lines to F instead of stderr (with --detach "
      "they are dropped without it); start-up errors always go to stderr", NULL, NULL },
    { "--log-level L", "debug, info, warn, error or off", "warn", NULL },
    { "--host-key F", "the SSH host key of every array, read from F (PEM), or made and "
      "written there when F does not exist: a :memory: run then keeps its key across "
      "runs. A database keeps each array's generated key by itself",
      "a key per array, kept in the database", NULL },
    { "--checkpoint-dir D", "where checkpoints go (made 0700)",
      "<db>.checkpoints; for :memory: $TMPDIR/rcsim-checkpoints-<pid>, removed at exit",
      NULL },
    { "--login-failures N", "wrong passwords in a row that lock a user name (0: never)",
      "5", NULL },
    { "--login-window D", "the time those failures must fall within", "1m", NULL },
    { "--login-lockout D", "how long a user name stays locked", "10s", NULL },
    { "--login-source-failures N", "failures from one client address, any user name, "
      "that lock the address (0: never)", "20", NULL },
    { "--session-idle D", "WSAPI sessions end after this long unused", "15m", NULL },
    { "--request-timeout D", "HTTP: time to send a request's headers (100ms..1h)", "10s",
      NULL },
    { "--idle-timeout D", "HTTP: silence before a connection is closed (100ms..1h)", "30s",
      NULL },
    { "--login-grace D", "SSH: time to log in after connecting (100ms..1h)", "20s", NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc serve_doc = {
    .usage = "serve [options]",
    .summary = "run the simulator (default database ./rcsim.db)",
    .text = "Runs the simulated arrays of the fixture (two sites by default): each answers "
            "the 3PAR CLI over SSH and the WSAPI over http and https, and the control API "
            "serves every other rcsim command. Without --detach it runs in the foreground "
            "until SIGINT or SIGTERM and prints where each listener is once all are up; "
            "GET /sim/v1/ready (rcsim wait) answers from then on.\n\n"
            "Log lines go to stderr: UTC time, level, source file and message; --log-level "
            "sets the least level shown.",
    .opts = serve_opts,
    .example = "eval \"$(rcsim serve --detach --print-env --free-ports --one-address \\\n"
               "         --db :memory: --clock manual)\"\n"
               "rcsim cli site-a showsys\n"
               "kill \"$RCSIM_PID\"",
};

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

enum {
    OPT_FIXTURE = 256, OPT_DB, OPT_RESET_DB, OPT_CLOCK, OPT_CLOCK_SCALE, OPT_CONTROL,
    OPT_TOKEN, OPT_FREE_PORTS, OPT_ONE_ADDRESS, OPT_PORT_OFFSET, OPT_READY_FILE,
    OPT_PRINT_ENV, OPT_DETACH, OPT_LOG_FILE, OPT_LOG_LEVEL, OPT_HOST_KEY, OPT_CHECKPOINT_DIR,
    OPT_LOGIN_FAILURES, OPT_LOGIN_WINDOW, OPT_LOGIN_LOCKOUT, OPT_SESSION_IDLE,
    OPT_TOKEN_FILE, OPT_SOURCE_FAILURES, OPT_REQUEST_TIMEOUT, OPT_IDLE_TIMEOUT, OPT_LOGIN_GRACE,
};

struct serve_args {
    struct sim_options o;
    struct sim_auth_policy auth;
    struct serve_report rep;
    const char *fixture, *control, *token, *token_file, *log_file, *host_key;
    char *token_buf;            /* the token's own copy (--control-token, file) */
    bool token_in_argv;
    bool detach;
};

/* A duration option of at most a week. */
static int duration_opt(const struct cx *cx, const char *name, const char *text, int64_t min,
                        int64_t *out)
{
    if (tool_duration(cx, name, text, out))
        return EXIT_USAGE;
    if (*out < min || *out > 7LL * 24 * 3600 * 1000)
        return tool_usage_error(cx, "%s must be %s up to 7d, not '%s'", name,
                                min ? "more than 0 and" : "a duration", text);
    return 0;
}

/* A connection timeout: 100ms..1h. */
static int timeout_opt(const struct cx *cx, const char *name, const char *text, int64_t *out)
{
    if (tool_duration(cx, name, text, out))
        return EXIT_USAGE;
    if (*out < 100 || *out > 3600 * 1000)
        return tool_usage_error(cx, "%s must be a duration from 100ms to 1h, not '%s'", name,
                                text);
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

static int parse_one(const struct cx *cx, int c, struct serve_args *a)
{
    int64_t v;
    switch (c) {
    case OPT_FIXTURE: a->fixture = optarg; return 0;
    case OPT_DB: a->o.db_path = optarg; return 0;
    case OPT_RESET_DB: a->o.reset_db = true; return 0;
    case OPT_CHECKPOINT_DIR: a->o.checkpoint_dir = optarg; return 0;
    case OPT_CONTROL: a->control = optarg; return 0;
    case OPT_TOKEN:
        /* copied, and blanked where ps and /proc/<pid>/cmdline show it */
        free(a->token_buf);
        a->token = a->token_buf = xstrdup(optarg);
        memset(optarg, 'x', strlen(optarg));
        a->token_in_argv = true;
        return 0;
    case OPT_TOKEN_FILE: a->token_file = optarg; return 0;
    case OPT_FREE_PORTS: a->o.free_ports = true; return 0;
    case OPT_ONE_ADDRESS: a->o.one_address = optarg ? optarg : "127.0.0.1"; return 0;
    case OPT_READY_FILE: a->rep.ready_file = optarg; return 0;
    case OPT_PRINT_ENV: a->rep.print_env = true; return 0;
    case OPT_DETACH: a->detach = true; return 0;
    case OPT_LOG_FILE: a->log_file = optarg; return 0;
    case OPT_HOST_KEY: a->host_key = optarg; return 0;
    case OPT_CLOCK:
        a->o.clock_set = true;
        if (strcmp(optarg, "real") == 0)
            a->o.clock_mode = SIM_CLOCK_REAL;
        else if (strcmp(optarg, "manual") == 0)
            a->o.clock_mode = SIM_CLOCK_MANUAL;
        else
            return tool_usage_error(cx, "--clock must be real or manual, not '%s'", optarg);
        return 0;
    case OPT_CLOCK_SCALE: {
        char *end;
        a->o.clock_scale = strtod(optarg, &end);
        if (*end || !(a->o.clock_scale > 0) || a->o.clock_scale > 1e6)
            return tool_usage_error(cx, "--clock-scale must be a number in (0, 1e6]");
        return 0;
    }
    case OPT_PORT_OFFSET:
        if (rc_parse_i64(optarg, &v) || v < -65535 || v > 65535)
            return tool_usage_error(cx, "--port-offset must be an integer, not '%s'", optarg);
        a->o.port_offset = (int)v;
        return 0;
    case OPT_LOGIN_FAILURES:
    case OPT_SOURCE_FAILURES:
        if (rc_parse_i64(optarg, &v) || v < 0 || v > 1000)
            return tool_usage_error(cx, "--%s must be 0..1000, not '%s'",
                                    c == OPT_LOGIN_FAILURES ? "login-failures"
                                                            : "login-source-failures", optarg);
        *(c == OPT_LOGIN_FAILURES ? &a->auth.max_failures : &a->auth.source_max_failures) =
            (int)v;
        return 0;
    case OPT_REQUEST_TIMEOUT:
        return timeout_opt(cx, "--request-timeout", optarg, &a->auth.request_ms);
    case OPT_IDLE_TIMEOUT:
        return timeout_opt(cx, "--idle-timeout", optarg, &a->auth.conn_idle_ms);
    case OPT_LOGIN_GRACE:
        return timeout_opt(cx, "--login-grace", optarg, &a->auth.login_grace_ms);
    case OPT_LOGIN_WINDOW:
        return duration_opt(cx, "--login-window", optarg, 0, &a->auth.window_ms);
    case OPT_LOGIN_LOCKOUT:
        return duration_opt(cx, "--login-lockout", optarg, 0, &a->auth.lockout_ms);
    case OPT_SESSION_IDLE:
        return duration_opt(cx, "--session-idle", optarg, 1, &a->auth.session_idle_ms);
    case OPT_LOG_LEVEL:
        if (rclog_parse_level(optarg, &rclog_threshold))
            return tool_usage_error(cx, "--log-level must be debug, info, warn, error or off");
        return 0;
    }
    return tool_usage_error(cx, "unknown option");
}

static int parse_args(int argc, char **argv, const struct cx *cx, struct serve_args *a)
{
    static const struct option longopts[] = {
        { "fixture", required_argument, NULL, OPT_FIXTURE },
        { "db", required_argument, NULL, OPT_DB },
        { "reset-db", no_argument, NULL, OPT_RESET_DB },
        { "clock", required_argument, NULL, OPT_CLOCK },
        { "clock-scale", required_argument, NULL, OPT_CLOCK_SCALE },
        { "control", required_argument, NULL, OPT_CONTROL },
        { "control-token", required_argument, NULL, OPT_TOKEN },
        { "free-ports", no_argument, NULL, OPT_FREE_PORTS },
        { "one-address", optional_argument, NULL, OPT_ONE_ADDRESS },
        { "port-offset", required_argument, NULL, OPT_PORT_OFFSET },
        { "ready-file", required_argument, NULL, OPT_READY_FILE },
        { "print-env", no_argument, NULL, OPT_PRINT_ENV },
        { "detach", no_argument, NULL, OPT_DETACH },
        { "log-file", required_argument, NULL, OPT_LOG_FILE },
        { "log-level", required_argument, NULL, OPT_LOG_LEVEL },
        { "host-key", required_argument, NULL, OPT_HOST_KEY },
        { "checkpoint-dir", required_argument, NULL, OPT_CHECKPOINT_DIR },
        { "login-failures", required_argument, NULL, OPT_LOGIN_FAILURES },
        { "login-window", required_argument, NULL, OPT_LOGIN_WINDOW },
        { "login-lockout", required_argument, NULL, OPT_LOGIN_LOCKOUT },
        { "session-idle", required_argument, NULL, OPT_SESSION_IDLE },
        { "control-token-file", required_argument, NULL, OPT_TOKEN_FILE },
        { "login-source-failures", required_argument, NULL, OPT_SOURCE_FAILURES },
        { "request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT },
        { "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
        { "login-grace", required_argument, NULL, OPT_LOGIN_GRACE },
        { NULL, 0, NULL, 0 },
    };
    int c, rc;
    optind = 0;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1)
        if ((rc = parse_one(cx, c, a)))
            return rc;
    if (optind != argc)
        return tool_usage_error(cx, "unexpected argument '%s'", argv[optind]);
    if (!a->control)
        a->control = a->o.free_ports ? "127.0.0.1:0" : DEFAULT_CONTROL;
    if (parse_addr_port(a->control, a->rep.control_addr, sizeof(a->rep.control_addr),
                        &a->rep.control_port))
        return tool_usage_error(cx, "--control must be ADDR:PORT, not '%s'", a->control);
    if (a->token_file) {
        char errbuf[512];
        free(a->token_buf);
        a->token = a->token_buf = read_token_file(a->token_file, errbuf, sizeof(errbuf));
        if (!a->token) {
            fprintf(stderr, "rcsim serve: --control-token-file: %s\n", errbuf);
            return EXIT_USAGE;
        }
        a->token_in_argv = false;
    }
    if (a->token && !*a->token)
        a->token = NULL;
    if (a->token && a->token_in_argv)
        rclog(RCLOG_WARN, "--control-token is seen by other local users while the process "
              "starts; --control-token-file F or RCSIM_TOKEN keep it out of the command line");
    if (!a->token && !ctl_addr_is_loopback(a->rep.control_addr)) {
        fprintf(stderr, "rcsim serve: refusing to serve the control API on '%s' without a "
                "token: give --control-token-file, RCSIM_TOKEN or --control-token\n",
                a->rep.control_addr);
        return EXIT_USAGE;
    }
    return 0;
}

/* Says why the engine would not open; a database of another fixture gets
 * the ways out. */
static void open_failed(const struct serve_args *a, const struct sim_err *err)
{
    if (err->subject[0] && !strstr(err->detail, err->subject))
        fprintf(stderr, "rcsim serve: %s: %s\n", err->subject, err->detail);
    else
        fprintf(stderr, "rcsim serve: %s\n", err->detail);
    if (err->rc == SIM_EINVAL && strcmp(err->subject, "fixture") == 0)
        fprintf(stderr, "rcsim serve: give --reset-db to start it again from '%s', or leave "
                "--fixture out to keep its state\n", a->fixture);
}

struct listeners {
    struct sim *s;
    struct ctl_server *cs;
    struct wsapi *ws;
    struct ssh_server *ssh;
    struct nbd_server *nbd;
};

static int start_listeners(struct serve_args *a, struct listeners *l)
{
    char errbuf[512];
    struct sim_err err = SIM_ERR_INIT;
    if (sim_open(&a->o, &l->s, &err)) {
        open_failed(a, &err);
        return -1;
    }
    cli_sched_install(l->s);   /* before the clock runs anything due */
    if (sim_ticker_start(l->s, 100, &err)) {
        fprintf(stderr, "rcsim serve: cannot start the clock: %s\n", err.detail);
        return -1;
    }
    if ((a->host_key && ssh_hostkey_from_file(l->s, a->host_key, errbuf, sizeof(errbuf))) ||
        ctl_server_start(l->s, a->rep.control_addr, a->rep.control_port, a->token, &l->cs,
                         errbuf, sizeof(errbuf)) ||
        wsapi_start(l->s, &l->ws, errbuf, sizeof(errbuf)) ||
        ssh_server_start(l->s, &l->ssh, errbuf, sizeof(errbuf)) ||
        nbd_server_start(l->s, &l->nbd, errbuf, sizeof(errbuf))) {
        fprintf(stderr, "rcsim serve: %s\n", errbuf);
        return -1;
    }
    a->rep.control_port = ctl_server_port(l->cs);
    return 0;
}

static void stop_listeners(struct listeners *l)
{
    nbd_server_stop(l->nbd);
    ssh_server_stop(l->ssh);
    wsapi_stop(l->ws);
    ctl_server_stop(l->cs);
    sim_close(l->s);
}

/* Opens --log-file now, so that a bad path is a start-up error. */
static int open_log_file(const char *path)
{
    if (!path)
        return -1;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        fprintf(stderr, "rcsim serve: --log-file: cannot open '%s': %s\n", path,
                strerror(errno));
    return fd;
}

/* Runs the simulator with the parsed options until a stop signal. */
static int serve_run(struct serve_args *a)
{
    char errbuf[512];
    a->o.auth = &a->auth;
    a->rep.db = a->o.db_path;
    a->rep.token = a->token != NULL;
    int log_fd = open_log_file(a->log_file);
    if (a->log_file && log_fd < 0)
        return EXIT_REFUSED;

    /* The database holds the users' passwords and the arrays' private keys:
     * whatever serve creates (database, -wal, -shm, checkpoints) is the
     * owner's only. store_open() and checkpoints also ask for 0600/0700
     * themselves; this covers files SQLite makes on the side. */
    umask(077);
    /* every listener sizes its caps from this (util/fdlimit.h) */
    rclog(RCLOG_INFO, "up to %lu open descriptors", rc_nofile_raise());

    char *fixture_text = NULL;
    const char *builtin = a->fixture && !strchr(a->fixture, '/') && access(a->fixture, F_OK)
                              ? tool_fixture_builtin(a->fixture) : NULL;
    if (builtin) {
        /* a built-in by name (rcsim fixture --list), when no such file is here */
        a->o.fixture_json = builtin;
        a->o.fixture_name = a->fixture;
        a->o.fixture_must_match = true;
    } else if (a->fixture) {
        fixture_text = tool_read_file(a->fixture, NULL, errbuf, sizeof(errbuf));
        if (!fixture_text) {
            fprintf(stderr, "rcsim serve: fixture: %s\n", errbuf);
            if (log_fd >= 0)
                close(log_fd);
            return EXIT_REFUSED;
        }
        a->o.fixture_json = fixture_text;
        a->o.fixture_name = a->fixture;
        a->o.fixture_must_match = true;
    }
    /* in the background, the parent only waits for the report */
    if (a->detach && serve_detach(&a->rep)) {
        free(fixture_text);
        if (log_fd >= 0)
            close(log_fd);
        return EXIT_REFUSED;
    }

    /* Signals are taken by sigwait() below; block them before any thread
     * starts so that every thread inherits the mask. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct listeners l = { 0 };
    int ret = EXIT_REFUSED;
    if (start_listeners(a, &l) == 0) {
        ctl_server_set_ready(l.cs, true);
        if (serve_report_ready(l.s, &a->rep) == 0) {
            rclog(RCLOG_INFO, "rcsim %s ready (database '%s')", RCSIM_VERSION, a->o.db_path);
            serve_logs_to(log_fd, a->detach);
            int sig = 0;
            sigwait(&stop_signals, &sig);
            rclog(RCLOG_INFO, "signal %d: shutting down", sig);
            ret = EXIT_OK;
        }
        ctl_server_set_ready(l.cs, false);
    }
    serve_report_remove(&a->rep);
    stop_listeners(&l);
    free(fixture_text);
    if (log_fd >= 0)
        close(log_fd);
    return ret;
}

int cmd_serve(int argc, char **argv, struct cx *cx)
{
    struct serve_args a = {
        .o = { .db_path = DEFAULT_DB, .fixture_json = rcsim_fixture_two_site,
               .fixture_name = "two-site.json (built in)", .clock_scale = 1.0 },
        .auth = SIM_AUTH_POLICY_DEFAULT,
        .token = getenv("RCSIM_TOKEN"),
    };
    int rc = parse_args(argc, argv, cx, &a);
    if (rc == 0)
        rc = serve_run(&a);
    free(a.token_buf);
    return rc;
}
