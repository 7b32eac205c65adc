import Foundation
import Testing

@testable import PodiumCore

/// `podium baseline` against scikit-learn's same models (scripts/baseline_fixtures.py) on the
/// Palmer penguins made into three challenges: multiclass labels, binary probabilities with
/// missing targets left out, and a regression.
@Suite struct BaselineTests {
    struct Fixtures: Decodable {
        struct Case: Decodable {
            var target: String
            var model: String
            var metric: String
            var scores: [String: [String: Double]]
            var features: Int
        }
        var cases: [Case]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/baseline", withExtension: "json")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    /// The penguins as `podium new --from … --target` makes them (seed 42).
    func challenge(_ target: String, in folder: TemporaryDirectory) throws -> Challenge {
        let raw = ChallengeDraftTests.penguins
        let draft = try ChallengeDraft.infer(raw, file: "penguins.csv", target: target, id: nil)
        let split = try Splitter.split(
            raw, file: "penguins.csv",
            options: SplitOptions(target: target, task: draft.task, classes: draft.task.isClassification ? draft.classes : nil))
        let root = folder.url.appending(path: target)
        _ = try Scaffold.create(at: root, draft: draft)
        try Splitter.write(split, to: root)
        return try Challenge.open(root)
    }

    @Test(arguments: ["species", "sex", "body_mass_g"])
    func scoresAsScikitLearnsSameModel(target: String) throws {
        let folder = try temporaryFolder()
        let opened = try challenge(target, in: folder)
        for model in BaselineModel.allCases {
            let expected = try #require(Self.fixtures.cases.first { $0.target == target && $0.model == model.rawValue })
            let result = try Baseline.fit(opened, model: model)
            let written = try Baseline.write(result, to: opened)
            #expect(written.manifest.baseline == "reference/baseline.csv")
            if model == .linear { #expect(result.features?.width == expected.features) }
            let report = try Scorer.score(file: try #require(written.baselineURL), solution: written.loadSolution())
            #expect(report.metric.rawValue == expected.metric)
            for (metric, parts) in expected.scores {
                for part in Part.allCases {
                    let name = try #require(Metric(rawValue: metric))
                    let got = try #require(report.scores[part][name])
                    let want = try #require(parts[part.rawValue])
                    // The same optimum found by another solver: equal to far better than a
                    // board's rounding.
                    #expect(abs(got - want) <= 1e-4 * max(1, abs(want)), "\(target) \(model) \(metric) \(part): \(got) against \(want)")
                }
            }
        }
    }

    @Test func theManifestKeepsEverythingElseAndIsNeverLeftBroken() throws {
        let folder = try temporaryFolder()
        let opened = try challenge("species", in: folder)
        let before = try String(contentsOf: opened.manifestURL, encoding: .utf8)
        let updated = try Baseline.write(try Baseline.fit(opened, model: .majority), to: opened)
        let after = try String(contentsOf: updated.manifestURL, encoding: .utf8)
        #expect(after.components(separatedBy: "\n").count == before.components(separatedBy: "\n").count)
        #expect(after.contains("\nbaseline: reference/baseline.csv   # written by podium baseline (majority)\n"))
        #expect(!after.contains("# baseline:"))
        // Run again: the line is replaced, not added.
        let again = try Baseline.write(try Baseline.fit(updated, model: .linear), to: updated)
        let text = try String(contentsOf: again.manifestURL, encoding: .utf8)
        #expect(text.components(separatedBy: "\nbaseline:").count == 2)
        // A manifest that does not read is left as it was, and no baseline is written.
        let broken = folder.url.appending(path: "broken")
        try FileManager.default.copyItem(at: opened.root, to: broken)
        let brokenChallenge = try Challenge.open(broken)
        try FileManager.default.removeItem(at: broken.appending(path: "reference/baseline.csv"))
        let bad = text.replacingOccurrences(of: "metric: balanced_accuracy", with: "metric: rmse")
        try bad.write(to: brokenChallenge.manifestURL, atomically: true, encoding: .utf8)
        #expect(throws: ManifestError.self) { try Baseline.write(try Baseline.fit(brokenChallenge, model: .majority), to: brokenChallenge) }
        #expect(try String(contentsOf: brokenChallenge.manifestURL, encoding: .utf8) == bad)
        #expect(!FileManager.default.fileExists(atPath: broken.appending(path: "reference/baseline.csv").path))
    }

    @Test func missingTargetsAreLeftOutOfTheSplitAndSaid() throws {
        let split = try Splitter.split(ChallengeDraftTests.penguins, file: "penguins.csv", options: SplitOptions(target: "sex"))
        #expect(split.unlabelled == [5, 10, 11, 12, 13, 49, 180, 220, 258, 270, 273])
        #expect(split.train.rows.count + split.test.rows.count == 333)
        #expect(split.classes.sorted() == ["female", "male"])
    }
}
