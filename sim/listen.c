/* sim/listen.c - where the arrays' listeners go: the fixture's addresses
 * and ports, moved by the serve-time options (--port-offset, --one-address,
 * --free-ports), and the ports the listeners actually bound.
 * Owns: the listener fields of array views, the bound-port table (runtime
 * only: nothing here is stored, a restart binds again). Not: the listeners
 * themselves (api/wsapi.c, cli/ssh.c), the stored rows (array.c).
 * Spec: docs/behaviour.md §Listeners. */
#include "sim/array.h"
#include "sim/internal.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The ports one array's listeners bound, by enum sim_listener_kind. */
struct sim_bound_port {
    char array[SIM_ARRAY_NAME_MAX + 1];
    int port[SIM_LISTEN__COUNT];
};

static struct sim_bound_port *bound_find(struct sim *s, const char *array)
{
    for (size_t i = 0; i < s->n_bound; i++)
        if (strcmp(s->bound[i].array, array) == 0)
            return &s->bound[i];
    return NULL;
}

/* One port of a view: 0 (none) stays 0; otherwise the bound port, or
 * SIM_PORT_ANY while a free-port listener has not bound yet, or the
 * fixture's port moved by the offset and, on one address, by the array's
 * position (site-a 8008, site-b 8009, ...: distinct on one address). */
static int place_port(struct sim *s, const struct sim_bound_port *b, enum sim_listener_kind k,
                      int port, size_t index)
{
    if (!port)
        return 0;
    if (b && b->port[k])
        return b->port[k];
    if (s->free_ports)
        return SIM_PORT_ANY;
    return port + s->port_offset + (s->one_address ? (int)index : 0);
}

void sim_listen_place(struct sim *s, size_t index, struct sim_array_view *v)
{
    const struct sim_bound_port *b = bound_find(s, v->name);
    if (s->one_address) {
        rc_strlcpy(v->wsapi_addr, s->one_address, sizeof(v->wsapi_addr));
        rc_strlcpy(v->ssh_addr, s->one_address, sizeof(v->ssh_addr));
        rc_strlcpy(v->nbd_addr, s->one_address, sizeof(v->nbd_addr));
    }
    v->wsapi_http_port = place_port(s, b, SIM_LISTEN_HTTP, v->wsapi_http_port, index);
    v->wsapi_https_port = place_port(s, b, SIM_LISTEN_HTTPS, v->wsapi_https_port, index);
    v->ssh_port = place_port(s, b, SIM_LISTEN_SSH, v->ssh_port, index);
    v->nbd_port = place_port(s, b, SIM_LISTEN_NBD, v->nbd_port, index);
}

void sim_array_listener_bound(struct sim *s, const char *array, enum sim_listener_kind kind,
                              int port)
{
    SIM_LOCK_SCOPE(s);
    if (kind < 0 || kind >= SIM_LISTEN__COUNT || port <= 0)
        return;
    struct sim_bound_port *b = bound_find(s, array);
    if (!b) {
        XGROW(s->bound, s->n_bound + 1, s->bound_alloc);
        b = &s->bound[s->n_bound++];
        memset(b, 0, sizeof(*b));
        rc_strlcpy(b->array, array, sizeof(b->array));
    }
    b->port[kind] = port;
}
