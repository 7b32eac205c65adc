import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The public pages: the challenge list, a challenge, its starting kit, and the submit form.
struct ChallengePages: Sendable {
    let store: Store
    let pages: PageRenderer
    let maxUploadBytes: Int
    let gate: ScoringGate

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let list = try await offload { [store] in try store.challenges() }
        return pages.render(context, title: "Challenges") { _ in
            var html: HTML = "<h1>Challenges</h1>"
            if list.isEmpty { html += "<p class=\"muted\">No challenge is published yet (podium publish BUNDLE).</p>" }
            let cards = list.map { c -> HTML in
                let m = c.manifest
                return """
                    <a class="card" href="/challenges/\(m.slug)"><h2>\(m.title)</h2>
                    <p class="muted">\(m.slug) v\(m.version) · \(m.task.rawValue) · \(m.metric.rawValue) (\(m.metric.higherIsBetter ? "higher" : "lower") is better)</p>
                    <p>\(Formats.count(c.teams, "team")) · \(Formats.count(c.submissions, "submission"))\(c.revealed ? " · <strong>private board revealed</strong>" : "" as HTML)</p></a>
                    """
            }
            return html + "<div class=\"cards\">\(cards)</div>"
        }
    }

    @Sendable func challenge(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, board, privateBoard, history) = try await offload { [store] in
            let summary = try store.challenge(slug)
            let board = try store.leaderboard(slug, board: .public, viewer: .participant(team: nil))
            let privateBoard = summary.revealed ? try store.leaderboard(slug, board: .private, viewer: .participant(team: nil)) : nil
            return (summary, board, privateBoard, try store.submissions(slug, viewer: .participant(team: nil)))
        }
        let m = summary.manifest
        let team = context.identity?.team(of: slug)
        let baseline = board.rows.first(where: \.isBaseline)?.score
        return try pages.render(context, title: m.title) { token in
            var html: HTML = "<h1>\(m.title)</h1>"
            html +=
                "<p class=\"muted\">\(m.slug) v\(m.version) · \(m.task.rawValue), \(m.submission.rawValue) submissions · \(m.metric.rawValue), \(m.metric.higherIsBetter ? "higher" : "lower") is better · \(m.phaseSummary(at: Date()))</p>"
            html += "<nav class=\"actions\"><a class=\"button\" href=\"/challenges/\(slug)/starting-kit\">Download the starting kit</a>"
            if let team { html += " <a class=\"button secondary\" href=\"/challenges/\(slug)/team\">Team \(team): history and selection</a>" }
            html += "</nav>"
            html += "<section><h2>Public leaderboard</h2>\(try Layout.board(board, zone: m.timeZone))</section>"
            if let privateBoard {
                html += "<section><h2>Private leaderboard (revealed)</h2>\(try Layout.board(privateBoard, zone: m.timeZone))</section>"
            } else if let at = m.revealsAt {
                html +=
                    "<p class=\"muted\">The private board opens by itself at \(Formats.date(at, zone: m.timeZone)) (\(m.timezone)), when the last phase closes.</p>"
            }
            html +=
                "<section><h2>Best public score over time</h2>\(Charts.scoreHistory(Charts.points(history), metric: m.metric, baseline: baseline, zone: m.timeZone))</section>"
            html +=
                "<section><h2>Submit predictions</h2>\(Layout.submitForm(slug: slug, token: token, signedInTeam: team, columns: [m.id] + m.submissionColumns))</section>"
            html += "<section class=\"readme\"><h2>About this challenge</h2>\(Readme.html(summary.readme))</section>"
            return html
        }
    }

    @Sendable func startingKit(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let kit = try await offload { [store] in try store.startingKit(slug) }
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
        let receipt = try await store.submit(challenge: slug, team: reference, file: upload.file, source: "web", gate: gate)
        let zone = TimeZone(identifier: receipt.timeZone) ?? .current
        return pages.render(context, title: "Submission #\(receipt.id)", status: receipt.problems == nil ? .created : .unprocessableContent) { _ in
            var html: HTML = "<h1>Submission #\(receipt.id) of team \(receipt.team)</h1>"
            if let problems = receipt.problems {
                html += "<p class=\"error\">The file was refused; it does not count toward your limits. Every problem found:</p>"
                html += Layout.problems(problems)
            } else if let ladder = receipt.ladder {
                html += "<p class=\"ok\">Accepted: it \(ladder.sentence(receipt.metric)).</p>"
            } else {
                html +=
                    "<p class=\"ok\">Accepted: <strong>\(receipt.metric.rawValue) \(Formats.score(receipt.publicScore))</strong> on the public board (best so far \(Formats.score(receipt.bestPublicScore))).</p>"
            }
            html += Layout.limits(
                leftToday: receipt.leftToday, leftTotal: receipt.leftTotal, refusedLeft: receipt.refusedLeftToday, resetsAt: receipt.resetsAt,
                zone: zone)
            html += "<p><a href=\"/challenges/\(slug)\">Back to the challenge</a></p>"
            return html
        }
    }
}
