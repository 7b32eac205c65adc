import Foundation
import Synchronization
import Testing

@testable import PodiumCore

@Suite struct ParallelMapTests {
    @Test func mapKeepsTheItemsOrder() {
        #expect(ParallelMap.map(Array(0..<100)) { $0 * $0 } == (0..<100).map { $0 * $0 })
    }

    /// Both jobs run to their end, at the same time, and an error of either is rethrown.
    @Test func bothRunsTwoJobsAtOnce() throws {
        struct Failed: Error {}
        // Each job waits for the other to have started: run one after the other, they would
        // wait for ever (here, until the 5 s deadline).
        let started = Mutex(0)
        func meet() -> Bool {
            started.withLock { $0 += 1 }
            let deadline = Date().addingTimeInterval(5)
            while started.withLock({ $0 }) < 2 && Date() < deadline { usleep(1_000) }
            return started.withLock { $0 } == 2
        }
        let (a, b) = try ParallelMap.both({ meet() }, { meet() })
        if ProcessInfo.processInfo.activeProcessorCount >= 2 { #expect(a && b) }
        let finished = Mutex(false)
        #expect(throws: Failed.self) {
            try ParallelMap.both({ throw Failed() }, { finished.withLock { $0 = true } })
        }
        #expect(finished.withLock { $0 })
    }
}
