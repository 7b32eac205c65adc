import ArgumentParser
import Foundation
import PodiumCore

extension Podium {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model (model.py, or a .zip holding it) on a challenge in the sandbox, as Podium would, and score it.",
            discussion: """
                The same sandbox and limits as on the server (code: in challenge.yaml). Scored when the \
                solution is at hand (an author's folder or bundle); otherwise the predictions are only written.
                """)

        @Argument(help: "The challenge folder or .podium bundle.") var challenge: String
        @Argument(help: "model.py, or a .zip holding it at its root or in one top folder.") var code: String
        @Option(help: "The Python interpreter to run it with (a venv's bin/python).") var python = "/usr/bin/python3"
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            let opened = try PodiumCore.Challenge.open(URL(fileArgument: challenge))
            let python = URL(fileArgument: python)
            guard FileManager.default.isExecutableFile(atPath: python.path) else {
                throw ValidationError("\(python.path) is not an executable Python; give --python PATH")
            }
            let report = try CodeRunner.run(challenge: opened, code: URL(fileArgument: code), python: python)
            if json {
                print(try Formats.json(report))
            } else {
                print(RunFormatter.text(report))
            }
            if report.status != .accepted { throw ExitCode(1) }
        }
    }

    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the confinement in force for code challenges on this host; exit 1 when code cannot run safely here.")

        func run() throws {
            let confinement = Confinement.probe()
            for line in confinement.lines { print("\(line.ok ? "✓" : "✗") \(line.what): \(line.detail)") }
            print(confinement.safe ? "code challenges can run here" : "code challenges cannot run safely here")
            if !confinement.safe { throw ExitCode(1) }
        }
    }
}

/// A run's outcome for a terminal.
enum RunFormatter {
    static func text(_ report: RunReport) -> String {
        var out: [String] = []
        switch report.status {
        case .accepted:
            out.append("✓ accepted in \(String(format: "%.1f", report.elapsedSeconds)) s, \(report.rows ?? 0) predictions")
            if let scores = report.scores { out.append(ScoreFormatter.text(scores)) }
        case .refused:
            out.append("✗ refused: the predictions are invalid")
            for group in report.problems?.groups ?? [] {
                out.append("  \(group.kind.title) (\(group.count))")
                for example in group.examples { out.append("    \(example.line.map { "line \($0): " } ?? "")\(example.message)") }
            }
        case .failed:
            out.append("✗ failed (\(report.failure?.kind.rawValue ?? "?")): \(report.failure?.message ?? "")")
        }
        out.append("--- log (stdout and stderr) ---")
        out.append(report.log.trimmingCharacters(in: .whitespacesAndNewlines))
        return out.joined(separator: "\n")
    }
}
