import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore
import PodiumStore

/// Renders pages in the frame, with the token of the visitor's session for their forms.
struct PageRenderer: Sendable {
    let cookies: SessionCookies

    func render(_ context: PodiumContext, title: String, status: HTTPResponse.Status = .ok, _ body: (FormToken) throws -> HTML) rethrows
        -> Response
    {
        let token = FormToken(value: context.session.map(cookies.formToken) ?? "")
        return .html(Layout.page(title: title, principal: context.identity, token: token, body: try body(token)), status: status)
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
    static let css = """
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#18181b;background:#f4f4f5}
        header{background:#18181b;color:#fafafa;padding:.6rem 1.5rem;display:flex;align-items:center;gap:1rem}
        header a{color:#fafafa;text-decoration:none}header .brand{font-weight:700;font-size:1.1rem;letter-spacing:.02em}
        header .who{margin-left:auto;display:flex;gap:.8rem;align-items:center;font-size:.9rem}
        header form{margin:0}header button{background:none;border:1px solid #52525b;color:#fafafa;padding:.2rem .6rem;border-radius:4px;cursor:pointer}
        main{max-width:1120px;margin:0 auto;padding:1.2rem 1.5rem 3rem}
        h1{font-size:1.6rem;margin:.6rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
        section{background:#fff;border:1px solid #e4e4e7;border-radius:8px;padding:.4rem 1.2rem 1rem;margin:1rem 0}
        .muted{color:#71717a}.error{color:#b91c1c}.ok{color:#15803d}
        table{border-collapse:collapse;width:100%;font-size:.92rem;background:#fff}
        th,td{text-align:left;padding:.35rem .55rem;border-bottom:1px solid #e4e4e7;vertical-align:top}th{white-space:nowrap}
        th{background:#fafafa;font-weight:600;color:#3f3f46}
        td:first-child{font-variant-numeric:tabular-nums;width:3.5rem}
        tr.baseline td{font-style:italic;color:#52525b;background:#fefce8}tr.unranked td{color:#a1a1aa}
        tr.tier-odd td{background:#eff6ff}tr.tier-start td{border-top:2px solid #93c5fd}p.tiers{font-size:.85rem;color:#52525b}
        .table-wrap{overflow-x:auto}.table-wrap td{white-space:nowrap}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}
        .card{display:block;background:#fff;border:1px solid #e4e4e7;border-radius:8px;padding:.8rem 1.1rem;color:inherit;text-decoration:none}
        .card:hover{border-color:#2563eb}.card h2{margin:.2rem 0 .3rem;font-size:1.1rem;color:#1d4ed8}.card p{margin:.2rem 0}
        .button,button{display:inline-block;background:#2563eb;color:#fff;border:0;border-radius:6px;padding:.45rem .9rem;text-decoration:none;font:inherit;cursor:pointer}
        .button.secondary{background:#e4e4e7;color:#18181b}
        .actions{margin:.8rem 0}
        form.stack{display:grid;gap:.7rem;max-width:520px}form.stack label{display:grid;gap:.2rem;font-weight:600}
        input[type=password],input[type=text],input[type=file]{font:inherit;padding:.35rem;border:1px solid #d4d4d8;border-radius:5px;background:#fff}
        svg.chart{width:100%;height:auto;max-width:860px;display:block}
        .readme{line-height:1.6}.readme h1{font-size:1.3rem}.readme code{background:#f4f4f5;padding:.05rem .3rem;border-radius:3px}
        ul.problems{padding-left:1.2rem}ul.problems code{background:#fef2f2}
        """

    static func page(title: String, principal: Principal?, token: FormToken, body: HTML) -> HTML {
        var who: HTML
        switch principal {
        case nil: who = "<a href=\"/signin\">Sign in</a>"
        case .team(let c, let t)?: who = "<a href=\"/challenges/\(c)/team\">team \(t) · \(c)</a>"
        case .instructor?: who = "<a href=\"/instructor\">instructor</a>"
        }
        if principal != nil {
            who += "<form method=\"post\" action=\"/signout\">\(token.field)<button type=\"submit\">Sign out</button></form>"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Podium</title><style>\(HTML(trusted: css))</style></head>
            <body><header><a class="brand" href="/">Podium</a><a href="/">Challenges</a><span class="who">\(who)</span></header>
            <main>\(body)</main></body></html>
            """
    }

    static func board(_ board: Leaderboard, zone: TimeZone) throws -> HTML {
        if board.rows.isEmpty { return "<p class=\"muted\">No team yet.</p>" }
        // `render(.html)` escapes every cell.
        return Charts.forest(board) + "<div class=\"table-wrap\">\(HTML(trusted: try board.render(.html, zone: zone)))</div>"
    }

    static func table(_ columns: [String], _ rows: [[String]]) -> HTML {
        // `Formats.htmlTable` escapes every cell.
        HTML(trusted: Formats.htmlTable(columns, rows))
    }

    static func submitForm(slug: String, token: FormToken, signedInTeam: String?, columns: [String]) -> HTML {
        var html: HTML =
            "<form method=\"post\" action=\"\(token.action("/challenges/\(slug)/submit"))\" enctype=\"multipart/form-data\" class=\"stack\">"
        if let signedInTeam {
            html += "<p class=\"muted\">Submitting as team <strong>\(signedInTeam)</strong>.</p>"
        } else {
            html += "<label>Team token <input type=\"password\" name=\"token\" autocomplete=\"off\" required></label>"
        }
        html += "<label>Predictions (.csv, .csv.gz or .zip) <input type=\"file\" name=\"file\" accept=\".csv,.gz,.zip\" required></label>"
        html += "<p class=\"muted\">Header <code>\(columns.joined(separator: ","))</code>, one row per id of test.csv.</p>"
        return html + "<button type=\"submit\">Submit</button></form>"
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

    /// What is left of a team's limits, and when the daily count starts again.
    static func limits(leftToday: Int?, leftTotal: Int?, refusedLeft: Int, resetsAt: Date, zone: TimeZone) -> HTML {
        var parts: [HTML] = []
        if let leftToday {
            parts.append(
                "<strong>\(leftToday)</strong> submission\(leftToday == 1 ? "" : "s") left today; the count resets at \(Formats.date(resetsAt, zone: zone)) (\(zone.identifier))"
            )
        } else {
            parts.append("No daily limit")
        }
        if let leftTotal { parts.append("\(leftTotal) left in all") }
        parts.append("refused files do not count, up to \(Store.maxRefusedPerDay) a day (\(refusedLeft) left today)")
        return "<p>\(parts.joined(separator: "; ") as HTML).</p>"
    }

    static func history(_ history: [SubmissionView], zone: TimeZone, selectable: Bool, slug: String, token: FormToken) -> HTML {
        if history.isEmpty { return "<p class=\"muted\">No submission yet.</p>" }
        let showPrivate = history.contains { $0.privateScore != nil }
        var html: HTML = selectable ? "<form method=\"post\" action=\"/challenges/\(slug)/team/select\">\(token.field)" : .empty
        html +=
            "<div class=\"table-wrap\"><table><thead><tr>\(selectable ? "<th>final</th>" : "" as HTML)<th>#</th>\(selectable ? "" : "<th>team</th>" as HTML)"
        html +=
            "<th>time</th><th>file</th><th>status</th><th>public</th>\(showPrivate ? "<th>private</th>" : "" as HTML)<th>problems</th></tr></thead><tbody>"
        for s in history {
            html += "<tr>"
            if selectable {
                html +=
                    s.status == .accepted
                    ? "<td><input type=\"checkbox\" name=\"ids[]\" value=\"\(s.id)\"\(s.selected ? " checked" : "" as HTML) aria-label=\"select #\(s.id)\"></td>"
                    : "<td></td>"
            }
            html += "<td>\(s.id)</td>\(selectable ? "" : "<td>\(s.team)</td>" as HTML)"
            html += "<td>\(Formats.date(s.createdAt, zone: zone))</td><td>\(s.fileName)</td><td>\(s.status.rawValue)\(s.selected ? " ★" : "")</td>"
            let publicCell = s.publicScore == nil && s.ladder != nil ? s.ladder!.cell : Formats.score(s.publicScore)
            html += "<td>\(publicCell)</td>\(showPrivate ? "<td>\(Formats.score(s.privateScore))</td>" : "" as HTML)"
            let problems =
                s.problems.map { "\($0.total) problem\($0.total == 1 ? "" : "s"): " + $0.groups.map(\.kind.title).joined(separator: ", ") } ?? s
                .scoringError ?? ""
            html += "<td>\(problems)</td></tr>"
        }
        html += "</tbody></table></div>"
        if selectable { html += "<p><button type=\"submit\">Save the final selection</button></p></form>" }
        return html
    }
}

extension Array where Element == HTML {
    func joined(separator: String) -> HTML {
        HTML(trusted: map(\.text).joined(separator: Formats.escapeHTML(separator)))
    }
}
