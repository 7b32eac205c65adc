import Foundation
import HTTPTypes
import PodiumCore
import PodiumStore

/// The public pages: the challenge list, and a challenge's tabs as students know them from
/// Kaggle and Codabench: Overview (README), Data (each file, the starting kit, the submission
/// format), Leaderboard (boards and chart), Submit, and My team (`TeamViews`). Each view takes
/// what its controller gathered (a view model) and the page's context, and returns the page.
enum ChallengeViews {
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
            case .overview: Paths.challenge(slug)
            case .data: Paths.data(slug)
            case .leaderboard: Paths.leaderboard(slug)
            case .submit: Paths.submit(slug)
            case .team: Paths.team(slug)
            }
        }
    }

    static func home(_ list: [ChallengeSummary], now: Date, in page: PageContext) -> Page {
        let t = page.t
        var html: HTML = "<h1>\(t(.challenges))</h1>"
        if list.isEmpty { html += "<p class=\"muted\">\(t(.noChallengeIsPublishedYet))</p>" }
        let cards = list.map { c -> HTML in
            let m = c.manifest
            let state = Layout.state(m, at: now, language: t)
            return """
                <a class="card" href="\(Paths.challenge(m.slug))"><h2>\(m.title) \(state.badge)</h2>
                <p>\(state.text)</p>
                <p class="muted">\(m.task.rawValue) · \(m.metric.rawValue) (\(m.metric.higherIsBetter ? t(.higherIsBetter) : t(.lowerIsBetter))) · v\(m.version)</p>
                <p>\(t.count(c.teams, .teamWord, .teams)) · \(t.count(c.submissions, .submissionOne, .submissionMany))\(c.revealed ? " · <strong>\(t(.privateBoardRevealed))</strong>" : "" as HTML)</p></a>
                """
        }
        return Page(title: t(.challenges), body: html + "<div class=\"cards\">\(cards)</div>")
    }

    /// A challenge's title, state and tabs, on each of its pages.
    static func header(_ summary: ChallengeSummary, tab: Tab, now: Date, in page: PageContext) -> HTML {
        let t = page.t
        let m = summary.manifest
        let state = Layout.state(m, at: now, language: t)
        var html: HTML = "<h1>\(m.title) \(state.badge)</h1>"
        html += """
            <p class="muted">\(state.text) · \(m.metric.rawValue), \(m.metric.higherIsBetter ? t(.higherIsBetter) : t(.lowerIsBetter)) \
            · \(t.count(summary.teams, .teamWord, .teams)) · \(t.count(summary.submissions, .submissionOne, .submissionMany))</p>
            """
        if case .instructor? = page.principal {
            html +=
                "<p class=\"banner\">\(t(.instructorPreviewThisIsWhat)) <a href=\"\(Paths.instructorChallenge(m.slug))\">\(t(.backToInstructorPage))</a></p>"
        }
        let links = Tab.allCases.map { item -> HTML in
            "<a href=\"\(item.path(m.slug))\"\(item == tab ? " aria-current=\"page\"" : "" as HTML)>\(item.title(t))</a>"
        }
        return html + "<nav class=\"tabs\" aria-label=\"\(m.title)\">\(links.joined(separator: ""))</nav>"
    }

    struct Overview {
        var summary: ChallengeSummary
        var board: Leaderboard
        var now: Date
    }

    /// Overview: the README, and beside it the state, the standings and a submit form.
    static func overview(_ model: Overview, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let slug = m.slug
        var html = header(model.summary, tab: .overview, now: model.now, in: page)
        // The README's own title repeats the page's: it is left out here.
        html += "<div class=\"columns\"><section class=\"readme\">\(Readme.html(Readme.withoutTitle(model.summary.readme)))</section><aside>"
        html += "<section><h2>\(t(.publicLeaderboard))</h2>"
        if model.board.rows.isEmpty {
            html += "<p class=\"muted\">\(t(.noTeamYet))</p>"
        } else {
            let baseline = t(.baseline)
            let rows = model.board.rows.map { r -> [String] in
                let name = r.isBaseline ? baseline : r.team
                return [r.isBaseline ? "—" : r.rank.map(String.init) ?? "", name, Formats.score(r.score)]
            }
            html += Layout.table([t(.rank), t(.teamWord), m.metric.rawValue], rows)
        }
        html += "<p><a href=\"\(Tab.leaderboard.path(slug))\">\(t(.fullLeaderboardIntervalsAndChart))</a></p></section>"
        html += "<section><h2>\(t(.submitPredictions))</h2>"
        html += Layout.submitForm(
            slug: slug, token: page.token, signedInTeam: page.principal?.team(of: slug), columns: [m.id] + m.submissionColumns, language: t)
        html += "</section></aside></div>"
        return Page(title: m.title, body: html)
    }

    struct DataTab {
        var summary: ChallengeSummary
        var kitName: String
        var kitBytes: Int
        var files: [StartingKit.File]
        var sample: String?
        var now: Date
    }

    /// Data: each public file with its size and a link, the starting kit, and what a
    /// submission looks like.
    static func data(_ model: DataTab, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let slug = m.slug
        var html = header(model.summary, tab: .data, now: model.now, in: page)
        html += "<section><h2>\(t(.files))</h2>"
        let rows: [HTML] = model.files.filter { $0.path != "README.md" }.map { f in
            let rows = f.rows.map { "\($0) \(t(.rows))" } ?? ""
            let href = Paths.download(slug) + "?file=" + (f.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? f.path)
            return
                "<tr><td><a href=\"\(href)\" download><code>\(f.path)</code></a></td><td class=\"nowrap\">\(Formats.bytes(f.bytes))</td><td class=\"nowrap\">\(rows)</td><td>\(describe(f.path, m, t))</td></tr>"
        }
        html +=
            "<div class=\"table-wrap\"><table><thead><tr><th>\(t(.fileWord))</th><th>\(t(.size))</th><th>\(t(.rows))</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>"
        html += """
            <p class="actions"><a class="button" href="\(Paths.startingKit(slug))">\(t(.downloadStartingKit))</a> \
            <span class="muted">\(model.kitName), \(Formats.bytes(model.kitBytes)): \(t(.allFilesAboveAndReadme))</span></p></section>
            """
        html += "<section><h2>\(t(.submissionFormat))</h2>"
        let columns = ([m.id] + m.submissionColumns).joined(separator: ",")
        html += "<p>\(t(.csvFileWithHeader)) <code>\(columns)</code>, \(t(.oneRowPerIdAnyOrder)); \(t(.commaSeparatedWithPointAs))</p>"
        if let sample = model.sample {
            html += "<p>\(t(.firstLinesOfSampleSubmission))</p>"
            html += "<pre class=\"sample\">\(sample)</pre>"
        }
        html += "<p class=\"muted\">\(phaseSummary(m, at: model.now, language: t))</p></section>"
        return Page(title: "\(m.title) — \(t(.data))", body: html)
    }

    static func describe(_ path: String, _ m: ChallengeManifest, _ t: Language) -> String {
        switch path {
        case "data/train.csv": t(.trainingRowsWithTargetColumn, m.target)
        case "data/test.csv": t(.rowsToPredictNoTarget)
        case "sample_submission.csv": t(.validSubmissionToStartFrom)
        default: ""
        }
    }

    /// The phase open now and its limits, or when the next opens (`ChallengeManifest.phaseSummary`
    /// in the page's language).
    static func phaseSummary(_ m: ChallengeManifest, at date: Date, language t: Language) -> String {
        guard let phase = m.phase(at: date) else {
            if let next = m.nextOpening(after: date) { return t(.opensOn, Formats.date(next, zone: m.timeZone)) }
            return t(.closedState)
        }
        var parts = [t(.phaseOpen, phase.name)]
        if let closes = phase.closes { parts.append(t(.untilDate, Formats.date(closes, zone: m.timeZone))) }
        if let perDay = phase.maxPerDay { parts.append(t(.perDay, "\(perDay)")) }
        if let total = phase.maxTotal { parts.append(t(.inAll, "\(total)")) }
        return parts.joined(separator: ", ")
    }

    struct Boards {
        var summary: ChallengeSummary
        var board: Leaderboard
        var privateBoard: Leaderboard?
        var history: [SubmissionView]
        var now: Date
    }

    /// Leaderboard: the public board with its intervals and chart; the private one after the
    /// reveal.
    static func leaderboard(_ model: Boards, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let baseline = model.board.rows.first(where: \.isBaseline)?.score
        var html = header(model.summary, tab: .leaderboard, now: model.now, in: page)
        if let privateBoard = model.privateBoard {
            html += "<section><h2>\(t(.privateLeaderboardFinal))</h2>\(BoardView.board(privateBoard, zone: m.timeZone, language: t))</section>"
        }
        html += "<section><h2>\(t(.publicLeaderboard))</h2>\(BoardView.board(model.board, zone: m.timeZone, language: t))</section>"
        if model.privateBoard == nil {
            if let at = m.revealsAt {
                html += "<p class=\"muted\">\(t(.privateBoardOpensByItself)) \(Layout.time(at, zone: m.timeZone)) (\(m.timezone)).</p>"
            } else {
                html += "<p class=\"muted\">\(t(.privateBoardWhichDecidesFinal))</p>"
            }
        }
        let chart = Charts.scoreHistory(
            Charts.points(model.history), metric: m.metric, baseline: baseline, zone: m.timeZone, labels: Layout.chartLabels(t))
        html += "<section><h2>\(t(.bestPublicScoreOverTime))</h2>\(chart)</section>"
        return Page(title: "\(m.title) — \(t(.leaderboard))", body: html)
    }

    struct SubmitTab {
        var summary: ChallengeSummary
        /// The signed-in team's limits.
        var status: TeamStatus?
        var now: Date
    }

    /// Submit: the form, with the format and the team's limits when signed in.
    static func submit(_ model: SubmitTab, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let slug = m.slug
        var html = header(model.summary, tab: .submit, now: model.now, in: page)
        html += "<section><h2>\(t(.submitPredictions))</h2>"
        if let status = model.status {
            html += Layout.limits(
                leftToday: status.leftToday, leftTotal: status.leftTotal, refusedLeft: status.refusedLeftToday, resetsAt: status.resetsAt,
                zone: m.timeZone, language: t)
        }
        html += Layout.submitForm(
            slug: slug, token: page.token, signedInTeam: page.principal?.team(of: slug), columns: [m.id] + m.submissionColumns, language: t)
        html +=
            "<p class=\"muted\">\(t(.everyProblemOfRefusedFile)) <a href=\"\(Tab.data.path(slug))\">\(t(.submissionFormat))</a></p></section>"
        return Page(title: "\(m.title) — \(t(.submit))", body: html)
    }

    /// A submission's receipt: its score, or every problem of the refused file; what is left.
    static func receipt(_ receipt: SubmitReceipt, in page: PageContext) -> Page {
        let t = page.t
        let zone = TimeZone(identifier: receipt.timeZone) ?? .current
        let slug = receipt.challenge
        let title = "\(t(.submission)) #\(receipt.id)"
        var html: HTML = "<h1>\(title) \(t(.ofTeam)) \(receipt.team)</h1>"
        if let problems = receipt.problems {
            html += "<p class=\"error\">\(t(.fileWasRefusedItDoes))</p>"
            html += Layout.problems(problems, language: t)
        } else if let ladder = receipt.ladder {
            html += "<p class=\"ok\">\(t(.acceptedTitle)): \(Layout.ladderSentence(ladder, metric: receipt.metric, language: t)).</p>"
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
        return Page(title: title, body: html, status: receipt.problems == nil ? .created : .unprocessableContent)
    }

    /// A code submission queued: its number and place in the queue.
    static func queued(_ ticket: RunTicket, slug: String, in page: PageContext) -> Page {
        let t = page.t
        let title = "\(t(.run)) #\(ticket.id)"
        let body: HTML = """
            <h1>\(title)</h1><p class="ok">\(t(.runQueued, "\(ticket.position)"))</p>\
            <p><a class="button" href="\(Paths.teamRun(slug, "\(ticket.id)"))">\(t(.seeRunAndLog))</a> \
            <a class="button secondary" href="\(Tab.team.path(slug))">\(t(.myTeamHistoryAndSelection))</a></p>
            """
        return Page(title: title, body: body, status: .accepted)
    }
}
