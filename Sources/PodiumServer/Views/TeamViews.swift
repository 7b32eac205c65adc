import Foundation
import HTTPTypes
import PodiumCore
import PodiumStore

/// A signed-in team's page (the challenge's "My team" tab): its limits, its history with each
/// file to download, and its final selection.
enum TeamViews {
    struct TeamPage {
        var summary: ChallengeSummary
        var team: String
        var history: [SubmissionView]
        /// Nil for the challenge's authors' team (roster role `author`): it does not submit.
        var status: TeamStatus?
        /// A code challenge's runs, the newest first (nil for a challenge of prediction files).
        var runs: [RunState]?
        /// The team's report versions, when the challenge takes a report.
        var reports: [HandInReceipt]? = nil
        var now: Date
    }

    static func page(_ model: TeamPage, in page: PageContext) -> Page {
        let t = page.t
        let manifest = model.summary.manifest
        let slug = manifest.slug
        var html = ChallengeViews.header(model.summary, tab: .team, now: model.now, in: page)
        html += "<section><h2>\(t(.teamLabel)) \(model.team)</h2>"
        guard let status = model.status else {
            html += "<p>\(t(.authorsTeamNote))</p></section>"
            if let reports = model.reports, let settings = manifest.grading.report {
                html += TERViews.teamSection(reports, settings: settings, slug: slug, zone: manifest.timeZone, in: page)
            }
            return Page(title: "\(t(.teamLabel)) \(model.team) — \(manifest.title)", body: html)
        }
        html +=
            manifest.usesLadder
            ? "<p>\(t(.publicWord)) \(manifest.metric.rawValue) (Ladder): <strong>\(Formats.score(status.bestPublicScore))</strong>. \(t(.fileMovesItOnlyWhen))</p>"
            : "<p>\(t(.bestPublic)) \(manifest.metric.rawValue): <strong>\(Formats.score(status.bestPublicScore))</strong>.</p>"
        html += Layout.limits(
            leftToday: status.leftToday, leftTotal: status.leftTotal, refusedLeft: status.refusedLeftToday, resetsAt: status.resetsAt,
            zone: manifest.timeZone, language: t)
        html += "<p><a class=\"button\" href=\"\(Paths.submit(slug))\">\(t(.submitFile))</a></p></section>"
        if let runs = model.runs { html += RunViews.section(runs, slug: slug, zone: manifest.timeZone, now: model.now, language: t) }
        if let reports = model.reports, let settings = manifest.grading.report {
            html += TERViews.teamSection(reports, settings: settings, slug: slug, zone: manifest.timeZone, in: page)
        }
        html +=
            "<section><h2>\(t(.historyAndFinalSelection))</h2><p class=\"muted\">\(t(.tickUpToAcceptedSubmissions, "\(manifest.finalSelection)"))</p>"
        html +=
            Layout.history(
                model.history, zone: manifest.timeZone, selectable: true, slug: slug, token: page.token, language: t,
                download: { Paths.teamFile(slug, "\($0)") }) + "</section>"
        let pending = model.runs?.contains { $0.status.isPending } == true
        return Page(title: "\(t(.teamLabel)) \(model.team) — \(manifest.title)", body: html, refresh: pending ? RunViews.refreshSeconds : nil)
    }
}

/// Signing in with a token (a team's or the instructor's).
enum SignInViews {
    static func form(in page: PageContext) -> Page {
        let t = page.t
        return Page(
            title: t(.signIn),
            body: """
                <h1>\(t(.signIn))</h1>
                <p>\(t(.binomesSignInWithTeamToken))</p>
                <form method="post" action="\(Paths.signIn())" class="stack">
                \(page.token.field)
                <label>\(t(.token)) <input type="password" name="token" autocomplete="off" required></label>
                <button type="submit">\(t(.signIn))</button>
                </form>
                """)
    }

    static func unknownToken(in page: PageContext) -> Page {
        let t = page.t
        return Page(
            title: t(.signIn),
            body: "<h1>\(t(.signIn))</h1><p class=\"error\">\(t(.tokenIsUnknown))</p><p><a href=\"\(Paths.signIn())\">\(t(.tryAgain))</a></p>",
            status: .unauthorized)
    }
}
