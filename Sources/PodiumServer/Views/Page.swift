import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore
import PodiumStore

/// What a view knows of its request: the visitor's language, who they are, the form token of
/// their session, and the page's path (for the language switch).
struct PageContext: Sendable {
    var language: Language
    var principal: Principal?
    var token: FormToken
    var path: String

    /// The phrase in the visitor's language (`page.t(.leaderboard)`).
    var t: Language { language }
}

/// A rendered page's title and body, and its status.
struct Page: Sendable {
    var title: String
    var body: HTML
    var status: HTTPResponse.Status = .ok
    /// Seconds after which the browser loads the page again (a run's live status).
    var refresh: Int? = nil
}

/// Renders a view's page in the frame (`Layout.frame`), for the visitor's language, session
/// and identity.
struct PageRenderer: Sendable {
    let cookies: SessionCookies

    func context(_ context: PodiumContext) -> PageContext {
        PageContext(
            language: context.language, principal: context.identity, token: FormToken(value: context.session.map(cookies.formToken) ?? ""),
            path: context.path)
    }

    func render(_ context: PodiumContext, _ view: (PageContext) throws -> Page) rethrows -> Response {
        let page = self.context(context)
        let rendered = try view(page)
        return .html(Layout.frame(title: rendered.title, page: page, body: rendered.body, refresh: rendered.refresh), status: rendered.status)
    }
}

/// The token a page's forms carry (see `FormTokenMiddleware`).
struct FormToken: Sendable {
    var value: String

    /// The hidden field of a URL-encoded form.
    var field: HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(value)\">" }

    /// The action of a file upload form, whose body is not read before the token is checked.
    func action(_ path: String) -> String { path + "?csrf=" + value }
}

/// The error page: the status and what went wrong.
enum ErrorView {
    static func page(_ failure: APIFailure, in page: PageContext) -> Page {
        let t = page.t
        return Page(
            title: t(.error),
            body: """
                <h1>\(failure.status.code) \(failure.status.reasonPhrase)</h1><p class="error">\(failure.message(in: t))</p>\
                <p><a href="\(Paths.home())">\(t(.backToChallenges))</a></p>
                """, status: failure.status)
    }
}
