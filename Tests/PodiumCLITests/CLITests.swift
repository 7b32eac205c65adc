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

    static func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
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
        #expect(scores["public"]?["roc_auc"] != nil && scores["public"]?["log_loss"] != nil)
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
        #expect(unwritable.status == 1 && unwritable.stderr.contains("/proc/podium-cannot-write-here: cannot be written"))
        let missing = try Podium.run("score", "challenges/breast-cancer", "no-such-file.csv")
        #expect(missing.status == 1 && missing.stderr.contains("no-such-file.csv"))
    }

    @Test func bundleScoresLikeTheFolder() throws {
        let out = try temporary()
        #expect(try Podium.run("pack", "challenges/wine", "-o", out.path).status == 0)
        let bundle = out.appending(path: "wine-v1.podium").path
        let a = try Podium.run("score", bundle, "submissions/wine/bravo/01-logreg.csv", "--json")
        let b = try Podium.run("score", "challenges/wine", "submissions/wine/bravo/01-logreg.csv", "--json")
        #expect(a.status == 0 && a.stdout == b.stdout)
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

    @Test func twoProcessesSubmittingAtOnceRespectTheLimit() throws {
        let data = try temporary()
        let out = try temporary()
        #expect(try Podium.run("pack", "challenges/breast-cancer", "-o", out.path).status == 0)
        #expect(try Podium.run("publish", out.appending(path: "breast-cancer-v1.podium").path, "--data", data.path).status == 0)
        #expect(
            try Podium.run(
                "roster", "import", "submissions/roster.csv", "--challenge", "breast-cancer", "--data", data.path, "--tokens-out",
                out.appending(path: "tokens.csv").path
            ).status == 0)
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

    @Test func storeFromEnvironment() throws {
        let data = try temporary()
        let r = try Podium.run("leaderboard", "nope", environment: ["PODIUM_DATA": data.path])
        #expect(r.status == 1 && r.stderr.contains("no challenge \"nope\""))
        #expect(FileManager.default.fileExists(atPath: data.appending(path: "podium.sqlite").path))
    }
}
