import Foundation
import Testing

@testable import PodiumCore

@Suite struct IntegrityTests {
    static let manifest = ChallengeManifest(slug: "reg", title: "R", version: 1, task: .regression, target: "y", metric: .rmse)

    /// 300 rows; five teams with independent errors, "copy" is alpha rounded to 2 decimals.
    func report(baseline: Predictions? = nil, extra: [IntegrityTeam] = []) throws -> IntegrityReport {
        let y = LadderTests.normals(300, seed: 1)
        let csv = "id,y,Usage\n" + y.enumerated().map { "r\($0.offset),\($0.element),\($0.offset < 150 ? "Public" : "Private")\n" }.joined()
        let solution = try Solution.load(data: Data(csv.utf8), manifest: Self.manifest)
        func team(_ name: String, _ seed: UInt64) -> IntegrityTeam {
            let noise = LadderTests.normals(300, seed: seed, sd: 0.5)
            return IntegrityTeam(name: name, predictions: .values(zip(y, noise).map { $0 + $1 }), files: [name])
        }
        var teams = ["alpha", "bravo", "charlie", "delta", "echo"].enumerated().map { team($0.element, UInt64(10 + $0.offset)) }
        if case .values(let a) = teams[0].predictions! {
            teams.append(IntegrityTeam(name: "copy", predictions: .values(a.map { ($0 * 100).rounded() / 100 }), files: ["copy"]))
        }
        return IntegrityReport.build(
            challenge: "reg", version: 1, solution: solution, teams: teams + extra, baseline: baseline, baselineFile: nil, agreement: nil)
    }

    @Test func aCopiedPairIsWorthALookAndIndependentTeamsAreNot() throws {
        let r = try report()
        #expect(r.flagged.map(\.teams) == [["alpha", "copy"]])
        let copied = r.flagged[0]
        #expect(copied.correlation! > 0.999)
        #expect(copied.reasons.contains { $0.contains("correlate") })
        let honest = r.pairs.first { $0.teams == ["bravo", "charlie"] }!
        #expect(abs(honest.correlation! - 0.8) < 0.1)
        #expect(!honest.worthALook)
    }

    @Test func theSameFileAcrossTeamsIsWorthALook() throws {
        let r = try report(extra: [IntegrityTeam(name: "zulu", predictions: nil, files: ["bravo"])])
        let pair = r.pairs.first { $0.teams == ["bravo", "zulu"] }!
        #expect(pair.worthALook)
        #expect(pair.sameFiles == 1)
        #expect(pair.reasons[0].contains("same file"))
    }

    @Test func twoTeamsSubmittingTheBaselineAreNotFlagged() throws {
        // alpha and copy are both (nearly) the baseline when the baseline is alpha itself.
        let y = LadderTests.normals(300, seed: 1)
        let alpha = zip(y, LadderTests.normals(300, seed: 10, sd: 0.5)).map { $0 + $1 }
        let r = try report(baseline: .values(alpha))
        let pair = r.pairs.first { $0.teams == ["alpha", "copy"] }!
        #expect(!pair.worthALook)
        #expect(pair.reasons[0].contains("baseline"))
    }

    @Test func kendallTauAgreesWithScipy() {
        // scipy.stats.kendalltau([1, 2, 3, 4, 5], [2, 1, 3, 5, 4]) = 0.6; with ties (tau-b)
        // kendalltau([1, 1, 3, 4], [1, 2, 2, 4]) = 0.7999999999999999.
        #expect(abs(RankAgreement.kendallTau([1, 2, 3, 4, 5], [2, 1, 3, 5, 4])! - 0.6) < 1e-12)
        #expect(abs(RankAgreement.kendallTau([1, 1, 3, 4], [1, 2, 2, 4])! - 0.8) < 1e-12)
        #expect(RankAgreement.kendallTau([1], [1]) == nil)
    }
}
