import Foundation

/// A challenge folder in source form (or a bundle extracted into a temporary one).
public struct Challenge: Sendable {
    public let root: URL
    public let manifest: ChallengeManifest
    /// Keeps a bundle's temporary extraction alive as long as the challenge is used.
    let temporary: TemporaryDirectory?

    public var manifestURL: URL { root.appending(path: "challenge.yaml") }
    public var readmeURL: URL { root.appending(path: "README.md") }
    public var testURL: URL { root.appending(path: "data/test.csv") }
    public var trainURL: URL { root.appending(path: "data/train.csv") }
    public var solutionURL: URL { root.appending(path: "reference/solution.csv") }
    public var baselineURL: URL? { manifest.baseline.map { root.appending(path: $0) } }

    /// Opens a challenge folder, or a `.podium` bundle (checked, then extracted to a temporary
    /// folder), or a code challenge's starting kit (a challenge without its solution).
    public static func open(_ url: URL) throws -> Challenge {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PodiumError.notFound(url.path, "no such file or folder")
        }
        if isDirectory.boolValue {
            let manifestURL = url.appending(path: "challenge.yaml")
            guard FileManager.default.fileExists(atPath: manifestURL.path) else {
                throw PodiumError.notFound(manifestURL.path, "a challenge folder needs a challenge.yaml (podium new DIR makes one)")
            }
            let challenge = Challenge(root: url, manifest: try ChallengeManifest.load(from: manifestURL), temporary: nil)
            try challenge.checkPathsInside()
            return challenge
        }
        let temporary = try TemporaryDirectory(prefix: "podium-bundle")
        if PodiumBundle.isStartingKit(url) {
            try PodiumBundle.extractKit(url, to: temporary.url)
        } else {
            try PodiumBundle.extract(url, to: temporary.url)
        }
        let opened = try open(temporary.url)
        return Challenge(root: opened.root, manifest: opened.manifest, temporary: temporary)
    }

    /// Refuses a manifest path that resolves outside the folder through a symbolic link (the
    /// loader has already refused absolute paths and `..`).
    func checkPathsInside() throws {
        guard let path = manifest.baseline, let url = baselineURL else { return }
        let root = self.root.standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(root + "/") else {
            throw PodiumError.invalid(
                manifestURL.path,
                "baseline: \(Echo.quoted(path)) leads outside the challenge folder (a symbolic link?); copy the file into the folder")
        }
    }

    public func loadSolution() throws -> Solution {
        try Solution.load(solutionURL, manifest: manifest)
    }
}
