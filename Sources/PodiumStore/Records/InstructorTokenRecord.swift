import Foundation
import GRDB

/// An instructor token, stored as its hash.
struct InstructorTokenRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "instructorToken"
    var id: Int64?
    var tokenHash: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
