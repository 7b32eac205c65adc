import Foundation
import PodiumCore
import Synchronization

/// Solutions parsed (or mapped) once per process, by challenge and version, the most recently
/// used `capacity` of them: a solution of ten million rows holds a few hundred MiB, and a
/// term's server sees every version of every challenge, so the least recently used goes.
final class SolutionCache: Sendable {
    private struct Entries {
        var solutions: [String: Solution] = [:]
        /// Keys, least recently used first.
        var order: [String] = []
    }

    let capacity: Int
    private let entries = Mutex(Entries())

    init(capacity: Int = 4) { self.capacity = max(1, capacity) }

    func solution(slug: String, version: Int, load: () throws -> Solution) throws -> Solution {
        let key = "\(slug)@\(version)"
        let cached = entries.withLock { entries -> Solution? in
            guard let found = entries.solutions[key] else { return nil }
            entries.order.removeAll { $0 == key }
            entries.order.append(key)
            return found
        }
        if let cached { return cached }
        // Loaded outside the lock: two callers may load the same one, and keep either.
        let solution = try load()
        entries.withLock { entries in
            if entries.solutions.updateValue(solution, forKey: key) == nil { entries.order.append(key) }
            while entries.order.count > capacity { entries.solutions[entries.order.removeFirst()] = nil }
        }
        return solution
    }

    /// The keys held, least recently used first (tests).
    var keys: [String] { entries.withLock { $0.order } }
}
