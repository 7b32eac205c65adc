import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore
import PodiumStore

/// What the server needs besides the store.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body accepted (a submission upload), in bytes.
    public var maxUploadBytes = 64 << 20
    /// Key signing the session cookies.
    public var sessionKey: Data
    /// Session lifetime.
    public var sessionSeconds: TimeInterval = 12 * 3600

    public init(host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 64 << 20, sessionKey: Data) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.sessionKey = sessionKey
    }
}

/// The routes: pages for people, the JSON API under `/api/v1`, and `/openapi.yaml`.
public func buildRouter(store: Store, configuration: ServerConfiguration) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: SecurityHeadersMiddleware())
    let auth = Auth(store: store, key: configuration.sessionKey, lifetime: configuration.sessionSeconds)
    APIController(store: store, auth: auth, maxUploadBytes: configuration.maxUploadBytes).addRoutes(to: router.group("api/v1"))
    PagesController(store: store, auth: auth, maxUploadBytes: configuration.maxUploadBytes).addRoutes(to: router)
    router.get("openapi.yaml") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml))
        )
    }
    return router
}

public func buildApplication(store: Store, configuration: ServerConfiguration) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store, configuration: configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "podium")
    )
}

/// No page runs a script or loads anything from elsewhere; pages may not be framed.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return response
    }
}

/// Runs blocking work (SQLite, scoring) off the cooperative thread pool.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

extension Response {
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
