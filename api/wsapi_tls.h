/* api/wsapi_tls.h - the TLS certificate and key of an array's HTTPS
 * listener (api/ only). */
#ifndef RCSIM_API_WSAPI_TLS_H
#define RCSIM_API_WSAPI_TLS_H

#include <stddef.h>

struct sim;

/* Returns the array's certificate and key as PEM (new strings, free()),
 * generating and storing them (sim_secret_put) the first time. addr goes
 * into the subjectAltName. On failure returns -1 with a message. */
int wsapi_tls_material(struct sim *s, const char *array, const char *addr, char **cert_pem,
                       char **key_pem, char *errbuf, size_t errlen);

#endif
