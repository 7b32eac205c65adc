import Foundation
import Testing

/// The built `podium` binary, run as users run it.
struct Podium {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "podium")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appending(path: ".build/debug/podium")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `podium arguments…`, or `executable arguments…` (a wrapper such as nsenter that runs podium).
    static func launch(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func finish(_ launched: (Process, Pipe, Pipe)) -> Result {
        let (process, out, err) = launched
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `finish`, awaiting the process's end instead of blocking: a test that waits for a worker
    /// tens of seconds must not hold one of the few threads of Swift's concurrency pool (two,
    /// on two cores), which every async test and live server of the test process shares.
    static func finished(_ launched: (Process, Pipe, Pipe)) async -> Result {
        // Polled: a termination handler set after the launch can miss an end that Foundation
        // saw before it was set (and then the test waits forever).
        while launched.0.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        return finish(launched)
    }

    /// Whether `condition` holds within `seconds`, looked at every 0.2 s without blocking a thread.
    static func within(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    /// `run`, awaited (see `finished`).
    @discardableResult
    static func exec(_ arguments: String..., environment: [String: String] = [:]) async throws -> Result {
        await finished(try launch(arguments, environment: environment))
    }

    @discardableResult
    static func run(_ arguments: String..., environment: [String: String] = [:]) throws -> Result {
        finish(try launch(arguments, environment: environment))
    }
}

func temporary() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "podium-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct CLITests {
    /// `--strict` is for leaks and bias: digits has no baseline, so its resolution cannot be
    /// measured; the advice is printed, and the check passes.
    @Test func strictLetsTheResolutionAdvicePass() throws {
        let r = try Podium.run("check", "challenges/digits", "--strict")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("⚠ resolution"))
    }

    @Test func scoreJSONHasTheContractShape() throws {
        let r = try Podium.run("score", "challenges/breast-cancer", "submissions/breast-cancer/bravo/01-logreg.csv", "--json")
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["challenge"] as? String == "breast-cancer")
        #expect(json["version"] as? Int == 1)
        #expect(json["metric"] as? String == "roc_auc")
        #expect(json["rows"] as? Int == 228)
        let scores = try #require(json["scores"] as? [String: [String: Double]])
        #expect(Set(scores.keys) == ["public", "private", "all"])
        #expect(scores["public"]?["roc_auc"] != nil)
        #expect(scores["public"]?["log_loss"] != nil)
    }

    @Test func exitCodes() throws {
        let refused = try Podium.run("score", "challenges/breast-cancer", "submissions/breast-cancer/delta/01-broken.csv")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("01-broken.csv line 5: diagnosis = 1.7 is not a probability between 0 and 1"))
        #expect(refused.stdout.isEmpty)
        #expect(try Podium.run("score", "challenges/breast-cancer").status == 64)
        #expect(try Podium.run("score", "challenges/breast-cancer", "x.csv", "--metric", "nope").status == 64)
        #expect(try Podium.run("split", "x.csv", "--out", "y", "--target", "t", "--test", "1.5").status == 64)
        #expect(try Podium.run("check", "no/such/folder").status == 1)
        let unwritable = try Podium.run("pack", "challenges/wine", "-o", "/proc/podium-cannot-write-here")
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("/proc/podium-cannot-write-here: cannot be written"))
        let missing = try Podium.run("score", "challenges/breast-cancer", "no-such-file.csv")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-file.csv"))
    }

    @Test func bundleScoresLikeTheFolder() throws {
        let out = try temporary()
        #expect(try Podium.run("pack", "challenges/wine", "-o", out.path).status == 0)
        let bundle = out.appending(path: "wine-v1.podium").path
        let a = try Podium.run("score", bundle, "submissions/wine/bravo/01-logreg.csv", "--json")
        let b = try Podium.run("score", "challenges/wine", "submissions/wine/bravo/01-logreg.csv", "--json")
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(try Podium.run("inspect", bundle).stdout.contains("every SHA-256 verified"))
    }

    @Test func newSplitCheckPack() throws {
        let dir = try temporary().appending(path: "iris-like")
        #expect(try Podium.run("new", dir.path).status == 0)
        #expect(try Podium.run("new", dir.path).status == 1)  // not empty any more
        let yaml = try String(contentsOf: dir.appending(path: "challenge.yaml"), encoding: .utf8)
        #expect(yaml.contains("slug: iris-like"))
        let split = try Podium.run(
            "split", "challenges/wine/source/wine.csv", "--out", dir.path, "--target", "cultivar", "--seed", "3", "--task", "multiclass")
        #expect(split.status == 1)  // challenge.yaml says target: label
        try yaml.replacingOccurrences(of: "target: label", with: "target: cultivar")
            .replacingOccurrences(of: "task: binary", with: "task: multiclass")
            .replacingOccurrences(of: "classes: [\"0\", \"1\"]", with: "classes: [cultivar_1, cultivar_2, cultivar_3]")
            .replacingOccurrences(of: "positive: \"1\"", with: "")
            .replacingOccurrences(of: "metric: roc_auc", with: "metric: roc_auc_ovr")
            .write(to: dir.appending(path: "challenge.yaml"), atomically: true, encoding: .utf8)
        let ok = try Podium.run("split", "challenges/wine/source/wine.csv", "--out", dir.path, "--target", "cultivar", "--seed", "3")
        #expect(ok.status == 0, "\(ok.stderr)")
        let check = try Podium.run("check", dir.path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("solution   71 rows"))
        #expect(try Podium.run("pack", dir.path, "-o", dir.appending(path: "out").path).status == 0)
    }

    /// An author's first challenge from a real file (the Palmer penguins, with NA values and
    /// text columns): filled from the data, split, a baseline, checked; a binôme's first file,
    /// read and written by pandas as most will, is refused with one id_format problem when the
    /// ids are zero-padded, and accepted once read as text.
    @Test func aFirstChallengeFromARawFileAndAFirstSubmissionThroughPandas() throws {
        let penguins = "Tests/PodiumCoreTests/Fixtures/penguins/penguins.csv"
        let work = try temporary()
        let dir = work.appending(path: "penguins")
        // A wrong target: exit 1 naming the columns, and no folder left behind.
        let wrong = try Podium.run("new", dir.path, "--from", penguins, "--target", "Species")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("penguins.csv line 1: no target column \"Species\"; the columns are species, island"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        #expect(try Podium.run("new", dir.path, "--from", penguins).status != 0)  // --from needs --target

        let made = try Podium.run("new", dir.path, "--from", penguins, "--target", "species")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("task:        multiclass"))
        #expect(made.stdout.contains("metric:      balanced_accuracy"))
        #expect(made.stdout.contains("change any of these in challenge.yaml"))
        #expect(made.stdout.contains("Next: podium baseline"))
        let baseline = try Podium.run("baseline", dir.path)
        #expect(baseline.status == 0, "\(baseline.stderr)")
        #expect(baseline.stdout.contains("logistic regression (L2, C = 1) on 10 features"))
        let check = try Podium.run("check", dir.path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("baseline   balanced_accuracy public 0.97436"))
        #expect(!check.stdout.contains("without a baseline"))

        // The plain ids of the split survive pandas' defaults.
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        let probe = try Podium.finish(Podium.launch(["-c", "import pandas"], executable: python))
        try #require(probe.status == 0, "pandas is missing: apt-get install python3-pandas")
        let predict = """
            import sys, pandas as pd
            kwargs = {"dtype": {"id": str}} if sys.argv[3] == "text" else {}
            test = pd.read_csv(sys.argv[1], **kwargs)
            test["species"] = ["Gentoo" if f > 206 else ("Chinstrap" if b > 44 else "Adelie") for f, b in zip(test["flipper_length_mm"].fillna(0), test["bill_length_mm"].fillna(0))]
            test[["id", "species"]].to_csv(sys.argv[2], index=False)
            """
        let plain = work.appending(path: "plain.csv")
        #expect(
            try Podium.finish(Podium.launch(["-c", predict, dir.appending(path: "data/test.csv").path, plain.path, "numbers"], executable: python))
                .status == 0)
        let scored = try Podium.run("score", dir.path, plain.path)
        #expect(scored.status == 0, "\(scored.stderr)")

        // Ids zero-padded by the author (as every split wrote them before): pandas drops the zeros.
        let padded = work.appending(path: "padded")
        try FileManager.default.copyItem(at: dir, to: padded)
        for file in ["data/test.csv", "data/train.csv", "reference/solution.csv"] {
            let url = padded.appending(path: file)
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let rewritten = lines.enumerated().map { i, line -> String in
                guard i > 0, let comma = line.firstIndex(of: ","), let id = Int(line[..<comma]) else { return String(line) }
                return String(format: "%03d", id) + line[comma...]
            }
            try rewritten.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        try FileManager.default.removeItem(at: padded.appending(path: "reference/baseline.csv"))
        let manifest = padded.appending(path: "challenge.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "\nbaseline:", with: "\n# baseline:")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let numbers = work.appending(path: "numbers.csv")
        #expect(
            try Podium.finish(
                Podium.launch(["-c", predict, padded.appending(path: "data/test.csv").path, numbers.path, "numbers"], executable: python)
            ).status == 0)
        let refused = try Podium.run("score", padded.path, numbers.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("numbers.csv was refused: 1 problem of 1 kind"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ids written in another format (1):"))
        #expect(refused.stderr.contains("all 33 ids not in the test set match a test id once normalised: leading zeros were dropped"))
        #expect(refused.stderr.contains("dtype={\"id\": str}"))
        #expect(!refused.stderr.contains("is not in the test set"))
        #expect(!refused.stderr.contains("has no prediction"))
        let text = work.appending(path: "text.csv")
        #expect(
            try Podium.finish(Podium.launch(["-c", predict, padded.appending(path: "data/test.csv").path, text.path, "text"], executable: python))
                .status == 0)
        let fixed = try Podium.run("score", padded.path, text.path)
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    @Test func badManifestExitsOneWithFileAndLine() throws {
        let dir = try temporary()
        try "slug: ok-slug\ntitle: T\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: roc_auc\n".write(
            to: dir.appending(path: "challenge.yaml"), atomically: true, encoding: .utf8)
        let r = try Podium.run("check", dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("challenge.yaml line 7: metric: roc_auc does not fit a regression task"))
    }

    @Test func demoRunsTheCourse() throws {
        let r = try Podium.run("demo")
        #expect(r.status == 0, "\(r.stderr)")
        for text in ["public board", "private board", "grades", "podium serve --data"] {
            #expect(r.stdout.contains(text))
        }
    }

    /// A store (`data`) with breast-cancer published from its bundle packed in `out`, and the
    /// course's roster imported when `roster` (its tokens in `out`/tokens.csv).
    func publishedBreastCancer(roster: Bool) throws -> (data: URL, out: URL) {
        let data = try temporary()
        let out = try temporary()
        #expect(try Podium.run("pack", "challenges/breast-cancer", "-o", out.path).status == 0)
        #expect(try Podium.run("publish", out.appending(path: "breast-cancer-v1.podium").path, "--data", data.path).status == 0)
        if roster {
            #expect(
                try Podium.run(
                    "roster", "import", "submissions/roster.csv", "--challenge", "breast-cancer", "--data", data.path, "--tokens-out",
                    out.appending(path: "tokens.csv").path
                ).status == 0)
        }
        return (data, out)
    }

    @Test func twoProcessesSubmittingAtOnceRespectTheLimit() throws {
        let (data, out) = try publishedBreastCancer(roster: true)
        // breast-cancer allows 5 a day: 8 processes at once, 5 accepted, 3 refused by the limit.
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(Podium.root.path)/submissions/breast-cancer/charlie").map {
            "submissions/breast-cancer/charlie/\($0)"
        }
        let launched = try (0..<8).map { i in
            try Podium.launch(["submit", "breast-cancer", "--team", "alpha", files[i % files.count], "--data", data.path])
        }
        let results = launched.map(Podium.finish)
        #expect(results.filter { $0.status == 0 }.count == 5)
        #expect(results.filter { $0.status == 1 && $0.stderr.contains("max_per_day") }.count == 3)
        let history = try Podium.run("submissions", "breast-cancer", "--team", "alpha", "--json", "--data", data.path)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 5)
        let tokens = try String(contentsOf: out.appending(path: "tokens.csv"), encoding: .utf8)
        #expect(tokens.hasPrefix("team,token\nalpha,team_"))
    }

    /// The tokens a roster import makes are shown once: their file is a CSV whatever the team
    /// names, readable by its owner only, and where it goes is checked before any team is
    /// made (a file that cannot be written left teams whose tokens nobody had).
    @Test func rosterTokensFileIsQuotedPrivateAndCheckedFirst() throws {
        let (data, out) = try publishedBreastCancer(roster: false)
        let roster = out.appending(path: "roster.csv")
        try "student_id,name,email,team\n1,\"Doe, Jane\",j@example.org,\"a,\"\"b\"\"\"\n".write(to: roster, atomically: true, encoding: .utf8)
        let blocker = out.appending(path: "not-a-folder")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let refused = try Podium.run(
            "roster", "import", roster.path, "--challenge", "breast-cancer", "--data", data.path, "--tokens-out",
            blocker.appending(path: "tokens.csv").path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(blocker.path)/tokens.csv: cannot be written"), "\(refused.stderr)")
        let tokens = out.appending(path: "tokens.csv")
        let imported = try Podium.run(
            "roster", "import", roster.path, "--challenge", "breast-cancer", "--data", data.path, "--tokens-out", tokens.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 new teams"), "the refused import made no team: \(imported.stdout)")
        let text = try String(contentsOf: tokens, encoding: .utf8)
        #expect(text.hasPrefix("team,token\n\"a,\"\"b\"\"\",team_"), "\(text)")
        let mode = try FileManager.default.attributesOfItem(atPath: tokens.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "no probe or temporary file is left: \(left)")
    }

    /// `grades SLUG --marks`: a mark of a student not on the challenge's sheet (a mistyped id)
    /// is named on standard error with its line, and the sheet is still written.
    @Test func gradesNameMarksOfStudentsNotInTheSheet() throws {
        let (data, out) = try publishedBreastCancer(roster: true)
        let marks = out.appending(path: "report.csv")
        try "Student_ID,report\n 22001234 ,14\n2200123,12\n".write(to: marks, atomically: true, encoding: .utf8)
        let r = try Podium.run("grades", "breast-cancer", "--marks", "report=\(marks.path):0.5", "--format", "csv", "--data", data.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: report.csv: 1 mark is of students not in this sheet, not used here: \"2200123\" (line 3)"), "\(r.stderr)")
        #expect(r.stdout.contains("\n22001234,"), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("22001234,") && $0.contains(",14,") }, "the padded id is the student's")
    }

    @Test func storeFromEnvironment() throws {
        let data = try temporary()
        let r = try Podium.run("leaderboard", "nope", environment: ["PODIUM_DATA": data.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no challenge \"nope\""))
        #expect(FileManager.default.fileExists(atPath: data.appending(path: "podium.sqlite").path))
    }
}

/// `kill -9` at any moment of `ingest` (many submits) or `publish` leaves the store whole: the
/// old state or the new, never an accepted submission without a score on the current board.
@Suite(.serialized) struct CrashTests {
    let data: URL
    let work: URL

    init() throws {
        data = try temporary()
        work = try temporary()
    }

    func podium(_ arguments: String...) throws -> Podium.Result {
        Podium.finish(try Podium.launch(arguments + ["--data", data.path]))
    }

    /// Runs `arguments` on a copy of the store, untouched, and returns how long it took.
    func duration(_ arguments: [String]) throws -> TimeInterval {
        let copy = try temporary()
        for name in try FileManager.default.contentsOfDirectory(atPath: data.path) {
            try FileManager.default.copyItem(at: data.appending(path: name), to: copy.appending(path: name))
        }
        let start = Date()
        let r = Podium.finish(try Podium.launch(arguments + ["--data", copy.path]))
        #expect(r.status == 0, "\(r.stderr)")
        return Date().timeIntervalSince(start)
    }

    /// Starts `arguments` and kills it with SIGKILL after `delay` seconds (if still running).
    func killed(_ arguments: [String], after delay: TimeInterval) throws {
        let launched = try Podium.launch(arguments + ["--data", data.path])
        Thread.sleep(forTimeInterval: delay)
        if launched.0.isRunning { kill(launched.0.processIdentifier, SIGKILL) }
        _ = Podium.finish(launched)
    }

    /// The store opens, and every accepted submission has a score (or a scoring error) for the
    /// current version. Returns that version.
    @discardableResult
    func expectWhole() throws -> Int {
        let board = try podium("leaderboard", "breast-cancer", "--format", "json")
        #expect(board.status == 0, "\(board.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(board.stdout.utf8)) as? [String: Any])
        let history = try podium("submissions", "breast-cancer", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        for row in rows where row["status"] as? String == "accepted" {
            #expect(row["publicScore"] != nil || row["scoringError"] != nil, "submission \(row["id"] ?? "?") has no score")
        }
        return try #require(json["version"] as? Int)
    }

    @Test func killedIngestAndPublishLeaveTheStoreWhole() throws {
        #expect(try Podium.run("pack", "challenges/breast-cancer", "-o", work.path).status == 0)
        #expect(try podium("publish", work.appending(path: "breast-cancer-v1.podium").path).status == 0)
        // 40 teams, 5 different files each (the daily limit).
        let teams = (0..<40).map { String(format: "t%02d", $0) }
        var roster = "student_id,name,email,team\n"
        for (i, team) in teams.enumerated() { roster += "\(1000 + i),Student \(i),s\(i)@example.org,\(team)\n" }
        try Data(roster.utf8).write(to: work.appending(path: "roster.csv"))
        #expect(try podium("roster", "import", work.appending(path: "roster.csv").path, "--challenge", "breast-cancer").status == 0)
        let base = try String(contentsOf: Podium.root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"), encoding: .utf8)
        let lines = base.split(separator: "\n").map(String.init)
        let inbox = work.appending(path: "inbox")
        for (t, team) in teams.enumerated() {
            for k in 0..<5 {
                let factor = 1 - Double(t * 5 + k) / 1000
                let body = lines.dropFirst().map { line -> String in
                    let parts = line.split(separator: ",")
                    return "\(parts[0]),\((Double(parts[1]) ?? 0.5) * factor)"
                }
                let file = inbox.appending(path: "\(team)/\(k).csv")
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(([lines[0]] + body).joined(separator: "\n").utf8).write(to: file)
            }
        }

        let ingest = ["ingest", "breast-cancer", inbox.path]
        let ingestTime = try duration(ingest)
        for fraction in [0.2, 0.5, 0.8] {
            try killed(ingest, after: ingestTime * fraction)
            #expect(try expectWhole() == 1)
        }
        #expect(try podium("ingest", "breast-cancer", inbox.path).status == 0)
        #expect(try expectWhole() == 1)

        // Version 2: the same challenge with another version number, rescoring 200 files.
        let source = work.appending(path: "v2")
        try FileManager.default.copyItem(at: Podium.root.appending(path: "challenges/breast-cancer"), to: source)
        let manifest = try String(contentsOf: source.appending(path: "challenge.yaml"), encoding: .utf8)
        try Data(manifest.replacingOccurrences(of: "version: 1\n", with: "version: 2\n").utf8).write(to: source.appending(path: "challenge.yaml"))
        #expect(try Podium.run("pack", source.path, "-o", work.path).status == 0)
        let publish = ["publish", work.appending(path: "breast-cancer-v2.podium").path]
        let publishTime = try duration(publish)
        var seen = Set<Int>()
        for fraction in [0.1, 0.3, 0.5, 0.7, 0.9] {
            try killed(publish, after: publishTime * fraction)
            seen.insert(try expectWhole())
        }
        let finished = try podium("publish", work.appending(path: "breast-cancer-v2.podium").path)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(try expectWhole() == 2)
        #expect(seen.contains(1), "some kill came before the switch")
    }

    @Test func hugePredictionsAreRefusedNotTrapped() throws {
        #expect(try Podium.run("pack", "challenges/diabetes", "-o", work.path).status == 0)
        #expect(try podium("publish", work.appending(path: "diabetes-v1.podium").path).status == 0)
        #expect(try podium("roster", "import", "submissions/roster.csv", "--challenge", "diabetes").status == 0)
        let text = try String(contentsOf: Podium.root.appending(path: "submissions/diabetes/bravo/01-linear.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines[1] = "\(lines[1].split(separator: ",")[0]),1e200"
        let file = work.appending(path: "huge.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let scored = try Podium.run("score", "challenges/diabetes", file.path)
        #expect(scored.status == 1)
        #expect(scored.stderr.contains("huge.csv line 2"))
        #expect(scored.stderr.contains("between -1e100 and 1e100"))
        #expect(!scored.stdout.contains("nan"))
        let submitted = try podium("submit", "diabetes", "--team", "alpha", file.path)
        #expect(submitted.status == 1, "\(submitted.stderr)")
        #expect(submitted.stderr.contains("line 2"))
        #expect(try podium("leaderboard", "diabetes", "--format", "json").status == 0)
    }
}

/// `podium submit --message`: the description is kept, shown in the receipt and the history;
/// one too long is refused with exit 1 and nothing recorded.
@Suite struct SubmitMessageTests {
    @Test func aDescriptionTravelsWithTheFile() throws {
        let data = try temporary()
        let work = try temporary()
        func podium(_ arguments: String...) throws -> Podium.Result { Podium.finish(try Podium.launch(arguments + ["--data", data.path])) }
        #expect(try Podium.run("pack", "challenges/diabetes", "-o", work.path).status == 0)
        #expect(try podium("publish", work.appending(path: "diabetes-v1.podium").path).status == 0)
        #expect(try podium("roster", "import", "submissions/roster.csv", "--challenge", "diabetes").status == 0)
        let file = "submissions/diabetes/bravo/01-linear.csv"
        let submitted = try podium("submit", "diabetes", "--team", "alpha", file, "--message", "linear on BMI,\tfirst try")
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("description: linear on BMI, first try"))
        let json = try podium("submit", "diabetes", "--team", "alpha", file, "-m", "again", "--json")
        #expect(json.stdout.contains("\"message\" : \"again\"") || json.stdout.contains("\"message\":\"again\""))
        let long = try podium("submit", "diabetes", "--team", "alpha", file, "-m", String(repeating: "x", count: 501))
        #expect(long.status == 1)
        #expect(long.stderr.contains("at most 500"))
        let history = try podium("submissions", "diabetes", "--json")
        #expect(history.stdout.components(separatedBy: "\"message\"").count - 1 == 2)
        let table = try podium("submissions", "diabetes")
        #expect(table.stdout.contains("linear on BMI, first try"))
        #expect(table.stdout.contains("description"))
    }
}

/// `podium check --json` and `--strict` (issue 18): a planted leak is a warning (exit 0), a
/// failure with --strict (exit 1), and one JSON document with its kind and advice.
@Suite struct CheckAuditTests {
    @Test func aLeakIsAWarningThatStrictRefuses() throws {
        let folder = try temporary().appending(path: "leaky")
        try FileManager.default.copyItem(at: Podium.root.appending(path: "challenges/breast-cancer"), to: folder)
        // A column that is the diagnosis under another name, in train.csv and test.csv.
        func addColumn(_ file: String, _ value: ([String], [String]) -> String) throws {
            let url = folder.appending(path: file)
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            let rows = lines.dropFirst().map { line -> String in line + "," + value(header, line.split(separator: ",").map(String.init)) }
            try Data(([lines[0] + ",diag_code"] + rows).joined(separator: "\n").utf8).write(to: url)
        }
        let answers = try String(contentsOf: folder.appending(path: "reference/solution.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            .reduce(into: [String: String]()) { map, line in
                let f = line.split(separator: ",").map(String.init)
                map[f[0]] = f[1]
            }
        try addColumn("data/train.csv") { header, row in row[header.firstIndex(of: "diagnosis")!] == "malignant" ? "M1" : "B0" }
        try addColumn("data/test.csv") { _, row in answers[row[0]] == "malignant" ? "M1" : "B0" }

        let plain = try Podium.run("check", folder.path)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("⚠ leaky-feature (1)"))
        #expect(plain.stdout.contains("→ drop column \"diag_code\""))
        let strict = try Podium.run("check", folder.path, "--strict")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("--strict: 1 warning"))
        let json = try Podium.run("check", folder.path, "--json")
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["challenge"] as? String == "breast-cancer")
        #expect((document["errors"] as? [Any])?.isEmpty == true)
        let warning = try #require((document["warnings"] as? [[String: Any]])?.first)
        #expect(warning["kind"] as? String == "leaky-feature")
        #expect(warning["column"] as? String == "diag_code")
        #expect((document["resolution"] as? [String: Any])?["reference"] as? String == "baseline")
    }

    @Test func theExamplesPassStrict() throws {
        for slug in ["breast-cancer", "wine", "diabetes", "relu-teacher"] {
            let result = try Podium.run("check", "challenges/\(slug)", "--strict", "--json")
            #expect(result.status == 0, "\(slug): \(result.stdout)")
            #expect(result.stdout.contains("\"warnings\" : [\n\n  ]") || result.stdout.contains("\"warnings\" : []"), "\(slug)")
        }
    }
}

/// `podium serve > log &`: the instructor token is in the log at once, not when the server stops.
@Suite struct ServeTests {
    @Test func theTokenLineIsWrittenAtOnce() throws {
        let folder = try temporary()
        let port = Int.random(in: 20_000..<60_000)
        let launched = try Podium.launch(["serve", "--data", folder.appending(path: "store").path, "--port", String(port)])
        let (process, out, _) = launched
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let first = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var text = ""
        DispatchQueue.global().async {
            text = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            first.signal()
        }
        #expect(first.wait(timeout: .now() + 20) == .success, "nothing on standard output after 20 s")
        #expect(text.contains("Instructor token (shown once, stored hashed): instructor_"))
    }
}

/// A script that starts a daemon (scripts/slurm.sh) must not hand it the descriptors it
/// inherited: Foundation's Process learns of a child's end when a socket it gave the child is
/// closed, so a daemon holding it kept the test that started the cluster waiting forever.
@Suite struct DaemonStartTests {
    @Test func aScriptThatLeavesADaemonRunningIsSeenToEnd() async throws {
        let marker = "6000.\(Int.random(in: 100_000...999_999))"
        let script = ". scripts/lib/detach.sh; detach_from_caller; sleep \(marker) & exit 0"
        let launched = try Podium.launch(["-c", script], executable: URL(fileURLWithPath: "/bin/bash"))
        // -9: the test process ignores SIGTERM (a server's graceful shutdown), and so do its children.
        defer {
            let killer = try? Podium.launch(["-9", "-f", "sleep \(marker)"], executable: URL(fileURLWithPath: "/usr/bin/pkill"))
            killer?.0.waitUntilExit()
        }
        #expect(try await Podium.within(10) { !launched.0.isRunning }, "the script's end was not seen while its daemon runs")
    }
}
