import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// A signed-in team's page: its limits, history and final selection. Access `.team`.
struct TeamPages: Sendable {
    let store: Store
    let pages: PageRenderer

    @Sendable func page(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { return .redirect("/signin") }
        let (manifest, history, status) = try await offload { [store] in
            let manifest = try store.manifest(slug)
            let history = try store.submissions(slug, team: team, viewer: .participant(team: team))
            return (manifest, history, try store.status(slug, team: team))
        }
        return pages.render(context, title: "Team \(team)") { token in
            var html: HTML = "<h1>Team \(team) — \(manifest.title)</h1>"
            html += Layout.limits(
                leftToday: status.leftToday, leftTotal: status.leftTotal, refusedLeft: status.refusedLeftToday, resetsAt: status.resetsAt,
                zone: manifest.timeZone)
            html +=
                manifest.usesLadder
                ? "<p>Public \(manifest.metric.rawValue) (Ladder score): \(Formats.score(status.bestPublicScore)). A file moves it only when it beats your last by more than the public rows' noise; exact public scores are not shown.</p>"
                : "<p>Best public \(manifest.metric.rawValue): \(Formats.score(status.bestPublicScore)).</p>"
            html +=
                "<section><h2>Submit</h2>\(Layout.submitForm(slug: slug, token: token, signedInTeam: team, columns: [manifest.id] + manifest.submissionColumns))</section>"
            html +=
                "<section><h2>History and final selection</h2><p class=\"muted\">Tick up to \(manifest.finalSelection) accepted submissions for the private board; with none ticked, your best public ones count.</p>"
            html += Layout.history(history, zone: manifest.timeZone, selectable: true, slug: slug, token: token) + "</section>"
            return html
        }
    }

    struct SelectForm: Decodable {
        var ids: [Int64]?
    }

    @Sendable func select(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let form = try await URLEncodedFormDecoder().decode(SelectForm.self, from: request, context: context)
        _ = try await offload { [store] in try store.select(slug, team: team, ids: form.ids ?? []) }
        return .redirect("/challenges/\(slug)/team")
    }
}
