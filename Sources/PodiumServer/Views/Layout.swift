import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore
import PodiumStore

/// Renders pages in the frame, with the token of the visitor's session for their forms and
/// the visitor's language.
struct PageRenderer: Sendable {
    let cookies: SessionCookies

    func render(_ context: PodiumContext, title: String, status: HTTPResponse.Status = .ok, _ body: (FormToken) throws -> HTML) rethrows
        -> Response
    {
        let token = FormToken(value: context.session.map(cookies.formToken) ?? "")
        let frame = Layout.Frame(principal: context.identity, token: token, language: context.language, path: context.path)
        return .html(Layout.page(title: title, frame: frame, body: try body(token)), status: status)
    }
}

/// The token a page's forms carry (see `FormTokenMiddleware`).
struct FormToken: Sendable {
    var value: String

    /// The hidden field of a URL-encoded form.
    var field: HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(value)\">" }

    /// The action of a file upload form, whose body is not read before the token is checked.
    func action(_ path: String) -> String { path + "?csrf=" + value }
}

/// The frame and the recurring pieces of the pages.
enum Layout {
    /// The style sheet (Resources/podium.css, embedded in the binary at build time).
    static let css = String(decoding: PackageResources.podium_css, as: UTF8.self)

    /// Who is looking and in which language: what every page's header needs.
    struct Frame {
        var principal: Principal?
        var token: FormToken
        var language: Language
        var path: String
    }

    static func page(title: String, frame: Frame, body: HTML) -> HTML {
        let t = frame.language
        var who: HTML
        switch frame.principal {
        case nil: who = "<a href=\"/signin\">\(t(.signIn))</a>"
        case .team(let c, let team)?: who = "<a href=\"/challenges/\(c)/team\">\(t(.teamWord)) \(team) · \(c)</a>"
        case .instructor?: who = "<a href=\"/instructor\">\(t(.instructor))</a>"
        }
        if frame.principal != nil {
            who +=
                "<form method=\"post\" action=\"/signout\">\(frame.token.field)<button type=\"submit\">\(t(.signOut))</button></form>"
        }
        // The switch keeps the visitor on the same page.
        let switcher: HTML = Language.allCases.map { language -> HTML in
            language == frame.language
                ? "<strong>\(language.rawValue.uppercased())</strong>"
                : "<a href=\"\(frame.path)?lang=\(language.rawValue)\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\">\(language.rawValue.uppercased())</a>"
        }.joined(separator: " · ")
        return """
            <!doctype html>
            <html lang="\(frame.language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Podium</title><style>\(HTML(trusted: css))</style></head>
            <body><header><a class="brand" href="/">Podium</a><a href="/">\(t(.challenges))</a>\
            <div class="who">\(who)<span class="lang">\(switcher)</span></div></header>
            <main>\(body)</main></body></html>
            """
    }

    static func board(_ board: Leaderboard, zone: TimeZone, language t: Language = .en) throws -> HTML {
        if board.rows.isEmpty { return "<p class=\"muted\">\(t(.noTeamYet))</p>" }
        // `render(.html)` escapes every cell.
        return Charts.forest(board) + "<div class=\"table-wrap\">\(HTML(trusted: try board.render(.html, zone: zone)))</div>"
            + tiesNote(board, language: t)
    }

    /// Why two teams show the same rank: their scores are equal (the earlier file listed first).
    static func tiesNote(_ board: Leaderboard, language t: Language) -> HTML {
        let groups = Dictionary(grouping: board.rankedRows, by: { $0.rank ?? 0 }).filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        guard !groups.isEmpty else { return .empty }
        let parts = groups.map { rank, rows in
            "\(rows.map(\.team).joined(separator: ", ")) (\(t(.rank)) \(rank), \(Formats.score(rows[0].score)))"
        }
        let rule = t(.equalScoresShareRankTeam)
        return "<p class=\"tiers\">\(rule): \(parts.joined(separator: "; ")).</p>"
    }

    static func table(_ columns: [String], _ rows: [[String]]) -> HTML {
        // `Formats.htmlTable` escapes every cell.
        HTML(trusted: Formats.htmlTable(columns, rows))
    }

    /// A moment to the second with its zone, machine-readable too.
    static func time(_ date: Date?, zone: TimeZone) -> HTML {
        guard let date else { return "—" }
        return "<time datetime=\"\(ISO8601.format(date, in: zone))\">\(Formats.time(date, zone: zone))</time>"
    }

    static func submitForm(slug: String, token: FormToken, signedInTeam: String?, columns: [String], language t: Language) -> HTML {
        var html: HTML =
            "<form method=\"post\" action=\"\(token.action("/challenges/\(slug)/submit"))\" enctype=\"multipart/form-data\" class=\"stack\">"
        if let signedInTeam {
            html += "<p class=\"muted\">\(t(.submittingAsTeam)) <strong>\(signedInTeam)</strong>.</p>"
        } else {
            html += "<label>\(t(.teamToken)) <input type=\"password\" name=\"token\" autocomplete=\"off\" required></label>"
        }
        html +=
            "<label>\(t(.predictionsCsvCsvGzOr)) <input type=\"file\" name=\"file\" accept=\".csv,.gz,.zip\" required></label>"
        html += """
            <label>\(t(.descriptionOptional)) <textarea name="message" maxlength="\(SubmissionNote.maxCharacters)" \
            placeholder="\(t(.eGGradientBoosting300))"></textarea></label>
            """
        html +=
            "<p class=\"muted\">\(t(.header)) <code>\(columns.joined(separator: ","))</code>, \(t(.oneRowPerId))</p>"
        return html + "<button type=\"submit\">\(t(.submit))</button></form>"
    }

    static func problems(_ refused: SubmissionRefused) -> HTML {
        var html: HTML = "<ul class=\"problems\">"
        for group in refused.groups {
            html += "<li><strong>\(group.kind.title)</strong> (\(group.count))<ul>"
            for example in group.examples {
                html += "<li>\(example.line.map { "line \($0): " } ?? "")\(example.message)</li>"
            }
            if group.count > group.examples.count { html += "<li class=\"muted\">… and \(group.count - group.examples.count) more</li>" }
            html += "</ul></li>"
        }
        return html + "</ul>"
    }

    /// What is left of a team's limits, and when the daily counts start again.
    static func limits(leftToday: Int?, leftTotal: Int?, refusedLeft: Int, resetsAt: Date, zone: TimeZone, language t: Language) -> HTML {
        var parts: [HTML] = []
        if let leftToday {
            parts.append(
                "<strong>\(leftToday)</strong> \(leftToday == 1 ? t(.submissionLeftToday) : t(.submissionsLeftToday))"
            )
        } else {
            parts.append("\(t(.noDailyLimitOnAccepted))")
        }
        if let leftTotal { parts.append("\(leftTotal) \(t(.leftInAll))") }
        parts.append(
            "\(t(.refusedFilesDoNotCount)) \(SubmissionService.maxRefusedPerDay) \(t(.day)) (\(refusedLeft) \(t(.leftToday)))"
        )
        return
            "<p>\(parts.joined(separator: "; ") as HTML). \(t(.dailyCountsStartAgainAt)) \(time(resetsAt, zone: zone)).</p>"
    }

    /// A history, newest first. `slug` and `download` give each row a link to its file (the
    /// team's own page, or the instructor's).
    static func history(
        _ history: [SubmissionView], zone: TimeZone, selectable: Bool, slug: String, token: FormToken, language t: Language,
        download: ((Int64) -> String)? = nil
    ) -> HTML {
        if history.isEmpty { return "<p class=\"muted\">\(t(.noSubmissionYet))</p>" }
        let showPrivate = history.contains { $0.privateScore != nil }
        var html: HTML = selectable ? "<form method=\"post\" action=\"/challenges/\(slug)/team/select\">\(token.field)" : .empty
        html +=
            "<div class=\"table-wrap\"><table><thead><tr>\(selectable ? "<th>\(t(.finalWord))</th>" : "" as HTML)<th>#</th>\(selectable ? "" : "<th>\(t(.teamWord))</th>" as HTML)"
        html +=
            "<th>\(t(.timeWord))</th><th>\(t(.fileWord))</th><th>\(t(.descriptionColumn))</th><th>\(t(.statusColumn))</th><th>public</th>\(showPrivate ? "<th>\(t(.privateWord))</th>" : "" as HTML)<th>\(t(.problems))</th></tr></thead><tbody>"
        for s in history {
            html += "<tr>"
            if selectable {
                html +=
                    s.status == .accepted
                    ? "<td><input type=\"checkbox\" name=\"ids[]\" value=\"\(s.id)\"\(s.selected ? " checked" : "" as HTML) aria-label=\"\(t(.select)) #\(s.id)\"></td>"
                    : "<td></td>"
            }
            html += "<td>\(s.id)</td>\(selectable ? "" : "<td>\(s.team)</td>" as HTML)"
            let file: HTML = download.map { "<a href=\"\($0(s.id))\" download>\(s.fileName)</a>" } ?? "\(s.fileName)"
            let status = s.status == .accepted ? t(.acceptedStatus) : t(.refusedStatus)
            html += "<td>\(time(s.createdAt, zone: zone))</td><td>\(file)</td><td class=\"msg\">\(s.message ?? "")</td>"
            html += "<td>\(status)\(s.selected ? " ★" : "")</td>"
            let publicCell = s.publicScore == nil && s.ladder != nil ? s.ladder!.cell : Formats.score(s.publicScore)
            html += "<td>\(publicCell)</td>\(showPrivate ? "<td>\(Formats.score(s.privateScore))</td>" : "" as HTML)"
            let problems =
                s.problems.map { "\($0.total) problem\($0.total == 1 ? "" : "s"): " + $0.groups.map(\.kind.title).joined(separator: ", ") } ?? s
                .scoringError ?? ""
            html += "<td class=\"msg\">\(problems)</td></tr>"
        }
        html += "</tbody></table></div>"
        if selectable { html += "<p><button type=\"submit\">\(t(.saveFinalSelection))</button></p></form>" }
        return html
    }

    /// A challenge's state in words and a badge: open until when, opening when, or closed.
    static func state(_ m: ChallengeManifest, at now: Date, language t: Language) -> (badge: HTML, text: HTML) {
        let zone = m.timeZone
        let zoneName: HTML = "<span class=\"nowrap\">(\(m.timezone))</span>"
        switch m.state(at: now) {
        case .open(let phase):
            let until: HTML =
                phase.closes.map { "\(t(.until)) \(time($0, zone: zone)) \(zoneName)" }
                ?? "\(t(.noDeadline))"
            return (
                "<span class=\"badge open\">\(t(.openWord))</span>",
                "\(t(.phase)) \(phase.name), \(until)"
            )
        case .upcoming(let opens):
            return (
                "<span class=\"badge upcoming\">\(t(.notOpenYet))</span>",
                "\(t(.opens)) \(time(opens, zone: zone)) \(zoneName)"
            )
        case .closed(let since):
            return (
                "<span class=\"badge closed\">\(t(.closedBadge))</span>",
                since.map { "\(t(.closedSince)) \(time($0, zone: zone)) \(zoneName)" }
                    ?? "\(t(.closedState))"
            )
        }
    }

    /// The words of the score chart in a language.
    static func chartLabels(_ t: Language) -> ChartLabels { t == .fr ? .french : .english }
}

extension Array where Element == HTML {
    func joined(separator: String) -> HTML {
        HTML(trusted: map(\.text).joined(separator: Formats.escapeHTML(separator)))
    }
}
