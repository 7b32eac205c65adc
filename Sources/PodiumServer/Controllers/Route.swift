import HTTPTypes
import Hummingbird

/// One route: its method, its path as `/openapi.yaml` writes it (`{slug}`), who may use it,
/// and its handler. The router is built from the table (`Routes.all`), and a test checks the
/// OpenAPI document against the same table.
struct Route: Sendable {
    enum Surface: Sendable {
        /// JSON under `/api/v1`, bearer tokens, errors as JSON.
        case api
        /// A page or a form for browsers: session cookie, form token on posts, error pages.
        case page
        /// A document served as it is (`/openapi.yaml`).
        case document
    }

    typealias Handler = @Sendable (Request, PodiumContext) async throws -> Response

    var method: HTTPRequest.Method
    var path: String
    var access: Access
    var surface: Surface
    var handler: Handler

    init(_ method: HTTPRequest.Method, _ path: String, _ surface: Surface, access: Access = .anyone, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.access = access
        self.surface = surface
        self.handler = handler
    }

    /// The path in Hummingbird's syntax (`:slug`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}
