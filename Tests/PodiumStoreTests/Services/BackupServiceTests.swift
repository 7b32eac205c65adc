import Foundation
import GRDB
import PodiumCore
import Testing

@testable import PodiumStore

/// `podium backup` and `podium verify`: a copy that is a store, and a check that finds what
/// is wrong with one, each fault by its kind.
@Suite struct BackupServiceTests {
    /// A store on disk with accepted and refused submissions of three teams.
    func populated() throws -> Fixture {
        let f = try Fixture(baseline: true, onDisk: true)
        for (team, quality) in [("alpha", 0.8), ("bravo", 0.6), ("solo", 0.7), ("alpha", 0.9)] { _ = try f.submit(team, quality: quality) }
        let bad = try f.write("id,y\nr00,0.5\n", "subs/short.csv")
        _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("bravo"), file: bad)
        return f
    }

    var storeFolder: (Fixture) -> URL { { $0.folder.url.appending(path: "store") } }

    @Test func aBackupIsAStoreThatVerifiesAndHoldsEverything() throws {
        let f = try populated()
        let target = f.folder.url.appending(path: "backups/monday")
        let summary = try BackupService(f.store).backup(to: target)
        #expect(summary.submissions == 5)
        #expect(summary.files == 6)  // five submissions and the baseline
        #expect(summary.missing.isEmpty)
        #expect(summary.folder == target.path)
        // Nothing of the staging folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["monday"])

        let report = try StoreVerification.verify(folder: target)
        #expect(report.problems == [])
        #expect(report.submissions == 5 && report.files == 6)
        #expect(try StoreVerification.verify(folder: storeFolder(f)).ok)

        // The copy opens as a store, with the same board and the session key.
        let copy = try Store.open(folder: target)
        #expect(try BoardService(copy).leaderboard("tiny", board: .private) == BoardService(f.store).leaderboard("tiny", board: .private))
        let files = try copy.writer.read { db in try String.fetchAll(db, sql: "SELECT sha256 FROM submission") }
        #expect(files.count == 5)
        for sha in files { #expect(FileManager.default.fileExists(atPath: copy.archive.url(for: sha).path)) }
        #expect(
            FileManager.default.fileExists(atPath: target.appending(path: "session.key").path)
                == FileManager.default.fileExists(atPath: storeFolder(f).appending(path: "session.key").path))
        #expect(Store.privacyWarnings(folder: target).isEmpty)
    }

    @Test func aBackupGoesOnlyIntoANewOrEmptyFolderOutsideTheStore() throws {
        let f = try populated()
        let used = f.folder.url.appending(path: "used")
        try f.write("x", "used/notes.txt")
        #expect(throws: PodiumError.self) { try BackupService(f.store).backup(to: used) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: used.path) == ["notes.txt"])
        do {
            _ = try BackupService(f.store).backup(to: storeFolder(f).appending(path: "backup"))
            Issue.record("a backup inside the store was made")
        } catch let error as PodiumError {
            #expect(error.localizedDescription.contains("inside the store"))
        }
        let empty = f.folder.url.appending(path: "empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try BackupService(f.store).backup(to: empty).submissions == 5)
    }

    /// A backup to verify and damage, and its first archived submission file (with the fixture,
    /// whose end removes its folder).
    func damagedCopy() throws -> (Fixture, URL, URL) {
        let f = try populated()
        let target = f.folder.url.appending(path: "copy")
        _ = try BackupService(f.store).backup(to: target)
        let copy = try DatabaseQueue(path: target.appending(path: "podium.sqlite").path)
        let sha = try #require(try copy.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM submission ORDER BY id LIMIT 1") })
        try copy.close()
        return (f, target, FileArchive(reading: target.appending(path: "archive")).url(for: sha))
    }

    @Test func verifyFindsAChangedArchiveByte() throws {
        let (fixture, target, file) = try damagedCopy()
        defer { withExtendedLifetime(fixture) {} }
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: file)
        let report = try StoreVerification.verify(folder: target)
        #expect(report.problems.map(\.kind) == [.changedFile])
        #expect(report.problems.first?.path == file.path)
        #expect(report.problems.first?.message.contains("submission 1 (tiny, team alpha") == true)

        // Content rewritten as valid gzip of other bytes: the SHA-256 tells.
        try Gzip.compress(Data("id,y\nr00,1\n".utf8), level: 1).write(to: file)
        let rewritten = try StoreVerification.verify(folder: target)
        #expect(rewritten.problems.map(\.kind) == [.changedFile])
        #expect(rewritten.problems.first?.message.contains("SHA-256 is") == true)
    }

    @Test func verifyFindsAMissingFile() throws {
        let (fixture, target, file) = try damagedCopy()
        defer { withExtendedLifetime(fixture) {} }
        try FileManager.default.removeItem(at: file)
        let report = try StoreVerification.verify(folder: target)
        #expect(report.problems.map(\.kind) == [.missingFile])
        #expect(report.problems.first?.message.contains("is missing: the file of submission 1") == true)
    }

    @Test func verifyFindsAMissingScoreSet() throws {
        let (fixture, target, _) = try damagedCopy()
        defer { withExtendedLifetime(fixture) {} }
        let copy = try DatabaseQueue(path: target.appending(path: "podium.sqlite").path)
        try copy.write { db in try db.execute(sql: "DELETE FROM scoreSet WHERE submissionId = 2") }
        try copy.close()
        let report = try StoreVerification.verify(folder: target)
        #expect(report.problems.map(\.kind) == [.missingScores])
        #expect(report.problems.first?.message == "accepted submission 2 (tiny, team bravo, \(try fileName(2, target))) has no score set for tiny v1")
    }

    @Test func verifyFindsLooseModesAndADamagedDatabase() throws {
        let (fixture, target, file) = try damagedCopy()
        defer { withExtendedLifetime(fixture) {} }
        chmod(file.path, 0o644)
        chmod(target.appending(path: "archive").path, 0o755)
        let modes = try StoreVerification.verify(folder: target)
        #expect(modes.problems.map(\.kind) == [.mode, .mode])
        #expect(modes.problems.map(\.path) == [target.appending(path: "archive").path, file.path])
        #expect(modes.problems.map(\.message).allSatisfy { $0.contains("readable by other users") })

        // Pages of the database overwritten: SQLite's integrity check says so.
        let database = target.appending(path: "podium.sqlite")
        let handle = try FileHandle(forUpdating: database)
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 4096))
        try handle.close()
        let damaged = try? StoreVerification.verify(folder: target)
        // A damaged page may stop SQLite before the check ends (it then throws): either way, no OK.
        #expect(damaged?.ok != true)
        if let damaged { #expect(damaged.problems.contains { $0.kind == .database }) }
    }

    @Test func verifyChangesNothingAndRefusesAFolderWithoutAStore() throws {
        let (fixture, target, _) = try damagedCopy()
        defer { withExtendedLifetime(fixture) {} }
        let database = target.appending(path: "podium.sqlite")
        let before = try Data(contentsOf: database)
        _ = try StoreVerification.verify(folder: target)
        #expect(try Data(contentsOf: database) == before)
        #expect(throws: PodiumError.self) { try StoreVerification.verify(folder: target.appending(path: "archive")) }
    }

    func fileName(_ id: Int64, _ target: URL) throws -> String {
        let copy = try DatabaseQueue(path: target.appending(path: "podium.sqlite").path)
        defer { try? copy.close() }
        return try #require(try copy.read { db in try String.fetchOne(db, sql: "SELECT fileName FROM submission WHERE id = ?", arguments: [id]) })
    }
}
