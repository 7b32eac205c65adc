import Foundation
import PodiumCore
import PodiumStore

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
        .table-wrap{overflow-x:auto}
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

    static func page(title: String, principal: Principal, csrf: String, body: String) -> String {
        var who: String
        switch principal {
        case .anonymous: who = "<a href=\"/signin\">Sign in</a>"
        case .team(let c, let t): who = "<a href=\"/challenges/\(esc(c))/team\">team \(esc(t)) · \(esc(c))</a>"
        case .instructor: who = "<a href=\"/instructor\">instructor</a>"
        }
        if principal != .anonymous {
            who +=
                "<form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\"><button type=\"submit\">Sign out</button></form>"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title)) · Podium</title><style>\(css)</style></head>
            <body><header><a class="brand" href="/">Podium</a><a href="/">Challenges</a><span class="who">\(who)</span></header>
            <main>\(body)</main></body></html>
            """
    }

    static func board(_ board: Leaderboard, zone: TimeZone) throws -> String {
        if board.rows.isEmpty { return "<p class=\"muted\">No team yet.</p>" }
        return "<div class=\"table-wrap\">" + (try board.render(.html, zone: zone)) + "</div>"
    }

    static func phaseText(_ m: ChallengeManifest) -> String {
        let now = Date()
        guard let phase = m.phase(at: now) else {
            if let next = m.phases.compactMap(\.opens).filter({ $0 > now }).min() { return "opens \(Formats.date(next, zone: m.timeZone))" }
            return "closed"
        }
        var parts = ["phase \(phase.name) open"]
        if let closes = phase.closes { parts.append("until \(Formats.date(closes, zone: m.timeZone))") }
        if let perDay = phase.maxPerDay { parts.append("\(perDay) a day") }
        if let total = phase.maxTotal { parts.append("\(total) in all") }
        return parts.joined(separator: ", ")
    }

    static func submitForm(slug: String, csrf: String, signedInTeam: String?, columns: [String]) -> String {
        var html = "<form method=\"post\" action=\"/challenges/\(esc(slug))/submit\" enctype=\"multipart/form-data\" class=\"stack\">"
        html += "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">"
        if let signedInTeam {
            html += "<p class=\"muted\">Submitting as team <strong>\(esc(signedInTeam))</strong>.</p>"
        } else {
            html += "<label>Team token <input type=\"password\" name=\"token\" autocomplete=\"off\" required></label>"
        }
        html += "<label>Predictions (.csv, .csv.gz or .zip) <input type=\"file\" name=\"file\" accept=\".csv,.gz,.zip\" required></label>"
        html += "<p class=\"muted\">Header <code>\(esc(columns.joined(separator: ",")))</code>, one row per id of test.csv.</p>"
        return html + "<button type=\"submit\">Submit</button></form>"
    }

    static func problems(_ refused: SubmissionRefused) -> String {
        var html = "<ul class=\"problems\">"
        for group in refused.groups {
            html += "<li><strong>\(esc(group.kind.title))</strong> (\(group.count))<ul>"
            for example in group.examples {
                html += "<li>\(example.line.map { "line \($0): " } ?? "")\(esc(example.message))</li>"
            }
            if group.count > group.examples.count { html += "<li class=\"muted\">… and \(group.count - group.examples.count) more</li>" }
            html += "</ul></li>"
        }
        return html + "</ul>"
    }

    static func history(_ history: [SubmissionView], zone: TimeZone, selectable: Bool, slug: String, csrf: String) -> String {
        if history.isEmpty { return "<p class=\"muted\">No submission yet.</p>" }
        let showPrivate = history.contains { $0.privateScore != nil }
        var html =
            selectable
            ? "<form method=\"post\" action=\"/challenges/\(esc(slug))/team/select\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">"
            : ""
        html +=
            "<div class=\"table-wrap\"><table><thead><tr>" + (selectable ? "<th>final</th>" : "") + "<th>#</th>" + (selectable ? "" : "<th>team</th>")
        html +=
            "<th>time</th><th>file</th><th>status</th><th>public</th>" + (showPrivate ? "<th>private</th>" : "")
            + "<th>problems</th></tr></thead><tbody>"
        for s in history {
            html += "<tr>"
            if selectable {
                html +=
                    s.status == "accepted"
                    ? "<td><input type=\"checkbox\" name=\"ids[]\" value=\"\(s.id)\"\(s.selected ? " checked" : "") aria-label=\"select #\(s.id)\"></td>"
                    : "<td></td>"
            }
            html += "<td>\(s.id)</td>" + (selectable ? "" : "<td>\(esc(s.team))</td>")
            html +=
                "<td>\(esc(Formats.date(s.createdAt, zone: zone)))</td><td>\(esc(s.fileName))</td><td>\(esc(s.status))\(s.selected ? " ★" : "")</td>"
            html += "<td>\(Formats.score(s.publicScore))</td>" + (showPrivate ? "<td>\(Formats.score(s.privateScore))</td>" : "")
            let problems =
                s.problems.map { "\($0.total) problem\($0.total == 1 ? "" : "s"): " + $0.groups.map(\.kind.title).joined(separator: ", ") } ?? s
                .scoringError ?? ""
            html += "<td>\(esc(problems))</td></tr>"
        }
        html += "</tbody></table></div>"
        if selectable { html += "<p><button type=\"submit\">Save the final selection</button></p></form>" }
        return html
    }
}
