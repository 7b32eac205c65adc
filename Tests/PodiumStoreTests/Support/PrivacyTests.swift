import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// The store keeps hidden labels, emails and students' files: only its owner reads it.
@Suite struct PrivacyTests {
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
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("chmod 700"))
    }
}
