import Foundation
import PodiumCore
import PodiumStore

/// The instructor's pages: every challenge, the private board, grades and every submission,
/// the integrity and challenge reports, the course's grades, and the reveal.
enum InstructorViews {
    static func home(_ list: [ChallengeSummary], in page: PageContext) -> Page {
        let t = page.t
        let rows = list.map { c -> HTML in
            """
            <tr><td><a href="\(Paths.instructorChallenge(c.manifest.slug))">\(c.manifest.title)</a></td><td>v\(c.manifest.version)</td><td>\(c.teams)</td>\
            <td>\(c.submissions)</td><td>\(c.revealed ? t(.revealedWord) : t(.hiddenFromParticipants))</td></tr>
            """
        }
        return Page(
            title: t(.instructorTitle),
            body: """
                <h1>\(t(.instructorTitle))</h1><p><a class="button secondary" href="\(Paths.courseGrades())">\(t(.courseGradesEveryChallenge))</a></p>\
                <table><thead><tr><th>\(t(.challengeWord))</th><th>\(t(.versionWord))</th><th>\(t(.teams))</th><th>\(t(.submissions))</th>\
                <th>\(t(.privateBoardColumn))</th></tr></thead><tbody>\(rows)</tbody></table>
                """)
    }

    struct Challenge {
        var summary: ChallengeSummary
        var board: Leaderboard
        var grades: GradeSheet
        var recent: HistoryPage
        /// The reports and marks, when the challenge takes a report.
        var marking: Marking?
        var now: Date
    }

    struct Marking {
        var handIns: [String: HandInReceipt]
        var locked: Date?
        var supervisors: [SupervisorView]
        /// The challenge's authors (roster role `author`), marked on their preparation report.
        var authors: [CourseRow] = []
    }

    static func challenge(_ model: Challenge, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let slug = m.slug
        var html: HTML = "<h1>\(m.title) <span class=\"muted\">\(t(.instructorView))</span></h1>"
        let state = Layout.state(m, at: model.now, language: t)
        html += "<p>\(state.badge) \(state.text)</p>"
        html += "<p class=\"actions\"><a class=\"button secondary\" href=\"\(Paths.challenge(slug))\">\(t(.seeWhatParticipantsSee))</a> "
        if model.summary.revealed {
            html += "<span class=\"ok\">\(t(.privateBoardIsVisibleTo))</span></p>"
        } else {
            // Irreversible: a page of its own says what will happen and asks to confirm.
            html += "<a class=\"button danger\" href=\"\(Paths.reveal(slug))\">\(t(.revealPrivateBoardEllipsis))</a></p>"
        }
        if let resolution = model.summary.resolution {
            // The resolution's figures and warnings are `podium check`'s words (English).
            html += "<p class=\"muted\">\(t(.resolution)): <span lang=\"en\">\(resolution.summary)</span>.</p>"
            for warning in resolution.warnings { html += "<p class=\"error\" lang=\"en\">\(warning)</p>" }
        }
        html += """
            <p><a class="button secondary" href="\(Paths.integrity(slug))">\(t(.integrityReport))</a> \
            <a class="button secondary" href="\(Paths.report(slug))">\(t(.challengeReport))</a></p>
            """
        html += "<section><h2>\(t(.privateLeaderboard))</h2>\(BoardView.board(model.board, zone: m.timeZone, language: t))</section>"
        let grades = model.grades
        html += """
            <section><h2>\(t(.grades))</h2><p><a class="button" href="\(Paths.instructorGradesCSV(slug))">\(t(.exportCSV))</a> \
            <span class="muted">\(t(.gradesPolicy, grades.policy.rawValue, "\(Int(grades.scale))"))\(gradeNote(grades, t))</span></p>
            """
        html += Charts.gradeHistogram(grades.rows.map(\.challengeGrade), scale: grades.scale, labels: Layout.chartLabels(t))
        html += Layout.table(
            [t(.student), t(.name), t(.teamWord), t(.score), t(.rank), t(.grade), t(.gradeInterval), t(.notes)],
            grades.rows.map {
                [
                    $0.studentId, $0.name, $0.team, Formats.score($0.score), $0.rank.map(String.init) ?? "—",
                    String(format: "%.2f", $0.challengeGrade), String(format: "%.2f – %.2f", $0.gradeLow, $0.gradeHigh),
                    notes($0.notes, t),
                ]
            })
        html += "</section>"
        if let marking = model.marking {
            html += TERViews.instructorSection(
                grades, authors: marking.authors, handIns: marking.handIns, locked: marking.locked, supervisors: marking.supervisors, slug: slug,
                zone: m.timeZone, in: page)
        }
        html += "<section><h2>\(t(.latestSubmissions))</h2>"
        html += Layout.history(
            model.recent.rows, zone: m.timeZone, selectable: false, slug: slug, token: page.token, language: t,
            download: { Paths.instructorFile(slug, "\($0)") })
        html +=
            "<p><a class=\"button secondary\" href=\"\(Paths.submissions(slug))\">\(t(.allSubmissionsByTeamAnd, "\(model.recent.total)"))</a></p></section>"
        return Page(title: "\(m.title) — \(t(.instructorWord))", body: html)
    }

    /// A grade row's notes ("no submission", "no report mark": the grade sheet's words, as the
    /// CSV keeps them) in the page's language.
    static func notes(_ notes: [String], _ t: Language) -> String {
        notes.map { note in
            switch note {
            case "no submission": return t(.noSubmissionNote)
            case "no challenge": return t(.noChallenge)
            case "no report handed in": return t(.noReportHandedInNote)
            case "report late": return t(.reportLateNote)
            case "no report expected": return t(.noReportExpectedNote)
            default:
                if note.hasPrefix("no "), note.hasSuffix(" mark") { return t(.noMarkNote, String(note.dropFirst(3).dropLast(5))) }
                return note
            }
        }.joined(separator: "; ")
    }

    /// How the grade intervals (and, with `grading.uncertainty: expected`, the grades) come
    /// from the bootstrap.
    static func gradeNote(_ grades: GradeSheet, _ t: Language) -> String {
        guard let resamples = grades.resamples else { return "" }
        let percent = "\(Int(((grades.confidence ?? 0.95) * 100).rounded()))%"
        let interval = t(.gradeIntervalNote, percent, "\(resamples)")
        return grades.uncertainty == .expected ? t(.gradeExpectedNote, "\(resamples)") + interval : interval
    }

    /// Pairs of teams whose submissions are alike, for review (never a verdict).
    static func integrity(_ summary: ChallengeSummary, _ report: IntegrityReport, in page: PageContext) -> Page {
        let t = page.t
        let slug = summary.manifest.slug
        var html: HTML = "<h1>\(summary.manifest.title) <span class=\"muted\">\(t(.integrityWord))</span></h1>"
        let flagged = report.flagged.count
        html +=
            flagged == 0
            ? "<p class=\"ok\">\(t(.pairsComparedNoneStandsOut, "\(report.pairs.count)", "\(report.rows)"))</p>"
            : "<p class=\"error\">\(t(flagged == 1 ? .onePairWorthALook : .pairsWorthALook, "\(flagged)"))</p>"
        // The table and its rule are the integrity report's own words (as `podium integrity` prints them).
        html += "<div lang=\"en\">\(Layout.table(report.columns, report.cells()))<p class=\"muted\">\(IntegrityReport.rule)</p></div>"
        if let agreement = report.agreement {
            let tau = agreement.kendallTau.map { String(format: "%.2f", $0) } ?? t(.undefined)
            let gaps = agreement.gaps.map { "\($0.team) \($0.gap >= 0 ? "+" : "")\(Formats.score($0.gap, digits: 4))" }.joined(separator: ", ")
            html += "<p>\(t(.agreementLine, tau, "\(agreement.gaps.count)", gaps))</p>"
        }
        html += "<p><a href=\"\(Paths.instructorChallenge(slug))\">\(t(.backToChallenge))</a></p>"
        return Page(title: "\(summary.manifest.title) — \(t(.integrityWord))", body: html)
    }

    /// The challenge report, its figures inline (`podium report` writes the same as files).
    static func report(_ report: ChallengeReport, in page: PageContext) -> Page {
        let t = page.t
        let slug = report.manifest.slug
        var html: HTML = "<h1>\(report.manifest.title) <span class=\"muted\">\(t(.challengeReportWord))</span></h1>"
        html += "<p class=\"muted\">\(t(.sameReportAsFiles)) <code>podium report \(slug)</code></p>"
        // The report's facts and figures are `podium report`'s (English), marked so.
        html += "<div lang=\"en\">\(Layout.table(["", ""], report.facts.map { [$0.0, $0.1] }))</div>"
        for (i, figure) in report.figures().enumerated() {
            html += "<section><h2>\(t(.figure, "\(i + 1)"))</h2><div lang=\"en\">\(figure.svg)</div></section>"
        }
        html += "<p><a href=\"\(Paths.instructorChallenge(slug))\">\(t(.backToChallenge))</a></p>"
        return Page(title: "\(report.manifest.title) — \(t(.challengeReportWord))", body: html)
    }

    /// Every student of every challenge, in one table and one CSV.
    static func courseGrades(_ sheet: CourseSheet, in page: PageContext) -> Page {
        let t = page.t
        var html: HTML = "<h1>\(t(.courseGrades))</h1>"
        html +=
            "<p><a class=\"button\" href=\"\(Paths.courseGradesCSV())\">\(t(.exportCSV))</a> <span class=\"muted\">\(t(.everyStudentOfEveryChallenge))</span></p>"
        let two = { (v: Double?) in v.map { String(format: "%.2f", $0) } ?? "—" }
        html += Layout.table(
            [t(.student), t(.name), t(.challengeWord), t(.teamWord), t(.score), t(.rank), t(.grade), t(.gradeInterval), t(.notes)],
            sheet.rows.map { r in
                [
                    r.studentId, r.name, r.challenge.isEmpty ? t(.noChallenge) : r.challenge,
                    r.role == .author ? "\(r.team) (\(t(.roleAuthor)))" : r.team, Formats.score(r.score),
                    r.rank.map(String.init) ?? "—", two(r.challengeGrade), "\(two(r.gradeLow)) – \(two(r.gradeHigh))",
                    notes(r.notes, t),
                ]
            })
        return Page(title: t(.courseGrades), body: html)
    }

    struct Submissions {
        var summary: ChallengeSummary
        var teams: [String]
        var result: HistoryPage
        var team: String?
        var status: SubmissionStatus?
        var page: Int
        var perPage: Int
    }

    /// Every submission, filtered by team and status, a page at a time (newest first).
    static func submissions(_ model: Submissions, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let slug = m.slug
        let (team, status, current) = (model.team, model.status, model.page)
        var html: HTML = "<h1>\(m.title) <span class=\"muted\">\(t(.submissions))</span></h1>"
        let teamOptions = ([("", t(.everyTeam))] + model.teams.map { ($0, $0) }).map { value, label -> HTML in
            "<option value=\"\(value)\"\(value == (team ?? "") ? " selected" : "" as HTML)>\(label)</option>"
        }
        let statusOptions = [("", t(.anyStatus)), ("accepted", t(.acceptedPlural)), ("refused", t(.refusedPlural))].map { value, label -> HTML in
            "<option value=\"\(value)\"\(value == (status?.rawValue ?? "") ? " selected" : "" as HTML)>\(label)</option>"
        }
        html += """
            <form method="get" action="\(Paths.submissions(slug))" class="filters">\
            <label>\(t(.teamLabel)) <select name="team">\(teamOptions.joined(separator: ""))</select></label>\
            <label>\(t(.statusLabel)) <select name="status">\(statusOptions.joined(separator: ""))</select></label>\
            <button type="submit">\(t(.filter))</button></form>
            """
        let result = model.result
        let pages = max(1, (result.total + model.perPage - 1) / model.perPage)
        let first = result.total == 0 ? 0 : (current - 1) * model.perPage + 1
        let last = min(result.total, current * model.perPage)
        html += "<p class=\"muted\">\(first)–\(last) \(t(.ofWord)) \(result.total)</p>"
        html += Layout.history(
            result.rows, zone: m.timeZone, selectable: false, slug: slug, token: page.token, language: t,
            download: { Paths.instructorFile(slug, "\($0)") })
        func link(_ p: Int) -> String {
            var items = ["page=\(p)"]
            if let team { items.append("team=" + (team.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            if let status { items.append("status=\(status.rawValue)") }
            return Paths.submissions(slug) + "?" + items.joined(separator: "&")
        }
        var pager: HTML = "<nav class=\"pager\" aria-label=\"\(t(.pages))\">"
        if current > 1 { pager += "<a href=\"\(link(current - 1))\" rel=\"prev\">← \(t(.newer))</a>" }
        pager += "<span>\(t(.page)) \(min(current, pages)) / \(pages)</span>"
        if current < pages { pager += "<a href=\"\(link(current + 1))\" rel=\"next\">\(t(.older)) →</a>" }
        html += pager + "</nav><p><a href=\"\(Paths.instructorChallenge(slug))\">\(t(.backToChallenge))</a></p>"
        return Page(title: "\(m.title) — \(t(.submissions))", body: html)
    }

    struct Reveal {
        var summary: ChallengeSummary
        var board: Leaderboard
        var now: Date
    }

    /// The reveal's own page: what it does, to whom, that it cannot be undone; the box must be
    /// ticked and the button pressed.
    static func confirmReveal(_ model: Reveal, in page: PageContext) -> Page {
        let t = page.t
        let m = model.summary.manifest
        let slug = m.slug
        let title = "\(m.title) — \(t(.reveal))"
        if model.summary.revealed {
            return Page(
                title: title,
                body:
                    "<h1>\(m.title)</h1><p class=\"ok\">\(t(.privateBoardIsRevealedParticipants)) <a href=\"\(Paths.instructorChallenge(slug))\">\(t(.back))</a></p>"
            )
        }
        var html: HTML = "<h1>\(t(.revealPrivateBoardOf)) \(m.title)?</h1>"
        html += "<section><ul>"
        html += "<li>\(t(.allTeamsAndAnyoneWith, "\(model.summary.teams)", "\(model.board.rankedRows.count)"))</li>"
        html += "<li>\(t(.eachTeamSHistoryWill))</li>"
        if case .open = m.state(at: model.now) { html += "<li class=\"error\">\(t(.submissionsAreStillOpenTeams))</li>" }
        html += "<li><strong>\(t(.thisCannotBeUndone))</strong></li></ul>"
        html += """
            <form method="post" action="\(Paths.reveal(slug))" class="stack">\(page.token.field)
            <label><span><input type="checkbox" name="confirm" value="yes" required> \(t(.iUnderstandParticipantsWillSee))</span></label>
            <p><button type="submit" class="danger">\(t(.revealPrivateBoard))</button> \
            <a class="button secondary" href="\(Paths.instructorChallenge(slug))">\(t(.cancel))</a></p></form></section>
            """
        return Page(title: title, body: html)
    }
}
