/* cli/ssh_chan.c - the command runner behind one SSH session channel.
 *
 * Owns: the worker thread of a shell or exec channel, its input queue and
 * output queues, confirmation prompts, Ctrl-C. Not: libssh (ssh.c), echo
 * and line editing (ssh_term.c), commands (cli.h). Spec:
 * docs/array-interfaces.md §5.2, §5.3, §5.7; docs/array-remote-copy.md §5.4 (prompts).
 *
 * The three kinds of channel:
 * - pty shell (the HPE client, people): one stream, "\r\n" line ends,
 *   errors on stdout, a prompt before each line. The first prompt waits
 *   for the first input (or STARTUP_MS), so that input typed ahead, as
 *   the HPE client writes "setclienv csvtable 1\n<cmd>\nexit\n" at once,
 *   is first echoed by the "tty" and then again after each prompt, which
 *   is the byte layout of §5.3 the client's lines[5:-2] relies on.
 * - shell without a pty (operator tools, §5.7): no echo (there is no tty),
 *   but the CLI still prints its prompt before reading each line, so a
 *   command's first output line follows the prompt on the same line; the
 *   OpenSVC drivers strip everything up to "% " on each line for exactly
 *   this reason. "\n" line ends, errors on stderr, ';' separates commands
 *   (cli_session_run splits), a last line without "\n" runs at EOF, and
 *   the exit status is 0.
 * - exec (`ssh user@array cmd`): no prompt, output on stdout, errors on
 *   stderr, the exit status is the command's (0, 1, 2). With a pty
 *   (ssh -t) it is one "\r\n" stream as in a pty shell.
 * A confirmation question reads its answer from the channel; EOF, Ctrl-C
 * or a closed channel answer "no", so nothing ever waits for ever.
 *
 * Memory: the input queue takes at most SSH_CHAN_INPUT_MAX bytes (the
 * connection holds back the rest, closing the client's window), and while
 * more than SSH_CHAN_OUTPUT_MAX bytes of output wait for the client the
 * worker reads no further input: a client that sends commands without
 * reading the answers stops being read. */
#include "cli/ssh_chan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/ssh_term.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* How long a pty shell waits for typed-ahead input before its first prompt
 * (a person sees the prompt after this; a client that writes at once gets
 * the echo layout of §5.3). */
#define STARTUP_MS 500

static const char select_prompt[] = "select q=quit y=yes n=no: ";

struct ssh_chan {
    struct sim *s;
    char *array, *user, *command;
    enum sim_user_role role;
    bool pty;
    enum ssh_chan_kind kind;
    void (*wake)(void *ctx);
    void *wake_ctx;

    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* under mu */
    struct strbuf in;
    bool in_eof;
    bool aborted;
    bool running;           /* a command runs (Ctrl-C interrupts it) */
    struct strbuf out, err;
    bool done;
    int status;
    volatile int interrupted;

    /* worker thread only */
    struct ssh_term *term;
    bool at_eof;
};

/* --- queues ----------------------------------------------------------- */

static void emit_raw(struct ssh_chan *ch, bool to_err, const char *data, size_t len)
{
    if (!len)
        return;
    pthread_mutex_lock(&ch->mu);
    if (!ch->aborted)
        strbuf_add(to_err ? &ch->err : &ch->out, data, len);
    pthread_mutex_unlock(&ch->mu);
    ch->wake(ch->wake_ctx);
}

/* Sends echo or prompt bytes (already in terminal form) and empties sb. */
static void emit_sb(struct ssh_chan *ch, struct strbuf *sb)
{
    emit_raw(ch, false, sb->buf, sb->len);
    strbuf_reset(sb);
}

/* Sends CLI text ("\n" line ends), converted for the terminal. A pty has a
 * single stream, so errors go to stdout there (§5.2 item 3). */
static void emit_text(struct ssh_chan *ch, bool is_err, const char *data, size_t len)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    ssh_term_output(ch->term, data, len, &sb);
    emit_raw(ch, is_err && !ch->pty, sb.buf, sb.len);
    strbuf_release(&sb);
}

/* Waits for input (timeout_ms < 0: no timeout) and hands it to the
 * terminal. Sets at_eof once the input has ended and none is left. */
static void pull_input(struct ssh_chan *ch, int timeout_ms)
{
    struct strbuf echo = STRBUF_INIT, got = STRBUF_INIT;
    strbuf_init(&echo);
    strbuf_init(&got);
    pthread_mutex_lock(&ch->mu);
    if (timeout_ms >= 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!ch->in.len && !ch->in_eof && !ch->aborted && !ch->interrupted)
            if (pthread_cond_timedwait(&ch->cv, &ch->mu, &until))
                break;
    } else {
        while (!ch->in.len && !ch->in_eof && !ch->aborted && !ch->interrupted)
            pthread_cond_wait(&ch->cv, &ch->mu);
    }
    got = ch->in;
    strbuf_init(&ch->in);
    if (!got.len && (ch->in_eof || ch->aborted))
        ch->at_eof = true;
    pthread_mutex_unlock(&ch->mu);
    if (got.len)
        ch->wake(ch->wake_ctx);     /* room for the input held back */
    if (got.len)
        ssh_term_input(ch->term, got.buf, got.len, &echo);
    emit_sb(ch, &echo);
    strbuf_release(&got);
    strbuf_release(&echo);
}

/* No further command while the client leaves earlier answers unread. */
static void wait_output_room(struct ssh_chan *ch)
{
    pthread_mutex_lock(&ch->mu);
    while (ch->out.len + ch->err.len > SSH_CHAN_OUTPUT_MAX && !ch->aborted)
        pthread_cond_wait(&ch->cv, &ch->mu);
    pthread_mutex_unlock(&ch->mu);
}

static bool chan_stopped(struct ssh_chan *ch)
{
    pthread_mutex_lock(&ch->mu);
    bool stop = ch->aborted;
    pthread_mutex_unlock(&ch->mu);
    return stop;
}

/* The next line from the client (through the line editor on a pty). An
 * interrupt while a command runs (a confirmation) reads as TERM_INTERRUPT. */
static enum ssh_term_event read_line(struct ssh_chan *ch, char **line)
{
    struct strbuf echo = STRBUF_INIT;
    strbuf_init(&echo);
    wait_output_room(ch);
    for (;;) {
        enum ssh_term_event ev = ssh_term_next(ch->term, ch->at_eof, &echo, line);
        emit_sb(ch, &echo);
        if (ev != TERM_MORE) {
            strbuf_release(&echo);
            return ev;
        }
        if (ch->interrupted || chan_stopped(ch)) {
            strbuf_release(&echo);
            return ch->interrupted ? TERM_INTERRUPT : TERM_EOF;
        }
        pull_input(ch, -1);
    }
}

/* --- cli_io ----------------------------------------------------------- */

static void io_out(void *ctx, const char *data, size_t len)
{
    emit_text(ctx, false, data, len);
}

static void io_err(void *ctx, const char *data, size_t len)
{
    emit_text(ctx, true, data, len);
}

/* docs/array-remote-copy.md §5.4: y goes on; n or q abort; anything else is
 * "Unrecognized input" and the question again. */
static int io_confirm(void *ctx, const char *question)
{
    struct ssh_chan *ch = ctx;
    for (;;) {
        struct strbuf q = STRBUF_INIT;
        strbuf_init(&q);
        strbuf_addf(&q, "%s\n%s", question, select_prompt);
        emit_text(ch, false, q.buf, q.len);
        strbuf_release(&q);

        char *line = NULL;
        enum ssh_term_event ev = read_line(ch, &line);
        if (!ch->pty)
            emit_text(ch, false, "\n", 1);  /* no echo ended the line */
        if (ev == TERM_TOOLONG || ev == TERM_BADCHAR) {
            emit_text(ch, false, "Unrecognized input\n", 19);
            continue;
        }
        if (ev == TERM_INTERRUPT)
            return 0;                       /* Ctrl-C: "no" */
        if (ev != TERM_LINE)
            return -1;                      /* end of input: nobody answered */
        int answer = cli_answer_parse(line);
        if (answer < 0) {
            struct strbuf u = STRBUF_INIT;
            strbuf_init(&u);
            strbuf_addf(&u, "Unrecognized input \"%s\"\n", line);
            emit_text(ch, false, u.buf, u.len);
            strbuf_release(&u);
        }
        free(line);
        if (answer >= 0)
            return answer;
    }
}

/* Runs one line; returns its status. */
static int run_line(struct ssh_chan *ch, struct cli_session *cs, const char *line,
                    bool *exit_requested)
{
    const struct cli_io io = {
        .out = io_out, .err = io_err, .confirm = io_confirm, .ctx = ch,
        .interrupted = &ch->interrupted,
    };
    pthread_mutex_lock(&ch->mu);
    ch->running = true;
    pthread_mutex_unlock(&ch->mu);
    int rc = cli_session_run(cs, line, &io, exit_requested);
    pthread_mutex_lock(&ch->mu);
    ch->running = false;
    ch->interrupted = 0;
    pthread_mutex_unlock(&ch->mu);
    return rc;
}

static void refuse_long_line(struct ssh_chan *ch)
{
    static const char msg[] = "Error: command line too long\n";
    emit_text(ch, true, msg, sizeof(msg) - 1);
}

static void refuse_nul_line(struct ssh_chan *ch)
{
    static const char msg[] = "Error: illegal character (NUL) in command line\n";
    emit_text(ch, true, msg, sizeof(msg) - 1);
}

/* --- the worker --------------------------------------------------------- */

static int shell_main(struct ssh_chan *ch, struct cli_session *cs)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_init(&sb);
    const char *prompt = cli_session_prompt(cs);
    if (ch->pty)
        pull_input(ch, STARTUP_MS);     /* typed-ahead input, echoed cooked */
    for (;;) {
        ssh_term_prompt(ch->term, prompt, &sb);
        emit_sb(ch, &sb);
        char *line = NULL;
        bool exit_requested = false;
        switch (read_line(ch, &line)) {
        case TERM_LINE:
            run_line(ch, cs, line, &exit_requested);
            free(line);
            if (exit_requested)
                goto out;
            break;
        case TERM_INTERRUPT:
            pthread_mutex_lock(&ch->mu);
            ch->interrupted = 0;
            pthread_mutex_unlock(&ch->mu);
            break;
        case TERM_TOOLONG:
            refuse_long_line(ch);
            break;
        case TERM_BADCHAR:
            refuse_nul_line(ch);
            break;
        case TERM_EOF:
        case TERM_MORE:
            goto out;
        }
        if (chan_stopped(ch))
            goto out;
    }
out:
    strbuf_release(&sb);
    return 0;
}

static int exec_main(struct ssh_chan *ch, struct cli_session *cs)
{
    bool exit_requested = false;
    if (strlen(ch->command) > SSH_CHAN_MAX_LINE) {
        refuse_long_line(ch);
        return CLI_REFUSED;
    }
    return run_line(ch, cs, ch->command, &exit_requested);
}

static void *chan_main(void *arg)
{
    struct ssh_chan *ch = arg;
    struct cli_session *cs = cli_session_new(ch->s, ch->array, ch->user, ch->role);
    int status = ch->kind == SSH_CHAN_EXEC ? exec_main(ch, cs) : shell_main(ch, cs);
    cli_session_free(cs);
    pthread_mutex_lock(&ch->mu);
    ch->status = status;
    ch->done = true;
    pthread_mutex_unlock(&ch->mu);
    ch->wake(ch->wake_ctx);
    return NULL;
}

/* --- interface ---------------------------------------------------------- */

struct ssh_chan *ssh_chan_start(const struct ssh_chan_params *p)
{
    struct ssh_chan *ch = xcalloc(1, sizeof(*ch));
    ch->s = p->s;
    ch->array = xstrdup(p->array);
    ch->user = xstrdup(p->user);
    ch->command = xstrdup(p->command ? p->command : "");
    ch->role = p->role;
    ch->pty = p->pty;
    ch->kind = p->kind;
    ch->wake = p->wake;
    ch->wake_ctx = p->wake_ctx;
    pthread_mutex_init(&ch->mu, NULL);
    pthread_cond_init(&ch->cv, NULL);
    strbuf_init(&ch->in);
    strbuf_init(&ch->out);
    strbuf_init(&ch->err);
    ch->term = ssh_term_new(p->pty, SSH_CHAN_MAX_LINE);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    int rc = pthread_create(&ch->thread, &attr, chan_main, ch);
    pthread_attr_destroy(&attr);
    if (rc) {
        rclog(RCLOG_ERROR, "ssh channel: cannot start a thread: %s", strerror(rc));
        ssh_term_free(ch->term);
        strbuf_release(&ch->in);
        strbuf_release(&ch->out);
        strbuf_release(&ch->err);
        pthread_cond_destroy(&ch->cv);
        pthread_mutex_destroy(&ch->mu);
        free(ch->array);
        free(ch->user);
        free(ch->command);
        free(ch);
        return NULL;
    }
    return ch;
}

size_t ssh_chan_input(struct ssh_chan *ch, const char *data, size_t len)
{
    size_t took = 0;
    pthread_mutex_lock(&ch->mu);
    if (ch->pty && ch->running) {
        const char *intr = memrchr(data, 0x03, len);
        if (intr) {
            /* a tty's VINTR: interrupt, and flush what was typed ahead */
            ch->interrupted = 1;
            strbuf_reset(&ch->in);
            took = (size_t)(intr + 1 - data);
            len -= took;
            data = intr + 1;
        }
    }
    if (ch->aborted || ch->in_eof) {
        took += len;                /* nobody will read it */
    } else {
        size_t room = SSH_CHAN_INPUT_MAX - (ch->in.len < SSH_CHAN_INPUT_MAX
                                                ? ch->in.len : SSH_CHAN_INPUT_MAX);
        size_t n = len < room ? len : room;
        strbuf_add(&ch->in, data, n);
        took += n;
    }
    pthread_cond_broadcast(&ch->cv);
    pthread_mutex_unlock(&ch->mu);
    return took;
}

size_t ssh_chan_input_room(struct ssh_chan *ch)
{
    pthread_mutex_lock(&ch->mu);
    size_t room = ch->aborted || ch->in_eof ? SSH_CHAN_INPUT_MAX
                  : ch->in.len < SSH_CHAN_INPUT_MAX ? SSH_CHAN_INPUT_MAX - ch->in.len : 0;
    pthread_mutex_unlock(&ch->mu);
    return room;
}

void ssh_chan_input_eof(struct ssh_chan *ch)
{
    pthread_mutex_lock(&ch->mu);
    ch->in_eof = true;
    pthread_cond_broadcast(&ch->cv);
    pthread_mutex_unlock(&ch->mu);
}

void ssh_chan_abort(struct ssh_chan *ch)
{
    pthread_mutex_lock(&ch->mu);
    ch->aborted = true;
    ch->in_eof = true;
    ch->interrupted = 1;
    strbuf_reset(&ch->out);
    strbuf_reset(&ch->err);
    pthread_cond_broadcast(&ch->cv);
    pthread_mutex_unlock(&ch->mu);
}

bool ssh_chan_take(struct ssh_chan *ch, struct strbuf *out, struct strbuf *err, int *status)
{
    pthread_mutex_lock(&ch->mu);
    strbuf_add(out, ch->out.buf, ch->out.len);
    strbuf_add(err, ch->err.buf, ch->err.len);
    strbuf_reset(&ch->out);
    strbuf_reset(&ch->err);
    bool done = ch->done;
    *status = ch->status;
    pthread_cond_broadcast(&ch->cv);    /* room for more output */
    pthread_mutex_unlock(&ch->mu);
    return done;
}

void ssh_chan_free(struct ssh_chan *ch)
{
    if (!ch)
        return;
    ssh_chan_abort(ch);
    pthread_join(ch->thread, NULL);
    ssh_term_free(ch->term);
    strbuf_release(&ch->in);
    strbuf_release(&ch->out);
    strbuf_release(&ch->err);
    pthread_cond_destroy(&ch->cv);
    pthread_mutex_destroy(&ch->mu);
    free(ch->array);
    free(ch->user);
    free(ch->command);
    free(ch);
}
