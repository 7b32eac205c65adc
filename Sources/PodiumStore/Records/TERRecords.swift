import Foundation
import GRDB

/// One version of a team's report, its PDF in the archive under `sha256`.
struct ReportHandInRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "reportHandIn"
    var id: Int64?
    var challengeId: Int64
    var teamId: Int64
    var version: Int
    var fileName: String
    var sha256: String
    var bytes: Int
    var pages: Int
    var late: Bool
    var handedInAt: Date

    enum Columns {
        static let challengeId = Column(CodingKeys.challengeId)
        static let teamId = Column(CodingKeys.teamId)
        static let version = Column(CodingKeys.version)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A researcher who marks reports, known by their token's hash.
struct SupervisorRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "supervisor"
    var id: Int64?
    var name: String
    var email: String
    var tokenHash: String
    var createdAt: Date

    enum Columns {
        static let email = Column(CodingKeys.email)
        static let tokenHash = Column(CodingKeys.tokenHash)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A team a supervisor marks.
struct SupervisionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "supervision"
    var supervisorId: Int64
    var teamId: Int64

    enum Columns {
        static let supervisorId = Column(CodingKeys.supervisorId)
        static let teamId = Column(CodingKeys.teamId)
    }
}

/// A student's report mark, as it stands.
struct ReportMarkRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "reportMark"
    var studentId: Int64
    var supervisorId: Int64?
    var mark: Double
    var comment: String
    var updatedAt: Date

    enum Columns {
        static let studentId = Column(CodingKeys.studentId)
    }
}

/// A change of a report mark: who, when, the old and the new value.
struct ReportMarkChangeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "reportMarkChange"
    var id: Int64?
    var studentId: Int64
    var supervisorId: Int64?
    var at: Date
    var oldMark: Double?
    var newMark: Double
    var oldComment: String?
    var newComment: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ReportHandInRecord: StoredRecord {}
extension SupervisorRecord: StoredRecord {}
