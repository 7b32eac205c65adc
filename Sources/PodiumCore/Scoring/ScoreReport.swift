import CPodiumSupport
import Foundation

/// The rows a score is computed on.
public enum Part: String, Codable, Sendable, CaseIterable {
    case `public`, `private`, all
}

/// Scores of one submission: every metric of the challenge on the public rows, the private
/// rows and all rows. A secondary metric undefined on a part is left out of that part.
public struct ScoreReport: Codable, Sendable, Equatable {
    public var challenge: String
    public var version: Int
    public var metric: String
    public var rows: Int
    public var scores: [String: [String: Double]]

    public func score(_ part: Part, _ metric: String? = nil) -> Double? {
        scores[part.rawValue]?[metric ?? self.metric]
    }

    public func json() throws -> String {
        try JSONText.encode(self)
    }
}

/// The primary metric cannot be computed: the file is valid but gets no score.
public struct ScoringError: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    public var part: Part
    public var undefined: MetricUndefined

    public var errorDescription: String? {
        "\(file) cannot be scored on the \(part.rawValue) rows: \(undefined.errorDescription ?? "")"
    }
}
