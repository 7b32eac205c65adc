import Foundation
import GRDB
import PodiumCore
import Synchronization

struct SubmissionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "submission"
    var id: Int64?
    var challengeId: Int64
    var teamId: Int64
    var createdAt: Date
    var phase: String
    var fileName: String
    var sha256: String
    var status: String
    var problemsJSON: String?
    var selected: Bool
    var source: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
