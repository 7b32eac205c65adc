import Foundation
import GRDB
import PodiumCore
import Synchronization

struct ScoreSetRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "scoreSet"
    var id: Int64?
    var submissionId: Int64
    var version: Int
    var scoresJSON: String?
    var error: String?
    var scoredAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func report() -> ScoreReport? {
        scoresJSON.flatMap { try? JSONDecoder().decode(ScoreReport.self, from: Data($0.utf8)) }
    }
}
