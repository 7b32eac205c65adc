import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// Signing in with a token (a team's or the instructor's) and out (`SignInViews`). Each starts a new session,
/// so that no form token of the session before is valid after.
struct SignInPages: Sendable {
    let store: Store
    let pages: PageRenderer
    let cookies: SessionCookies

    struct SignInForm: Decodable {
        var token: String
    }

    @Sendable func form(_ request: Request, context: PodiumContext) async throws -> Response {
        pages.render(context) { SignInViews.form(in: $0) }
    }

    @Sendable func signIn(_ request: Request, context: PodiumContext) async throws -> Response {
        let form = try await FormBody.decode(SignInForm.self, request, context)
        guard let principal = try await Principal.of(token: form.token, tokens: TokenService(store)) else {
            return pages.render(context) { SignInViews.unknownToken(in: $0) }
        }
        // The visitor's session ends here; a new one starts signed in.
        if let session = context.session {
            try await offload { [store] in
                try SessionService(store).revokeSession(nonce: session.nonce, expires: Date(timeIntervalSince1970: session.expires))
            }
        }
        var response: Response
        switch principal {
        case .instructor: response = .redirect(Paths.instructor())
        case .team(let challenge, _): response = .redirect(Paths.team(challenge))
        case .supervisor: response = .redirect(Paths.supervise())
        }
        var session = cookies.newSession(for: principal)
        if principal == .instructor {
            session.instructorToken = String(Tokens.hash(form.token.trimmingCharacters(in: .whitespacesAndNewlines)).prefix(16))
        }
        response.setCookie(try cookies.cookie(for: session))
        return response
    }

    @Sendable func signOut(_ request: Request, context: PodiumContext) async throws -> Response {
        if let session = context.session {
            try await offload { [store] in
                try SessionService(store).revokeSession(nonce: session.nonce, expires: Date(timeIntervalSince1970: session.expires))
            }
        }
        var response = Response.redirect(Paths.home())
        response.setCookie(try cookies.cookie(for: cookies.newSession(for: nil)))
        return response
    }
}
