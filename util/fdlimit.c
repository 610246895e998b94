/* util/fdlimit.c - see fdlimit.h. */
#include "util/fdlimit.h"

#include <sys/resource.h>

#define NOFILE_MAX 1048576UL

unsigned long rc_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == 0)
        return 1024;
    return rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > NOFILE_MAX ? NOFILE_MAX
                                                                     : (unsigned long)rl.rlim_cur;
}

unsigned long rc_nofile_raise(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);      /* best effort: the old limit stays */
    }
    return rc_nofile();
}

unsigned rc_nofile_share(unsigned percent, unsigned long reserved, unsigned parts, unsigned lo,
                         unsigned hi)
{
    unsigned long n = rc_nofile() / 100 * percent;
    n = n > reserved ? n - reserved : 0;
    n /= parts ? parts : 1;
    return n < lo ? lo : n > hi ? hi : (unsigned)n;
}
