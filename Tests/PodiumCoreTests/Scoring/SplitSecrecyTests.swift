import Foundation
import Testing

@testable import PodiumCore

/// What a file gets back (score or refusal, and the words of either) depends on its rows, never
/// on which of them are public or private: refused files do not count toward the limits, so a
/// refusal that did would let a team map the hidden split for free.
@Suite struct SplitSecrecyTests {
    let challenge: Challenge
    let solutionText: String
    let submission: [String]

    init() throws {
        challenge = try exampleChallenge("diabetes")
        solutionText = try String(contentsOf: challenge.solutionURL, encoding: .utf8)
        let text = try String(contentsOf: repositoryRoot.appending(path: "submissions/diabetes/bravo/01-linear.csv"), encoding: .utf8)
        submission = text.split(separator: "\n").map(String.init)
    }

    /// The example's solution with its Usage column shuffled (same ids, same targets), seeded.
    func solution(_ metric: Metric, shuffledWith seed: UInt64?) throws -> Solution {
        var lines = solutionText.split(separator: "\n").map(String.init)
        if let seed {
            var generator = SeededGenerator(seed: seed)
            var usages = lines.dropFirst().map { String($0.split(separator: ",").last!) }
            usages.shuffle(using: &generator)
            for i in 1..<lines.count {
                var fields = lines[i].split(separator: ",").map(String.init)
                fields[fields.count - 1] = usages[i - 1]
                lines[i] = fields.joined(separator: ",")
            }
        }
        var manifest = challenge.manifest
        manifest.metric = metric
        manifest.metrics = []
        return try Solution.load(data: Data(lines.joined(separator: "\n").utf8), manifest: manifest)
    }

    /// The example submission with the prediction of line `i + 1` replaced by `value(i)`.
    func file(_ value: (Int) -> String) -> Data {
        var lines = submission
        for i in 1..<lines.count {
            let id = lines[i].split(separator: ",")[0]
            lines[i] = "\(id),\(value(i))"
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    /// Accepted (the file counts toward the limits; its public score is the one channel every
    /// board has), or refused with these words.
    func reply(_ data: Data, _ solution: Solution) -> String {
        do {
            _ = try Scorer.score(data: data, name: "probe.csv", solution: solution)
            return "scored"
        } catch let refused as SubmissionRefused {
            return "refused: \(refused.localizedDescription)"
        } catch {
            return "refused: \(error.localizedDescription)"
        }
    }

    @Test(arguments: [Metric.rmsle, .pearson, .spearman, .r2])
    func theReplyDoesNotDependOnTheSplit(_ metric: Metric) throws {
        let probes: [Data] = [
            // The probes: one row below -1, the rest at 150; constant predictions; all
            // constant but two rows.
            file { $0 == 1 ? "-5" : "150" },
            file { _ in "150" },
            file { $0 <= 2 ? "\(100 + $0)" : "150" },
        ]
        for probe in probes {
            let replies = try [nil, 1, 2, 3].map { seed in reply(probe, try solution(metric, shuffledWith: seed)) }
            #expect(Set(replies).count == 1, "\(metric): \(replies)")
            #expect(!replies[0].contains("public rows"))
            #expect(!replies[0].contains("private rows"))
        }
    }

    /// rmsle's domain is checked on every row, with the line, before any metric is computed.
    @Test func rmsleNeedsEveryPredictionAboveMinusOne() throws {
        let error = try #require(throws: SubmissionRefused.self) {
            try Scorer.score(data: file { $0 == 3 ? "-5" : "150" }, name: "probe.csv", solution: try solution(.rmsle, shuffledWith: nil))
        }
        #expect(error.groups.map(\.kind) == [.outOfDomain])
        #expect(error.groups[0].examples[0].line == 4)
    }
}
