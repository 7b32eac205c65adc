import Foundation
import Testing

@testable import PodiumCore

/// The in-place radix sort sorts as the standard library does: negatives, zeros, infinities,
/// many equal values (scores written to 6 decimals), and sizes around each level's cut-offs.
@Suite struct RadixSortTests {
    @Test(arguments: [0, 1, 47, 48, 49, 255, 256, 257, 5_000, 200_000])
    func sortsAsTheStandardLibrary(n: Int) {
        var generator = SeededGenerator(seed: UInt64(n) + 7)
        let specials: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]
        let values = (0..<n).map { i -> Double in
            switch i % 5 {
            case 0: specials[Int.random(in: 0..<specials.count, using: &generator)]
            case 1: (Double.random(in: 0...1, using: &generator) * 1e6).rounded() / 1e6
            case 2: Double(Int.random(in: -3...3, using: &generator))
            default: Double.random(in: -1e9...1e9, using: &generator)
            }
        }
        var sorted = values
        RadixSort.sort(&sorted)
        #expect(sorted == values.sorted())
    }
}

/// The line count that sizes the solution's index: every `\n`, 8 bytes a step and the tail.
@Suite struct LineCountTests {
    @Test func countsEveryLineFeed() {
        for text in ["", "\n", "a", "id,y\n1,0\n", "id,y\r\n1,0\r\n2,1", String(repeating: "ab\n\n", count: 1001) + "x\n\n\n"] {
            let bytes = Array(text.utf8)
            let expected = bytes.filter { $0 == 10 }.count
            #expect(bytes.withUnsafeBytes(LineCount.newlines) == expected, "\(text.prefix(20))")
        }
        // Every byte value beside a line feed, at every offset of a word.
        let all = (0..<2048).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(all.withUnsafeBytes(LineCount.newlines) == all.filter { $0 == 10 }.count)
    }
}
