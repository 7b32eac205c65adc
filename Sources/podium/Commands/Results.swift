import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct LeaderboardCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leaderboard", abstract: "One row per team: the public board, or the private one.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Flag(name: .customLong("private"), help: "The private board (instructors).") var privateBoard = false
        @Option(help: "table, csv, json, markdown or html.") var format: Leaderboard.Format = .table
        @OptionGroup var store: StoreOptions

        func run() throws {
            let store = try store.open()
            let board = try BoardService(store).leaderboard(slug, board: privateBoard ? .private : .public)
            print(try board.render(format, zone: try ChallengeService(store).manifest(slug).timeZone))
        }
    }

    struct Integrity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pairs of teams whose submissions are alike (same files, correlated predictions, shared errors), for review.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "table, json or csv.") var format: IntegrityReport.Format = .table
        @OptionGroup var store: StoreOptions

        func run() throws {
            let text = try IntegrityService(store.open()).integrity(slug).render(format)
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A challenge report: report.md and its SVG figures (participation, scores over time, final scores, public against private).")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(name: .shortAndLong, help: "The folder to write (default: <slug>-report).") var output: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            let folder = URL(fileArgument: output ?? "\(slug)-report")
            let written = try ReportWriter.write(try ReportService(store.open()).report(slug), to: folder)
            print("Wrote \(written.path) and its figures in \(folder.appending(path: "figures").path)")
        }
    }

    struct Grades: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One row per student: score, rank, challenge grade, and the TER grade with other marks.")
        @Argument(help: "The challenge's slug (or --all).") var slug: String?
        @Flag(help: "One sheet for the course: every student of every challenge, sorted by student id.") var all = false
        @Option(parsing: .upToNextOption, help: "Other marks, NAME=FILE.csv:WEIGHT (student_id,mark on the same scale).") var marks: [String] = []
        @Option(help: "csv, json or table.") var format: GradeSheet.Format = .table
        @Option(help: "CSV delimiter (';' for French spreadsheets: decimal commas too).") var delimiter: String = ","
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (slug == nil) == all else { throw ValidationError("give a challenge's slug, or --all for the whole course (not both)") }
            guard delimiter.count == 1 else { throw ValidationError("--delimiter must be one character, e.g. ';'") }
            for mark in marks where parse(mark) == nil {
                throw ValidationError("--marks \(mark): expected NAME=FILE.csv:WEIGHT, e.g. report=report.csv:0.5")
            }
            let total = marks.compactMap(parse).reduce(0) { $0 + $1.2 }
            guard total <= 1 + 1e-12 else {
                throw ValidationError("--marks: the weights sum to \(total); they must sum to at most 1 (the challenge grade gets the rest)")
            }
        }

        func parse(_ spec: String) -> (String, String, Double)? {
            guard let eq = spec.firstIndex(of: "="), let colon = spec.lastIndex(of: ":"), eq < colon,
                let weight = Double(spec[spec.index(after: colon)...]), weight > 0
            else { return nil }
            return (String(spec[..<eq]), String(spec[spec.index(after: eq)..<colon]), weight)
        }

        func run() throws {
            let store = try store.open()
            let scale =
                try slug.map { try ChallengeService(store).manifest($0).grading.scale } ?? ChallengeService(store).challenges().map(
                    \.manifest.grading.scale
                ).max() ?? 20
            let sheets = try marks.compactMap(parse).map { name, file, weight in
                try MarkSheet.load(name: name, weight: weight, from: URL(fileArgument: file), scale: scale)
            }
            let text: String
            if let slug {
                let grades = try GradeService(store).grades(slug, marks: sheets)
                // The course's sheet lists such students ("no challenge"); one challenge's does not.
                let students = Set(grades.rows.map(\.studentId))
                for warning in sheets.compactMap({ $0.unused(by: students) }) { Console.error("warning: \(warning)") }
                text = try grades.render(format, delimiter: delimiter.first!)
            } else {
                text = try GradeService(store).courseGrades(marks: sheets).render(format, delimiter: delimiter.first!)
            }
            if let output {
                try AtomicWrite.write(text, to: URL(fileArgument: output))
                print("Wrote \(output)")
            } else {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}

/// Human-readable replies of the store commands.
enum Texts {
    static func publish(_ r: PublishReport) -> String {
        if r.alreadyPublished { return "\(r.slug) v\(r.version) is already published (same bundle); nothing to do." }
        var text = "Published \(r.slug) v\(r.version): \(r.title)"
        if let previous = r.previousVersion {
            text += "\n  replaces v\(previous); \(r.rescored) accepted submissions rescored"
            if r.rescoreFailures > 0 { text += " (\(r.rescoreFailures) no longer valid against v\(r.version))" }
            text += "; the scores of v\(previous) stay in history"
        }
        return text
    }

    static func roster(_ r: RosterReport, challenge: String, tokensOut: String?) -> String {
        var lines = ["Roster of \(challenge): \(r.addedStudents.count) students added, \(r.changes.count) changed, \(r.unchanged) unchanged."]
        for change in r.changes { lines.append("  changed \(change)") }
        for (team, size) in r.flagged { lines.append("  note: team \(team) has \(size) member\(size == 1 ? "" : "s") (binômes have 2)") }
        if !r.notInRoster.isEmpty { lines.append("  not in this roster (kept): \(r.notInRoster.joined(separator: ", "))") }
        if !r.authors.isEmpty {
            lines.append(
                "  authors of \(challenge): \(r.authors.joined(separator: ", ")) (they hand in their preparation report; they do not submit)")
        }
        if r.newTeams.isEmpty {
            lines.append("No new team.")
        } else if let tokensOut {
            lines.append("\(r.newTeams.count) new teams; their tokens are in \(tokensOut) (shown nowhere else, stored only hashed).")
        } else {
            lines.append("\(r.newTeams.count) new teams. Their tokens, shown this once (stored only hashed):")
            for (team, token) in r.newTeams { lines.append("  \(team.padding(toLength: 16, withPad: " ", startingAt: 0)) \(token)") }
        }
        return lines.joined(separator: "\n")
    }

    static func receipt(_ r: SubmitReceipt) -> String {
        var lines: [String]
        if let ladder = r.ladder {
            lines = ["Submission #\(r.id) of team \(r.team) accepted: it \(ladder.sentence(r.metric))."]
        } else {
            lines = ["Submission #\(r.id) of team \(r.team) accepted: \(r.metric) \(Formats.score(r.publicScore)) on the public board."]
            lines.append("  best so far: \(Formats.score(r.bestPublicScore))")
        }
        // Without a daily limit, what resets at midnight is the count of refused files.
        let left = r.leftToday.map { "\($0) left today" } ?? "no daily limit; refused files: \(r.refusedLeftToday) more today"
        lines.append(
            "  \(left); the count resets at \(ISO8601.format(r.resetsAt, in: TimeZone(identifier: r.timeZone) ?? .current))"
                + (r.leftTotal.map { "; \($0) left in all" } ?? ""))
        if let message = r.message { lines.append("  description: \(message)") }
        return lines.joined(separator: "\n")
    }

    static func ingest(_ results: [IngestResult]) -> String {
        var lines: [String] = []
        var accepted = 0
        var refused = 0
        var skipped = 0
        var failed = 0
        for r in results {
            let name = (r.team.map { "\($0)/\(r.file)" } ?? r.file).padding(toLength: 40, withPad: " ", startingAt: 0)
            if let receipt = r.receipt {
                if receipt.duplicate {
                    skipped += 1
                    lines.append("  = \(name) already submitted (#\(receipt.id))")
                } else if let problems = receipt.problems {
                    refused += 1
                    lines.append(
                        "  ✗ \(name) refused (#\(receipt.id)): \(problems.total) problem\(problems.total == 1 ? "" : "s"), e.g. \(problems.groups.first?.examples.first?.message ?? "")"
                    )
                } else {
                    accepted += 1
                    let shown = receipt.ladder.map { "ladder " + $0.cell } ?? Formats.score(receipt.publicScore)
                    lines.append("  ✓ \(name) #\(receipt.id) \(receipt.metric) \(shown)")
                }
            } else {
                failed += 1
                lines.append("  ! \(name) \(r.error ?? "")")
            }
        }
        lines.append("\(accepted) accepted, \(refused) refused, \(skipped) already there, \(failed) not submitted.")
        return lines.joined(separator: "\n")
    }

    /// One code run: its number, team, status (place in the queue, attempts, how it ended).
    static func run(_ run: RunState) -> String {
        var line = "#\(run.id) \(run.team) \(run.fileName): \(run.status.rawValue)"
        if let position = run.position { line += ", position \(position)" }
        if run.attempts > 1 { line += ", attempt \(run.attempts)" }
        if let seconds = run.elapsedSeconds, !run.status.isPending { line += String(format: ", %.1f s", seconds) }
        if let id = run.submissionId { line += " → submission #\(id)" }
        if let failure = run.failure, run.status == .failed { line += " (\(failure.kind.rawValue)): \(failure.message)" }
        if let job = run.slurmJob { line += " [Slurm job \(job)\(run.node.map { " on \($0)" } ?? "")]" }
        return line
    }

    static func history(_ history: [SubmissionView], zone: TimeZone) -> String {
        let rows = history.map { s -> [String] in
            let status = s.status.rawValue + (s.selected ? " ★" : "")
            return [
                "#\(s.id)", s.team, Formats.time(s.createdAt, zone: zone), s.fileName, status,
                Formats.score(s.publicScore), Formats.score(s.privateScore),
                s.problems.map { "\($0.total) problems: " + $0.groups.map(\.kind.title).joined(separator: ", ") } ?? s.scoringError ?? "",
                s.message ?? "",
            ]
        }
        return Formats.table(
            ["id", "team", "time", "file", "status", "public", "private", "problems", "description"], rows, rightAligned: [5, 6])
    }

    /// What the tiers of a board mean, in a short paragraph with its own figures.
    static func tiers(_ board: Leaderboard) -> String {
        let ranked = board.rankedRows
        guard let summary = board.uncertainty, ranked.count >= 2, let leader = ranked.first else { return "" }
        let percent = Int((summary.confidence * 100).rounded())
        var groups: [[BoardRow]] = []
        for row in ranked {
            if let last = groups.last?.last, last.tier == row.tier { groups[groups.count - 1].append(row) } else { groups.append([row]) }
        }
        let listing = groups.map { g in "tier \(g[0].tier ?? 0): " + g.map { "\($0.team) \(Formats.score($0.score))" }.joined(separator: ", ") }
        var lines = ["What the tiers say (\(board.challenge), private board, \(board.metric)): " + listing.joined(separator: "; ") + "."]
        let second = ranked[1]
        let share = Int(((leader.beatsNext ?? 0) * 100).rounded())
        if second.tier == leader.tier {
            lines.append(
                "\(leader.team) ranks first, yet on \(summary.used) paired resamples of the private rows it beats \(second.team) in only \(share)% of them, short of the \(percent)% that would make the difference real: the two are statistically tied, and a grade should not tell them apart by rank alone."
            )
        } else {
            lines.append(
                "\(leader.team) beats \(second.team) in \(share)% of \(summary.used) paired resamples of the private rows: a real difference at \(percent)%."
            )
        }
        if let gap = groups.dropFirst().first?.first {
            lines.append("\(gap.team) starts tier \(gap.tier ?? 0): it is worse than \(groups[0][0].team) in at least \(percent)% of the resamples.")
        }
        return lines.joined(separator: "\n")
    }

    /// The same board graded on its scores and as the mean over the resamples
    /// (`grading.uncertainty: expected`), one line per team.
    static func expectedGrades(point: GradeSheet, expected: GradeSheet) -> String {
        var seen = Set<String>()
        var rows: [[String]] = []
        for row in point.rows where row.rank != nil && seen.insert(row.team).inserted {
            let other = expected.rows.first { $0.team == row.team }
            rows.append([
                row.team, Formats.score(row.score), String(format: "%.1f", row.challengeGrade),
                String(format: "%.1f – %.1f", row.gradeLow, row.gradeHigh), other.map { String(format: "%.1f", $0.challengeGrade) } ?? "",
            ])
        }
        let title =
            "\(point.challenge) graded on its private scores (uncertainty: none) and as the mean grade over \(point.resamples ?? 0) resamples (grading.uncertainty: expected):"
        return title + "\n"
            + Formats.table(["team", "score", "grade (none)", "grade interval", "grade (expected)"], rows, rightAligned: [1, 2, 3, 4])
            + "\nWith thresholds, a score just past a band's edge takes the whole step; the expected grade weighs how often the team's score falls on each side of it."
    }
}
