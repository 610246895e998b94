/* tests/unit/util_hash.c - block fingerprints are XXH64 values, which
 * databases and checkpoints store: known vectors (xxHash's own for short
 * inputs, and values stored by earlier rcsim versions for a 16 KiB block)
 * must never change. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "util/hash.h"

Test(util_hash, xxh64_published_vectors)
{
    cr_assert_eq(rc_hash64("", 0, 0), 0xEF46DB3751D8E999ULL);
    cr_assert_eq(rc_hash64("a", 1, 0), 0xD24EC4F1A98C6E5BULL);
    cr_assert_eq(rc_hash64("abc", 3, 0), 0x44BC2CF5AD770999ULL);
    cr_assert_eq(rc_hash64("", 0, 1), 0xD5AFBA1336A3BE4BULL);
    cr_assert_eq(rc_hash64("abc", 3, 2), 0x53A0B8B27057DAF7ULL);
}

Test(util_hash, fingerprints_of_earlier_versions_hold)
{
    /* the fingerprint of this 16 KiB block as rcsim's own XXH64 code
     * computed and stored it before the library took over */
    static unsigned char block[16384];
    for (size_t i = 0; i < sizeof(block); i++)
        block[i] = (unsigned char)(i * 31 + 7);
    cr_assert_eq(rc_hash64(block, sizeof(block), 0), 0x0A588C6F9B9B2224ULL);
    const char *s = "0123456789abcdef0123456789abcdef0123456789";
    cr_assert_eq(rc_hash64(s, strlen(s), 1), 0x2B8D7720869B31A6ULL);
}

Test(util_hash, never_zero)
{
    /* 0 means "no content" to callers: every value here is non-zero */
    for (uint64_t seed = 0; seed < 4096; seed++)
        cr_assert_neq(rc_hash64(&seed, sizeof(seed), seed), 0);
}
