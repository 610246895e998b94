/* tool/serve.h - what rcsim serve's files share: the ready report (where
 * every listener is, once all are up) and running in the background
 * (tool/serve_ready.c). */
#ifndef RCSIM_TOOL_SERVE_H
#define RCSIM_TOOL_SERVE_H

#include "tool/tool.h"

#include <stdbool.h>

struct sim;

struct serve_report {
    char control_addr[256];         /* the control API, as listening */
    int control_port;               /* the bound port once started */
    bool token;                     /* the control API needs a token */
    const char *db;
    const char *ready_file;         /* --ready-file, or NULL */
    bool print_env;                 /* --print-env */
    bool ready_written;             /* the ready file is ours to remove */
    bool detached;                  /* running in the background (--detach) */
    int detach_fd;                  /* then: the pipe to the waiting parent */
};

/* --detach: forks. The parent waits for the child's report and prints it
 * (exit status 0), or for the child's end (its exit status), and never
 * returns. The child runs on in a new session with stdin and stdout on
 * /dev/null, rep->detached and detach_fd set; returns 0 there, -1 (reported) when it
 * could not fork. */
int serve_detach(struct serve_report *rep);

/* Every listener is up: writes --ready-file, then says where everything
 * listens, on stdout (the listeners, or with --print-env export lines) or
 * to the waiting parent (its PID, or the export lines). Returns 0, or -1
 * (reported) when the ready file cannot be written. */
int serve_report_ready(struct sim *s, struct serve_report *rep);

/* From now on log lines go to log_fd (when >= 0), or to /dev/null in the
 * background without one. */
void serve_logs_to(int log_fd, bool detached);

/* Removes the ready file, if one was written (the server is stopping). */
void serve_report_remove(const struct serve_report *rep);

#endif
