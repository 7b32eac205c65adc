import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
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
    /// The address users reach, when it is not `http://host:port/` (a proxy in front): with
    /// https, cookies are marked `Secure`.
    public var publicURL: URL?
    /// Seconds a connection may stay silent (no request, no byte of a body) before it is closed.
    public var idleSeconds: Int64 = 30
    /// Where the server writes its request lines and the errors it did not expect (and the
    /// store what it works around).
    public var logger = Logger(label: "podium")
    /// `GET /metrics` (Prometheus), for `podium serve --metrics`: off unless asked for.
    public var metrics = false

    public init(host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 64 << 20, sessionKey: Data) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.sessionKey = sessionKey
    }
}

/// The routes of `Routes.all`: pages for people, the JSON API under `/api/v1`, and
/// `/openapi.yaml`. Identity, access, form tokens and errors are middleware of each surface;
/// handlers only do their job.
public func buildRouter(store: Store, configuration: ServerConfiguration) -> Router<PodiumContext> {
    let store = store.logging(to: configuration.logger)
    let router = Router(context: PodiumContext.self)
    let metrics = configuration.metrics ? ServerMetrics() : nil
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    // No page runs a script or loads anything from elsewhere; pages may not be framed.
    router.add(
        middleware: ContentSecurityMiddleware(contentSecurityPolicy: [
            .defaultSrc(.none), .styleSrc(.unsafeInline), .imgSrc(.self, .uri("data:")), .formAction(.self), .frameAncestors(.none),
        ]))
    let cookies = SessionCookies(
        key: configuration.sessionKey, lifetime: configuration.sessionSeconds, secure: configuration.publicURL?.scheme?.lowercased() == "https")
    let routes = Routes(store: store, cookies: cookies, maxUploadBytes: configuration.maxUploadBytes, metrics: metrics)
    router.add(middleware: UnknownRouteMiddleware(routes: routes.all.map { ($0.method, $0.path) }))
    for route in routes.all {
        let group = router.group()
        switch route.surface {
        case .api:
            group.add(middleware: APIErrorMiddleware()).add(middleware: BearerTokenAuthenticator(store: store))
                .add(middleware: AccessMiddleware(access: route.access, isPage: false, store: store))
        case .page:
            group.add(middleware: LanguageMiddleware(secure: cookies.secure))
                .add(middleware: PageSessionAuthenticator(cookies: cookies, store: store)).add(middleware: PageErrorMiddleware(pages: routes.pages))
                .add(middleware: AccessMiddleware(access: route.access, isPage: true, store: store))
            if route.method == .post {
                group.add(middleware: FormTokenMiddleware(cookies: cookies, publicAuthority: configuration.publicURL?.authority))
            }
        case .document:
            break
        }
        let handler = route.handler
        group.on(RouterPath(route.routerPath), method: route.method) { request, context in try await handler(request, context) }
        if route.method == .get {
            // HEAD: the GET's status and headers, without its body.
            group.on(RouterPath(route.routerPath), method: .head) { request, context in
                let response = try await handler(request, context)
                return Response(status: response.status, headers: response.headers)
            }
        }
    }
    return router
}

public func buildApplication(store: Store, configuration: ServerConfiguration) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store, configuration: configuration),
        // A connection that sends nothing for this long is closed: slow clients cannot hold
        // the server's connections open for ever.
        // `Expect: 100-continue` is answered at once (curl waits a second for it on large files).
        server: .http1(
            configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()], idleTimeout: .seconds(configuration.idleSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "podium"),
        logger: configuration.logger
    )
}
