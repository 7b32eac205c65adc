import Foundation
import Yams

/// A Podium challenge folder from a Codabench result-submission bundle. Real bundles are not
/// tidy, so the importer looks for the answers where bundles keep them and says what it did:
/// - Podium's own exports (and bundles like them): `reference_public/solution.csv` and
///   `reference_private/solution.csv` (id and target), with the starting kit's data;
/// - bundles with one task per phase whose reference data is a headerless one-column label
///   file (Codabench's wheat_seeds example): the first phase's labels become the Public rows,
///   the last phase's the Private rows, matched by row order with each phase's input data
///   (whitespace-separated features, no ids), and ids are generated.
/// A code-submission bundle becomes a code challenge: its ingestion program is kept when it
/// writes Podium's predictions file (else Podium's default ingestion runs the models), its
/// sample code submission becomes the starting kit's. Whatever cannot be carried over (the
/// scoring code, a program Podium cannot run) is listed in `notes`, never dropped silently.
public enum CodabenchImport {
    public struct Result: Sendable {
        public var slug: String
        public var metric: Metric
        public var metricGuessed: Bool
        public var rows: (public: Int, private: Int)
        public var notes: [String]
    }

    /// Bundle files by path, with a single enclosing folder removed.
    /// Bundles are read whole, up to this many bytes inflated.
    public static let maxBundleBytes = 2 << 30

    static func files(_ url: URL) throws -> [String: Data] {
        var files = try ZipReader(url: url).files(limit: maxBundleBytes).filter { !$0.key.hasPrefix("__MACOSX") }
        if files["competition.yaml"] == nil, let nested = files.keys.first(where: { $0.hasSuffix("/competition.yaml") }) {
            let prefix = String(nested.dropLast("competition.yaml".count))
            files = Dictionary(
                files.compactMap { $0.key.hasPrefix(prefix) ? (String($0.key.dropFirst(prefix.count)), $0.value) : nil },
                uniquingKeysWith: { a, _ in a })
        }
        return files
    }

    /// The files under a bundle path: a folder's files, or a zip's entries.
    static func contents(_ path: String, in files: [String: Data]) throws -> [String: Data] {
        if let zip = files[path], path.hasSuffix(".zip") { return try ZipReader(data: zip).files(limit: maxBundleBytes) }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return Dictionary(
            files.compactMap { $0.key.hasPrefix(prefix) ? (String($0.key.dropFirst(prefix.count)), $0.value) : nil }, uniquingKeysWith: { a, _ in a })
    }

    /// Scikit-learn names a scoring program may use, and Podium's metric for each.
    static let codeNames: [(String, Metric)] = [
        ("roc_auc_score", .rocAUC), ("average_precision_score", .averagePrecision), ("log_loss", .logLoss),
        ("balanced_accuracy_score", .balancedAccuracy), ("accuracy_score", .accuracy), ("f1_score", .f1Macro),
        ("matthews_corrcoef", .matthewsCorrcoef), ("cohen_kappa_score", .cohenKappa), ("mean_squared_error", .rmse),
        ("root_mean_squared_error", .rmse), ("mean_absolute_error", .mae), ("r2_score", .r2),
    ]

    public static func run(bundle url: URL, to out: URL, metric chosen: Metric? = nil) throws -> Result {
        let files = try Self.files(url)
        let name = url.lastPathComponent
        guard let yamlData = files["competition.yaml"] else {
            throw PodiumError.invalid(name, "no competition.yaml at its root (is it a Codabench bundle?)")
        }
        guard let root = try YAMLText.compose(yamlData, file: "\(name)/competition.yaml")?.mapping else {
            throw PodiumError.invalid("\(name)/competition.yaml", "expected a mapping of keys (title, phases, tasks, ...)")
        }
        func value(_ key: String, in mapping: Node.Mapping = root) -> Node? { mapping[Node(key)] }
        var notes: [String] = []
        let title = value("title")?.string ?? "Imported challenge"
        let slugBase = title.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined().split(separator: "-").joined(separator: "-")
        let slug = String((slugBase.count >= 3 ? slugBase : "imported-challenge").prefix(40)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))

        // Tasks by index, and the phases' tasks in order.
        var tasks: [Int: Node.Mapping] = [:]
        for task in value("tasks")?.sequence ?? [] { if let m = task.mapping, let i = value("index", in: m)?.int { tasks[i] = m } }
        let phases = (value("phases")?.sequence ?? []).compactMap(\.mapping)
        let phaseTasks = phases.compactMap { value("tasks", in: $0)?.sequence?.first?.int }
        // A code-submission bundle: its first ingestion program, kept when it writes Podium's
        // predictions file, else Podium's default ingestion runs the models.
        var ingestion: (files: [String: Data], kept: Bool)? = nil
        for (i, task) in tasks.sorted(by: { $0.key < $1.key }) {
            if let program = value("ingestion_program", in: task)?.string, ingestion == nil {
                let programFiles = try contents(program, in: files)
                let code = programFiles.filter { !$0.key.hasSuffix(".md") }.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
                if programFiles["podium_ingestion.py"] != nil {
                    ingestion = ([:], false)
                    notes.append("task \(i): its ingestion program is Podium's own: the challenge runs models with Podium's default ingestion")
                } else if code.contains("predictions.csv"), (try? IngestionProgram(files: programFiles, name: program)) != nil {
                    ingestion = (programFiles, true)
                    notes.append("task \(i): its ingestion program (\(program)) is carried over as ingestion_program/ (code.ingestion)")
                } else {
                    ingestion = (programFiles, false)
                    let why = code.contains("TODO") ? "a template (it has TODOs)" : "it writes no predictions.csv, Podium's predictions file"
                    notes.append(
                        "task \(i): its ingestion program (\(program)) is \(why): Podium's default ingestion runs the models instead; the program is kept in codabench_ingestion_program/ (make it write /app/output/predictions.csv, then set code.ingestion to it)"
                    )
                }
            }
            if let program = value("scoring_program", in: task)?.string {
                notes.append("task \(i): its scoring program (\(program)) is not carried over; Podium scores with its own metrics (see metric)")
            }
        }
        if value("solutions") != nil && ingestion == nil { notes.append("solutions (example code submissions) are not carried over") }

        // The answers: id,target CSVs, else headerless label files matched with input data.
        var rows: [(id: String, target: String, usage: String, features: [String]?)] = []
        var idName = "id"
        var targetName = "target"
        var featureHeader: [String]? = nil
        var train: (x: [[String]], y: [String])? = nil
        func lines(_ data: Data) -> [String] {
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        let firstTask = phaseTasks.first.flatMap { tasks[$0] }
        let lastTask = phaseTasks.count > 1 ? phaseTasks.last.flatMap { tasks[$0] } : nil
        for (task, usage) in [(firstTask, "Public"), (lastTask, "Private")] {
            guard let task, let reference = value("reference_data", in: task)?.string else { continue }
            let data = try contents(reference, in: files)
            if let (path, csv) = data.first(where: { $0.key.hasSuffix(".csv") }), let table = try? CSVTable.read(data: csv, name: path),
                table.header.count >= 2
            {
                idName = table.header[0]
                targetName = table.header[1]
                for row in table.rows { rows.append((row[0], row[1], usage, nil)) }
                continue
            }
            guard
                let (labelPath, labels) = data.sorted(by: { $0.key < $1.key }).first(where: { isLabelFile($0.key) })
            else {
                let found = data.keys.sorted()
                notes.append(
                    "\(reference): no answers in the bundle (\(found.isEmpty ? "it is empty" : "it holds only " + Echo.list(found, separator: ", "))); upload them as a CSV (id,target) or a label file"
                )
                continue
            }
            let values = String(decoding: labels, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            var features: [[String]] = []
            // The phase's input data: the task's, else the folder beside its reference data.
            let inputPath =
                value("input_data", in: task)?.string
                ?? reference.replacingOccurrences(of: "reference_data", with: "input_data")
            if files.keys.contains(where: { $0.hasPrefix(CodabenchValidator.trimSlash(inputPath) + "/") }) || files[inputPath] != nil {
                let inputs = try contents(inputPath, in: files)
                if usage == "Public", train == nil, let x = inputs["training_data"], let y = inputs["training_label"] {
                    let rowsX = lines(x).map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init) }
                    let rowsY = lines(y)
                    if rowsX.count == rowsY.count, let width = rowsX.first?.count {
                        train = (rowsX, rowsY)
                        notes.append(
                            "\(inputPath) training_data and training_label: \(rowsX.count) training rows (\(width) features) become data/train.csv")
                    }
                }
                if let (_, x) = inputs.sorted(by: { $0.key < $1.key }).first(where: {
                    $0.key.contains("test") || $0.key.contains("data") && !$0.key.contains("train")
                }) {
                    features = String(decoding: x, as: UTF8.self).split(whereSeparator: \.isNewline).map {
                        $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
                    }
                    .filter { !$0.isEmpty }
                }
            }
            if !features.isEmpty && features.count != values.count {
                notes.append("\(inputPath): \(features.count) rows of input data for \(values.count) labels; features not carried over")
                features = []
            }
            if !features.isEmpty { featureHeader = (1...features[0].count).map { "x\($0)" } }
            notes.append(
                "\(reference)/\(labelPath): a headerless label file; its \(values.count) rows become the \(usage) rows, ids generated by row order")
            let start = rows.count
            for (k, label) in values.enumerated() {
                rows.append((String(format: "r%06d", start + k + 1), label, usage, features.isEmpty ? nil : features[k]))
            }
        }
        guard rows.contains(where: { $0.usage == "Public" }) else {
            let found = notes.map { "\n  - " + $0 }.joined()
            throw PodiumError.invalid(
                name, "no answers found for its first phase's task; Podium needs them (an id,target CSV or a label file) to make a challenge\(found)")
        }
        if !rows.contains(where: { $0.usage == "Private" }) {
            notes.append("one phase only: its rows are all Public; re-split them (podium split) before using the private board")
        }

        // A bundle Podium exported carries its settings (scoring_program/challenge.json).
        struct Exported: Decodable {
            var task: TaskKind
            var submission: SubmissionKind
            var classes: [String]
            var positive: String?
            var metrics: [Metric]
            var code: CodeSettings?
        }
        let exported = files.first { $0.key.hasSuffix("challenge.json") }.flatMap {
            try? JSONText.decode(Exported.self, from: String(decoding: $0.value, as: UTF8.self))
        }
        if exported != nil { notes.append("written by Podium: its task, classes and metrics are carried over") }

        // The task, from the targets.
        let targets = rows.map(\.target)
        var distinct = Array(Set(targets)).sorted { (Double($0) ?? .infinity, $0) < (Double($1) ?? .infinity, $1) }
        let numeric = targets.allSatisfy { Double($0) != nil }
        let integral = numeric && targets.allSatisfy { Double($0)!.rounded() == Double($0)! }
        var task: TaskKind = (!numeric || (integral && distinct.count <= 20)) ? (distinct.count == 2 ? .binary : .multiclass) : .regression
        if let exported {
            task = exported.task
            if !exported.classes.isEmpty { distinct = exported.classes }
        }
        func fits(_ m: Metric) -> Bool {
            m.applies(to: task, submission: task == .regression ? .value : m.input == .probabilities ? .probability : .label)
        }

        // The metric: asked, else a leaderboard column named like one, else the scoring code.
        var metric = chosen ?? exported?.metrics.first
        var guessed = false
        if metric == nil {
            for board in value("leaderboards")?.sequence ?? [] {
                for column in board.mapping.flatMap({ value("columns", in: $0)?.sequence }) ?? [] {
                    if let key = column.mapping.flatMap({ value("key", in: $0)?.string }), let m = Metric(rawValue: key.lowercased()), metric == nil,
                        fits(m)
                    {
                        metric = m
                    }
                }
            }
        }
        if metric == nil {
            let code = files.filter { $0.key.hasSuffix(".py") }.map { String(decoding: $0.value, as: UTF8.self) }.joined(separator: "\n")
            if let found = codeNames.first(where: { code.contains($0.0) && fits($0.1) }) {
                metric = found.1
                guessed = true
                notes.append("metric \(found.1): a guess from the scoring code (it calls \(found.0)); check it, or pass --metric")
            }
        }
        let finalMetric = metric ?? (task == .regression ? .rmse : .accuracy)
        if metric == nil {
            guessed = true
            notes.append("metric \(finalMetric): nothing in the bundle names one; a default, pass --metric to choose")
        }

        // The folder.
        let fm = FileManager.default
        try PodiumError.whileWriting(out) {
            for folder in ["data", "reference"] { try fm.createDirectory(at: out.appending(path: folder), withIntermediateDirectories: true) }
        }
        var kitFiles: [String: Data] = [:]
        if let kit = files.first(where: { $0.key.hasSuffix(".zip") && $0.key.lowercased().contains("starting") }) {
            kitFiles = try contents(kit.key, in: files)
        }
        if let test = kitFiles["data/test.csv"] {
            try test.write(to: out.appending(path: "data/test.csv"))
            if let train = kitFiles["data/train.csv"] { try train.write(to: out.appending(path: "data/train.csv")) }
        } else {
            var csv = CSVWriter.line([idName] + (featureHeader ?? []))
            for row in rows { csv += CSVWriter.line([row.id] + (row.features ?? [])) }
            try Data(csv.utf8).write(to: out.appending(path: "data/test.csv"))
            notes.append("data/test.csv: made from the reference ids\(featureHeader == nil ? "" : " and the input data")")
            if let train, let header = featureHeader, train.x.first?.count == header.count {
                var csv = CSVWriter.line(header + [targetName])
                for (x, y) in zip(train.x, train.y) { csv += CSVWriter.line(x + [y]) }
                try Data(csv.utf8).write(to: out.appending(path: "data/train.csv"))
            } else {
                notes.append("no training data found: add data/train.csv")
            }
        }
        // A code challenge's sample model and ingestion program.
        if let ingestion {
            var sample = kitFiles.filter { $0.key.hasPrefix("starting-kit/") }
            if sample.isEmpty {
                for folder in ["sample_code_submission", "solutions/sample_code_submission"] {
                    for (path, data) in try contents(folder, in: files) { sample["starting-kit/" + path] = data }
                }
            }
            let folder = ingestion.kept ? "ingestion_program" : "codabench_ingestion_program"
            for (path, data) in sample.merging(ingestion.files.map { ("\(folder)/\($0.key)", $0.value) }, uniquingKeysWith: { a, _ in a }) {
                let target = out.appending(path: path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
            }
            notes.append(
                sample.isEmpty
                    ? "no sample code submission found: add starting-kit/model.py, a working sample for participants"
                    : "the sample code submission becomes starting-kit/ (\(sample.count) file\(sample.count == 1 ? "" : "s"))")
        }
        var solution = CSVWriter.line([idName, targetName, "Usage"])
        for row in rows { solution += CSVWriter.line([row.id, row.target, row.usage]) }
        try Data(solution.utf8).write(to: out.appending(path: "reference/solution.csv"))

        // README from the pages.
        var readme = "# \(title)\n\n"
        for page in value("pages")?.sequence ?? [] {
            guard let m = page.mapping, let file = value("file", in: m)?.string, let data = files[file] else { continue }
            var body = String(decoding: data, as: UTF8.self)
            if file.hasSuffix(".html") {
                notes.append("\(file): an HTML page, carried over as text with its tags removed")
                body = body.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            }
            if !body.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("#") { readme += "## \(value("title", in: m)?.string ?? "Page")\n\n" }
            readme += body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
        }
        try Data(readme.utf8).write(to: out.appending(path: "README.md"))

        var yaml = "# Imported by `podium import codabench` from \(name).\nslug: \(slug)\ntitle: \(CodabenchExport.quoted(title))\nversion: 1\n"
        yaml += "task: \(task.rawValue)\nid: \(CodabenchExport.quoted(idName))\ntarget: \(CodabenchExport.quoted(targetName))\n"
        if task != .regression {
            yaml += "classes: [\(distinct.map(CodabenchExport.quoted).joined(separator: ", "))]\n"
            if task == .binary { yaml += "positive: \(CodabenchExport.quoted(exported?.positive ?? distinct[1]))\n" }
            yaml += "submission: \(exported?.submission.rawValue ?? (finalMetric.input == .probabilities ? "probability" : "label"))\n"
        }
        yaml += "metric: \(finalMetric.rawValue)\n"
        let secondary = (exported?.metrics ?? []).filter { $0 != finalMetric }
        if !secondary.isEmpty { yaml += "metrics: [\(secondary.map(\.rawValue).joined(separator: ", "))]\n" }
        if let dev = phases.first, let limit = value("max_submissions_per_day", in: dev)?.int, limit > 0 {
            yaml += "phases:\n  - name: \(CodabenchExport.quoted(value("name", in: dev)?.string ?? "main"))\n    max_per_day: \(limit)\n"
            if let total = value("max_submissions", in: dev)?.int, total > 0 { yaml += "    max_total: \(total)\n" }
        }
        if let ingestion {
            var code = exported?.code ?? CodeSettings()
            if exported?.code == nil, let limit = phases.first.flatMap({ value("execution_time_limit", in: $0)?.int }), limit > 0 {
                code.timeLimit = min(limit, CodeSettings.maxTimeLimit)
            }
            yaml += "code:\n  entry: \(CodabenchExport.quoted(code.entry))\n  environment: \(CodabenchExport.quoted(code.environment))\n"
            yaml += "  time_limit: \(code.timeLimit)\n  memory: \(code.memory)\n  cpus: \(code.cpus)\n  max_size: \(code.maxSize)\n"
            if ingestion.kept { yaml += "  ingestion: ingestion_program/\n" }
        }
        try Data(yaml.utf8).write(to: out.appending(path: "challenge.yaml"))
        if !phases.isEmpty { notes.append("phase dates are not carried over: set opens and closes in challenge.yaml") }
        return Result(
            slug: slug, metric: finalMetric, metricGuessed: guessed,
            rows: (rows.filter { $0.usage == "Public" }.count, rows.filter { $0.usage == "Private" }.count), notes: notes)
    }

    /// Whether a reference file can be a label file (not documentation, code or settings).
    static func isLabelFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasPrefix("readme") || name.hasPrefix("metadata") || name.hasPrefix(".") { return false }
        let ext = (name as NSString).pathExtension
        return ["", "txt", "solution", "labels", "label", "tsv", "dat"].contains(ext)
    }

}
