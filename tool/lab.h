/* tool/lab.h - what rcsim lab's files share: a goal's check, validated
 * when the lab file is read and evaluated against the server (tool/
 * lab_goal.c). The lab file format: docs/labs.md. */
#ifndef RCSIM_TOOL_LAB_H
#define RCSIM_TOOL_LAB_H

#include "tool/tool.h"

#include <stdbool.h>
#include <stddef.h>

struct lab_result {
    bool held;
    char why[256];                  /* what was seen, when not held */
};

/* Whether check (a goal's "check" object) is well formed: 0, or -1 with
 * the reason in why. */
int lab_check_valid(const cJSON *check, char *why, size_t len);

/* Evaluates check against the server into r. Returns 0, or EXIT_REFUSED
 * (reported) when the server cannot be reached. */
int lab_check_eval(struct cx *cx, const cJSON *check, struct lab_result *r);

/* GET path without reporting a refusal: 0 with *out, 1 refused (why holds
 * the server's message), -1 unreachable (why holds the reason). */
int lab_get(struct cx *cx, const char *path, cJSON **out, char *why, size_t len);

#endif
