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

    init(_ method: HTTPRequest.Method, _ path: RoutePath, _ surface: Surface, access: Access = .anyone, _ handler: @escaping Handler) {
        self.method = method
        self.path = path.template
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

/// What the router answers when no route matches: 405 with `Allow` when the path is a route's
/// and the method is not one of its own (any method, QUERY and TRACE included), a JSON 404
/// under `/api/v1`, and Hummingbird's 404 elsewhere.
struct UnknownRouteMiddleware: RouterMiddleware {
    typealias Context = PodiumContext
    /// Each route's path segments (nil where a `{parameter}` matches any) and methods.
    let patterns: [(segments: [Substring?], methods: Set<HTTPRequest.Method>)]

    init(routes: [(method: HTTPRequest.Method, path: String)]) {
        let byPath = Dictionary(grouping: routes, by: \.path)
        patterns = byPath.map { path, routes in
            let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : $0 }
            let methods = Set(routes.map(\.method))
            return (segments, methods.contains(.get) ? methods.union([.head]) : methods)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/")
            let allowed = patterns.filter { pattern in
                pattern.segments.count == segments.count && zip(pattern.segments, segments).allSatisfy { $0 == nil || $0 == $1 }
            }.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.methods) }
            if !allowed.isEmpty && !allowed.contains(request.method) {
                let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                var response = APIFailure(status: .methodNotAllowed, message: "\(request.method.rawValue) is not served here; allowed: \(list)")
                    .response
                response.headers[.allow] = list
                return response
            }
            if segments.starts(with: ["api", "v1"]) {
                return APIFailure(status: .notFound, message: "no such API route; the routes are described at /openapi.yaml").response
            }
            throw error
        }
    }
}
