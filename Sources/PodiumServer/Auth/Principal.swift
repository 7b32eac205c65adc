import Hummingbird
import HummingbirdAuth
import PodiumCore
import PodiumStore

/// Who a request speaks for: a team (of one challenge), a supervisor or the instructor. A request with no
/// identity in its context is anonymous.
public enum Principal: Equatable, Sendable {
    case team(challenge: String, name: String)
    case instructor
    /// A supervisor of TER reports: sees and marks only the teams assigned to them.
    case supervisor(id: Int64, name: String)

    /// The principal of a token (bearer or typed into a form), nil when it is unknown: one read.
    static func of(token: String, tokens: TokenService) async throws -> Principal? {
        switch try await offload({ try tokens.owner(ofToken: token) }) {
        case .instructor?: .instructor
        case .team(let challenge, let name, _)?: .team(challenge: challenge, name: name)
        case .supervisor(let id, let name)?: .supervisor(id: id, name: name)
        case nil: nil
        }
    }

    /// The team's name when it is a team of `slug`.
    func team(of slug: String) -> String? {
        if case .team(let challenge, let name) = self, challenge == slug { return name }
        return nil
    }
}

/// The request context of every route: the caller's identity (set by the authenticators) and,
/// for pages, the browser's session, to which form tokens are bound.
public struct PodiumContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    /// The page session (a visitor's too); nil on API routes.
    var session: Session?
    /// A session minted for this request, set as a cookie on its response.
    var newSession: Session?
    /// Pages: the language they are written in, and the path (for the language switch).
    var language: Language = .en
    var path = "/"

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}

extension PodiumContext {
    /// The route's `{id}` (or another `parameter`), a submission's, a run's or a report
    /// version's number: a path whose number is not one (`abc`, `-1`, thirty digits) names
    /// nothing, and says so with what it was, where each route had its own answer (one read
    /// it as submission #0).
    func routeNumber(_ parameter: String = "id", of what: String) throws -> Int64 {
        let text = try parameters.require(parameter)
        guard let id = Int64(text), id > 0 else {
            throw APIFailure(status: .notFound, message: "no \(what) \(Echo.quoted(text)): a \(what) is a number (1, 2, 3…)")
        }
        return id
    }
}
