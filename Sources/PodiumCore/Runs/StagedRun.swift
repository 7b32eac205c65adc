import Foundation

/// A run laid out in a folder on a cluster's shared filesystem, for a node to execute: the
/// participant's files, the public data, the ingestion program and the run's settings (never
/// the solution). The node runs it in the same sandbox (`podium slurm-job FOLDER`) and writes
/// the predictions and its report back; the report, written last, says the run is over.
public enum StagedRun {
    struct Settings: Codable {
        var manifest: ChallengeManifest
        var settings: CodeSettings
        var python: String
        var fileName: String
        var inputs: [String]
        var program: [String: Data]?
    }

    static func settingsURL(_ folder: URL) -> URL { folder.appending(path: "run.json") }
    public static func reportURL(_ folder: URL) -> URL { folder.appending(path: "report.json") }
    static func predictionsURL(_ folder: URL) -> URL { folder.appending(path: "predictions.csv") }

    /// Writes the run into `folder` (emptied first: a previous attempt's report must not be read).
    public static func stage(
        _ folder: URL, manifest: ChallengeManifest, settings: CodeSettings, python: String, fileName: String, code: Data,
        inputs: [(Data, String)], program: IngestionProgram?
    ) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder.appending(path: "inputs"), withIntermediateDirectories: true)
        try fm.createDirectory(at: folder.appending(path: "code"), withIntermediateDirectories: true)
        let name = Echo.fileName(fileName)
        try code.write(to: folder.appending(path: "code").appending(path: name))
        for (data, input) in inputs { try data.write(to: folder.appending(path: "inputs").appending(path: input)) }
        let staged = Settings(
            manifest: manifest, settings: settings, python: python, fileName: name, inputs: inputs.map(\.1), program: program?.files)
        try AtomicWrite.write(try JSONEncoder().encode(staged), to: settingsURL(folder))
    }

    /// On the node: runs the staged run in the sandbox and writes its predictions and report.
    public static func execute(_ folder: URL) throws {
        let staged = try JSONDecoder().decode(Settings.self, from: try Data(contentsOf: settingsURL(folder)))
        let inputs = try staged.inputs.map { (try Data(contentsOf: folder.appending(path: "inputs").appending(path: $0)), $0) }
        let program = try staged.program.map { try IngestionProgram(files: $0, name: staged.settings.ingestion ?? "ingestion_program") }
        let report: RunReport
        let predictions: Data?
        do {
            (report, predictions) = try CodeRunner.execute(
                manifest: staged.manifest, inputs: inputs, code: folder.appending(path: "code").appending(path: staged.fileName),
                python: URL(fileURLWithPath: staged.python), settings: staged.settings, program: program)
        } catch {
            // The node could not run it (no bubblewrap, no such Python...): not the code's fault.
            let failure = RunFailure(kind: .platform, message: "the node could not start the run: \(error.localizedDescription)")
            (report, predictions) = (RunReport(status: .failed, failure: failure, elapsedSeconds: 0, log: ""), nil)
        }
        if let predictions { try AtomicWrite.write(predictions, to: predictionsURL(folder)) }
        try AtomicWrite.write(try JSONEncoder().encode(report), to: reportURL(folder))
    }

    /// The node's report and predictions, once it wrote them.
    public static func result(_ folder: URL) -> (RunReport, Data?)? {
        guard let data = try? Data(contentsOf: reportURL(folder)), let report = try? JSONDecoder().decode(RunReport.self, from: data) else {
            return nil
        }
        return (report, try? Data(contentsOf: predictionsURL(folder)))
    }
}
