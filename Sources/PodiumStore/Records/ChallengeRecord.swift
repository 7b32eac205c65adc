import Foundation
import GRDB

/// A challenge: its slug, its current version and whether its private board is revealed.
struct ChallengeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "challenge"
    var id: Int64?
    var slug: String
    var title: String
    var currentVersion: Int
    var revealedAt: Date?
    var createdAt: Date

    enum Columns {
        static let slug = Column(CodingKeys.slug)
        static let currentVersion = Column(CodingKeys.currentVersion)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<ChallengeRecord> {
    func slug(_ slug: String) -> Self { filter(ChallengeRecord.Columns.slug == slug) }
}
