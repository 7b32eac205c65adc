import Foundation
import PodiumCore

/// A browser's session, kept in a signed cookie: a visitor's, a team's or the instructor's.
/// Its random nonce is what form tokens are derived from (see `SessionCookies.formToken`), so a
/// token is worth nothing outside the session it was shown in.
struct Session: Codable, Sendable, Equatable {
    enum Role: String, Codable, Sendable {
        case visitor, team, instructor, supervisor
    }

    var role: Role
    var challenge: String?
    var team: String?
    var expires: Double
    var nonce: String
    /// The first 16 hexadecimal digits of the SHA-256 of the instructor token the session was
    /// signed in with: replacing that token ends the session.
    var instructorToken: String?
    /// A supervisor's session: who (their id and name).
    var supervisorId: Int64?
    var supervisorName: String?

    init(_ principal: Principal?, expires: Date) {
        role = .visitor
        switch principal {
        case .team(let challenge, let name): (role, self.challenge, team) = (.team, challenge, name)
        case .instructor: role = .instructor
        case .supervisor(let id, let name): (role, supervisorId, supervisorName) = (.supervisor, id, name)
        case nil: break
        }
        self.expires = expires.timeIntervalSince1970
        nonce = Tokens.generate(prefix: "n")
    }

    /// Whom the session speaks for.
    var principal: Principal? {
        switch role {
        case .visitor: nil
        case .instructor: .instructor
        case .team: challenge.flatMap { challenge in team.map { .team(challenge: challenge, name: $0) } }
        case .supervisor: supervisorId.map { .supervisor(id: $0, name: supervisorName ?? "") }
        }
    }
}
