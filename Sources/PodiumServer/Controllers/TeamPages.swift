import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// A signed-in team's page (`TeamViews`), its own files, and its final selection. Access `.team`.
struct TeamPages: Sendable {
    let store: Store
    let pages: PageRenderer

    @Sendable func page(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { return .redirect(Paths.signIn()) }
        let model = try await offload { [store] in
            // The authors' team submits nothing: its page is its preparation report.
            let participates = try RosterService(store).role(slug, team: team) == .participant
            return TeamViews.TeamPage(
                summary: try ChallengeService(store).challenge(slug), team: team,
                history: participates ? try HistoryService(store).submissions(slug, team: team, viewer: .participant(team: team)) : [],
                status: participates ? try SubmissionService(store).status(slug, team: team) : nil,
                runs: try ChallengeService(store).manifest(slug).code == nil ? nil : try RunService(store).runs(slug, team: team),
                reports: try ChallengeService(store).manifest(slug).grading.report == nil
                    ? nil : try ReportHandInService(store).versions(slug, team: team),
                now: store.clock())
        }
        return pages.render(context) { TeamViews.page(model, in: $0) }
    }

    /// One of the team's code runs: its status, live, and its log.
    @Sendable func run(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { return .redirect(Paths.signIn()) }
        let id = try context.routeNumber(of: "run")
        let model = try await offload { [store] in
            let runs = RunService(store)
            return RunViews.RunPage(
                summary: try ChallengeService(store).challenge(slug), run: try runs.state(slug, id: id, team: team),
                log: try runs.log(slug, id: id, team: team), now: store.clock())
        }
        return pages.render(context) { RunViews.page(model, in: $0) }
    }

    /// One of the team's own files, as it was sent.
    @Sendable func file(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let id = try context.routeNumber(of: "submission")
        let file = try await offload { [store] in try HistoryService(store).submittedFile(slug, id: id, team: team) }
        return .attachment(file.data, contentType: FileKind(fileName: file.name).mediaType, fileName: file.name)
    }

    struct SelectForm: Decodable {
        var ids: [Int64]?
    }

    @Sendable func select(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let form = try await FormBody.decode(SelectForm.self, request, context)
        _ = try await offload { [store] in try BoardService(store).select(slug, team: team, ids: form.ids ?? []) }
        return .redirect(Paths.team(slug))
    }
}
