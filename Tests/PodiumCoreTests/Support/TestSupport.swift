import Foundation

@testable import PodiumCore

/// The repository's root (the nearest folder above this file holding Package.swift), for the
/// example challenges and submissions.
let repositoryRoot: URL = {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appending(path: "Package.swift").path) && folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder
}()

func exampleChallenge(_ slug: String) throws -> Challenge {
    try Challenge.open(repositoryRoot.appending(path: "challenges/\(slug)"))
}

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> TemporaryDirectory { try TemporaryDirectory(prefix: "podium-test") }

@discardableResult
func write(_ text: String, to url: URL) throws -> URL {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    return url
}

let minimalManifest = """
    slug: tiny
    title: Tiny
    version: 1
    task: binary
    id: id
    target: y
    classes: [a, b]
    positive: b
    metric: roc_auc

    """

extension URL {
    /// The URL, once its parent folder exists.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}

extension Solution {
    /// The id of a row (the index keeps no row-to-id map; tests use small solutions).
    func id(_ row: Int) -> String { allIDs()[row] }
}

/// A private board of teams with one submission each (scores in order of time), and a team
/// with none ("zz-none"); two selected at most.
func privateBoard(_ metric: Metric, _ scores: [(String, Double)]) -> Leaderboard {
    let start = Date(timeIntervalSince1970: 0)
    let teams =
        scores.enumerated().map { i, pair in
            BoardTeam(
                name: pair.0, members: [],
                submissions: [
                    BoardSubmission(
                        id: Int64(i), createdAt: start.addingTimeInterval(Double(i)), publicScores: [metric: pair.1],
                        privateScores: [metric: pair.1])
                ])
        } + [BoardTeam(name: "zz-none", members: [], submissions: [])]
    return Ranking.board(.private, challenge: "c", version: 1, metric: metric, teams: teams, baseline: nil, finalSelection: 2)
}

/// Runs `work` (a sandboxed model, a child process: seconds of waiting) on a thread of its own
/// and awaits it: a test must not block one of the few threads of Swift's concurrency pool (two,
/// on two cores), which every other async test and live server of the test process shares.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
