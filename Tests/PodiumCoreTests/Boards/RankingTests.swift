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
}
