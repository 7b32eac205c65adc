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

// The CSV parser finds the ends of its fields in a bit mask of 64 bytes: a bit for each
// comma, line feed or carriage return. With SSE2 (every x86-64), four 16-byte compares and
// a movemask each; elsewhere eight words tested a byte at a time without branches. Swift
// has vector compares but no way to gather their lanes into an integer mask.
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline uint64_t podium_csv_delimiters64(const unsigned char *bytes) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    uint64_t mask = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + 16 * i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, cr));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * i);
    }
    return mask;
#else
    const uint64_t lows = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t mask = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t w;
        memcpy(&w, bytes + 8 * i, 8);
        uint64_t a = w ^ 0x2C2C2C2C2C2C2C2CULL, b = w ^ 0x0A0A0A0A0A0A0A0AULL, c = w ^ 0x0D0D0D0D0D0D0D0DULL;
        // The high bit of each byte that is zero in a, b or c (exact: no carry crosses bytes).
        uint64_t y = ~(((a & lows) + lows) | a | lows) | ~(((b & lows) + lows) | b | lows) | ~(((c & lows) + lows) | c | lows);
        // Little-endian byte k's high bit to bit k of the result.
        uint64_t byteMask = (((y >> 7) & 0x0101010101010101ULL) * 0x0102040810204080ULL) >> 56;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "podium_csv_delimiters64 assumes a little-endian machine"
#endif
        mask |= byteMask << (8 * i);
    }
    return mask;
#endif
}

// The line feeds among `count` bytes: a solution's lines are counted before it is parsed, so
// that its id index is sized for them exactly. 16 bytes a step with SSE2.
static inline size_t podium_count_newlines(const unsigned char *bytes, size_t count) {
    size_t total = 0, i = 0;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n');
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        total += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)));
    }
#endif
    for (; i < count; i++) total += bytes[i] == '\n';
    return total;
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

// The kind and size of a file as stat(2) gives them, for files a sandboxed run made: Swift's
// `stat` struct is not visible under MemberImportVisibility without CoreFoundation, and
// FileManager has no call on an open descriptor. `podium_fd_regular_size`: the size of the
// regular file open as `fd`, -1 for anything else (a FIFO, a device). `podium_lstat`: the
// size of `path` itself (a link is not followed), and whether it is a folder; -1 on error.
#include <sys/stat.h>

static inline long long podium_fd_regular_size(int fd) {
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return -1;
    return (long long)info.st_size;
}

static inline long long podium_lstat(const char *path, int *is_folder) {
    struct stat info;
    if (lstat(path, &info) != 0) return -1;
    *is_folder = S_ISDIR(info.st_mode) ? 1 : 0;
    return (long long)info.st_size;
}

#endif
