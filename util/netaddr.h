/* util/netaddr.h - how a client's network address is named when limits
 * count per client: the "source". Knows nothing of 3PAR. */
#ifndef RCSIM_UTIL_NETADDR_H
#define RCSIM_UTIL_NETADDR_H

#include <stddef.h>

struct sockaddr;

#define RC_SOURCE_MAX 64

/* Writes the source of a peer address into out[size] (RC_SOURCE_MAX is
 * enough): an IPv4 address as "192.0.2.7" (an IPv4-mapped IPv6 address
 * too), an IPv6 address as its /64 ("2001:db8:1:2::/64"), since one host
 * commonly holds a whole /64; anything else as "local". */
void rc_source_of(const struct sockaddr *sa, char *out, size_t size);

/* The source of a connected socket's peer; "unknown" when it has none. */
void rc_source_of_fd(int fd, char *out, size_t size);

#endif
