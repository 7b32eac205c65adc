import Foundation
import GRDB

extension Store {
    /// Ends a browser session before its time: its cookie is refused from now on, even if a
    /// copy of it was kept. Sessions past their expiry are forgotten at the same time.
    public func revokeSession(nonce: String, expires: Date) throws {
        let now = clock()
        try writer.write { db in
            try db.execute(sql: "DELETE FROM revokedSession WHERE expiresAt < ?", arguments: [now])
            try db.execute(sql: "INSERT OR IGNORE INTO revokedSession (nonce, expiresAt) VALUES (?, ?)", arguments: [nonce, expires])
        }
    }

    public func isSessionRevoked(nonce: String) throws -> Bool {
        try writer.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM revokedSession WHERE nonce = ?", arguments: [nonce]) ?? false }
    }
}
