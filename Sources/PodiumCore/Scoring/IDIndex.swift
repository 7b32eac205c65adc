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
    /// The bits of `hi` that two equal ids share (a table slot keeps its tag and row above them).
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

/// One table slot: an id's key, its tag (`hi` bits 28..<32, see `IDEntry`) and its row (bits
/// 32..<64). All zero when free.
struct IDSlot: BitwiseCopyable {
    var lo: UInt64
    var hi: UInt64

    var isLong: Bool { hi >> 24 & 0xF == IDKey.longCode }
}

/// What a lookup finds: the id's row and the four bits of its tag, given when it was inserted
/// (the solution's part and class of the row), packed in one word; negative when the id is not
/// there. The tag lives in the id's slot, so that a submission's row is put in its part and
/// class from the cache line its id was found in, where reading the public and the positive bit
/// of the row cost two more random reads a row (2.5 MB of bits at ten million rows, past the
/// caches), a third of the matcher's time.
struct IDEntry {
    let raw: Int
    static let missing = IDEntry(raw: -1)

    @inline(__always)
    init(raw: Int) { self.raw = raw }

    @inline(__always)
    init(_ slot: IDSlot) { raw = Int(truncatingIfNeeded: slot.hi >> 28) }

    var found: Bool { raw >= 0 }
    var row: Int { raw >> 4 }
    var tag: Int { raw & 15 }
}

/// The solution's ids: a bucketed cuckoo table of 16-byte slots holding the key and row of
/// each id, in memory mapped with huge pages. Each id has two buckets of four slots (a cache
/// line each) and is in one of them, so a lookup reads at most two lines, both known from the
/// hash and asked for at once (`prefetch`). Ten million short ids take about 180 MB. A
/// `[String: Int]` takes several times the memory and three misses.
///
/// It was linear probing from a bucket's first slot: 85% full, a lookup read 1.6 lines on
/// average, the lines past the first one after the other (6% of ids ran on for four or more),
/// and no prefetch could ask for them before the first had come. Here an id whose two buckets
/// are full when it comes moves one of their ids to that id's other bucket, and so on (a
/// random walk: 0.16 moves an id at this load, most of them found at once by `makeRoom`).
///
/// In each bucket the used slots come first: a slot is never emptied (an id moved out is
/// replaced by the one moved in), so a free slot ends a bucket's search, and an id whose two
/// buckets had no room, after many moves, stays full: the few such ids (only ids whose hashes
/// collide make them) are kept aside, in `stash`, and looked for there when both are full.
struct IDIndex: Sendable {
    private var table: HugeBuffer<IDSlot>
    private var capacity: Int
    /// The most ids `capacity` slots take before it grows (`growLoad`).
    private var limit: Int
    /// Bytes of long ids, each as a 4-byte length then the bytes; a long key's `lo` is its offset.
    private var long: HugeBuffer<UInt8>
    /// Ids that found no room in either bucket (see above); nearly always empty.
    private(set) var stash: [IDSlot] = []
    private(set) var count = 0
    /// Ids moved to the other of their buckets so far (to make room).
    private(set) var moves = 0
    /// The random walk's state (a fixed seed: the same ids make the same table).
    private var walk: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A two-bucket cuckoo table of four-slot buckets fills to about 97% before inserts fail;
    /// it is sized for 85%, and grows past 95%, so that ids a few percent more than expected
    /// (the solution's rows are estimated from a sample of its lines) do not double it. Sized
    /// for 90% (6% less memory), the last tenth of the ids found both buckets full so often
    /// that the filler, making room for them, held the parser back for the last 0.15 s of a
    /// ten-million-row solution.
    static let maxLoad = 0.85
    static let growLoad = 0.95
    /// Moves after which an id is stashed (ten million random ids never needed 120 at 93%).
    private static let maxMoves = 500

    /// An index sized for about `expected` ids, so that it need not grow while filling.
    init(expected: Int = 0) {
        capacity = max(Int(Double(expected) / Self.maxLoad) + 1, 1024)
        capacity = (capacity + Self.bucket - 1) / Self.bucket * Self.bucket
        limit = Int(Double(capacity) * Self.growLoad)
        table = HugeBuffer(zeroed: capacity)
        long = HugeBuffer(capacity: 0)
        // Filling it touches every page at random, each one zeroed by the kernel at its first
        // touch, on the thread that fills: done first, on two cores, the filler does not stall
        // the parser for it.
        table.prefault()
    }

    /// An index as `parts` gave it (a mapped solution image); nil when they do not fit together.
    init?(table: HugeBuffer<IDSlot>, long: HugeBuffer<UInt8>, count: Int) {
        guard count > 0, table.count >= 1024, table.count % Self.bucket == 0, Double(count) <= Double(table.count) * Self.growLoad else {
            return nil
        }
        self.table = table
        capacity = table.count
        limit = Int(Double(capacity) * Self.growLoad)
        self.long = long
        self.count = count
    }

    /// The table's slots and the long ids' bytes, as `init(table:long:count:)` takes them back
    /// (the stash is not among them: an index with one is not written, see `SolutionImage`).
    var parts: (table: UnsafeBufferPointer<IDSlot>, long: UnsafeBufferPointer<UInt8>) {
        (UnsafeBufferPointer(start: table.base, count: capacity), UnsafeBufferPointer(start: long.base, count: long.count))
    }

    /// Slots a bucket: 64 bytes, a cache line (the table starts on a page).
    static let bucket = 4

    /// The first slots of the id's two buckets: from the hash's high bits, and from its low
    /// bits turned high (each output bit of splitmix64's finalizer depends on every input bit).
    @inline(__always)
    private func buckets(_ hash: UInt64) -> (Int, Int) {
        let n = UInt64(capacity / Self.bucket)
        let first = Int(truncatingIfNeeded: hash.multipliedFullWidth(by: n).high) * Self.bucket
        let second = Int(truncatingIfNeeded: (hash << 32 | hash >> 32).multipliedFullWidth(by: n).high) * Self.bucket
        return (first, second)
    }

    /// Asks for the two cache lines `key` will be looked up in.
    @inline(__always)
    func prefetch(_ key: IDKey) {
        let (first, second) = buckets(key.hash)
        podium_prefetch(table.base + first)
        podium_prefetch(table.base + second)
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

    /// The id's slot in the bucket starting at `first` (-1 when it is not there), and how
    /// many of the bucket's slots are used when it is not.
    @inline(__always)
    private func search(_ first: Int, _ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> (slot: Int, used: Int) {
        for i in first..<(first + Self.bucket) {
            let slot = table[i]
            if slot.hi == 0 { return (-1, i - first) }
            if matches(slot, key, bytes) { return (i, Self.bucket) }
        }
        return (-1, Self.bucket)
    }

    /// The id's slot, or -1; `stash` offsets are given as `capacity + i`.
    @inline(__always)
    private func locate(_ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> (slot: Int, first: Int, second: Int, used: (Int, Int)) {
        let (first, second) = buckets(key.hash)
        let a = search(first, key, bytes)
        if a.slot >= 0 { return (a.slot, first, second, (0, 0)) }
        let b = search(second, key, bytes)
        if b.slot >= 0 { return (b.slot, first, second, (0, 0)) }
        if a.used == Self.bucket && b.used == Self.bucket && !stash.isEmpty {
            if let i = stash.firstIndex(where: { matches($0, key, bytes) }) { return (capacity + i, first, second, (0, 0)) }
        }
        return (-1, first, second, (a.used, b.used))
    }

    @inline(__always)
    private func slot(at i: Int) -> IDSlot { i < capacity ? table[i] : stash[i - capacity] }

    /// The row and tag of the id with this key and bytes (the bytes are read only for a long id).
    @inline(__always)
    func entry(_ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> IDEntry {
        let at = locate(key, bytes).slot
        guard at >= 0 else { return .missing }
        let entry = IDEntry(slot(at: at))
        return entry.row < count ? entry : .missing
    }

    /// The row of the id with this key and bytes (the bytes are read only for a long id).
    @inline(__always)
    func find(_ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let found = entry(key, bytes)
        return found.found ? found.row : nil
    }

    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { find(IDKey(bytes), bytes) }

    func find(_ id: String) -> Int? {
        var s = id
        return s.withUTF8 { find($0) }
    }

    /// Adds the id as row `count`, with `tag` (0..<16); when it is already there, returns its
    /// row instead.
    mutating func insert(_ key: IDKey, _ bytes: UnsafeBufferPointer<UInt8>, tag: UInt8 = 0) -> Int? {
        if count >= limit { grow() }
        let found = locate(key, bytes)
        if found.slot >= 0 { return Int(slot(at: found.slot).hi >> 32) }
        var lo = key.lo
        if key.isLong {
            lo = UInt64(long.count)
            var length = UInt32(bytes.count)
            withUnsafeBytes(of: &length) { long.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
            long.append(contentsOf: bytes)
        }
        let new = IDSlot(lo: lo, hi: key.hi | UInt64(tag & 15) << 28 | UInt64(count) << 32)
        count += 1
        let (a, b) = found.used
        // Into the less full of its buckets when one has room: fewer ids move later.
        if min(a, b) < Self.bucket {
            table[a <= b ? found.first + a : found.second + b] = new
        } else if let homeless = place(new, hash: key.hash) {
            stash.append(homeless)
        }
        return nil
    }

    /// Slots used in the bucket starting at `first`.
    @inline(__always)
    private func used(_ first: Int) -> Int {
        var n = 0
        while n < Self.bucket && table[first + n].hi != 0 { n += 1 }
        return n
    }

    /// Puts `slot` in the less full of its buckets; when both are full, in one of them, at
    /// random, in place of an id that then goes to its other bucket the same way, and so on.
    /// Returns the id in hand when `maxMoves` moves found no room (both its buckets are full).
    private mutating func place(_ slot: IDSlot, hash: UInt64) -> IDSlot? {
        var slot = slot
        var hash = hash
        var from = -1
        for move in 0...Self.maxMoves {
            let (first, second) = buckets(hash)
            let (a, b) = (used(first), used(second))
            if min(a, b) < Self.bucket {
                table[a <= b ? first + a : second + b] = slot
                return nil
            }
            if move == Self.maxMoves { break }
            if move == 0 && makeRoom(for: slot, first, second) { return nil }
            // Not back into the bucket it was just moved out of.
            walk = walk &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let into = first == from ? second : second == from ? first : walk >> 63 == 0 ? first : second
            let at = into + Int(walk >> 61 & 3)
            swap(&slot, &table[at])
            moves += 1
            hash = self.hash(of: slot)
            from = into
        }
        return slot
    }

    /// Moves one of the ids of two full buckets to its other bucket, when one of those eight
    /// has room, and puts `slot` in its place: the eight lines are asked for at once, where
    /// the random walk waits for one after the other (near full load, that walk was most of
    /// the filler's time).
    private mutating func makeRoom(for new: IDSlot, _ first: Int, _ second: Int) -> Bool {
        func other(_ at: Int) -> Int {
            let own = at & ~(Self.bucket - 1)
            let (x, y) = buckets(hash(of: table[at]))
            return x == own ? y : x
        }
        func slot(_ k: Int) -> Int { (k < Self.bucket ? first : second) + k % Self.bucket }
        for k in 0..<(2 * Self.bucket) { podium_prefetch(table.base + other(slot(k))) }
        for k in 0..<(2 * Self.bucket) {
            let at = slot(k)
            let into = other(at)
            let n = used(into)
            guard n < Self.bucket else { continue }
            table[into + n] = table[at]
            table[at] = new
            moves += 1
            return true
        }
        return false
    }

    private mutating func grow() {
        let old = table
        let oldCapacity = capacity
        let oldStash = stash
        capacity = capacity * 2
        limit = Int(Double(capacity) * Self.growLoad)
        table = HugeBuffer(zeroed: capacity)
        stash = []
        for j in 0..<oldCapacity where old[j].hi != 0 {
            if let homeless = place(old[j], hash: hash(of: old[j])) { stash.append(homeless) }
        }
        for slot in oldStash {
            if let homeless = place(slot, hash: hash(of: slot)) { stash.append(homeless) }
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
        for j in 0..<(capacity + stash.count) where slot(at: j).hi != 0 {
            let slot = slot(at: j)
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
