import Crypto
import Foundation
import Hummingbird
import PodiumCore

/// Sessions in signed cookies (HMAC-SHA256 over the base64url JSON), and the form tokens bound
/// to them.
struct SessionCookies: Sendable {
    let key: Data
    let lifetime: TimeInterval
    /// Behind HTTPS (`--public-url https://…`): cookies are sent over HTTPS only.
    var secure = false

    static let name = "podium_session"

    func sign(_ text: String) -> String {
        Hashing.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key)))
    }

    func newSession(for principal: Principal?) -> Session {
        Session(principal, expires: Date().addingTimeInterval(lifetime))
    }

    func cookie(for session: Session) throws -> Cookie {
        let payload = Base64URL.encode(Data(try JSONText.encode(session).utf8))
        return Cookie(
            name: Self.name, value: "\(payload).\(sign(payload))", maxAge: Int(lifetime), path: "/", secure: secure, httpOnly: true, sameSite: .strict
        )
    }

    /// The session of a request's cookie, if it is signed by this server and not expired.
    func session(_ request: Request) -> Session? {
        guard let value = request.cookies[Self.name]?.value, let dot = value.firstIndex(of: ".") else { return nil }
        let payload = String(value[..<dot])
        let signature = String(value[value.index(after: dot)...])
        guard Tokens.constantTimeEquals(sign(payload), signature), let data = Base64URL.decode(payload),
            let session = try? JSONText.decoder().decode(Session.self, from: data), session.expires > Date().timeIntervalSince1970
        else { return nil }
        return session
    }

    /// The token a form of this session carries.
    func formToken(_ session: Session) -> String { sign("form|" + session.nonce) }

    func isValidFormToken(_ token: String?, for session: Session?) -> Bool {
        guard let token, let session, !token.isEmpty else { return false }
        return Tokens.constantTimeEquals(formToken(session), token)
    }
}
