import Foundation
import GRDB
import PodiumCore

/// A team (binôme) of one challenge, known by its token's hash. It carries the counters a
/// board reads instead of counting (kept by the transaction that accepts a submission).
struct TeamRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "team"
    var id: Int64?
    var challengeId: Int64
    var name: String
    var tokenHash: String
    var createdAt: Date
    /// Participants submit and rank; authors (the challenge's own) only hand in their report.
    var role: TeamRole = .participant
    /// Accepted submissions of the team, whatever the version.
    var acceptedCount: Int = 0
    /// When its last accepted submission was made.
    var lastAcceptedAt: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let challengeId = Column(CodingKeys.challengeId)
        static let name = Column(CodingKeys.name)
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let role = Column(CodingKeys.role)
        static let acceptedCount = Column(CodingKeys.acceptedCount)
        static let lastAcceptedAt = Column(CodingKeys.lastAcceptedAt)
    }

    static let challenge = belongsTo(ChallengeRecord.self)
    static let students = hasMany(StudentRecord.self)

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A team with its challenge, read in one request (`TeamRecord.challenge`).
struct TeamWithChallenge: Decodable, FetchableRecord {
    var team: TeamRecord
    var challenge: ChallengeRecord
}

extension DerivableRequest<TeamRecord> {
    func of(challenge id: Int64) -> Self { filter(TeamRecord.Columns.challengeId == id) }
    func named(_ name: String) -> Self { filter(TeamRecord.Columns.name == name) }
    func withTokenHash(_ hash: String) -> Self { filter(TeamRecord.Columns.tokenHash == hash) }
    /// The teams that submit and rank (not the authors').
    func participating() -> Self { filter(TeamRecord.Columns.role == TeamRole.participant.rawValue) }
}

extension TeamRole: DatabaseValueConvertible {}

extension TeamRecord {
    /// The team a reference names in `challenge`: by name, or by token (looked up by hash,
    /// then compared in constant time). `unknownTeam` otherwise.
    static func find(_ db: Database, in challenge: ChallengeRecord, _ reference: TeamReference) throws -> TeamRecord {
        switch reference {
        case .name(let name):
            guard let team = try TeamRecord.all().of(challenge: try challenge.requireID()).named(name).fetchOne(db) else {
                throw StoreError.unknownTeam(.name(name), challenge: challenge.slug)
            }
            return team
        case .token(let token):
            let hash = Tokens.hash(token)
            guard let team = try TeamRecord.all().withTokenHash(hash).fetchOne(db), Tokens.constantTimeEquals(team.tokenHash, hash) else {
                throw StoreError.unknownTeam(.token, challenge: challenge.slug)
            }
            guard team.challengeId == challenge.id else { throw StoreError.unknownTeam(.tokenOfAnotherChallenge, challenge: challenge.slug) }
            return team
        }
    }

    /// Counts an accepted submission made at `date` (the board's counters).
    static func countAccepted(_ db: Database, teamId: Int64, at date: Date) throws {
        try TeamRecord.filter(Columns.id == teamId).updateAll(
            db, Columns.acceptedCount.set(to: Columns.acceptedCount + 1),
            Columns.lastAcceptedAt.set(to: max(Columns.lastAcceptedAt ?? date, date)))
    }
}
