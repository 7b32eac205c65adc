import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// Publishing: a new version rescores everything, in batches, while submissions go on; an interrupted one resumes.
@Suite struct PublishingServiceTests {
    func versions(of submission: Int64, _ store: Store) throws -> [Int] {
        try store.writer.read { db in
            try ScoreSetRecord.filter(ScoreSetRecord.Columns.submissionId == submission).fetchAll(db).map(\.version).sorted()
        }
    }

    @Test func aNewVersionRescoresEverythingAndKeepsHistory() throws {
        let f = try Fixture()
        let receipt = try f.submit("alpha", quality: 0.8)
        #expect(receipt.publicScore == 1)
        let report = try f.publish(version: 2, flip: true)
        #expect(report.previousVersion == 1)
        #expect(report.rescored == 1)
        let board = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(board.version == 2)
        #expect(board.rows.first?.score == 0)
        let versions = try f.store.writer.read { db in try ScoreSetRecord.fetchAll(db).map(\.version).sorted() }
        #expect(versions == [1, 2])
        #expect(try f.publish(version: 1).alreadyPublished)  // same bytes: nothing to do
        #expect(throws: StoreError.self) { try f.publish(version: 1, flip: true) }
        #expect(try f.publish(version: 2, flip: true).alreadyPublished)
    }

    /// A stored score that does not decode is an error on every read, never a team silently
    /// missing from the board (the JSON columns were decoded with `try?`).
    @Test func anUnreadableStoredScoreFailsLoudly() throws {
        let f = try Fixture()
        let receipt = try f.submit("alpha", quality: 0.8)
        #expect(try BoardService(f.store).leaderboard("tiny", board: .public).rows.first { $0.team == "alpha" }?.score != nil)
        try f.store.writer.write { db in
            try db.execute(sql: "UPDATE scoreSet SET scoresJSON = '{\"metric\": 1}' WHERE submissionId = ?", arguments: [receipt.id])
        }
        #expect(throws: (any Error).self) { try BoardService(f.store).leaderboard("tiny", board: .public) }
        #expect(throws: (any Error).self) { try HistoryService(f.store).submissions("tiny") }
        // A team's status reads its best score from the board index, not the JSON: still right.
        #expect(try SubmissionService(f.store).status("tiny", team: "alpha").bestPublicScore == receipt.publicScore)
    }

    @Test func aPublishCommittedWhileASubmissionIsScoredIsSeenByIt() throws {
        let f = try Fixture()
        var store = f.store
        let publish = Once { _ = try f.publish(version: 2, flip: true) }
        store.hooks.submitBeforeCommit = { try publish() }
        let receipt = try SubmissionService(store).submit(challenge: "tiny", team: .name("alpha"), file: f.file("a.csv", quality: 0.8))
        // Scored again against version 2 (labels flipped: a perfect ranking becomes AUC 0).
        #expect(receipt.publicScore == 0)
        #expect(try versions(of: receipt.id, store) == [2])
        let board = try BoardService(store).leaderboard("tiny", board: .public)
        #expect(board.version == 2)
        #expect(board.rows.first { $0.team == "alpha" }?.score == 0)
    }

    @Test func publishRescoresInBatchesAndSubmissionsGoOnMeanwhile() throws {
        let f = try Fixture()
        let teams = ["alpha", "bravo", "solo"]
        for i in 0..<150 { _ = try f.submit(teams[i % 3], quality: 0.5 + Double(i) / 1000) }
        var calls = 0
        var during: SubmitReceipt?
        let report = try f.publish(version: 2, flip: true) { store, bundle in
            try PublishingService(store).publish(bundle: bundle) { done, total in
                calls += 1
                // The write lock is free between batches: a submission goes through.
                if during == nil { during = try? f.submit("alpha", quality: 0.9, name: "during.csv") }
                #expect(done <= total)
            }
        }
        #expect(calls >= 3)
        let accepted = try #require(during)
        #expect(report.rescored == 151)
        #expect(try versions(of: accepted.id, f.store) == [1, 2])
        let unscored = try f.store.writer.read { db in try PublishingService(f.store).unscored(db, challengeId: 1, version: 2) }
        #expect(unscored.isEmpty)
        #expect(try BoardService(f.store).leaderboard("tiny", board: .public).version == 2)
    }

    @Test func anInterruptedPublishKeepsTheOldVersionWholeAndResumes() throws {
        let f = try Fixture()
        let first = try f.submit("alpha", quality: 0.8)
        var failing = f.store
        failing.hooks.publishBeforeSwitch = { throw Interrupted() }
        #expect(throws: Interrupted.self) {
            try f.publish(version: 2, flip: true) { _, bundle in try PublishingService(failing).publish(bundle: bundle) }
        }
        // The old version is still current and whole.
        let board = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(board.version == 1)
        #expect(board.rows.first { $0.team == "alpha" }?.score == 1)
        let second = try f.submit("bravo", quality: 0.7)
        #expect(second.publicScore == 1)
        // The same bundle again finishes the work, scoring what came meanwhile.
        let resumed = try f.publish(version: 2, flip: true)
        #expect(!resumed.alreadyPublished)
        #expect(try versions(of: first.id, f.store) == [1, 2])
        #expect(try versions(of: second.id, f.store) == [1, 2])
        #expect(try BoardService(f.store).leaderboard("tiny", board: .public).version == 2)
    }

    @Test func anUnfinishedVersionWithOtherContentIsReplaced() throws {
        let f = try Fixture()
        _ = try f.submit("alpha", quality: 0.8)
        var failing = f.store
        failing.hooks.publishBeforeSwitch = { throw Interrupted() }
        #expect(throws: Interrupted.self) {
            try f.publish(version: 2, flip: true) { _, bundle in try PublishingService(failing).publish(bundle: bundle) }
        }
        let report = try f.publish(version: 2, flip: false)
        #expect(!report.alreadyPublished)
        #expect(report.rescored == 1)
        #expect(try BoardService(f.store).leaderboard("tiny", board: .public).rows.first { $0.team == "alpha" }?.score == 1)
    }
}
