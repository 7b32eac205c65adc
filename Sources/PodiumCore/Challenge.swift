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

    /// Opens a challenge folder, or a `.podium` bundle (checked, then extracted to a temporary folder).
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
        try PodiumBundle.extract(url, to: temporary.url)
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

/// Errors of files and folders that are not where or what they should be.
public enum PodiumError: Error, LocalizedError, Equatable, Sendable {
    case notFound(String, String)
    case invalid(String, String)

    public var errorDescription: String? {
        switch self {
        case .notFound(let path, let why): "\(path): \(why)"
        case .invalid(let path, let why): "\(path): \(why)"
        }
    }
}

extension PodiumError {
    /// A file or folder that cannot be written, with the system's reason (not Foundation's dump).
    public static func writing(_ url: URL, _ error: any Error) -> PodiumError {
        if let podium = error as? PodiumError { return podium }
        let nsError = error as NSError
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        let reason =
            underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
            ?? nsError.localizedDescription
        return .invalid(url.path, "cannot be written: \(reason)")
    }

    /// Runs file-writing work, turning its errors into a located message.
    public static func whileWriting<T>(_ url: URL, _ work: () throws -> T) throws -> T {
        do { return try work() } catch let error as PodiumError { throw error } catch { throw writing(url, error) }
    }
}

/// A folder removed when the last reference goes away.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "podium") throws {
        url = FileManager.default.temporaryDirectory.appending(path: "\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

extension FileManager {
    /// Regular files under `root`, as sorted relative paths; hidden files skipped, links refused.
    func regularFiles(under root: URL, relativeTo base: URL) throws -> [String] {
        var result: [String] = []
        var isDirectory: ObjCBool = false
        guard fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        for name in try contentsOfDirectory(atPath: root.path).sorted() where !name.hasPrefix(".") {
            let url = root.appending(path: name)
            let attributes = try attributesOfItem(atPath: url.path)
            let relative = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?: result += try regularFiles(under: url, relativeTo: base)
            case .typeRegular?: result.append(relative)
            case .typeSymbolicLink?: throw PodiumError.invalid(url.path, "is a symbolic link; copy the file itself into the challenge folder")
            default: break
            }
        }
        return result
    }
}

/// Writes files so that a reader never sees half of one: a temporary name, then a rename.
public enum AtomicWrite {
    public static func write(_ data: Data, to url: URL) throws {
        try PodiumError.whileWriting(url) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
