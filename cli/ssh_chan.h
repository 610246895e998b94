/* cli/ssh_chan.h - one SSH session channel's command runner: a thread that
 * turns the channel's input into CLI calls (through cli/ssh_term.h) and
 * queues the output bytes for the connection thread to send. Private to
 * cli/ssh*.c; knows nothing of libssh, so that only the connection thread
 * touches a libssh session.
 *
 * Locking: every function here may be called from the connection thread
 * while the worker runs; each takes the channel's own mutex. */
#ifndef RCSIM_CLI_SSH_CHAN_H
#define RCSIM_CLI_SSH_CHAN_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/array.h"

struct sim;
struct strbuf;
struct ssh_chan;

enum ssh_chan_kind { SSH_CHAN_SHELL, SSH_CHAN_EXEC };

struct ssh_chan_params {
    struct sim *s;              /* borrowed, outlives the channel */
    const char *array;          /* copied */
    const char *user;           /* copied */
    enum sim_user_role role;
    bool pty;
    enum ssh_chan_kind kind;
    const char *command;        /* exec only; copied */
    /* Called by the worker (without the lock) when output is queued, it
     * has read input (there is room for more) or it has finished. */
    void (*wake)(void *ctx);
    void *wake_ctx;
};

/* Bytes of one input line the CLI accepts (longer lines are refused). */
#define SSH_CHAN_MAX_LINE (64 * 1024)
/* Input queued for the worker at most; the connection holds back the rest
 * (the client's window then closes). */
#define SSH_CHAN_INPUT_MAX (64 * 1024)
/* Output waiting for the client past which the worker reads no further
 * command (the one running finishes its output). */
#define SSH_CHAN_OUTPUT_MAX (256 * 1024)

/* Starts the worker; returns the new channel, or NULL if no thread could
 * be started. Free with ssh_chan_free(). */
struct ssh_chan *ssh_chan_start(const struct ssh_chan_params *p);
/* Stops the worker (as ssh_chan_abort) and waits for it, then frees. */
void ssh_chan_free(struct ssh_chan *ch);

/* Input from the client (stdin of the channel). Returns how many bytes
 * were taken: fewer than len once SSH_CHAN_INPUT_MAX bytes wait, and the
 * caller offers the rest again when there is room. On a pty, Ctrl-C while
 * a command runs interrupts it and drops the typed-ahead input, wherever
 * it is in data (the bytes up to it count as taken). */
size_t ssh_chan_input(struct ssh_chan *ch, const char *data, size_t len);
/* How many more input bytes would be taken now. */
size_t ssh_chan_input_room(struct ssh_chan *ch);
/* The client sent EOF (or closed the channel). */
void ssh_chan_input_eof(struct ssh_chan *ch);
/* The client or the connection is gone: interrupt and end the worker;
 * its output is discarded. */
void ssh_chan_abort(struct ssh_chan *ch);

/* Moves the queued output to out and err (appending), which lets a worker
 * waiting on its output go on. Returns true once the worker has finished
 * and everything was moved; *status is then the exit status to send. */
bool ssh_chan_take(struct ssh_chan *ch, struct strbuf *out, struct strbuf *err, int *status);

#endif
