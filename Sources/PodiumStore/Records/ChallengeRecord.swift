import Foundation
import GRDB
import PodiumCore
import Synchronization

struct ChallengeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "challenge"
    var id: Int64?
    var slug: String
    var title: String
    var currentVersion: Int
    var revealedAt: Date?
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
