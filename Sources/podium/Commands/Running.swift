import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model (model.py, or a .zip holding it) on a challenge in the sandbox, as Podium would, and score it.",
            discussion: """
                The same sandbox and limits as on the server (code: in challenge.yaml). Scored when the \
                solution is at hand (an author's folder or bundle); on a participant's starting kit the \
                predictions are checked against the test set's ids and the expected columns only.
                """)

        @Argument(help: "The challenge folder, .podium bundle, or code challenge's starting kit (.zip or its folder).") var challenge: String
        @Argument(help: "model.py, or a .zip holding it at its root or in one top folder.") var code: String
        @Option(help: "A Python environment registered with podium environments add (in the store of --data).") var environment: String?
        @Option(help: "The Python interpreter to run it with (a venv's bin/python; default /usr/bin/python3).") var python: String?
        @Flag(help: "Print one JSON document.") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if environment != nil && python != nil { throw ValidationError("give --environment or --python, not both") }
        }

        func run() throws {
            let opened = try PodiumCore.Challenge.open(URL(fileArgument: challenge))
            let python =
                try environment.map { URL(fileURLWithPath: try EnvironmentService(store.open()).environment($0).python) }
                ?? URL(fileArgument: self.python ?? "/usr/bin/python3")
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

    struct Environments: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The Python environments that run participants' code on this host.", subcommands: [Add.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Register a host interpreter (a venv's bin/python) under a name, and print its versions.")
            @Argument(help: "The name challenge.yaml's code.environment uses.") var name: String
            @Argument(help: "The interpreter.") var python: String
            @OptionGroup var store: StoreOptions

            func run() throws {
                let environment = try EnvironmentService(store.open()).add(name: name, python: URL(fileArgument: python))
                print(EnvironmentsText.line(environment))
                if !environment.canIngest { Console.error("warning: \(environment.python) lacks pandas or numpy, which Podium's ingestion needs") }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the registered environments.")
            @OptionGroup var store: StoreOptions

            func run() throws {
                let all = try EnvironmentService(store.open()).list()
                if all.isEmpty { print("no environment yet (podium environments add NAME PYTHON)") }
                for environment in all { print(EnvironmentsText.line(environment)) }
            }
        }
    }

    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the confinement in force for code challenges on this host; exit 1 when code cannot run safely here.",
            discussion: """
                --executor slurm --spool DIR: checks that Slurm's commands answer, the spool is writable, \
                and a probe job runs podium doctor on a node.
                """)
        @Option(help: "local (this machine) or slurm.") var executor: Podium.Worker.Executor = .local
        @Option(help: "Slurm: a folder on the cluster's shared filesystem.") var spool: String?
        @Option(help: "Slurm: the partition.") var partition: String?
        @Option(help: "Slurm: the account.") var account: String?
        @Option(help: "Slurm: the podium binary on the nodes (default: this one's path).") var podium: String?

        func validate() throws {
            if executor == .slurm && spool == nil { throw ValidationError("--executor slurm needs --spool DIR, a folder the nodes see") }
        }

        func run() throws {
            if case .slurm(let cluster) = try Podium.Worker.executor(executor, spool: spool, partition: partition, account: account, podium: podium) {
                let lines = Slurm.probe(spool: cluster.spool, podium: cluster.podium, partition: partition, account: account)
                for line in lines { print("\(line.ok ? "✓" : "✗") \(line.what): \(line.detail)") }
                let ok = lines.allSatisfy(\.ok)
                print(ok ? "code challenges can run on this cluster" : "code challenges cannot run on this cluster as it is")
                if !ok { throw ExitCode(1) }
                return
            }
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
            if report.validatedOnly == true {
                out.append("  checked against the test set's ids and the expected columns; not scored (no answers in a starting kit)")
            }
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

enum EnvironmentsText {
    static func line(_ e: PythonEnvironment) -> String {
        let v = { (key: String) in e.versions[key] ?? "?" }
        return "\(e.name): \(e.python) (Python \(v("python")), numpy \(v("numpy")), pandas \(v("pandas")), scikit-learn \(v("sklearn")))"
    }
}
