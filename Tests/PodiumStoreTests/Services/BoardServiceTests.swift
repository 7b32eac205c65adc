import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// Boards: ranks and ties, the final selection, the reveal (by hand or at the close).
@Suite struct BoardServiceTests {
    @Test func tiesShareARankEarlierFirstAndBaselineIsNotRanked() throws {
        let f = try Fixture(baseline: true)
        _ = try f.submit("bravo", quality: 0.8)
        f.clock.advance(hours: 1)
        _ = try f.submit("alpha", quality: 0.8)
        let board = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(board.rows.map(\.team) == ["bravo", "alpha", "baseline", "solo"])
        #expect(board.rows.map(\.rank) == [1, 1, nil, nil])
        #expect(board.rows[2].isBaseline)
        #expect(board.rows[3].score == nil)
        #expect(board.rows[3].entries == 0)
        #expect(board.rows[0].members == ["Cid", "Dee"])
    }

    @Test func bestPublicCountsAndSelectionDrivesThePrivateBoard() throws {
        let f = try Fixture(phases: limited)
        let good = try f.submit("alpha", quality: 0.9)
        let weak = try f.submit("alpha", quality: 0.4)
        #expect(weak.bestPublicScore == good.publicScore)
        var privateBoard = try BoardService(f.store).leaderboard("tiny", board: .private)
        #expect(privateBoard.rows.first?.submissionId == good.id)  // best public one by default
        try BoardService(f.store).select("tiny", team: "alpha", ids: [weak.id])
        privateBoard = try BoardService(f.store).leaderboard("tiny", board: .private)
        #expect(privateBoard.rows.first?.submissionId == weak.id)
        #expect(throws: StoreError.self) { try BoardService(f.store).select("tiny", team: "alpha", ids: [good.id, weak.id]) }  // final_selection: 1
        let other = try f.submit("bravo", quality: 0.7)
        #expect(throws: StoreError.invalidSelection(.notOfTeam(id: other.id, team: "alpha"))) {
            try BoardService(f.store).select("tiny", team: "alpha", ids: [other.id])
        }
    }

    @Test func privateScoresStayHiddenUntilTheReveal() throws {
        let f = try Fixture()
        _ = try f.submit("alpha", quality: 0.8)
        let participant = Viewer.participant(team: "alpha")
        #expect(throws: StoreError.notRevealed("tiny")) { try BoardService(f.store).leaderboard("tiny", board: .private, viewer: participant) }
        let history = try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: participant)
        #expect(history.allSatisfy { $0.privateScore == nil && $0.privateScores == nil })
        let json = try Formats.json(history)
        #expect(!json.contains("private"))
        #expect(try HistoryService(f.store).submissions("tiny", viewer: .instructor).first?.privateScore != nil)
        _ = try BoardService(f.store).reveal("tiny")
        #expect(try BoardService(f.store).leaderboard("tiny", board: .private, viewer: participant).rankedRows.count == 1)
        #expect(try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: participant).first?.privateScore != nil)
    }

    @Test func privateScoresHideUntilTheCloseAndShowAfter() throws {
        let phases = """
            phases:
              - name: main
                opens: 2027-01-10T09:00:00+01:00
                closes: 2027-02-10T18:00:00+01:00
                reveal: at_close

            """
        let f = try Fixture(phases: phases)
        _ = try f.submit("alpha", quality: 0.8)
        let participant = Viewer.participant(team: "alpha")
        f.clock.set("2027-02-10T17:59:59+01:00")
        #expect(throws: StoreError.notRevealed("tiny")) { try BoardService(f.store).leaderboard("tiny", board: .private, viewer: participant) }
        #expect(try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: participant).allSatisfy { $0.privateScore == nil })
        #expect(try !BoardService(f.store).isRevealed("tiny"))
        f.clock.set("2027-02-10T18:00:01+01:00")
        #expect(try BoardService(f.store).leaderboard("tiny", board: .private, viewer: participant).rankedRows.count == 1)
        #expect(try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: participant).allSatisfy { $0.privateScore != nil })
        #expect(try BoardService(f.store).isRevealed("tiny"))
        #expect(try ChallengeService(f.store).challenge("tiny").revealed)
    }

    @Test func atCloseNeedsACloseDate() throws {
        let yaml =
            "slug: tiny\ntitle: T\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\nphases:\n  - name: main\n    reveal: at_close\n"
        #expect(throws: (any Error).self) { try ChallengeManifest.parse(yaml: yaml) }
        #expect(try ChallengeManifest.parse(yaml: yaml.replacingOccurrences(of: "reveal: at_close", with: "reveal: manual")).revealsAt == nil)
    }
}
