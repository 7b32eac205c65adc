import Foundation
import Hummingbird
import PodiumStore

/// Who may use a route.
enum Access: Sendable {
    case anyone
    /// A team or the instructor.
    case signedIn
    /// A team of the route's challenge (`{slug}`).
    case team
    case instructor
    /// A supervisor of TER reports (which teams: checked by the handler, 403 for another's).
    case supervisor
}

/// Refuses a request whose identity does not have the route's access: 401 without one, 403
/// with the wrong one. Pages send a visitor to the sign-in page instead.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = PodiumContext
    let access: Access
    let isPage: Bool
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch (access, context.identity) {
        case (.anyone, _), (.signedIn, .some), (.instructor, .instructor?), (.supervisor, .supervisor?):
            return try await next(request, context)
        case (_, nil):
            if isPage && request.method == .get { return .redirect(Paths.signIn()) }
            throw isPage ? APIFailure(status: .unauthorized, message: "sign in, or enter your team's token") : APIFailure.unauthorized
        case (.instructor, .team?), (.instructor, .supervisor?):
            throw APIFailure.instructorOnly
        case (.supervisor, _?):
            throw APIFailure(status: .forbidden, message: "this needs a supervisor's token (podium supervisors add)")
        case (.team, let principal?):
            let slug = try context.parameters.require("slug")
            // A team of this challenge: the challenge exists (the token's team was read with it).
            if principal.team(of: slug) != nil { return try await next(request, context) }
            // Else an unknown challenge is told first (404), whoever asks.
            _ = try await offload { [store] in try ChallengeService(store).manifest(slug) }
            if principal == .instructor {
                throw APIFailure(status: .forbidden, message: "the instructor token cannot submit; use a team token")
            }
            if case .supervisor = principal {
                throw APIFailure(status: .forbidden, message: "a supervisor's token cannot act for a team; use the team's token")
            }
            throw APIFailure(status: .forbidden, message: "this token belongs to a team of another challenge")
        }
    }
}

/// Every form post carries the token of the session its page was shown in, as a form field
/// (`csrf`, URL-encoded forms), a `csrf` query item (file uploads, whose body is not read
/// before the check) or an `X-CSRF-Token` header. A request from another site cannot know it.
struct FormTokenMiddleware: RouterMiddleware {
    typealias Context = PodiumContext
    let cookies: SessionCookies
    /// `host[:port]` of `--public-url`, which a proxy in front may not pass on as the Host.
    var publicAuthority: String?
    /// URL-encoded forms are small; a larger one is refused before it is read whole.
    static let maxFormBytes = 64 << 10

    struct TokenField: Decodable { var csrf: String? }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Browsers say where a request comes from: a form posted from another site, or from
        // another port of this host (same-site, not same-origin), is refused before anything.
        if let site = request.headers[.init("Sec-Fetch-Site")!], !["same-origin", "none"].contains(site.lowercased()) {
            throw APIFailure(status: .forbidden, message: "forms of Podium are accepted from Podium's own pages only")
        }
        if let origin = request.headers[.init("Origin")!],
            !Set([request.head.authority, publicAuthority].compactMap { $0 }).contains(URL(string: origin).map(\.authority) ?? "")
        {
            throw APIFailure(status: .forbidden, message: "forms of Podium are accepted from Podium's own pages only")
        }
        var request = request
        var token = request.headers[.init("X-CSRF-Token")!] ?? request.uri.queryParameters.get("csrf")
        if token == nil, request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: Self.maxFormBytes)
            token = try? URLEncodedFormDecoder().decode(TokenField.self, from: String(buffer: body)).csrf
        }
        guard context.newSession == nil, cookies.isValidFormToken(token, for: context.session) else {
            throw APIFailure(status: .forbidden, message: "the form has expired; reload the page and send it again")
        }
        return try await next(request, context)
    }
}

extension URL {
    /// `host[:port]`, as a Host header writes it.
    var authority: String { (host ?? "") + (port.map { ":\($0)" } ?? "") }
}
