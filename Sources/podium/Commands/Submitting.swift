import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate, archive, score and record a team's submission.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "The team's name.") var team: String
        @Argument(help: "The submission (.csv, .csv.gz, or .zip holding one .csv).") var file: String
        @Option(name: [.customShort("m"), .long], help: "A description of the file, shown in the team's history (at most 500 characters).")
        var message: String?
        @Flag(help: "Print the receipt as one JSON document (what the API replies).") var json = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let receipt = try SubmissionService(store.open()).submit(
                challenge: slug, team: .name(team), file: URL(fileArgument: file), message: message)
            if json { print(try Formats.json(receipt)) }
            if let problems = receipt.problems {
                Console.error(problems.localizedDescription)
                Console.error("Submission #\(receipt.id) was refused and recorded; it does not count toward the limits.")
                throw ExitCode(1)
            }
            if !json { print(Texts.receipt(receipt)) }
        }
    }

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit every new file under DIR/<team>/ (idempotent by content hash).")
        @Argument(help: "The challenge's slug.") var slug: String
        @Argument(help: "The folder holding one folder per team.") var dir: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let results = try SubmissionService(store.open()).ingest(challenge: slug, folder: URL(fileArgument: dir), progress: Console.progress)
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
            let chosen = try BoardService(store.open()).select(slug, team: team, ids: ids)
            print("Team \(team) selected \(chosen.map { "#\($0)" }.joined(separator: ", ")) for the private board of \(slug).")
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
            let history = try HistoryService(store).submissions(slug, team: team)
            print(json ? try Formats.json(history) : Texts.history(history, zone: try ChallengeService(store).manifest(slug).timeZone))
        }
    }
}
