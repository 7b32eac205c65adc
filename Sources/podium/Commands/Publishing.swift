import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load a challenge bundle into the store (a new version rescores every submission).")
        @Argument(help: "The .podium bundle.") var bundle: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let report = try PublishingService(store.open()).publish(bundle: URL(fileArgument: bundle)) { done, total in
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
                // The tokens are shown once: where they go is checked before any team is made.
                let tokensURL = tokensOut.map(URL.init(fileArgument:))
                if let tokensURL { try AtomicWrite.checkWritable(tokensURL) }
                let report = try RosterService(store.open()).importRoster(URL(fileArgument: roster), challenge: challenge)
                if let tokensURL, !report.newTeams.isEmpty {
                    let text = CSVWriter.line(["team", "token"]) + report.newTeams.map { CSVWriter.line([$0.team, $0.token]) }.joined()
                    do {
                        try AtomicWrite.writePrivate(Data(text.utf8), to: tokensURL)
                    } catch {
                        // Written nowhere else: shown here rather than lost.
                        print(Texts.roster(report, challenge: challenge, tokensOut: nil))
                        throw error
                    }
                }
                print(Texts.roster(report, challenge: challenge, tokensOut: tokensOut))
            }
        }
    }

    struct Reveal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the private board visible to participants.")
        @Argument(help: "The challenge's slug.") var slug: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let when = try BoardService(store.open()).reveal(slug)
            print("The private board of \(slug) is visible to participants since \(Formats.date(when)).")
        }
    }
}
