import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One line per request: its method, its route as the route table spells it (never the
/// path's values or the query, where a form token travels), its status and its duration.
/// Hummingbird's `LogRequestsMiddleware` logs the URI with its query and no status, hence
/// this one. It counts them for `/metrics` too: one place sees each request end.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = PodiumContext
    /// Where requests are counted too, with `podium serve --metrics`.
    var metrics: ServerMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            log(request, context, status: status, since: start)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let route = context.endpointPath ?? "(no route)"
        metrics?.request(method: request.method.rawValue, route: route, status: status.code, duration: elapsed)
        context.logger.info(
            "\(request.method) \(route) \(status.code) \(String(format: "%.1f", milliseconds)) ms",
            metadata: [
                "http.method": "\(request.method)", "http.route": "\(route)", "http.status": "\(status.code)",
                "duration_ms": "\(String(format: "%.3f", milliseconds))",
            ])
    }
}

extension APIFailure {
    /// The failure for `error`, logged with its request when it is not one the server expects
    /// (a 500): what went wrong, on which route, for whom, before the bare "internal error".
    init(_ error: any Error, request: Request, context: PodiumContext) {
        self.init(error)
        guard status == .internalServerError else { return }
        context.logger.error(
            "unexpected error",
            metadata: [
                "error": "\(String(reflecting: error))", "http.method": "\(request.method)",
                "http.route": "\(context.endpointPath ?? "(no route)")",
                "principal": "\(context.identity.map(String.init(describing:)) ?? "anonymous")",
            ])
    }
}
