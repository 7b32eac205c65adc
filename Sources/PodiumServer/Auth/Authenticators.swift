import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import PodiumCore
import PodiumStore

/// API callers: `Authorization: Bearer TOKEN`, a team's or the instructor's. A header with an
/// unknown token is refused (401) rather than treated as anonymous, so that a typo is told.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = PodiumContext
    let store: Store

    func authenticate(request: Request, context: Context) async throws -> Principal? {
        guard request.headers[.authorization] != nil else { return nil }
        guard let token = request.headers.bearer?.token, let principal = try await Principal.of(token: token, tokens: TokenService(store)) else {
            throw APIFailure.unauthorized
        }
        return principal
    }
}

/// Page visitors: the signed session cookie. A request without a valid session gets a new
/// visitor session, set as a cookie on the response, so that its forms carry a token.
struct PageSessionAuthenticator: RouterMiddleware {
    typealias Context = PodiumContext
    let cookies: SessionCookies
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let signed = cookies.session(request)
        var revoked = false
        if let session = signed {
            revoked = try await offload { [store] in
                if try SessionService(store).isSessionRevoked(nonce: session.nonce) { return true }
                // The instructor token it was signed in with has been replaced.
                guard session.role == .instructor else { return false }
                return try !TokenService(store).isInstructorToken(hashPrefix: session.instructorToken ?? "")
            }
        }
        if let session = signed, !revoked {
            context.session = session
            context.identity = session.principal
        } else {
            let session = cookies.newSession(for: nil)
            context.session = session
            context.newSession = session
        }
        var response = try await next(request, context)
        if let minted = context.newSession, response.headers[values: .setCookie].allSatisfy({ !$0.hasPrefix(SessionCookies.name + "=") }) {
            response.setCookie(try cookies.cookie(for: minted))
        }
        return response
    }
}
