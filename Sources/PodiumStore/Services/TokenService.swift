import Foundation
import GRDB
import PodiumCore

/// Whom a token speaks for.
public enum TokenOwner: Sendable, Equatable {
    case instructor
    case team(challenge: String, name: String, id: Int64)
    /// A supervisor of reports (`podium supervisors add`), across challenges.
    case supervisor(id: Int64, name: String)
}

/// Tokens: the instructor's, the teams' (created with the roster) and the supervisors'; stored hashed,
/// compared in constant time.
public struct TokenService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Whom a token belongs to (the instructor, a team), in one read; nil when it is unknown.
    public func owner(ofToken token: String) throws -> TokenOwner? {
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { return nil }
        let hash = Tokens.hash(token)
        return try store.writer.read { db in
            var instructor = false
            for candidate in try InstructorTokenRecord.fetchAll(db).map(\.tokenHash) where Tokens.constantTimeEquals(candidate, hash) {
                instructor = true
            }
            if instructor { return .instructor }
            if let s = try SupervisorRecord.filter(SupervisorRecord.Columns.tokenHash == hash).fetchOne(db),
                Tokens.constantTimeEquals(s.tokenHash, hash)
            {
                return .supervisor(id: try s.requireID(), name: s.name)
            }
            guard
                let found = try TeamRecord.all().withTokenHash(hash).including(required: TeamRecord.challenge).asRequest(of: TeamWithChallenge.self)
                    .fetchOne(db), Tokens.constantTimeEquals(found.team.tokenHash, hash)
            else { return nil }
            return .team(challenge: found.challenge.slug, name: found.team.name, id: try found.team.requireID())
        }
    }

    /// The team a token belongs to, if any.
    public func team(forToken token: String) throws -> (challenge: String, team: String)? {
        guard case .team(let challenge, let name, _)? = try owner(ofToken: token) else { return nil }
        return (challenge, name)
    }

    /// Creates an instructor token and returns it once. `replacingOthers`: the tokens before it
    /// stop working, and so do the sessions signed in with them (see `isInstructorToken`):
    /// what to do when a token has leaked.
    public func createInstructorToken(replacingOthers: Bool = false) throws -> String {
        let token = Tokens.generate(prefix: "instructor")
        var record = InstructorTokenRecord(id: nil, tokenHash: Tokens.hash(token), createdAt: store.clock())
        try store.writer.write { db in
            if replacingOthers { _ = try InstructorTokenRecord.deleteAll(db) }
            try record.insert(db)
        }
        return token
    }

    /// Whether an instructor token whose SHA-256 begins with `hashPrefix` is still valid (a
    /// session keeps the prefix of the token it was signed in with, never the token).
    public func isInstructorToken(hashPrefix: String) throws -> Bool {
        try store.writer.read { db in
            try InstructorTokenRecord.fetchAll(db).contains { $0.tokenHash.hasPrefix(hashPrefix) && hashPrefix.count >= 16 }
        }
    }

    public func hasInstructorToken() throws -> Bool {
        try store.writer.read { db in try InstructorTokenRecord.fetchCount(db) > 0 }
    }

    public func isInstructor(token: String) throws -> Bool { try owner(ofToken: token) == .instructor }
}
