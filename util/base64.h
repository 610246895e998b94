/* util/base64.h - base64 (RFC 4648, standard alphabet) decoding and
 * encoding, for byte payloads carried in JSON. */
#ifndef RCSIM_UTIL_BASE64_H
#define RCSIM_UTIL_BASE64_H

#include <stddef.h>

/* Decodes len characters of src (padding optional, whitespace refused).
 * Returns 0 with *out a new buffer (free()) of *out_len bytes, or -1 on a
 * character outside the alphabet or a bad length. */
int rc_base64_decode(const char *src, size_t len, unsigned char **out, size_t *out_len);

/* Returns a new NUL-terminated base64 string of len bytes (free()). */
char *rc_base64_encode(const void *data, size_t len);

#endif
