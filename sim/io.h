/* sim/io.h - host I/O on volumes and snapshots, and digests that prove data.
 *
 * Data is sparse: an unwritten block reads as zeros. A pattern write fills
 * the range with a reproducible stream defined by (seed, byte offset in the
 * volume), so the same pattern written at the same place on two volumes
 * gives the same data, and no bytes need storing. */
#ifndef RCSIM_SIM_IO_H
#define RCSIM_SIM_IO_H

#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_err;

#define SIM_IO_BYTES_MAX (64ULL << 20)     /* one read, or one write of bytes */
#define SIM_IO_PATTERN_MAX (16ULL << 30)   /* one pattern write */

struct sim_digest {
    char hex[33];               /* 128 bits over size and every block */
    uint64_t blocks;            /* non-zero blocks seen */
};

/* Writes len bytes at off. Refuses read-only volumes, a range past the end
 * and len > SIM_IO_BYTES_MAX. Replicates as the volume's remote-copy group
 * says. */
int sim_io_write(struct sim *s, const char *array, const char *vv, uint64_t off, uint64_t len,
                 const void *data, struct sim_err *err);
/* Writes the seeded pattern over [off, off + len). */
int sim_io_write_pattern(struct sim *s, const char *array, const char *vv, uint64_t off,
                         uint64_t len, uint64_t seed, struct sim_err *err);
/* Writes zeros over [off, off + len) (at most SIM_IO_PATTERN_MAX): whole
 * blocks become explicit zero blocks, which hold no data; replicated as
 * any write. */
int sim_io_write_zeroes(struct sim *s, const char *array, const char *vv, uint64_t off,
                        uint64_t len, struct sim_err *err);
/* Reads [off, off + len) into buf (len bytes). */
int sim_io_read(struct sim *s, const char *array, const char *vv, uint64_t off, uint64_t len,
                void *buf, struct sim_err *err);
/* Which blocks of [off, off + len) hold data: map[i] is 1 when block
 * off / SIM_BLOCK_SIZE + i (sim/vv.h) does, 0 when it reads as zeros. map holds one
 * byte per block the range touches. Costs the blocks written. */
int sim_io_allocated(struct sim *s, const char *array, const char *vv, uint64_t off,
                     uint64_t len, unsigned char *map, struct sim_err *err);
/* The digest of the whole volume: equal digests mean equal size and data.
 * Costs the blocks written, never the size. */
int sim_io_digest(struct sim *s, const char *array, const char *vv, struct sim_digest *out,
                  struct sim_err *err);

/* Fills buf with the pattern bytes for volume offset off (for tests and
 * clients that check data). */
void sim_pattern_fill(void *buf, uint64_t off, size_t len, uint64_t seed);

#endif
