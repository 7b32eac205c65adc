import Foundation

/// What `podium check` found in a challenge folder. In JSON (`podium check --json`):
/// `{"challenge": SLUG, "errors": [...], "warnings": [{"kind", "message", "advice", ...}],
/// "resolution": {...} or null}`.
public struct CheckReport: Sendable, Encodable {
    public var slug: String
    public var errors: [String] = []
    public var warnings: [CheckWarning] = []
    /// Label and value pairs for the summary, in order.
    public var facts: [(String, String)] = []
    /// How finely the rows tell scores apart (nil when the bootstrap is off or scoring failed).
    public var resolution: Resolution?

    public var ok: Bool { errors.isEmpty }

    mutating func warn(_ kind: String, _ message: String, advice: String? = nil) {
        warnings.append(CheckWarning(kind: kind, message: message, advice: advice))
    }

    enum CodingKeys: String, CodingKey { case challenge, errors, warnings, resolution }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .challenge)
        try c.encode(errors, forKey: .errors)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(resolution, forKey: .resolution)
    }
}

/// A challenge folder that does not pass `podium check`.
public struct CheckFailed: Error, LocalizedError, Sendable {
    public var report: CheckReport
    public init(report: CheckReport) { self.report = report }
    public var errorDescription: String? { report.errors.joined(separator: "\n") }
}

public enum ChallengeCheck {
    /// Checks everything a challenge needs, collecting all problems; the manifest must load.
    /// `audit`: also run the authoring audit (`podium check` does; pack and publish, which only
    /// refuse on errors, do not pay for it).
    public static func run(_ challenge: Challenge, audit: Bool = true) -> CheckReport {
        let m = challenge.manifest
        var report = CheckReport(slug: m.slug)
        let fm = FileManager.default
        func rel(_ url: URL) -> String { String(url.path.dropFirst(challenge.root.path.count + 1)) }
        report.facts.append(("challenge", "\(m.slug) v\(m.version): \(m.title)"))
        report.facts.append(("task", "\(m.task.rawValue), \(m.submission.rawValue) submissions"))
        let direction = m.metric.higherIsBetter ? "higher is better" : "lower is better"
        report.facts.append(
            (
                "metric",
                "\(m.metric.rawValue) (\(direction))" + (m.metrics.isEmpty ? "" : "; also \(m.metrics.map(\.rawValue).joined(separator: ", "))")
            ))

        if let code = m.code {
            report.facts.append(
                (
                    "code",
                    "participants send \(code.entry); run by \(code.ingestion.map { "the ingestion program in \($0)" } ?? "Podium's default ingestion") "
                        + "with \(code.timeLimit) s, \(Formats.size(code.memory)), \(code.cpus) CPU(s), environment \(code.environment)"
                ))
            if let folder = code.ingestion {
                do { _ = try IngestionProgram.load(root: challenge.root, folder: folder) } catch { report.errors.append(error.localizedDescription) }
            }
            if !fm.fileExists(atPath: challenge.root.appending(path: "starting-kit/\(code.entry)").path) {
                report.warn(
                    "starting-kit", "starting-kit/\(code.entry) is missing: participants get no working sample model",
                    advice:
                        "add a small \(code.entry) with class Model (fit, \(m.submission == .probability ? "predict_proba" : "predict")) that podium run accepts"
                )
            }
        }
        if !fm.fileExists(atPath: challenge.readmeURL.path) {
            report.errors.append("README.md: missing; participants need an overview, the data, the evaluation and the rules")
        }
        for url in [challenge.testURL, challenge.solutionURL] where !fm.fileExists(atPath: url.path) {
            report.errors.append("\(rel(url)): missing (podium split RAW.csv --out DIR --target COL writes it)")
        }
        guard report.errors.filter({ !$0.hasPrefix("README") }).isEmpty else { return report }

        // The test file: ids unique, no target. The tables are read column by column, a
        // feature that is numbers in both files as numbers (see `ColumnarTable`); the id and
        // the target as text.
        let hasTrain = fm.fileExists(atPath: challenge.trainURL.path)
        var numeric: Set<String> = []
        if let test = try? ColumnarTable.numericColumns(challenge.testURL) {
            numeric = Set(zip(test.header, test.numeric).filter(\.1).map(\.0))
            if hasTrain {
                let train = try? ColumnarTable.numericColumns(challenge.trainURL)
                numeric.formIntersection(train.map { Set(zip($0.header, $0.numeric).filter(\.1).map(\.0)) } ?? [])
            }
            numeric.subtract([m.id, m.target])
        }  // a file that cannot be read is said below, where it is read
        var testIds: [String] = []
        var testTable: ColumnarTable?
        var trainTable: ColumnarTable?
        do {
            let test = try ColumnarTable.read(challenge.testURL, numeric: numeric)
            testTable = test
            if let ids = test.text(m.id) {
                var seen: [String: Int] = [:]
                for (i, id) in ids.enumerated() {
                    if let line = seen[id] {
                        report.errors.append("data/test.csv line \(test.lines[i]): id \(Echo.quoted(id)) already appears on line \(line)")
                    } else {
                        seen[id] = test.lines[i]
                    }
                }
                testIds = ids
            } else {
                report.errors.append("data/test.csv line 1: no id column \(Echo.quoted(m.id)); found \(Echo.list(test.header))")
            }
            if test.column(m.target) != nil {
                report.errors.append(
                    "data/test.csv line 1: holds the target column \(Echo.quoted(m.target)); the answers belong in reference/solution.csv only")
            }
            report.facts.append(("test", "\(test.rowCount) rows, \(test.header.count) columns"))
        } catch {
            report.errors.append(error.localizedDescription)
        }
        if hasTrain {
            do {
                let train = try ColumnarTable.read(challenge.trainURL, numeric: numeric)
                trainTable = train
                if let targets = train.text(m.target) {
                    if m.task.isClassification {
                        for (i, target) in targets.enumerated() where !m.classes.contains(target) {
                            report.errors.append(
                                "data/train.csv line \(train.lines[i]): target \(Echo.quoted(target)) is not one of the classes \(Echo.list(m.classes, separator: ", "))"
                            )
                            break
                        }
                    }
                } else {
                    report.warn("data", "data/train.csv: no target column \(Echo.quoted(m.target)); participants cannot learn from it")
                }
                report.facts.append(("train", "\(train.rowCount) rows, \(train.header.count) columns"))
            } catch {
                report.errors.append(error.localizedDescription)
            }
        } else {
            report.warn("data", "data/train.csv: missing; participants usually need training data")
        }

        // The solution: parses, matches the test ids, both parts non-empty, classes present.
        let solution: Solution
        do {
            solution = try challenge.loadSolution()
        } catch {
            report.errors.append("reference/\(error.localizedDescription)")
            return report
        }
        let testSet = Set(testIds)
        let missing = testIds.filter { solution.row(of: $0) == nil }
        if !missing.isEmpty {
            report.errors.append(
                "reference/solution.csv: \(missing.count) ids of data/test.csv have no answer, e.g. \(missing.prefix(3).map { Echo.quoted($0) }.joined(separator: ", "))"
            )
        }
        let extra = solution.allIDs().filter { !testSet.contains($0) }
        if !extra.isEmpty && !testIds.isEmpty {
            report.errors.append(
                "reference/solution.csv: \(extra.count) ids are not in data/test.csv, e.g. \(extra.sorted().prefix(3).map { Echo.quoted($0) }.joined(separator: ", "))"
            )
        }
        let publicCount = solution.publicCount
        report.facts.append(("solution", "\(solution.count) rows: \(publicCount) Public, \(solution.count - publicCount) Private"))
        if publicCount == 0 { report.errors.append("reference/solution.csv: no row has Usage Public; the public board would be empty") }
        if publicCount == solution.count {
            report.errors.append("reference/solution.csv: no row has Usage Private; the private board would be empty")
        }
        if m.task.isClassification {
            var counts = [Int](repeating: 0, count: m.classes.count)
            for label in solution.classIndex { counts[Int(label)] += 1 }
            report.facts.append(("classes", zip(m.classes, counts).map { "\($0) \($1)" }.joined(separator: ", ")))
            for (name, count) in zip(m.classes, counts) where count == 0 {
                report.errors.append("reference/solution.csv: class \(Echo.quoted(name)) never occurs; every class must be present")
            }
        }

        if let readme = try? String(contentsOf: challenge.readmeURL, encoding: .utf8) {
            for finding in ReadmeAudit.rawHTML(in: readme) {
                report.warn(
                    "readme", "README.md line \(finding.line): raw HTML \(finding.tag) is shown as text on the web pages; write it as Markdown")
            }
        }

        // Scores: the sample submission, then the baseline; the resolution from the baseline,
        // else the sample.
        guard report.errors.isEmpty else { return report }
        var reference: (String, Predictions)? = nil
        do {
            let temporary = try TemporaryDirectory(prefix: "podium-check")
            let sample = temporary.url.appending(path: "sample_submission.csv")
            try Data(try SampleSubmission.make(challenge).utf8).write(to: sample)
            let scores = try Scorer.score(file: sample, solution: solution)
            report.facts.append(("sample", describe(scores)))
            reference = ("sample", try Scorer.predictions(file: sample, solution: solution))
        } catch {
            report.errors.append("the generated sample submission cannot be scored: \(error.localizedDescription)")
        }
        if let baseline = challenge.baselineURL {
            if fm.fileExists(atPath: baseline.path) {
                do {
                    report.facts.append(("baseline", describe(try Scorer.score(file: baseline, solution: solution))))
                    reference = ("baseline", try Scorer.predictions(file: baseline, solution: solution))
                } catch {
                    report.errors.append("baseline \(m.baseline ?? ""): \(error.localizedDescription)")
                }
            } else {
                report.errors.append("challenge.yaml: baseline: \(m.baseline ?? "") does not exist")
            }
        }
        if report.errors.isEmpty, let (name, predictions) = reference {
            report.resolution = Resolution.measure(reference: name, predictions: predictions, solution: solution)
            if let resolution = report.resolution {
                report.facts.append(("resolution", resolution.summary))
                for warning in resolution.warnings { report.warn("resolution", warning) }
            } else {
                report.facts.append(("resolution", "not measured: ranking.bootstrap is 0, so boards show no intervals"))
            }
        }
        if m.task.isClassification {
            for part in [Part.public, .private] {
                var counts = [Int](repeating: 0, count: m.classes.count)
                for row in 0..<solution.count where solution.isPublic(row) == (part == .public) { counts[Int(solution.classIndex[row])] += 1 }
                for (name, count) in zip(m.classes, counts) where count > 0 && count < BoardBootstrap.smallStratum {
                    report.warn(
                        "small-class",
                        "reference/solution.csv: class \(Echo.quoted(name)) has only \(count) \(part.rawValue) row\(count == 1 ? "" : "s"); resamples keep each class's rows, so how much that class varies cannot show in the intervals"
                    )
                }
            }
        }
        // The authoring audit: leaks, order, imbalance, shift (see `AuthoringAudit`).
        if audit, report.errors.isEmpty, let testTable {
            report.warnings += AuthoringAudit.run(AuditData(manifest: m, train: trainTable, test: testTable, solution: solution))
        }
        return report
    }

    static func describe(_ report: ScoreReport) -> String {
        let format = { (v: Double?) in v == nil ? "n/a" : Formats.score(v) }
        return "\(report.metric) public \(format(report.score(.public))), private \(format(report.score(.private)))"
    }
}
