import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The public pages: the challenge list, and a challenge's tabs as students know them from
/// Kaggle and Codabench: Overview (README), Data (each file, the starting kit, the submission
/// format), Leaderboard (boards and chart), Submit, and My team (`TeamPages`).
struct ChallengePages: Sendable {
    let store: Store
    let pages: PageRenderer
    let maxUploadBytes: Int
    let submitter: UploadSubmitter

    enum Tab: CaseIterable {
        case overview, data, leaderboard, submit, team

        func title(_ t: Language) -> String {
            switch self {
            case .overview: t(.overview)
            case .data: t(.data)
            case .leaderboard: t(.leaderboard)
            case .submit: t(.submit)
            case .team: t(.myTeam)
            }
        }

        func path(_ slug: String) -> String {
            switch self {
            case .overview: "/challenges/\(slug)"
            case .data: "/challenges/\(slug)/data"
            case .leaderboard: "/challenges/\(slug)/leaderboard"
            case .submit: "/challenges/\(slug)/submit"
            case .team: "/challenges/\(slug)/team"
            }
        }
    }

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let list = try await offload { [store] in try ChallengeService(store).challenges() }
        let t = context.language
        let now = store.clock()
        return pages.render(context, title: t(.challenges)) { _ in
            var html: HTML = "<h1>\(t(.challenges))</h1>"
            if list.isEmpty {
                html +=
                    "<p class=\"muted\">\(t(.noChallengeIsPublishedYet))</p>"
            }
            let cards = list.map { c -> HTML in
                let m = c.manifest
                let state = Layout.state(m, at: now, language: t)
                return """
                    <a class="card" href="/challenges/\(m.slug)"><h2>\(m.title) \(state.badge)</h2>
                    <p>\(state.text)</p>
                    <p class="muted">\(m.task.rawValue) · \(m.metric.rawValue) (\(m.metric.higherIsBetter ? t(.higherIsBetter) : t(.lowerIsBetter))) · v\(m.version)</p>
                    <p>\(Self.count(c.teams, t(.teamWord), t(.teams))) · \(Self.count(c.submissions, "submission", "submissions"))\(c.revealed ? " · <strong>\(t(.privateBoardRevealed))</strong>" : "" as HTML)</p></a>
                    """
            }
            return html + "<div class=\"cards\">\(cards)</div>"
        }
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// A challenge's title, state and tabs, on each of its pages.
    static func header(_ summary: ChallengeSummary, tab: Tab, context: PodiumContext, now: Date) -> HTML {
        let t = context.language
        let m = summary.manifest
        let state = Layout.state(m, at: now, language: t)
        var html: HTML = "<h1>\(m.title) \(state.badge)</h1>"
        html += """
            <p class="muted">\(state.text) · \(m.metric.rawValue), \(m.metric.higherIsBetter ? t(.higherIsBetter) : t(.lowerIsBetter)) \
            · \(count(summary.teams, t(.teamWord), t(.teams))) · \(count(summary.submissions, "submission", "submissions"))</p>
            """
        if case .instructor? = context.identity {
            let preview = t(.instructorPreviewThisIsWhat)
            html +=
                "<p class=\"banner\">\(preview) <a href=\"/instructor/\(m.slug)\">\(t(.backToInstructorPage))</a></p>"
        }
        let links = Tab.allCases.map { item -> HTML in
            "<a href=\"\(item.path(m.slug))\"\(item == tab ? " aria-current=\"page\"" : "" as HTML)>\(item.title(t))</a>"
        }
        return html + "<nav class=\"tabs\" aria-label=\"\(m.title)\">\(links.joined(separator: ""))</nav>"
    }

    /// Overview: the README, and beside it the state, the standings and a submit form.
    @Sendable func challenge(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, board) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: nil)))
        }
        let t = context.language
        let m = summary.manifest
        let team = context.identity?.team(of: slug)
        return pages.render(context, title: m.title) { token in
            var html = Self.header(summary, tab: .overview, context: context, now: store.clock())
            // The README's own title repeats the page's: it is left out here.
            html += "<div class=\"columns\"><section class=\"readme\">\(Readme.html(Readme.withoutTitle(summary.readme)))</section><aside>"
            html += "<section><h2>\(t(.publicLeaderboard))</h2>"
            if board.rows.isEmpty {
                html += "<p class=\"muted\">\(t(.noTeamYet))</p>"
            } else {
                let baseline = t(.baseline)
                let rows = board.rows.map { r -> [String] in
                    let name = r.isBaseline && r.team != baseline ? "\(r.team) (\(baseline))" : r.team
                    return [r.isBaseline ? "—" : r.rank.map(String.init) ?? "", name, Formats.score(r.score)]
                }
                html += Layout.table([t(.rank), t(.teamWord), m.metric.rawValue], rows)
            }
            html +=
                "<p><a href=\"\(Tab.leaderboard.path(slug))\">\(t(.fullLeaderboardIntervalsAndChart))</a></p></section>"
            html += "<section><h2>\(t(.submitPredictions))</h2>"
            html += Layout.submitForm(slug: slug, token: token, signedInTeam: team, columns: [m.id] + m.submissionColumns, language: t)
            html += "</section></aside></div>"
            return html
        }
    }

    /// Data: each public file with its size and a link, the starting kit, and what a
    /// submission looks like.
    @Sendable func data(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, kit) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try ChallengeService(store).startingKit(slug))
        }
        let files = try StartingKit.files(kit.data)
        let sample = try StartingKit.head(kit.data, path: "sample_submission.csv", lines: 4)
        let t = context.language
        let m = summary.manifest
        return pages.render(context, title: "\(m.title) — \(t(.data))") { _ in
            var html = Self.header(summary, tab: .data, context: context, now: store.clock())
            html += "<section><h2>\(t(.files))</h2>"
            let rows: [HTML] = files.filter { $0.path != "README.md" }.map { f in
                let rows = f.rows.map { "\($0) \(t(.rows))" } ?? ""
                let href = "/challenges/\(slug)/download?file=\(f.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? f.path)"
                return
                    "<tr><td><a href=\"\(href)\" download><code>\(f.path)</code></a></td><td class=\"nowrap\">\(Formats.bytes(f.bytes))</td><td class=\"nowrap\">\(rows)</td><td>\(Self.describe(f.path, m, t))</td></tr>"
            }
            html +=
                "<div class=\"table-wrap\"><table><thead><tr><th>\(t(.fileWord))</th><th>\(t(.size))</th><th>\(t(.rows))</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>"
            html += """
                <p class="actions"><a class="button" href="/challenges/\(slug)/starting-kit">\(t(.downloadStartingKit))</a> \
                <span class="muted">\(kit.name), \(Formats.bytes(kit.data.count)): \(t(.allFilesAboveAndReadme))</span></p></section>
                """
            html += "<section><h2>\(t(.submissionFormat))</h2>"
            let header = ([m.id] + m.submissionColumns).joined(separator: ",")
            html += """
                <p>\(t(.csvFileWithHeader)) <code>\(header)</code>, \
                \(t(.oneRowPerIdAnyOrder)); \
                \(t(.commaSeparatedWithPointAs))</p>
                """
            if let sample {
                html += "<p>\(t(.firstLinesOfSampleSubmission))</p>"
                html += "<pre class=\"sample\">\(sample)</pre>"
            }
            html += "<p class=\"muted\">\(m.phaseSummary(at: store.clock()))</p></section>"
            return html
        }
    }

    static func describe(_ path: String, _ m: ChallengeManifest, _ t: Language) -> String {
        switch path {
        case "data/train.csv": t(.trainingRowsWithTargetColumn, "\(m.target)")
        case "data/test.csv": t(.rowsToPredictNoTarget)
        case "sample_submission.csv": t(.validSubmissionToStartFrom)
        default: ""
        }
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
        let (summary, board, privateBoard, history) = try await offload { [store] in
            let summary = try ChallengeService(store).challenge(slug)
            let board = try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: nil))
            let privateBoard = summary.revealed ? try BoardService(store).leaderboard(slug, board: .private, viewer: .participant(team: nil)) : nil
            return (summary, board, privateBoard, try HistoryService(store).submissions(slug, viewer: .participant(team: nil)))
        }
        let t = context.language
        let m = summary.manifest
        let baseline = board.rows.first(where: \.isBaseline)?.score
        return try pages.render(context, title: "\(m.title) — \(t(.leaderboard))") { _ in
            var html = Self.header(summary, tab: .leaderboard, context: context, now: store.clock())
            if let privateBoard {
                html +=
                    "<section><h2>\(t(.privateLeaderboardFinal))</h2>\(try Layout.board(privateBoard, zone: m.timeZone, language: t))</section>"
            }
            html +=
                "<section><h2>\(t(.publicLeaderboard))</h2>\(try Layout.board(board, zone: m.timeZone, language: t))</section>"
            if privateBoard == nil {
                if let at = m.revealsAt {
                    html +=
                        "<p class=\"muted\">\(t(.privateBoardOpensByItself)) \(Layout.time(at, zone: m.timeZone)) (\(m.timezone)).</p>"
                } else {
                    html +=
                        "<p class=\"muted\">\(t(.privateBoardWhichDecidesFinal))</p>"
                }
            }
            html +=
                "<section><h2>\(t(.bestPublicScoreOverTime))</h2>\(Charts.scoreHistory(Charts.points(history), metric: m.metric, baseline: baseline, zone: m.timeZone, labels: Layout.chartLabels(t)))</section>"
            return html
        }
    }

    /// Submit: the form, with the format and the team's limits when signed in.
    @Sendable func submitPage(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let team = context.identity?.team(of: slug)
        let (summary, status) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try team.map { try SubmissionService(store).status(slug, team: $0) })
        }
        let t = context.language
        let m = summary.manifest
        return pages.render(context, title: "\(m.title) — \(t(.submit))") { token in
            var html = Self.header(summary, tab: .submit, context: context, now: store.clock())
            html += "<section><h2>\(t(.submitPredictions))</h2>"
            if let status {
                html += Layout.limits(
                    leftToday: status.leftToday, leftTotal: status.leftTotal, refusedLeft: status.refusedLeftToday, resetsAt: status.resetsAt,
                    zone: m.timeZone, language: t)
            }
            html += Layout.submitForm(slug: slug, token: token, signedInTeam: team, columns: [m.id] + m.submissionColumns, language: t)
            html +=
                "<p class=\"muted\">\(t(.everyProblemOfRefusedFile)) <a href=\"\(Tab.data.path(slug))\">\(t(.submissionFormat))</a></p></section>"
            return html
        }
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
            throw APIFailure(status: .unauthorized, message: "enter your team's token to submit")
        }
        let receipt = try await submitter.submit(challenge: slug, team: reference, upload: upload, source: .web)
        let zone = TimeZone(identifier: receipt.timeZone) ?? .current
        let t = context.language
        let title = "\(t(.submission)) #\(receipt.id)"
        return pages.render(context, title: title, status: receipt.problems == nil ? .created : .unprocessableContent) { _ in
            var html: HTML = "<h1>\(title) \(t(.ofTeam)) \(receipt.team)</h1>"
            if let problems = receipt.problems {
                html +=
                    "<p class=\"error\">\(t(.fileWasRefusedItDoes))</p>"
                html += Layout.problems(problems)
            } else if let ladder = receipt.ladder {
                html += "<p class=\"ok\">\(t(.acceptedTitle)): it \(ladder.sentence(receipt.metric)).</p>"
            } else {
                html +=
                    "<p class=\"ok\">\(t(.acceptedTitle)): <strong>\(receipt.metric.rawValue) \(Formats.score(receipt.publicScore))</strong> \(t(.onPublicBoardBestSo)) \(Formats.score(receipt.bestPublicScore))).</p>"
            }
            if let message = receipt.message { html += "<p>\(t(.descriptionLabel)): \(message)</p>" }
            html += "<p class=\"muted\">\(Layout.time(receipt.createdAt, zone: zone))</p>"
            html += Layout.limits(
                leftToday: receipt.leftToday, leftTotal: receipt.leftTotal, refusedLeft: receipt.refusedLeftToday, resetsAt: receipt.resetsAt,
                zone: zone, language: t)
            html += """
                <p><a class="button secondary" href="\(Tab.team.path(slug))">\(t(.myTeamHistoryAndSelection))</a> \
                <a class="button secondary" href="\(Tab.leaderboard.path(slug))">\(t(.leaderboard))</a></p>
                """
            return html
        }
    }
}
