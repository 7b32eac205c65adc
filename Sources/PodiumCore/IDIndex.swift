import Foundation

/// A set of ids kept as bytes in one arena with an open-addressing hash table of row numbers:
/// ten million ids cost about 20 bytes each, where a `[String: Int]` costs several times that.
struct IDIndex: Sendable {
    private var arena: HugeBuffer<UInt8>
    private var offsets: HugeBuffer<UInt32>
    private var table: HugeBuffer<Int32>
    private var mask: Int

    var count: Int { offsets.count - 1 }

    /// An index sized for about `expected` ids, so that it need not grow while filling.
    init(expected: Int = 0) {
        var capacity = 1024
        while capacity * 2 < expected * 3 { capacity *= 2 }  // load ≤ 2/3 at the expected size
        table = HugeBuffer(capacity: capacity, repeating: -1)
        mask = capacity - 1
        arena = HugeBuffer(capacity: expected * 12)
        offsets = HugeBuffer(capacity: expected + 1)
        offsets.append(0)
    }

    /// Arena bytes as a buffer, for comparisons.
    private var arenaBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: arena.base, count: arena.count) }

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
        let start = Int(offsets[row])
        let end = Int(offsets[row + 1])
        guard end - start == bytes.count else { return false }
        guard let b = bytes.baseAddress else { return true }
        return memcmp(arena.base + start, b, bytes.count) == 0
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

    /// Rows of a batch of ids (-1 where absent). Looking ids up one by one waits on three
    /// cache misses each (table, offsets, arena) at ten million rows; here each pass issues
    /// the batch's independent loads together, so the misses overlap.
    func find(batch: IDBatch) -> [Int32] {
        let n = batch.count
        var slots = [Int](repeating: 0, count: n)
        var sink: Int32 = 0
        batch.withIDs { id in
            for i in 0..<n {
                slots[i] = Self.hash(id(i)) & mask
                sink &+= table[slots[i]]
            }
        }
        for i in 0..<n {
            let row = table[slots[i]]
            if row >= 0 { sink &+= Int32(truncatingIfNeeded: offsets[Int(row)]) }
        }
        for i in 0..<n {
            let row = table[slots[i]]
            if row >= 0, Int(offsets[Int(row)]) < arena.count { sink &+= Int32(arena[Int(offsets[Int(row)])]) }
        }
        blackHole(sink)
        var rows = [Int32](repeating: -1, count: n)
        batch.withIDs { id in
            for i in 0..<n {
                let bytes = id(i)
                var slot = slots[i]
                while true {
                    let row = table[slot]
                    if row < 0 { break }
                    if equals(Int(row), bytes) {
                        rows[i] = row
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return rows
    }

    /// Touches the table slots of a batch before inserting it (see `find(batch:)`).
    func prefetch(batch: IDBatch) {
        var sink: Int32 = 0
        batch.withIDs { id in
            for i in 0..<batch.count { sink &+= table[Self.hash(id(i)) & mask] }
        }
        blackHole(sink)
    }

    /// Adds `bytes` as a new row, or returns the row that already holds it.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (inserted: Bool, row: Int) {
        if count * 4 >= (mask + 1) * 3 { grow() }  // linear probing stays short below 3/4
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
        offsets.append(UInt32(truncatingIfNeeded: arena.count))
        return (true, row)
    }

    func find(_ id: String) -> Int? {
        var s = id
        return s.withUTF8 { find($0) }
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        table = HugeBuffer(capacity: capacity, repeating: -1)
        mask = capacity - 1
        let a = arenaBytes
        for row in 0..<count {
            let bytes = UnsafeBufferPointer(rebasing: a[Int(offsets[row])..<Int(offsets[row + 1])])
            var slot = Self.hash(bytes) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(row)
        }
    }

    func id(_ row: Int) -> String {
        String(decoding: arenaBytes[Int(offsets[row])..<Int(offsets[row + 1])], as: UTF8.self)
    }
}

/// Ids gathered from CSV records (whose bytes live only during a callback) to be looked up
/// together.
struct IDBatch {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int] = [0]
    private(set) var lines: [Int] = []

    var count: Int { lines.count }

    mutating func append(_ id: UnsafeBufferPointer<UInt8>, line: Int) {
        bytes.append(contentsOf: id)
        starts.append(bytes.count)
        lines.append(line)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        lines.removeAll(keepingCapacity: true)
    }

    func withIDs<R>(_ body: ((Int) -> UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { b in
            try body { i in UnsafeBufferPointer(rebasing: b[starts[i]..<starts[i + 1]]) }
        }
    }

    func string(_ i: Int) -> String { String(decoding: bytes[starts[i]..<starts[i + 1]], as: UTF8.self) }
}

/// Keeps a value alive so that the loads that made it are not optimized away.
@inline(never)
func blackHole(_ value: Int32) {
    if value == 0x7FFF_FFFF { blackHoleSink = value }
}

nonisolated(unsafe) var blackHoleSink: Int32 = 0
