import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The public pages: the challenge list, and a challenge's tabs as students know them from
/// Kaggle and Codabench: Overview (README), Data (each file, the starting kit, the submission
/// format), Leaderboard (boards and chart), Submit, and My team (`TeamPages`).
struct ChallengePages: Sendable {
    let store: Store
    let pages: PageRenderer
    let maxUploadBytes: Int
    let submitter: UploadSubmitter

    enum Tab: CaseIterable {
        case overview, data, leaderboard, submit, team

        func title(_ t: Language) -> String {
            switch self {
            case .overview: t("Overview", "Présentation")
            case .data: t("Data", "Données")
            case .leaderboard: t("Leaderboard", "Classement")
            case .submit: t("Submit", "Soumettre")
            case .team: t("My team", "Mon équipe")
            }
        }

        func path(_ slug: String) -> String {
            switch self {
            case .overview: "/challenges/\(slug)"
            case .data: "/challenges/\(slug)/data"
            case .leaderboard: "/challenges/\(slug)/leaderboard"
            case .submit: "/challenges/\(slug)/submit"
            case .team: "/challenges/\(slug)/team"
            }
        }
    }

    @Sendable func home(_ request: Request, context: PodiumContext) async throws -> Response {
        let list = try await offload { [store] in try ChallengeService(store).challenges() }
        let t = context.language
        let now = store.clock()
        return pages.render(context, title: t("Challenges", "Challenges")) { _ in
            var html: HTML = "<h1>\(t("Challenges", "Challenges"))</h1>"
            if list.isEmpty {
                html +=
                    "<p class=\"muted\">\(t("No challenge is published yet (podium publish BUNDLE).", "Aucun challenge publié pour l'instant (podium publish BUNDLE)."))</p>"
            }
            let cards = list.map { c -> HTML in
                let m = c.manifest
                let state = Layout.state(m, at: now, language: t)
                return """
                    <a class="card" href="/challenges/\(m.slug)"><h2>\(m.title) \(state.badge)</h2>
                    <p>\(state.text)</p>
                    <p class="muted">\(m.task.rawValue) · \(m.metric.rawValue) (\(m.metric.higherIsBetter ? t("higher is better", "plus haut = meilleur") : t("lower is better", "plus bas = meilleur"))) · v\(m.version)</p>
                    <p>\(Self.count(c.teams, t("team", "équipe"), t("teams", "équipes"))) · \(Self.count(c.submissions, "submission", "submissions"))\(c.revealed ? " · <strong>\(t("private board revealed", "classement privé révélé"))</strong>" : "" as HTML)</p></a>
                    """
            }
            return html + "<div class=\"cards\">\(cards)</div>"
        }
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// A challenge's title, state and tabs, on each of its pages.
    static func header(_ summary: ChallengeSummary, tab: Tab, context: PodiumContext, now: Date) -> HTML {
        let t = context.language
        let m = summary.manifest
        let state = Layout.state(m, at: now, language: t)
        var html: HTML = "<h1>\(m.title) \(state.badge)</h1>"
        html += """
            <p class="muted">\(state.text) · \(m.metric.rawValue), \(m.metric.higherIsBetter ? t("higher is better", "plus haut = meilleur") : t("lower is better", "plus bas = meilleur")) \
            · \(count(summary.teams, t("team", "équipe"), t("teams", "équipes"))) · \(count(summary.submissions, "submission", "submissions"))</p>
            """
        if case .instructor? = context.identity {
            let preview = t(
                "Instructor preview: this is what participants see (no private score before the reveal).",
                "Aperçu enseignant : ce que voient les participants (aucun score privé avant la révélation).")
            html +=
                "<p class=\"banner\">\(preview) <a href=\"/instructor/\(m.slug)\">\(t("Back to the instructor page", "Retour à la page enseignant"))</a></p>"
        }
        let links = Tab.allCases.map { item -> HTML in
            "<a href=\"\(item.path(m.slug))\"\(item == tab ? " aria-current=\"page\"" : "" as HTML)>\(item.title(t))</a>"
        }
        return html + "<nav class=\"tabs\" aria-label=\"\(m.title)\">\(links.joined(separator: ""))</nav>"
    }

    /// Overview: the README, and beside it the state, the standings and a submit form.
    @Sendable func challenge(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, board) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: nil)))
        }
        let t = context.language
        let m = summary.manifest
        let team = context.identity?.team(of: slug)
        return pages.render(context, title: m.title) { token in
            var html = Self.header(summary, tab: .overview, context: context, now: store.clock())
            // The README's own title repeats the page's: it is left out here.
            html += "<div class=\"columns\"><section class=\"readme\">\(Readme.html(Readme.withoutTitle(summary.readme)))</section><aside>"
            html += "<section><h2>\(t("Public leaderboard", "Classement public"))</h2>"
            if board.rows.isEmpty {
                html += "<p class=\"muted\">\(t("No team yet.", "Aucune équipe pour l'instant."))</p>"
            } else {
                let baseline = t("baseline", "référence")
                let rows = board.rows.map { r -> [String] in
                    let name = r.isBaseline && r.team != baseline ? "\(r.team) (\(baseline))" : r.team
                    return [r.isBaseline ? "—" : r.rank.map(String.init) ?? "", name, Formats.score(r.score)]
                }
                html += Layout.table([t("rank", "rang"), t("team", "équipe"), m.metric.rawValue], rows)
            }
            html +=
                "<p><a href=\"\(Tab.leaderboard.path(slug))\">\(t("Full leaderboard, intervals and chart", "Classement complet, intervalles et graphique"))</a></p></section>"
            html += "<section><h2>\(t("Submit predictions", "Soumettre des prédictions"))</h2>"
            html += Layout.submitForm(slug: slug, token: token, signedInTeam: team, columns: [m.id] + m.submissionColumns, language: t)
            html += "</section></aside></div>"
            return html
        }
    }

    /// Data: each public file with its size and a link, the starting kit, and what a
    /// submission looks like.
    @Sendable func data(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, kit) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try ChallengeService(store).startingKit(slug))
        }
        let files = try StartingKit.files(kit.data)
        let sample = try StartingKit.head(kit.data, path: "sample_submission.csv", lines: 4)
        let t = context.language
        let m = summary.manifest
        return pages.render(context, title: "\(m.title) — \(t("Data", "Données"))") { _ in
            var html = Self.header(summary, tab: .data, context: context, now: store.clock())
            html += "<section><h2>\(t("Files", "Fichiers"))</h2>"
            let rows: [HTML] = files.filter { $0.path != "README.md" }.map { f in
                let rows = f.rows.map { "\($0) \(t("rows", "lignes"))" } ?? ""
                let href = "/challenges/\(slug)/download?file=\(f.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? f.path)"
                return
                    "<tr><td><a href=\"\(href)\" download><code>\(f.path)</code></a></td><td class=\"nowrap\">\(Formats.bytes(f.bytes))</td><td class=\"nowrap\">\(rows)</td><td>\(Self.describe(f.path, m, t))</td></tr>"
            }
            html +=
                "<div class=\"table-wrap\"><table><thead><tr><th>\(t("file", "fichier"))</th><th>\(t("size", "taille"))</th><th>\(t("rows", "lignes"))</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>"
            html += """
                <p class="actions"><a class="button" href="/challenges/\(slug)/starting-kit">\(t("Download the starting kit", "Télécharger le kit de démarrage"))</a> \
                <span class="muted">\(kit.name), \(Formats.bytes(kit.data.count)): \(t("all the files above and the README, in one zip", "tous les fichiers ci-dessus et le README, en un zip"))</span></p></section>
                """
            html += "<section><h2>\(t("Submission format", "Format des soumissions"))</h2>"
            let header = ([m.id] + m.submissionColumns).joined(separator: ",")
            html += """
                <p>\(t("A CSV file with the header", "Un fichier CSV dont l'en-tête est")) <code>\(header)</code>, \
                \(t("one row per id of test.csv, in any order", "une ligne par id de test.csv, dans n'importe quel ordre")); \
                \(t("comma-separated, with a point as the decimal mark; .csv, .csv.gz or a .zip holding one .csv.", "séparé par des virgules, avec un point décimal ; .csv, .csv.gz ou un .zip contenant un seul .csv."))</p>
                """
            if let sample {
                html += "<p>\(t("The first lines of sample_submission.csv:", "Les premières lignes de sample_submission.csv :"))</p>"
                html += "<pre class=\"sample\">\(sample)</pre>"
            }
            html += "<p class=\"muted\">\(m.phaseSummary(at: store.clock()))</p></section>"
            return html
        }
    }

    static func describe(_ path: String, _ m: ChallengeManifest, _ t: Language) -> String {
        switch path {
        case "data/train.csv": t("training rows, with the target column \(m.target)", "lignes d'entraînement, avec la colonne cible \(m.target)")
        case "data/test.csv": t("the rows to predict (no target)", "les lignes à prédire (sans la cible)")
        case "sample_submission.csv": t("a valid submission to start from", "une soumission valide pour commencer")
        default: ""
        }
    }

    /// One file of the starting kit.
    @Sendable func download(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let path = request.uri.queryParameters.get("file") ?? ""
        // Only this file is inflated, not the whole kit.
        let data = try await offload { [store] in try StartingKit.contents(try ChallengeService(store).startingKit(slug).data, path: path) }
        guard let data else {
            throw APIFailure(status: .notFound, message: "no file \(Echo.quoted(path)) in the starting kit of \(Echo.quoted(slug))")
        }
        let type =
            path.hasSuffix(".csv") ? "text/csv; charset=utf-8" : path.hasSuffix(".md") ? "text/markdown; charset=utf-8" : "application/octet-stream"
        return .attachment(data, contentType: type, fileName: path.split(separator: "/").last.map(String.init) ?? path)
    }

    /// Leaderboard: the public board with its intervals and chart; the private one after the
    /// reveal.
    @Sendable func leaderboard(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let (summary, board, privateBoard, history) = try await offload { [store] in
            let summary = try ChallengeService(store).challenge(slug)
            let board = try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: nil))
            let privateBoard = summary.revealed ? try BoardService(store).leaderboard(slug, board: .private, viewer: .participant(team: nil)) : nil
            return (summary, board, privateBoard, try HistoryService(store).submissions(slug, viewer: .participant(team: nil)))
        }
        let t = context.language
        let m = summary.manifest
        let baseline = board.rows.first(where: \.isBaseline)?.score
        return try pages.render(context, title: "\(m.title) — \(t("Leaderboard", "Classement"))") { _ in
            var html = Self.header(summary, tab: .leaderboard, context: context, now: store.clock())
            if let privateBoard {
                html +=
                    "<section><h2>\(t("Private leaderboard (final)", "Classement privé (final)"))</h2>\(try Layout.board(privateBoard, zone: m.timeZone, language: t))</section>"
            }
            html +=
                "<section><h2>\(t("Public leaderboard", "Classement public"))</h2>\(try Layout.board(board, zone: m.timeZone, language: t))</section>"
            if privateBoard == nil {
                if let at = m.revealsAt {
                    html +=
                        "<p class=\"muted\">\(t("The private board opens by itself at", "Le classement privé s'ouvrira de lui-même le")) \(Layout.time(at, zone: m.timeZone)) (\(m.timezone)).</p>"
                } else {
                    html +=
                        "<p class=\"muted\">\(t("The private board, which decides the final ranking, is shown once the instructor reveals it.", "Le classement privé, qui décide du classement final, est affiché quand l'enseignant le révèle."))</p>"
                }
            }
            html +=
                "<section><h2>\(t("Best public score over time", "Meilleur score public au fil du temps"))</h2>\(Charts.scoreHistory(Charts.points(history), metric: m.metric, baseline: baseline, zone: m.timeZone, labels: Layout.chartLabels(t)))</section>"
            return html
        }
    }

    /// Submit: the form, with the format and the team's limits when signed in.
    @Sendable func submitPage(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let team = context.identity?.team(of: slug)
        let (summary, status) = try await offload { [store] in
            (try ChallengeService(store).challenge(slug), try team.map { try SubmissionService(store).status(slug, team: $0) })
        }
        let t = context.language
        let m = summary.manifest
        return pages.render(context, title: "\(m.title) — \(t("Submit", "Soumettre"))") { token in
            var html = Self.header(summary, tab: .submit, context: context, now: store.clock())
            html += "<section><h2>\(t("Submit predictions", "Soumettre des prédictions"))</h2>"
            if let status {
                html += Layout.limits(
                    leftToday: status.leftToday, leftTotal: status.leftTotal, refusedLeft: status.refusedLeftToday, resetsAt: status.resetsAt,
                    zone: m.timeZone, language: t)
            }
            html += Layout.submitForm(slug: slug, token: token, signedInTeam: team, columns: [m.id] + m.submissionColumns, language: t)
            html +=
                "<p class=\"muted\">\(t("Every problem of a refused file is listed at once; a refused file does not count toward the daily limit.", "Tous les problèmes d'un fichier refusé sont listés d'un coup ; un fichier refusé ne compte pas dans la limite quotidienne.")) <a href=\"\(Tab.data.path(slug))\">\(t("Submission format", "Format des soumissions"))</a></p></section>"
            return html
        }
    }

    @Sendable func startingKit(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let kit = try await offload { [store] in try ChallengeService(store).startingKit(slug) }
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
        let receipt = try await submitter.submit(challenge: slug, team: reference, upload: upload, source: .web)
        let zone = TimeZone(identifier: receipt.timeZone) ?? .current
        let t = context.language
        let title = "\(t("Submission", "Soumission")) #\(receipt.id)"
        return pages.render(context, title: title, status: receipt.problems == nil ? .created : .unprocessableContent) { _ in
            var html: HTML = "<h1>\(title) \(t("of team", "de l'équipe")) \(receipt.team)</h1>"
            if let problems = receipt.problems {
                html +=
                    "<p class=\"error\">\(t("The file was refused; it does not count toward your limits. Every problem found:", "Le fichier a été refusé ; il ne compte pas dans vos limites. Tous les problèmes trouvés :"))</p>"
                html += Layout.problems(problems)
            } else if let ladder = receipt.ladder {
                html += "<p class=\"ok\">\(t("Accepted", "Acceptée")): it \(ladder.sentence(receipt.metric)).</p>"
            } else {
                html +=
                    "<p class=\"ok\">\(t("Accepted", "Acceptée")): <strong>\(receipt.metric.rawValue) \(Formats.score(receipt.publicScore))</strong> \(t("on the public board (best so far", "sur le classement public (meilleur jusqu'ici")) \(Formats.score(receipt.bestPublicScore))).</p>"
            }
            if let message = receipt.message { html += "<p>\(t("Description", "Description")): \(message)</p>" }
            html += "<p class=\"muted\">\(Layout.time(receipt.createdAt, zone: zone))</p>"
            html += Layout.limits(
                leftToday: receipt.leftToday, leftTotal: receipt.leftTotal, refusedLeft: receipt.refusedLeftToday, resetsAt: receipt.resetsAt,
                zone: zone, language: t)
            html += """
                <p><a class="button secondary" href="\(Tab.team.path(slug))">\(t("My team: history and selection", "Mon équipe : historique et sélection"))</a> \
                <a class="button secondary" href="\(Tab.leaderboard.path(slug))">\(t("Leaderboard", "Classement"))</a></p>
                """
            return html
        }
    }
}
