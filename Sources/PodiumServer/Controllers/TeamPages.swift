import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// A signed-in team's page (the challenge's "My team" tab): its limits, history with each
/// file to download, and final selection. Access `.team`.
struct TeamPages: Sendable {
    let store: Store
    let pages: PageRenderer

    @Sendable func page(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { return .redirect("/signin") }
        let (summary, history, status) = try await offload { [store] in
            let summary = try ChallengeService(store).challenge(slug)
            let history = try HistoryService(store).submissions(slug, team: team, viewer: .participant(team: team))
            return (summary, history, try SubmissionService(store).status(slug, team: team))
        }
        let manifest = summary.manifest
        let t = context.language
        return pages.render(context, title: "\(t(.teamLabel)) \(team) — \(manifest.title)") { token in
            var html = ChallengePages.header(summary, tab: .team, context: context, now: store.clock())
            html += "<section><h2>\(t(.teamLabel)) \(team)</h2>"
            html +=
                manifest.usesLadder
                ? "<p>\(t(.publicWord)) \(manifest.metric.rawValue) (Ladder): <strong>\(Formats.score(status.bestPublicScore))</strong>. \(t(.fileMovesItOnlyWhen))</p>"
                : "<p>\(t(.bestPublic)) \(manifest.metric.rawValue): <strong>\(Formats.score(status.bestPublicScore))</strong>.</p>"
            html += Layout.limits(
                leftToday: status.leftToday, leftTotal: status.leftTotal, refusedLeft: status.refusedLeftToday, resetsAt: status.resetsAt,
                zone: manifest.timeZone, language: t)
            html += "<p><a class=\"button\" href=\"/challenges/\(slug)/submit\">\(t(.submitFile))</a></p></section>"
            html +=
                "<section><h2>\(t(.historyAndFinalSelection))</h2><p class=\"muted\">\(t(.tickUpToAcceptedSubmissions, "\(manifest.finalSelection)"))</p>"
            html +=
                Layout.history(
                    history, zone: manifest.timeZone, selectable: true, slug: slug, token: token, language: t,
                    download: { "/challenges/\(slug)/team/submissions/\($0)" }) + "</section>"
            return html
        }
    }

    /// One of the team's own files, as it was sent.
    @Sendable func file(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        guard let id = Int64(try context.parameters.require("id")) else { throw APIFailure(status: .notFound, message: "no such submission") }
        let file = try await offload { [store] in try HistoryService(store).submittedFile(slug, id: id, team: team) }
        return .attachment(file.data, contentType: Self.contentType(file.name), fileName: file.name)
    }

    static func contentType(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".gz") ? "application/gzip" : lower.hasSuffix(".zip") ? "application/zip" : "text/csv; charset=utf-8"
    }

    struct SelectForm: Decodable {
        var ids: [Int64]?
    }

    @Sendable func select(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let form = try await FormBody.decode(SelectForm.self, request, context)
        _ = try await offload { [store] in try BoardService(store).select(slug, team: team, ids: form.ids ?? []) }
        return .redirect("/challenges/\(slug)/team")
    }
}
