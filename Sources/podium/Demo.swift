import ArgumentParser
import Foundation
import PodiumCore

extension Podium {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the course end to end on the shipped examples, in a temporary store.")

        @Option(help: "The folder holding challenges/ and submissions/ (default: found from here).") var root: String?

        func run() async throws {
            let base = try DemoRoot.locate(root)
            let challengesDir = base.appending(path: "challenges")
            let work = try TemporaryDirectory(prefix: "podium-demo")
            let slugs = try FileManager.default.contentsOfDirectory(atPath: challengesDir.path).sorted()
                .filter { FileManager.default.fileExists(atPath: challengesDir.appending(path: "\($0)/challenge.yaml").path) }
            print("Podium demo: \(slugs.count) example challenges from \(challengesDir.path)\n")
            print("1. Authors check and pack their challenges")
            for slug in slugs {
                let challenge = try Challenge.open(challengesDir.appending(path: slug))
                let report = ChallengeCheck.run(challenge)
                print(CheckFormatter.text(report))
                guard report.ok else { throw CheckFailed(report: report) }
                let packed = try PodiumBundle.pack(challenge, to: work.url.appending(path: "bundles"))
                print("  packed     \(packed.bundle.lastPathComponent), \(packed.startingKit.lastPathComponent)\n")
            }
        }
    }
}

enum DemoRoot {
    /// The repository folder: given, the current folder, or the one this source file is in.
    static func locate(_ given: String?) throws -> URL {
        var candidates: [URL] = []
        if let given { candidates.append(URL(fileArgument: given)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appending(path: "challenges").path) {
            return candidate
        }
        throw PodiumError.notFound(candidates[0].path, "no challenges/ folder here; run the demo from the repository's root or pass --root")
    }
}
