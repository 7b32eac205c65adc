import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// Boards and grades with the paired bootstrap, as the store serves them.
@Suite struct BoardFiguresTests {
    /// alpha ranks every public row right; bravo and charlie make mistakes.
    func submitThree(_ f: Fixture) throws {
        let files = [
            ("alpha", f.submission { i in i % 2 == 0 ? 0.9 : 0.1 }),
            ("bravo", f.submission { i in i % 3 == 0 ? 0.8 : 0.3 }),
            ("solo", f.submission { i in Double(i % 5) / 5 }),
        ]
        for (team, text) in files {
            _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name(team), file: f.write(text, "subs/\(team).csv"))
            f.clock.advance(hours: 1)
        }
    }

    func computedAt(_ f: Fixture, _ board: BoardKind) throws -> Date? {
        try f.store.writer.read { db in
            try BoardFiguresRecord.filter(BoardFiguresRecord.Columns.board == board.rawValue).fetchOne(db)?.computedAt
        }
    }

    @Test func everyRankedRowOfBothBoardsCarriesTheFigures() throws {
        let f = try Fixture(baseline: true)
        try submitThree(f)
        for kind in BoardKind.allCases {
            let json = try BoardService(f.store).leaderboard("tiny", board: kind).render(.json)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let rows = try #require(object["rows"] as? [[String: Any]])
            let ranked = rows.filter { $0["rank"] != nil }
            #expect(ranked.count == 3)
            for row in ranked {
                let interval = try #require(row["interval"] as? [String: Double])
                let score = try #require(row["score"] as? Double)
                #expect(interval["low"]! <= score)
                #expect(score <= interval["high"]!)
                let ranks = try #require(row["rankInterval"] as? [String: Int])
                let rank = try #require(row["rank"] as? Int)
                #expect(ranks["best"]! <= rank)
                #expect(rank <= ranks["worst"]!)
                #expect(row["tier"] is Int)
                #expect(row.keys.contains("beatsNext"))
            }
            #expect(ranked.last!["beatsNext"] is NSNull)
            let baseline = try #require(rows.first { $0["isBaseline"] as? Bool == true })
            #expect(baseline["interval"] != nil)
            #expect(baseline["tier"] == nil)
            #expect(baseline["rankInterval"] == nil)
            let summary = try #require(object["uncertainty"] as? [String: Any])
            #expect(summary["resamples"] as? Int == 1000)
            #expect(summary["confidence"] as? Double == 0.95)
            // Identical on a second read.
            #expect(try BoardService(f.store).leaderboard("tiny", board: kind).render(.json) == json)
        }
    }

    @Test func figuresAreComputedOnceUntilTheCountedSubmissionsChange() throws {
        let f = try Fixture()
        try submitThree(f)
        _ = try BoardService(f.store).leaderboard("tiny", board: .public)
        let first = try #require(try computedAt(f, .public))
        f.clock.advance(hours: 1)
        _ = try BoardService(f.store).leaderboard("tiny", board: .public, viewer: .participant(team: "alpha"))
        #expect(try computedAt(f, .public) == first, "a second read recomputed the bootstrap")
        // A worse file does not change what counts: still no work.
        _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("bravo"), file: f.write(f.submission { _ in 0.5 }, "subs/flat.csv"))
        _ = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(try computedAt(f, .public) == first)
        // A better one does.
        f.clock.advance(hours: 1)
        _ = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("bravo"), file: f.write(f.submission { i in i % 2 == 0 ? 0.7 : 0.2 }, "subs/good.csv"))
        let board = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(try computedAt(f, .public)! > first)
        #expect(board.rankedRows.allSatisfy { $0.tier != nil })
    }

    @Test func gradesCarryTheirIntervals() throws {
        let f = try Fixture(baseline: true)
        try submitThree(f)
        let sheet = try GradeService(f.store).grades("tiny")
        #expect(sheet.resamples == 1000)
        for row in sheet.rows {
            #expect(row.gradeLow <= row.challengeGrade && row.challengeGrade <= row.gradeHigh, "\(row)")
        }
        #expect(sheet.rows.contains { $0.gradeLow < $0.gradeHigh })
    }

    @Test func participantsStillCannotReadThePrivateFiguresBeforeTheReveal() throws {
        let f = try Fixture()
        try submitThree(f)
        #expect(throws: StoreError.notRevealed("tiny")) {
            try BoardService(f.store).leaderboard("tiny", board: .private, viewer: .participant(team: "alpha"))
        }
    }
}
