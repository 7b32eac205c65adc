import Foundation
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

@Suite struct SolutionCacheTests {
    /// The cache holds its capacity of solutions, the least recently used leaving first; a
    /// solution asked for again is not loaded again while it is held.
    @Test func theLeastRecentlyUsedSolutionLeaves() throws {
        let f = try Fixture()
        let solution = try Solutions(f.store).current("tiny")
        let cache = SolutionCache(capacity: 2)
        let loads = Mutex(0)
        func get(_ version: Int) throws {
            _ = try cache.solution(slug: "tiny", version: version) {
                loads.withLock { $0 += 1 }
                return solution
            }
        }
        try get(1)
        try get(2)
        try get(1)
        #expect(loads.withLock { $0 } == 2)
        try get(3)
        #expect(cache.keys == ["tiny@1", "tiny@3"])
        try get(2)
        #expect(loads.withLock { $0 } == 4)
        #expect(cache.keys == ["tiny@3", "tiny@2"])
    }
}
