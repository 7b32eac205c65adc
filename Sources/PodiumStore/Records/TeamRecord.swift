import Foundation
import GRDB

/// A team (binôme) of one challenge, known by its token's hash.
struct TeamRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "team"
    var id: Int64?
    var challengeId: Int64
    var name: String
    var tokenHash: String
    var createdAt: Date

    enum Columns {
        static let challengeId = Column(CodingKeys.challengeId)
        static let name = Column(CodingKeys.name)
        static let tokenHash = Column(CodingKeys.tokenHash)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<TeamRecord> {
    func of(challenge id: Int64) -> Self { filter(TeamRecord.Columns.challengeId == id) }
    func named(_ name: String) -> Self { filter(TeamRecord.Columns.name == name) }
    func withTokenHash(_ hash: String) -> Self { filter(TeamRecord.Columns.tokenHash == hash) }
}
