import Foundation
import GRDB
import PodiumCore

/// The scores of one submission against one version of its challenge (or why it could not be
/// scored against that version).
struct ScoreSetRecord: Codable, JSONColumnsRecord, MutablePersistableRecord {
    static let databaseTableName = "scoreSet"
    var id: Int64?
    var submissionId: Int64
    var version: Int
    var report: ScoreReport?
    var error: String?
    var scoredAt: Date

    enum CodingKeys: String, CodingKey {
        case id, submissionId, version, error, scoredAt
        case report = "scoresJSON"
    }

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let version = Column(CodingKeys.version)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<ScoreSetRecord> {
    func of(submission id: Int64, version: Int) -> Self {
        filter(ScoreSetRecord.Columns.submissionId == id && ScoreSetRecord.Columns.version == version)
    }
}
