import Foundation

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

    deinit { Self.remove(url) }

    /// Removes `url` and all it holds. What a sandboxed run made there may be past
    /// FileManager's reach (a tree deeper than PATH_MAX, a folder without permissions):
    /// then `rm -rf`, which walks by descriptors, removes it rather than leaving it on disk.
    static func remove(_ url: URL) {
        guard (try? FileManager.default.removeItem(at: url)) == nil, FileManager.default.fileExists(atPath: url.path) else { return }
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/sh")
        rm.arguments = ["-c", "chmod -R u+rwx -- \"$1\" 2>/dev/null; rm -rf -- \"$1\"", "podium-remove", url.path]
        rm.standardOutput = FileHandle.nullDevice
        rm.standardError = FileHandle.nullDevice
        guard (try? rm.run()) != nil else { return }
        rm.waitUntilExit()
    }
}
