import Foundation
import GRDB
import PodiumCore
import Synchronization

/// Solutions parsed once per process, by challenge and version.
final class SolutionCache: Sendable {
    private let entries = Mutex<[String: Solution]>([:])

    func solution(slug: String, version: Int, load: () throws -> Solution) throws -> Solution {
        let key = "\(slug)@\(version)"
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let solution = try load()
        entries.withLock { $0[key] = solution }
        return solution
    }
}
