/* sim/sched.h - scheduled CLI commands (createsched, setsched, removesched,
 * showsched): a command line, a cron specification (util/cron.h) and the
 * user it runs as. The engine keeps the schedules and knows when each is
 * due on the simulated clock; running a command line is the CLI's work, so
 * the CLI installs an executor (sim_sched_set_executor) and sim/ calls it,
 * outside any transaction, for every run that came due. A manual clock
 * advance stops at each due time, runs what is due, then goes on, so a
 * scheduled snapshot is taken at its own simulated minute. */
#ifndef RCSIM_SIM_SCHED_H
#define RCSIM_SIM_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

struct sim_sched_spec {
    const char *name;
    const char *command;        /* one CLI command line */
    const char *when;           /* cron fields or @hourly, @daily, ... */
    bool run_once;              /* the schedule ends after its first run */
    bool no_alert;              /* a failed run raises no alert */
};

struct sim_sched_mod {
    const char *new_name;       /* NULL: keep */
    const char *when;           /* NULL: keep */
    int suspend;                /* 0 keep, 1 suspend, 2 resume */
};

enum sim_sched_status { SIM_SCHED_NEVER = 0, SIM_SCHED_OK = 1, SIM_SCHED_FAILED = 2 };

struct sim_sched_view {
    char name[32];
    char command[512];
    char field[5][32];          /* minute, hour, day of month, month, day of week */
    char owner[32];
    bool suspended, run_once, alert;
    int64_t next_run_ms;        /* 0: never again */
    int64_t last_run_ms;        /* 0: never ran */
    enum sim_sched_status last_status;
    char last_output[256];
};

/* Creates a schedule that runs command as user. Refuses a bad name, an
 * empty or over-long command, a bad specification (SIM_ESCHED_FORMAT) and
 * a name in use (SIM_EEXIST_SCHED). */
int sim_sched_create(struct sim *s, const char *array, const char *user,
                     const struct sim_sched_spec *spec, struct sim_err *err);
int sim_sched_modify(struct sim *s, const char *array, const char *name,
                     const struct sim_sched_mod *mod, struct sim_err *err);
int sim_sched_remove(struct sim *s, const char *array, const char *name, struct sim_err *err);
int sim_sched_get(struct sim *s, const char *array, const char *name,
                  struct sim_sched_view *out, struct sim_err *err);
/* Every schedule of the array by name; *out is a new array (free()). */
int sim_sched_list(struct sim *s, const char *array, struct sim_sched_view **out, size_t *n,
                   struct sim_err *err);

/* Runs command on array as user; writes the first line it printed (or
 * the first error line) to out[size]. Returns 0 when the command
 * succeeded. Runs with the engine lock possibly held: it must not wait. */
typedef int sim_sched_exec_fn(void *ctx, struct sim *s, const char *array, const char *user,
                              const char *command, char *out, size_t size);
/* Installs the executor (once, before the clock runs). Without one, runs
 * that come due stay pending. */
void sim_sched_set_executor(struct sim *s, sim_sched_exec_fn *fn, void *ctx);

#endif
