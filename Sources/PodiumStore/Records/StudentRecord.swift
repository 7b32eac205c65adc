import Foundation
import GRDB
import PodiumCore
import Synchronization

struct StudentRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "student"
    var id: Int64?
    var challengeId: Int64
    var teamId: Int64
    var studentNumber: String
    var name: String
    var email: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
