import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The public pages (`ChallengeViews` draws them): each handler gathers what its page shows,
/// off the event loop, and hands it to its view.
struct ChallengePages: Sendable {
    let store: Store
    let pages: PageRenderer
    let maxUploadBytes: Int
    let submitter: UploadSubmitter

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let list = try await offload { [store] in try ChallengeService(store).challenges() }
        return pages.render(context) { ChallengeViews.home(list, now: store.clock(), in: $0) }
    }

    /// Overview: the README, and beside it the state, the standings and a submit form.
    @Sendable func challenge(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let model = try await offload { [store] in
            ChallengeViews.Overview(
                summary: try ChallengeService(store).challenge(slug),
                board: try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: nil)), now: store.clock())
        }
        return pages.render(context) { ChallengeViews.overview(model, in: $0) }
    }

    /// Data: each public file with its size and a link, the starting kit, and what a
    /// submission looks like.
    @Sendable func data(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let model = try await offload { [store] in
            let kit = try ChallengeService(store).startingKit(slug)
            return ChallengeViews.DataTab(
                summary: try ChallengeService(store).challenge(slug), kitName: kit.name, kitBytes: kit.data.count,
                files: try StartingKit.files(kit.data), sample: try StartingKit.head(kit.data, path: "sample_submission.csv", lines: 4),
                now: store.clock())
        }
        return pages.render(context) { ChallengeViews.data(model, in: $0) }
    }

    /// One file of the starting kit.
    @Sendable func download(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let path = request.uri.queryParameters.get("file") ?? ""
        // Only this file is inflated, not the whole kit.
        let data = try await offload { [store] in try StartingKit.contents(try ChallengeService(store).startingKit(slug).data, path: path) }
        guard let data else {
            throw APIFailure(status: .notFound, message: "no file \(Echo.quoted(path)) in the starting kit of \(Echo.quoted(slug))")
        }
        let type =
            path.hasSuffix(".csv") ? "text/csv; charset=utf-8" : path.hasSuffix(".md") ? "text/markdown; charset=utf-8" : "application/octet-stream"
        return .attachment(data, contentType: type, fileName: path.split(separator: "/").last.map(String.init) ?? path)
    }

    /// Leaderboard: the public board with its intervals and chart; the private one after the
    /// reveal.
    @Sendable func leaderboard(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let model = try await offload { [store] in
            let summary = try ChallengeService(store).challenge(slug)
            let boards = BoardService(store)
            return ChallengeViews.Boards(
                summary: summary, board: try boards.leaderboard(slug, board: .public, viewer: .participant(team: nil)),
                privateBoard: summary.revealed ? try boards.leaderboard(slug, board: .private, viewer: .participant(team: nil)) : nil,
                history: try HistoryService(store).submissions(slug, viewer: .participant(team: nil)), now: store.clock())
        }
        return pages.render(context) { ChallengeViews.leaderboard(model, in: $0) }
    }

    /// Submit: the form, with the format and the team's limits when signed in.
    @Sendable func submitPage(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let team = context.identity?.team(of: slug)
        let model = try await offload { [store] in
            ChallengeViews.SubmitTab(
                summary: try ChallengeService(store).challenge(slug), status: try team.map { try SubmissionService(store).status(slug, team: $0) },
                now: store.clock())
        }
        return pages.render(context) { ChallengeViews.submit(model, in: $0) }
    }

    @Sendable func startingKit(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let kit = try await offload { [store] in try ChallengeService(store).startingKit(slug) }
        return .attachment(kit.data, contentType: "application/zip", fileName: kit.name)
    }

    /// A file from the form, as the team signed in or with the token typed in the form.
    @Sendable func submit(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let upload = try await Upload.read(request, limit: maxUploadBytes)
        let reference: TeamReference
        if let token = upload.token?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            reference = .token(token)
        } else if let team = context.identity?.team(of: slug) {
            reference = .name(team)
        } else {
            throw APIFailure(status: .unauthorized, phrase: .enterTeamTokenToSubmit)
        }
        switch try await submitter.submit(challenge: slug, team: reference, upload: upload, source: .web) {
        case .receipt(let receipt): return pages.render(context) { ChallengeViews.receipt(receipt, in: $0) }
        case .queued(let ticket): return pages.render(context) { ChallengeViews.queued(ticket, slug: slug, in: $0) }
        }
    }
}
