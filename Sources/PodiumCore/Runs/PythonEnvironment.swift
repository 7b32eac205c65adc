import Foundation

/// A host Python that runs participants' code: its interpreter and what it holds.
public struct PythonEnvironment: Codable, Sendable, Equatable {
    public var name: String
    /// The interpreter (a venv's `bin/python`, or Debian's /usr/bin/python3).
    public var python: String
    /// Python, numpy, pandas and scikit-learn's versions ("missing" for a package it lacks).
    public var versions: [String: String]

    public init(name: String, python: String, versions: [String: String]) {
        self.name = name
        self.python = python
        self.versions = versions
    }

    /// Asks `python` for its versions (it is the instructor's own interpreter, run as it is).
    public static func inspect(name: String, python url: URL) throws -> PythonEnvironment {
        func bad(_ message: String) -> PodiumError { .invalid(url.path, message) }
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw bad("is not an executable file (expected a Python such as venv/bin/python)")
        }
        let script = """
            import json, platform
            out = {"python": platform.python_version()}
            for name in ("numpy", "pandas", "sklearn"):
                try:
                    out[name] = __import__(name).__version__
                except Exception:
                    out[name] = "missing"
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = url
        process.arguments = ["-c", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw bad("cannot be started (\(error.localizedDescription))") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let versions = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw bad("does not answer as a Python 3 interpreter")
        }
        return PythonEnvironment(name: name, python: url.path, versions: versions)
    }

    /// Whether it can run Podium's default ingestion (pandas and numpy present).
    public var canIngest: Bool { versions["pandas"] != "missing" && versions["numpy"] != "missing" }
}
