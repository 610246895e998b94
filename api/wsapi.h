/* api/wsapi.h - the 3PAR WSAPI (/api/v1), served for every array on the
 * http and https listeners its fixture names. A powered-off array stops
 * answering (its listeners close) until it is powered on again. */
#ifndef RCSIM_API_WSAPI_H
#define RCSIM_API_WSAPI_H

#include <stddef.h>

struct sim;
struct wsapi;

int wsapi_start(struct sim *s, struct wsapi **out, char *errbuf, size_t errlen);
void wsapi_stop(struct wsapi *w);

#endif
