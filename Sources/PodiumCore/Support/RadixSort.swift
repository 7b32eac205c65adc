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

    /// Sorts in place; the only extra memory is one scratch buffer of the same size.
    static func sort(_ values: inout [Double]) {
        let n = values.count
        if n < 256 {
            values.sort()
            return
        }
        var scratch = [UInt64](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt64.self) { keys in
                for i in 0..<n { keys[i] = key(Double(bitPattern: keys[i])) }
                scratch.withUnsafeMutableBufferPointer { other in
                    var source = keys
                    var target = other
                    var counts = [Int](repeating: 0, count: 1 << 16)
                    for pass in 0..<4 {
                        let shift = UInt64(pass * 16)
                        for i in 0..<counts.count { counts[i] = 0 }
                        for x in source { counts[Int((x >> shift) & 0xFFFF)] += 1 }
                        if counts.contains(n) { continue }  // every key has this digit: nothing moves
                        var total = 0
                        for i in 0..<counts.count {
                            let c = counts[i]
                            counts[i] = total
                            total += c
                        }
                        for x in source {
                            let d = Int((x >> shift) & 0xFFFF)
                            target[counts[d]] = x
                            counts[d] += 1
                        }
                        swap(&source, &target)
                    }
                    if source.baseAddress != keys.baseAddress {
                        keys.baseAddress!.update(from: source.baseAddress!, count: n)
                    }
                }
                for i in 0..<n { keys[i] = value(keys[i]).bitPattern }
            }
        }
    }

    /// Indices that sort `values` ascending (stable).
    static func argsort(_ values: [Double]) -> [Int] {
        values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
}
