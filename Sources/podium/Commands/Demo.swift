import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the course end to end on the shipped examples, in a temporary store.")

        @Option(help: "The folder holding challenges/ and submissions/ (default: found from here).") var root: String?

        func run() throws {
            let base = try DemoRoot.locate(root)
            let challengesDir = base.appending(path: "challenges")
            let submissionsDir = base.appending(path: "submissions")
            // Kept after the demo so that `podium serve --data` can show it.
            let work = FileManager.default.temporaryDirectory.appending(path: "podium-demo-\(UUID().uuidString.prefix(8))")
            let slugs = try FileManager.default.contentsOfDirectory(atPath: challengesDir.path).sorted()
                .filter { FileManager.default.fileExists(atPath: challengesDir.appending(path: "\($0)/challenge.yaml").path) }

            section("Podium demo: one term of the course on \(slugs.count) example challenges")
            print("Everything happens in a temporary store: \(work.path)")

            section("1. Authors check and pack their challenges (podium check, podium pack)")
            var bundles: [URL] = []
            for slug in slugs {
                let challenge = try Challenge.open(challengesDir.appending(path: slug))
                let report = ChallengeCheck.run(challenge)
                print(CheckFormatter.text(report))
                guard report.ok else { throw CheckFailed(report: report) }
                let packed = try PodiumBundle.pack(challenge, to: work.appending(path: "bundles"))
                print("  packed     \(packed.bundle.lastPathComponent) and \(packed.startingKit.lastPathComponent)")
                bundles.append(packed.bundle)
            }

            // The term is replayed over the last two weeks: the store's clock is set to each
            // file's turn, so that boards and charts show a term, not one second.
            let clock = DemoClock(Date().addingTimeInterval(-14 * 86400))
            let store = try Store.open(folder: work.appending(path: "store"), clock: { clock.now })
            section("2. The instructor publishes them and imports the roster (podium publish, podium roster import)")
            for bundle in bundles {
                let published = try PublishingService(store).publish(bundle: bundle)
                let roster = try RosterService(store).importRoster(submissionsDir.appending(path: "roster.csv"), challenge: published.slug)
                let flagged = roster.flagged.map { "\($0.team) has \($0.size)" }.joined(separator: ", ")
                print(
                    "  \(published.slug.padding(toLength: 14, withPad: " ", startingAt: 0)) v\(published.version) published; \(roster.newTeams.count) binômes created, tokens issued (not shown here)"
                        + (flagged.isEmpty ? "" : "; flagged: \(flagged)"))
            }
            // The binôme that prepared breast-cancer is on its roster too, as its authors: a TER
            // of its own (the preparation), marked on its report, never on the board.
            let authors = try RosterService(store).importRoster(
                submissionsDir.appending(path: "breast-cancer-authors.csv"), challenge: "breast-cancer")
            print("  breast-cancer's authors (\(authors.authors.joined(separator: ", "))) are on its roster as team authors, role author")

            section("3. Binômes submit; the store archives, checks and scores every file (podium ingest)")
            var skipped: Set<String> = []
            for slug in slugs where FileManager.default.fileExists(atPath: submissionsDir.appending(path: slug).path) {
                print("\(slug):")
                if try ChallengeService(store).manifest(slug).code != nil {
                    if !(try runCode(slug, submissions: submissionsDir.appending(path: slug), store: store, clock: clock)) { skipped.insert(slug) }
                    continue
                }
                let inbox = work.appending(path: "inbox/\(slug)")
                var results: [IngestResult] = []
                for (date, team, file) in try DemoClock.schedule(submissionsDir.appending(path: slug), start: clock.now) {
                    let target = inbox.appending(path: "\(team)/\(file.lastPathComponent)")
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try FileManager.default.copyItem(at: file, to: target)
                    clock.now = date
                    results += try SubmissionService(store).ingest(challenge: slug, folder: inbox).filter { $0.receipt?.duplicate != true }
                }
                print(Texts.ingest(results))
            }
            clock.now = Date()
            let refused = try HistoryService(store).submissions("breast-cancer").first { $0.status == .refused }
            if let problems = refused?.problems {
                print("\nA refused file is explained all at once, with lines, without revealing any answer:")
                print(problems.localizedDescription.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            }

            let shown = slugs.filter { !skipped.contains($0) }
            section("4. Public boards, as participants see them during the term (podium leaderboard)")
            for slug in shown {
                print(
                    try BoardService(store).leaderboard(slug, board: .public, viewer: .participant(team: nil)).render(
                        .table, zone: try ChallengeService(store).manifest(slug).timeZone) + "\n")
            }

            section("5. Final selection, then the reveal (podium select, podium reveal)")
            if let pick = try HistoryService(store).submissions("breast-cancer", team: "charlie").first(where: { $0.fileName.contains("gradient") }) {
                try BoardService(store).select("breast-cancer", team: "charlie", ids: [pick.id])
                print("  charlie selects #\(pick.id) (\(pick.fileName)) for breast-cancer; other teams' best public ones count")
            }
            for slug in shown { _ = try BoardService(store).reveal(slug) }
            print("  all private boards revealed")
            for slug in shown {
                print(
                    "\n"
                        + (try BoardService(store).leaderboard(slug, board: .private).render(
                            .table, zone: try ChallengeService(store).manifest(slug).timeZone)))
            }

            if shown.contains("diabetes") {
                print("\n" + Texts.tiers(try BoardService(store).leaderboard("diabetes", board: .private)))
            }

            section("6. Integrity: pairs of teams whose files are alike (podium integrity)")
            for slug in shown {
                let report = try IntegrityService(store).integrity(slug)
                let flagged = report.flagged.map { "\($0.teams.joined(separator: " and ")) (\($0.reasons.joined(separator: "; ")))" }
                print(
                    "  \(slug): "
                        + (flagged.isEmpty ? "none stands out among \(report.pairs.count) pairs" : "worth a look: " + flagged.joined(separator: ", "))
                )
            }
            print("  (in breast-cancer, echo handed in charlie's gradient boosting rounded to 3 decimals: the planted pair)")

            section("7. Reports handed in and marked by their supervisors (podium hand-in, podium supervisors add, the supervisor's page)")
            let supervision = SupervisionService(store)
            let lovelace = try supervision.add(
                name: "Ada Lovelace", email: "ada.lovelace@lab.example.fr", challenge: "breast-cancer", teams: ["alpha", "bravo"])
            _ = try supervision.add(
                name: "Alan Turing", email: "alan.turing@lab.example.fr", challenge: "breast-cancer", teams: ["charlie", "delta", "echo"])
            let hopper = try supervision.add(
                name: "Grace Hopper", email: "grace.hopper@lab.example.fr", challenge: "breast-cancer", teams: ["authors"])
            print(
                "  supervisors: Ada Lovelace (alpha, bravo), Alan Turing (charlie, delta, echo), Grace Hopper (the authors);"
                    + " each token shown once, stored hashed")
            for team in ["alpha", "bravo", "authors"] {
                let file = base.appending(path: "hand-ins/breast-cancer/\(team)/report.pdf")
                let r = try ReportHandInService(store).handIn(
                    "breast-cancer", team: .name(team), data: Data(contentsOf: file), fileName: "report.pdf")
                print(
                    "  \(team == "authors" ? "the authors hand in their preparation report" : "\(team) hands in its report") v\(r.version): \(r.pages) pages, \(r.late ? "late" : "on time")"
                        + (r.warning.map { " (warning: \($0))" } ?? ""))
            }
            let entered = try MarkSheet.load(name: "report", weight: 0.5, from: submissionsDir.appending(path: "report-marks.csv"), scale: 20)
            for team in ["alpha", "bravo"] {
                let members = try RosterService(store).students("breast-cancer").filter { $0.team == team }
                let entries = members.compactMap { s in
                    entered.marks[s.studentId].map { MarkEntry(studentId: s.studentId, mark: $0, comment: "clear method section") }
                }
                try supervision.setMarks("breast-cancer", team: team, entries: entries, by: .supervisor(lovelace.id))
            }
            // A second reading raises a mark; the change is kept with the first.
            try supervision.setMarks(
                "breast-cancer", team: "alpha",
                entries: [MarkEntry(studentId: "22001234", mark: 15, comment: "clear method section; good error analysis")],
                by: .supervisor(lovelace.id))
            print("  Ada Lovelace marks alpha and bravo (one mark changed after a second reading: 14.5 → 15, kept in the history)")
            try supervision.setMarks(
                "breast-cancer", team: "authors",
                entries: [
                    MarkEntry(studentId: "21000101", mark: 16, comment: "a careful split; the leak check is well argued"),
                    MarkEntry(studentId: "21000102", mark: 15.5, comment: "a careful split; the metric's choice could say more"),
                ], by: .supervisor(hopper.id))
            print("  Grace Hopper marks the authors' preparation report (16 and 15.5)")
            do {
                try supervision.setMarks(
                    "breast-cancer", team: "charlie", entries: [MarkEntry(studentId: "22001407", mark: 18)], by: .supervisor(lovelace.id))
            } catch {
                print("  she cannot mark charlie: \(error.localizedDescription)")
            }
            try supervision.lock("breast-cancer")
            print("  the instructor locks the marks (podium marks lock breast-cancer)")

            section("8. Grades for the TER (podium grades): the challenge grade and the report mark, weighed 0.5 each")
            print(try GradeService(store).grades("breast-cancer").render(.table))
            print("  (charlie, delta and echo handed in no report: listed, never read as a zero; ter_grade stays empty)")
            let preparation = try GradeService(store).authorGrades("breast-cancer")
            print(
                "  its authors, graded on their preparation report (not on the board): "
                    + preparation.map { "\($0.name) \($0.terGrade.map { String(format: "%.1f", $0) } ?? "—")" }.joined(separator: ", "))
            for slug in shown where slug != "breast-cancer" {
                let sheet = try GradeService(store).grades(slug)
                let summary = sheet.rows.map { "\($0.name.split(separator: " ").first ?? "") \(String(format: "%.1f", $0.challengeGrade))" }
                print("\n\(slug) (\(sheet.policy.rawValue) policy): " + summary.joined(separator: ", "))
            }

            if shown.contains("diabetes") {
                print(
                    "\n"
                        + Texts.expectedGrades(
                            point: try GradeService(store).grades("diabetes", uncertainty: GradeUncertainty.none),
                            expected: try GradeService(store).grades("diabetes", uncertainty: .expected)))
            }

            let course = work.appending(path: "course-grades.csv")
            try AtomicWrite.write(try GradeService(store).courseGrades().csv(delimiter: ";"), to: course)
            print("\nThe course's sheet (every student of every challenge, French spreadsheet CSV): \(course.path)")
            let report = try ReportWriter.write(try ReportService(store).report("breast-cancer"), to: work.appending(path: "report-breast-cancer"))
            print("The breast-cancer challenge report (Markdown and SVG figures, for the authors' TER report): \(report.path)")

            let token = try TokenService(store).createInstructorToken()
            section("Done")
            print(
                """
                The demo store stays in \(work.path)/store. To see it in a browser:
                  swift run podium serve --data \(work.path)/store
                and sign in as instructor with the token \(token)
                """)
        }

        /// A code challenge's models, each queued then run in the sandbox by a worker of this
        /// process; false (and why) when this machine cannot run them.
        func runCode(_ slug: String, submissions: URL, store: Store, clock: DemoClock) throws -> Bool {
            let python = URL(fileURLWithPath: "/usr/bin/python3")
            let environment = try? PythonEnvironment.inspect(name: "default", python: python)
            guard Sandbox.bwrap != nil, let environment, environment.canIngest, environment.versions["sklearn"] != "missing" else {
                print(
                    "  skipped: this is a code challenge, and running its models needs bubblewrap and a Python with scikit-learn "
                        + "and pandas (on Debian: apt-get install bubblewrap python3-sklearn python3-pandas)")
                return false
            }
            print("  (code: each model.py is queued, then run in the sandbox by a worker, then scored like a file)")
            let runs = RunService(store)
            let worker = RunWorker(store)
            for (date, team, file) in try DemoClock.schedule(submissions, start: clock.now) {
                clock.now = date
                let ticket = try runs.enqueue(challenge: slug, team: .name(team), file: file)
                try worker.runOnce()
                let state = try runs.state(slug, id: ticket.id, team: nil)
                let name = "\(team)/\(file.lastPathComponent)".padding(toLength: 40, withPad: " ", startingAt: 0)
                let seconds = String(format: "%.1f s", state.elapsedSeconds ?? 0)
                if state.status == .accepted, let id = state.submissionId,
                    let scored = try HistoryService(store).submissions(slug, team: team).first(where: { $0.id == id })
                {
                    print("  ✓ \(name) run #\(ticket.id) in \(seconds), #\(id) \(scored.metric) \(Formats.score(scored.publicScore))")
                } else {
                    print(
                        "  ✗ \(name) run #\(ticket.id) \(state.status.rawValue) (\(state.failure?.kind.rawValue ?? "")): \(state.failure?.message ?? "")"
                    )
                }
            }
            return true
        }

        func section(_ title: String) {
            print("\n\(title)\n" + String(repeating: "═", count: min(title.count, 100)))
        }
    }
}

/// The demo's clock: moved by the demo to replay a term.
final class DemoClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date

    init(_ date: Date) { self.date = date }

    var now: Date {
        get { lock.withLock { date } }
        set { lock.withLock { date = newValue } }
    }

    /// When each team hands in each file: team i's k-th file on day 1 + 3k + i of the term.
    static func schedule(_ folder: URL, start: Date) throws -> [(Date, String, URL)] {
        let fm = FileManager.default
        let teams = try fm.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        var result: [(Date, String, URL)] = []
        for (i, team) in teams.enumerated() {
            // Prediction files, or a code challenge's models.
            let files = try fm.contentsOfDirectory(atPath: folder.appending(path: team).path)
                .filter { [".csv", ".py", ".zip"].contains(where: $0.hasSuffix) }.sorted()
            for (k, file) in files.enumerated() {
                let offset = Double(1 + 3 * k + i) * 86400 + Double(i) * 9000 + 3600
                result.append((start.addingTimeInterval(offset), team, folder.appending(path: "\(team)/\(file)")))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }
}

enum DemoRoot {
    /// The repository folder: given, the current folder, or the one this source file is in.
    static func locate(_ given: String?) throws -> URL {
        var candidates: [URL] = []
        if let given { candidates.append(URL(fileArgument: given)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appending(path: "challenges").path) {
            return candidate
        }
        throw PodiumError.notFound(candidates[0].path, "no challenges/ folder here; run the demo from the repository's root or pass --root")
    }
}
