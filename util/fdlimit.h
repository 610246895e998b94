/* util/fdlimit.h - the process's open-descriptor limit, which every
 * listener sizes its connection caps from: a cap above what the limit
 * allows makes accept() fail with EMFILE, and a server that keeps retrying
 * then spins. Knows nothing of 3PAR. */
#ifndef RCSIM_UTIL_FDLIMIT_H
#define RCSIM_UTIL_FDLIMIT_H

/* Raises the soft limit on open descriptors to the hard limit (as servers
 * commonly do at start-up). Returns the soft limit now in force. */
unsigned long rc_nofile_raise(void);

/* The soft limit on open descriptors (1024 if it cannot be read; at most
 * 1048576, more than any cap here needs). */
unsigned long rc_nofile(void);

/* share percent of the descriptor limit, less reserved, divided among
 * parts, and clamped to [lo, hi]: the cap of one of parts listeners. */
unsigned rc_nofile_share(unsigned percent, unsigned long reserved, unsigned parts, unsigned lo,
                         unsigned hi);

#endif
