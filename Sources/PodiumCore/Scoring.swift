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

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
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

public enum Scorer {
    /// Reads, checks and scores a submission file against a solution.
    public static func score(file: URL, solution: Solution, metrics: [Metric]? = nil) throws -> ScoreReport {
        let predictions = try SubmissionReader.read(file, solution: solution)
        return try score(predictions, solution: solution, metrics: metrics, file: file.lastPathComponent)
    }

    /// Checks and scores CSV content already in memory.
    public static func score(data: Data, name: String, solution: Solution, metrics: [Metric]? = nil) throws -> ScoreReport {
        let predictions = try SubmissionReader.read(data: data, name: name, solution: solution)
        return try score(predictions, solution: solution, metrics: metrics, file: name)
    }

    public static func score(_ predictions: Predictions, solution: Solution, metrics: [Metric]? = nil, file: String = "submission")
        throws(ScoringError) -> ScoreReport
    {
        let manifest = solution.manifest
        let chosen = metrics ?? manifest.allMetrics.compactMap(Metric.init(rawValue:))
        let primary = chosen.first?.rawValue ?? manifest.metric
        var scores: [String: [String: Double]] = [:]
        let needsLabels = chosen.contains { $0.input == .labels }
        for part in Part.allCases {
            let rows: [Int32]? =
                switch part {
                case .public: solution.isPublic.indices.filter { solution.isPublic[$0] }.map { Int32($0) }
                case .private: solution.isPublic.indices.filter { !solution.isPublic[$0] }.map { Int32($0) }
                case .all: nil
                }
            let data = metricData(predictions, solution: solution, rows: rows, needsLabels: needsLabels)
            var partScores: [String: Double] = [:]
            for metric in chosen {
                do {
                    partScores[metric.rawValue] = try metric.compute(data)
                } catch {
                    if metric.rawValue == primary { throw ScoringError(file: file, part: part, undefined: error) }
                }
            }
            scores[part.rawValue] = partScores
        }
        return ScoreReport(challenge: manifest.slug, version: manifest.version, metric: primary, rows: solution.count, scores: scores)
    }

    /// The rows of one part; predicted labels only when a label metric needs them.
    static func metricData(_ predictions: Predictions, solution: Solution, rows: [Int32]?, needsLabels: Bool = true) -> MetricData {
        let manifest = solution.manifest
        func pick<T>(_ array: [T]) -> [T] { rows.map { $0.map { array[Int($0)] } } ?? array }
        if !manifest.task.isClassification {
            guard case .values(let v) = predictions else { preconditionFailure("regression takes values") }
            return .regression(truth: pick(solution.values), predicted: pick(v))
        }
        let k = manifest.classes.count
        let positive = manifest.positiveIndex ?? 1
        let truth = pick(solution.labels)
        switch predictions {
        case .labels(let l):
            return .classification(truth: truth, predicted: pick(l), probabilities: nil, classCount: k, positive: positive)
        case .values(let p):
            let chosen = pick(p)
            let negative = positive == 0 ? 1 : 0
            let predicted = needsLabels ? chosen.map { $0 > 0.5 ? Int32(positive) : Int32(negative) } : []
            return .classification(truth: truth, predicted: predicted, probabilities: chosen, classCount: k, positive: positive)
        case .probabilities(let p, let k):
            var chosen: [Double]
            if let rows {
                chosen = []
                chosen.reserveCapacity(rows.count * k)
                for r in rows.map(Int.init) { chosen.append(contentsOf: p[(r * k)..<(r * k + k)]) }
            } else {
                chosen = p
            }
            let count = chosen.count / k
            var predicted = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                var best = 0
                for c in 1..<k where chosen[i * k + c] > chosen[i * k + best] { best = c }
                predicted[i] = Int32(best)
            }
            return .classification(truth: truth, predicted: predicted, probabilities: chosen, classCount: k, positive: positive)
        }
    }
}
