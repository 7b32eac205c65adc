import Foundation

/// `code:` in challenge.yaml: the challenge asks for code (a `model.py` with a `Model` class),
/// which Podium runs in a sandbox and whose predictions it scores as a file's.
public struct CodeSettings: Codable, Sendable, Equatable {
    /// The participant's file that defines `Model` (`fit(X, y)`, `predict(X)`, `predict_proba(X)`).
    public var entry = "model.py"
    /// The Python environment the instructor registered (`podium environments add`).
    public var environment = "default"
    /// Seconds for the whole run.
    public var timeLimit = 600
    /// The run's memory cap, in bytes.
    public var memory = 2 << 30
    public var cpus = 1
    public var gpus = 0
    /// The largest upload, in bytes.
    public var maxSize = 20 << 20
    /// Runs a team may have queued or running at once.
    public var maxPending = 1
    /// The author's own ingestion program (Codabench's layout), a folder of the challenge.
    public var ingestion: String?

    public static let maxTimeLimit = 86_400

    public init() {}

    /// `2GiB`, `512MiB`, `100MB`, `64k`, or a number of bytes; nil when it is none of these.
    public static func bytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [
            ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("G", 1_073_741_824),
            ("M", 1_048_576), ("K", 1024), ("k", 1024), ("B", 1),
        ]
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            guard let value = Double(trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), value > 0, value * factor < 1e15 else {
                return nil
            }
            return Int(value * factor)
        }
        return Int(trimmed).flatMap { $0 > 0 ? $0 : nil }
    }
}
