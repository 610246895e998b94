/* sim/limits.c - the checks every interface reaches for the limits of
 * sim/limits.h. Owns: how a text or count past its limit is refused. Not:
 * name characters (sim_name_check in vv.c). Spec: docs/limits.md. */
#include "sim/err.h"
#include "sim/limits.h"

#include <stdio.h>
#include <string.h>

int sim_text_check(const char *text, size_t max, const char *what, struct sim_err *err)
{
    size_t len = text ? strlen(text) : 0;
    if (len <= max)
        return 0;
    char subject[64];
    snprintf(subject, sizeof(subject), "%s (at most %zu characters)", what, max);
    return sim_fail(err, SIM_ETOOLONG, subject, "%s is %zu characters; at most %zu", what, len,
                    max);
}

int sim_count_check(size_t n, size_t max, const char *what, struct sim_err *err)
{
    if (n <= max)
        return 0;
    char subject[64];
    snprintf(subject, sizeof(subject), "%s (at most %zu at once)", what, max);
    return sim_fail(err, SIM_ETOOMANY, subject, "%zu %s; at most %zu at once", n, what, max);
}
