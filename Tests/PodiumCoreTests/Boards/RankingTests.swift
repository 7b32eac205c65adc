import Foundation
import Testing

@testable import PodiumCore

/// Ranking: which submission of each team a board counts.
@Suite struct RankingTests {
    @Test func privateBoardCountsSelectedOrBestPublic() {
        let t0 = Date(timeIntervalSince1970: 0)
        let subs = [
            BoardSubmission(id: 1, createdAt: t0, publicScores: [.accuracy: 0.9], privateScores: [.accuracy: 0.6]),
            BoardSubmission(id: 2, createdAt: t0 + 1, publicScores: [.accuracy: 0.8], privateScores: [.accuracy: 0.7]),
            BoardSubmission(id: 3, createdAt: t0 + 2, publicScores: [.accuracy: 0.5], privateScores: [.accuracy: 0.95]),
        ]
        let team = BoardTeam(name: "t", members: [], submissions: subs)
        let auto = Ranking.board(.private, challenge: "c", version: 1, metric: .accuracy, teams: [team], baseline: nil, finalSelection: 2)
        #expect(auto.rows[0].submissionId == 2)  // best private among the 2 best public
        var chosen = subs
        chosen[2].selected = true
        let selected = Ranking.board(
            .private, challenge: "c", version: 1, metric: .accuracy, teams: [BoardTeam(name: "t", members: [], submissions: chosen)], baseline: nil,
            finalSelection: 2)
        #expect(selected.rows[0].submissionId == 3)
        #expect(selected.rows[0].score == 0.95)
    }

    /// An HTML board marks the baseline, unranked teams, and tiers as alternating bands.
    @Test func rowClassesMarkTheBaselineTheUnrankedAndTiers() {
        var b = privateBoard(.accuracy, [("a", 0.9), ("b", 0.8)])
        #expect(b.rowClasses == ["", "", "unranked"])
        b.rows[0].tier = 1
        b.rows[1].tier = 2
        #expect(b.rowClasses == ["tier-odd", "tier-even tier-start", "unranked"])
        let withBaseline = Ranking.board(
            .private, challenge: "c", version: 1, metric: .accuracy, teams: [], baseline: ([.accuracy: 0.5], [.accuracy: 0.5]), finalSelection: 1)
        #expect(withBaseline.rowClasses == ["baseline"])
    }

    /// Names are private by default: a public board whose rows have no members shows no
    /// "members" column in a terminal, Markdown or HTML; with names, it is there. The CSV and
    /// JSON keep every column, whatever it holds.
    @Test func humanTablesDropAColumnEmptyForEveryRow() throws {
        let t0 = Date(timeIntervalSince1970: 0)
        func board(_ members: [String]) -> Leaderboard {
            let teams = ["alpha", "bravo"].enumerated().map { i, name in
                BoardTeam(
                    name: name, members: members,
                    submissions: [
                        BoardSubmission(id: Int64(i + 1), createdAt: t0, publicScores: [.accuracy: 0.9 - Double(i) / 10], privateScores: [:])
                    ])
            }
            return Ranking.board(.public, challenge: "c", version: 1, metric: .accuracy, teams: teams, baseline: nil, finalSelection: 1)
        }
        let anonymous = board([])
        for format in [Leaderboard.Format.table, .markdown, .html] {
            let text = try anonymous.render(format, zone: TimeZone(identifier: "UTC")!)
            #expect(!text.contains("members"), "\(format)")
            #expect(text.contains("alpha") && text.contains("accuracy"), "\(format)")
        }
        #expect(try anonymous.render(.csv).hasPrefix("rank,team,members,score"))
        #expect(try anonymous.render(.json).contains("\"members\""))
        let named = try board(["Camille Martin"]).render(.table, zone: TimeZone(identifier: "UTC")!)
        #expect(named.contains("members") && named.contains("Camille Martin"))

        // The columns kept, their cells and the right-aligned indexes move together.
        let shown = Leaderboard.shown(["a", "b", "c"], [["1", "", "x"], ["2", "", ""]], numeric: [0, 2])
        #expect(shown.columns == ["a", "c"])
        #expect(shown.cells == [["1", "x"], ["2", ""]])
        #expect(shown.numeric == [0, 1])
    }
}
