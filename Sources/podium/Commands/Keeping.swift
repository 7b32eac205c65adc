import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store while it serves: the database (SQLite's online backup), then its archived files.",
            discussion: """
                The copy is a store: check it with `podium verify --data DIR`, restore by serving it with \
                `--data DIR`. DIR must be new or empty; the copy appears there whole or not at all.
                """)
        @Option(help: "The folder to write the copy in (new or empty), e.g. /backups/podium-$(date +%F).") var to: String
        @Flag(help: "Print what was copied as one JSON document.") var json = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let summary = try BackupService(store.open()).backup(to: URL(fileArgument: to))
            if json {
                print(try Formats.json(summary))
            } else {
                print(
                    "Backed up \(summary.submissions) submissions, \(summary.codeRuns) code runs and \(summary.files) archived files "
                        + "(\(Formats.size(Int(summary.bytes)))) to \(summary.folder) in \(String(format: "%.1f", summary.seconds)) s.")
                print("Check it with: podium verify --data \(summary.folder)")
            }
            guard summary.missing.isEmpty else {
                Console.error("error: the store's archive misses \(summary.missing.count) file(s) its database names; the copy misses them too:")
                for path in summary.missing.prefix(20) { Console.error("  \(path)") }
                Console.error("Run podium verify on the store for the submissions concerned.")
                throw ExitCode(1)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a store is whole: the database's integrity, every archived file's SHA-256, scores, modes.",
            discussion: """
                Read-only: it changes nothing, and runs while the server serves. Exit 1 listing what \
                is wrong: a damaged database, an archived file missing or changed, an accepted submission \
                without scores for its challenge's current version, a file others may read.
                """)
        @Flag(help: "Print the report as one JSON document.") var json = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let report = try StoreVerification.verify(folder: store.folder)
            if json {
                print(try Formats.json(report))
            } else {
                print(
                    "\(report.folder): \(report.submissions) submissions, \(report.codeRuns) code runs, "
                        + "\(report.files) archived files, \(report.scoreSets) score sets checked in \(String(format: "%.1f", report.seconds)) s.")
                if report.ok {
                    print("OK: the database is whole, every archived file matches its SHA-256, every accepted submission has its scores.")
                } else {
                    print("\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"):")
                    for problem in report.problems {
                        print("  [\(problem.kind.rawValue)] " + (problem.path.map { "\($0) " } ?? "") + problem.message)
                    }
                }
            }
            if !report.ok { throw ExitCode(1) }
        }
    }
}
