import Foundation
import PodiumCore

/// Files of the store readable by their owner only.
enum Privacy {
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Creates `folder` (and its parents) with mode 0700 when it does not exist.
    static func createFolder(_ folder: URL) throws {
        guard !FileManager.default.fileExists(atPath: folder.path) else { return }
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(folderMode)])
    }

    /// Creates an empty file with mode 0600 when it does not exist (before SQLite opens it).
    static func createFile(_ file: URL) throws {
        guard !FileManager.default.fileExists(atPath: file.path) else { return }
        let fd = open(file.path, O_CREAT | O_WRONLY | O_EXCL, fileMode)
        guard fd >= 0 || errno == EEXIST else { throw PodiumError.invalid(file.path, "cannot be created (errno \(errno))") }
        if fd >= 0 { close(fd) }
    }

    /// What others than the owner may reach in the store: one line per folder or file.
    static func warnings(folder: URL) -> [String] {
        var paths = [folder, folder.appending(path: "archive")]
        paths += ["podium.sqlite", "podium.sqlite-wal", "podium.sqlite-shm"].map { folder.appending(path: $0) }
        return paths.compactMap { url in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0
            else { return nil }
            return
                "\(url.path) is readable by other users (mode \(String(mode, radix: 8))); chmod \(attributes[.type] as? FileAttributeType == .typeDirectory ? "700" : "600") it"
        }
    }
}

extension Store {
    /// Lines to show when the store in `folder` (or its archive, or its database) can be read
    /// by other users of the machine.
    public static func privacyWarnings(folder: URL) -> [String] { Privacy.warnings(folder: folder) }
}
