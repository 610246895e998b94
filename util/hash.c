/* util/hash.c - see hash.h. The hash is xxHash's XXH64 (libxxhash). */
#include "util/hash.h"

#include <stdio.h>
#include <xxhash.h>

uint64_t rc_hash64(const void *data, size_t len, uint64_t seed)
{
    uint64_t h = XXH64(data, len, seed);
    return h ? h : 1;
}

void rc_uuid_format(uint64_t key, uint64_t salt, char out[37])
{
    uint64_t h1 = rc_mix64(key), h2 = rc_mix64(h1 ^ salt);
    snprintf(out, 37, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(h1 >> 32),
             (unsigned)(h1 >> 16) & 0xFFFF, (unsigned)h1 & 0xFFF, (unsigned)(h2 >> 52) & 0xFFF,
             (unsigned long long)(h2 & 0xFFFFFFFFFFFFULL));
}
