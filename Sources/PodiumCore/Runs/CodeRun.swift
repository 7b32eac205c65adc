import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a run produced no scored predictions, named as the contract names it.
public struct RunFailure: Codable, Sendable, Equatable, Error, LocalizedError {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case timeLimit = "time_limit"
        case memoryLimit = "memory_limit"
        case crashed
        case noPredictions = "no_predictions"
        case platform
    }

    public var kind: Kind
    public var message: String
    public var exitCode: Int32?

    public init(kind: Kind, message: String, exitCode: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.exitCode = exitCode
    }

    public var errorDescription: String? { message }
}

/// A run's outcome: scored (`accepted`), its predictions refused with every problem, or failed.
public struct RunReport: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case accepted, refused, failed }

    public var status: Status
    public var failure: RunFailure?
    public var problems: SubmissionRefused?
    /// The scores, when the solution was at hand.
    public var scores: ScoreReport?
    /// Rows of predictions written (when any).
    public var rows: Int?
    public var elapsedSeconds: Double
    /// stdout and stderr, capped (see `SandboxLimits.logEdgeBytes`).
    public var log: String
    /// The predictions were checked against the test set's ids and format only: no solution was
    /// at hand (a participant's starting kit).
    public var validatedOnly: Bool?

    public init(
        status: Status, failure: RunFailure? = nil, problems: SubmissionRefused? = nil, scores: ScoreReport? = nil, rows: Int? = nil,
        elapsedSeconds: Double, log: String
    ) {
        self.status = status
        self.failure = failure
        self.problems = problems
        self.scores = scores
        self.rows = rows
        self.elapsedSeconds = elapsedSeconds
        self.log = log
    }
}

/// A participant's code, checked before it runs: `model.py` alone, or a `.zip` holding it at its
/// root or in one top folder. Entries that climb out (`..`, absolute paths), links, and archives
/// that inflate past the size limit are refused.
public enum CodeUpload {
    public static func unpack(_ url: URL, entry: String, maxBytes: Int, into folder: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CSVError(file: Echo.fileName(url.lastPathComponent), line: nil, message: "cannot be read (no such file or no permission)")
        }
        try unpack(data: data, name: url.lastPathComponent, entry: entry, maxBytes: maxBytes, into: folder)
    }

    /// The same, for an upload in memory named `name` (display text).
    public static func unpack(data: Data, name: String, entry: String, maxBytes: Int, into folder: URL) throws {
        let name = Echo.fileName(name)
        func bad(_ message: String) -> CSVError { CSVError(file: name, line: nil, message: message) }
        guard data.count <= maxBytes else { throw bad("is larger than the limit of \(Formats.size(maxBytes))") }
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileKind.sniff(data) == .zip else {
            guard name.hasSuffix(".py") else { throw bad("expected \(entry), or a .zip holding it") }
            try data.write(to: folder.appending(path: entry))
            return
        }
        let archive: ZipReader
        do { archive = try ZipReader(data: data) } catch { throw bad("is not a readable zip archive (\(error))") }
        let entries = archive.entries.filter { !$0.path.hasPrefix("__MACOSX/") }
        for item in entries {
            if item.isSymlink { throw bad("holds a link, \(Echo.quoted(item.path)): send files only") }
            let parts = item.path.split(separator: "/", omittingEmptySubsequences: false)
            if item.path.hasPrefix("/") || item.path.contains("\\") || parts.contains("..") {
                throw bad("holds \(Echo.quoted(item.path)), a path outside the archive")
            }
        }
        // model.py at the root, or in one top folder that holds everything.
        var prefix = ""
        if !entries.contains(where: { $0.path == entry }) {
            let tops = Set(entries.compactMap { $0.path.split(separator: "/").first.map(String.init) })
            guard tops.count == 1, let top = tops.first, entries.contains(where: { $0.path == "\(top)/\(entry)" }) else {
                throw bad("holds no \(entry) at its root or in one top folder")
            }
            prefix = top + "/"
        }
        var total = 0
        for item in entries where !item.isDirectory {
            let relative = String(item.path.dropFirst(prefix.count))
            guard !relative.isEmpty else { continue }
            guard item.uncompressedSize <= maxBytes - total else { throw bad("inflates past the limit of \(Formats.size(maxBytes))") }
            var bytes = Data()
            try archive.read(item, bufferSize: 1 << 20) { chunk in
                total += chunk.count
                guard total <= maxBytes else { throw bad("inflates past the limit of \(Formats.size(maxBytes))") }
                bytes.append(chunk)
            }
            let target = folder.appending(path: relative)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: target)
        }
    }
}

/// Runs a participant's code on a challenge in the sandbox, with Podium's default ingestion
/// (`Model().fit(X, y)`, then `predict` or `predict_proba` on the test rows), in Codabench's
/// layout: the harness at /app/program, the participant's files at /app/ingested_program, the
/// public data at /app/input_data, /app/output writable. Its predictions are then checked and
/// scored by the same scorer as an uploaded file (scored when the solution is at hand).
public enum CodeRunner {
    static let harness = String(decoding: PackageResources.podium_ingestion_py, as: UTF8.self)

    /// Runs and scores against the challenge's solution when it is at hand (an author's folder or
    /// bundle, `podium run`); on a participant's starting kit, which has no solution, the
    /// predictions are checked against the test set's ids and the submission format only.
    public static func run(challenge: Challenge, code: URL, python: URL, settings: CodeSettings? = nil) throws -> RunReport {
        let fm = FileManager.default
        // The public data only: never the solution.
        let inputs = [(challenge.trainURL, "train.csv"), (challenge.testURL, "test.csv")].filter { fm.fileExists(atPath: $0.0.path) }
        let settings = settings ?? challenge.manifest.code ?? CodeSettings()
        let program = try settings.ingestion.map { try IngestionProgram.load(root: challenge.root, folder: $0) }
        let (report, predictions) = try execute(
            manifest: challenge.manifest, inputs: inputs.map { (try Data(contentsOf: $0.0), $0.1) }, code: code, python: python,
            settings: settings, program: program)
        guard let predictions else { return report }
        if fm.fileExists(atPath: challenge.solutionURL.path) {
            return score(report, predictions: predictions, solution: try challenge.loadSolution())
        }
        var checked = score(report, predictions: predictions, solution: try placeholder(test: challenge.testURL, manifest: challenge.manifest))
        checked.scores = nil
        checked.validatedOnly = true
        return checked
    }

    /// A stand-in solution with the test set's ids and made-up targets, to check predictions
    /// against the ids and the format when the real one is not at hand (a starting kit).
    static func placeholder(test: URL, manifest: ChallengeManifest) throws -> Solution {
        let table = try CSVTable.read(test)
        guard let idColumn = table.header.firstIndex(of: manifest.id) else {
            throw PodiumError.invalid(test.path, "line 1: no id column \(Echo.quoted(manifest.id)); found \(Echo.list(table.header))")
        }
        var csv = CSVWriter.line([manifest.id, manifest.target, "Usage"])
        for (i, row) in table.rows.enumerated() {
            // Every class present, so that every metric can be computed on the stand-in.
            let target = manifest.classes.isEmpty ? String(i % 2) : manifest.classes[i % manifest.classes.count]
            csv += CSVWriter.line([row[idColumn], target, i % 2 == 0 ? "Public" : "Private"])
        }
        return try Solution.load(data: Data(csv.utf8), name: "test.csv", manifest: manifest)
    }

    /// What Podium's harness needs to know of the challenge (its settings.json).
    static func harnessSettings(_ manifest: ChallengeManifest, entry: String) throws -> Data {
        let run: [String: Any] = [
            "entry": entry, "id": manifest.id, "target": manifest.target, "submission": manifest.submission.rawValue,
            "columns": manifest.submissionColumns, "classes": manifest.classes, "positive": manifest.positive ?? "",
        ]
        return try JSONSerialization.data(withJSONObject: run, options: [.sortedKeys, .prettyPrinted])
    }

    /// Runs `code` on the public `inputs` (data and name: train.csv, test.csv) with Podium's
    /// harness, or with the author's ingestion `program`, and returns the run's report and the
    /// predictions it wrote (nil when it failed).
    public static func execute(
        manifest: ChallengeManifest, inputs: [(Data, String)], code: URL, python: URL, settings: CodeSettings? = nil,
        program: IngestionProgram? = nil, cancellation: RunCancellation? = nil
    ) throws -> (RunReport, Data?) {
        let settings = settings ?? manifest.code ?? CodeSettings()
        let work = try TemporaryDirectory(prefix: "podium-run")
        let fm = FileManager.default
        let (programFolder, ingested, input, output, bin) = (
            work.url.appending(path: "program"), work.url.appending(path: "ingested"), work.url.appending(path: "input"),
            work.url.appending(path: "output"), work.url.appending(path: "bin")
        )
        for folder in [programFolder, input, output, bin] { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
        try CodeUpload.unpack(code, entry: settings.entry, maxBytes: settings.maxSize, into: ingested)
        for (data, name) in inputs { try data.write(to: input.appending(path: name)) }
        // `python` and `python3` in the sandbox are the challenge's environment.
        for name in ["python", "python3"] {
            let launcher = bin.appending(path: name)
            try Data("#!/bin/sh\nexec '\(python.path)' \"$@\"\n".utf8).write(to: launcher)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: launcher.path)
        }
        let command: [String]
        let workdir: String
        if let program {
            for (path, data) in program.files {
                let target = programFolder.appending(path: path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
            }
            command = ["/bin/sh", "-c", "echo \"[podium] ingestion program: $0\" >&2; exec /bin/sh -c \"$0\"", program.command]
            workdir = "/app/program"
        } else {
            try Data(harness.utf8).write(to: programFolder.appending(path: "podium_ingestion.py"))
            try harnessSettings(manifest, entry: settings.entry).write(to: programFolder.appending(path: "settings.json"))
            command = [python.path, "/app/program/podium_ingestion.py", "/app/program/settings.json"]
            workdir = "/app/output"
        }
        // The run is the nobody uid: it reads the folders and writes its output.
        try openUp(work.url, writable: output)

        var mounts = [
            SandboxMount(programFolder, at: "/app/program"), SandboxMount(ingested, at: "/app/ingested_program"),
            SandboxMount(input, at: "/app/input_data"), SandboxMount(output, at: "/app/output", writable: true),
            SandboxMount(bin, at: "/opt/podium/bin"),
        ]
        // An environment outside /usr (a venv): its folder, read-only, where it lies.
        let prefix = python.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        if !prefix.path.hasPrefix("/usr/") && prefix.path != "/usr" { mounts.append(SandboxMount(prefix, at: prefix.path)) }
        if !python.path.hasPrefix("/usr/") {
            mounts.append(SandboxMount(python.deletingLastPathComponent(), at: python.deletingLastPathComponent().path))
        }
        let limits = SandboxLimits(seconds: Double(settings.timeLimit), memory: settings.memory, cpus: settings.cpus)
        let result = try Sandbox.run(
            command, mounts: mounts, workdir: workdir, limits: limits, environment: ["PATH": "/opt/podium/bin:/usr/local/bin:/usr/bin:/bin"],
            cancellation: cancellation)
        return report(result, settings: settings, predictions: output.appending(path: "predictions.csv"), authorProgram: program != nil)
    }

    /// Folders readable (and `writable` writable) by the run's uid; executable files stay so.
    static func openUp(_ root: URL, writable: URL) throws {
        let fm = FileManager.default
        // The run folder itself stays its owner's: bwrap (root) binds its subfolders, which the run sees at /app.
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root.path)
        guard let items = fm.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey]) else { return }
        for case let url as URL in items {
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
            // chmod follows links: a link's target is not the run's to change.
            if values?.isSymbolicLink == true { continue }
            let directory = values?.isDirectory ?? false
            let executable = fm.isExecutableFile(atPath: url.path)
            try fm.setAttributes([.posixPermissions: directory || executable ? 0o755 : 0o644], ofItemAtPath: url.path)
        }
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: writable.path)
    }

    static func report(_ result: SandboxResult, settings: CodeSettings, predictions: URL, authorProgram: Bool = false) -> (RunReport, Data?) {
        var report = RunReport(status: .failed, failure: nil, problems: nil, scores: nil, rows: nil, elapsedSeconds: result.seconds, log: result.log)
        func fail(_ kind: RunFailure.Kind, _ message: String, _ code: Int32? = nil) -> (RunReport, Data?) {
            report.failure = RunFailure(kind: kind, message: message, exitCode: code)
            return (report, nil)
        }
        let memory = Formats.size(settings.memory)
        switch result.end {
        case .cancelled:
            return fail(.platform, "stopped with its worker (the worker was asked to stop): it goes back to the queue, not counted")
        case .timeLimit:
            return fail(.timeLimit, "stopped after \(settings.timeLimit) s: the time limit (code.time_limit)")
        case .memoryLimit:
            return fail(.memoryLimit, "used more than \(memory): the memory limit (code.memory)")
        case .outputLimit:
            let (bytes, files) = (Formats.size(SandboxLimits.defaultOutputBytes), SandboxLimits.defaultOutputFiles)
            return fail(.crashed, "wrote more than \(bytes) or \(files) files to /app/output, the cap of what a run may write there: stopped")
        case .signaled(let signal):
            if signal == SIGKILL { return fail(.memoryLimit, "was killed (SIGKILL), most likely past the memory limit of \(memory)") }
            return fail(.crashed, "was killed by signal \(signal)\(lastLines(result.log))")
        case .exited(125):
            return fail(.platform, "the sandbox could not join its cgroup (a fault of the platform, not of the code)", 125)
        case .exited(let code) where code != 0:
            if result.log.contains("bwrap:") && !result.log.contains("[podium]") {
                return fail(.platform, "the sandbox failed to start: \(lastLines(result.log))", code)
            }
            if result.log.contains("MemoryError") { return fail(.memoryLimit, "ran out of memory (MemoryError) under the limit of \(memory)", code) }
            let who = authorProgram ? "the challenge's ingestion program, running \(settings.entry)," : settings.entry
            if let raised = raisedException(result.log) {
                // The traceback's last frames, where it was raised (its last line is said already).
                let frames = result.log.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(raised) }.joined(separator: "\n")
                return fail(.crashed, "\(who) raised \(raised) (exit code \(code))\(lastLines(frames, count: 3))", code)
            }
            return fail(.crashed, "\(who) exited with code \(code)\(lastLines(result.log))", code)
        case .exited:
            break
        }
        let data: Data
        switch RegularFile.read(predictions, maxBytes: SandboxLimits.defaultOutputBytes) {
        case .missing: return fail(.noPredictions, "wrote no predictions (/app/output/predictions.csv)")
        case .refused(let why): return fail(.noPredictions, "its predictions file (/app/output/predictions.csv) \(why): not read")
        case .read(let bytes) where bytes.isEmpty: return fail(.noPredictions, "wrote no predictions (/app/output/predictions.csv is empty)")
        case .read(let bytes): data = bytes
        }
        report.rows = data.reduce(0) { $1 == 10 ? $0 + 1 : $0 } - 1
        report.status = .accepted
        return (report, data)
    }

    /// A run's predictions checked and scored by the scorer of uploaded files (accepted without
    /// scores when no solution is at hand).
    public static func score(_ report: RunReport, predictions data: Data, solution: Solution?) -> RunReport {
        var report = report
        guard let solution else { return report }
        do {
            report.scores = try Scorer.score(data: data, name: "predictions.csv", solution: solution)
            report.status = .accepted
        } catch let refused as SubmissionRefused {
            report.status = .refused
            report.problems = refused
        } catch {
            report.status = .refused
            report.problems = SubmissionRefused(file: "predictions.csv", kind: .unscorable, message: error.localizedDescription)
        }
        return report
    }

    /// The exception a Python traceback ends with (`ValueError: …`), when the log holds one.
    static func raisedException(_ log: String) -> String? {
        let lines = log.split(separator: "\n").map(String.init)
        guard let start = lines.lastIndex(where: { $0.hasPrefix("Traceback (most recent call last)") }) else { return nil }
        // The first line after the traceback's frames that is not indented: `Name: message`.
        for line in lines[(start + 1)...] where !line.hasPrefix(" ") && !line.hasPrefix("\t") {
            let name = line.prefix { $0 != ":" }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
            return line.count > 300 ? String(line.prefix(300)) + "…" : line
        }
        return nil
    }

    /// ": " and the last lines of a traceback (or of the log), to end a message with.
    static func lastLines(_ log: String, count: Int = 4) -> String {
        // Python's markers under the failing expression (`^^^^`, `~~~`) say nothing in one line.
        let lines = log.split(separator: "\n").map(String.init).filter {
            !$0.hasPrefix("[podium]") && !$0.trimmingCharacters(in: .whitespaces).allSatisfy { "^~".contains($0) }
        }
        guard !lines.isEmpty else { return "" }
        return ": " + lines.suffix(count).joined(separator: " | ")
    }
}
