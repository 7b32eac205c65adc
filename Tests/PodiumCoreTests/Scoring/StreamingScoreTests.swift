import Foundation
import Testing

@testable import PodiumCore

/// Large files are scored as they are read (row-term sums, scores gathered by class and part);
/// these tests pin that this gives the scores of the aligned path, on data with ties, signed
/// zeros, long ids and a public/private split.
@Suite struct StreamingScoreTests {
    /// A solution of `n` rows and a shuffled submission for it, from a fixed seed.
    /// `positive` is the binary task's positive class.
    func files(task: String, n: Int, seed: UInt64, positive: String = "yes") throws -> (Solution, String) {
        var g = SeededGenerator(seed: seed)
        let manifest =
            task == "binary"
            ? "slug: streamed\ntitle: S\nversion: 1\ntask: binary\nid: id\ntarget: y\nclasses: ['no', 'yes']\npositive: '\(positive)'\nmetric: roc_auc\n"
            : "slug: streamed\ntitle: S\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n"
        // Every seventh id is longer than the 11 bytes kept inline in the index.
        let ids = (0..<n).map { i in i % 7 == 0 ? "a-long-identifier-\(i)" : "r\(i)" }
        var solution = "id,y,Usage\n"
        var lines: [String] = []
        for (i, id) in ids.enumerated() {
            let usage = Int.random(in: 0..<3, using: &g) == 0 ? "Private" : "Public"
            if task == "binary" {
                let yes = Bool.random(using: &g)
                solution += "\(id),\(yes ? "yes" : "no"),\(usage)\n"
                // Few distinct scores, so ties are everywhere; -0.0 and 0.0 are the same score.
                let p = Double(Int.random(in: 0...8, using: &g)) / 8 + (yes ? 0 : 0)
                lines.append("\(id),\(p == 0 && i % 2 == 0 ? "-0.0" : String(p))")
            } else {
                let y = Double(Int.random(in: 0...2000, using: &g)) / 100
                solution += "\(id),\(y),\(usage)\n"
                lines.append("\(id),\(y + Double(Int.random(in: -300...300, using: &g)) / 100)")
            }
        }
        lines.shuffle(using: &g)
        let parsed = try ChallengeManifest.parse(yaml: manifest)
        return (try Solution.load(data: Data(solution.utf8), manifest: parsed), "id,y\n" + lines.joined(separator: "\n") + "\n")
    }

    /// Scores `csv` both ways; when one way finds the primary metric undefined, so must the other.
    func compare(_ solution: Solution, _ csv: String, _ metrics: [Metric]) throws {
        func streamed() throws -> ScoreReport {
            try Scorer.score(data: Data(csv.utf8), name: "s.csv", solution: solution, metrics: metrics)
        }
        func aligned() throws -> ScoreReport {
            try Scorer.score(
                SubmissionReader.read(data: Data(csv.utf8), name: "s.csv", solution: solution), solution: solution, metrics: metrics, file: "s.csv")
        }
        do {
            expectSame(try streamed(), try aligned())
        } catch let error as ScoringError {
            #expect(throws: error) { try aligned() }
        }
    }

    func expectSame(_ a: ScoreReport, _ b: ScoreReport) {
        for part in Part.allCases {
            let scores = b.scores[part]
            #expect(a.scores[part].keys.sorted() == scores.keys.sorted())
            for (metric, value) in scores {
                let other = a.scores[part][metric] ?? .nan
                #expect(abs(other - value) <= 1e-12 * max(1, abs(value)), "\(part) \(metric): \(other) vs \(value)")
            }
        }
    }

    @Test(arguments: [1, 2, 50, 3001])
    func rankMetricsByClassAndPart(n: Int) throws {
        let (solution, csv) = try files(task: "binary", n: n, seed: UInt64(n))
        try compare(solution, csv, [.rocAUC, .averagePrecision])
        try compare(solution, csv, [.averagePrecision])
        try compare(solution, csv, [.rocAUC])
    }

    /// The positive class first: a row's class is read from its id's tag, the low bit of its
    /// class, which then says the opposite.
    @Test(arguments: [2, 3001])
    func rankMetricsWhenThePositiveClassIsTheFirst(n: Int) throws {
        let (solution, csv) = try files(task: "binary", n: n, seed: UInt64(n) + 3, positive: "no")
        #expect(solution.manifest.positiveIndex == 0)
        try compare(solution, csv, [.rocAUC, .averagePrecision])
        let (yes, _) = try files(task: "binary", n: n, seed: UInt64(n) + 3)
        let a = try Scorer.score(data: Data(csv.utf8), name: "s.csv", solution: solution, metrics: [.rocAUC])
        let b = try Scorer.score(data: Data(csv.utf8), name: "s.csv", solution: yes, metrics: [.rocAUC])
        // The same scores against the other class: one minus the AUC.
        if n > 2 { #expect(abs(a.scores[.all][.rocAUC]! - (1 - b.scores[.all][.rocAUC]!)) < 1e-12) }
    }

    @Test(arguments: [1, 50, 3001])
    func rowTermsByPart(n: Int) throws {
        let (solution, csv) = try files(task: "regression", n: n, seed: UInt64(n) + 7)
        try compare(solution, csv, [.rmse, .mse, .mae, .maxError, .mape, .rmsle])
        try compare(solution, csv, [.mae])
    }

    @Test func refusalsAreTheSameEitherWay() throws {
        let (solution, csv) = try files(task: "regression", n: 200, seed: 3)
        var lines = csv.split(separator: "\n").map(String.init)
        lines[5] = lines[6]
        lines[9] = "ghost,1"
        let bad = lines.joined(separator: "\n") + "\n"
        var refusals: [SubmissionRefused] = []
        for streaming in [true, false] {
            do {
                if streaming {
                    _ = try Scorer.score(data: Data(bad.utf8), name: "s.csv", solution: solution, metrics: [.rmse])
                } else {
                    _ = try SubmissionReader.read(data: Data(bad.utf8), name: "s.csv", solution: solution)
                }
                Issue.record("accepted")
            } catch let refused as SubmissionRefused {
                refusals.append(refused)
            }
        }
        #expect(refusals.count == 2)
        #expect(refusals[0] == refusals[1])
        let duplicate = try #require(refusals.first?.groups.first { $0.kind == .duplicateId })
        #expect(duplicate.examples.first?.line == 7)
        #expect(duplicate.examples.first?.message.hasSuffix("was already given on line 6") == true)
    }

    @Test func idsLongAndShortRoundTrip() throws {
        let (solution, _) = try files(task: "regression", n: 100, seed: 1)
        let ids = solution.allIDs()
        #expect(ids.count == 100)
        #expect(ids[0] == "a-long-identifier-0")
        #expect(ids[1] == "r1")
        for (row, id) in ids.enumerated() { #expect(solution.row(of: id) == row) }
        #expect(solution.row(of: "r100") == nil)
        #expect(solution.row(of: "a-long-identifier-1") == nil)
    }
}
