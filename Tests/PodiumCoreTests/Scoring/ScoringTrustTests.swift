import Foundation
import Testing

@testable import PodiumCore

/// Nothing a participant sends makes a score non-finite or a message unbounded.
@Suite struct ScoringTrustTests {
    /// The diabetes example's submission with one value replaced.
    func diabetesSubmission(replacingFirstValueWith value: String) throws -> String {
        let text = try String(contentsOf: repositoryRoot.appending(path: "submissions/diabetes/bravo/01-linear.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let id = lines[1].split(separator: ",")[0]
        lines[1] = "\(id),\(value)"
        return lines.joined(separator: "\n")
    }

    // MARK: - challenge.yaml
    @Test func anOverflowingPredictionIsRefusedWithItsLine() throws {
        let solution = try exampleChallenge("diabetes").loadSolution()
        for value in [
            "1e200", "-1.5e300", "1e101",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        ] {
            let text = try diabetesSubmission(replacingFirstValueWith: value)
            let error = #expect(throws: SubmissionRefused.self) {
                try Scorer.score(data: Data(text.utf8), name: "big.csv", solution: solution)
            }
            let group = try #require(error?.groups.first)
            #expect(error?.groups.count == 1)
            #expect(group.kind == .tooLarge)
            #expect(group.examples.first?.line == 2)
            #expect(group.examples.first?.message.contains("between -1e100 and 1e100") == true)
            #expect((group.examples.first?.message.count ?? 0) < 200)
        }
    }

    @Test func theLargestAllowedValueScoresFinite() throws {
        let solution = try exampleChallenge("diabetes").loadSolution()
        let text = try diabetesSubmission(replacingFirstValueWith: "-1e100")
        let report = try Scorer.score(data: Data(text.utf8), name: "edge.csv", solution: solution)
        for part in Part.allCases { for value in report.scores[part].values { #expect(value.isFinite) } }
        #expect(try report.json().contains("\"rmse\""))
        // A score past a billion is written in scientific notation, not as a hundred digits.
        #expect(Formats.score(report.score(.all)).count < 16)
    }

    @Test func aMetricThatComesOutNonFiniteIsUndefinedNotShown() throws {
        let solution = try exampleChallenge("diabetes").loadSolution()
        let report = try Scorer.report(solution: solution, metrics: [.rmse, .r2], file: "f.csv") { _, metric throws(MetricUndefined) in
            metric == .r2 ? .nan : 1
        }
        #expect(report.score(.public, .r2) == nil)
        #expect(report.score(.public) == 1)
        let error = #expect(throws: ScoringError.self) {
            try Scorer.report(solution: solution, metrics: [.rmse], file: "f.csv") { _, _ throws(MetricUndefined) in .infinity }
        }
        #expect(error?.undefined.reason.contains("not a finite number") == true)
    }

    @Test func aSolutionTargetPastTheLimitIsRefused() throws {
        let manifest = try ChallengeManifest.parse(yaml: "slug: reg\ntitle: R\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n")
        let error = #expect(throws: CSVError.self) {
            try Solution.load(data: Data("id,y,Usage\na,1,Public\nb,1e300,Private\n".utf8), manifest: manifest)
        }
        #expect(error?.line == 3)
    }

    @Test func aLongIdIsShortenedInEveryMessage() throws {
        let solution = try exampleChallenge("breast-cancer").loadSolution()
        let long = String(repeating: "x", count: 200_000)
        let text = "id,diagnosis\n\(long),0.5\n\(long),0.5\n"
        let error = #expect(throws: SubmissionRefused.self) {
            try Scorer.score(data: Data(text.utf8), name: "long.csv", solution: solution)
        }
        let description = try #require(error?.errorDescription)
        #expect(description.count < 3_000)
        for group in error?.groups ?? [] {
            for example in group.examples { #expect(example.message.count <= Echo.maxMessageCharacters + 1) }
        }
        #expect(description.contains(String(repeating: "x", count: Echo.maxCharacters) + "…"))
        #expect(!description.contains(String(repeating: "x", count: Echo.maxCharacters + 1)))
    }

    @Test func aLongHeaderAndLabelAreShortened() throws {
        let solution = try exampleChallenge("breast-cancer").loadSolution()
        let columns = (0..<5_000).map { "column\($0)" }.joined(separator: ",")
        let error = #expect(throws: SubmissionRefused.self) {
            try Scorer.score(data: Data("\(columns)\n".utf8), name: "wide.csv", solution: solution)
        }
        #expect((error?.errorDescription?.count ?? .max) < 3_000)
    }
}
