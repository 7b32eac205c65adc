import Foundation
import GRDB
import PodiumCore
import Testing

@testable import PodiumStore

/// Boards and grades with the paired bootstrap, as the store serves them.
@Suite struct StoreFiguresTests {
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
                #expect(interval["low"]! <= score && score <= interval["high"]!)
                let ranks = try #require(row["rankInterval"] as? [String: Int])
                let rank = try #require(row["rank"] as? Int)
                #expect(ranks["best"]! <= rank && rank <= ranks["worst"]!)
                #expect(row["tier"] is Int)
                #expect(row.keys.contains("beatsNext"))
            }
            #expect(ranked.last!["beatsNext"] is NSNull)
            let baseline = try #require(rows.first { $0["isBaseline"] as? Bool == true })
            #expect(baseline["interval"] != nil && baseline["tier"] == nil && baseline["rankInterval"] == nil)
            let summary = try #require(object["uncertainty"] as? [String: Any])
            #expect(summary["resamples"] as? Int == 1000 && summary["confidence"] as? Double == 0.95)
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

/// `reveal: at_close`: the private board switches to revealed at the last phase's close,
/// decided when read.
@Suite struct RevealAtCloseTests {
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
        #expect(try BoardService(f.store).isRevealed("tiny") && ChallengeService(f.store).challenge("tiny").revealed)
    }

    @Test func atCloseNeedsACloseDate() throws {
        let yaml =
            "slug: tiny\ntitle: T\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\nphases:\n  - name: main\n    reveal: at_close\n"
        #expect(throws: (any Error).self) { try ChallengeManifest.parse(yaml: yaml) }
        #expect(try ChallengeManifest.parse(yaml: yaml.replacingOccurrences(of: "reveal: at_close", with: "reveal: manual")).revealsAt == nil)
    }
}

@Suite struct StoreReportTests {
    @Test func theReportHoldsTheStoresNumbers() throws {
        let f = try Fixture(baseline: true)
        _ = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), file: f.write(f.submission { i in i % 2 == 0 ? 0.9 : 0.1 }, "a.csv"))
        f.clock.advance(hours: 30)
        _ = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("bravo"), file: f.write(f.submission { i in i % 3 == 0 ? 0.8 : 0.3 }, "b.csv"))
        _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("bravo"), file: f.write("id,y\nnope,2\n", "bad.csv"))
        let report = try ReportService(f.store).report("tiny")
        let facts = Dictionary(uniqueKeysWithValues: report.facts)
        #expect(facts["Teams"] == "3, of which 2 submitted a valid file")
        #expect(facts["Submissions"] == "2 accepted, 1 refused")
        #expect(report.days.map(\.accepted) == [1, 1] && report.days.map(\.refused) == [0, 1])
        #expect(facts["Best private score"]?.contains("alpha") == true)
        let figures = Dictionary(uniqueKeysWithValues: report.figures().map { ($0.name, $0.svg.text) })
        #expect(
            Set(figures.keys) == [
                "submissions-per-day.svg", "best-public-score.svg", "final-scores.svg", "public-vs-private.svg", "confusion-matrix.svg",
            ])
        #expect(figures["final-scores.svg"]!.contains("alpha (best)") && figures["final-scores.svg"]!.contains("baseline"))
        // Alpha ranks every private row right: 5 and 5 on the diagonal of its confusion matrix.
        #expect(report.confusion?.team == "alpha" && report.confusion?.cells == [[5, 0], [0, 5]])
        let folder = f.folder.url.appending(path: "report")
        let markdown = try ReportWriter.write(report, to: folder)
        let text = try String(contentsOf: markdown, encoding: .utf8)
        for name in figures.keys {
            #expect(text.contains("(figures/\(name))"))
            #expect(FileManager.default.fileExists(atPath: folder.appending(path: "figures/\(name)").path))
        }
    }
}
