import ArgumentParser
import Foundation
import PodiumCore

extension Podium {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand a challenge to another platform.", subcommands: [Codabench.self])

        struct Codabench: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "A Codabench competition bundle (competition.yaml version 2) for result submissions, or --validate one.")
            @Argument(help: "The challenge folder or .podium bundle; with --validate, a Codabench bundle (.zip).") var source: String
            @Option(name: .shortAndLong, help: "The bundle to write (default: <slug>-codabench.zip).") var output: String?
            @Flag(help: "Check a Codabench bundle against the rules Codabench's unpacker enforces.") var validate = false

            func run() throws {
                if validate {
                    let problems = try CodabenchValidator.validate(zip: URL(fileArgument: source))
                    guard problems.isEmpty else {
                        for problem in problems { Console.error("\(source): \(problem)") }
                        throw ExitCode(1)
                    }
                    print("\(source): follows the rules Codabench's unpacker enforces")
                    return
                }
                let challenge = try PodiumCore.Challenge.open(URL(fileArgument: source))
                let report = ChallengeCheck.run(challenge, audit: false)
                guard report.ok else { throw CheckFailed(report: report) }
                let out = URL(fileArgument: output ?? "\(challenge.manifest.slug)-codabench.zip")
                let result = try CodabenchExport.export(challenge, to: out)
                let problems = try CodabenchValidator.validate(zip: out)
                for problem in problems { Console.error("warning: \(problem)") }
                let code = result.files.contains { $0.hasPrefix("ingestion_program/") } ? ", ingestion program, input data" : ""
                print(
                    "Wrote \(out.path): \(result.files.count) files (competition.yaml, scoring program\(code), pages, reference rows, starting kit)")
                for note in result.notes { print("  note: \(note)") }
            }
        }
    }
}

extension Podium {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a challenge from another platform.", subcommands: [Codabench.self])

        struct Codabench: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "A Podium challenge folder from a Codabench result-submission bundle; what cannot be carried over is listed.")
            @Argument(help: "The Codabench bundle (.zip).") var bundle: String
            @Option(help: "The challenge folder to write.") var out: String
            @Option(help: "The primary metric (default: from the leaderboard, else guessed from the scoring code).") var metric: Metric?

            func run() throws {
                let folder = URL(fileArgument: out)
                if let existing = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
                    throw ValidationError("--out \(out): the folder is not empty; choose a new one")
                }
                let result = try CodabenchImport.run(bundle: URL(fileArgument: bundle), to: folder, metric: metric)
                print(
                    "Wrote \(folder.path): \(result.slug), metric \(result.metric)\(result.metricGuessed ? " (a guess)" : ""), \(result.rows.public) Public and \(result.rows.private) Private rows"
                )
                for note in result.notes { print("  note: \(note)") }
                print("Next: podium check \(out)")
            }
        }
    }
}

extension Metric: ExpressibleByArgument {}
