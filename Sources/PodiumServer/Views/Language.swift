import Foundation
import Hummingbird

/// The language of the pages: French or English, since the course is taught in France.
/// The visitor's choice (`?lang=fr`, kept in a cookie) wins, else the browser's
/// `Accept-Language` (its highest-weighted of the two), else English. Page text comes from the
/// catalog (`Phrase`), in both languages: `language(.leaderboard)`.
enum Language: String, Sendable, CaseIterable {
    case en, fr

    static let cookieName = "podium_lang"

    /// The language a request asks for.
    static func negotiate(query: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let query, let chosen = Language(rawValue: query.lowercased()) { return chosen }
        if let cookie, let chosen = Language(rawValue: cookie) { return chosen }
        return acceptLanguage.flatMap(preferred) ?? .en
    }

    /// The first of English and French in an `Accept-Language` header by weight
    /// (`fr-FR,fr;q=0.9,en;q=0.8` → French); nil when it names neither.
    static func preferred(_ header: String) -> Language? {
        var best: (weight: Double, order: Int, language: Language)?
        for (order, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = Language(rawValue: primary) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0, weight <= 1 else { continue }
            if best == nil || weight > best!.weight { best = (weight, order, language) }
        }
        return best?.language
    }
}

/// Sets the page's language and path on the context; `?lang=` also sets the cookie that keeps
/// the choice.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = PodiumContext
    var secure: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let query = request.uri.queryParameters.get("lang")
        context.language = Language.negotiate(
            query: query, cookie: request.cookies[Language.cookieName]?.value, acceptLanguage: request.headers[.acceptLanguage])
        context.path = request.uri.path
        var response = try await next(request, context)
        if let query, let chosen = Language(rawValue: query.lowercased()) {
            response.setCookie(
                Cookie(
                    name: Language.cookieName, value: chosen.rawValue, maxAge: 365 * 86400, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
            )
        }
        return response
    }
}
