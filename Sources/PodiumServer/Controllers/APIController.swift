import Foundation
import Hummingbird
import Logging
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

    /// `GET /healthz` for the department's monitoring: 200 when the store answers a read, else 503.
    @Sendable func health(_ request: Request, context: PodiumContext) async throws -> Response {
        do {
            _ = try await offload { [store] in try ChallengeService(store).healthy() }
            return .json(#"{"status": "ok"}"#)
        } catch {
            store.logger.error("health check: the store does not answer", metadata: ["error": "\(error)"])
            return .json(#"{"status": "unavailable", "error": "the store does not answer"}"#, status: .serviceUnavailable)
        }
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
        let receipt: SubmitReceipt
        switch try await submitter.submit(challenge: slug, team: .name(team), upload: upload, source: .api) {
        case .queued(let ticket): return .json(try Formats.json(ticket), status: .accepted)
        case .receipt(let scored): receipt = scored
        }
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
        case .supervisor(let id, _)?:
            // Their teams' files, as each team sees them.
            history = try await offload { [store] in
                let teams = try SupervisionService(store).supervisor(id: id).teams.filter { $0.challenge == slug }.map(\.team)
                guard !teams.isEmpty else { throw StoreError.marking(.notSupervised(team: "(any)", challenge: slug)) }
                return try teams.flatMap { try HistoryService(store).submissions(slug, team: $0, viewer: .participant(team: $0)) }
            }
        case nil: throw APIFailure.unauthorized
        }
        return .json(try Formats.json(history))
    }

    /// A code run's state (the team's own; the instructor's any): queued, running, then how it ended.
    @Sendable func run(_ request: Request, context: PodiumContext) async throws -> Response {
        let (slug, id, team) = try runOf(context)
        let state = try await offload { [store] in try RunService(store).state(slug, id: id, team: team) }
        return .json(try Formats.json(state))
    }

    /// A code run's log: stdout and stderr, their first and last 256 KiB.
    @Sendable func runLog(_ request: Request, context: PodiumContext) async throws -> Response {
        let (slug, id, team) = try runOf(context)
        let log = try await offload { [store] in try RunService(store).log(slug, id: id, team: team) }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: log)))
    }

    /// The route's challenge and run, and the team it must belong to (nil for the instructor).
    func runOf(_ context: PodiumContext) throws -> (String, Int64, String?) {
        let slug = try context.parameters.require("slug")
        let id = try context.routeNumber(of: "submission")
        switch context.identity {
        case .instructor?: return (slug, id, nil)
        case .team(let challenge, let team)? where challenge == slug: return (slug, id, team)
        case .team?: throw APIFailure(status: .forbidden, phrase: .tokenNotOfThisChallenge)
        case .supervisor?: throw APIFailure(status: .forbidden, message: "a supervisor sees a team's submissions, not its runs' logs")
        case nil: throw APIFailure.unauthorized
        }
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
