import Foundation
import GRDB

/// A student of the roster, member of one team of a challenge.
struct StudentRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "student"
    var id: Int64?
    var challengeId: Int64
    var teamId: Int64
    var studentNumber: String
    var name: String
    var email: String

    enum Columns {
        static let challengeId = Column(CodingKeys.challengeId)
        static let teamId = Column(CodingKeys.teamId)
        static let name = Column(CodingKeys.name)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<StudentRecord> {
    func of(challenge id: Int64) -> Self { filter(StudentRecord.Columns.challengeId == id) }
    func of(team id: Int64) -> Self { filter(StudentRecord.Columns.teamId == id) }
}
