import Foundation
import GRDB
import PodiumCore

/// A challenge: its slug, its current version and whether its private board is revealed.
struct ChallengeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "challenge"
    var id: Int64?
    var slug: String
    var title: String
    var currentVersion: Int
    var revealedAt: Date?
    var createdAt: Date
    /// When the instructor locked the report marks; nil while supervisors may change them.
    var marksLockedAt: Date?

    enum Columns {
        static let slug = Column(CodingKeys.slug)
        static let currentVersion = Column(CodingKeys.currentVersion)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<ChallengeRecord> {
    func slug(_ slug: String) -> Self { filter(ChallengeRecord.Columns.slug == slug) }
}

extension ChallengeRecord {
    /// Whether participants see the private board at `now`: revealed by the instructor, or, with
    /// `reveal: at_close`, from the last phase's close on. Decided when read: no background
    /// process needed.
    func isRevealed(_ manifest: ChallengeManifest, at now: Date) -> Bool {
        if revealedAt != nil { return true }
        guard let at = manifest.revealsAt else { return false }
        return now >= at
    }
}

extension ChallengeRecord {
    /// A challenge and its current version; `unknownChallenge` when there is none.
    static func current(_ db: Database, slug: String) throws -> (ChallengeRecord, VersionRecord) {
        guard let challenge = try ChallengeRecord.all().slug(slug).fetchOne(db),
            let version = try VersionRecord.all().of(challenge: try challenge.requireID(), version: challenge.currentVersion).fetchOne(db)
        else {
            throw StoreError.unknownChallenge(slug)
        }
        return (challenge, version)
    }
}
