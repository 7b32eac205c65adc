import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import Synchronization
import Testing

@testable import PodiumServer
@testable import PodiumStore

/// What one API upload costs the database, counted from SQLite's own statements: a read for
/// the token (its team and challenge together), a read for the submission's target, and the
/// write that records it with its receipt. It took about 11 reads and a write before the store
/// was split by job.
@Suite struct UploadTransactionsTests {
    @Test func anAPIUploadIsTwoReadsAndOneWrite() async throws {
        let folder = try TemporaryDirectory(prefix: "podium-transactions")
        let transactions = Mutex<[String]>([])
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            db.trace { event in
                let sql = "\(event)"
                if sql.hasPrefix("BEGIN") { transactions.withLock { $0.append(sql) } }
            }
        }
        let pool = try DatabasePool(path: folder.url.appending(path: "podium.sqlite").path, configuration: configuration)
        let store = try Store(writer: pool, archive: FileArchive(folder: folder.url.appending(path: "archive")))
        let packed = try PodiumBundle.pack(Challenge.open(root.appending(path: "challenges/wine")), to: folder.url)
        _ = try PublishingService(store).publish(bundle: packed.bundle)
        let roster = try RosterService(store).importRoster(root.appending(path: "submissions/roster.csv"), challenge: "wine")
        let token = try #require(roster.newTeams.first { $0.team == "alpha" }?.token)
        let app = buildApplication(store: store, configuration: ServerConfiguration(sessionKey: Data(repeating: 7, count: 32)))
        var fields = bearer(token)
        fields[.contentType] = "text/csv"
        let headers = fields
        try await app.test(.router) { client in
            // The process's first upload loads the solution; the count is of the next ones.
            for (i, file) in ["wine/alpha/01-class-prior.csv", "wine/bravo/01-logreg.csv"].enumerated() {
                transactions.withLock { $0.removeAll() }
                let status = try await client.execute(
                    uri: "/api/v1/challenges/wine/submissions", method: .post, headers: headers,
                    body: ByteBuffer(bytes: try Data(contentsOf: root.appending(path: "submissions/\(file)")))
                ) { $0.status }
                #expect(status == .created)
                if i == 1 {
                    let seen = transactions.withLock { $0 }
                    #expect(seen.count == 3, "\(seen)")
                    #expect(seen.filter { $0.hasPrefix("BEGIN IMMEDIATE") }.count == 1)
                }
            }
        }
    }
}
