import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The JSON API under `/api/v1` (described in `/openapi.yaml`). Identity and access are
/// checked before these run (see `Routes`).
struct APIController: Sendable {
    let store: Store
    let maxUploadBytes: Int
    let submitter: UploadSubmitter

    struct ChallengeItem: Encodable {
        var slug: String
        var title: String
        var version: Int
        var task: String
        var metric: Metric
        var higherIsBetter: Bool
        var revealed: Bool
        var teams: Int
        var submissions: Int
    }

    @Sendable func list(_ request: Request, context: PodiumContext) async throws -> Response {
        let items = try await offload { [store] in
            try ChallengeService(store).challenges().map {
                ChallengeItem(
                    slug: $0.manifest.slug, title: $0.manifest.title, version: $0.manifest.version, task: $0.manifest.task.rawValue,
                    metric: $0.manifest.metric, higherIsBetter: $0.manifest.metric.higherIsBetter,
                    revealed: $0.revealed, teams: $0.teams, submissions: $0.submissions)
            }
        }
        return .json(try Formats.json(items))
    }

    /// Access `.team`: the caller is a team of this challenge.
    @Sendable func submit(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let upload = try await Upload.read(request, limit: maxUploadBytes)
        let receipt = try await submitter.submit(challenge: slug, team: .name(team), upload: upload, source: .api)
        if let problems = receipt.problems {
            return APIFailure(
                status: .unprocessableContent, message: "submission #\(receipt.id) was refused; it does not count toward the limits",
                problems: problems
            ).response
        }
        return .json(try Formats.json(receipt), status: .created)
    }

    /// Access `.signedIn`: a team sees its own history, the instructor every team's.
    @Sendable func submissions(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let history: [SubmissionView]
        switch context.identity {
        case .instructor?: history = try await offload { [store] in try HistoryService(store).submissions(slug, viewer: .instructor) }
        case .team(let challenge, let team)?:
            guard challenge == slug else { throw APIFailure(status: .forbidden, message: "this token belongs to a team of another challenge") }
            history = try await offload { [store] in try HistoryService(store).submissions(slug, team: team, viewer: .participant(team: team)) }
        case nil: throw APIFailure.unauthorized
        }
        return .json(try Formats.json(history))
    }

    @Sendable func leaderboard(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let kind: BoardKind
        switch request.uri.queryParameters.get("board") ?? "public" {
        case "public": kind = .public
        case "private": kind = .private
        case let other: throw APIFailure(status: .badRequest, message: "board must be public or private, not \(Echo.quoted(other))")
        }
        let viewer: Viewer = context.identity == .instructor ? .instructor : .participant(team: nil)
        let board = try await offload { [store] in try BoardService(store).leaderboard(slug, board: kind, viewer: viewer) }
        return .json(try Formats.json(board))
    }

    /// Access `.instructor`.
    /// The course's sheet: every student of every challenge.
    @Sendable func courseGrades(_ request: Request, context: PodiumContext) async throws -> Response {
        let csv = try await offload { [store] in try GradeService(store).courseGrades().csv() }
        return .gradesCSV(csv, slug: "course")
    }

    @Sendable func grades(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let csv = try await offload { [store] in try GradeService(store).grades(slug).csv() }
        return .gradesCSV(csv, slug: slug)
    }
}
