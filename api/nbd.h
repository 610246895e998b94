/* api/nbd.h - the host data path: every array serves its volumes' VLUN
 * exports over NBD on a listener of its own, which follows the array's
 * power (closed while it is off, its connections cut at power-off).
 * docs/behaviour.md "Host data path (NBD)" says what a host sees. */
#ifndef RCSIM_API_NBD_H
#define RCSIM_API_NBD_H

#include <stddef.h>

struct sim;
struct nbd_server;

/* Opens the listener of every powered array that has an NBD port, and
 * starts serving. Returns 0, or -1 with a message in errbuf (a port in
 * use, say). */
int nbd_server_start(struct sim *s, struct nbd_server **out, char *errbuf, size_t errlen);
/* Closes the listeners, cuts every connection and waits for them. */
void nbd_server_stop(struct nbd_server *srv);

#endif
