import Foundation
import GRDB

public struct SessionService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Ends a browser session before its time: its cookie is refused from now on, even if a
    /// copy of it was kept. Sessions past their expiry are forgotten at the same time.
    public func revokeSession(nonce: String, expires: Date) throws {
        let now = store.clock()
        try store.writer.write { db in
            try db.execute(sql: "DELETE FROM revokedSession WHERE expiresAt < ?", arguments: [now])
            try db.execute(sql: "INSERT OR IGNORE INTO revokedSession (nonce, expiresAt) VALUES (?, ?)", arguments: [nonce, expires])
        }
    }

    public func isSessionRevoked(nonce: String) throws -> Bool {
        try store.writer.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM revokedSession WHERE nonce = ?", arguments: [nonce]) ?? false }
    }
}
