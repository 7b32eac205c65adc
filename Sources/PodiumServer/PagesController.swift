import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// Server-rendered pages: work without JavaScript, load nothing from elsewhere.
struct PagesController: Sendable {
    let store: Store
    let auth: Auth
    let maxUploadBytes: Int

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/", use: home)
        router.get("challenges/:slug", use: challenge)
        router.get("challenges/:slug/starting-kit", use: startingKit)
        router.post("challenges/:slug/submit", use: submitForm)
        router.get("challenges/:slug/team", use: teamPage)
        router.post("challenges/:slug/team/select", use: selectForm)
        router.get("signin", use: signInPage)
        router.post("signin", use: signIn)
        router.post("signout", use: signOut)
        router.get("instructor", use: instructorHome)
        router.get("instructor/:slug", use: instructorChallenge)
        router.get("instructor/:slug/grades.csv", use: instructorGradesCSV)
        router.post("instructor/:slug/reveal", use: reveal)
    }

    /// A page with the CSRF cookie set when it is new.
    func page(_ request: Request, title: String, status: HTTPResponse.Status = .ok, _ body: (String) throws -> String) rethrows -> Response {
        let (csrf, cookie) = auth.csrf(request)
        let principal = auth.principal(fromCookie: request)
        var response = Response.html(Layout.page(title: title, principal: principal, csrf: csrf, body: try body(csrf)), status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func errorPage(_ request: Request, _ error: any Error) -> Response {
        let failure = apiFailure(error)
        return page(request, title: "Error", status: failure.status) { _ in
            "<h1>\(failure.status.code) \(esc(failure.status.reasonPhrase))</h1><p class=\"error\">\(esc(failure.message))</p><p><a href=\"/\">Back to the challenges</a></p>"
        }
    }

    func guarded(_ request: Request, _ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch { return errorPage(request, error) }
    }

    // MARK: Public pages

    @Sendable func home(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let store = self.store
            let list = try await offload { try store.challenges() }
            return page(request, title: "Challenges") { _ in
                var html = "<h1>Challenges</h1>"
                if list.isEmpty { html += "<p class=\"muted\">No challenge is published yet (podium publish BUNDLE).</p>" }
                html += "<div class=\"cards\">"
                for c in list {
                    let m = c.manifest
                    let metric = Metric(rawValue: m.metric)
                    html += """
                        <a class="card" href="/challenges/\(esc(m.slug))"><h2>\(esc(m.title))</h2>
                        <p class="muted">\(esc(m.slug)) v\(m.version) · \(m.task.rawValue) · \(esc(m.metric)) (\(metric?.higherIsBetter == false ? "lower" : "higher") is better)</p>
                        <p>\(c.teams) teams · \(c.submissions) submissions\(c.revealed ? " · <strong>private board revealed</strong>" : "")</p></a>
                        """
                }
                return html + "</div>"
            }
        }
    }

    @Sendable func challenge(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let slug = try context.parameters.require("slug")
            let store = self.store
            let (summary, board, privateBoard, history) = try await offload {
                let summary = try store.challenge(slug)
                let board = try store.leaderboard(slug, board: .public, viewer: .participant(team: nil))
                let privateBoard = summary.revealed ? try store.leaderboard(slug, board: .private, viewer: .participant(team: nil)) : nil
                return (summary, board, privateBoard, try store.submissions(slug, viewer: .participant(team: nil)))
            }
            let principal = auth.principal(fromCookie: request)
            let m = summary.manifest
            let metric = Metric(rawValue: m.metric)!
            let baseline = board.rows.first(where: \.isBaseline)?.score
            return try page(request, title: m.title) { csrf in
                var html = "<h1>\(esc(m.title))</h1>"
                html +=
                    "<p class=\"muted\">\(esc(m.slug)) v\(m.version) · \(m.task.rawValue), \(m.submission.rawValue) submissions · \(esc(m.metric)), \(metric.higherIsBetter ? "higher" : "lower") is better · \(esc(Layout.phaseText(m)))</p>"
                html += "<nav class=\"actions\"><a class=\"button\" href=\"/challenges/\(esc(slug))/starting-kit\">Download the starting kit</a>"
                if case .team(let c, let team) = principal, c == slug {
                    html += " <a class=\"button secondary\" href=\"/challenges/\(esc(slug))/team\">Team \(esc(team)): history and selection</a>"
                }
                html += "</nav>"
                html += "<section><h2>Public leaderboard</h2>" + (try Layout.board(board, zone: m.timeZone)) + "</section>"
                if let privateBoard {
                    html += "<section><h2>Private leaderboard (revealed)</h2>" + (try Layout.board(privateBoard, zone: m.timeZone)) + "</section>"
                }
                html +=
                    "<section><h2>Best public score over time</h2>"
                    + Charts.scoreHistory(history, metric: metric, baseline: baseline, zone: m.timeZone) + "</section>"
                html +=
                    "<section><h2>Submit predictions</h2>"
                    + Layout.submitForm(
                        slug: slug, csrf: csrf,
                        signedInTeam: { if case .team(let c, let t) = principal, c == slug { return t } else { return nil } }(),
                        columns: [m.id] + m.submissionColumns) + "</section>"
                html += "<section class=\"readme\"><h2>About this challenge</h2>" + Readme.html(summary.readme) + "</section>"
                return html
            }
        }
    }

    @Sendable func startingKit(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let slug = try context.parameters.require("slug")
            let store = self.store
            let kit = try await offload { try store.startingKit(slug) }
            return Response(
                status: .ok,
                headers: [.contentType: "application/zip", .contentDisposition: "attachment; filename=\"\(kit.name)\""],
                body: .init(byteBuffer: ByteBuffer(bytes: kit.data)))
        }
    }

    @Sendable func submitForm(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let slug = try context.parameters.require("slug")
            let upload = try await Upload.read(request, limit: maxUploadBytes)
            guard auth.checkCSRF(request, field: upload.fields["csrf"]) else {
                throw APIFailure(status: .forbidden, message: "the form has expired; reload the page and submit again")
            }
            let store = self.store
            let reference: TeamReference
            if let token = upload.fields["token"], !token.trimmingCharacters(in: .whitespaces).isEmpty {
                reference = .token(token.trimmingCharacters(in: .whitespacesAndNewlines))
            } else if case .team(let c, let team) = auth.principal(fromCookie: request), c == slug {
                reference = .name(team)
            } else {
                throw APIFailure(status: .unauthorized, message: "enter your team's token to submit")
            }
            let receipt = try await offload { try store.submit(challenge: slug, team: reference, file: upload.file, source: "web") }
            let zone = TimeZone(identifier: receipt.timeZone) ?? .current
            return page(request, title: "Submission #\(receipt.id)", status: receipt.problems == nil ? .created : .unprocessableContent) { _ in
                var html = "<h1>Submission #\(receipt.id) of team \(esc(receipt.team))</h1>"
                if let problems = receipt.problems {
                    html +=
                        "<p class=\"error\">The file was refused; it does not count toward your limits. Every problem found:</p>"
                        + Layout.problems(problems)
                } else {
                    html +=
                        "<p class=\"ok\">Accepted: <strong>\(esc(receipt.metric)) \(Formats.score(receipt.publicScore))</strong> on the public board (best so far \(Formats.score(receipt.bestPublicScore))).</p>"
                }
                html +=
                    "<p>\(receipt.leftToday.map { "\($0) submissions left today" } ?? "No daily limit"); the count resets at \(esc(Formats.date(receipt.resetsAt, zone: zone))) (\(esc(zone.identifier)))\(receipt.leftTotal.map { "; \($0) left in all" } ?? "").</p>"
                html += "<p><a href=\"/challenges/\(esc(slug))\">Back to the challenge</a></p>"
                return html
            }
        }
    }

    // MARK: Sign-in

    struct SignInForm: Decodable {
        var token: String
        var csrf: String?
    }

    @Sendable func signInPage(_ request: Request, context: BasicRequestContext) async throws -> Response {
        page(request, title: "Sign in") { csrf in
            """
            <h1>Sign in</h1>
            <p>Binômes sign in with their team's token, instructors with the instructor token.</p>
            <form method="post" action="/signin" class="stack">
            <input type="hidden" name="csrf" value="\(esc(csrf))">
            <label>Token <input type="password" name="token" autocomplete="off" required></label>
            <button type="submit">Sign in</button>
            </form>
            """
        }
    }

    @Sendable func signIn(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
            guard auth.checkCSRF(request, field: form.csrf) else {
                throw APIFailure(status: .forbidden, message: "the form has expired; reload the page")
            }
            let auth = self.auth
            let principal = try await offload { try auth.principal(forToken: form.token) }
            var response: Response
            switch principal {
            case .anonymous:
                return page(request, title: "Sign in", status: .unauthorized) { csrf in
                    "<h1>Sign in</h1><p class=\"error\">This token is unknown.</p><p><a href=\"/signin\">Try again</a></p>"
                }
            case .instructor: response = .redirect("/instructor")
            case .team(let challenge, _): response = .redirect("/challenges/\(challenge)/team")
            }
            response.setCookie(try auth.sessionCookie(for: principal))
            return response
        }
    }

    struct CSRFForm: Decodable { var csrf: String? }

    @Sendable func signOut(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
            guard auth.checkCSRF(request, field: form.csrf) else {
                throw APIFailure(status: .forbidden, message: "the form has expired; reload the page")
            }
            var response = Response.redirect("/")
            response.setCookie(Auth.expiredSession)
            return response
        }
    }

    // MARK: Team

    @Sendable func teamPage(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let slug = try context.parameters.require("slug")
            guard case .team(let c, let team) = auth.principal(fromCookie: request), c == slug else { return .redirect("/signin") }
            let store = self.store
            let (manifest, history, receipt) = try await offload {
                let manifest = try store.manifest(slug)
                let history = try store.submissions(slug, team: team, viewer: .participant(team: team))
                return (manifest, history, try store.status(slug, team: team))
            }
            return page(request, title: "Team \(team)") { csrf in
                var html = "<h1>Team \(esc(team)) — \(esc(manifest.title))</h1>"
                html +=
                    "<p>\(receipt.leftToday.map { "<strong>\($0)</strong> submissions left today" } ?? "No daily limit")\(receipt.leftTotal.map { ", \($0) left in all" } ?? ""); the count resets at \(esc(Formats.date(receipt.resetsAt, zone: manifest.timeZone))) (\(esc(manifest.timezone))). Best public \(esc(manifest.metric)): \(Formats.score(receipt.bestPublicScore)).</p>"
                html +=
                    "<section><h2>Submit</h2>"
                    + Layout.submitForm(slug: slug, csrf: csrf, signedInTeam: team, columns: [manifest.id] + manifest.submissionColumns)
                    + "</section>"
                let limit = manifest.phases.map(\.finalSelection).max() ?? 2
                html +=
                    "<section><h2>History and final selection</h2><p class=\"muted\">Tick up to \(limit) accepted submissions for the private board; with none ticked, your best public ones count.</p>"
                html += Layout.history(history, zone: manifest.timeZone, selectable: true, slug: slug, csrf: csrf) + "</section>"
                return html
            }
        }
    }

    struct SelectForm: Decodable {
        var csrf: String?
        var ids: [Int64]?
    }

    @Sendable func selectForm(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            let slug = try context.parameters.require("slug")
            guard case .team(let c, let team) = auth.principal(fromCookie: request), c == slug else { throw APIFailure.unauthorized }
            let form = try await URLEncodedFormDecoder().decode(SelectForm.self, from: request, context: context)
            guard auth.checkCSRF(request, field: form.csrf) else {
                throw APIFailure(status: .forbidden, message: "the form has expired; reload the page")
            }
            let store = self.store
            _ = try await offload { try store.select(slug, team: team, ids: form.ids ?? []) }
            return .redirect("/challenges/\(slug)/team")
        }
    }

    // MARK: Instructor

    func requireInstructor(_ request: Request) -> Bool { auth.principal(fromCookie: request) == .instructor }

    @Sendable func instructorHome(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            guard requireInstructor(request) else { return .redirect("/signin") }
            let store = self.store
            let list = try await offload { try store.challenges() }
            return page(request, title: "Instructor") { _ in
                var html =
                    "<h1>Instructor</h1><table><thead><tr><th>challenge</th><th>version</th><th>teams</th><th>submissions</th><th>private board</th></tr></thead><tbody>"
                for c in list {
                    html +=
                        "<tr><td><a href=\"/instructor/\(esc(c.manifest.slug))\">\(esc(c.manifest.title))</a></td><td>v\(c.manifest.version)</td><td>\(c.teams)</td><td>\(c.submissions)</td><td>\(c.revealed ? "revealed" : "hidden from participants")</td></tr>"
                }
                return html + "</tbody></table>"
            }
        }
    }

    @Sendable func instructorChallenge(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            guard requireInstructor(request) else { return .redirect("/signin") }
            let slug = try context.parameters.require("slug")
            let store = self.store
            let (summary, board, grades, history) = try await offload {
                (try store.challenge(slug), try store.leaderboard(slug, board: .private), try store.grades(slug), try store.submissions(slug))
            }
            let m = summary.manifest
            return try page(request, title: "\(m.title) — instructor") { csrf in
                var html = "<h1>\(esc(m.title)) <span class=\"muted\">instructor view</span></h1>"
                if summary.revealed {
                    html += "<p class=\"ok\">The private board is visible to participants.</p>"
                } else {
                    html +=
                        "<form method=\"post\" action=\"/instructor/\(esc(slug))/reveal\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\"><button type=\"submit\">Reveal the private board to participants</button></form>"
                }
                html += "<section><h2>Private leaderboard</h2>" + (try Layout.board(board, zone: m.timeZone)) + "</section>"
                html +=
                    "<section><h2>Grades</h2><p><a class=\"button\" href=\"/instructor/\(esc(slug))/grades.csv\">Export CSV</a> <span class=\"muted\">\(grades.policy.rawValue) policy on \(Int(grades.scale)), from the private board</span></p>"
                html += Charts.gradeHistogram(grades.rows.map(\.challengeGrade), scale: grades.scale)
                html += Formats.htmlTable(
                    ["student", "name", "team", "score", "rank", "grade", "notes"],
                    grades.rows.map {
                        [
                            $0.studentId, $0.name, $0.team, Formats.score($0.score), $0.rank.map(String.init) ?? "—",
                            String(format: "%.2f", $0.challengeGrade), $0.notes.joined(separator: "; "),
                        ]
                    })
                html +=
                    "</section><section><h2>All submissions</h2>"
                    + Layout.history(history, zone: m.timeZone, selectable: false, slug: slug, csrf: csrf) + "</section>"
                return html
            }
        }
    }

    @Sendable func instructorGradesCSV(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            guard requireInstructor(request) else { throw APIFailure.instructorOnly }
            let slug = try context.parameters.require("slug")
            let store = self.store
            let csv = try await offload { try store.grades(slug).csv() }
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(slug)-grades.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    @Sendable func reveal(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await guarded(request) {
            guard requireInstructor(request) else { throw APIFailure.instructorOnly }
            let slug = try context.parameters.require("slug")
            let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
            guard auth.checkCSRF(request, field: form.csrf) else {
                throw APIFailure(status: .forbidden, message: "the form has expired; reload the page")
            }
            let store = self.store
            _ = try await offload { try store.reveal(slug) }
            return .redirect("/instructor/\(slug)")
        }
    }
}

func esc(_ s: String) -> String { Formats.escapeHTML(s) }
