/* util/hash.h - a fast 64-bit non-cryptographic hash for block fingerprints
 * and digests: xxHash's XXH64, except that it never returns 0, which
 * callers reserve for "no content" (XXH64's 0 becomes 1). Fingerprints are
 * stored in databases and checkpoints: the values must never change
 * (tests/unit/util_hash.c holds known vectors). */
#ifndef RCSIM_UTIL_HASH_H
#define RCSIM_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t rc_hash64(const void *data, size_t len, uint64_t seed);

/* Mixes one 64-bit value into a running state (splitmix64 finaliser). */
static inline uint64_t rc_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A UUID-shaped identifier (version 4 layout) from two 64-bit values,
 * e.g. an object's key and its creation time; out gets 36 characters. */
void rc_uuid_format(uint64_t key, uint64_t salt, char out[37]);

#endif
