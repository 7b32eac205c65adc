import Foundation
import GRDB

/// A browser session ended before its time (signed out), by its nonce, until it would have
/// expired anyway.
struct RevokedSessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "revokedSession"
    var nonce: String
    var expiresAt: Date

    enum Columns {
        static let nonce = Column(CodingKeys.nonce)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}
