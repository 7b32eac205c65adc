import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The TER's pages (`TERViews`): a team's hand-in, a supervisor's teams and marks, the
/// instructor's lock and supervisors.
struct TERPages: Sendable {
    let store: Store
    let pages: PageRenderer

    // MARK: a team (access .team)

    /// `POST /challenges/{slug}/team/report`: the form's PDF, as the team's next version.
    @Sendable func handIn(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let upload = try await Upload.read(request, limit: PDFFile.defaultMaxBytes)
        _ = try await offload { [store] in try ReportHandInService(store).handIn(slug, team: .name(team), data: upload.data, fileName: upload.name) }
        return .redirect(Paths.team(slug) + "#report")
    }

    /// One version of the team's own report.
    @Sendable func teamReportFile(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let version = Int(try context.routeNumber("version", of: "report version"))
        let file = try await offload { [store] in try ReportHandInService(store).file(slug, team: team, version: version) }
        return .attachment(file.data, contentType: "application/pdf", fileName: file.fileName)
    }

    // MARK: a supervisor (access .supervisor)

    func supervisor(_ context: PodiumContext) throws -> Int64 {
        guard case .supervisor(let id, _)? = context.identity else { throw APIFailure.unauthorized }
        return id
    }

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let id = try supervisor(context)
        let model = try await offload { [store] in
            let supervisor = try SupervisionService(store).supervisor(id: id)
            // A team of a challenge that takes no report (anymore) is left out, not an error.
            let sheets = supervisor.teams.compactMap { try? SupervisionService(store).sheet($0.challenge, team: $0.team, for: .supervisor(id)) }
            return TERViews.SupervisorHome(supervisor: supervisor, sheets: sheets)
        }
        return pages.render(context) { TERViews.supervisorHome(model, in: $0) }
    }

    @Sendable func team(_ request: Request, context: PodiumContext) async throws -> Response {
        let id = try supervisor(context)
        let slug = try context.parameters.require("slug")
        let team = try context.parameters.require("team")
        let model = try await offload { [store] in try Self.teamSheet(store, slug, team, id) }
        return pages.render(context) { TERViews.teamSheet(model, in: $0) }
    }

    static func teamSheet(_ store: Store, _ slug: String, _ team: String, _ id: Int64) throws -> TERViews.TeamSheet {
        let sheet = try SupervisionService(store).sheet(slug, team: team, for: .supervisor(id))
        let board = try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: team))
        return TERViews.TeamSheet(
            sheet: sheet, summary: try ChallengeService(store).challenge(slug),
            history: try HistoryService(store).submissions(slug, team: team, viewer: .participant(team: team)),
            position: board.rows.first { $0.team == team && !$0.isBaseline }, now: store.clock())
    }

    /// `POST /supervise/{slug}/{team}`: the marks form; an empty mark leaves the student unmarked.
    @Sendable func saveMarks(_ request: Request, context: PodiumContext) async throws -> Response {
        let id = try supervisor(context)
        let slug = try context.parameters.require("slug")
        let team = try context.parameters.require("team")
        let form = try await FormBody.decode([String: String].self, request, context)
        var entries: [MarkEntry] = []
        for (key, value) in form.sorted(by: { $0.key < $1.key }) where key.hasPrefix("mark_") {
            let studentId = String(key.dropFirst(5))
            let text = value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            if text.isEmpty { continue }
            guard let mark = Double(text) else {
                throw StoreError.marking(.invalid("mark \(Echo.quoted(text)) of student \(Echo.quoted(studentId)) is not a number"))
            }
            entries.append(MarkEntry(studentId: studentId, mark: mark, comment: form["comment_" + studentId]))
        }
        guard !entries.isEmpty else { return .redirect(Paths.superviseTeam(slug, team)) }
        _ = try await offload { [store, entries] in try SupervisionService(store).setMarks(slug, team: team, entries: entries, by: .supervisor(id)) }
        return .redirect(Paths.superviseTeam(slug, team))
    }

    @Sendable func reportFile(_ request: Request, context: PodiumContext) async throws -> Response {
        let id = try supervisor(context)
        let slug = try context.parameters.require("slug")
        let team = try context.parameters.require("team")
        let version = Int(try context.routeNumber("version", of: "report version"))
        let file = try await offload { [store] in
            _ = try SupervisionService(store).sheet(slug, team: team, for: .supervisor(id))  // 403 for another's team
            return try ReportHandInService(store).file(slug, team: team, version: version)
        }
        return .attachment(file.data, contentType: "application/pdf", fileName: file.fileName)
    }

    // MARK: the instructor (access .instructor)

    struct LockForm: Decodable { var lock: String? }

    @Sendable func lock(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let form = try await FormBody.decode(LockForm.self, request, context)
        _ = try await offload { [store] in try SupervisionService(store).lock(slug, form.lock != "0") }
        return .redirect(Paths.instructorChallenge(slug) + "#marks")
    }

    struct SupervisorForm: Decodable {
        var name: String?
        var email: String?
        var teams: String?
    }

    @Sendable func addSupervisor(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let form = try await FormBody.decode(SupervisorForm.self, request, context)
        let teams = (form.teams ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let added = try await offload { [store] in
            try SupervisionService(store).add(name: form.name ?? "", email: form.email ?? "", challenge: slug, teams: teams)
        }
        return pages.render(context) { TERViews.supervisorAdded(added, slug: slug, in: $0) }
    }
}
