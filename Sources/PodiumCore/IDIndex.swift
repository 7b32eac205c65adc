/// A set of ids kept as bytes in one arena with an open-addressing hash table of row numbers:
/// ten million ids cost about 20 bytes each, where a `[String: Int]` costs several times that.
struct IDIndex: Sendable {
    private var arena: [UInt8] = []
    private var offsets: [UInt32] = [0]
    private var table: [Int32] = Array(repeating: -1, count: 1024)
    private var mask = 1023

    var count: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // FNV-1a, then a final mix so that the low bits used by the table are well spread.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    private func equals(_ row: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[row]), end = Int(offsets[row + 1])
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            for i in 0..<bytes.count where a[start + i] != bytes[i] { return false }
            return true
        }
    }

    /// The row of `bytes`, if present.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let row = table[slot]
            if row < 0 { return nil }
            if equals(Int(row), bytes) { return Int(row) }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `bytes` as a new row, or returns the row that already holds it.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (inserted: Bool, row: Int) {
        if count * 2 >= mask { grow() }
        var slot = Self.hash(bytes) & mask
        while true {
            let row = table[slot]
            if row < 0 { break }
            if equals(Int(row), bytes) { return (false, Int(row)) }
            slot = (slot + 1) & mask
        }
        let row = count
        table[slot] = Int32(row)
        arena.append(contentsOf: bytes)
        offsets.append(UInt32(arena.count))
        return (true, row)
    }

    mutating func insert(_ id: String) -> (inserted: Bool, row: Int) {
        var s = id
        return s.withUTF8 { insert($0) }
    }

    func find(_ id: String) -> Int? {
        var s = id
        return s.withUTF8 { find($0) }
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        table = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        arena.withUnsafeBufferPointer { a in
            for row in 0..<count {
                let bytes = UnsafeBufferPointer(rebasing: a[Int(offsets[row])..<Int(offsets[row + 1])])
                var slot = Self.hash(bytes) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(row)
            }
        }
    }

    func id(_ row: Int) -> String {
        String(decoding: arena[Int(offsets[row])..<Int(offsets[row + 1])], as: UTF8.self)
    }

    /// Bytes held, for the limit check (offsets are 32-bit).
    var arenaBytes: Int { arena.count }
}
