import Foundation
import GRDB
import PodiumCore
import Testing

@testable import PodiumStore

/// The store keeps hidden labels, emails and students' files: only its owner reads it; and
/// refused files are bounded too, since they cost nothing toward the limits.
@Suite struct StoreSecurityTests {
    func mode(_ url: URL) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func theStoreIsReadableByItsOwnerOnly() throws {
        let f = try Fixture(onDisk: true)
        let receipt = try f.submit("alpha", quality: 0.8)
        let folder = f.folder.url.appending(path: "store")
        let sha = try f.store.writer.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM submission WHERE id = ?", arguments: [receipt.id])
        }
        let archived = f.store.archive.url(for: try #require(sha))
        let paths =
            [folder, folder.appending(path: "archive"), archived.deletingLastPathComponent()]
            + [folder.appending(path: "podium.sqlite"), folder.appending(path: "podium.sqlite-wal"), archived]
        for url in paths {
            let found = try mode(url)
            #expect(found & 0o077 == 0, "\(url.lastPathComponent) is \(String(found, radix: 8))")
        }
        #expect(Store.privacyWarnings(folder: folder).isEmpty)
        chmod(folder.path, 0o755)
        let warnings = Store.privacyWarnings(folder: folder)
        #expect(warnings.count == 1 && warnings[0].contains("chmod 700"))
    }

    @Test func refusedFilesHaveTheirOwnDailyBound() throws {
        let f = try Fixture()
        let broken = try f.write("id,y\nnope,2\n", "broken.csv")
        for i in 0..<SubmissionService.maxRefusedPerDay {
            let receipt = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: broken)
            #expect(receipt.status == .refused && receipt.refusedLeftToday == SubmissionService.maxRefusedPerDay - i - 1)
        }
        // Past the bound, any file waits for the next day, so that refusals cannot be used as
        // free probes (a valid file then would tell the refused ones apart).
        #expect(throws: StoreError.self) { try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: broken) }
        #expect(throws: StoreError.self) { try f.submit("alpha", quality: 0.8) }
        #expect(try f.submit("bravo", quality: 0.8).status == .accepted)
        f.clock.advance(hours: 24)
        #expect(try f.submit("alpha", quality: 0.8).status == .accepted)
    }

    /// A small gzip file that would inflate far past what the challenge's rows could fill stops
    /// at that bound (20 rows: about 1 MiB), before it is read whole, and is not recorded.
    @Test func aBombStopsAtTheChallengesSize() throws {
        let f = try Fixture()
        let bomb = f.folder.url.appending(path: "bomb.csv.gz")
        try Gzip.compress(Data("id,y\n".utf8) + Data(count: 8 << 20)).write(to: bomb)
        let error = try #require(throws: CSVError.self) { try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: bomb) }
        #expect(error.localizedDescription.contains("more than the limit"))
        #expect(try HistoryService(f.store).submissions("tiny").isEmpty)
    }
}
