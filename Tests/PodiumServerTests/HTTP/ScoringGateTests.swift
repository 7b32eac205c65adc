import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import Synchronization
import Testing

@testable import PodiumServer
@testable import PodiumStore

/// A flag set on one thread and awaited on another without blocking the cooperative pool (a
/// semaphore's wait there can stall every test of the process on a two-core machine). The
/// deadline is generous: on a loaded two-core machine, the tests running beside this one can
/// hold the pool for tens of seconds (30 s was seen to pass before the flag was looked at).
final class Flag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .releasing) }
    func wait(seconds: Double = 180) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !raised.load(ordering: .acquiring) {
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

@Suite struct ScoringGateTests {
    /// One file per team is scored at a time; other teams go on.
    @Test func aTeamScoresOneFileAtATime() async throws {
        let gate = ScoringGate(limit: 4)
        let started = Flag()
        let release = DispatchSemaphore(value: 0)
        let first = Task {
            try await gate.run(teamId: 1) {
                started.raise()
                release.wait()  // on the offloaded thread, not the cooperative pool
                return 1
            }
        }
        try await started.wait()
        let error = await #expect(throws: APIFailure.self) { try await gate.run(teamId: 1) { 2 } }
        #expect(error?.status == .tooManyRequests)
        #expect(try await gate.run(teamId: 2) { 3 } == 3)
        release.signal()
        #expect(try await first.value == 1)
        #expect(try await gate.run(teamId: 1) { 4 } == 4)
    }

    /// A team is one key of the gate whichever door its files come through: while its form
    /// upload (named by the typed token) is scored, its API upload (named by the bearer token)
    /// waits its turn with a 429. Keyed by how the team was named, both were scored at once.
    @Test func aTeamsAPIUploadWaitsForItsFormUpload() async throws {
        let world = try World()
        let token = try #require(world.tokens["breast-cancer"]?["charlie"])
        let started = Flag()
        let release = DispatchSemaphore(value: 0)
        let calls = Atomic<Int>(0)
        var store = world.store
        // The first file scored waits in between its scoring and its commit until released.
        store.hooks.submitBeforeCommit = {
            if calls.add(1, ordering: .relaxed).oldValue == 0 {
                started.raise()
                release.wait()  // on the offloaded thread that scores
            }
        }
        let app = buildApplication(store: store, configuration: ServerConfiguration(sessionKey: Data(repeating: 7, count: 32)))
        try await app.test(.router) { client in
            let (page, jar) = try await client.execute(uri: "/challenges/breast-cancer", method: .get) { (text($0), cookies($0)) }
            let marker = try #require(page.range(of: "?csrf="))
            let csrf = String(page[marker.upperBound...].prefix { $0 != "\"" && $0 != "&" })
            var (headers, body) = multipart([("token", token)], file: try world.file("breast-cancer/charlie/01-random-forest.csv"), name: "rf.csv")
            headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let form = Task {
                try await client.execute(uri: "/challenges/breast-cancer/submit?csrf=\(csrf)", method: .post, headers: headers, body: body) {
                    $0.status
                }
            }
            try await started.wait()
            var apiHeaders = bearer(token)
            apiHeaders[.contentType] = "text/csv"
            let api = try await client.execute(
                uri: "/api/v1/challenges/breast-cancer/submissions", method: .post, headers: apiHeaders,
                body: try world.file("breast-cancer/charlie/02-gradient-boosting.csv")
            ) { $0.status }
            release.signal()
            #expect(api == .tooManyRequests)
            #expect(try await form.value == .created)
        }
        #expect(try HistoryService(world.store).submissions("breast-cancer", team: "charlie").count == 1)
    }
}
