import Foundation
import PodiumCore

/// Every submitted file, stored once under its SHA-256 as gzip (`ab/abcdef….csv.gz`).
/// Files are written to a temporary name, flushed, then renamed: a file is either complete
/// or absent, and it is in place before the row that refers to it is committed.
public struct FileArchive: Sendable {
    public let folder: URL

    /// Every archived file the store refers to, with who refers to it (for messages): the
    /// one list that backups copy and verification checks, so that a new kind of archived file
    /// (a report hand-in) is backed up and verified as soon as it is listed here.
    static let referencesSQL = """
        SELECT s.sha256 AS sha256, 'submission ' || s.id || ' (' || c.slug || ', team ' || t.name || ', ' || s.fileName || ')' AS owner
          FROM submission s JOIN challenge c ON c.id = s.challengeId JOIN team t ON t.id = s.teamId
        UNION ALL
        SELECT r.sha256, 'code run ' || r.id || ' (' || c.slug || ', team ' || t.name || ', ' || r.fileName || ')'
          FROM codeRun r JOIN challenge c ON c.id = r.challengeId JOIN team t ON t.id = r.teamId
        UNION ALL
        SELECT v.baselineSHA256, 'the baseline of ' || c.slug || ' v' || v.version
          FROM challengeVersion v JOIN challenge c ON c.id = v.challengeId WHERE v.baselineSHA256 IS NOT NULL
        UNION ALL
        SELECT h.sha256, 'report v' || h.version || ' (' || c.slug || ', team ' || t.name || ', ' || h.fileName || ')'
          FROM reportHandIn h JOIN challenge c ON c.id = h.challengeId JOIN team t ON t.id = h.teamId
        """

    public init(folder: URL) throws {
        self.folder = folder
        try Privacy.createFolder(folder)
    }

    public func url(for sha256: String) -> URL {
        folder.appending(path: "\(sha256.prefix(2))/\(sha256).csv.gz")
    }

    /// Where the image of a published version's solution is kept (see `SolutionImage`).
    public func solutionImageURL(bundleSHA256: String) -> URL {
        folder.appending(path: "solutions/\(bundleSHA256).solution")
    }

    /// Archives the CSV content of `data` (already decompressed); returns its SHA-256 (given as
    /// `sha256` when the caller has it already).
    @discardableResult
    public func store(_ data: Data, sha256 known: String? = nil) throws -> String {
        let sha = known ?? Hashing.sha256(data)
        let target = url(for: sha)
        if FileManager.default.fileExists(atPath: target.path) { return sha }
        try Privacy.createFolder(target.deletingLastPathComponent())
        // Level 1: a 20 MB CSV in 0.2 s rather than 1.2 s at zlib's default 6, for 11% more
        // bytes; every submission waits for its file to be archived.
        let gz = try Gzip.compress(data, level: 1)
        // Made 0600 (Privacy.fileMode) from its first byte, then renamed in: rename(2) replaces
        // atomically, so another process archiving the same content at the same moment leaves
        // the same bytes.
        try AtomicWrite.writePrivate(gz, to: target)
        return sha
    }
}
