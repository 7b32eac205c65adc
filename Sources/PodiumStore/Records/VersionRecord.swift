import Foundation
import GRDB
import PodiumCore
import Synchronization

struct VersionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "challengeVersion"
    var id: Int64?
    var challengeId: Int64
    var version: Int
    var manifestJSON: String
    var bundleSHA256: String
    var readme: String
    var solutionCSV: Data
    var startingKit: Data
    var baselineJSON: String?
    var publishedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func manifest() throws -> ChallengeManifest {
        try JSONDecoder().decode(ChallengeManifest.self, from: Data(manifestJSON.utf8))
    }

    func baseline() -> ScoreReport? {
        baselineJSON.flatMap { try? JSONDecoder().decode(ScoreReport.self, from: Data($0.utf8)) }
    }
}
