/* util/netaddr.c - see netaddr.h. */
#include "util/netaddr.h"
#include "util/strutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

void rc_source_of(const struct sockaddr *sa, char *out, size_t size)
{
    char buf[INET6_ADDRSTRLEN];
    if (sa && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        rc_strlcpy(out, inet_ntop(AF_INET, &in->sin_addr, buf, sizeof(buf)) ? buf : "?", size);
        return;
    }
    if (sa && sa->sa_family == AF_INET6) {
        struct in6_addr a = ((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&a)) {
            rc_strlcpy(out, inet_ntop(AF_INET, &a.s6_addr[12], buf, sizeof(buf)) ? buf : "?",
                       size);
            return;
        }
        memset(&a.s6_addr[8], 0, 8);
        if (!inet_ntop(AF_INET6, &a, buf, sizeof(buf)))
            rc_strlcpy(buf, "?", sizeof(buf));
        snprintf(out, size, "%s/64", buf);
        return;
    }
    rc_strlcpy(out, "local", size);
}

void rc_source_of_fd(int fd, char *out, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    memset(&ss, 0, sizeof(ss));
    if (getpeername(fd, (struct sockaddr *)&ss, &len)) {
        rc_strlcpy(out, "unknown", size);
        return;
    }
    rc_source_of((const struct sockaddr *)&ss, out, size);
}
