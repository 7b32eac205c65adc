import Crypto
import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// Who a request speaks for: nobody, a team (of one challenge) or the instructor.
enum Principal: Equatable {
    case anonymous
    case team(challenge: String, name: String)
    case instructor
}

/// Sessions in signed cookies (HMAC-SHA256), bearer tokens for the API, and CSRF tokens for
/// forms (a random cookie echoed in a hidden field).
struct Auth: Sendable {
    let store: Store
    let key: Data
    let lifetime: TimeInterval

    static let sessionCookie = "podium_session"
    static let csrfCookie = "podium_csrf"

    init(store: Store, key: Data, lifetime: TimeInterval) {
        self.store = store
        self.key = key
        self.lifetime = lifetime
    }

    struct Session: Codable {
        var role: String
        var challenge: String?
        var team: String?
        var expires: Double
    }

    func sign(_ payload: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key)).map { String(format: "%02x", $0) }.joined()
    }

    func sessionCookie(for principal: Principal) throws -> Cookie {
        var session = Session(role: "instructor", challenge: nil, team: nil, expires: Date().addingTimeInterval(lifetime).timeIntervalSince1970)
        if case .team(let challenge, let name) = principal {
            (session.role, session.challenge, session.team) = ("team", challenge, name)
        }
        let payload = base64url(Data(try JSONText.encode(session).utf8))
        return Cookie(
            name: Self.sessionCookie, value: "\(payload).\(sign(payload))", maxAge: Int(lifetime), path: "/", httpOnly: true, sameSite: .strict)
    }

    static var expiredSession: Cookie {
        Cookie(name: sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// The principal of a session cookie, if it is signed by this server and not expired.
    func principal(fromCookie request: Request) -> Principal {
        guard let value = request.cookies[Self.sessionCookie]?.value, let dot = value.firstIndex(of: ".") else { return .anonymous }
        let payload = String(value[..<dot])
        let signature = String(value[value.index(after: dot)...])
        guard Tokens.constantTimeEquals(sign(payload), signature), let data = fromBase64url(payload),
            let session = try? JSONDecoder().decode(Session.self, from: data), session.expires > Date().timeIntervalSince1970
        else { return .anonymous }
        if session.role == "instructor" { return .instructor }
        if session.role == "team", let challenge = session.challenge, let team = session.team { return .team(challenge: challenge, name: team) }
        return .anonymous
    }

    /// The principal of a token (bearer or typed into a form).
    func principal(forToken token: String) throws -> Principal {
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { return .anonymous }
        if try store.isInstructor(token: token) { return .instructor }
        if let found = try store.team(forToken: token) { return .team(challenge: found.challenge, name: found.team) }
        return .anonymous
    }

    /// `Authorization: Bearer TOKEN`: nil without the header.
    func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return "" }
        return String(parts[1])
    }

    // MARK: CSRF

    /// The request's CSRF token, and the cookie to set when it is new.
    func csrf(_ request: Request) -> (token: String, cookie: Cookie?) {
        if let existing = request.cookies[Self.csrfCookie]?.value, existing.count >= 32 { return (existing, nil) }
        let token = Tokens.generate(prefix: "csrf")
        return (token, Cookie(name: Self.csrfCookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
    }

    func checkCSRF(_ request: Request, field: String?) -> Bool {
        guard let cookie = request.cookies[Self.csrfCookie]?.value, let field, !field.isEmpty else { return false }
        return Tokens.constantTimeEquals(cookie, field)
    }
}

func base64url(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
        of: "=", with: "")
}

func fromBase64url(_ text: String) -> Data? {
    var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while s.count % 4 != 0 { s += "=" }
    return Data(base64Encoded: s)
}
