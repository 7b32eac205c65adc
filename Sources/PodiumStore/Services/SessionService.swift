import Foundation
import GRDB

/// Browser sessions ended before their time.
public struct SessionService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Ends a browser session before its time: its cookie is refused from now on, even if a
    /// copy of it was kept. Sessions past their expiry are forgotten at the same time.
    public func revokeSession(nonce: String, expires: Date) throws {
        let now = store.clock()
        try store.writer.write { db in
            _ = try RevokedSessionRecord.filter(RevokedSessionRecord.Columns.expiresAt < now).deleteAll(db)
            try RevokedSessionRecord(nonce: nonce, expiresAt: expires).insert(db, onConflict: .ignore)
        }
    }

    public func isSessionRevoked(nonce: String) throws -> Bool {
        try store.writer.read { db in try RevokedSessionRecord.filter(RevokedSessionRecord.Columns.nonce == nonce).fetchCount(db) > 0 }
    }
}
