import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

/// `--data DIR`, else `$PODIUM_DATA`, else `./podium-data`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The store folder (default: $PODIUM_DATA, else ./podium-data).") var data: String?

    var folder: URL { Store.defaultFolder(data) }
    func open() throws -> Store { try Store.open(folder: folder) }
}

extension Leaderboard.Format: ExpressibleByArgument {}
extension GradeSheet.Format: ExpressibleByArgument {}

extension Podium {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load a challenge bundle into the store (a new version rescores every submission).")
        @Argument(help: "The .podium bundle.") var bundle: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let report = try store.open().publish(bundle: URL(fileArgument: bundle)) { done, total in
                Console.progress("rescored \(done) of \(total)")
            }
            Console.progress(nil)
            print(Texts.publish(report))
        }
    }

    struct Roster: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage the students and binômes of a challenge.", subcommands: [Import.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import student_id,name,email,team: create binômes and print each new team's token once.")
            @Argument(help: "The roster CSV.") var roster: String
            @Option(help: "The challenge's slug.") var challenge: String
            @Option(help: "Write the new tokens to this CSV (team,token) instead of printing them.") var tokensOut: String?
            @OptionGroup var store: StoreOptions

            func run() throws {
                let report = try store.open().importRoster(URL(fileArgument: roster), challenge: challenge)
                if let tokensOut, !report.newTeams.isEmpty {
                    let text = "team,token\n" + report.newTeams.map { "\($0.team),\($0.token)\n" }.joined()
                    let url = URL(fileArgument: tokensOut)
                    try AtomicWrite.write(text, to: url)
                    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
                }
                print(Texts.roster(report, challenge: challenge, tokensOut: tokensOut))
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate, archive, score and record a team's submission.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "The team's name.") var team: String
        @Argument(help: "The submission (.csv, .csv.gz, or .zip holding one .csv).") var file: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let receipt = try store.open().submit(challenge: slug, team: .name(team), file: URL(fileArgument: file))
            if let problems = receipt.problems {
                Console.error(problems.localizedDescription)
                Console.error("Submission #\(receipt.id) was refused and recorded; it does not count toward the limits.")
                throw ExitCode(1)
            }
            print(Texts.receipt(receipt))
        }
    }

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit every new file under DIR/<team>/ (idempotent by content hash).")
        @Argument(help: "The challenge's slug.") var slug: String
        @Argument(help: "The folder holding one folder per team.") var dir: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let results = try store.open().ingest(challenge: slug, folder: URL(fileArgument: dir), progress: Console.progress)
            Console.progress(nil)
            print(Texts.ingest(results))
        }
    }

    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Choose a team's final submissions for the private board.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "The team's name.") var team: String
        @Argument(help: "Submission ids.") var ids: [Int64]
        @OptionGroup var store: StoreOptions

        func run() throws {
            let chosen = try store.open().select(slug, team: team, ids: ids)
            print("Team \(team) selected \(chosen.map { "#\($0)" }.joined(separator: ", ")) for the private board of \(slug).")
        }
    }

    struct Reveal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the private board visible to participants.")
        @Argument(help: "The challenge's slug.") var slug: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let when = try store.open().reveal(slug)
            print("The private board of \(slug) is visible to participants since \(Formats.date(when)).")
        }
    }

    struct LeaderboardCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leaderboard", abstract: "One row per team: the public board, or the private one.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Flag(name: .customLong("private"), help: "The private board (instructors).") var privateBoard = false
        @Option(help: "table, csv, json, markdown or html.") var format: Leaderboard.Format = .table
        @OptionGroup var store: StoreOptions

        func run() throws {
            let store = try store.open()
            let board = try store.leaderboard(slug, board: privateBoard ? .private : .public)
            print(try board.render(format, zone: try store.manifest(slug).timeZone))
        }
    }

    struct Submissions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The history of submissions, with scores or problems.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "Only this team's.") var team: String?
        @Flag(help: "Print one JSON document.") var json = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let store = try store.open()
            let history = try store.submissions(slug, team: team)
            print(json ? try Formats.json(history) : Texts.history(history, zone: try store.manifest(slug).timeZone))
        }
    }

    struct Grades: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One row per student: score, rank, challenge grade, and the TER grade with other marks.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(parsing: .upToNextOption, help: "Other marks, NAME=FILE.csv:WEIGHT (student_id,mark on the same scale).") var marks: [String] = []
        @Option(help: "csv, json or table.") var format: GradeSheet.Format = .table
        @Option(help: "CSV delimiter (';' for French spreadsheets: decimal commas too).") var delimiter: String = ","
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard delimiter.count == 1 else { throw ValidationError("--delimiter must be one character, e.g. ';'") }
            for mark in marks where parse(mark) == nil {
                throw ValidationError("--marks \(mark): expected NAME=FILE.csv:WEIGHT, e.g. report=report.csv:0.5")
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
            let scale = try store.manifest(slug).grading.scale
            let sheets = try marks.compactMap(parse).map { name, file, weight in
                try MarkSheet.load(name: name, weight: weight, from: URL(fileArgument: file), scale: scale)
            }
            let text = try store.grades(slug, marks: sheets).render(format, delimiter: delimiter.first!)
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
        var lines = ["Submission #\(r.id) of team \(r.team) accepted: \(r.metric) \(Formats.score(r.publicScore)) on the public board."]
        lines.append("  best so far: \(Formats.score(r.bestPublicScore))")
        let left = r.leftToday.map { "\($0) left today" } ?? "no daily limit"
        lines.append(
            "  \(left); the count resets at \(ISO8601.format(r.resetsAt, in: TimeZone(identifier: r.timeZone) ?? .current))"
                + (r.leftTotal.map { "; \($0) left in all" } ?? ""))
        return lines.joined(separator: "\n")
    }

    static func ingest(_ results: [IngestResult]) -> String {
        var lines: [String] = []
        var accepted = 0
        var refused = 0
        var skipped = 0
        var failed = 0
        for r in results {
            let name = "\(r.team)/\(r.file)".padding(toLength: 40, withPad: " ", startingAt: 0)
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
                    lines.append("  ✓ \(name) #\(receipt.id) \(receipt.metric) \(Formats.score(receipt.publicScore))")
                }
            } else {
                failed += 1
                lines.append("  ! \(name) \(r.error ?? "")")
            }
        }
        lines.append("\(accepted) accepted, \(refused) refused, \(skipped) already there, \(failed) not submitted.")
        return lines.joined(separator: "\n")
    }

    static func history(_ history: [SubmissionView], zone: TimeZone) -> String {
        let rows = history.map { s in
            [
                "#\(s.id)", s.team, Formats.date(s.createdAt, zone: zone), s.fileName, s.status + (s.selected ? " ★" : ""),
                Formats.score(s.publicScore), Formats.score(s.privateScore),
                s.problems.map { "\($0.total) problems: " + $0.groups.map(\.kind.title).joined(separator: ", ") } ?? s.scoringError ?? "",
            ]
        }
        return Formats.table(["id", "team", "time", "file", "status", "public", "private", "problems"], rows, rightAligned: [5, 6])
    }
}
