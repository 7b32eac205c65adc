import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The instructor's pages (`InstructorViews`): every challenge, the private board, grades and
/// every submission, the reports, and the reveal. Access `.instructor`.
struct InstructorPages: Sendable {
    let store: Store
    let pages: PageRenderer

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let list = try await offload { [store] in try ChallengeService(store).challenges() }
        return pages.render(context) { InstructorViews.home(list, in: $0) }
    }

    @Sendable func challenge(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let model = try await offload { [store] in
            InstructorViews.Challenge(
                summary: try ChallengeService(store).challenge(slug), board: try BoardService(store).leaderboard(slug, board: .private),
                grades: try GradeService(store).grades(slug), recent: try HistoryService(store).submissions(slug, HistoryQuery(limit: 10)),
                marking: try Self.marking(store, slug), now: store.clock())
        }
        return pages.render(context) { InstructorViews.challenge(model, in: $0) }
    }

    /// The reports, marks and supervisors of a challenge that takes a report (nil otherwise).
    static func marking(_ store: Store, _ slug: String) throws -> InstructorViews.Marking? {
        guard try ChallengeService(store).manifest(slug).grading.report != nil else { return nil }
        return InstructorViews.Marking(
            handIns: try ReportHandInService(store).latest(slug), locked: try SupervisionService(store).lockedAt(slug),
            supervisors: try SupervisionService(store).supervisors(), authors: try GradeService(store).authorGrades(slug))
    }

    /// Pairs of teams whose submissions are alike, for review (never a verdict).
    @Sendable func integrity(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, report) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try IntegrityService(store).integrity(slug))
        }
        return pages.render(context) { InstructorViews.integrity(summary, report, in: $0) }
    }

    /// The challenge report, its figures inline (`podium report` writes the same as files).
    @Sendable func report(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let report = try await offload { [store] in try ReportService(store).report(slug) }
        return pages.render(context) { InstructorViews.report(report, in: $0) }
    }

    /// Every student of every challenge, in one table and one CSV.
    @Sendable func courseGrades(_ request: Request, context: PodiumContext) async throws -> Response {
        let sheet = try await offload { [store] in try GradeService(store).courseGrades() }
        return pages.render(context) { InstructorViews.courseGrades(sheet, in: $0) }
    }

    @Sendable func courseGradesCSV(_ request: Request, context: PodiumContext) async throws -> Response {
        let csv = try await offload { [store] in try GradeService(store).courseGrades().csv() }
        return .gradesCSV(csv, slug: "course")
    }

    @Sendable func gradesCSV(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let csv = try await offload { [store] in try GradeService(store).grades(slug).csv() }
        return .gradesCSV(csv, slug: slug)
    }

    /// Every submission, filtered by team and status, a page at a time (newest first).
    @Sendable func submissions(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let query = request.uri.queryParameters
        let team = query.get("team").flatMap { $0.isEmpty ? nil : $0 }
        let status = query.get("status").flatMap(SubmissionStatus.init(rawValue:))
        let perPage = 50
        let page = max(1, query.get("page").flatMap { Int($0) } ?? 1)
        let model = try await offload { [store] in
            InstructorViews.Submissions(
                summary: try ChallengeService(store).challenge(slug),
                teams: try BoardService(store).leaderboard(slug, board: .public).rows.filter { !$0.isBaseline }.map(\.team).sorted(),
                result: try HistoryService(store).submissions(
                    slug, HistoryQuery(team: team, status: status, offset: (page - 1) * perPage, limit: perPage)),
                team: team, status: status, page: page, perPage: perPage)
        }
        return pages.render(context) { InstructorViews.submissions(model, in: $0) }
    }

    /// Any submitted file, as it was sent.
    @Sendable func file(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let id = try context.routeNumber(of: "submission")
        let file = try await offload { [store] in try HistoryService(store).submittedFile(slug, id: id, team: nil) }
        return .attachment(file.data, contentType: FileKind(fileName: file.name).mediaType, fileName: file.name)
    }

    /// The reveal's own page: what it does, to whom, that it cannot be undone.
    @Sendable func confirmReveal(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let model = try await offload { [store] in
            InstructorViews.Reveal(
                summary: try ChallengeService(store).challenge(slug), board: try BoardService(store).leaderboard(slug, board: .private),
                now: store.clock())
        }
        return pages.render(context) { InstructorViews.confirmReveal(model, in: $0) }
    }

    struct RevealForm: Decodable {
        var confirm: String?
    }

    /// Irreversible: the form's box must be ticked.
    @Sendable func reveal(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let form = try await FormBody.decode(RevealForm.self, request, context)
        guard form.confirm == "yes" else { throw APIFailure(status: .badRequest, phrase: .tickTheBoxToConfirm) }
        _ = try await offload { [store] in try BoardService(store).reveal(slug) }
        return .redirect(Paths.instructorChallenge(slug))
    }
}
