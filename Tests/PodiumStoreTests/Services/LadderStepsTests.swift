import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// `public_board: ladder`: the public board moves only past the noise, and no participant
/// route shows a submission's exact public score.
@Suite struct LadderStepsTests {
    func ladderFixture() throws -> Fixture { try Fixture(phases: "public_board: ladder\n") }

    @Test func probesInsideTheNoiseDoNotMoveTheBoard() throws {
        let f = try ladderFixture()
        let first = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), file: f.write(f.submission { i in i % 3 == 0 ? 0.8 : 0.3 }, "a1.csv"))
        #expect(first.ladder?.moved == true)
        #expect(first.publicScore == nil)
        #expect(first.publicScores == nil)
        #expect(first.bestPublicScore == first.ladder?.score)
        // The same predictions with one value nudged: a probe.
        let probe = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), file: f.write(f.submission { i in i == 0 ? 0.81 : i % 3 == 0 ? 0.8 : 0.3 }, "a2.csv"))
        #expect(probe.ladder?.moved == false)
        #expect(probe.ladder?.score == first.ladder?.score)
        // A file that ranks every public row right moves it.
        let good = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), file: f.write(f.submission { i in i % 2 == 0 ? 0.9 : 0.1 }, "a3.csv"))
        #expect(good.ladder?.moved == true)
        #expect(good.ladder!.score > first.ladder!.score)
        let board = try BoardService(f.store).leaderboard("tiny", board: .public, viewer: .participant(team: nil))
        #expect(board.ladder == true)
        #expect(board.uncertainty == nil)
        let row = try #require(board.rankedRows.first)
        #expect(row.score == good.ladder?.score)
        #expect(row.metrics == [.rocAUC: good.ladder!.score])
        #expect(row.submissionId == good.id)
    }

    @Test func noParticipantRouteShowsAnExactPublicScore() throws {
        let f = try ladderFixture()
        for (i, q) in [0.7, 0.8, 0.9].enumerated() {
            _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: f.file("a\(i).csv", quality: q))
        }
        let exact = try HistoryService(f.store).submissions("tiny", viewer: .instructor)
        #expect(exact.allSatisfy { $0.publicScore != nil && $0.ladder != nil })
        for viewer in [Viewer.participant(team: "alpha"), .participant(team: nil)] {
            let history = try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: viewer)
            #expect(history.allSatisfy { $0.publicScore == nil && $0.publicScores == nil && $0.ladder != nil })
            let json = try JSONText.encode(history)
            for s in exact where Formats.number(s.publicScore!) != Formats.number(s.ladder!.score) {
                #expect(!json.contains("\(s.publicScore!)"))
            }
        }
        let status = try SubmissionService(f.store).status("tiny", team: "alpha")
        #expect(status.bestPublicScore == exact.first?.ladder?.score)
    }

    @Test func theDefaultBoardIsUnchanged() throws {
        let f = try Fixture()
        let receipt = try f.submit("alpha", quality: 0.8)
        #expect(receipt.ladder == nil)
        #expect(receipt.publicScore != nil)
    }
}
