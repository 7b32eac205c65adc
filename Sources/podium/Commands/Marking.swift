import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Supervisors: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The researchers who mark the TER reports: each sees and marks only the teams assigned to them.",
            subcommands: [Add.self, List.self, Remove.self])

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove a supervisor: their token stops working at once (the marks they entered stay).")
            @Argument(help: "Their email.") var email: String
            @OptionGroup var store: StoreOptions

            func run() throws {
                try SupervisionService(store.open()).remove(email: email)
                print("Supervisor <\(email)> removed; their token no longer works.")
            }
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a supervisor for teams of a challenge; prints their token once (stored only hashed).")
            @Argument(help: "The supervisor's name.") var name: String
            @Argument(help: "Their email (a supervisor already known by it gets the teams added, and keeps their token).") var email: String
            @Option(help: "The challenge's slug.") var challenge: String
            @Option(help: "The teams they supervise, separated by commas.") var teams: String
            @OptionGroup var store: StoreOptions

            func run() throws {
                let names = teams.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let added = try SupervisionService(store.open()).add(name: name, email: email, challenge: challenge, teams: names)
                print("Supervisor \(added.name) <\(added.email)> marks \(added.teams.joined(separator: ", ")) of \(challenge).")
                if let token = added.token {
                    print("Their token, shown this once (stored only hashed): \(token)")
                } else {
                    print("They already had a token; it is unchanged.")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every supervisor and their teams.")
            @OptionGroup var store: StoreOptions

            func run() throws {
                let list = try SupervisionService(store.open()).supervisors()
                if list.isEmpty { print("No supervisor yet (podium supervisors add NAME EMAIL --challenge SLUG --teams T1,T2).") }
                for s in list {
                    print("\(s.name) <\(s.email)>: " + s.teams.map { "\($0.challenge)/\($0.team)" }.joined(separator: ", "))
                }
            }
        }
    }

    struct Marks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The TER report marks of a challenge: see them with every change, lock or unlock them.",
            subcommands: [Show.self, Lock.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Each team's report and marks, then every change (who, when, old and new).")
            @Argument(help: "The challenge's slug.") var slug: String
            @OptionGroup var store: StoreOptions

            func run() throws {
                let store = try store.open()
                let service = SupervisionService(store)
                let zone = try ChallengeService(store).manifest(slug).timeZone
                let handIns = try ReportHandInService(store).latest(slug)
                let marks = try service.marks(slug)
                let students = try RosterService(store).students(slug)
                let rows = students.map { s -> [String] in
                    let h = handIns[s.team]
                    let report = h.map { "v\($0.version), \($0.pages) p., \($0.late ? "late" : "on time")" } ?? "none"
                    let mark = marks[s.studentId]
                    return [s.team, s.studentId, s.name, report, Formats.score(mark?.mark), mark?.markedBy ?? "", mark?.comment ?? ""]
                }
                let locked = try service.lockedAt(slug)
                print(
                    "\(slug): report marks\(locked.map { ", locked since \(Formats.time($0, zone: zone))" } ?? " (open: supervisors may change them)")"
                )
                print(Formats.table(["team", "student_id", "name", "report", "mark", "by", "comment"], rows, rightAligned: [4]))
                let changes = try service.changes(slug)
                if !changes.isEmpty {
                    print("Changes:")
                    for c in changes {
                        print(
                            "  \(Formats.time(c.at, zone: zone))  \(c.studentId)  \(Formats.score(c.oldMark)) → \(Formats.score(c.newMark))  by \(c.by)"
                        )
                    }
                }
            }
        }

        struct Lock: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Lock the report marks (supervisors can no longer change them).")
            @Argument(help: "The challenge's slug.") var slug: String
            @Flag(help: "Unlock them instead.") var unlock = false
            @OptionGroup var store: StoreOptions

            func run() throws {
                try SupervisionService(store.open()).lock(slug, !unlock)
                print(unlock ? "The report marks of \(slug) are open again." : "The report marks of \(slug) are locked.")
            }
        }
    }

    struct HandIn: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hand-in", abstract: "Hand in a team's TER report (a PDF): a new version, marked late after the due date.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Argument(help: "The report, a PDF.") var file: String
        @Option(help: "The team's name (instructors), or use --token.") var team: String?
        @Option(help: "The team's token.") var token: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (team == nil) != (token == nil) else { throw ValidationError("give --team NAME or --token TOKEN (one of them)") }
        }

        func run() throws {
            let url = URL(fileArgument: file)
            let data: Data
            do { data = try Data(contentsOf: url) } catch { throw PodiumError.notFound(file, "cannot be read") }
            let reference: TeamReference = team.map { .name($0) } ?? .token(token!)
            let r = try ReportHandInService(store.open()).handIn(slug, team: reference, data: data, fileName: url.lastPathComponent)
            print("Report v\(r.version) of team \(r.team) handed in: \(r.pages) pages\(r.late ? ", late" : ""), SHA-256 \(r.sha256.prefix(12))")
            if let warning = r.warning { Console.error("warning: \(warning)") }
        }
    }
}
