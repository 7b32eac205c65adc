import ArgumentParser
import Foundation
import PodiumCore

extension Podium {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scaffold a challenge folder with a commented challenge.yaml; with --from, filled from a labelled CSV and split.")

        @Argument(help: "The folder to create.") var dir: String
        @Option(help: "A labelled CSV: task, classes, positive class, submission and metric are read off its target, then it is split.")
        var from: String?
        @Option(help: "The target column (with --from).") var target: String?
        @Option(help: "The id column of --from (generated when absent).") var id: String?
        @Option(help: "Seed of the split (with --from).") var seed: UInt64 = 42

        func validate() throws {
            if from != nil && target == nil { throw ValidationError("--from needs --target COL: the column to predict") }
            if from == nil && (target != nil || id != nil) { throw ValidationError("--target and --id go with --from RAW.csv") }
        }

        func run() throws {
            let url = URL(fileArgument: dir)
            guard let from, let target else {
                let slug = try Scaffold.create(at: url)
                print("Created \(dir)/ for challenge \"\(slug)\": challenge.yaml, README.md, data/, reference/.")
                print("Next: podium split RAW.csv --out \(dir) --target COL, edit challenge.yaml, then podium check \(dir).")
                return
            }
            // Everything is read and split in memory first: a mistake leaves no folder behind.
            let rawURL = URL(fileArgument: from)
            let table = try CSVTable.read(rawURL)
            let draft = try ChallengeDraft.infer(table, file: rawURL.lastPathComponent, target: target, id: id)
            let options = SplitOptions(
                target: target, id: id, seed: seed, task: draft.task, classes: draft.task.isClassification ? draft.classes : nil)
            let result = try Splitter.split(table, file: rawURL.lastPathComponent, options: options)
            let slug = try Scaffold.create(at: url, draft: draft)
            do {
                try Splitter.write(result, to: url)
            } catch {
                try? FileManager.default.removeItem(at: url)
                throw error
            }
            print("Created \(dir)/ for challenge \"\(slug)\" from \(rawURL.lastPathComponent) (\(table.rows.count) rows):")
            print("  read off the data (change any of these in challenge.yaml):")
            for inference in draft.inferences {
                print("    \((inference.key + ":").padding(toLength: 12, withPad: " ", startingAt: 0)) \(inference.value)  (\(inference.reason))")
            }
            Split.report(result, raw: rawURL.lastPathComponent, rows: table.rows.count, target: target, seed: seed)
            print(
                "Next: podium baseline \(dir) (a model trained on train.csv, set as baseline:), edit README.md and the phases, then podium check \(dir)."
            )
        }
    }

    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a simple model on data/train.csv; write its predictions as reference/baseline.csv and set baseline:.")

        @Argument(help: "The challenge folder.") var dir: String
        @Option(help: "majority (class frequencies or the mean) or linear (logistic or ridge regression).") var model: BaselineModel = .linear

        func run() throws {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: URL(fileArgument: dir).path, isDirectory: &isFolder), !isFolder.boolValue {
                throw PodiumError.invalid(dir, "is a file; podium baseline writes into a challenge folder (the one podium new made)")
            }
            let challenge = try Challenge.open(URL(fileArgument: dir))
            let result = try PodiumCore.Baseline.fit(challenge, model: model)
            let updated = try PodiumCore.Baseline.write(result, to: challenge)
            print("Wrote \(dir)/reference/baseline.csv: \(result.summary)")
            if let features = result.features, !features.dropped.isEmpty {
                print("  left out: \(features.dropped.map { "\($0.name) (\($0.why))" }.joined(separator: ", "))")
            }
            if let report = try? Scorer.score(file: updated.baselineURL!, solution: updated.loadSolution()) {
                let scores = Part.allCases.map { "\($0.rawValue) \(Formats.score(report.scores[$0][report.metric], digits: 4))" }
                print("  \(report.metric.rawValue): \(scores.joined(separator: ", "))")
            }
            print("Set baseline: reference/baseline.csv in challenge.yaml.")
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a labelled CSV into data/train.csv, data/test.csv and reference/solution.csv.")

        @Argument(help: "The labelled CSV file.") var raw: String
        @Option(help: "The challenge folder to write into.") var out: String
        @Option(help: "The target column.") var target: String
        @Option(help: "The id column (generated when absent).") var id: String?
        @Option(help: "Fraction of rows in the test set.") var test: Double = 0.4
        @Option(name: .customLong("public"), help: "Fraction of test rows on the public board.") var publicFraction: Double = 0.5
        @Option(help: "Seed of the shuffle.") var seed: UInt64 = 42
        @Option(help: "binary, multiclass or regression (default: challenge.yaml's, else inferred).") var task: TaskKind?

        func validate() throws {
            guard test > 0 && test < 1 else { throw ValidationError("--test must be a fraction strictly between 0 and 1, found \(test)") }
            guard publicFraction > 0 && publicFraction < 1 else {
                throw ValidationError("--public must be a fraction strictly between 0 and 1, found \(publicFraction)")
            }
        }

        func run() throws {
            let rawURL = URL(fileArgument: raw)
            let outURL = URL(fileArgument: out)
            var options = SplitOptions(target: target, id: id, testFraction: test, publicFraction: publicFraction, seed: seed, task: task)
            let manifestURL = outURL.appending(path: "challenge.yaml")
            if FileManager.default.fileExists(atPath: manifestURL.path) {
                let manifest = try ChallengeManifest.load(from: manifestURL)
                options.task = options.task ?? manifest.task
                if manifest.task.isClassification { options.classes = manifest.classes }
                if manifest.target != target {
                    throw PodiumError.invalid(manifestURL.path, "target: is \"\(manifest.target)\" but --target is \"\(target)\"")
                }
            }
            let table = try CSVTable.read(rawURL)
            let result = try Splitter.split(table, file: rawURL.lastPathComponent, options: options)
            try Splitter.write(result, to: outURL)
            Self.report(result, raw: rawURL.lastPathComponent, rows: table.rows.count, target: target, seed: seed)
        }

        /// What a split wrote, and what it noticed.
        static func report(_ result: SplitResult, raw: String, rows: Int, target: String, seed: UInt64) {
            let publicRows = result.solution.rows.filter { $0[2] == "Public" }.count
            print("Split \(rows) rows of \(raw) (\(result.task.rawValue), seed \(seed)):")
            print("  data/train.csv          \(result.train.rows.count) rows")
            print("  data/test.csv           \(result.test.rows.count) rows (no \(target))")
            print("  reference/solution.csv  \(publicRows) Public, \(result.solution.rows.count - publicRows) Private")
            if !result.unlabelled.isEmpty {
                let lines = result.unlabelled.prefix(5).map(String.init).joined(separator: ", ")
                Console.error(
                    "warning: \(Formats.count(result.unlabelled.count, "row")) of \(raw) have no \(target) (empty or NA; lines \(lines)\(result.unlabelled.count > 5 ? ", ..." : "")): left out of the split"
                )
            }
            if let d = result.duplicates {
                let lines = d.examples.map { "lines " + $0.map(String.init).joined(separator: " = ") }.joined(separator: "; ")
                Console.error(
                    "warning: \(Formats.count(d.rows, "row")) of \(raw) repeat another row's features (\(Formats.count(d.groups, "group")), e.g. \(lines)); each group was kept on one side, so no test row is a copy of a train row (\(d.moved) moved). Remove the copies if they are mistakes."
                )
            }
            if !result.classes.isEmpty { print("  classes: \(result.classes.joined(separator: ", "))") }
            if result.generatedIds { print("  ids generated in column \"id\"") }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a challenge folder; score the baseline and a sample submission.")

        @Argument(help: "The challenge folder.") var dir: String
        @Flag(help: "Print one JSON document: errors, warnings (kind, message, advice, figures), resolution.") var json = false
        @Flag(help: "Exit 1 on a finding in the data too (leaks, order, imbalance, shift...); advice on the resolution does not count.")
        var strict = false

        func run() throws {
            let challenge = try Challenge.open(URL(fileArgument: dir))
            let report = ChallengeCheck.run(challenge)
            print(json ? try Formats.json(report) : CheckFormatter.text(report))
            if !report.ok {
                if json { throw ExitCode(1) }
                throw CheckFailed(report: report)
            }
            let findings = report.warnings.filter { !$0.isAdvice }
            if strict && !findings.isEmpty {
                Console.error("--strict: \(Formats.count(findings.count, "warning")) (listed above)")
                throw ExitCode(1)
            }
        }
    }

    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the challenge bundle and its starting kit.")

        @Argument(help: "The challenge folder.") var dir: String
        @Option(name: .shortAndLong, help: "The folder to write into.") var output: String = "."

        func run() throws {
            let challenge = try Challenge.open(URL(fileArgument: dir))
            let report = ChallengeCheck.run(challenge, audit: false)
            guard report.ok else { throw CheckFailed(report: report) }
            let result = try PodiumBundle.pack(challenge, to: URL(fileArgument: output))
            print("Wrote \(result.bundle.path) (\(result.files.count) files)")
            print("Wrote \(result.startingKit.path) (public files, README.md, sample_submission.csv)")
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a bundle and list what it holds.")

        @Argument(help: "The .podium bundle.") var bundle: String

        func run() throws {
            let listing = try PodiumBundle.inspect(URL(fileArgument: bundle))
            print("\(listing.slug) v\(listing.version): \(listing.files.count) files, every SHA-256 verified")
            for file in listing.files {
                let rows = file.rows.map { "\($0) rows" } ?? ""
                print(
                    "  \(file.path.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(file.bytes).leftPad(9)) B  \(rows.leftPad(11))  \(file.sha256.prefix(12))"
                )
            }
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score a submission against a challenge folder or bundle (no store).")

        @Argument(help: "The challenge folder or .podium bundle.") var challenge: String
        @Argument(help: "The submission (.csv, .csv.gz, or .zip holding one .csv).") var file: String
        @Option(help: "Score with this metric instead of the challenge's.") var metric: String?
        @Flag(help: "Print one JSON document.") var json = false

        func validate() throws {
            if let metric, Metric(rawValue: metric) == nil {
                throw ValidationError("unknown metric \"\(metric)\"; expected one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let opened = try PodiumCore.Challenge.open(URL(fileArgument: challenge))
            let m = opened.manifest
            var metrics: [Metric]?
            if let metric, let chosen = Metric(rawValue: metric) {
                guard chosen.applies(to: m.task, submission: m.submission) else {
                    throw ValidationError("\(metric) does not fit a \(m.task.rawValue) task with \(m.submission.rawValue) submissions")
                }
                metrics = [chosen] + m.allMetrics.filter { $0 != chosen }
            }
            let solution = try opened.loadSolution()
            let report = try Scorer.score(file: URL(fileArgument: file), solution: solution, metrics: metrics)
            print(json ? try report.json() : ScoreFormatter.text(report))
        }
    }
}

extension TaskKind: ExpressibleByArgument {}
extension BaselineModel: ExpressibleByArgument {}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

enum CheckFormatter {
    static func text(_ report: CheckReport) -> String {
        var lines = ["\(report.ok ? "✓" : "✗") \(report.slug)"]
        for (label, value) in report.facts { lines.append("  \(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(value)") }
        // Warnings grouped by kind, as a refused submission's problems are, each with what to do.
        if !report.warnings.isEmpty {
            lines.append("  \(Formats.count(report.warnings.count, "warning")):")
            var kinds: [String] = []
            for warning in report.warnings where !kinds.contains(warning.kind) { kinds.append(warning.kind) }
            for kind in kinds {
                let group = report.warnings.filter { $0.kind == kind }
                lines.append("  ⚠ \(kind) (\(group.count))")
                for warning in group {
                    lines.append("      \(warning.message)")
                    if let advice = warning.advice { lines.append("      → \(advice)") }
                }
            }
        }
        for error in report.errors { lines.append("  error: \(error)") }
        return lines.joined(separator: "\n")
    }
}

enum ScoreFormatter {
    static func text(_ report: ScoreReport) -> String {
        var lines = ["\(report.challenge) v\(report.version): \(report.rows) rows scored"]
        let metrics = [report.metric] + report.scores.all.keys.sorted().filter { $0 != report.metric }
        lines.append(
            "  " + "metric".padding(toLength: 26, withPad: " ", startingAt: 0) + "public".leftPad(12) + "private".leftPad(12) + "all".leftPad(12))
        for metric in metrics {
            let cells = Part.allCases.map { part in Formats.score(report.scores[part][metric], digits: 6) }
            let name = metric == report.metric ? "\(metric) (primary)" : metric.rawValue
            lines.append("  " + name.padding(toLength: 26, withPad: " ", startingAt: 0) + cells.map { $0.leftPad(12) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
