/* tests/unit/cli_ssh_chan.c - the memory an SSH channel's worker holds
 * (cli/ssh_chan.h): its input queue takes at most SSH_CHAN_INPUT_MAX
 * bytes, and a client that sends commands without reading the answers
 * stops being read once SSH_CHAN_OUTPUT_MAX bytes wait, until it reads. */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "cli/ssh_chan.h"
#include "helpers.h"
#include "util/strbuf.h"

static atomic_int wakes;

static void on_wake(void *ctx)
{
    (void)ctx;
    atomic_fetch_add(&wakes, 1);
}

static struct ssh_chan *shell(struct sim *s)
{
    const struct ssh_chan_params p = {
        .s = s, .array = "site-a", .user = "browse", .role = SIM_ROLE_BROWSE,
        .kind = SSH_CHAN_SHELL, .wake = on_wake,
    };
    struct ssh_chan *ch = ssh_chan_start(&p);
    cr_assert_not_null(ch);
    return ch;
}

/* Offers n copies of line, as the connection does: what is not taken is
 * offered again once there is room. Returns the bytes taken. */
static size_t offer(struct ssh_chan *ch, const char *line, size_t n)
{
    size_t len = strlen(line), taken = 0;
    for (size_t i = 0; i < n; i++)
        taken += ssh_chan_input(ch, line, len);
    return taken;
}

Test(cli_ssh_chan, the_input_queue_takes_what_it_has_room_for)
{
    struct sim *s = test_sim_open();
    struct ssh_chan *ch = shell(s);
    static char big[3 * SSH_CHAN_INPUT_MAX];
    memset(big, '#', sizeof(big));      /* one long line: the worker takes it in slowly */
    size_t took = ssh_chan_input(ch, big, sizeof(big));
    cr_assert_leq(took, SSH_CHAN_INPUT_MAX, "took %zu of %zu", took, sizeof(big));
    ssh_chan_free(ch);
    sim_close(s);
}

Test(cli_ssh_chan, a_client_that_never_reads_stops_being_read)
{
    struct sim *s = test_sim_open();
    struct ssh_chan *ch = shell(s);
    /* far more commands than may wait, and far more answers: help prints a
     * few KiB; what is taken in is the queue and the line editor's buffer */
    size_t sent = 0, want = 200000 * 5;
    /* until the queue has stayed full for a while: the worker waits */
    for (int idle = 0; sent < want && idle < 300;) {
        size_t n = offer(ch, "help\n", 100);
        sent += n;
        idle = n ? 0 : idle + 1;
        if (!n)
            usleep(1000);
    }
    cr_assert_leq(sent, 4 * SSH_CHAN_INPUT_MAX, "%zu bytes taken in: nothing held the client back",
                  sent);
    struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    strbuf_init(&out);
    strbuf_init(&err);
    int status;
    ssh_chan_take(ch, &out, &err, &status);
    /* what waits: the limit, plus the last command's answer */
    cr_assert_leq(out.len + err.len, SSH_CHAN_OUTPUT_MAX + 64 * 1024, "%zu bytes waited",
                  out.len + err.len);
    cr_assert_gt(out.len, SSH_CHAN_OUTPUT_MAX / 2);
    /* once read, the worker goes on */
    strbuf_reset(&out);
    for (int i = 0; i < 5000 && !out.len; i++) {
        usleep(1000);
        ssh_chan_take(ch, &out, &err, &status);
    }
    cr_assert_gt(out.len, 0, "the worker did not go on after the client read");
    strbuf_release(&out);
    strbuf_release(&err);
    ssh_chan_free(ch);
    sim_close(s);
}
