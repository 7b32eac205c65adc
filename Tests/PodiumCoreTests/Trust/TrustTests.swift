import Foundation
import Testing

@testable import PodiumCore

/// Nothing a participant or an author sends makes a score non-finite, a message unbounded, or a
/// path lead outside the challenge folder.
@Suite struct TrustTests {
    /// The diabetes example's submission with one value replaced.
    func diabetesSubmission(replacingFirstValueWith value: String) throws -> String {
        let text = try String(contentsOf: repositoryRoot.appending(path: "submissions/diabetes/bravo/01-linear.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let id = lines[1].split(separator: ",")[0]
        lines[1] = "\(id),\(value)"
        return lines.joined(separator: "\n")
    }

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

    @Test func echoShortensAndNeutralizesControls() {
        #expect(Echo.text("abc") == "abc")
        #expect(Echo.text(String(repeating: "é", count: 100)) == String(repeating: "é", count: 60) + "…")
        #expect(Echo.text("a\u{1B}[31mred\nb") == "a�[31mred�b")
        let bytes = Array(String(repeating: "€", count: 1000).utf8)
        bytes.withUnsafeBufferPointer { #expect(Echo.text(bytes: $0) == String(repeating: "€", count: 60) + "…") }
        #expect(Echo.list((0..<20).map(String.init)).hasSuffix("… (8 more)"))
        #expect(Echo.fileName("../../etc/passwd") == "passwd")
        #expect(Echo.fileName("a b<script>.csv") == "a b_script_.csv")
        #expect(Echo.fileName("modèle forêt (v2).csv") == "modèle forêt (v2).csv")
        #expect(Echo.fileName("a\u{202E}vsc.exe\u{0}\"'.csv") == "a_vsc.exe___.csv")
        #expect(Echo.fileName("  .hidden.csv ") == "hidden.csv")
        #expect(Echo.fileName(String(repeating: "n", count: 5_000) + ".csv.gz").count == 100)
        #expect(Echo.fileName(String(repeating: "n", count: 5_000) + ".csv.gz").hasSuffix(".csv.gz"))
        #expect(Echo.fileName("..") == "submission.csv")
    }

    // MARK: - challenge.yaml

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

    // MARK: - README

    @Test func rawHTMLInAReadmeIsFoundOutsideCode() {
        let readme = """
            # Title
            Some <b>bold</b> text and `<code>` in a span.

            ```html
            <script>alert(1)</script>
            ```
                <indented>
            <script>alert(2)</script>
            <!-- a comment -->
            Less than: 3 < 4 and a > b.
            """
        #expect(
            ReadmeAudit.rawHTML(in: readme) == [
                ReadmeAudit.Finding(line: 2, tag: "<b>"), ReadmeAudit.Finding(line: 8, tag: "<script>"), ReadmeAudit.Finding(line: 9, tag: "<!--"),
            ])
    }

    @Test func checkWarnsAboutRawHTMLInTheReadme() throws {
        let folder = try temporaryFolder()
        let root = folder.url.appending(path: "tiny")
        for item in ["challenge.yaml", "README.md", "data", "reference"] {
            try FileManager.default.copyItem(
                at: repositoryRoot.appending(path: "challenges/breast-cancer/\(item)"), to: root.appending(path: item).creatingFolder())
        }
        try write("# Breast cancer\n\n<img src=x onerror=alert(1)>\n", to: root.appending(path: "README.md"))
        let report = ChallengeCheck.run(try Challenge.open(root))
        #expect(report.warnings.contains { $0.kind == "readme" && $0.message.hasPrefix("README.md line 3: raw HTML <img") })
    }
}

extension URL {
    /// The URL, once its parent folder exists.
    fileprivate func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}

/// A submission's description: one line of display text, bounded.
@Suite struct SubmissionNoteTests {
    @Test func descriptionsAreOneLineOfText() throws {
        #expect(try SubmissionNote.clean(nil) == nil)
        #expect(try SubmissionNote.clean("  \n\t ") == nil)
        #expect(try SubmissionNote.clean("gradient boosting\r\n300 trees\t lr=0.1 ") == "gradient boosting 300 trees lr=0.1")
        // Bidirectional overrides, zero-width characters and controls are dropped.
        #expect(try SubmissionNote.clean("a\u{202E}b\u{200B}c\u{0}d\u{7}") == "abcd")
        #expect(try SubmissionNote.clean("modèle forêt 🌲") == "modèle forêt 🌲")
        #expect(try SubmissionNote.clean(String(repeating: "é", count: 500))?.count == 500)
        #expect(throws: SubmissionNote.TooLong(characters: 501)) { try SubmissionNote.clean(String(repeating: "é", count: 501)) }
    }

    @Test func timesCarrySecondsAndTheirZone() {
        let date = ISO8601.parse("2027-01-15T10:00:07+01:00")!
        #expect(Formats.time(date, zone: TimeZone(identifier: "Europe/Paris")!) == "2027-01-15 10:00:07 GMT+1")
        #expect(Formats.time(date, zone: .gmt) == "2027-01-15 09:00:07 UTC")
        #expect(Formats.bytes(812) == "812 B" && Formats.bytes(14_200) == "14 kB" && Formats.bytes(3_100_000) == "3.1 MB")
    }
}
