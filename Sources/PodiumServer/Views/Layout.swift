import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore
import PodiumStore

/// The frame and the recurring pieces of the pages.
enum Layout {
    /// The style sheet (Resources/podium.css, embedded in the binary at build time).
    static let css = String(decoding: PackageResources.podium_css, as: UTF8.self)

    /// Every page's frame: the header (who is signed in, the language switch) around `body`.
    static func frame(title: String, page: PageContext, body: HTML, refresh: Int? = nil) -> HTML {
        let t = page.t
        var who: HTML
        switch page.principal {
        case nil: who = "<a href=\"\(Paths.signIn())\">\(t(.signIn))</a>"
        case .team(let c, let team)?: who = "<a href=\"\(Paths.team(c))\">\(t(.teamWord)) \(team) · \(c)</a>"
        case .instructor?: who = "<a href=\"\(Paths.instructor())\">\(t(.instructor))</a>"
        case .supervisor(_, let name)?: who = "<a href=\"\(Paths.supervise())\">\(t(.supervisorWord)) \(name)</a>"
        }
        if page.principal != nil {
            who +=
                "<form method=\"post\" action=\"\(Paths.signOut())\">\(page.token.field)<button type=\"submit\">\(t(.signOut))</button></form>"
        }
        // The switch keeps the visitor on the same page.
        let switcher: HTML = Language.allCases.map { language -> HTML in
            language == page.language
                ? "<strong>\(language.rawValue.uppercased())</strong>"
                : "<a href=\"\(page.path)?lang=\(language.rawValue)\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\">\(language.rawValue.uppercased())</a>"
        }.joined(separator: " · ")
        return """
            <!doctype html>
            <html lang="\(page.language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" as HTML } ?? .empty)
            <title>\(title) · Podium</title><style>\(HTML(trusted: css))</style></head>
            <body><header><a class="brand" href="\(Paths.home())">Podium</a><a href="\(Paths.home())">\(t(.challenges))</a>\
            <div class="who">\(who)<span class="lang">\(switcher)</span></div></header>
            <main>\(body)</main></body></html>
            """
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
            "<form method=\"post\" action=\"\(token.action(Paths.submit(slug)))\" enctype=\"multipart/form-data\" class=\"stack\">"
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

    /// Every problem of a refused file, by kind (the scorer's own words, which name the file's
    /// lines and values: English, and marked so).
    static func problems(_ refused: SubmissionRefused, language t: Language) -> HTML {
        var html: HTML = "<ul class=\"problems\" lang=\"en\">"
        for group in refused.groups {
            html += "<li><strong>\(group.kind.title)</strong> (\(group.count))<ul>"
            for example in group.examples {
                html += "<li>\(example.line.map { t(.lineNumber, "\($0)") + " " } ?? "")\(example.message)</li>"
            }
            if group.count > group.examples.count {
                html += "<li class=\"muted\">\(t(.andMore, "\(group.count - group.examples.count)"))</li>"
            }
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
        var html: HTML = selectable ? "<form method=\"post\" action=\"\(Paths.teamSelect(slug))\">\(token.field)" : .empty
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
            let publicCell = s.publicScore == nil && s.ladder != nil ? ladderCell(s.ladder!, language: t) : Formats.score(s.publicScore)
            html += "<td>\(publicCell)</td>\(showPrivate ? "<td>\(Formats.score(s.privateScore))</td>" : "" as HTML)"
            let problems =
                s.problems.map { t.count($0.total, .problemOne, .problemMany) + ": " + $0.groups.map(\.kind.title).joined(separator: ", ") } ?? s
                .scoringError ?? ""
            // The scorer's words (English), marked so.
            html += "<td class=\"msg\"\(problems.isEmpty ? "" : " lang=\"en\"" as HTML)>\(problems)</td></tr>"
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

    /// The words of the charts in a language.
    static func chartLabels(_ t: Language) -> ChartLabels { t == .fr ? .french : .english }

    /// A Ladder history cell: "moved → 0.97" or "no move (0.97)".
    static func ladderCell(_ step: LadderStep, language t: Language) -> String {
        step.moved ? t(.ladderMoved, Formats.number(step.score)) : t(.ladderNoMove, Formats.number(step.score))
    }

    /// What a Ladder board did with a file, in a sentence.
    static func ladderSentence(_ step: LadderStep, metric: Metric, language t: Language) -> String {
        let noise = "± \(Formats.score(step.margin, digits: 4))"
        return step.moved
            ? t(.ladderSentenceMoved, metric.rawValue, Formats.number(step.score), noise)
            : t(.ladderSentenceStill, metric.rawValue, Formats.number(step.score), noise)
    }
}

extension Array where Element == HTML {
    func joined(separator: String) -> HTML {
        HTML(trusted: map(\.text).joined(separator: Formats.escapeHTML(separator)))
    }
}
