import Foundation
import GRDB
import PodiumCore

/// One published version of a challenge: its manifest, hidden solution, starting kit and
/// baseline scores.
struct VersionRecord: Codable, JSONColumnsRecord, MutablePersistableRecord {
    static let databaseTableName = "challengeVersion"
    var id: Int64?
    var challengeId: Int64
    var version: Int
    var manifest: ChallengeManifest
    var bundleSHA256: String
    var readme: String
    var solutionCSV: Data
    var startingKit: Data
    var baseline: ScoreReport?
    /// The baseline's predictions file in the archive (nil: no baseline, or published before
    /// the store kept it).
    var baselineSHA256: String?
    /// Measured by `podium check` when the version was published (nil before the store kept it).
    var resolution: Resolution?
    var publishedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, challengeId, version, bundleSHA256, readme, solutionCSV, startingKit, baselineSHA256, publishedAt
        case manifest = "manifestJSON"
        case baseline = "baselineJSON"
        case resolution = "resolutionJSON"
    }

    enum Columns {
        static let challengeId = Column(CodingKeys.challengeId)
        static let version = Column(CodingKeys.version)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<VersionRecord> {
    func of(challenge id: Int64, version: Int) -> Self {
        filter(VersionRecord.Columns.challengeId == id && VersionRecord.Columns.version == version)
    }
}
