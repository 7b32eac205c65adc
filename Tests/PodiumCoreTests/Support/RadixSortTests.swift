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

/// A solution file's lines counted from the file, or estimated from samples of a large one.
@Suite struct LineCountFileTests {
    @Test(arguments: [0, 1, 1 << 20 + 3, 3 << 20])
    func countsAsTheBytesDo(size: Int) throws {
        let folder = try temporaryFolder()
        let url = folder.url.appending(path: "s.csv")
        // Line feeds at irregular places, one right where two reads meet.
        var bytes = (0..<size).map { i in UInt8(i % 37 == 0 || i % 1_000_003 == 5 ? 10 : 97) }
        if size > 1 << 20 { bytes[1 << 20] = 10 }
        try Data(bytes).write(to: url)
        let count = bytes.filter { $0 == 10 }.count
        #expect(LineCount.newlines(inFile: url.path, size: size) == count)
        // A small file's estimate is its count.
        #expect(LineCount.estimate(inFile: url.path, size: size) == count)
        #expect(LineCount.newlines(inFile: folder.url.appending(path: "none.csv").path, size: 10) == nil)
        #expect(LineCount.estimate(inFile: folder.url.appending(path: "none.csv").path, size: 64 << 20) == nil)
    }

    /// Ids that grow longer down the file (1 to 2,000,000 in order, as many datasets number
    /// their rows), with two kinds of line mixed: the samples spread over the file see each
    /// part of it, and the estimate is within 2% of the count.
    @Test func estimatesALargeFilesLinesWithinTwoPercent() throws {
        let folder = try temporaryFolder()
        let url = folder.url.appending(path: "s.csv")
        var text = "id,y,Usage\n"
        for i in 1...2_000_000 { text += i % 3 == 0 ? "\(i),1,Private\n" : "\(i),0,Public\n" }
        let data = Data(text.utf8)
        try data.write(to: url)
        let count = data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        let estimate = try #require(LineCount.estimate(inFile: url.path, size: data.count))
        #expect(abs(Double(estimate - count)) / Double(count) < 0.02, "\(estimate) for \(count)")
    }
}

/// A short id's two words, read by loads that stay inside it, are its bytes zero-padded.
@Suite struct IDKeyTests {
    @Test func wordsAreTheBytesZeroPadded() {
        var generator = SeededGenerator(seed: 3)
        for n in 0...IDKey.maxInline {
            for _ in 0..<50 {
                let bytes = (0..<n).map { _ in UInt8.random(in: 1...255, using: &generator) }
                var padded = bytes + [UInt8](repeating: 0, count: 16 - n)
                let expected = padded.withUnsafeBytes { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
                padded.removeAll()
                let words = bytes.withUnsafeBufferPointer(IDKey.words)
                #expect(words.0 == UInt64(littleEndian: expected.0) && words.1 == UInt64(littleEndian: expected.1), "\(n) bytes")
                // And the key gives the bytes back.
                let key = bytes.withUnsafeBufferPointer(IDKey.init)
                #expect(IDKey.withInlineBytes(lo: key.lo, hi: key.hi) { Array($0) } == bytes)
            }
        }
    }

    /// Ids found by the bucketed table, past several growths and at its fullest.
    @Test func theIndexFindsEveryIdItHolds() {
        var index = IDIndex(expected: 0)
        let ids = (0..<50_000).map { $0 % 5 == 0 ? "a-long-identifier-\($0)" : "i\($0)" }
        for id in ids {
            var id = id
            #expect(id.withUTF8 { index.insert(IDKey($0), $0) } == nil)
        }
        for (row, id) in ids.enumerated() { #expect(index.find(id) == row) }
        #expect(index.find("i50000") == nil && index.find("") == nil)
        var again = ids[7]
        #expect(again.withUTF8 { index.insert(IDKey($0), $0) } == 7)
        #expect(index.stash.isEmpty)
    }

    /// Filled to the load at which it grows (95%), every id is still in one of its two buckets:
    /// ids were moved to make room (a table this full has buckets that were both full).
    /// Each id keeps its tag wherever it is moved (a tag a row, long ids among them).
    @Test func aFullTableStillFindsEveryIdAndNoOther() {
        var index = IDIndex(expected: 100_000)
        var row = 0
        var id = 0
        var ids: [[UInt8]] = []
        func tag(_ row: Int) -> UInt8 { UInt8(row * 7 % 16) }
        // Up to the last id before it would grow (the capacity is rounded up to buckets).
        while row + 1 <= Int(Double((Int(100_000 / IDIndex.maxLoad) + 1 + 3) / 4 * 4) * IDIndex.growLoad) {
            let bytes = Array((id % 10 == 0 ? "a-long-id-\(id)" : "u\(id * 7_919)").utf8)
            id += 1
            #expect(bytes.withUnsafeBufferPointer { index.insert(IDKey($0), $0, tag: tag(row)) } == nil)
            ids.append(bytes)
            row += 1
        }
        #expect(index.stash.isEmpty && index.moves > 0)
        for (row, bytes) in ids.enumerated() {
            let entry = bytes.withUnsafeBufferPointer { index.entry(IDKey($0), $0) }
            #expect(entry.found && entry.row == row && entry.tag == Int(tag(row)), "row \(row)")
        }
        for other in ["u1", "u7918", "", "u\(id * 7_919)", "a-long-id-1"] {
            #expect(index.find(other) == nil)
            #expect(!other.utf8.withContiguousStorageIfAvailable { index.entry(IDKey($0), $0) }!.found)
        }
    }

    /// Ids whose hashes are equal (made so: the hash of a short id adds its first eight
    /// bytes to a mix of the rest) all want the same two buckets, eight slots; the rest are
    /// kept aside, found there, told apart, found again after the table grows, and such a
    /// solution is not written as an image.
    @Test func idsWithOneHashAreKeptAsideAndFound() throws {
        let target: UInt64 = 0x1234_5678_9ABC_DEF0
        let colliding = (0..<20).map { k -> [UInt8] in
            let tail: [UInt8] = [UInt8(ascii: "a") + UInt8(k), UInt8(ascii: "z"), UInt8(ascii: "q")]
            let hi = (UInt64(tail[0]) | UInt64(tail[1]) << 8 | UInt64(tail[2]) << 16) | 11 << 24
            let lo = target &- IDKey.mix(hi)
            return withUnsafeBytes(of: lo.littleEndian) { Array($0) } + tail
        }
        #expect(Set(colliding.map { $0.withUnsafeBufferPointer { IDKey($0).hash } }).count == 1)
        var index = IDIndex(expected: 0)
        for (row, bytes) in colliding.enumerated() {
            #expect(bytes.withUnsafeBufferPointer { index.insert(IDKey($0), $0, tag: UInt8(row % 16)) } == nil, "row \(row)")
        }
        #expect(index.stash.count == 12)
        for (row, bytes) in colliding.enumerated() {
            #expect(bytes.withUnsafeBufferPointer { index.find($0) } == row)
            #expect(bytes.withUnsafeBufferPointer { index.insert(IDKey($0), $0) } == row)
        }
        var other = colliding[0]
        other[10] = UInt8(ascii: "!")
        #expect(other.withUnsafeBufferPointer { index.find($0) } == nil)
        // Enough other ids to grow the table twice: the stashed ones are placed again.
        for i in 0..<3_000 {
            var id = "v\(i)"
            #expect(id.withUTF8 { index.insert(IDKey($0), $0) } == nil)
        }
        for (row, bytes) in colliding.enumerated() {
            let entry = bytes.withUnsafeBufferPointer { index.entry(IDKey($0), $0) }
            #expect(entry.found && entry.row == row && entry.tag == row % 16, "row \(row)")
        }
        #expect(index.find("v2999") == 3_019)
        #expect(Set(index.ids()).count == 3_020)
    }
}
