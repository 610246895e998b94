/* rcsim.c - the rcsim command: git-style subcommands. `serve` wires the
 * engine and its listeners together; every other subcommand is a thin call
 * of the control API through api/ctl_client.h. Owns: argument parsing,
 * human and --json output (the only file writing to stdout), exit codes
 * (0 ok, 1 refused, 2 usage). Spec: SPEC §1, docs/control-api.md. */
#include "api/ctl_client.h"
#include "api/ctl_server.h"
#include "api/wsapi.h"
#include "cli/ssh.h"
#include "cli/lineedit.h"
#include "sim/array.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "sim/rcopy.h"
#include "sim/sim.h"
#include "util/base64.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define RCSIM_VERSION "0.1.0"
#define DEFAULT_CONTROL "127.0.0.1:8090"
#define DEFAULT_DB "./rcsim.db"
#define IO_CHUNK (32u << 20)        /* bytes per write request from a file */

extern const char rcsim_fixture_two_site[];

enum exit_code { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

enum subcmd_flags {
    NEED_SERVER = (1 << 0),         /* talks to a running simulator */
};

/* What every subcommand shares, set up by run_subcmd(). */
struct cx {
    const struct subcmd *cmd;
    const char *server;             /* --server, or NULL (RCSIM_URL / default) */
    const char *token;              /* --token, or RCSIM_TOKEN */
    bool json;                      /* --json */
    struct ctl_client *client;      /* NEED_SERVER only */
};

struct subcmd {
    const char *name;
    int (*fn)(int argc, char **argv, struct cx *cx);
    unsigned flags;                 /* enum subcmd_flags */
    const char *usage;
    const char *help;
};

static int usage_error(const struct cx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const struct cx *cx, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "rcsim %s: ", cx->cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: rcsim %s\n", cx->cmd->usage);
    return EXIT_USAGE;
}

/* ---- talking to the server --------------------------------------------- */

static void print_json(const cJSON *j)
{
    char *text = cJSON_Print(j);
    if (text) {
        puts(text);
        cJSON_free(text);
    }
}

/* Prints a refusal from the server (JSON body or not). */
static void print_refusal(const struct cx *cx, const struct ctl_reply *r)
{
    cJSON *j = cJSON_ParseWithLength(r->body, r->len);
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(j, "message");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "error");
    if (cx->json && j)
        print_json(j);
    if (cJSON_IsString(msg) && cJSON_IsString(code))
        fprintf(stderr, "rcsim %s: %s (%s)\n", cx->cmd->name, msg->valuestring,
                code->valuestring);
    else
        fprintf(stderr, "rcsim %s: the server answered HTTP %ld\n", cx->cmd->name, r->status);
    cJSON_Delete(j);
}

/* Sends method path with body (taken; NULL: none). On success returns 0
 * with *out the parsed JSON answer (NULL allowed: dropped). On a refusal or
 * an unreachable server prints why and returns EXIT_REFUSED. */
static int call(struct cx *cx, const char *method, const char *path, cJSON *body,
                long timeout_s, cJSON **out)
{
    struct ctl_reply r = CTL_REPLY_INIT;
    char errbuf[512];
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    int rc = ctl_client_call(cx->client, method, path, text, timeout_s, &r, errbuf,
                             sizeof(errbuf));
    cJSON_free(text);
    if (rc) {
        fprintf(stderr, "rcsim %s: %s\n", cx->cmd->name, errbuf);
        return EXIT_REFUSED;
    }
    if (r.status < 200 || r.status > 299) {
        print_refusal(cx, &r);
        ctl_reply_release(&r);
        return EXIT_REFUSED;
    }
    cJSON *j = cJSON_ParseWithLength(r.body, r.len);
    ctl_reply_release(&r);
    if (!j) {
        fprintf(stderr, "rcsim %s: the server's answer is not JSON\n", cx->cmd->name);
        return EXIT_REFUSED;
    }
    if (out)
        *out = j;
    else
        cJSON_Delete(j);
    return EXIT_OK;
}

static cJSON *new_object(void)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        abort();
    return o;
}

static void put_str(cJSON *o, const char *key, const char *val)
{
    if (!cJSON_AddStringToObject(o, key, val))
        abort();
}

static void put_num(cJSON *o, const char *key, double val)
{
    if (!cJSON_AddNumberToObject(o, key, val))
        abort();
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Prints the answer as JSON (--json) or via the human printer. */
static int show(const struct cx *cx, cJSON *j, void (*human)(const cJSON *j))
{
    if (cx->json || !human)
        print_json(j);
    else
        human(j);
    cJSON_Delete(j);
    return EXIT_OK;
}

/* ---- serve ------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len_out, char *errbuf, size_t errlen)
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

static bool is_loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 ||
           strcmp(addr, "localhost") == 0;
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

static int cmd_serve(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "fixture", required_argument, NULL, 'f' },
        { "db", required_argument, NULL, 'd' },
        { "clock", required_argument, NULL, 'c' },
        { "clock-scale", required_argument, NULL, 's' },
        { "control", required_argument, NULL, 'C' },
        { "control-token", required_argument, NULL, 't' },
        { "port-offset", required_argument, NULL, 'p' },
        { "log-level", required_argument, NULL, 'l' },
        { "checkpoint-dir", required_argument, NULL, 'k' },
        { NULL, 0, NULL, 0 },
    };
    struct sim_options o = { .db_path = DEFAULT_DB, .fixture_json = rcsim_fixture_two_site,
                             .fixture_name = "two-site.json (built in)", .clock_scale = 1.0 };
    const char *fixture = NULL, *control = DEFAULT_CONTROL;
    const char *token = getenv("RCSIM_TOKEN");
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
                return usage_error(cx, "--clock must be real or manual, not '%s'", optarg);
            break;
        case 's': {
            char *end;
            o.clock_scale = strtod(optarg, &end);
            if (*end || !(o.clock_scale > 0) || o.clock_scale > 1e6)
                return usage_error(cx, "--clock-scale must be a number in (0, 1e6]");
            break;
        }
        case 'C': control = optarg; break;
        case 't': token = optarg; break;
        case 'p':
            if (rc_parse_i64(optarg, &v) || v < -65535 || v > 65535)
                return usage_error(cx, "--port-offset must be an integer, not '%s'", optarg);
            o.port_offset = (int)v;
            break;
        case 'l':
            if (rclog_parse_level(optarg, &rclog_threshold))
                return usage_error(cx, "--log-level must be debug, info, warn, error or off");
            break;
        default:
            return usage_error(cx, "unknown option");
        }
    }
    if (optind != argc)
        return usage_error(cx, "unexpected argument '%s'", argv[optind]);
    if (parse_addr_port(control, caddr, sizeof(caddr), &cport))
        return usage_error(cx, "--control must be ADDR:PORT, not '%s'", control);
    if (token && !*token)
        token = NULL;
    if (!token && !is_loopback(caddr)) {
        fprintf(stderr, "rcsim serve: refusing to serve the control API on '%s' without a "
                "token: give --control-token or RCSIM_TOKEN\n", caddr);
        return EXIT_USAGE;
    }

    char *fixture_text = NULL;
    if (fixture) {
        fixture_text = read_file(fixture, NULL, errbuf, sizeof(errbuf));
        if (!fixture_text) {
            fprintf(stderr, "rcsim serve: fixture: %s\n", errbuf);
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
    return ret;
}

/* ---- cli --------------------------------------------------------------- */

/* Joins words into one command line, quoting words that need it. */
static char *join_words(int argc, char **argv)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    for (int i = 0; i < argc; i++) {
        if (i)
            strbuf_addch(&sb, ' ');
        if (argv[i][0] && !strpbrk(argv[i], " \t;\"'")) {
            strbuf_adds(&sb, argv[i]);
            continue;
        }
        strbuf_addch(&sb, '"');
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                strbuf_addch(&sb, '\\');
            strbuf_addch(&sb, *p);
        }
        strbuf_addch(&sb, '"');
    }
    return strbuf_detach(&sb, NULL);
}

struct cli_target {
    char *path;                     /* "/arrays/<a>/cli" */
    const char *user;               /* NULL: the server's default */
    struct termios saved;           /* the terminal before raw mode */
    bool raw;
};

static void term_raw(struct cli_target *t, bool on)
{
    if (on && !t->raw) {
        struct termios r = t->saved;
        r.c_lflag &= ~(unsigned)(ECHO | ICANON | ISIG | IEXTEN);
        r.c_iflag &= ~(unsigned)(IXON | ICRNL | INLCR);
        r.c_cc[VMIN] = 1;
        r.c_cc[VTIME] = 0;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &r);
        t->raw = true;
    } else if (!on && t->raw) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &t->saved);
        t->raw = false;
    }
}

/* Reads one answer line from stdin (cooked). Returns "q" on end of input. */
static void read_answer(char *buf, size_t size)
{
    if (!fgets(buf, (int)size, stdin)) {
        rc_strlcpy(buf, "q", size);
        return;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
}

/* Runs one command line, asking the confirmation questions the server
 * returns. Returns the CLI status, or -1 (reported) when the server could
 * not run it. *exit_requested is set when the line ended the session. */
static int cli_run_line(struct cx *cx, struct cli_target *t, const char *line,
                        bool *exit_requested)
{
    cJSON *answers = cJSON_CreateArray();
    int status = -1;
    if (!answers)
        abort();
    for (;;) {
        cJSON *body = new_object(), *reply = NULL;
        put_str(body, "command", line);
        if (t->user)
            put_str(body, "user", t->user);
        if (cJSON_GetArraySize(answers) &&
            !cJSON_AddItemToObject(body, "input", cJSON_Duplicate(answers, true)))
            abort();
        if (call(cx, "POST", t->path, body, 3600, &reply))
            break;
        const char *prompt = jstr(reply, "prompt");
        if (*prompt) {
            char ans[64];
            bool was_raw = t->raw;
            term_raw(t, false);
            printf("%s\nselect q=quit y=yes n=no: ", prompt);
            fflush(stdout);
            read_answer(ans, sizeof(ans));
            if (!isatty(STDIN_FILENO))
                putchar('\n');         /* the answer was not echoed */
            term_raw(t, was_raw);
            if (ans[0] == 'y' || ans[0] == 'Y') {
                if (!cJSON_AddItemToArray(answers, cJSON_CreateString("y")))
                    abort();
                cJSON_Delete(reply);
                continue;
            }
        }
        if (cx->json) {
            print_json(reply);
        } else {
            const char *o = jstr(reply, "output"), *e = jstr(reply, "error");
            fputs(o, stdout);
            fflush(stdout);
            fputs(e, stderr);
        }
        status = (int)jnum(reply, "status");
        *exit_requested = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "exit"));
        cJSON_Delete(reply);
        break;
    }
    cJSON_Delete(answers);
    return status;
}

/* The interactive shell on a terminal: raw mode and the line editor. */
static int cli_shell_tty(struct cx *cx, struct cli_target *t, const char *prompt)
{
    struct lineedit *le = lineedit_new(500, 4096);
    struct strbuf echo = STRBUF_INIT;
    int status = 0;
    strbuf_init(&echo);
    lineedit_set_prompt(le, prompt);
    tcgetattr(STDIN_FILENO, &t->saved);
    term_raw(t, true);
    fputs(prompt, stdout);
    fflush(stdout);
    for (;;) {
        unsigned char ch;
        char *line = NULL;
        ssize_t n = read(STDIN_FILENO, &ch, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        strbuf_reset(&echo);
        enum lineedit_event ev = lineedit_feed(le, ch, &echo, &line);
        if (echo.len) {
            fwrite(echo.buf, 1, echo.len, stdout);
            fflush(stdout);
        }
        if (ev == LE_EOF)
            break;
        if (ev == LE_INTERRUPT) {
            fputs(prompt, stdout);
            fflush(stdout);
            continue;
        }
        if (ev != LE_LINE)
            continue;
        bool exit_requested = false;
        if (line[strspn(line, " \t")]) {
            term_raw(t, false);
            int rc = cli_run_line(cx, t, line, &exit_requested);
            term_raw(t, true);
            status = rc < 0 ? EXIT_REFUSED : rc;
        }
        free(line);
        if (exit_requested)
            break;
        fputs(prompt, stdout);
        fflush(stdout);
    }
    term_raw(t, false);
    fputs("\n", stdout);
    strbuf_release(&echo);
    lineedit_free(le);
    return status;
}

/* The shell on a pipe: plain lines, no echo. */
static int cli_shell_plain(struct cx *cx, struct cli_target *t, const char *prompt)
{
    char *line = NULL;
    size_t cap = 0;
    int status = 0;
    bool tty_out = isatty(STDOUT_FILENO);
    for (;;) {
        if (tty_out) {
            fputs(prompt, stdout);
            fflush(stdout);
        }
        if (getline(&line, &cap, stdin) < 0)
            break;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[strspn(line, " \t")])
            continue;
        bool exit_requested = false;
        int rc = cli_run_line(cx, t, line, &exit_requested);
        status = rc < 0 ? EXIT_REFUSED : rc;
        if (exit_requested)
            break;
    }
    free(line);
    return status;
}

static int cmd_cli(int argc, char **argv, struct cx *cx)
{
    struct cli_target t = { .user = getenv("RCSIM_CLI_USER") };
    int first = 1;
    if (argc > 2 && strncmp(argv[1], "--user=", 7) == 0) {
        t.user = argv[1] + 7;
        first = 2;
    } else if (argc > 3 && strcmp(argv[1], "--user") == 0) {
        t.user = argv[2];
        first = 3;
    }
    if (argc <= first)
        return usage_error(cx, "missing array name");
    const char *array = argv[first];
    char *esc = ctl_client_escape(array);
    t.path = xasprintf("/arrays/%s/cli", esc);
    free(esc);
    int status;
    if (argc > first + 1) {
        char *line = join_words(argc - first - 1, argv + first + 1);
        bool exit_requested;
        int rc = cli_run_line(cx, &t, line, &exit_requested);
        status = rc < 0 ? EXIT_REFUSED : rc;
        free(line);
    } else {
        /* Check the array before the first prompt. */
        char *apath = xasprintf("/arrays/%s", array);
        cJSON *j = NULL;
        status = call(cx, "GET", apath, NULL, 0, &j);
        free(apath);
        cJSON_Delete(j);
        if (status == EXIT_OK) {
            char *prompt = xasprintf("%s cli%% ", array);
            status = isatty(STDIN_FILENO) ? cli_shell_tty(cx, &t, prompt)
                                          : cli_shell_plain(cx, &t, prompt);
            free(prompt);
        }
    }
    free(t.path);
    return status;
}

/* ---- io ---------------------------------------------------------------- */

struct io_args {
    const char *array, *vv, *pattern, *file, *out;
    uint64_t offset, length;
    bool has_offset, has_length;
};

static int parse_io_args(int argc, char **argv, struct cx *cx, struct io_args *a)
{
    static const struct option longopts[] = {
        { "offset", required_argument, NULL, 'o' },
        { "length", required_argument, NULL, 'l' },
        { "pattern", required_argument, NULL, 'p' },
        { "file", required_argument, NULL, 'f' },
        { "out", required_argument, NULL, 'O' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (rc_parse_bytes(optarg, &a->offset))
                return usage_error(cx, "--offset must be a size (K/M/G/T), not '%s'", optarg);
            a->has_offset = true;
            break;
        case 'l':
            if (rc_parse_bytes(optarg, &a->length))
                return usage_error(cx, "--length must be a size (K/M/G/T), not '%s'", optarg);
            a->has_length = true;
            break;
        case 'p': a->pattern = optarg; break;
        case 'f': a->file = optarg; break;
        case 'O': a->out = optarg; break;
        default: return usage_error(cx, "unknown option");
        }
    }
    if (argc - optind != 2)
        return usage_error(cx, "expected <array> <volume>");
    a->array = argv[optind];
    a->vv = argv[optind + 1];
    return 0;
}

static char *vv_path(const struct io_args *a, const char *what)
{
    char *ea = ctl_client_escape(a->array), *ev = ctl_client_escape(a->vv);
    char *p = xasprintf("/arrays/%s/volumes/%s/%s", ea, ev, what);
    free(ea);
    free(ev);
    return p;
}

static int io_write(struct cx *cx, struct io_args *a)
{
    if (!a->has_offset)
        return usage_error(cx, "missing --offset");
    if (!a->pattern == !a->file)
        return usage_error(cx, "give one of --pattern SEED or --file F");
    char *path = vv_path(a, "write");
    int ret = EXIT_OK;
    uint64_t written = 0;
    if (a->pattern) {
        int64_t seed;
        if (!a->has_length) {
            free(path);
            return usage_error(cx, "missing --length");
        }
        if (rc_parse_i64(a->pattern, &seed) || seed < 0) {
            free(path);
            return usage_error(cx, "--pattern must be a non-negative integer seed");
        }
        cJSON *body = new_object();
        put_num(body, "offset", (double)a->offset);
        put_num(body, "length", (double)a->length);
        put_num(body, "pattern", (double)seed);
        ret = call(cx, "POST", path, body, 3600, NULL);
        written = a->length;
    } else {
        char errbuf[512];
        size_t size;
        char *data = read_file(a->file, &size, errbuf, sizeof(errbuf));
        if (!data) {
            free(path);
            fprintf(stderr, "rcsim io: %s\n", errbuf);
            return EXIT_REFUSED;
        }
        if (a->has_length && a->length > size) {
            free(data);
            free(path);
            fprintf(stderr, "rcsim io: '%s' holds %zu bytes, fewer than --length\n", a->file,
                    size);
            return EXIT_REFUSED;
        }
        uint64_t total = a->has_length ? a->length : size;
        while (ret == EXIT_OK && written < total) {
            size_t n = total - written > IO_CHUNK ? IO_CHUNK : (size_t)(total - written);
            char *b64 = rc_base64_encode(data + written, n);
            cJSON *body = new_object();
            put_num(body, "offset", (double)(a->offset + written));
            put_str(body, "data", b64);
            free(b64);
            ret = call(cx, "POST", path, body, 3600, NULL);
            if (ret == EXIT_OK)
                written += n;
        }
        free(data);
    }
    free(path);
    if (ret == EXIT_OK && !cx->json)
        printf("wrote %llu bytes at offset %llu of %s/%s\n", (unsigned long long)written,
               (unsigned long long)a->offset, a->array, a->vv);
    else if (ret == EXIT_OK)
        printf("{\"offset\": %llu, \"length\": %llu}\n", (unsigned long long)a->offset,
               (unsigned long long)written);
    return ret;
}

static int io_read(struct cx *cx, struct io_args *a)
{
    if (!a->has_offset || !a->has_length)
        return usage_error(cx, "give --offset and --length");
    char *base = vv_path(a, "read");
    char *path = xasprintf("%s?offset=%llu&length=%llu", base, (unsigned long long)a->offset,
                           (unsigned long long)a->length);
    free(base);
    struct ctl_reply r = CTL_REPLY_INIT;
    char errbuf[512];
    int rc = ctl_client_call(cx->client, "GET", path, NULL, 3600, &r, errbuf, sizeof(errbuf));
    free(path);
    if (rc) {
        fprintf(stderr, "rcsim io: %s\n", errbuf);
        return EXIT_REFUSED;
    }
    if (r.status != 200) {
        print_refusal(cx, &r);
        ctl_reply_release(&r);
        return EXIT_REFUSED;
    }
    int ret = EXIT_OK;
    FILE *f = a->out ? fopen(a->out, "wb") : stdout;
    if (!f || fwrite(r.body, 1, r.len, f) != r.len || (a->out ? fclose(f) : fflush(f))) {
        fprintf(stderr, "rcsim io: cannot write '%s': %s\n", a->out ? a->out : "stdout",
                strerror(errno));
        ret = EXIT_REFUSED;
    }
    ctl_reply_release(&r);
    return ret;
}

static void human_digest(const cJSON *j)
{
    puts(jstr(j, "digest"));
}

static int cmd_io(int argc, char **argv, struct cx *cx)
{
    struct io_args a = { 0 };
    if (argc < 2)
        return usage_error(cx, "missing write, read or digest");
    int rc = parse_io_args(argc - 1, argv + 1, cx, &a);
    if (rc)
        return rc;
    if (strcmp(argv[1], "write") == 0)
        return io_write(cx, &a);
    if (strcmp(argv[1], "read") == 0)
        return io_read(cx, &a);
    if (strcmp(argv[1], "digest") == 0) {
        cJSON *j;
        char *path = vv_path(&a, "digest");
        rc = call(cx, "GET", path, NULL, 3600, &j);
        free(path);
        return rc ? rc : show(cx, j, human_digest);
    }
    return usage_error(cx, "unknown io action '%s'", argv[1]);
}

/* ---- clock, status, events --------------------------------------------- */

static void human_clock(const cJSON *j)
{
    if (strcmp(jstr(j, "mode"), "real") == 0)
        printf("%s (real, scale %g)\n", jstr(j, "now"), jnum(j, "scale"));
    else
        printf("%s (manual)\n", jstr(j, "now"));
}

static int cmd_clock(int argc, char **argv, struct cx *cx)
{
    const char *action = argc > 1 ? argv[1] : "show";
    cJSON *body = NULL, *j;
    const char *path;
    if (strcmp(action, "show") == 0 && argc <= 2) {
        int rc = call(cx, "GET", "/clock", NULL, 0, &j);
        return rc ? rc : show(cx, j, human_clock);
    }
    if (strcmp(action, "advance") == 0 && argc == 3) {
        body = new_object();
        put_str(body, "by", argv[2]);
        path = "/clock/advance";
    } else if (strcmp(action, "set") == 0 && argc >= 3) {
        /* "2026-11-25 10:00:00" may come as one word or two */
        body = new_object();
        struct strbuf sb = STRBUF_INIT;
        strbuf_init(&sb);
        for (int i = 2; i < argc; i++)
            strbuf_addf(&sb, "%s%s", i > 2 ? " " : "", argv[i]);
        put_str(body, "time", sb.buf);
        strbuf_release(&sb);
        path = "/clock/set";
    } else if (strcmp(action, "mode") == 0 && (argc == 3 || argc == 5)) {
        body = new_object();
        put_str(body, "mode", argv[2]);
        if (argc == 5) {
            char *end;
            double scale = strtod(argv[4], &end);
            if (strcmp(argv[3], "--scale") || *end) {
                cJSON_Delete(body);
                return usage_error(cx, "expected --scale X");
            }
            put_num(body, "scale", scale);
        }
        path = "/clock/mode";
    } else {
        return usage_error(cx, "bad clock arguments");
    }
    int rc = call(cx, "POST", path, body, 3600, &j);
    return rc ? rc : show(cx, j, human_clock);
}

static bool jtrue(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const cJSON *jget(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* "Synced", "Syncing (42%)", ... */
static void pair_status_text(const cJSON *p, char *buf, size_t size)
{
    if (strcmp(jstr(p, "status"), "Syncing") == 0)
        snprintf(buf, size, "Syncing (%.0f%%)", jnum(p, "progress_pct"));
    else
        snprintf(buf, size, "%s", jstr(p, "status"));
}

/* One link: port -> address, Up/Down, and the fault values that are not
 * the defaults. */
static void print_link(const char *indent, const cJSON *l)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%slink %s -> %-15s %s", indent, jstr(l, "port"), jstr(l, "address"),
                jstr(l, "status"));
    if (jtrue(l, "up") != jtrue(l, "admin_up"))
        strbuf_adds(&sb, jtrue(l, "admin_up") ? " (coming up)" : " (cut, timing out)");
    if (jnum(l, "latency_ms") != SIM_LINK_DEFAULT_LATENCY_MS)
        strbuf_addf(&sb, "  latency %.0f ms", jnum(l, "latency_ms"));
    if (jnum(l, "bandwidth_mbs") != SIM_LINK_DEFAULT_BANDWIDTH_MBS)
        strbuf_addf(&sb, "  bandwidth %.0f MB/s", jnum(l, "bandwidth_mbs"));
    if (jnum(l, "loss_pct") != 0)
        strbuf_addf(&sb, "  loss %.0f%%", jnum(l, "loss_pct"));
    puts(sb.buf);
    strbuf_release(&sb);
}

/* One group: "name role/status mode [policies]" then its pairs. */
static void print_group(const char *indent, const cJSON *g)
{
    struct strbuf sb = STRBUF_INIT;
    const cJSON *p;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%sgroup %s %s/%s %s", indent, jstr(g, "name"), jstr(g, "role"),
                jstr(g, "status"), jstr(g, "mode"));
    if (jnum(g, "period_ms") > 0)
        strbuf_addf(&sb, " period %.0fs", jnum(g, "period_ms") / 1000);
    cJSON_ArrayForEach(p, jget(g, "policies"))
        if (cJSON_IsString(p))
            strbuf_addf(&sb, "%s%s", p == jget(g, "policies")->child ? "  " : ",",
                        p->valuestring);
    strbuf_addf(&sb, "  (target %s, peer %s)", jstr(g, "target"), jstr(g, "peer_group"));
    puts(sb.buf);
    strbuf_release(&sb);
    cJSON_ArrayForEach(p, jget(g, "pairs")) {
        char st[48];
        pair_status_text(p, st, sizeof(st));
        printf("%s  %s -> %s  %s", indent, jstr(p, "local_vv"), jstr(p, "remote_vv"), st);
        if (strcmp(jstr(p, "last_sync"), "NA") != 0)
            printf("  last sync %s", jstr(p, "last_sync"));
        if (*jstr(p, "resync_snapshot"))
            printf("  resync snapshot %s", jstr(p, "resync_snapshot"));
        putchar('\n');
    }
}

/* The remote-copy part of one array in the status answer. */
static const cJSON *rc_of(const cJSON *j, const char *array)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, jget(j, "remote_copy"))
        if (strcmp(jstr(r, "array"), array) == 0)
            return r;
    return NULL;
}

static void human_status(const cJSON *j)
{
    const cJSON *clock = jget(j, "clock");
    const cJSON *a;
    printf("clock:  %s (%s)\n", jstr(clock, "now"), jstr(clock, "mode"));
    cJSON_ArrayForEach(a, jget(j, "arrays")) {
        printf("%-8s id %-4.0f power %-3s  remote copy %-7s  %3.0f CPGs  %5.0f volumes  "
               "%5.0f snapshots\n", jstr(a, "name"), jnum(a, "id"), jstr(a, "power"),
               jtrue(a, "remote_copy_started") ? "started" : "stopped",
               jnum(a, "cpgs"), jnum(a, "volumes"), jnum(a, "snapshots"));
        const cJSON *rc = rc_of(j, jstr(a, "name")), *t, *x;
        cJSON_ArrayForEach(t, jget(rc, "targets")) {
            printf("  target %s (array %s) %s%s\n", jstr(t, "name"), jstr(t, "peer_array"),
                   jstr(t, "status"), jtrue(t, "enabled") ? "" : " disabled");
            cJSON_ArrayForEach(x, jget(rc, "links"))
                if (strcmp(jstr(x, "target"), jstr(t, "name")) == 0)
                    print_link("    ", x);
        }
        cJSON_ArrayForEach(x, jget(rc, "groups"))
            print_group("  ", x);
    }
    printf("events: %.0f\n", jnum(jget(j, "events"), "last_id"));
}

static int cmd_status(int argc, char **argv, struct cx *cx)
{
    cJSON *j;
    (void)argv;
    if (argc > 1)
        return usage_error(cx, "unexpected argument");
    int rc = call(cx, "GET", "/status", NULL, 0, &j);
    return rc ? rc : show(cx, j, human_status);
}

static void print_event(const struct cx *cx, const cJSON *e)
{
    if (cx->json) {
        char *text = cJSON_PrintUnformatted(e);
        if (text)
            puts(text);
        cJSON_free(text);
        return;
    }
    printf("%6.0f %s %-8s %-8s %-24s %s%s%s\n", jnum(e, "id"), jstr(e, "time"),
           *jstr(e, "array") ? jstr(e, "array") : "-", jstr(e, "severity"), jstr(e, "kind"),
           jstr(e, "object"), *jstr(e, "detail") ? ": " : "", jstr(e, "detail"));
}

static volatile sig_atomic_t follow_stop;

static void on_follow_signal(int sig)
{
    (void)sig;
    follow_stop = 1;
}

static int cmd_events(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "since", required_argument, NULL, 's' },
        { "array", required_argument, NULL, 'a' },
        { "limit", required_argument, NULL, 'l' },
        { "follow", no_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    int64_t since = 0, limit = 0;
    const char *array = NULL;
    bool follow = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (rc_parse_i64(optarg, &since) || since < 0)
                return usage_error(cx, "--since must be an event id");
            break;
        case 'l':
            if (rc_parse_i64(optarg, &limit) || limit < 0)
                return usage_error(cx, "--limit must be a count");
            break;
        case 'a': array = optarg; break;
        case 'f': follow = true; break;
        default: return usage_error(cx, "unknown option");
        }
    }
    if (optind != argc)
        return usage_error(cx, "unexpected argument '%s'", argv[optind]);
    if (follow) {
        signal(SIGINT, on_follow_signal);
        signal(SIGTERM, on_follow_signal);
    }
    char *earray = array ? ctl_client_escape(array) : NULL;
    int rc = EXIT_OK;
    do {
        cJSON *j;
        char *path = xasprintf("/events?since=%lld%s%s&limit=%lld&wait=%d", (long long)since,
                               earray ? "&array=" : "", earray ? earray : "",
                               (long long)limit, follow ? 25 : 0);
        rc = call(cx, "GET", path, NULL, 60, &j);
        free(path);
        if (rc)
            break;
        const cJSON *e, *list = cJSON_GetObjectItemCaseSensitive(j, "events");
        if (cx->json && !follow) {
            print_json(j);
        } else {
            cJSON_ArrayForEach(e, list)
                print_event(cx, e);
        }
        fflush(stdout);
        since = (int64_t)jnum(j, "last_id");
        cJSON_Delete(j);
    } while (follow && !follow_stop);
    free(earray);
    return rc;
}

/* ---- remote copy: links, arrays, faults, groups ------------------------ */

static void human_links(const cJSON *j)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, jget(j, "links")) {
        printf("%s ", jstr(j, "a"));
        print_link("", l);
    }
}

/* rcsim link down|up|set <a> <b> [--port N:S:P] [--latency MS]
 * [--bandwidth MBPS] [--loss P] */
static int cmd_link(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "latency", required_argument, NULL, 'l' },
        { "bandwidth", required_argument, NULL, 'b' },
        { "loss", required_argument, NULL, 'o' },
        { NULL, 0, NULL, 0 },
    };
    static const struct { const char *opt, *key; } values[] = {
        { "latency", "latency_ms" }, { "bandwidth", "bandwidth_mbs" },
        { "loss", "loss_pct" },
    };
    if (argc < 2)
        return usage_error(cx, "missing down, up or set");
    const char *action = argv[1];
    bool set = strcmp(action, "set") == 0;
    if (!set && strcmp(action, "down") && strcmp(action, "up"))
        return usage_error(cx, "unknown link action '%s'", action);
    cJSON *body = new_object();
    int c, n_values = 0;
    optind = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "", longopts, NULL)) != -1) {
        int64_t v;
        switch (c) {
        case 'p':
            put_str(body, "port", optarg);
            break;
        case 'l': case 'b': case 'o': {
            size_t i = c == 'l' ? 0 : c == 'b' ? 1 : 2;
            if (!set) {
                cJSON_Delete(body);
                return usage_error(cx, "--%s goes with 'link set'", values[i].opt);
            }
            if (rc_parse_i64(optarg, &v) || v < 0 || v > INT32_MAX) {
                cJSON_Delete(body);
                return usage_error(cx, "--%s must be a non-negative integer, not '%s'",
                                   values[i].opt, optarg);
            }
            put_num(body, values[i].key, (double)v);
            n_values++;
            break;
        }
        default:
            cJSON_Delete(body);
            return usage_error(cx, "unknown option");
        }
    }
    if (argc - 1 - optind != 2) {
        cJSON_Delete(body);
        return usage_error(cx, "expected <array> <array>");
    }
    if (set && !n_values) {
        cJSON_Delete(body);
        return usage_error(cx, "give --latency, --bandwidth or --loss");
    }
    if (!set && !cJSON_AddBoolToObject(body, "up", strcmp(action, "up") == 0))
        abort();
    const char *a = argv[1 + optind], *b = argv[2 + optind];
    char *ea = ctl_client_escape(a), *eb = ctl_client_escape(b);
    char *path = xasprintf("/links/%s/%s", ea, eb);
    free(ea);
    free(eb);
    cJSON *j;
    int rc = call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : show(cx, j, human_links);
}

static void human_power(const cJSON *j)
{
    printf("%s %s\n", jstr(j, "array"),
           jtrue(j, "rebooted") ? "rebooted" : strcmp(jstr(j, "power"), "on") == 0
                                                 ? "powered on" : "powered off");
}

/* rcsim array down|up|reboot <array> */
static int cmd_array(int argc, char **argv, struct cx *cx)
{
    if (argc != 3)
        return usage_error(cx, "expected down, up or reboot and an array");
    const char *action = argv[1];
    char *ea = ctl_client_escape(argv[2]), *path;
    cJSON *body = NULL, *j;
    if (strcmp(action, "reboot") == 0) {
        path = xasprintf("/arrays/%s/reboot", ea);
    } else if (strcmp(action, "down") == 0 || strcmp(action, "up") == 0) {
        path = xasprintf("/arrays/%s/power", ea);
        body = new_object();
        if (!cJSON_AddBoolToObject(body, "on", strcmp(action, "up") == 0))
            abort();
    } else {
        free(ea);
        return usage_error(cx, "unknown array action '%s'", action);
    }
    free(ea);
    int rc = call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : show(cx, j, human_power);
}

static void human_fault(const cJSON *j)
{
    const char *kinds[] = { "write_errors", "read_errors" };
    for (size_t i = 0; i < 2; i++) {
        const cJSON *v = jget(j, kinds[i]);
        if (!cJSON_IsNumber(v))
            continue;
        printf("%s/%s: ", jstr(j, "array"), jstr(j, "volume"));
        if (v->valuedouble < 0)
            printf("every %s fails until cleared\n", i ? "read" : "write");
        else if (v->valuedouble == 0)
            printf("%s errors cleared\n", i ? "read" : "write");
        else
            printf("the next %.0f %ss fail\n", v->valuedouble, i ? "read" : "write");
    }
}

/* rcsim fault <array> <vv> [--write-errors N] [--read-errors N] */
static int cmd_fault(int argc, char **argv, struct cx *cx)
{
    static const struct option longopts[] = {
        { "write-errors", required_argument, NULL, 'w' },
        { "read-errors", required_argument, NULL, 'r' },
        { NULL, 0, NULL, 0 },
    };
    cJSON *body = new_object(), *j;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int64_t v;
        if ((c != 'w' && c != 'r') || rc_parse_i64(optarg, &v) || v < -1 || v > 1000000000) {
            cJSON_Delete(body);
            if (c != 'w' && c != 'r')
                return usage_error(cx, "unknown option");
            return usage_error(cx, "--%s-errors must be -1 (for ever), 0 (clear) or a count",
                               c == 'w' ? "write" : "read");
        }
        put_num(body, c == 'w' ? "write_errors" : "read_errors", (double)v);
    }
    if (argc - optind != 2 || !body->child) {
        cJSON_Delete(body);
        return usage_error(cx, argc - optind != 2 ? "expected <array> <volume>"
                                                  : "give --write-errors or --read-errors");
    }
    char *ea = ctl_client_escape(argv[optind]), *ev = ctl_client_escape(argv[optind + 1]);
    char *path = xasprintf("/arrays/%s/volumes/%s/faults", ea, ev);
    free(ea);
    free(ev);
    int rc = call(cx, "POST", path, body, 60, &j);
    free(path);
    return rc ? rc : show(cx, j, human_fault);
}

static void human_groups(const cJSON *j)
{
    const cJSON *g, *list = jget(j, "groups");
    if (!list) {                    /* one group */
        print_group("", j);
        return;
    }
    if (!cJSON_GetArraySize(list))
        puts("no remote copy groups");
    cJSON_ArrayForEach(g, list)
        print_group("", g);
}

/* rcsim groups <array> [<group>] */
static int cmd_groups(int argc, char **argv, struct cx *cx)
{
    if (argc != 2 && argc != 3)
        return usage_error(cx, "expected <array> [<group>]");
    char *ea = ctl_client_escape(argv[1]), *path;
    if (argc == 3) {
        char *eg = ctl_client_escape(argv[2]);
        path = xasprintf("/arrays/%s/groups/%s", ea, eg);
        free(eg);
    } else {
        path = xasprintf("/arrays/%s/groups", ea);
    }
    free(ea);
    cJSON *j;
    int rc = call(cx, "GET", path, NULL, 60, &j);
    free(path);
    return rc ? rc : show(cx, j, human_groups);
}

/* ---- reset, checkpoints, fixture, version, help ------------------------ */

static int cmd_reset(int argc, char **argv, struct cx *cx)
{
    cJSON *j;
    (void)argv;
    if (argc > 1)
        return usage_error(cx, "unexpected argument");
    int rc = call(cx, "POST", "/reset", NULL, 3600, &j);
    if (rc)
        return rc;
    if (!cx->json) {
        cJSON_Delete(j);
        puts("reset to the fixture");
        return EXIT_OK;
    }
    return show(cx, j, NULL);
}

static void human_checkpoints(const cJSON *j)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(j, "checkpoints"))
        if (cJSON_IsString(n))
            puts(n->valuestring);
}

static int cmd_checkpoint(int argc, char **argv, struct cx *cx)
{
    cJSON *j;
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        int rc = call(cx, "GET", "/checkpoints", NULL, 0, &j);
        return rc ? rc : show(cx, j, human_checkpoints);
    }
    if (argc != 3 || (strcmp(argv[1], "save") && strcmp(argv[1], "load")))
        return usage_error(cx, "expected save <name>, load <name> or list");
    bool save = strcmp(argv[1], "save") == 0;
    char *name = ctl_client_escape(argv[2]);
    char *path = xasprintf("/checkpoints/%s%s", name, save ? "" : "/load");
    free(name);
    int rc = call(cx, "POST", path, NULL, 3600, &j);
    free(path);
    if (rc)
        return rc;
    if (!cx->json) {
        printf("checkpoint '%s' %s\n", argv[2], save ? "saved" : "loaded");
        cJSON_Delete(j);
        return EXIT_OK;
    }
    return show(cx, j, NULL);
}

static int cmd_fixture(int argc, char **argv, struct cx *cx)
{
    (void)argv;
    if (argc > 1)
        return usage_error(cx, "unexpected argument");
    fputs(rcsim_fixture_two_site, stdout);
    return EXIT_OK;
}

static int cmd_version(int argc, char **argv, struct cx *cx)
{
    (void)argc;
    (void)argv;
    if (cx->json)
        printf("{\"version\": \"%s\"}\n", RCSIM_VERSION);
    else
        printf("rcsim %s\n", RCSIM_VERSION);
    return EXIT_OK;
}

static int cmd_help(int argc, char **argv, struct cx *cx);

static const struct subcmd subcmds[] = {
    { "serve", cmd_serve, 0,
      "serve [--fixture F] [--db PATH|:memory:] [--clock real|manual] [--clock-scale X] "
      "[--control ADDR:PORT] [--control-token T] [--port-offset N] [--log-level L]",
      "run the simulator (default database ./rcsim.db)" },
    { "cli", cmd_cli, NEED_SERVER, "cli [--user U] <array> [command...]",
      "the array's 3PAR CLI: one command, or an interactive shell" },
    { "io", cmd_io, NEED_SERVER,
      "io write <array> <vv> --offset N --length N (--pattern SEED | --file F)\n"
      "       rcsim io read <array> <vv> --offset N --length N [--out F]\n"
      "       rcsim io digest <array> <vv>",
      "host I/O on a volume or snapshot; digest proves data" },
    { "clock", cmd_clock, NEED_SERVER,
      "clock [show | advance <dur> | set <time> | mode real|manual [--scale X]]",
      "the simulated clock" },
    { "link", cmd_link, NEED_SERVER,
      "link down|up <a> <b> [--port N:S:P]\n"
      "       rcsim link set <a> <b> [--latency MS] [--bandwidth MBPS] [--loss P] "
      "[--port N:S:P]",
      "faults on the replication links between two arrays" },
    { "array", cmd_array, NEED_SERVER, "array down|up|reboot <array>",
      "power an array off, on, or off and on" },
    { "fault", cmd_fault, NEED_SERVER,
      "fault <array> <vv> [--write-errors N] [--read-errors N]",
      "inject I/O errors on a volume (N: count, -1 for ever, 0 clears)" },
    { "groups", cmd_groups, NEED_SERVER, "groups <array> [<group>]",
      "remote-copy groups with their volume pairs and sync progress" },
    { "status", cmd_status, NEED_SERVER, "status",
      "everything at a glance: arrays, targets, links, groups" },
    { "events", cmd_events, NEED_SERVER,
      "events [--since N] [--array A] [--limit N] [--follow]", "the event log" },
    { "reset", cmd_reset, NEED_SERVER, "reset", "back to the fixture" },
    { "checkpoint", cmd_checkpoint, NEED_SERVER, "checkpoint save|load <name> | list",
      "whole-state save and restore" },
    { "fixture", cmd_fixture, 0, "fixture", "print the built-in two-site fixture" },
    { "version", cmd_version, 0, "version", "print the version" },
    { "help", cmd_help, 0, "help [command]", "this list" },
};

#define N_SUBCMDS (sizeof(subcmds) / sizeof(subcmds[0]))

static const struct subcmd *find_subcmd(const char *name)
{
    for (size_t i = 0; i < N_SUBCMDS; i++)
        if (strcmp(subcmds[i].name, name) == 0)
            return &subcmds[i];
    return NULL;
}

static void print_help(FILE *f)
{
    fputs("usage: rcsim [--server URL] [--token T] [--json] <command> [args]\n\n", f);
    for (size_t i = 0; i < N_SUBCMDS; i++)
        fprintf(f, "  %-11s %s\n", subcmds[i].name, subcmds[i].help);
    fputs("\nThe server is --server, else $RCSIM_URL, else " CTL_CLIENT_DEFAULT_URL ".\n"
          "Exit status: 0 ok, 1 refused, 2 usage error.\n", f);
}

static int cmd_help(int argc, char **argv, struct cx *cx)
{
    if (argc > 1) {
        const struct subcmd *c = find_subcmd(argv[1]);
        if (!c)
            return usage_error(cx, "no such command '%s'", argv[1]);
        printf("usage: rcsim %s\n\n%s\n", c->usage, c->help);
        return EXIT_OK;
    }
    print_help(stdout);
    return EXIT_OK;
}

/* Takes the global options out of argv (anywhere before "--"). Returns 0,
 * or EXIT_USAGE. */
static int take_global_options(int *argc, char **argv, struct cx *cx)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "--json") == 0) {
            cx->json = true;
        } else if (strcmp(a, "--server") == 0 || strcmp(a, "--token") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "rcsim: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            *(a[2] == 's' ? &cx->server : &cx->token) = argv[++i];
        } else if (strncmp(a, "--server=", 9) == 0) {
            cx->server = a + 9;
        } else if (strncmp(a, "--token=", 8) == 0) {
            cx->token = a + 8;
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

/* What every command shares: the server, --json, exit codes. */
static int run_subcmd(const struct subcmd *cmd, int argc, char **argv, struct cx *cx)
{
    cx->cmd = cmd;
    if (cmd->flags & NEED_SERVER)
        cx->client = ctl_client_new(cx->server, cx->token ? cx->token : getenv("RCSIM_TOKEN"));
    int rc = cmd->fn(argc, argv, cx);
    ctl_client_free(cx->client);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "rcsim %s: cannot write the output: %s\n", cmd->name,
                strerror(errno));
        return EXIT_REFUSED;
    }
    return rc;
}

int main(int argc, char **argv)
{
    struct cx cx = { 0 };
    argc--;
    argv++;
    if (take_global_options(&argc, argv, &cx))
        return EXIT_USAGE;
    if (argc < 1) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
        argv[0] = "help";
    if (strcmp(argv[0], "--version") == 0)
        argv[0] = "version";
    const struct subcmd *cmd = find_subcmd(argv[0]);
    if (!cmd) {
        fprintf(stderr, "rcsim: '%s' is not an rcsim command; see 'rcsim help'\n", argv[0]);
        return EXIT_USAGE;
    }
    return run_subcmd(cmd, argc, argv, &cx);
}
