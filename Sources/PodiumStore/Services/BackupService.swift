import Foundation
import GRDB
import PodiumCore

/// What `BackupService.backup(to:)` copied.
public struct BackupSummary: Sendable, Codable, Equatable {
    public var folder: String
    public var submissions: Int
    public var codeRuns: Int
    /// Archived files copied (submissions, code, baselines), and their bytes on disk.
    public var files: Int
    public var bytes: Int64
    /// Files the database names that the store's archive did not hold: the copy is whole
    /// for everything else, and `podium verify` on the store says more.
    public var missing: [String]
    public var seconds: Double
}

/// A consistent copy of a store while it serves: the database through SQLite's online backup
/// API (a read transaction: writers go on, and the copy is the store as it was at one
/// instant), then the archived files that copy refers to, the solution images and the session
/// key. Archived files are written before the rows that name them are committed and never
/// change, so every file the copy needs is in place when its pages are read.
///
/// The copy is made in a hidden sibling folder and renamed into place at the end: the
/// destination is either a whole backup or absent. It is a store like any other: opened with
/// `--data`, it is the restore.
public struct BackupService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func backup(to destination: URL) throws -> BackupSummary {
        let started = Date()
        let destination = destination.standardizedFileURL
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path) {
            let entries = (try? fileManager.contentsOfDirectory(atPath: destination.path)) ?? ["?"]
            guard entries.isEmpty else {
                throw PodiumError.invalid(destination.path, "already exists and is not empty; give a new folder, e.g. podium-backup-$(date +%F)")
            }
        }
        let storeFolder = store.archive.folder.deletingLastPathComponent().standardizedFileURL
        if (destination.path + "/").hasPrefix(storeFolder.path + "/") {
            throw PodiumError.invalid(
                destination.path, "is inside the store \(storeFolder.path); back up to a folder outside it (another disk, best)")
        }
        let parent = destination.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appending(path: ".\(destination.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        try Privacy.createFolder(staging)
        do {
            var summary = try copy(into: staging)
            // Durable before it is named: a crash after the rename leaves a whole copy.
            sync()
            if fileManager.fileExists(atPath: destination.path) { try fileManager.removeItem(at: destination) }
            guard rename(staging.path, destination.path) == 0 else {
                throw PodiumError.invalid(destination.path, "cannot be created (errno \(errno))")
            }
            summary.folder = destination.path
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }

    private func copy(into folder: URL) throws -> BackupSummary {
        let database = folder.appending(path: "podium.sqlite")
        try Privacy.createFile(database)
        let copy = try DatabaseQueue(path: database.path)
        try store.writer.backup(to: copy)
        let (shas, bundles, submissions, runs) = try copy.read { db in
            let shas = try String.fetchAll(
                db,
                sql: "SELECT DISTINCT sha256 FROM (\(FileArchive.referencesSQL))")
            let bundles = try String.fetchAll(db, sql: "SELECT bundleSHA256 FROM challengeVersion")
            let submissions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submission") ?? 0
            let runs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM codeRun") ?? 0
            return (shas, bundles, submissions, runs)
        }
        try copy.close()

        let archive = try FileArchive(folder: folder.appending(path: "archive"))
        var files = 0
        var bytes: Int64 = 0
        var missing: [String] = []
        for sha in shas {
            let source = store.archive.url(for: sha)
            guard FileManager.default.fileExists(atPath: source.path) else {
                missing.append(source.path)
                continue
            }
            bytes += try copyFile(source, to: archive.url(for: sha))
            files += 1
        }
        // The solution images are a cache (rebuilt from the database when absent): copied when
        // present so that the restored server maps rather than parses.
        for bundle in bundles {
            let source = store.archive.solutionImageURL(bundleSHA256: bundle)
            if FileManager.default.fileExists(atPath: source.path) {
                _ = try copyFile(source, to: archive.solutionImageURL(bundleSHA256: bundle))
            }
        }
        // The key that signs session cookies: kept, so nobody signs in again after a restore.
        let key = store.archive.folder.deletingLastPathComponent().appending(path: "session.key")
        if FileManager.default.fileExists(atPath: key.path) {
            _ = try copyFile(key, to: folder.appending(path: "session.key"))
        }
        return BackupSummary(
            folder: folder.path, submissions: submissions, codeRuns: runs, files: files, bytes: bytes, missing: missing, seconds: 0)
    }

    /// Copies a file readable by its owner only, creating its folder (0700); its size.
    private func copyFile(_ source: URL, to target: URL) throws -> Int64 {
        try Privacy.createFolder(target.deletingLastPathComponent())
        try FileManager.default.copyItem(at: source, to: target)
        chmod(target.path, Privacy.fileMode)
        let size = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value
        return size ?? 0
    }
}
