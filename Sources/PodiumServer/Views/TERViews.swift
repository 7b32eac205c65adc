import Foundation
import PodiumCore
import PodiumStore

/// The TER's pages: a team's report hand-in, a supervisor's teams and marking sheet, and the
/// instructor's view of reports and marks.
enum TERViews {
    /// The team page's section: what it handed in and when, and the form to hand in again.
    static func teamSection(_ reports: [HandInReceipt], settings: ReportSettings, slug: String, zone: TimeZone, in page: PageContext) -> HTML {
        let t = page.t
        var html: HTML = "<section id=\"report\"><h2>\(t(.reportSection))</h2>"
        var rules: [String] = []
        if let due = settings.due { rules.append(t(.reportDueAt, Formats.time(due, zone: zone))) }
        if let pages = settings.pages { rules.append(t(.reportExpectedPages, "\(pages[0])", "\(pages[1])")) }
        rules.append(t(.everyVersionKept))
        html += "<p class=\"muted\">\(rules.joined(separator: " "))</p>"
        html += versions(reports, zone: zone, download: { Paths.teamReportFile(slug, "\($0)") }, language: t)
        html += """
            <form method="post" action="\(page.token.action(Paths.teamReport(slug)))" enctype="multipart/form-data" class="stack">\
            <label>\(t(.reportPDFField)) <input type="file" name="file" accept=".pdf,application/pdf" required></label>\
            <button type="submit">\(t(.handInReport))</button></form></section>
            """
        return html
    }

    /// Every version of a team's report, the last first, each with its file.
    static func versions(_ reports: [HandInReceipt], zone: TimeZone, download: (Int) -> String, language t: Language) -> HTML {
        guard !reports.isEmpty else { return "<p>\(t(.reportNoneYet))</p>" }
        var html: HTML =
            "<table><thead><tr><th>\(t(.versionWord))</th><th>\(t(.handedInColumn))</th><th>\(t(.pages))</th><th></th><th></th></tr></thead><tbody>"
        for r in reports.reversed() {
            let badge: HTML = r.late ? "<span class=\"badge closed\">\(t(.lateBadge))</span>" : "<span class=\"badge open\">\(t(.onTimeBadge))</span>"
            let warning: HTML = r.warning.map { "<span class=\"error\" lang=\"en\">\($0)</span>" } ?? .empty
            html += """
                <tr><td>\(r.version)</td><td>\(Layout.time(r.handedInAt, zone: zone)) \(badge)</td><td>\(r.pages) \(warning)</td>\
                <td><a href="\(download(r.version))">\(r.fileName)</a></td><td><code title="SHA-256">\(String(r.sha256.prefix(12)))</code></td></tr>
                """
        }
        return html + "</tbody></table>"
    }

    struct SupervisorHome {
        var supervisor: SupervisorView
        var sheets: [MarkingSheet]
    }

    static func supervisorHome(_ model: SupervisorHome, in page: PageContext) -> Page {
        let t = page.t
        var html: HTML = "<h1>\(t(.supervisorWord)) \(model.supervisor.name)</h1><section><h2>\(t(.teamsYouSupervise))</h2>"
        if model.sheets.isEmpty { html += "<p>\(t(.noTeamToSupervise))</p>" }
        var rows: [HTML] = []
        for sheet in model.sheets {
            let marked = sheet.students.filter { $0.mark != nil }.count
            let last = sheet.reports.last
            let report: HTML =
                last.map { "v\($0.version), \($0.pages) \(t(.pages))" + ($0.late ? " <span class=\"badge closed\">\(t(.lateBadge))</span>" : "") }
                ?? "\(t(.noneWord))"
            rows.append(
                """
                <tr><td>\(sheet.challenge)</td><td><a href="\(Paths.superviseTeam(sheet.challenge, sheet.team))">\(sheet.team)</a></td>\
                <td>\(report)</td><td>\(marked)/\(sheet.students.count) \(t(.marksIn))</td></tr>
                """)
        }
        if !rows.isEmpty {
            html +=
                "<table><thead><tr><th>\(t(.challengeWord))</th><th>\(t(.teamWord))</th><th>\(t(.reportSection))</th><th>\(t(.marksIn))</th></tr></thead><tbody>"
            html += rows.joined(separator: "") + "</tbody></table>"
        }
        return Page(title: "\(t(.supervisorWord)) \(model.supervisor.name)", body: html + "</section>")
    }

    struct TeamSheet {
        var sheet: MarkingSheet
        var summary: ChallengeSummary
        var history: [SubmissionView]
        var position: BoardRow?
        var now: Date
    }

    /// A team as its supervisor sees it: reports, board position with its interval, files, and
    /// the marks form.
    static func teamSheet(_ model: TeamSheet, in page: PageContext) -> Page {
        let t = page.t
        let sheet = model.sheet
        let m = model.summary.manifest
        let zone = m.timeZone
        var html: HTML = "<h1>\(t(.teamLabel)) \(sheet.team) <span class=\"muted\">· \(m.title)</span></h1>"
        if let row = model.position, let rank = row.rank {
            let interval = row.interval.map { String(format: "%.4f – %.4f", $0.low, $0.high) } ?? "—"
            html += "<p>\(t(.publicBoardPosition, "\(rank)", m.metric.rawValue, Formats.score(row.score), interval))</p>"
        } else {
            html += "<p>\(t(.notRankedYet))</p>"
        }
        html += "<section><h2>\(t(.reportSection))</h2>"
        html += versions(sheet.reports, zone: zone, download: { Paths.superviseReport(sheet.challenge, sheet.team, "\($0)") }, language: t)
        html += "</section><section><h2>\(t(.reportsAndMarks))</h2>"
        if sheet.locked { html += "<p class=\"error\">\(t(.marksLockedByInstructor))</p>" }
        let disabled: HTML = sheet.locked ? " disabled" : .empty
        html += "<form method=\"post\" action=\"\(Paths.superviseTeam(sheet.challenge, sheet.team))\" class=\"stack\">\(page.token.field)<table>"
        html +=
            "<thead><tr><th>\(t(.student))</th><th>\(t(.markOnScale, Formats.sheetNumber(sheet.scale, decimalComma: false)))</th><th>\(t(.commentColumn))</th><th></th></tr></thead><tbody>"
        for s in sheet.students {
            let mark = s.mark.map { Formats.sheetNumber($0, decimalComma: false) } ?? ""
            let by: HTML =
                s.markedBy.map { by in "<span class=\"muted\">\(t(.markedByOn, by, s.updatedAt.map { Formats.time($0, zone: zone) } ?? ""))</span>" }
                ?? .empty
            // Flat field names (mark_ID, comment_ID): a URL-encoded form of plain keys.
            html += """
                <tr><td>\(s.name) <span class="muted">\(s.studentId)</span></td>\
                <td><input type="text" inputmode="decimal" name="mark_\(s.studentId)" size="6" value="\(mark)"\(disabled)></td>\
                <td><textarea name="comment_\(s.studentId)" maxlength="\(SupervisionService.maxComment)"\(disabled)>\(s.comment ?? "")</textarea></td><td>\(by)</td></tr>
                """
        }
        html += "</tbody></table>"
        if !sheet.locked { html += "<button type=\"submit\">\(t(.saveMarks))</button>" }
        html += "</form></section><section><h2>\(t(.submissions))</h2>"
        html += Layout.history(model.history, zone: zone, selectable: false, slug: sheet.challenge, token: page.token, language: t)
        html += "</section><p><a href=\"\(Paths.supervise())\">\(t(.back))</a></p>"
        return Page(title: "\(t(.teamLabel)) \(sheet.team) — \(m.title)", body: html)
    }

    /// The instructor's section: per team, the report (on time or late), the marks in, and the
    /// grade's parts; the lock, and the form that adds a supervisor.
    static func instructorSection(
        _ grades: GradeSheet, authors: [CourseRow] = [], handIns: [String: HandInReceipt], locked: Date?, supervisors: [SupervisorView],
        slug: String, zone: TimeZone, in page: PageContext
    ) -> HTML {
        let t = page.t
        var html: HTML = "<section id=\"marks\"><h2>\(t(.reportsAndMarks))</h2>"
        // The participants' teams, then the authors' (no challenge grade: they prepared it).
        typealias Member = (team: String, label: String, name: String, challengeGrade: Double?, report: Double?, ter: Double?)
        let members: [Member] =
            grades.rows.map { ($0.team, $0.team, $0.name, $0.challengeGrade, $0.marks["report"], $0.terGrade) }
            + authors.map { ($0.team, "\($0.team) (\(t(.roleAuthor)))", $0.name, nil, $0.marks["report"], $0.terGrade) }
        var teams: [String] = []
        for row in members where !teams.contains(row.team) { teams.append(row.team) }
        let two = { (v: Double?) in v.map { String(format: "%.2f", $0) } ?? "—" }
        var cells: [[String]] = []
        for team in teams {
            let ofTeam = members.filter { $0.team == team }
            let report =
                handIns[team].map { "v\($0.version), \($0.pages) \(t(.pages)), \($0.late ? t(.lateBadge) : t(.onTimeBadge))" } ?? t(.noneWord)
            let marked = ofTeam.filter { $0.report != nil }.count
            let who = supervisors.filter { s in s.teams.contains { $0.challenge == slug && $0.team == team } }.map(\.name)
            for member in ofTeam {
                cells.append([
                    member.label, member.name, report, "\(marked)/\(ofTeam.count)", who.joined(separator: ", "), two(member.challengeGrade),
                    two(member.report), two(member.ter),
                ])
            }
        }
        html += Layout.table(
            [
                t(.teamWord), t(.name), t(.reportSection), t(.marksIn), t(.supervisorsWord), t(.challengeGradeColumn), t(.reportMarkColumn),
                t(.terGradeColumn),
            ],
            cells)
        if let locked {
            html += "<p>\(t(.marksLockedSince, Formats.time(locked, zone: zone)))</p>"
            html +=
                "<form method=\"post\" action=\"\(Paths.instructorMarksLock(slug))\">\(page.token.field)<input type=\"hidden\" name=\"lock\" value=\"0\"><button type=\"submit\" class=\"secondary\">\(t(.unlockMarks))</button></form>"
        } else {
            html +=
                "<form method=\"post\" action=\"\(Paths.instructorMarksLock(slug))\">\(page.token.field)<input type=\"hidden\" name=\"lock\" value=\"1\"><button type=\"submit\">\(t(.lockMarks))</button></form>"
        }
        html += """
            <h3>\(t(.addSupervisor))</h3><form method="post" action="\(Paths.instructorSupervisors(slug))" class="stack">\(page.token.field)\
            <label>\(t(.name)) <input name="name" required></label><label>\(t(.emailField)) <input type="email" name="email" required></label>\
            <label>\(t(.teamsField)) <input name="teams" required></label><button type="submit">\(t(.addSupervisor))</button></form></section>
            """
        return html
    }

    /// The page that shows a new supervisor's token once.
    static func supervisorAdded(_ added: SupervisorAdded, slug: String, in page: PageContext) -> Page {
        let t = page.t
        var html: HTML = "<h1>\(t(.addSupervisor))</h1>"
        if let token = added.token {
            html += "<p>\(t(.supervisorTokenShownOnce, added.name))</p><p><code>\(token)</code></p>"
        } else {
            html += "<p>\(t(.supervisorAlreadyKnown, added.name))</p>"
        }
        html += "<p><a href=\"\(Paths.instructorChallenge(slug))#marks\">\(t(.backToInstructorPage))</a></p>"
        return Page(title: t(.addSupervisor), body: html)
    }
}
