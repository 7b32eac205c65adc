import Foundation
import GRDB
import PodiumCore

/// What `StoreVerification.verify(folder:)` found wrong, one thing at a time.
public struct VerificationProblem: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// `PRAGMA integrity_check` or `foreign_key_check` reported the database damaged.
        case database
        /// The database was written by another version of Podium than this one.
        case schema
        /// A file the database names is not in the archive.
        case missingFile = "missing_file"
        /// An archived file whose content no longer has the SHA-256 it is stored under.
        case changedFile = "changed_file"
        /// An accepted submission without a score set for its challenge's current version.
        case missingScores = "missing_scores"
        /// A folder or file of the store that other users of the machine may read.
        case mode
    }

    public var kind: Kind
    /// The file or folder concerned, when there is one.
    public var path: String?
    public var message: String
}

/// The report of a store's verification: what was checked, and what is wrong.
public struct VerificationReport: Sendable, Codable, Equatable {
    public var folder: String
    public var submissions = 0
    public var codeRuns = 0
    public var files = 0
    public var scoreSets = 0
    public var problems: [VerificationProblem] = []
    public var seconds = 0.0
    public var ok: Bool { problems.isEmpty }
}

/// Checks that a store is whole: the database's own integrity, every archived file against
/// the SHA-256 it is named by, every accepted submission with its file and a score set for its
/// challenge's current version, and the modes (folders 0700, files 0600). It opens the
/// database read-only and changes nothing: a backup is verified before it is trusted, and a
/// live store while it serves.
public enum StoreVerification {
    public static func verify(folder: URL) throws -> VerificationReport {
        let started = Date()
        let path = folder.appending(path: "podium.sqlite")
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw PodiumError.notFound(folder.path, "holds no Podium store (no podium.sqlite); give the store folder with --data")
        }
        var report = VerificationReport(folder: folder.path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        let database = try DatabaseQueue(path: path.path, configuration: configuration)
        defer { try? database.close() }
        let archive = folder.appending(path: "archive")

        let references = try database.read { db -> [String: [String]]? in
            for row in try String.fetchAll(db, sql: "PRAGMA integrity_check") where row != "ok" {
                report.problems.append(.init(kind: .database, path: path.path, message: "integrity check: \(row)"))
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let id: Int64? = row[1]
                let parent: String = row[2]
                report.problems.append(
                    .init(kind: .database, path: path.path, message: "\(table) row \(id.map(String.init) ?? "?") refers to a missing \(parent)"))
            }
            if try Store.migrator.hasBeenSuperseded(db) {
                report.problems.append(
                    .init(
                        kind: .schema, path: path.path, message: "the store was written by a newer Podium than this one; verify it with that version")
                )
                return nil
            }
            guard try Store.migrator.hasCompletedMigrations(db) else {
                report.problems.append(
                    .init(
                        kind: .schema, path: path.path,
                        message:
                            "the store was written by an older Podium; open it once with this one (podium serve or any command migrates it), then verify"
                    ))
                return nil
            }
            report.submissions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submission") ?? 0
            report.codeRuns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM codeRun") ?? 0
            report.scoreSets = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scoreSet") ?? 0
            // Who refers to each archived file, for the messages.
            var references: [String: [String]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: FileArchive.referencesSQL)
            while let row = try rows.next() {
                references[row[0], default: []].append(row[1])
            }
            let unscored = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.id, c.slug, t.name, s.fileName, c.currentVersion
                      FROM submission s JOIN challenge c ON c.id = s.challengeId JOIN team t ON t.id = s.teamId
                     WHERE s.status = 'accepted' AND NOT EXISTS
                       (SELECT 1 FROM scoreSet x WHERE x.submissionId = s.id AND x.version = c.currentVersion)
                     ORDER BY s.id
                    """)
            while let row = try unscored.next() {
                let id: Int64 = row[0]
                let slug: String = row[1]
                let team: String = row[2]
                let file: String = row[3]
                let version: Int = row[4]
                report.problems.append(
                    .init(
                        kind: .missingScores, path: nil,
                        message: "accepted submission \(id) (\(slug), team \(team), \(file)) has no score set for \(slug) v\(version)"))
            }
            return references
        }

        if let references {
            let store = FileArchive(reading: archive)
            for sha in references.keys.sorted() {
                let url = store.url(for: sha)
                let who = references[sha, default: []]
                let named = who.prefix(3).joined(separator: "; ") + (who.count > 3 ? "; and \(who.count - 3) more" : "")
                guard FileManager.default.fileExists(atPath: url.path) else {
                    report.problems.append(.init(kind: .missingFile, path: url.path, message: "is missing: the file of \(named)"))
                    continue
                }
                report.files += 1
                do {
                    let actual = try CSVSource.contentSHA256(url)
                    if actual != sha {
                        report.problems.append(
                            .init(
                                kind: .changedFile, path: url.path, message: "has changed: its content's SHA-256 is \(actual); the file of \(named)"))
                    }
                } catch {
                    report.problems.append(
                        .init(kind: .changedFile, path: url.path, message: "cannot be read (\(error.localizedDescription)); the file of \(named)"))
                }
            }
        }
        report.problems += modeProblems(folder)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Every folder (0700) and file (0600) of the store that others than its owner may reach.
    static func modeProblems(_ folder: URL) -> [VerificationProblem] {
        var problems: [VerificationProblem] = []
        func check(_ path: String) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0
            else { return }
            let isFolder = attributes[.type] as? FileAttributeType == .typeDirectory
            problems.append(
                .init(
                    kind: .mode, path: path,
                    message: "is readable by other users (mode \(String(mode, radix: 8))); chmod \(isFolder ? "700" : "600") it"))
        }
        check(folder.path)
        let top = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in top.sorted() where name.hasPrefix("podium.sqlite") || name == "session.key" {
            check(folder.appending(path: name).path)
        }
        let archive = folder.appending(path: "archive").path
        check(archive)
        if let walker = FileManager.default.enumerator(atPath: archive) {
            while let relative = walker.nextObject() as? String { check(archive + "/" + relative) }
        }
        return problems
    }
}

extension FileArchive {
    /// The archive in `folder`, to read: nothing is created.
    init(reading folder: URL) {
        self.folder = folder
    }
}
