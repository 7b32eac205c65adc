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
    /// The submission's challenge, team and time, and its primary public score as a rank key
    /// (see `rankKey(_:metric:)`): what a board reads through the `scoreSet_board` index.
    var challengeId: Int64?
    var teamId: Int64?
    var createdAt: Date?
    var rankKey: Double?

    enum CodingKeys: String, CodingKey {
        case id, submissionId, version, error, scoredAt, challengeId, teamId, createdAt, rankKey
        case report = "scoresJSON"
    }

    /// The score set of `submission` against a version whose metric is `metric`.
    init(submission: SubmissionRecord, version: Int, report: ScoreReport?, error: String?, scoredAt: Date, metric: Metric) {
        self.id = nil
        self.submissionId = submission.id ?? 0
        self.version = version
        self.report = report
        self.error = error
        self.scoredAt = scoredAt
        self.challengeId = submission.challengeId
        self.teamId = submission.teamId
        self.createdAt = submission.createdAt
        self.rankKey = report.flatMap { Self.rankKey($0, metric: metric) }
    }

    /// The primary public score, oriented so that higher is better (a loss negated), nil when
    /// undefined: ordering by it descending, then by time and id, is the board's order.
    static func rankKey(_ report: ScoreReport, metric: Metric) -> Double? {
        report.score(.public, metric).map { metric.higherIsBetter ? $0 : -$0 }
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
