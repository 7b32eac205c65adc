import Foundation
import GRDB
import Logging
import PodiumCore

/// A version's solution, for every service that scores: from this process's cache, else
/// from its image beside the store (`SolutionImage`, written at publish: mapped, not parsed),
/// else parsed from the CSV in the store, its image then written for the next process.
struct Solutions: Sendable {
    let store: Store

    init(_ store: Store) { self.store = store }

    func solution(for version: VersionRecord) throws -> Solution {
        let manifest = version.manifest
        return try store.solutions.solution(slug: manifest.slug, version: manifest.version) {
            let url = store.archive.solutionImageURL(bundleSHA256: version.bundleSHA256)
            if let mapped = SolutionImage.read(url, manifest: manifest, tag: Self.imageTag(manifest, version.bundleSHA256)) { return mapped }
            let csv = try store.writer.read { db in try VersionRecord.solutionCSV(db, id: try version.requireID()) }
            let solution = try Solution.load(data: csv, manifest: manifest)
            keep(solution, bundleSHA256: version.bundleSHA256)
            return solution
        }
    }

    /// The solution of a challenge's current version.
    func current(_ slug: String) throws -> Solution {
        try solution(for: try store.writer.read { db in try ChallengeRecord.current(db, slug: slug).1 })
    }

    /// What an image is written for: the challenge, its version and the bundle's content.
    static func imageTag(_ manifest: ChallengeManifest, _ bundleSHA256: String) -> String {
        "\(manifest.slug) v\(manifest.version) \(bundleSHA256)"
    }

    /// Writes the image of a version's solution beside the store. Only a shortcut: when it
    /// cannot be written (a full disk, a read-only store), solutions are parsed as before, and
    /// the failure is logged.
    func keep(_ solution: Solution, bundleSHA256: String) {
        let url = store.archive.solutionImageURL(bundleSHA256: bundleSHA256)
        do {
            try Privacy.createFolder(url.deletingLastPathComponent())
            try SolutionImage.write(solution, to: url, tag: Self.imageTag(solution.manifest, bundleSHA256))
        } catch {
            store.logger.warning(
                "the solution image could not be written; solutions will be parsed from the store",
                metadata: ["challenge": "\(solution.manifest.slug)", "file": "\(url.path)", "error": "\(error)"])
        }
    }
}
