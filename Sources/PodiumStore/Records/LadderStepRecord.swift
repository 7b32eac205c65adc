import Foundation
import GRDB
import PodiumCore

/// What one accepted submission did to its team's Ladder score, against one version.
struct LadderStepRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "ladderStep"
    var id: Int64?
    var submissionId: Int64
    var version: Int
    var moved: Bool
    var score: Double
    var margin: Double

    enum Columns {
        static let version = Column(CodingKeys.version)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var step: LadderStep { LadderStep(moved: moved, score: score, margin: margin) }
}
