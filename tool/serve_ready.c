/* tool/serve_ready.c - what rcsim serve says once every listener is up,
 * and running it in the background. One report (where the control API and
 * each array's WSAPI and SSH listen, as bound: --free-ports ports are
 * known only then) rendered three ways: the human lines, the --ready-file
 * JSON and the --print-env shell lines. */
#include "tool/serve.h"

#include "sim/array.h"
#include "sim/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int serve_detach(struct serve_report *rep)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC)) {
        fprintf(stderr, "rcsim serve: --detach: %s\n", strerror(errno));
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "rcsim serve: --detach: cannot fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid > 0) {
        /* the parent: the report once ready, or the child's status */
        char buf[4096];
        ssize_t n;
        size_t got = 0;
        close(pfd[1]);
        while ((n = read(pfd[0], buf, sizeof(buf))) != 0) {
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                break;
            fwrite(buf, 1, (size_t)n, stdout);
            got += (size_t)n;
        }
        if (got)
            exit(fflush(stdout) ? EXIT_REFUSED : EXIT_OK);
        int st = 0;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        exit(WIFEXITED(st) && WEXITSTATUS(st) ? WEXITSTATUS(st) : EXIT_REFUSED);
    }
    /* the child: its own session (no terminal signals), and stdout free so
     * that $(rcsim serve --detach) returns; stderr stays until ready, for
     * start-up errors */
    close(pfd[0]);
    setsid();
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
    rep->detached = true;
    rep->detach_fd = pfd[1];
    return 0;
}

void serve_logs_to(int log_fd, bool detached)
{
    int fd = log_fd;
    if (fd < 0 && detached)
        fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        return;
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    if (fd != log_fd)
        close(fd);
}

/* ---- the report ----------------------------------------------------------- */

static void add_host(struct strbuf *sb, const char *addr)
{
    if (strchr(addr, ':'))
        strbuf_addf(sb, "[%s]", addr);
    else
        strbuf_adds(sb, addr);
}

/* "http://127.0.0.1:8008<tail>" */
static char *url(const char *scheme, const char *addr, int port, const char *tail)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s://", scheme);
    add_host(&sb, addr);
    strbuf_addf(&sb, ":%d%s", port, tail);
    return strbuf_detach(&sb, NULL);
}

static void put_str(cJSON *o, const char *key, char *val)
{
    json_put_str(o, key, val);
    free(val);
}

/* One array: {"name", "id", "wsapi": {"address", "http", "https", "url",
 * "https_url"}, "ssh": {"address", "port"}, "nbd": {"address", "port"}}; a
 * port not listening (0, or not bound yet: an array powered off at start)
 * is 0 and has no URL. */
static cJSON *array_json(const struct sim_array_view *v)
{
    cJSON *a = json_object(), *w = json_object(), *ssh = json_object();
    cJSON *nbd = json_object();
    int http = v->wsapi_http_port > 0 ? v->wsapi_http_port : 0;
    int https = v->wsapi_https_port > 0 ? v->wsapi_https_port : 0;
    json_put_str(a, "name", v->name);
    json_put_int(a, "id", v->sysid);
    json_put_str(w, "address", v->wsapi_addr);
    json_put_num(w, "http", http);
    json_put_num(w, "https", https);
    if (http)
        put_str(w, "url", url("http", v->wsapi_addr, http, "/api/v1"));
    if (https)
        put_str(w, "https_url", url("https", v->wsapi_addr, https, "/api/v1"));
    json_put_str(ssh, "address", v->ssh_addr);
    json_put_num(ssh, "port", v->ssh_port > 0 ? v->ssh_port : 0);
    json_put(a, "wsapi", w);
    json_put(a, "ssh", ssh);
    json_put_str(nbd, "address", v->nbd_addr);
    json_put_num(nbd, "port", v->nbd_port > 0 ? v->nbd_port : 0);
    json_put(a, "nbd", nbd);
    return a;
}

/* {"pid", "url", "control", "token_required", "db", "arrays": [...]} */
static cJSON *report_json(struct sim *s, const struct serve_report *rep)
{
    struct sim_array_view *v = NULL;
    size_t n = 0;
    struct sim_err err = SIM_ERR_INIT;
    cJSON *o = json_object(), *list = json_array();
    json_put_int(o, "pid", getpid());
    put_str(o, "url", url("http", rep->control_addr, rep->control_port, ""));
    put_str(o, "control", url("http", rep->control_addr, rep->control_port, "/sim/v1"));
    json_put_bool(o, "token_required", rep->token);
    json_put_str(o, "db", rep->db);
    if (sim_array_list(s, &v, &n, &err) == 0)
        for (size_t i = 0; i < n; i++)
            json_push(list, array_json(&v[i]));
    free(v);
    json_put(o, "arrays", list);
    return o;
}

/* The people's lines: "site-a: WSAPI http://... https://..., SSH a:p". */
static void human_lines(const cJSON *rep, struct strbuf *out)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, tool_jget(rep, "arrays")) {
        const cJSON *w = tool_jget(a, "wsapi"), *ssh = tool_jget(a, "ssh");
        strbuf_addf(out, "%s: WSAPI", tool_jstr(a, "name"));
        if (tool_jnum(w, "http"))
            strbuf_addf(out, " http://%s:%.0f", tool_jstr(w, "address"), tool_jnum(w, "http"));
        if (tool_jnum(w, "https"))
            strbuf_addf(out, " https://%s:%.0f", tool_jstr(w, "address"),
                        tool_jnum(w, "https"));
        if (!tool_jnum(w, "http") && !tool_jnum(w, "https"))
            strbuf_adds(out, " none");
        if (tool_jnum(ssh, "port"))
            strbuf_addf(out, ", SSH %s:%.0f\n", tool_jstr(ssh, "address"),
                        tool_jnum(ssh, "port"));
        else
            strbuf_adds(out, ", SSH none\n");
    }
    strbuf_addf(out, "control API: %s%s\n", tool_jstr(rep, "control"),
                tool_jtrue(rep, "token_required") ? " (token required)" : "");
}

/* "site-a" -> "SITE_A": what a shell variable name may hold. */
static void env_name(struct strbuf *sb, const char *array)
{
    for (const char *p = array; *p; p++)
        strbuf_addch(sb, isalnum((unsigned char)*p) ? toupper((unsigned char)*p) : '_');
}

static void env_line(struct strbuf *out, const char *array, const char *suffix,
                     const char *value)
{
    strbuf_adds(out, "export RCSIM_");
    if (array) {
        env_name(out, array);
        strbuf_addch(out, '_');
    }
    strbuf_addf(out, "%s='%s'\n", suffix, value);
}

/* RCSIM_<A>_NBD: the host data path's URI, to which a client adds
 * "/<host>/<lun>". */
static void env_nbd(struct strbuf *out, const char *name, const cJSON *nbd)
{
    if (!tool_jnum(nbd, "port"))
        return;
    struct strbuf uri = STRBUF_INIT;
    strbuf_init(&uri);
    strbuf_adds(&uri, "nbd://");
    add_host(&uri, tool_jstr(nbd, "address"));
    strbuf_addf(&uri, ":%.0f", tool_jnum(nbd, "port"));
    env_line(out, name, "NBD", uri.buf);
    strbuf_release(&uri);
}

static void env_lines(const cJSON *rep, struct strbuf *out)
{
    char num[32];
    const cJSON *a;
    env_line(out, NULL, "URL", tool_jstr(rep, "url"));
    snprintf(num, sizeof(num), "%.0f", tool_jnum(rep, "pid"));
    env_line(out, NULL, "PID", num);
    cJSON_ArrayForEach(a, tool_jget(rep, "arrays")) {
        const char *name = tool_jstr(a, "name");
        const cJSON *w = tool_jget(a, "wsapi"), *ssh = tool_jget(a, "ssh");
        const char *plain = tool_jstr(w, "url"), *tls = tool_jstr(w, "https_url");
        if (*plain || *tls)
            env_line(out, name, "WSAPI", *plain ? plain : tls);
        if (*tls)
            env_line(out, name, "WSAPI_HTTPS", tls);
        env_nbd(out, name, tool_jget(a, "nbd"));
        if (!tool_jnum(ssh, "port"))
            continue;
        struct strbuf hp = STRBUF_INIT;
        strbuf_init(&hp);
        add_host(&hp, tool_jstr(ssh, "address"));
        snprintf(num, sizeof(num), "%.0f", tool_jnum(ssh, "port"));
        strbuf_addf(&hp, ":%s", num);
        env_line(out, name, "SSH", hp.buf);
        env_line(out, name, "SSH_HOST", tool_jstr(ssh, "address"));
        env_line(out, name, "SSH_PORT", num);
        strbuf_release(&hp);
    }
}

/* Writes text to path whole: a reader never sees half of it. */
static int write_whole(const char *path, const char *text)
{
    char *tmp = xasprintf("%s.%d.tmp", path, (int)getpid());
    FILE *f = fopen(tmp, "w");
    int rc = -1;
    if (f && fputs(text, f) >= 0 && fclose(f) == 0) {
        f = NULL;
        rc = rename(tmp, path);
    }
    if (rc)
        fprintf(stderr, "rcsim serve: --ready-file: cannot write '%s': %s\n", path,
                strerror(errno));
    if (f)
        fclose(f);
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

int serve_report_ready(struct sim *s, struct serve_report *rep)
{
    cJSON *j = report_json(s, rep);
    struct strbuf out = STRBUF_INIT;
    int rc = 0;
    strbuf_init(&out);
    if (rep->ready_file) {
        char *text = cJSON_Print(j);
        if (!text)
            abort();
        strbuf_adds(&out, text);
        strbuf_addch(&out, '\n');
        cJSON_free(text);
        rc = write_whole(rep->ready_file, out.buf);
        rep->ready_written = rc == 0;
        strbuf_reset(&out);
    }
    if (rep->print_env)
        env_lines(j, &out);
    else if (rep->detached)
        strbuf_addf(&out, "%d\n", (int)getpid());
    else
        human_lines(j, &out);
    cJSON_Delete(j);
    if (rc == 0 && rep->detached) {
        write_all(rep->detach_fd, out.buf, out.len);
        close(rep->detach_fd);
        rep->detached = false;      /* the parent has gone */
    } else if (rc == 0) {
        fputs(out.buf, stdout);
        fflush(stdout);
    }
    strbuf_release(&out);
    return rc;
}

void serve_report_remove(const struct serve_report *rep)
{
    if (rep->ready_written && unlink(rep->ready_file) && errno != ENOENT)
        fprintf(stderr, "rcsim serve: cannot remove '%s': %s\n", rep->ready_file,
                strerror(errno));
}
