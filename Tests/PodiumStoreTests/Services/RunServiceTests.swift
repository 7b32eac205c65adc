import Foundation
import GRDB
import PodiumCore
import Testing

@testable import PodiumStore

/// The queue of code runs, with the real sandbox: queued, claimed with a lease, run, recorded
/// as a submission once; a run whose worker died is taken again; the platform's faults requeue.
@Suite(.serialized) struct RunServiceTests {
    let folder: TemporaryDirectory
    let clock: TestClock
    let store: Store
    let model: URL

    init() throws { try self.init(code: "") }

    init(code extra: String) throws {
        folder = try TemporaryDirectory(prefix: "podium-runs")
        clock = TestClock("2027-01-15T10:00:00+01:00")
        let c = clock
        store = try Store.open(folder: folder.url.appending(path: "store"), clock: { c.date })
        // breast-cancer as a code challenge.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let challenge = folder.url.appending(path: "breast-cancer")
        try FileManager.default.copyItem(at: root.appending(path: "challenges/breast-cancer"), to: challenge)
        let yaml = challenge.appending(path: "challenge.yaml")
        try (String(contentsOf: yaml, encoding: .utf8) + "code:\n  time_limit: 60\n  memory: 1GiB\n" + extra).write(
            to: yaml, atomically: true, encoding: .utf8)
        let packed = try PodiumBundle.pack(Challenge.open(challenge), to: folder.url.appending(path: "bundle"))
        _ = try PublishingService(store).publish(bundle: packed.bundle)
        _ = try RosterService(store).importRoster(root.appending(path: "submissions/roster.csv"), challenge: "breast-cancer")
        model = folder.url.appending(path: "model.py")
        try Data(
            """
            from sklearn.linear_model import LogisticRegression
            class Model:
                def fit(self, X, y):
                    self.m = LogisticRegression(max_iter=5000).fit(X, y)
                    self.classes_ = self.m.classes_
                def predict_proba(self, X):
                    return self.m.predict_proba(X)

            """.utf8
        ).write(to: model)
    }

    /// A worker's `runOnce`, off Swift's concurrency pool (a sandboxed model: seconds of waiting).
    func runOnce(_ worker: String) async throws -> Bool {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try RunWorker(store, name: worker).runOnce() }) }
        }
    }

    func requirements() throws {
        try #require(Sandbox.bwrap != nil, "bubblewrap is missing: apt-get install bubblewrap")
        try #require(
            FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/sklearn"), "apt-get install python3-sklearn python3-pandas")
    }

    @Test func aQueuedModelRunsAndIsScoredAsAFile() async throws {
        try requirements()
        let runs = RunService(store)
        let ticket = try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: model, message: "logistic regression")
        #expect(ticket.status == .queued)
        #expect(ticket.position == 1)
        // code.max_pending is 1: the next waits for this one.
        let waiting = #expect(throws: StoreError.self) { try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: model) }
        #expect(waiting?.localizedDescription.contains("code.max_pending") == true)
        #expect(try runs.enqueue(challenge: "breast-cancer", team: .name("bravo"), file: model).position == 2)

        #expect(try await runOnce("w1"))
        let state = try runs.state("breast-cancer", id: ticket.id, team: "alpha")
        #expect(state.status == .accepted)
        #expect(state.attempts == 1)
        let submission = try #require(state.submissionId)
        let history = try HistoryService(store).submissions("breast-cancer", team: "alpha")
        #expect(history.map(\.id) == [submission])
        #expect(history.first?.message == "logistic regression")
        #expect((history.first?.publicScore ?? 0) > 0.95)
        #expect(try runs.log("breast-cancer", id: ticket.id, team: "alpha").contains("wrote 228 predictions"))
        #expect(throws: StoreError.unknownSubmission(ticket.id)) { try runs.state("breast-cancer", id: ticket.id, team: "bravo") }
        #expect(try BoardService(store).leaderboard("breast-cancer", board: .public).rows.first?.team == "alpha")
        #expect(try await runOnce("w1"))
        #expect(try await !runOnce("w1"))
    }

    @Test func aRunWhoseWorkerDiedIsTakenAgainAndCountedOnce() async throws {
        try requirements()
        let runs = RunService(store)
        let ticket = try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: model)
        // A worker claims it and dies: its lease lapses after 30 s without a heartbeat.
        let dead = try #require(try runs.claim(worker: "dead"))
        #expect(dead.id == ticket.id)
        #expect(try runs.claim(worker: "other") == nil)
        clock.advance(hours: 31.0 / 3600)
        #expect(try await runOnce("alive"))
        let state = try runs.state("breast-cancer", id: ticket.id, team: nil)
        #expect(state.status == .accepted)
        #expect(state.attempts == 2)
        // The dead worker's late word changes nothing: the run counts once.
        try runs.complete(ticket.id, worker: "dead", report: RunReport(status: .failed, elapsedSeconds: 1, log: ""), predictions: nil)
        #expect(try runs.state("breast-cancer", id: ticket.id, team: nil).status == .accepted)
        #expect(try HistoryService(store).submissions("breast-cancer", team: "alpha").count == 1)
    }

    /// A lease taken over while the first worker records its result (after the predictions are
    /// scored, before their row is written): the first worker records nothing, the second once.
    @Test func aRunTakenOverWhileItsResultIsRecordedCountsOnce() throws {
        let runs = RunService(store)
        let ticket = try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: model)
        _ = try #require(try runs.claim(worker: "slow"))
        var store = self.store
        let writer = store.writer
        let takeOver = Once {
            try writer.write { db in try db.execute(sql: "UPDATE codeRun SET worker = 'other' WHERE id = ?", arguments: [ticket.id]) }
        }
        store.hooks.submitBeforeCommit = { try takeOver() }
        let predictions = try Data(contentsOf: folder.url.appending(path: "breast-cancer/reference/baseline.csv"))
        let done = RunReport(status: .accepted, elapsedSeconds: 1, log: "")
        try RunService(store).complete(ticket.id, worker: "slow", report: done, predictions: predictions)
        #expect(try HistoryService(store).submissions("breast-cancer", team: "alpha").isEmpty)
        #expect(try runs.state("breast-cancer", id: ticket.id, team: nil).status == .running)
        store.hooks.submitBeforeCommit = nil
        try RunService(store).complete(ticket.id, worker: "other", report: done, predictions: predictions)
        #expect(try HistoryService(store).submissions("breast-cancer", team: "alpha").count == 1)
        #expect(try runs.state("breast-cancer", id: ticket.id, team: nil).status == .accepted)
    }

    @Test func platformFaultsRequeueThenFailWithoutCounting() throws {
        let runs = RunService(store)
        let ticket = try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: model)
        let fault = RunReport(status: .failed, failure: RunFailure(kind: .platform, message: "the sandbox failed"), elapsedSeconds: 0, log: "")
        for attempt in 1...RunService.maxAttempts {
            let claimed = try #require(try runs.claim(worker: "w"))
            #expect(claimed.attempt == attempt)
            try runs.complete(claimed.id, worker: "w", report: fault, predictions: nil)
            #expect(try runs.state("breast-cancer", id: ticket.id, team: nil).status == .queued)
        }
        #expect(try runs.claim(worker: "w") == nil)
        let state = try runs.state("breast-cancer", id: ticket.id, team: nil)
        #expect(state.status == .failed)
        #expect(state.failure?.kind == .platform)
        // Not counted: the team's refused files of the day are untouched.
        #expect(try SubmissionService(store).status("breast-cancer", team: "alpha").refusedLeftToday == SubmissionService.maxRefusedPerDay)
    }

    @Test func aCodeChallengeChecksItsUploadsBeforeTheyQueue() throws {
        let runs = RunService(store)
        let notes = folder.url.appending(path: "notes.txt")
        try Data("x".utf8).write(to: notes)
        #expect(throws: CSVError.self) { try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: notes) }
        #expect(try runs.claim(worker: "w") == nil)
    }

    /// Queued runs hold their place in the daily limit: with five allowed a day, a sixth is
    /// refused at once, not accepted into the queue and lost when it ends.
    @Test func queuedRunsCountTowardTheDailyLimit() throws {
        let f = try RunServiceTests(code: "  max_pending: 10\n")
        let runs = RunService(f.store)
        for _ in 0..<5 { _ = try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: f.model) }
        let sixth = #expect(throws: StoreError.self) { try runs.enqueue(challenge: "breast-cancer", team: .name("alpha"), file: f.model) }
        #expect(sixth?.localizedDescription.contains("max_per_day") == true)
    }
}
