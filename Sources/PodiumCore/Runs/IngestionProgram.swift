import Foundation
import Yams

/// An author's ingestion program in Codabench's layout (`code.ingestion:` in challenge.yaml): a
/// folder whose `metadata.yaml` names the `command:` run in it. In the sandbox the folder is
/// `/app/program` (the command's working folder), the participant's files `/app/ingested_program`,
/// the public data `/app/input_data`, and `/app/output` writable; the program must write a Podium
/// predictions file to `/app/output/predictions.csv`. `python` and `python3` are the challenge's
/// environment.
public struct IngestionProgram: Sendable, Equatable {
    /// The folder's files, by path inside it.
    public var files: [String: Data]
    /// `command:` of metadata.yaml, Codabench's legacy `$program`-style names replaced.
    public var command: String

    /// Codabench's legacy names in a command, and where they lead in the sandbox.
    static let legacyNames = [
        ("$submission_program", "/app/ingested_program"), ("$ingestion_program", "/app/program"), ("$program", "/app/program"),
        ("$input", "/app/input_data"), ("$output", "/app/output"), ("$tmp", "/tmp"),
    ]

    public init(files: [String: Data], name: String) throws {
        guard let metadata = files["metadata.yaml"] ?? files["metadata"] else {
            throw PodiumError.invalid(name, "has no metadata.yaml; it needs one with command: (for example command: python3 ingestion.py)")
        }
        let file = "\(name)/\(files["metadata.yaml"] != nil ? "metadata.yaml" : "metadata")"
        let node = try YAMLText.compose(metadata, file: file)
        guard let command = node?.mapping?["command"] else {
            throw PodiumError.invalid(file, "line 1: no command:; expected for example command: python3 ingestion.py")
        }
        guard let text = command.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw PodiumError.invalid(file, "line \(command.mark?.line ?? 1): command: is empty; expected a command such as python3 ingestion.py")
        }
        var resolved = text
        for (legacy, path) in Self.legacyNames { resolved = resolved.replacingOccurrences(of: legacy, with: path) }
        self.files = files
        self.command = resolved
    }

    /// The program in a challenge's folder `folder` (relative to `root`).
    public static func load(root: URL, folder: String) throws -> IngestionProgram {
        let url = root.appending(path: folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PodiumError.notFound(
                root.appending(path: "challenge.yaml").path, "code.ingestion: \(Echo.quoted(folder)) is not a folder of the challenge")
        }
        var files: [String: Data] = [:]
        for path in try FileManager.default.regularFiles(under: url, relativeTo: url) {
            files[path] = try Data(contentsOf: url.appending(path: path))
        }
        return try IngestionProgram(files: files, name: trimmed(folder))
    }

    /// The program as a published starting kit holds it (under `folder`).
    public static func load(kit: Data, folder: String) throws -> IngestionProgram {
        let prefix = trimmed(folder) + "/"
        var files: [String: Data] = [:]
        for file in try StartingKit.files(kit) where file.path.hasPrefix(prefix) {
            files[String(file.path.dropFirst(prefix.count))] = try StartingKit.contents(kit, path: file.path)
        }
        return try IngestionProgram(files: files, name: trimmed(folder))
    }

    static func trimmed(_ folder: String) -> String {
        var folder = folder
        while folder.hasSuffix("/") { folder.removeLast() }
        return folder
    }
}
