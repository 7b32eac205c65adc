import Foundation
import Yams

/// One problem found in a manifest, located by file, line and key.
public struct ManifestProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public var description: String {
        let place = line.map { "\(file) line \($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// A manifest that cannot be used, with every problem found in it.
public struct ManifestError: Error, LocalizedError, Equatable {
    public var problems: [ManifestProblem]

    public var errorDescription: String? {
        problems.map(\.description).joined(separator: "\n")
    }
}

extension ChallengeManifest {
    /// Reads and validates `challenge.yaml` (or any manifest file).
    public static func load(from url: URL) throws -> ChallengeManifest {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ManifestError(problems: [
                ManifestProblem(
                    file: url.path, line: nil, key: "",
                    message: "cannot be read as UTF-8 text (\(error.localizedDescription))")
            ])
        }
        return try parse(yaml: text, file: url.path)
    }

    /// Parses and validates manifest text; `file` names it in messages.
    public static func parse(yaml: String, file: String = "challenge.yaml") throws -> ChallengeManifest {
        let root: Node?
        do {
            root = try YAMLText.compose(yaml, file: file)
        } catch let error as YAMLText.SyntaxError {
            throw ManifestError(problems: [ManifestProblem(file: file, line: error.line, key: "", message: error.problem)])
        }
        var reader = ManifestReader(file: file)
        guard let root, case .mapping(let mapping) = root else {
            throw ManifestError(problems: [
                ManifestProblem(file: file, line: root?.mark?.line, key: "", message: "expected a mapping of keys (slug, title, task, ...)")
            ])
        }
        let manifest = reader.read(mapping)
        guard reader.problems.isEmpty, let manifest else {
            throw ManifestError(problems: reader.problems)
        }
        return manifest
    }

}

/// Walks the YAML tree, collecting every problem instead of stopping at the first.
private struct ManifestReader {
    let file: String
    var problems: [ManifestProblem] = []

    init(file: String) { self.file = file }

    mutating func problem(_ node: Node?, _ key: String, _ message: String) {
        problems.append(ManifestProblem(file: file, line: node?.mark?.line, key: key, message: message))
    }

    /// Splits a mapping into known keys, reporting unknown and repeated ones.
    mutating func fields(_ mapping: Node.Mapping, path: String, known: [String]) -> [String: (key: Node, value: Node)] {
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            let full = Echo.text(path.isEmpty ? name : "\(path).\(name)")
            if !known.contains(name) {
                problem(key, full, "unknown key; expected one of \(known.joined(separator: ", "))")
            } else if result[name] != nil {
                problem(key, full, "appears twice")
            } else {
                result[name] = (key, value)
            }
        }
        return result
    }

    mutating func string(_ node: Node, _ key: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            problem(node, key, "expected a text value")
            return nil
        }
        return scalar.string
    }

    /// A whole number in `range`: every count the manifest sets is bounded, so that no
    /// arithmetic on it (a version plus one, a limit minus what is used) can overflow.
    mutating func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            problem(node, key, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        guard range.contains(value) else {
            problem(node, key, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    /// A finite number in `range` (grades, scales, thresholds).
    mutating func number(_ node: Node, _ key: String, in range: ClosedRange<Double> = -ChallengeManifest.maxNumber...ChallengeManifest.maxNumber)
        -> Double?
    {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            problem(node, key, "expected a number")
            return nil
        }
        guard range.contains(value) else {
            problem(
                node, key,
                "expected a number from \(Formats.number(range.lowerBound)) to \(Formats.number(range.upperBound)), found \(Formats.number(value))")
            return nil
        }
        return value
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, _: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, key) else { return nil }
        guard let value = T(rawValue: text) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            problem(node, key, "expected one of \(options), found \(Echo.quoted(text))")
            return nil
        }
        return value
    }

    mutating func list(_ node: Node, _ key: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            problem(node, key, "expected a list")
            return nil
        }
        return Array(sequence)
    }

    mutating func date(_ node: Node, _ key: String) -> Date? {
        guard let text = string(node, key) else { return nil }
        guard let date = ISO8601.parse(text) else {
            problem(node, key, "expected an ISO 8601 date and time with an offset (e.g. 2027-01-15T09:00:00+01:00), found \(Echo.quoted(text))")
            return nil
        }
        return date
    }

    static let topKeys = [
        "slug", "title", "version", "authors", "task", "id", "target", "classes", "positive",
        "submission", "metric", "metrics", "baseline", "timezone", "phases", "grading", "board_names",
        "ranking", "public_board", "code",
    ]

    mutating func read(_ mapping: Node.Mapping) -> ChallengeManifest? {
        let f = fields(mapping, path: "", known: Self.topKeys)
        let rootLine = Node.mapping(mapping)
        func required(_ key: String) -> Node? {
            if let node = f[key]?.value { return node }
            problem(rootLine, key, "is required")
            return nil
        }
        let slug = required("slug").flatMap { string($0, "slug") }
        if let slug, let node = f["slug"]?.value, !Self.isValidSlug(slug) {
            problem(node, "slug", "expected 3 to 40 characters among a-z, 0-9 and -, found \(Echo.quoted(slug))")
        }
        let title = required("title").flatMap { string($0, "title") }
        let version = required("version").flatMap { integer($0, "version", in: 1...ChallengeManifest.maxVersion) }
        let task = required("task").flatMap { choice($0, "task", TaskKind.self) }
        let idColumn = required("id").flatMap { string($0, "id") }
        let target = required("target").flatMap { string($0, "target") }
        let metricNode = required("metric")
        let metricName = metricNode.flatMap { string($0, "metric") }

        var authors: [Author] = []
        if let node = f["authors"]?.value, let items = list(node, "authors") {
            for item in items { if let author = readAuthor(item) { authors.append(author) } }
        }

        var classes: [String] = []
        if let node = f["classes"]?.value, let items = list(node, "classes") {
            for item in items {
                if let name = string(item, "classes") {
                    if classes.contains(name) { problem(item, "classes", "class \(Echo.quoted(name)) is listed twice") }
                    classes.append(name)
                }
            }
        }
        let positive = f["positive"].flatMap { string($0.value, "positive") }
        if let task {
            switch task {
            case .binary, .multiclass:
                if f["classes"] == nil {
                    problem(rootLine, "classes", "is required for a \(task.rawValue) task (the list of class labels)")
                } else if task == .binary && classes.count != 2 {
                    problem(f["classes"]?.value, "classes", "a binary task needs exactly 2 classes, found \(classes.count)")
                } else if task == .multiclass && classes.count < 3 {
                    problem(
                        f["classes"]?.value, "classes", "a multiclass task needs at least 3 classes, found \(classes.count) (use task: binary for 2)")
                } else if classes.count > ChallengeManifest.maxClasses {
                    problem(f["classes"]?.value, "classes", "at most \(ChallengeManifest.maxClasses) classes are supported, found \(classes.count)")
                }
                if task == .binary {
                    if f["positive"] == nil {
                        problem(rootLine, "positive", "is required for a binary task (which class is positive)")
                    } else if let positive, !classes.isEmpty, !classes.contains(positive) {
                        problem(
                            f["positive"]?.value, "positive",
                            "\(Echo.quoted(positive)) is not one of the classes \(Echo.list(classes, separator: ", "))")
                    }
                } else if f["positive"] != nil {
                    problem(f["positive"]?.key, "positive", "only applies to a binary task")
                }
            case .regression:
                if f["classes"] != nil { problem(f["classes"]?.key, "classes", "does not apply to a regression task") }
                if f["positive"] != nil { problem(f["positive"]?.key, "positive", "does not apply to a regression task") }
            }
        }

        var submission: SubmissionKind?
        if let node = f["submission"]?.value, let kind = choice(node, "submission", SubmissionKind.self) {
            submission = kind
            if let task {
                if task == .regression && kind != .value {
                    problem(node, "submission", "a regression task takes submissions of kind value, not \(kind.rawValue)")
                } else if task != .regression && kind == .value {
                    problem(node, "submission", "a \(task.rawValue) task takes probability or label submissions, not value")
                }
            }
        }
        let effectiveSubmission = submission ?? (task.map { $0.isClassification ? .probability : .value })

        var secondary: [Metric] = []
        if let node = f["metrics"]?.value, let items = list(node, "metrics") {
            for item in items {
                if let name = string(item, "metrics"), let metric = checkMetric(name, item, "metrics", task, effectiveSubmission) {
                    secondary.append(metric)
                }
            }
        }
        let metric = metricName.flatMap { checkMetric($0, metricNode, "metric", task, effectiveSubmission) }

        var baseline = f["baseline"].flatMap { string($0.value, "baseline") }
        if let path = baseline, let node = f["baseline"]?.value, let why = Self.pathProblem(path) {
            problem(node, "baseline", why)
            baseline = nil
        }
        var timezone: String?
        if let node = f["timezone"]?.value, let name = string(node, "timezone") {
            if TimeZone(identifier: name) == nil {
                problem(node, "timezone", "\(Echo.quoted(name)) is not a time zone name (e.g. Europe/Paris)")
            } else {
                timezone = name
            }
        }

        var phases: [Phase] = []
        if let node = f["phases"]?.value, let items = list(node, "phases") {
            if items.isEmpty { problem(node, "phases", "expected at least one phase, or no phases key") }
            for (index, item) in items.enumerated() {
                if let phase = readPhase(item, index: index) { phases.append(phase) }
            }
            for (index, phase) in phases.enumerated().dropFirst() {
                let previous = phases[index - 1]
                if let closes = previous.closes, let opens = phase.opens, opens < closes {
                    problem(
                        items[index], "phases[\(index)].opens",
                        "phase \(Echo.quoted(phase.name)) opens before phase \(Echo.quoted(previous.name)) closes")
                }
            }
        }

        var grading = Grading()
        if let node = f["grading"]?.value { grading = readGrading(node) }

        let boardNames = f["board_names"].flatMap { choice($0.value, "board_names", BoardNames.self) }
        let ranking = f["ranking"].map { readRanking($0.value) }
        let publicBoard = f["public_board"].flatMap { choice($0.value, "public_board", PublicBoardMode.self) }
        let code = f["code"].map { readCode($0.value) }
        guard let slug, let title, let version, let task, let idColumn, let target, let metric else {
            return nil
        }
        if idColumn == target {
            problem(f["target"]?.value, "target", "must differ from the id column \(Echo.quoted(idColumn))")
        }
        let zone = timezone ?? phases.first?.opens.map { _ in Self.offsetZoneName(f["phases"]?.value) } ?? "UTC"
        return ChallengeManifest(
            slug: slug, title: title, version: version, authors: authors, task: task, id: idColumn,
            target: target, classes: classes, positive: positive, submission: submission, metric: metric,
            metrics: secondary, baseline: baseline, timezone: zone,
            phases: phases.isEmpty ? [.alwaysOpen] : phases, grading: grading, boardNames: boardNames, ranking: ranking,
            publicBoard: publicBoard, code: code)
    }

    /// Without a `timezone` key, days are counted in the offset of the first phase's `opens`.
    static func offsetZoneName(_ phasesNode: Node?) -> String {
        guard case .sequence(let items)? = phasesNode, let first = items.first,
            let opens = first["opens"]?.string, let seconds = ISO8601.offsetSeconds(opens),
            let zone = TimeZone(secondsFromGMT: seconds)
        else { return "UTC" }
        return zone.identifier
    }

    /// Why a path named in the manifest could lead outside the challenge folder, if it could:
    /// it must be relative, use `/`, and have no `..` component. (Links are checked when the
    /// folder is opened, see `Challenge.open`.)
    static func pathProblem(_ path: String) -> String? {
        let shown = Echo.quoted(path)
        if path.hasPrefix("/") || path.hasPrefix("~") {
            return "must be a path inside the challenge folder, relative to it (e.g. starting-kit/baseline.csv), found \(shown)"
        }
        if path.contains("\\") || path.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return "must be a relative path written with / and no control characters, found \(shown)"
        }
        if path.split(separator: "/").contains("..") {
            return "must stay inside the challenge folder (no .. in the path), found \(shown)"
        }
        return nil
    }

    static func isValidSlug(_ slug: String) -> Bool {
        (3...40).contains(slug.utf8.count)
            && slug.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// The metric named `name`, when it exists and fits the task (else a problem is noted).
    mutating func checkMetric(_ name: String, _ node: Node?, _ key: String, _ task: TaskKind?, _ submission: SubmissionKind?) -> Metric? {
        guard let metric = Metric(rawValue: name) else {
            problem(node, key, "unknown metric \(Echo.quoted(name)); expected one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let task, let submission else { return metric }
        if !metric.applies(to: task, submission: submission) {
            let fitting = Metric.allCases.filter { $0.applies(to: task, submission: submission) }.map(\.rawValue)
            problem(
                node, key,
                "\(Echo.text(name)) does not fit a \(task.rawValue) task with \(submission.rawValue) submissions; expected one of \(fitting.joined(separator: ", "))"
            )
        }
        return metric
    }

    mutating func readAuthor(_ node: Node) -> Author? {
        if case .scalar(let scalar) = node { return Author(name: scalar.string) }
        guard case .mapping(let mapping) = node else {
            problem(node, "authors", "expected a name or a mapping with name and email")
            return nil
        }
        let f = fields(mapping, path: "authors", known: ["name", "email"])
        guard let nameNode = f["name"]?.value else {
            problem(node, "authors.name", "is required")
            return nil
        }
        guard let name = string(nameNode, "authors.name") else { return nil }
        let email = f["email"].flatMap { string($0.value, "authors.email") }
        return Author(name: name, email: email)
    }

    mutating func readPhase(_ node: Node, index: Int) -> Phase? {
        let path = "phases[\(index)]"
        guard case .mapping(let mapping) = node else {
            problem(node, path, "expected a mapping with name, opens, closes, max_per_day, max_total, final_selection")
            return nil
        }
        let f = fields(mapping, path: path, known: ["name", "opens", "closes", "max_per_day", "max_total", "final_selection", "reveal"])
        var phase = Phase(name: "phase \(index + 1)")
        if let n = f["reveal"]?.value, let reveal = choice(n, "\(path).reveal", RevealMode.self) {
            phase.reveal = reveal
            if reveal == .atClose && f["closes"] == nil { problem(n, "\(path).reveal", "at_close needs the phase's closes date") }
        }
        if let n = f["name"]?.value, let name = string(n, "\(path).name") { phase.name = name }
        if let n = f["opens"]?.value { phase.opens = date(n, "\(path).opens") }
        if let n = f["closes"]?.value { phase.closes = date(n, "\(path).closes") }
        if let n = f["max_per_day"]?.value { phase.maxPerDay = integer(n, "\(path).max_per_day", in: 1...ChallengeManifest.maxLimit) }
        if let n = f["max_total"]?.value { phase.maxTotal = integer(n, "\(path).max_total", in: 1...ChallengeManifest.maxLimit) }
        if let n = f["final_selection"]?.value {
            phase.finalSelection = integer(n, "\(path).final_selection", in: 1...ChallengeManifest.maxFinalSelection) ?? 2
        }
        if let opens = phase.opens, let closes = phase.closes, closes <= opens {
            problem(f["closes"]?.value, "\(path).closes", "phase \(Echo.quoted(phase.name)) closes before it opens")
        }
        if let perDay = phase.maxPerDay, let total = phase.maxTotal, perDay > total {
            problem(f["max_per_day"]?.value, "\(path).max_per_day", "is larger than max_total (\(total))")
        }
        return phase
    }

    /// `code`: entry, environment, time_limit, memory, cpus, gpus, max_size, max_pending, ingestion.
    mutating func readCode(_ node: Node) -> CodeSettings {
        var code = CodeSettings()
        guard case .mapping(let mapping) = node else {
            problem(node, "code", "expected a mapping with entry, environment, time_limit, memory, cpus...")
            return code
        }
        let f = fields(
            mapping, path: "code", known: ["entry", "environment", "time_limit", "memory", "cpus", "gpus", "max_size", "max_pending", "ingestion"])
        if let n = f["entry"]?.value, let v = string(n, "code.entry") {
            if v.hasSuffix(".py"), !v.contains("/"), !v.hasPrefix(".") {
                code.entry = v
            } else {
                problem(n, "code.entry", "expected a .py file name such as model.py")
            }
        }
        if let n = f["environment"]?.value, let v = string(n, "code.environment") { code.environment = v }
        if let n = f["time_limit"]?.value, let v = integer(n, "code.time_limit", in: 1...CodeSettings.maxTimeLimit) { code.timeLimit = v }
        for (key, path) in [("memory", \CodeSettings.memory), ("max_size", \CodeSettings.maxSize)] {
            guard let n = f[key]?.value, let text = string(n, "code.\(key)") else { continue }
            if let v = CodeSettings.bytes(text) {
                code[keyPath: path] = v
            } else {
                problem(n, "code.\(key)", "expected a size such as 2GiB or 512MiB")
            }
        }
        if let n = f["cpus"]?.value, let v = integer(n, "code.cpus", in: 1...256) { code.cpus = v }
        if let n = f["gpus"]?.value, let v = integer(n, "code.gpus", in: 0...16) { code.gpus = v }
        if let n = f["max_pending"]?.value, let v = integer(n, "code.max_pending", in: 1...100) { code.maxPending = v }
        if let n = f["ingestion"]?.value, let v = string(n, "code.ingestion") {
            let top = v.split(separator: "/").first.map(String.init) ?? ""
            if let why = Self.pathProblem(v) {
                problem(n, "code.ingestion", why)
            } else if top.isEmpty || top == "." || ["data", "reference", "source", "starting-kit"].contains(top) {
                // Its folder goes into the starting kit: never the solution or the raw data.
                problem(n, "code.ingestion", "expected a folder of its own such as ingestion_program/, found \(Echo.quoted(v))")
            } else {
                code.ingestion = v
            }
        }
        return code
    }

    /// `ranking`: bootstrap (resamples, 0 for none), confidence (strictly between 0.5 and 1)
    /// and seed.
    mutating func readRanking(_ node: Node) -> RankingSettings {
        var ranking = RankingSettings()
        guard case .mapping(let mapping) = node else {
            problem(node, "ranking", "expected a mapping with bootstrap, confidence and seed")
            return ranking
        }
        let f = fields(mapping, path: "ranking", known: ["bootstrap", "confidence", "seed"])
        if let n = f["bootstrap"]?.value, let v = integer(n, "ranking.bootstrap", in: 0...RankingSettings.maxResamples) {
            ranking.bootstrap = v
        }
        if let n = f["confidence"]?.value, let v = number(n, "ranking.confidence", in: 0.5...0.999) {
            ranking.confidence = v
        }
        if let n = f["seed"]?.value, let v = integer(n, "ranking.seed", in: 0...Int(RankingSettings.maxSeed)) {
            ranking.seed = UInt64(v)
        }
        return ranking
    }

    /// `grading.report: {weight: 0.5, due: 2027-04-30T23:59:00+02:00, pages: [4, 6]}`.
    mutating func readReport(_ node: Node, scale: Double) -> ReportSettings? {
        guard case .mapping(let mapping) = node else {
            problem(
                node, "grading.report",
                "expected a mapping with weight, and optionally due and pages, e.g. {weight: 0.5, due: 2027-04-30T23:59:00+02:00, pages: [4, 6]}")
            return nil
        }
        let f = fields(mapping, path: "grading.report", known: ["weight", "due", "pages"])
        guard let w = f["weight"]?.value else {
            problem(node, "grading.report.weight", "the report's weight in the TER grade is required (between 0 and 1, e.g. 0.5)")
            return nil
        }
        guard let weight = number(w, "grading.report.weight", in: 0...1) else { return nil }
        if weight <= 0 || weight >= 1 {
            problem(w, "grading.report.weight", "must be strictly between 0 and 1 (the challenge grade gets the rest), found \(weight)")
            return nil
        }
        var report = ReportSettings(weight: weight)
        if let n = f["due"]?.value { report.due = date(n, "grading.report.due") }
        if let n = f["pages"]?.value, let items = list(n, "grading.report.pages") {
            let counts = items.compactMap { number($0, "grading.report.pages", in: 1...10_000) }
            if counts.count == 2, counts.allSatisfy({ $0.rounded() == $0 }), counts[0] <= counts[1] {
                report.pages = counts.map { Int($0) }
            } else {
                problem(n, "grading.report.pages", "expected the first and last page counts, e.g. [4, 6]")
            }
        }
        return report
    }

    mutating func readGrading(_ node: Node) -> Grading {
        var grading = Grading()
        guard case .mapping(let mapping) = node else {
            problem(node, "grading", "expected a mapping with scale, policy and the policy's parameters")
            return grading
        }
        let f = fields(
            mapping, path: "grading",
            known: ["scale", "policy", "baseline", "best", "top", "bottom", "thresholds", "rounding", "no_submission", "uncertainty", "report"])
        if let n = f["scale"]?.value, let v = number(n, "grading.scale", in: 0...ChallengeManifest.maxScale) {
            if v <= 0 { problem(n, "grading.scale", "must be positive") } else { grading.scale = v }
        }
        if let n = f["policy"]?.value, let p = choice(n, "grading.policy", GradingPolicy.self) { grading.policy = p }
        if let n = f["uncertainty"]?.value, let u = choice(n, "grading.uncertainty", GradeUncertainty.self) { grading.uncertainty = u }
        grading.baselineGrade = grading.scale / 2
        grading.bottomGrade = grading.scale / 2
        if let n = f["baseline"]?.value, let v = number(n, "grading.baseline") { grading.baselineGrade = v }
        if let n = f["best"]?.value, let v = number(n, "grading.best") { grading.bestGrade = v }
        if let n = f["top"]?.value, let v = number(n, "grading.top") { grading.topGrade = v }
        if let n = f["bottom"]?.value, let v = number(n, "grading.bottom") { grading.bottomGrade = v }
        if let n = f["rounding"]?.value, let v = number(n, "grading.rounding", in: 0...grading.scale) {
            if v > 0 && v < grading.scale / 1e6 {
                problem(n, "grading.rounding", "must be 0 (no rounding) or a step of at least a millionth of the scale")
            } else {
                grading.rounding = v
            }
        }
        if let n = f["no_submission"]?.value, let v = number(n, "grading.no_submission") { grading.noSubmission = v }
        if let n = f["thresholds"]?.value, let items = list(n, "grading.thresholds") {
            for item in items {
                guard case .mapping(let m) = item else {
                    problem(item, "grading.thresholds", "expected a mapping with score and grade")
                    continue
                }
                let t = fields(m, path: "grading.thresholds", known: ["score", "grade"])
                guard let s = t["score"]?.value, let g = t["grade"]?.value else {
                    problem(item, "grading.thresholds", "each band needs a score and a grade")
                    continue
                }
                if let score = number(s, "grading.thresholds.score"), let grade = number(g, "grading.thresholds.grade", in: 0...grading.scale) {
                    grading.thresholds.append(GradeThreshold(score: score, grade: grade))
                }
            }
        }
        if let n = f["report"]?.value { grading.report = readReport(n, scale: grading.scale) }
        if grading.policy == .thresholds && grading.thresholds.isEmpty {
            problem(node, "grading.thresholds", "the thresholds policy needs a list of bands (score, grade)")
        }
        for (key, value) in [
            ("baseline", grading.baselineGrade), ("best", grading.bestGrade), ("top", grading.topGrade), ("bottom", grading.bottomGrade),
            ("no_submission", grading.noSubmission),
        ] {
            if let value, value < 0 || value > grading.scale {
                problem(f[key]?.value, "grading.\(key)", "grade \(value) is outside the scale 0–\(grading.scale)")
            }
        }
        return grading
    }
}
