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

    static let team = belongsTo(TeamRecord.self)

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A student with their team, read in one request (`StudentRecord.team`).
struct StudentWithTeam: Decodable, FetchableRecord {
    var student: StudentRecord
    var team: TeamRecord
}

extension DerivableRequest<StudentRecord> {
    func of(challenge id: Int64) -> Self { filter(StudentRecord.Columns.challengeId == id) }
    func of(team id: Int64) -> Self { filter(StudentRecord.Columns.teamId == id) }
}
