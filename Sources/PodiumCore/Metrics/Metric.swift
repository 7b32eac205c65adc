import Foundation

/// The metric catalog: scikit-learn's names and definitions.
public enum Metric: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable {
    // From labels (probabilities go through the argmax, or p > 0.5 for binary).
    case accuracy
    case balancedAccuracy = "balanced_accuracy"
    case f1
    case f1Macro = "f1_macro"
    case f1Micro = "f1_micro"
    case f1Weighted = "f1_weighted"
    case precision
    case precisionMacro = "precision_macro"
    case recall
    case recallMacro = "recall_macro"
    case matthewsCorrcoef = "matthews_corrcoef"
    case cohenKappa = "cohen_kappa"
    case quadraticWeightedKappa = "quadratic_weighted_kappa"
    // From probabilities.
    case rocAUC = "roc_auc"
    case rocAUCOvR = "roc_auc_ovr"
    case averagePrecision = "average_precision"
    case logLoss = "log_loss"
    case brierScore = "brier_score"
    // Regression.
    case rmse, mse, mae, r2, mape, rmsle
    case medianAbsoluteError = "median_absolute_error"
    case explainedVariance = "explained_variance"
    case maxError = "max_error"
    case pearson, spearman

    public enum Input: Sendable { case labels, probabilities, values }

    public var input: Input {
        switch self {
        case .rocAUC, .rocAUCOvR, .averagePrecision, .logLoss, .brierScore: .probabilities
        case .rmse, .mse, .mae, .r2, .mape, .rmsle, .medianAbsoluteError, .explainedVariance, .maxError,
            .pearson, .spearman:
            .values
        default: .labels
        }
    }

    /// True when a larger value is a better score.
    public var higherIsBetter: Bool {
        switch self {
        case .logLoss, .brierScore, .rmse, .mse, .mae, .mape, .rmsle, .medianAbsoluteError, .maxError: false
        default: true
        }
    }

    /// Whether the metric can be computed for this kind of challenge.
    public func applies(to task: TaskKind, submission: SubmissionKind) -> Bool {
        switch (input, task) {
        case (.values, .regression): return true
        case (_, .regression), (.values, _): return false
        case (.probabilities, _):
            guard submission == .probability else { return false }
            switch self {
            case .rocAUC, .averagePrecision: return task == .binary
            case .rocAUCOvR: return task == .multiclass
            default: return true
            }
        case (.labels, _):
            switch self {
            case .f1, .precision, .recall: return task == .binary
            default: return true
            }
        }
    }

    /// The values the metric can take: charts never draw an axis past them.
    public var range: (minimum: Double, maximum: Double) {
        switch self {
        case .matthewsCorrcoef, .cohenKappa, .quadraticWeightedKappa, .pearson, .spearman: (-1, 1)
        case .r2, .explainedVariance: (-.infinity, 1)
        case .logLoss, .rmse, .mse, .mae, .mape, .rmsle, .medianAbsoluteError, .maxError: (0, .infinity)
        default: (0, 1)
        }
    }

    /// True when `a` is a strictly better score than `b`.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        higherIsBetter ? a > b : a < b
    }
}

/// A metric is written by its scikit-learn name, in messages as in files.
extension Metric: CustomStringConvertible, Comparable {
    public var description: String { rawValue }

    /// By name, so that lists of metrics read alike everywhere.
    public static func < (a: Metric, b: Metric) -> Bool { a.rawValue < b.rawValue }
}

/// Scores by metric (JSON: an object keyed by the metrics' names).
public typealias MetricScores = [Metric: Double]

/// A metric that cannot be computed on the given data.
public struct MetricUndefined: Error, LocalizedError, Equatable, Sendable {
    public var metric: Metric
    public var reason: String

    public init(metric: Metric, reason: String) {
        self.metric = metric
        self.reason = reason
    }

    public var errorDescription: String? { "\(metric.rawValue) is undefined: \(reason)" }
}

/// What a metric is computed from: aligned truths and predictions of one set of rows.
public enum MetricData: Sendable {
    /// Classification. `truth` and `predicted` are class indices; `probabilities` holds, when
    /// submitted, the positive-class probability (binary, `classCount == 2`) or `classCount`
    /// values per row (multiclass), row-major.
    case classification(truth: [Int32], predicted: [Int32], probabilities: [Double]?, classCount: Int, positive: Int)
    case regression(truth: [Double], predicted: [Double])
}

extension Metric {
    /// Computes the metric, exactly as scikit-learn 1.9 does, or explains why it is undefined.
    public func compute(_ data: MetricData) throws(MetricUndefined) -> Double {
        switch data {
        case .regression(let truth, let predicted):
            guard !truth.isEmpty else { throw MetricUndefined(metric: self, reason: "there are no rows") }
            return try Regression.compute(self, truth: truth, predicted: predicted)
        case .classification(let truth, let predicted, let probabilities, let k, let positive):
            guard !truth.isEmpty else { throw MetricUndefined(metric: self, reason: "there are no rows") }
            if input == .probabilities {
                guard let probabilities else {
                    throw MetricUndefined(metric: self, reason: "it needs probabilities, and the submission holds labels")
                }
                return try Probabilistic.compute(self, truth: truth, probabilities: probabilities, classCount: k, positive: positive)
            }
            return try LabelMetrics.compute(self, truth: truth, predicted: predicted, classCount: k, positive: positive)
        }
    }
}
