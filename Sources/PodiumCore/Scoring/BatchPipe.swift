import Foundation

/// The two halves of reading a large file, on two cores: the caller parses records into
/// batches and `send`s them; a worker thread `consume`s them, one after the other, in the
/// order sent (the id lookups: random memory access, which the other half does not wait for).
///
/// A fixed pool of batches goes round, so memory stays bounded whatever the file's size. A
/// file shorter than one batch never starts the worker: its one batch is consumed by the
/// caller in `finish`. Either way the same code consumes every batch in file order, so what
/// comes out does not depend on the threads' timing.
///
/// Written by hand on `NSCondition`: the handover is a bounded queue of two or three batches
/// between exactly two threads, a few lines that neither Dispatch nor Swift's concurrency
/// (whose tasks must not block) say as directly.
final class BatchPipe<Batch: AnyObject>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Batches ready to fill.
    private var free: [Batch]
    /// Batches sent and not yet consumed, oldest first.
    private var queue: [Batch] = []
    private var started = false
    private var closed = false
    private var finished = false
    /// Runs on the worker while it is running; on the caller before it starts and after
    /// `finish` (the condition's lock orders the two).
    private let consume: (Batch) -> Void

    init(batches: [Batch], consume: @escaping (Batch) -> Void) {
        precondition(!batches.isEmpty)
        free = batches
        self.consume = consume
    }

    /// A batch to fill: waits for the worker to give one back when every batch is in flight.
    func take() -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty { condition.wait() }
        return free.removeLast()
    }

    /// Hands a full batch to the worker, starting it on the first.
    func send(_ batch: Batch) {
        condition.lock()
        queue.append(batch)
        let start = !started
        started = true
        condition.broadcast()
        condition.unlock()
        if start {
            let thread = Thread { [self] in run() }
            thread.name = "podium-match"
            thread.start()
        }
    }

    /// Consumes `last` (the partial batch, if any) after every batch sent; returns when all
    /// are consumed and the worker has stopped.
    func finish(_ last: Batch?) {
        condition.lock()
        guard started else {
            condition.unlock()
            if let last { consume(last) }
            return
        }
        if let last { queue.append(last) }
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while queue.isEmpty && !closed { condition.wait() }
            guard !queue.isEmpty else { break }
            let batch = queue.removeFirst()
            condition.unlock()
            consume(batch)
            condition.lock()
            free.append(batch)
            condition.broadcast()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The ids of consecutive records on their way to the id index: each one's key (hashed by
/// the parsing thread), its line, and the bytes of the long ones.
///
/// A batch is filled by one thread, then read by one other, the pipe's lock between them, so
/// its two fields are left out of Swift's run-time exclusivity checks (a call an id).
final class IDBatch {
    static let capacity = 4096
    /// How far ahead of its use each lookup's cache line is asked for (see `IDIndex.prefetch`).
    static let prefetchDistance = 16
    @exclusivity(unchecked) private(set) var count = 0
    let keys = UnsafeMutablePointer<IDKey>.allocate(capacity: capacity)
    let lines = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
    /// Each id's tag, for the index (see `IDEntry`).
    let tags = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    /// Long ids, each as a 4-byte length then its bytes; a long key's `lo` is its offset here.
    @exclusivity(unchecked) private var longBytes: [UInt8] = []

    deinit {
        keys.deallocate()
        lines.deallocate()
        tags.deallocate()
    }

    var isFull: Bool { count == Self.capacity }
    var isEmpty: Bool { count == 0 }

    /// Adds an id; returns its position in the batch.
    @inline(__always)
    func append(_ id: UnsafeBufferPointer<UInt8>, line: Int, tag: UInt8 = 0) -> Int {
        var key = IDKey(id)
        if key.isLong {
            key.lo = UInt64(longBytes.count)
            var length = UInt32(id.count)
            withUnsafeBytes(of: &length) { longBytes.append(contentsOf: $0) }
            longBytes.append(contentsOf: id)
        }
        let i = count
        keys[i] = key
        lines[i] = line
        tags[i] = tag
        count += 1
        return i
    }

    func removeAll() {
        count = 0
        longBytes.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with the key and bytes of entry `i` (bytes only for a long id).
    @inline(__always)
    func withID<R>(_ i: Int, _ body: (IDKey, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let key = keys[i]
        if !key.isLong { return try body(key, UnsafeBufferPointer(start: nil, count: 0)) }
        return try longBytes.withUnsafeBufferPointer { all in
            let start = Int(key.lo)
            let length = UnsafeRawPointer(all.baseAddress! + start).loadUnaligned(as: UInt32.self)
            return try body(key, UnsafeBufferPointer(rebasing: all[(start + 4)..<(start + 4 + Int(length))]))
        }
    }

    func string(_ i: Int) -> String {
        let key = keys[i]
        if key.isLong { return withID(i) { _, bytes in String(decoding: bytes, as: UTF8.self) } }
        return IDKey.withInlineBytes(lo: key.lo, hi: key.hi) { String(decoding: $0, as: UTF8.self) }
    }
}
