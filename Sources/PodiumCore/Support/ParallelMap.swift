import Foundation

/// `map` over independent items on every core (`DispatchQueue.concurrentPerform`), results in
/// the items' order: the same values as a plain `map`, sooner.
enum ParallelMap {
    static func map<C: RandomAccessCollection, T: Sendable>(_ items: C, _ transform: @Sendable (C.Element) -> T) -> [T]
    where C: Sendable, C.Index == Int {
        let count = items.count
        guard count > 1 else { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let base = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            base.value[i] = transform(items[items.startIndex + i])
        }
        return results.map { $0! }
    }

    /// Each iteration writes its own slot only.
    private struct UnsafeSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
