/* tests/unit/cli_capture.h - a struct cli_io that keeps what a session
 * prints, for the cli_* unit tests. */
#ifndef RCSIM_TESTS_UNIT_CLI_CAPTURE_H
#define RCSIM_TESTS_UNIT_CLI_CAPTURE_H

#include <stdbool.h>
#include <string.h>

#include "cli/cli.h"
#include "util/strbuf.h"

struct capture {
    struct strbuf out, err;
    int answer;                 /* what confirm() returns */
    int asked;                  /* how many questions were asked */
    char question[256];
};

static inline void cap_out(void *ctx, const char *d, size_t n)
{
    strbuf_add(&((struct capture *)ctx)->out, d, n);
}

static inline void cap_err(void *ctx, const char *d, size_t n)
{
    strbuf_add(&((struct capture *)ctx)->err, d, n);
}

static inline int cap_confirm(void *ctx, const char *q)
{
    struct capture *c = ctx;
    c->asked++;
    strncpy(c->question, q, sizeof(c->question) - 1);
    return c->answer;
}

static inline void capture_init(struct capture *c)
{
    memset(c, 0, sizeof(*c));
    strbuf_init(&c->out);
    strbuf_init(&c->err);
}

static inline void capture_release(struct capture *c)
{
    strbuf_release(&c->out);
    strbuf_release(&c->err);
}

static inline void capture_reset(struct capture *c)
{
    strbuf_reset(&c->out);
    strbuf_reset(&c->err);
    c->asked = 0;
    c->question[0] = '\0';
}

/* An io over c; with_confirm false leaves confirm NULL (non-interactive). */
static inline struct cli_io capture_io(struct capture *c, bool with_confirm)
{
    struct cli_io io = { .out = cap_out, .err = cap_err,
                         .confirm = with_confirm ? cap_confirm : NULL, .ctx = c };
    return io;
}

#endif
