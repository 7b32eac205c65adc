import Foundation
import GRDB
import PodiumCore

/// One published version of a challenge: its manifest, README and baseline scores. Its hidden
/// solution and starting kit are columns of the same row that no read of a version loads
/// (`databaseSelection`): they can be hundreds of megabytes, and boards, pages and submissions
/// read the current version all the time. `solutionCSV(_:)` and `startingKit(_:)` read them;
/// `NewVersionRecord` writes them.
struct VersionRecord: Codable, JSONColumnsRecord, MutablePersistableRecord {
    static let databaseTableName = "challengeVersion"
    var id: Int64?
    var challengeId: Int64
    var version: Int
    var manifest: ChallengeManifest
    var bundleSHA256: String
    var readme: String
    var baseline: ScoreReport?
    /// The baseline's predictions file in the archive (nil: no baseline, or published before
    /// the store kept it).
    var baselineSHA256: String?
    /// Measured by `podium check` when the version was published (nil before the store kept it).
    var resolution: Resolution?
    var publishedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, challengeId, version, bundleSHA256, readme, baselineSHA256, publishedAt
        case manifest = "manifestJSON"
        case baseline = "baselineJSON"
        case resolution = "resolutionJSON"
    }

    static var databaseSelection: [any SQLSelectable] {
        [CodingKeys.id, .challengeId, .version, .bundleSHA256, .readme, .baselineSHA256, .publishedAt, .manifest, .baseline, .resolution]
            .map { Column($0.stringValue) }
    }

    enum Columns {
        static let challengeId = Column(CodingKeys.challengeId)
        static let version = Column(CodingKeys.version)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The solution CSV of the version with this id.
    static func solutionCSV(_ db: Database, id: Int64) throws -> Data {
        try blob(db, "solutionCSV", id: id)
    }

    /// The starting kit (zip) of the version with this id.
    static func startingKit(_ db: Database, id: Int64) throws -> Data {
        try blob(db, "startingKit", id: id)
    }

    private static func blob(_ db: Database, _ column: String, id: Int64) throws -> Data {
        guard let data = try Data.fetchOne(db, sql: "SELECT \(column) FROM challengeVersion WHERE id = ?", arguments: [id]) else {
            throw PodiumError.invalid("version \(id) of the store", "is no longer there (a publish replaced it)")
        }
        return data
    }
}

/// A version as publish writes it: the record and its two large columns.
struct NewVersionRecord: MutablePersistableRecord {
    static let databaseTableName = VersionRecord.databaseTableName
    var record: VersionRecord
    var solutionCSV: Data
    var startingKit: Data

    func encode(to container: inout PersistenceContainer) throws {
        try record.encode(to: &container)
        container["solutionCSV"] = solutionCSV
        container["startingKit"] = startingKit
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { record.id = inserted.rowID }
}

extension DerivableRequest<VersionRecord> {
    func of(challenge id: Int64, version: Int) -> Self {
        filter(VersionRecord.Columns.challengeId == id && VersionRecord.Columns.version == version)
    }
}
