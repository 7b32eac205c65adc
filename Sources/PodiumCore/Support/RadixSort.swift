import CPodiumSupport
import Foundation

/// Least-significant-digit radix sort of doubles through their order-preserving bit pattern:
/// several times faster than a comparison sort on millions of values.
enum RadixSort {
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always)
    static func value(_ k: UInt64) -> Double {
        Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
    }

    /// Sorts in place, with no buffer of the values' size: an MSD radix sort on the bits of
    /// the doubles as ordered keys, a byte a level, each level permuting its keys in place
    /// (American flag sort). The LSD sort it replaces needed a scratch copy: 20 MB more at the
    /// peak of a 10M-row AUC, whose four score arrays are sorted after they are all filled.
    static func sort(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { sort($0) }
    }

    /// `sort`, on values held elsewhere (a region of a larger array).
    static func sort(_ buffer: UnsafeMutableBufferPointer<Double>) {
        let n = buffer.count
        if n < 256 {
            var small = buffer
            small.sort()
            return
        }
        buffer.withMemoryRebound(to: UInt64.self) { keys in
            // The bits every key shares: the levels of bytes no key differs in are skipped (for
            // probabilities, the sign and most of the exponent: a counting pass each).
            var all: UInt64 = ~0
            var any: UInt64 = 0
            for i in 0..<n {
                let k = key(Double(bitPattern: keys[i]))
                keys[i] = k
                all &= k
                any |= k
            }
            let differing = all ^ any
            if differing != 0 {
                let top = UInt64(63 - differing.leadingZeroBitCount) / 8 * 8
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 8 * 3 * 256) { counts in
                    sortKeys(keys, shift: top, scratch: counts.baseAddress!)
                }
            }
            for i in 0..<n { keys[i] = value(keys[i]).bitPattern }
        }
    }

    /// Sorts `keys` by their bits below `shift + 8`; `scratch` holds 3 × 256 counters for
    /// this level and each deeper one (8 levels at most: one a byte).
    private static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>, shift: UInt64, scratch: UnsafeMutablePointer<Int>) {
        let n = keys.count
        if n <= 48 {
            // Insertion sort: below a few dozen keys, cheaper than another level.
            for i in 1..<max(n, 1) {
                let x = keys[i]
                var j = i
                while j > 0 && keys[j - 1] > x {
                    keys[j] = keys[j - 1]
                    j -= 1
                }
                keys[j] = x
            }
            return
        }
        let count = scratch
        let next = scratch + 256
        let end = scratch + 512
        for b in 0..<256 { count[b] = 0 }
        for x in keys { count[Int((x >> shift) & 0xFF)] += 1 }
        var total = 0
        for b in 0..<256 {
            next[b] = total
            total += count[b]
            end[b] = total
        }
        // Every key has this byte: nothing moves at this level.
        if count[Int((keys[0] >> shift) & 0xFF)] != n {
            // Each key's place is read in turn, the next place known only from the key just
            // read: over a region past the caches, every eighth swap of a bucket waited for a
            // line from memory (half the sort's time). The line two ahead of each bucket's
            // place is asked for as it goes, so the swaps find theirs in cache.
            let far = n >= 1 << 14
            let base = keys.baseAddress!
            for b in 0..<256 {
                while next[b] < end[b] {
                    var x = keys[next[b]]
                    var d = Int((x >> shift) & 0xFF)
                    while d != b {
                        swap(&x, &keys[next[d]])
                        next[d] += 1
                        if far { podium_prefetch_write(base + next[d] + 16) }
                        d = Int((x >> shift) & 0xFF)
                    }
                    keys[next[b]] = x
                    next[b] += 1
                    if far { podium_prefetch_write(base + next[b] + 16) }
                }
            }
        }
        guard shift > 0 else { return }
        var start = 0
        for b in 0..<256 {
            let stop = end[b]
            if stop - start > 1 {
                sortKeys(UnsafeMutableBufferPointer(rebasing: keys[start..<stop]), shift: shift - 8, scratch: scratch + 768)
            }
            start = stop
        }
    }

    /// Indices that sort `values` ascending (stable).
    static func argsort(_ values: [Double]) -> [Int] {
        values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
}
