import Foundation
import GRDB
import PodiumCore

/// One submitted file: accepted (its scores are in `scoreSet`, one per version) or refused
/// with every problem found.
struct SubmissionRecord: Codable, JSONColumnsRecord, MutablePersistableRecord {
    static let databaseTableName = "submission"
    var id: Int64?
    var challengeId: Int64
    var teamId: Int64
    var createdAt: Date
    var phase: String
    var fileName: String
    var sha256: String
    var status: SubmissionStatus
    var problems: SubmissionRefused?
    var selected: Bool
    var source: SubmissionSource
    /// The team's description of the file (see `SubmissionNote`).
    var message: String?

    enum CodingKeys: String, CodingKey {
        case id, challengeId, teamId, createdAt, phase, fileName, sha256, status, selected, source, message
        case problems = "problemsJSON"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let challengeId = Column(CodingKeys.challengeId)
        static let teamId = Column(CodingKeys.teamId)
        static let createdAt = Column(CodingKeys.createdAt)
        static let phase = Column(CodingKeys.phase)
        static let sha256 = Column(CodingKeys.sha256)
        static let status = Column(CodingKeys.status)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<SubmissionRecord> {
    func of(challenge id: Int64) -> Self { filter(SubmissionRecord.Columns.challengeId == id) }
    func of(team id: Int64) -> Self { filter(SubmissionRecord.Columns.teamId == id) }
    func accepted() -> Self { filter(SubmissionRecord.Columns.status == SubmissionStatus.accepted) }
}
