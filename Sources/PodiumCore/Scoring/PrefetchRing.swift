import CPodiumSupport
import Foundation

/// The slot bookkeeping of a fixed-depth ring: entries wait `depth` pushes between the prefetch
/// of what they will touch and their use, so that memory latencies overlap instead of each
/// stalling the reader. `IDRing` and `RowQueue` keep their entries' data in arrays indexed by
/// these slots.
struct RingSlots {
    static let depth = 16
    private var head = 0
    private(set) var count = 0

    var isFull: Bool { count == Self.depth }

    /// The slot of the oldest entry: when the ring is full, the caller processes it before
    /// `next()` reuses its slot.
    var oldest: Int { (head + Self.depth - count) % Self.depth }

    /// The waiting entries' slots, oldest first.
    var waiting: [Int] { (0..<count).map { (oldest + $0) % Self.depth } }

    /// The slot of a new entry (the oldest entry's when the ring is full).
    @inline(__always)
    mutating func next() -> Int {
        if count < Self.depth { count += 1 }
        let slot = head
        head = head + 1 == Self.depth ? 0 : head + 1
        return slot
    }

    mutating func removeAll() { count = 0 }
}

/// Ids on their way to the index, a few records behind the reader: each one's table line is
/// prefetched when it arrives and looked at `depth` records later, when it is in cache. The
/// lookups' memory latencies overlap (a table of ten million ids is far larger than the
/// caches) instead of each one stalling the reader. Callers keep their own per-entry data in
/// arrays indexed by the slot `push` returns.
struct IDRing {
    static let depth = RingSlots.depth
    private var slots = RingSlots()
    private(set) var keys: [IDKey]
    private(set) var lines: [Int]
    /// Bytes of long ids (a long key's `lo` is not used here).
    private var longIDs: [[UInt8]]

    init() {
        keys = [IDKey](repeating: IDKey(UnsafeBufferPointer(start: nil, count: 0)), count: Self.depth)
        lines = [Int](repeating: 0, count: Self.depth)
        longIDs = [[UInt8]](repeating: [], count: Self.depth)
    }

    var isFull: Bool { slots.isFull }
    var oldest: Int { slots.oldest }
    var waiting: [Int] { slots.waiting }

    /// Adds an id, in the oldest entry's slot when the ring is full; returns its slot.
    @inline(__always)
    mutating func push(_ id: UnsafeBufferPointer<UInt8>, line: Int, in index: IDIndex) -> Int {
        let key = IDKey(id)
        index.prefetch(key)
        let slot = slots.next()
        keys[slot] = key
        lines[slot] = line
        if key.isLong {
            longIDs[slot].removeAll(keepingCapacity: true)
            longIDs[slot].append(contentsOf: id)
        }
        return slot
    }

    mutating func removeAll() { slots.removeAll() }

    /// Calls `body` with the key and bytes of the id in `slot` (bytes only for a long id).
    @inline(__always)
    func withID<R>(_ slot: Int, _ body: (IDKey, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let key = keys[slot]
        if !key.isLong { return try body(key, UnsafeBufferPointer(start: nil, count: 0)) }
        return try longIDs[slot].withUnsafeBufferPointer { try body(key, $0) }
    }

    func string(_ slot: Int) -> String {
        let key = keys[slot]
        if key.isLong { return String(decoding: longIDs[slot], as: UTF8.self) }
        return IDKey.withInlineBytes(lo: key.lo, hi: key.hi) { String(decoding: $0, as: UTF8.self) }
    }
}

/// Known rows waiting between the prefetch of what they will touch and their use.
struct RowQueue {
    let stride: Int
    private var slots = RingSlots()
    private(set) var rows = [Int](repeating: 0, count: RingSlots.depth)
    private(set) var lines = [Int](repeating: 0, count: RingSlots.depth)
    private(set) var flags = [UInt8](repeating: 0, count: RingSlots.depth)
    private(set) var values: [Double]

    init(stride: Int) {
        self.stride = stride
        values = [Double](repeating: 0, count: RingSlots.depth * stride)
    }

    var isFull: Bool { slots.isFull }
    var oldest: Int { slots.oldest }
    var waiting: [Int] { slots.waiting }

    @inline(__always)
    mutating func push(row: Int, line: Int, flags: UInt8, values new: [Double], at offset: Int) {
        let slot = slots.next()
        rows[slot] = row
        lines[slot] = line
        self.flags[slot] = flags
        for c in 0..<stride { values[slot * stride + c] = new[offset + c] }
    }

    mutating func removeAll() { slots.removeAll() }
}
