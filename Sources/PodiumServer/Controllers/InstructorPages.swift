import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The instructor's pages: every challenge, the private board, grades and every submission,
/// and the reveal. Access `.instructor`.
struct InstructorPages: Sendable {
    let store: Store
    let pages: PageRenderer

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let list = try await offload { [store] in try ChallengeService(store).challenges() }
        return pages.render(context, title: "Instructor") { _ in
            let rows = list.map { c -> HTML in
                """
                <tr><td><a href="/instructor/\(c.manifest.slug)">\(c.manifest.title)</a></td><td>v\(c.manifest.version)</td><td>\(c.teams)</td>\
                <td>\(c.submissions)</td><td>\(c.revealed ? "revealed" : "hidden from participants")</td></tr>
                """
            }
            return """
                <h1>Instructor</h1><p><a class="button secondary" href="/instructor/grades">Course grades: every challenge</a></p><table><thead><tr><th>challenge</th><th>version</th><th>teams</th><th>submissions</th>\
                <th>private board</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        }
    }

    @Sendable func challenge(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, board, grades, recent) = try await offload { [store] in
            (
                try ChallengeService(store).challenge(slug), try BoardService(store).leaderboard(slug, board: .private),
                try GradeService(store).grades(slug),
                try HistoryService(store).submissions(slug, HistoryQuery(limit: 10))
            )
        }
        let m = summary.manifest
        let t = context.language
        return try pages.render(context, title: "\(m.title) — instructor") { token in
            var html: HTML = "<h1>\(m.title) <span class=\"muted\">\(t(.instructorView))</span></h1>"
            let state = Layout.state(m, at: store.clock(), language: t)
            html += "<p>\(state.badge) \(state.text)</p>"
            html +=
                "<p class=\"actions\"><a class=\"button secondary\" href=\"/challenges/\(slug)\">\(t(.seeWhatParticipantsSee))</a> "
            if summary.revealed {
                html +=
                    "<span class=\"ok\">\(t(.privateBoardIsVisibleTo))</span></p>"
            } else {
                // Irreversible: a page of its own says what will happen and asks to confirm.
                html +=
                    "<a class=\"button danger\" href=\"/instructor/\(slug)/reveal\">\(t(.revealPrivateBoardEllipsis))</a></p>"
            }
            if let resolution = summary.resolution {
                html += "<p class=\"muted\">Resolution: \(resolution.summary).</p>"
                for warning in resolution.warnings { html += "<p class=\"error\">\(warning)</p>" }
            }
            html +=
                "<p><a class=\"button secondary\" href=\"/instructor/\(slug)/integrity\">Integrity report</a> <a class=\"button secondary\" href=\"/instructor/\(slug)/report\">Challenge report</a></p>"
            html += "<section><h2>Private leaderboard</h2>\(try Layout.board(board, zone: m.timeZone))</section>"
            html +=
                "<section><h2>Grades</h2><p><a class=\"button\" href=\"/instructor/\(slug)/grades.csv\">Export CSV</a> <span class=\"muted\">\(grades.policy.rawValue) policy on \(Int(grades.scale)), from the private board\(Self.gradeNote(grades))</span></p>"
            html += Charts.gradeHistogram(grades.rows.map(\.challengeGrade), scale: grades.scale)
            html += Layout.table(
                ["student", "name", "team", "score", "rank", "grade", "grade interval", "notes"],
                grades.rows.map {
                    [
                        $0.studentId, $0.name, $0.team, Formats.score($0.score), $0.rank.map(String.init) ?? "—",
                        String(format: "%.2f", $0.challengeGrade), String(format: "%.2f – %.2f", $0.gradeLow, $0.gradeHigh),
                        $0.notes.joined(separator: "; "),
                    ]
                })
            html += "</section><section><h2>\(t(.latestSubmissions))</h2>"
            html += Layout.history(
                recent.rows, zone: m.timeZone, selectable: false, slug: slug, token: token, language: t,
                download: { "/instructor/\(slug)/submissions/\($0)" })
            html +=
                "<p><a class=\"button secondary\" href=\"/instructor/\(slug)/submissions\">\(t(.allSubmissionsByTeamAnd, "\(recent.total)"))</a></p></section>"
            return html
        }
    }

    /// How the grade intervals (and, with `grading.uncertainty: expected`, the grades) come
    /// from the bootstrap.
    static func gradeNote(_ grades: GradeSheet) -> String {
        guard let resamples = grades.resamples else { return "" }
        let percent = Int(((grades.confidence ?? 0.95) * 100).rounded())
        let interval = "; the grade interval holds the middle \(percent)% of the grades over \(resamples) bootstrap resamples of the private rows"
        return grades.uncertainty == .expected ? "; each grade is the mean of its grades over \(resamples) resamples" + interval : interval
    }

    /// Pairs of teams whose submissions are alike, for review (never a verdict).
    @Sendable func integrity(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, report) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try IntegrityService(store).integrity(slug))
        }
        return pages.render(context, title: "\(summary.manifest.title) — integrity") { _ in
            var html: HTML = "<h1>\(summary.manifest.title) <span class=\"muted\">integrity</span></h1>"
            let flagged = report.flagged.count
            html +=
                flagged == 0
                ? "<p class=\"ok\">\(report.pairs.count) pairs of teams compared on \(report.rows) rows: none stands out.</p>"
                : "<p class=\"error\">\(flagged) pair\(flagged == 1 ? " is" : "s are") worth a look: a reason to read their files and talk to the teams, not a verdict.</p>"
            html += Layout.table(report.columns, report.cells())
            html += "<p class=\"muted\">\(IntegrityReport.rule)</p>"
            if let line = report.agreementLine { html += "<p>\(line)</p>" }
            html += "<p><a href=\"/instructor/\(slug)\">Back to the challenge</a></p>"
            return html
        }
    }

    /// The challenge report, its figures inline (`podium report` writes the same as files).
    @Sendable func report(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let report = try await offload { [store] in try ReportService(store).report(slug) }
        return pages.render(context, title: "\(report.manifest.title) — report") { _ in
            var html: HTML = "<h1>\(report.manifest.title) <span class=\"muted\">challenge report</span></h1>"
            html += "<p class=\"muted\">The same report as files: <code>podium report \(slug)</code> writes report.md and its SVG figures.</p>"
            html += Layout.table(["", ""], report.facts.map { [$0.0, $0.1] })
            for (i, figure) in report.figures().enumerated() { html += "<section><h2>Figure \(i + 1)</h2>\(figure.svg)</section>" }
            html += "<p><a href=\"/instructor/\(slug)\">Back to the challenge</a></p>"
            return html
        }
    }

    /// Every student of every challenge, in one table and one CSV.
    @Sendable func courseGrades(_ request: Request, context: PodiumContext) async throws -> Response {
        let sheet = try await offload { [store] in try GradeService(store).courseGrades() }
        return pages.render(context, title: "Course grades") { _ in
            var html: HTML = "<h1>Course grades</h1>"
            html +=
                "<p><a class=\"button\" href=\"/instructor/grades.csv\">Export CSV</a> <span class=\"muted\">every student of every challenge, sorted by student id; merge other marks with podium grades --all --marks</span></p>"
            let two = { (v: Double?) in v.map { String(format: "%.2f", $0) } ?? "—" }
            html += Layout.table(
                ["student", "name", "challenge", "team", "score", "rank", "grade", "grade interval", "notes"],
                sheet.rows.map { r in
                    [
                        r.studentId, r.name, r.challenge.isEmpty ? "no challenge" : r.challenge, r.team, Formats.score(r.score),
                        r.rank.map(String.init) ?? "—", two(r.challengeGrade), "\(two(r.gradeLow)) – \(two(r.gradeHigh))",
                        r.notes.joined(separator: "; "),
                    ]
                })
            return html
        }
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
        let (summary, teams, result) = try await offload { [store] in
            let summary = try ChallengeService(store).challenge(slug)
            let teams = try BoardService(store).leaderboard(slug, board: .public).rows.filter { !$0.isBaseline }.map(\.team).sorted()
            return (
                summary, teams,
                try HistoryService(store).submissions(slug, HistoryQuery(team: team, status: status, offset: (page - 1) * perPage, limit: perPage))
            )
        }
        let m = summary.manifest
        let t = context.language
        return pages.render(context, title: "\(m.title) — \(t(.submissions))") { token in
            var html: HTML = "<h1>\(m.title) <span class=\"muted\">\(t(.submissions))</span></h1>"
            let teamOptions = ([("", t(.everyTeam))] + teams.map { ($0, $0) }).map { value, label -> HTML in
                "<option value=\"\(value)\"\(value == (team ?? "") ? " selected" : "" as HTML)>\(label)</option>"
            }
            let statusOptions = [
                ("", t(.anyStatus)), ("accepted", t(.acceptedPlural)), ("refused", t(.refusedPlural)),
            ]
            .map { value, label -> HTML in
                "<option value=\"\(value)\"\(value == (status?.rawValue ?? "") ? " selected" : "" as HTML)>\(label)</option>"
            }
            html += """
                <form method="get" action="/instructor/\(slug)/submissions" class="filters">\
                <label>\(t(.teamLabel)) <select name="team">\(teamOptions.joined(separator: ""))</select></label>\
                <label>\(t(.statusLabel)) <select name="status">\(statusOptions.joined(separator: ""))</select></label>\
                <button type="submit">\(t(.filter))</button></form>
                """
            let pages = max(1, (result.total + perPage - 1) / perPage)
            let first = result.total == 0 ? 0 : (page - 1) * perPage + 1
            let last = min(result.total, page * perPage)
            html += "<p class=\"muted\">\(first)–\(last) \(t(.ofWord)) \(result.total)</p>"
            html += Layout.history(
                result.rows, zone: m.timeZone, selectable: false, slug: slug, token: token, language: t,
                download: { "/instructor/\(slug)/submissions/\($0)" })
            func link(_ p: Int) -> String {
                var items = ["page=\(p)"]
                if let team { items.append("team=" + (team.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
                if let status { items.append("status=\(status.rawValue)") }
                return "/instructor/\(slug)/submissions?" + items.joined(separator: "&")
            }
            var pager: HTML = "<nav class=\"pager\" aria-label=\"\(t(.pages))\">"
            if page > 1 { pager += "<a href=\"\(link(page - 1))\" rel=\"prev\">← \(t(.newer))</a>" }
            pager += "<span>\(t(.page)) \(min(page, pages)) / \(pages)</span>"
            if page < pages { pager += "<a href=\"\(link(page + 1))\" rel=\"next\">\(t(.older)) →</a>" }
            html += pager + "</nav><p><a href=\"/instructor/\(slug)\">\(t(.backToChallenge))</a></p>"
            return html
        }
    }

    /// Any submitted file, as it was sent.
    @Sendable func file(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let id = Int64(try context.parameters.require("id")) else { throw APIFailure(status: .notFound, message: "no such submission") }
        let file = try await offload { [store] in try HistoryService(store).submittedFile(slug, id: id, team: nil) }
        return .attachment(file.data, contentType: TeamPages.contentType(file.name), fileName: file.name)
    }

    /// The reveal's own page: what it does, to whom, that it cannot be undone; the box must be
    /// ticked and the button pressed.
    @Sendable func confirmReveal(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, board) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try BoardService(store).leaderboard(slug, board: .private))
        }
        let m = summary.manifest
        let t = context.language
        return pages.render(context, title: "\(m.title) — \(t(.reveal))") { token in
            if summary.revealed {
                let done = t(.privateBoardIsRevealedParticipants)
                return "<h1>\(m.title)</h1><p class=\"ok\">\(done) <a href=\"/instructor/\(slug)\">\(t(.back))</a></p>"
            }
            var html: HTML = "<h1>\(t(.revealPrivateBoardOf)) \(m.title)?</h1>"
            let ranked = board.rankedRows.count
            html += "<section><ul>"
            html +=
                "<li>\(t(.allTeamsAndAnyoneWith, "\(summary.teams)", "\(ranked)"))</li>"
            html += "<li>\(t(.eachTeamSHistoryWill))</li>"
            if case .open = m.state(at: store.clock()) {
                html +=
                    "<li class=\"error\">\(t(.submissionsAreStillOpenTeams))</li>"
            }
            html += "<li><strong>\(t(.thisCannotBeUndone))</strong></li></ul>"
            html += """
                <form method="post" action="/instructor/\(slug)/reveal" class="stack">\(token.field)
                <label><span><input type="checkbox" name="confirm" value="yes" required> \(t(.iUnderstandParticipantsWillSee))</span></label>
                <p><button type="submit" class="danger">\(t(.revealPrivateBoard))</button> \
                <a class="button secondary" href="/instructor/\(slug)">\(t(.cancel))</a></p></form></section>
                """
            return html
        }
    }

    struct RevealForm: Decodable {
        var confirm: String?
    }

    /// Irreversible: the form's box must be ticked.
    @Sendable func reveal(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let form = try await FormBody.decode(RevealForm.self, request, context)
        guard form.confirm == "yes" else {
            throw APIFailure(status: .badRequest, message: "tick the box to confirm: revealing the private board cannot be undone")
        }
        _ = try await offload { [store] in try BoardService(store).reveal(slug) }
        return .redirect("/instructor/\(slug)")
    }
}
