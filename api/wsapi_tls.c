/* api/wsapi_tls.c - the self-signed certificate each array serves HTTPS
 * with. Owns: generating it with GnuTLS on first start (RSA 2048, CN = the
 * array name, subjectAltName = the listener address) and keeping it in the
 * array's secrets so that it survives restarts and resets (clients pin
 * nothing, but a stable certificate is what a real array shows).
 * Spec: docs/array-interfaces.md §1.1 (verify=False, self-signed ok). */
#include "api/wsapi_tls.h"
#include "sim/array.h"
#include "sim/clock.h"
#include "sim/err.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define CERT_DAYS (10 * 365)

static char *datum_str(gnutls_datum_t *d)
{
    char *s = xstrndup((const char *)d->data, d->size);
    gnutls_free(d->data);
    d->data = NULL;
    return s;
}

static int generate(const char *array, const char *addr, char **cert_pem, char **key_pem)
{
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t out = { NULL, 0 };
    unsigned char serial[16];
    unsigned char ip[16];
    int rc = -1;
    time_t now = (time_t)(sim_wall_ms() / 1000);

    if (getrandom(serial, sizeof(serial), 0) != (ssize_t)sizeof(serial))
        return -1;
    serial[0] &= 0x7f;
    if (gnutls_x509_privkey_init(&key) < 0 ||
        gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                     GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ||
        gnutls_x509_crt_init(&crt) < 0 ||
        gnutls_x509_crt_set_version(crt, 3) < 0 ||
        gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)) < 0 ||
        gnutls_x509_crt_set_activation_time(crt, now - 86400) < 0 ||
        gnutls_x509_crt_set_expiration_time(crt, now + (time_t)CERT_DAYS * 86400) < 0 ||
        gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, array,
                                      (unsigned)strlen(array)) < 0 ||
        gnutls_x509_crt_set_key(crt, key) < 0 ||
        gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, array,
                                             (unsigned)strlen(array), GNUTLS_FSAN_SET) < 0)
        goto out;
    if (inet_pton(AF_INET, addr, ip) == 1) {
        if (gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 4,
                                                 GNUTLS_FSAN_APPEND) < 0)
            goto out;
    } else if (inet_pton(AF_INET6, addr, ip) == 1) {
        if (gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 16,
                                                 GNUTLS_FSAN_APPEND) < 0)
            goto out;
    }
    if (gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                           GNUTLS_KEY_KEY_ENCIPHERMENT) < 0 ||
        gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0) < 0 ||
        gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) < 0)
        goto out;
    if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &out) < 0)
        goto out;
    *cert_pem = datum_str(&out);
    if (gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out) < 0) {
        free(*cert_pem);
        *cert_pem = NULL;
        goto out;
    }
    *key_pem = datum_str(&out);
    rc = 0;
out:
    if (crt)
        gnutls_x509_crt_deinit(crt);
    if (key)
        gnutls_x509_privkey_deinit(key);
    return rc;
}

int wsapi_tls_material(struct sim *s, const char *array, const char *addr, char **cert_pem,
                       char **key_pem, char *errbuf, size_t errlen)
{
    struct sim_err err = SIM_ERR_INIT;
    *cert_pem = *key_pem = NULL;
    if (!sim_secret_get(s, array, "tls_cert", cert_pem, &err) &&
        !sim_secret_get(s, array, "tls_key", key_pem, &err))
        return 0;
    free(*cert_pem);
    free(*key_pem);
    *cert_pem = *key_pem = NULL;
    if (generate(array, addr, cert_pem, key_pem)) {
        snprintf(errbuf, errlen, "cannot generate a TLS certificate for '%s'", array);
        return -1;
    }
    if (sim_secret_put(s, array, "tls_cert", *cert_pem, &err) ||
        sim_secret_put(s, array, "tls_key", *key_pem, &err)) {
        snprintf(errbuf, errlen, "cannot store the TLS certificate of '%s': %s", array,
                 err.detail);
        free(*cert_pem);
        free(*key_pem);
        *cert_pem = *key_pem = NULL;
        return -1;
    }
    rclog(RCLOG_INFO, "%s: generated a self-signed TLS certificate", array);
    return 0;
}
