import Foundation
import Testing

@testable import PodiumCore

/// An author's manifest cannot make numbers unbounded or paths lead outside the challenge folder.
@Suite struct ManifestTrustTests {
    func manifestProblems(_ extra: String, base: String = minimalManifest) -> [ManifestProblem] {
        do {
            _ = try ChallengeManifest.parse(yaml: base + extra)
            return []
        } catch let error as ManifestError {
            return error.problems
        } catch {
            return [ManifestProblem(file: "?", line: nil, key: "?", message: "\(error)")]
        }
    }

    @Test func manifestNumbersAreBoundedWithTheirLine() {
        let base = minimalManifest.replacingOccurrences(of: "version: 1\n", with: "")
        let cases: [(String, String)] = [
            ("version: 99999999999999\n", "version"),
            ("version: 1\ngrading:\n  scale: 1e300\n", "grading.scale"),
            ("version: 1\ngrading:\n  rounding: 1e-300\n", "grading.rounding"),
            ("version: 1\ngrading:\n  no_submission: 50\n", "grading.no_submission"),
            ("version: 1\ngrading:\n  policy: thresholds\n  thresholds:\n    - {score: 0.5, grade: 1e9}\n", "grading.thresholds.grade"),
            ("version: 1\nphases:\n  - name: a\n    max_per_day: 9223372036854775807\n", "phases[0].max_per_day"),
            ("version: 1\nphases:\n  - name: a\n    max_total: 100000000000\n", "phases[0].max_total"),
            ("version: 1\nphases:\n  - name: a\n    final_selection: 1000000\n", "phases[0].final_selection"),
        ]
        for (extra, key) in cases {
            let problems = manifestProblems(extra, base: base)
            let problem = problems.first { $0.key == key }
            #expect(problem != nil, "\(key): \(problems)")
            #expect(problem?.line != nil, "\(key) is located")
        }
    }

    @Test func baselinePathsStayInsideTheFolder() {
        for path in ["../outside.csv", "/etc/passwd", "reference/../../x.csv", "~/x.csv", "a\\..\\b.csv"] {
            let problems = manifestProblems("baseline: \"\(path.replacingOccurrences(of: "\\", with: "\\\\"))\"\n")
            #expect(problems.count == 1, "\(path)")
            #expect(problems.first?.key == "baseline")
            #expect(problems.first?.line == 10)
        }
        #expect(manifestProblems("baseline: reference/baseline.csv\n").isEmpty)
    }

    @Test func aBaselineLinkLeadingOutsideIsRefused() throws {
        let folder = try temporaryFolder()
        let root = folder.url.appending(path: "c")
        try write(minimalManifest + "baseline: reference/baseline.csv\n", to: root.appending(path: "challenge.yaml"))
        let secret = try write("id,b\n1,0.5\n", to: folder.url.appending(path: "secret.csv"))
        try FileManager.default.createDirectory(at: root.appending(path: "reference"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appending(path: "reference/baseline.csv"), withDestinationURL: secret)
        let error = #expect(throws: PodiumError.self) { try Challenge.open(root) }
        #expect(error?.localizedDescription.contains("outside the challenge folder") == true)
    }
}
