import CPodiumSupport
import Foundation

/// The rows a score is computed on.
public enum Part: String, Codable, Sendable, CaseIterable {
    case `public`, `private`, all
}

/// Every metric's score on each part of the rows.
public struct PartScores: Codable, Sendable, Equatable {
    public var `public`: MetricScores
    public var `private`: MetricScores
    public var all: MetricScores

    public init(public: MetricScores = [:], private: MetricScores = [:], all: MetricScores = [:]) {
        self.public = `public`
        self.private = `private`
        self.all = all
    }

    public subscript(part: Part) -> MetricScores {
        get {
            switch part {
            case .public: self.public
            case .private: self.private
            case .all: all
            }
        }
        set {
            switch part {
            case .public: self.public = newValue
            case .private: self.private = newValue
            case .all: all = newValue
            }
        }
    }
}

/// Scores of one submission: every metric of the challenge on the public rows, the private
/// rows and all rows. A secondary metric undefined on a part is left out of that part.
public struct ScoreReport: Codable, Sendable, Equatable {
    public var challenge: String
    public var version: Int
    public var metric: Metric
    public var rows: Int
    public var scores: PartScores

    public func score(_ part: Part, _ metric: Metric? = nil) -> Double? {
        scores[part][metric ?? self.metric]
    }

    public func json() throws -> String {
        try JSONText.encode(self)
    }
}

/// The primary metric cannot be computed on the file's rows: the file is valid but gets no
/// score. (It never says which part of the rows: see `Scorer.report`.)
public struct ScoringError: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    public var undefined: MetricUndefined

    public var errorDescription: String? {
        "\(file) cannot be scored: \(undefined.errorDescription ?? "")"
    }
}
