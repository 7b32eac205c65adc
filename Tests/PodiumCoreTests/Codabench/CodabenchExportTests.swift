import Foundation
import Testing

@testable import PodiumCore

/// The exported bundle follows Codabench's rules, and its scoring program, run in Codabench's
/// layout, gives `podium score`'s values on every example challenge and submission.
@Suite struct CodabenchExportTests {
    static let slugs = ["breast-cancer", "wine", "diabetes", "relu-teacher"]
    static let now = ISO8601.parse("2026-11-24T10:00:00+00:00")!

    static func python() -> URL? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    /// Runs the scoring program as Codabench does: program, input/ref, input/res, output.
    static func runProgram(_ files: [String: Data], reference: String, submission: URL) throws -> (status: Int32, scores: [String: Double]) {
        let work = try TemporaryDirectory(prefix: "podium-codabench-run")
        func write(_ path: String, _ data: Data) throws {
            let url = work.url.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        for (path, data) in files where path.hasPrefix("scoring_program/") {
            try write("program/" + path.dropFirst("scoring_program/".count), data)
        }
        try write("input/ref/solution.csv", files["\(reference)/solution.csv"]!)
        try write("input/res/" + submission.lastPathComponent, Data(contentsOf: submission))
        let process = Process()
        process.executableURL = python()
        process.arguments = [
            work.url.appending(path: "program/score.py").path, work.url.appending(path: "input").path, work.url.appending(path: "output").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return (process.terminationStatus, [:]) }
        let json = try Data(contentsOf: work.url.appending(path: "output/scores.json"))
        return (0, try JSONSerialization.jsonObject(with: json) as? [String: Double] ?? [:])
    }

    @Test(arguments: slugs)
    func bundleFollowsCodabenchsRules(_ slug: String) throws {
        let challenge = try Challenge.open(repositoryRoot.appending(path: "challenges/\(slug)"))
        let (files, _) = try CodabenchExport.files(challenge, now: Self.now)
        let byPath = Dictionary(files, uniquingKeysWith: { a, _ in a })
        #expect(CodabenchValidator.validate(files: byPath) == [])
        let yaml = String(decoding: byPath["competition.yaml"]!, as: UTF8.self)
        #expect(yaml.contains("auto_migrate_to_this_phase: true"))
        #expect(yaml.contains("hide_output: true"))
        #expect(yaml.contains("max_submissions: 1"))
        #expect(yaml.contains("key: \"\(challenge.manifest.metric.rawValue)\""))
        // Only their rows in each reference.
        let solution = try challenge.loadSolution()
        let lines = { (path: String) in String(decoding: byPath[path]!, as: UTF8.self).split(separator: "\n").count - 1 }
        #expect(lines("reference_public/solution.csv") == solution.publicCount)
        #expect(lines("reference_private/solution.csv") == solution.count - solution.publicCount)
    }

    @Test(.enabled(if: python() != nil), arguments: slugs)
    func scoringProgramAgreesWithPodium(_ slug: String) throws {
        let challenge = try Challenge.open(repositoryRoot.appending(path: "challenges/\(slug)"))
        let files = Dictionary(try CodabenchExport.files(challenge, now: Self.now).files, uniquingKeysWith: { a, _ in a })
        let solution = try challenge.loadSolution()
        let folder = repositoryRoot.appending(path: "submissions/\(slug)")
        var checked = 0
        for team in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.appending(path: team).path).sorted() where name.hasSuffix(".csv") {
                let file = folder.appending(path: "\(team)/\(name)")
                let podium = try? Scorer.score(file: file, solution: solution)
                for (reference, part) in [("reference_public", Part.public), ("reference_private", .private)] {
                    let (status, scores) = try Self.runProgram(files, reference: reference, submission: file)
                    guard let podium else {
                        #expect(status != 0, "\(team)/\(name): Podium refuses it, the program scored it")
                        continue
                    }
                    #expect(status == 0, "\(team)/\(name): the program refused a file Podium scores")
                    for (metric, value) in podium.scores[part] {
                        let theirs = try #require(scores[metric.rawValue], "\(team)/\(name) \(reference): no \(metric)")
                        #expect(abs(theirs - value) <= 1e-9 * max(1, abs(value)), "\(team)/\(name) \(reference) \(metric): \(theirs) vs \(value)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= 6)
    }

    /// Every catalog metric of the scoring program, degenerate cases included, against the
    /// scikit-learn fixtures of the metric tests (the examples use only some metrics).
    @Test(.enabled(if: python() != nil)) func everyMetricAgreesWithScikitLearn() throws {
        let process = Process()
        process.executableURL = Self.python()
        process.arguments = [
            repositoryRoot.appending(path: "scripts/check_codabench_metrics.py").path,
            repositoryRoot.appending(path: "Sources/PodiumCore/Resources/codabench_score.py").path,
            repositoryRoot.appending(path: "Tests/PodiumCoreTests/Fixtures/metrics.json").path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasPrefix("704 values checked"))
    }

    @Test func validationFindsWhatCodabenchRefuses() {
        let yaml = """
            version: 2
            title: T
            image: logo.png
            terms: pages/terms.md
            pages: [{title: A, file: pages/a.md}]
            tasks: [{index: 0, name: t, scoring_program: scoring_program}, {index: 0, name: u, scoring_program: missing}]
            phases:
              - {index: 0, name: dev, start: 2026-01-01 10:00:00, tasks: [0], auto_migrate_to_this_phase: true}
              - {index: 1, name: final, start: "2026-02-01 00:00:00", tasks: [3]}
            leaderboard: []
            """
        let files: [String: Data] = [
            "competition.yaml": Data(yaml.utf8), "logo.png": Data("not an image".utf8), "pages/terms.md": Data(),
            "scoring_program/score.py": Data("x".utf8),
        ]
        let problems = CodabenchValidator.validate(files: files)
        for expected in [
            "not a PNG", "terms", "page \"pages/a.md\"", "index 0 appears twice", "is not quoted", "must have an end", "task 3",
            "first phase cannot have auto_migrate", "leaderboards is missing", "unknown key \"leaderboard\"", "metadata.yaml",
        ] {
            #expect(problems.contains { $0.contains(expected) }, "no problem mentions \(expected): \(problems)")
        }
        #expect(CodabenchValidator.validate(files: ["bundle/competition.yaml": Data()]).first?.contains("not at the root") == true)
        // Codabench reads month-day-year dates and plain dates (midnight) without complaint.
        #expect(CodabenchValidator.parseDate("12-31-2026") != nil)
        #expect(CodabenchValidator.parseDate("2026-01-01") != nil)
    }
}
