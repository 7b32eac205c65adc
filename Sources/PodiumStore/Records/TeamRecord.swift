import Foundation
import GRDB
import PodiumCore
import Synchronization

struct TeamRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "team"
    var id: Int64?
    var challengeId: Int64
    var name: String
    var tokenHash: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
