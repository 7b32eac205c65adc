import Foundation

/// Independent work on every core (`DispatchQueue.concurrentPerform`): `map` gives the items'
/// results in their order, the same values as a plain `map`, sooner; `both` runs two jobs at once.
public enum ParallelMap {
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

    /// Runs `first` and `second` at the same time (on two cores when there are two) and
    /// returns when both have; the first error thrown, if any, is rethrown then.
    public static func both<A, B>(_ first: () throws -> A, _ second: () throws -> B) throws -> (A, B) {
        let a = UnsafeMutablePointer<Result<A, any Error>?>.allocate(capacity: 1)
        let b = UnsafeMutablePointer<Result<B, any Error>?>.allocate(capacity: 1)
        a.initialize(to: nil)
        b.initialize(to: nil)
        defer {
            a.deinitialize(count: 1)
            b.deinitialize(count: 1)
            a.deallocate()
            b.deallocate()
        }
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let slots = UnsafeSendable((first, second, a, b))
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    let (first, second, a, b) = slots.value
                    if i == 0 { a.pointee = Result(catching: first) } else { b.pointee = Result(catching: second) }
                }
            }
        }
        return (try a.pointee!.get(), try b.pointee!.get())
    }

    /// Each iteration writes its own slot only.
    private struct UnsafeSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
