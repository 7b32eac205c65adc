import CPodiumSupport
import Foundation

/// An id as the index compares it. Ids of up to 11 bytes (numbers, "id000123", most of what
/// datasets use) are held whole in the key, so that comparing two ids is comparing two words
/// and a lookup touches one cache line; longer ids are held by a hash tag, their bytes aside.
struct IDKey {
    /// Bytes 0..<8 of a short id; for a long id, where its bytes are.
    var lo: UInt64
    /// Bits 0..<24: bytes 8..<11 of a short id, or a 24-bit hash tag of a long one;
    /// bits 24..<28: the length (1...11), or `longCode` for a long id.
    var hi: UInt64
    var hash: UInt64

    static let longCode: UInt64 = 12
    static let maxInline = 11
    /// The bits of `hi` that two equal ids share (a table slot keeps its row above them).
    static let identityBits: UInt64 = 0x0FFF_FFFF

    var isLong: Bool { hi >> 24 & 0xF == Self.longCode }

    /// The key of `bytes`; a long id's `lo` is left for the holder of its bytes to fill.
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        if n <= Self.maxInline {
            (lo, hi) = Self.words(bytes)
            hi |= UInt64(n) << 24
            hash = Self.mix(lo &+ Self.mix(hi))
        } else {
            hash = Self.hash(long: bytes)
            lo = 0
            hi = (hash & 0xFF_FFFF) | Self.longCode << 24
        }
    }

    /// Bytes 0..<8 and 8..<11 of a short id as two little-endian words, zero above its end:
    /// loads of 8, 4 or 1 bytes that stay inside the id (overlapping where it is not a
    /// multiple), where a copy through memory of a length known only at run time cost a call
    /// and a stalled load an id.
    @inline(__always)
    static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        func load32(_ offset: Int) -> UInt64 { UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        if n >= 8 {
            let lo = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            // Bytes n-4..<n hold 8..<n at their top; shifted down, byte 8 lands at bit 0.
            return (lo, n > 8 ? load32(n - 4) >> (8 * UInt64(12 - n)) : 0)
        }
        if n >= 4 { return (load32(0) | load32(n - 4) << (8 * UInt64(n - 4)), 0) }
        // One to three bytes: the first, the middle and the last (some of them the same).
        let b = UnsafePointer(base)
        return (UInt64(b[0]) | UInt64(b[n >> 1]) << (8 * UInt64(n >> 1)) | UInt64(b[n - 1]) << (8 * UInt64(n - 1)), 0)
    }

    /// splitmix64's finalizer: every input bit reaches every output bit.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hash(long bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(bytes)
        var h = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h = h << 31 | h >> 33
            i += 8
        }
        var tail: UInt64 = 0
        while i < raw.count {
            tail = tail << 8 | UInt64(raw[i])
            i += 1
        }
        return mix(h ^ tail)
    }

    /// Calls `body` with the bytes of a short id held as `lo` and `hi` (a key's or a slot's).
    static func withInlineBytes<R>(lo: UInt64, hi: UInt64, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var words = (lo.littleEndian, (hi & 0xFF_FFFF).littleEndian)
        let length = Int(hi >> 24 & 0xF)
        return try withUnsafeBytes(of: &words) { try body(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[0..<length])) }
    }
}

/// One table slot: an id's key and its row (`hi` bits 32..<64). All zero when free.
struct IDSlot: BitwiseCopyable {
    var lo: UInt64
    var hi: UInt64

    var isLong: Bool { hi >> 24 & 0xF == IDKey.longCode }
}

/// The solution's ids: an open-addressing (linear probing) table of 16-byte slots holding
/// the key and row of each id, in memory mapped with huge pages. Ten million short ids take
/// about 190 MB and a lookup one cache miss, which `prefetch` lets callers overlap with
/// other work. A `[String: Int]` takes several times the memory and three misses.
///
/// An id's probe starts at the first slot of its home bucket: four slots, one cache line.
/// Started at any slot, as it was, about half the probes at this load ran on into the next
/// line, a second miss that no prefetch of the first line covered.
struct IDIndex: Sendable {
    private var table: HugeBuffer<IDSlot>
    private var capacity: Int
    /// The most ids `capacity` slots take (`maxLoad`).
    private var limit: Int
    /// Bytes of long ids, each as a 4-byte length then the bytes; a long key's `lo` is its offset.
    private var long: HugeBuffer<UInt8>
    private(set) var count = 0

    /// Most that linear probing stays fast at: about 4 slots read per lookup.
    private static let maxLoad = 0.85

    /// An index sized for about `expected` ids, so that it need not grow while filling.
    init(expected: Int = 0) {
        capacity = max(Int(Double(expected) / Self.maxLoad) + 1, 1024)
        capacity = (capacity + Self.bucket - 1) / Self.bucket * Self.bucket
        limit = Int(Double(capacity) * Self.maxLoad)
        table = HugeBuffer(zeroed: capacity)
        long = HugeBuffer(capacity: 0)
        // Filling it touches every page at random, each one zeroed by the kernel at its first
        // touch, on the thread that fills: done first, on two cores, the filler does not stall
        // the parser for it.
        table.prefault()
    }

    /// An index as `parts` gave it (a mapped solution image); nil when they do not fit together.
    init?(table: HugeBuffer<IDSlot>, long: HugeBuffer<UInt8>, count: Int) {
        guard count > 0, table.count >= 1024, table.count % Self.bucket == 0, Double(count) <= Double(table.count) * Self.maxLoad else {
            return nil
        }
        self.table = table
        capacity = table.count
        limit = Int(Double(capacity) * Self.maxLoad)
        self.long = long
        self.count = count
    }

    /// The table's slots and the long ids' bytes, as `init(table:long:count:)` takes them back.
    var parts: (table: UnsafeBufferPointer<IDSlot>, long: UnsafeBufferPointer<UInt8>) {
        (UnsafeBufferPointer(start: table.base, count: capacity), UnsafeBufferPointer(start: long.base, count: long.count))
    }

    /// Slots a bucket: 64 bytes, a cache line (the table starts on a page).
    static let bucket = 4

    /// The first slot of the id's home bucket.
    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(capacity / Self.bucket)).high) * Self.bucket
    }

    /// Asks for the cache line `key` will be looked up in.
    @inline(__always)
    func prefetch(_ key: IDKey) {
        podium_prefetch(table.base + home(key.hash))
    }

    @inline(__always)
    private func matches(_ slot: IDSlot, _ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard slot.hi & IDKey.identityBits == key.hi else { return false }
        if !key.isLong { return slot.lo == key.lo }
        // Bounds are checked: a mapped index (a solution image) is read as it lies on disk.
        let start = Int(slot.lo)
        guard start + 4 + bytes.count <= long.count else { return false }
        let stored = UnsafeRawPointer(long.base + start).loadUnaligned(as: UInt32.self)
        guard Int(stored) == bytes.count, let b = bytes.baseAddress else { return false }
        return memcmp(long.base + start + 4, b, bytes.count) == 0
    }

    /// The row of the id with this key and bytes (the bytes are read only for a long id).
    @inline(__always)
    func find(_ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = home(key.hash)
        while true {
            let slot = table[i]
            if slot.hi == 0 { return nil }
            if matches(slot, key, bytes) {
                let row = Int(slot.hi >> 32)
                return row < count ? row : nil
            }
            i += 1
            if i == capacity { i = 0 }
        }
    }

    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { find(IDKey(bytes), bytes) }

    func find(_ id: String) -> Int? {
        var s = id
        return s.withUTF8 { find($0) }
    }

    /// Adds the id as row `count`; when it is already there, returns its row instead.
    mutating func insert(_ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if count >= limit { grow() }
        var i = home(key.hash)
        while true {
            let slot = table[i]
            if slot.hi == 0 { break }
            if matches(slot, key, bytes) { return Int(slot.hi >> 32) }
            i += 1
            if i == capacity { i = 0 }
        }
        var lo = key.lo
        if key.isLong {
            lo = UInt64(long.count)
            var length = UInt32(bytes.count)
            withUnsafeBytes(of: &length) { long.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
            long.append(contentsOf: bytes)
        }
        table[i] = IDSlot(lo: lo, hi: key.hi | UInt64(count) << 32)
        count += 1
        return nil
    }

    private mutating func grow() {
        let old = table
        let oldCapacity = capacity
        capacity = capacity * 2
        limit = Int(Double(capacity) * Self.maxLoad)
        table = HugeBuffer(zeroed: capacity)
        for j in 0..<oldCapacity where old[j].hi != 0 {
            let slot = old[j]
            var i = home(hash(of: slot))
            while table[i].hi != 0 {
                i += 1
                if i == capacity { i = 0 }
            }
            table[i] = slot
        }
    }

    private func hash(of slot: IDSlot) -> UInt64 {
        if !slot.isLong { return IDKey.mix(slot.lo &+ IDKey.mix(slot.hi & IDKey.identityBits)) }
        return IDKey.hash(long: bytes(ofLong: slot) ?? UnsafeBufferPointer(start: nil, count: 0))
    }

    private func bytes(ofLong slot: IDSlot) -> UnsafeBufferPointer<UInt8>? {
        let start = Int(slot.lo)
        guard start + 4 <= long.count else { return nil }
        let length = Int(UnsafeRawPointer(long.base + start).loadUnaligned(as: UInt32.self))
        guard start + 4 + length <= long.count else { return nil }
        return UnsafeBufferPointer(start: long.base + start + 4, count: length)
    }

    /// Calls `body` with the row and bytes of every id whose row passes `filter`, in table
    /// order (not row order).
    func forEach(where filter: (Int) -> Bool = { _ in true }, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        for j in 0..<capacity where table[j].hi != 0 {
            let slot = table[j]
            let row = Int(slot.hi >> 32)
            guard row < count, filter(row) else { continue }
            if slot.isLong {
                guard let bytes = bytes(ofLong: slot) else { continue }
                try body(row, bytes)
            } else {
                try IDKey.withInlineBytes(lo: slot.lo, hi: slot.hi) { try body(row, $0) }
            }
        }
    }

    /// Every id, in row order.
    func ids() -> [String] {
        var ids = [String](repeating: "", count: count)
        forEach { row, bytes in ids[row] = String(decoding: bytes, as: UTF8.self) }
        return ids
    }
}
