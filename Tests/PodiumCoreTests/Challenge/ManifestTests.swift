import Foundation
import Testing

@testable import PodiumCore

@Suite struct ManifestTests {
    func problems(_ yaml: String) -> [ManifestProblem] {
        do {
            _ = try ChallengeManifest.parse(yaml: yaml, file: "challenge.yaml")
            return []
        } catch let error as ManifestError {
            return error.problems
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func examplesLoad() throws {
        for slug in ["breast-cancer", "wine", "diabetes", "relu-teacher"] {
            let m = try exampleChallenge(slug).manifest
            #expect(m.slug == slug)
        }
        let bc = try exampleChallenge("breast-cancer").manifest
        #expect(bc.positiveIndex == 1)
        #expect(bc.phases.first?.maxPerDay == 5)
        #expect(bc.timezone == "Europe/Paris")
    }

    @Test func defaults() throws {
        let m = try ChallengeManifest.parse(yaml: minimalManifest)
        #expect(m.submission == .probability)
        #expect(m.phases == [Phase.alwaysOpen])
        #expect(m.phases[0].finalSelection == 2)
        #expect(m.grading.policy == .linear)
        #expect(m.grading.scale == 20)
        let r = try ChallengeManifest.parse(yaml: "slug: reg\ntitle: R\nversion: 2\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n")
        #expect(r.submission == .value)
    }

    /// `board_names`: team names on public pages unless the author opts in to members.
    @Test func boardNames() throws {
        #expect(try ChallengeManifest.parse(yaml: minimalManifest).boardNames == nil)
        #expect(try ChallengeManifest.parse(yaml: minimalManifest + "board_names: members\n").boardNames == .members)
        let found = problems(minimalManifest + "board_names: everyone\n")
        #expect(found.count == 1)
        #expect(found[0].message.contains("expected one of teams, members"))
    }

    /// `ranking` and `grading.uncertainty`: defaults, values, and bounds named with their line.
    @Test func rankingAndGradeUncertainty() throws {
        let plain = try ChallengeManifest.parse(yaml: minimalManifest)
        #expect(plain.bootstrap == RankingSettings())
        #expect(plain.bootstrap.bootstrap == 1000)
        #expect(plain.bootstrap.confidence == 0.95)
        #expect(plain.grading.uncertainty == nil)
        #expect(!plain.grading.usesExpectedGrade)
        let set = try ChallengeManifest.parse(
            yaml: minimalManifest + "ranking: {bootstrap: 200, confidence: 0.9, seed: 7}\ngrading: {uncertainty: expected}\n")
        #expect(set.bootstrap == RankingSettings(bootstrap: 200, confidence: 0.9, seed: 7))
        #expect(set.bootstrapSeed == 7)
        #expect(set.grading.usesExpectedGrade)
        #expect(try ChallengeManifest.parse(yaml: minimalManifest + "ranking: {bootstrap: 0}\n").bootstrap.bootstrap == 0)
        let bad = problems(minimalManifest + "ranking:\n  confidence: 1.5\n  bootstrap: -1\n  seed: x\n  resamples: 5\n")
        #expect(Set(bad.map(\.key)) == ["ranking.confidence", "ranking.bootstrap", "ranking.seed", "ranking.resamples"])
        #expect(bad.first { $0.key == "ranking.confidence" }?.line == 11)
        #expect(problems(minimalManifest + "grading: {uncertainty: maybe}\n").first?.message.contains("none, expected") == true)
        // A manifest stored before these keys existed still decodes.
        var json = try JSONText.encode(plain)
        json = json.replacingOccurrences(of: ",\"ranking\":null", with: "")
        #expect(try JSONText.decode(ChallengeManifest.self, from: json) == plain)
    }

    @Test func unknownKeyNamesLineAndKey() {
        let p = problems(minimalManifest + "colour: blue\n")
        #expect(p.count == 1)
        #expect(p[0].line == 10)
        #expect(p[0].key == "colour")
        #expect(p[0].description.hasPrefix("challenge.yaml line 10: colour: unknown key"))
    }

    @Test func wrongType() {
        let p = problems(minimalManifest.replacingOccurrences(of: "version: 1", with: "version: one"))
        #expect(p.map(\.key) == ["version"])
        #expect(p[0].line == 3)
        #expect(p[0].message.contains("whole number"))
    }

    @Test func metricMustFitTheTask() {
        let yaml = "slug: reg\ntitle: R\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: roc_auc\n"
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p[0].key == "metric")
        #expect(p[0].line == 7)
        #expect(p[0].message.contains("does not fit a regression task"))
        #expect(problems(minimalManifest + "metrics: [rmse]\n").first?.key == "metrics")
        #expect(problems(minimalManifest.replacingOccurrences(of: "roc_auc", with: "auc")).first?.message.contains("unknown metric") == true)
    }

    @Test func classesRequiredForClassification() {
        let yaml = minimalManifest.replacingOccurrences(of: "classes: [a, b]\n", with: "")
        let p = problems(yaml)
        #expect(p.contains { $0.key == "classes" && $0.message.contains("required") })
        let noPositive = problems(minimalManifest.replacingOccurrences(of: "positive: b\n", with: ""))
        #expect(noPositive.contains { $0.key == "positive" })
        let wrongPositive = problems(minimalManifest.replacingOccurrences(of: "positive: b", with: "positive: c"))
        #expect(wrongPositive.contains { $0.key == "positive" && $0.line == 8 })
    }

    @Test func phaseClosingBeforeItOpens() {
        let yaml =
            minimalManifest + """
                phases:
                  - name: main
                    opens: 2027-02-01T09:00:00+01:00
                    closes: 2027-01-01T09:00:00+01:00

                """
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p[0].key == "phases[0].closes")
        #expect(p[0].line == 13)
        #expect(p[0].message.contains("closes before it opens"))
    }

    @Test func datesNeedAnOffset() {
        let p = problems(minimalManifest + "phases:\n  - name: main\n    opens: 2027-02-01T09:00:00\n")
        #expect(p.first?.key == "phases[0].opens")
        #expect(p.first?.message.contains("offset") == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let p = problems("slug: A!\ntitle: T\nversion: 0\ntask: ternary\nid: id\ntarget: y\nmetric: rmse\nextra: 1\n")
        #expect(Set(p.map(\.key)).isSuperset(of: ["slug", "version", "task", "extra"]))
    }

    @Test func invalidYAMLIsLocated() {
        let p = problems("slug: [unclosed\ntitle: x\n")
        #expect(p.count == 1)
        #expect(p[0].line != nil)
        #expect(p[0].message.hasPrefix("invalid YAML"))
    }

    @Test func timezoneDefaultsToTheFirstOpeningOffset() throws {
        let m = try ChallengeManifest.parse(yaml: minimalManifest + "phases:\n  - name: main\n    opens: 2027-02-01T09:00:00+01:00\n")
        #expect(m.timeZone.secondsFromGMT(for: Date()) == 3600)
    }
}
