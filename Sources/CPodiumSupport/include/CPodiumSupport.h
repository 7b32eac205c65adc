#ifndef CPODIUM_SUPPORT_H
#define CPODIUM_SUPPORT_H

// Swift has no prefetch instruction of its own. The id index asks for the cache lines of a
// batch of lookups before it reads them, so that their memory latencies overlap instead of
// adding up; a plain load would stall the core's in-order retirement, a prefetch does not.
static inline void podium_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

static inline void podium_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

// zlib reads and writes gzip itself (window bits 15 + 16); its init functions are macros,
// which Swift cannot call, so they are wrapped here.
#include <zlib.h>

static inline int podium_gzip_inflate_init(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

static inline int podium_gzip_deflate_init(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

// A PDF's /FlateDecode streams are zlib streams (window bits 15, no gzip header).
static inline int podium_zlib_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}

// zlib's crc32 takes at most 4 GiB a call (uInt); solution images can be larger.
static inline unsigned long podium_crc32(unsigned long crc, const unsigned char *bytes, size_t count) {
    while (count > 0) {
        uInt chunk = count > (1u << 30) ? (1u << 30) : (uInt)count;
        crc = crc32(crc, bytes, chunk);
        bytes += chunk;
        count -= chunk;
    }
    return crc;
}

#endif
