import Foundation

/// `public_board` in challenge.yaml: the public board shows each team's best public score, or
/// its Ladder score.
public enum PublicBoardMode: String, Codable, Sendable, CaseIterable {
    case best, ladder
}

/// What one accepted submission did to its team's Ladder score.
public struct LadderStep: Codable, Sendable, Equatable {
    /// Whether it moved the team's public score.
    public var moved: Bool
    /// The team's Ladder score after it (the score shown on the public board).
    public var score: Double
    /// The noise margin it was judged against (and its score rounded to).
    public var margin: Double

    public init(moved: Bool, score: Double, margin: Double) {
        self.moved = moved
        self.score = score
        self.margin = margin
    }
}

/// Blum and Hardt's parameter-free Ladder ("The Ladder: A Reliable Leaderboard for Machine
/// Learning Competitions", ICML 2015), per team. A submission moves the team's public score
/// only when it beats the team's current Ladder score by more than the noise margin of the
/// paired difference between it and the submission that set that score; the score shown is
/// then rounded to the margin. Probing the public rows with many near-identical files earns
/// nothing: their differences stay inside the margin.
///
/// The margin: for a metric that is a mean of per-row losses (MSE, MAE, MAPE, log loss,
/// Brier score, accuracy), the sample standard deviation of the per-row loss differences over
/// sqrt(n), as in the paper; for the others (RMSE, AUC, F1, kappa, average precision...), the
/// standard deviation of the difference over `resamples` paired bootstrap resamples of the
/// public rows (the boards' resampling, stratified, from the challenge's seed). A team's first
/// submission always moves its score, rounded to the standard error of that score.
public enum Ladder {
    /// Paired resamples behind a bootstrap margin: enough for a standard error to within
    /// about 5%, few enough that a submission of a million rows is judged in a second.
    public static let resamples = 200

    /// The rows a step is judged on: the public rows' data for the new submission and for the
    /// one that set the current score, the strata to resample them in, and the seed.
    public struct Rows: Sendable {
        public var strata: [[Int32]]
        public var count: Int
        public var seed: UInt64

        public init(strata: [[Int32]], count: Int, seed: UInt64) {
            self.strata = strata
            self.count = count
            self.seed = seed
        }
    }

    /// The submission that set a team's Ladder score: its data on the public rows, its exact
    /// score and the score shown.
    public struct Reference: Sendable {
        public var data: MetricData
        public var score: Double
        public var shown: Double

        public init(data: MetricData, score: Double, shown: Double) {
            self.data = data
            self.score = score
            self.shown = shown
        }
    }

    /// The step of a submission scoring `score` (data `new`) for a team whose Ladder score was
    /// set by `current` (nil: its first submission). The paired difference of the two exact
    /// scores is what is judged against the margin; the rounded score is only shown (judged
    /// against a rounded score, a probe would gain whatever the rounding gave away).
    public static func step(metric: Metric, new: MetricData, score: Double, current: Reference?, rows: Rows) -> LadderStep {
        guard let current else {
            let margin = standardError(metric, new, rows: rows)
            return LadderStep(moved: true, score: rounded(score, to: margin), margin: margin)
        }
        let margin = standardError(metric, new, minus: current.data, rows: rows)
        guard metric.isBetter(score, than: current.score), abs(score - current.score) > margin else {
            return LadderStep(moved: false, score: current.shown, margin: margin)
        }
        return LadderStep(moved: true, score: rounded(score, to: margin), margin: margin)
    }

    /// A score rounded to the decimal place of its margin (0.97281 with a margin of 0.012 is
    /// 0.97): what it shows is what the public rows can tell.
    public static func rounded(_ score: Double, to margin: Double) -> Double {
        guard margin > 0, margin.isFinite else { return score }
        let digits = max(0, min(12, Int((-Foundation.log10(margin)).rounded(.up))))
        let scale = Foundation.pow(10, Double(digits))
        let value = (score * scale).rounded() / scale
        return value.isFinite ? value : score
    }

    /// The per-row losses whose mean is the metric, when it is one.
    static func losses(_ metric: Metric, _ data: MetricData) -> [Double]? {
        switch (metric, data) {
        case (.mse, .regression(let y, let f)), (.mae, .regression(let y, let f)), (.mape, .regression(let y, let f)):
            return MeanOfTerms(metric, truth: y, predicted: f)?.terms
        case (.logLoss, .classification(let truth, _, let p?, let k, let positive)),
            (.brierScore, .classification(let truth, _, let p?, let k, let positive)):
            return MeanOfTerms(metric, truth: truth, probabilities: p, classCount: k, positive: positive).map { terms in
                terms.terms.map { $0 * terms.factor }
            }
        case (.accuracy, .classification(let truth, let predicted, _, _, _)), (.f1Micro, .classification(let truth, let predicted, _, _, _)):
            return zip(truth, predicted).map { $0 == $1 ? 1 : 0 }
        default:
            return nil
        }
    }

    /// Sample standard deviation over sqrt(count).
    static func standardErrorOfMean(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.accurateMean()
        var squares = CompensatedSum()
        for v in values { squares.add((v - mean) * (v - mean)) }
        return (squares.value / Double(values.count - 1)).squareRoot() / Double(values.count).squareRoot()
    }

    /// The standard error of a score, or of the difference of two scores on the same rows.
    static func standardError(_ metric: Metric, _ new: MetricData, minus old: MetricData? = nil, rows: Rows) -> Double {
        if let a = losses(metric, new) {
            guard let old else { return standardErrorOfMean(a) }
            if let b = losses(metric, old), b.count == a.count { return standardErrorOfMean(zip(a, b).map { $0 - $1 }) }
        }
        let first = ResampledMetrics.make(metric, new)
        let second = old.map { ResampledMetrics.make(metric, $0) }
        var resampler = Resampler(strata: rows.strata, rowCount: rows.count, seed: rows.seed)
        var differences: [Double] = []
        differences.reserveCapacity(resamples)
        for _ in 0..<resamples {
            resampler.next()
            resampler.weights.withUnsafeBufferPointer { w in
                guard let a = first.score(w) else { return }
                if let second {
                    if let b = second.score(w) { differences.append(a - b) }
                } else {
                    differences.append(a)
                }
            }
        }
        guard differences.count > 1 else { return 0 }
        // The standard deviation over the resamples is the standard error itself.
        return standardErrorOfMean(differences) * Double(differences.count).squareRoot()
    }
}

extension Ladder {
    /// A challenge's public rows as the Ladder judges them: the rows, their strata and the
    /// challenge's seed, and a submission's data on them.
    public struct PublicRows: Sendable {
        let solution: Solution
        let rows: [Int32]
        public let judged: Rows

        public init(solution: Solution) {
            self.solution = solution
            let manifest = solution.manifest
            rows = Scorer.rows(.public, solution) ?? []
            let labels: [Int32]? = manifest.task.isClassification ? rows.map { Int32(solution.classIndex[Int($0)]) } : nil
            judged = Rows(strata: Resampler.strata(labels: labels, rowCount: rows.count), count: rows.count, seed: manifest.bootstrapSeed)
        }

        public func data(_ predictions: Predictions) -> MetricData {
            Scorer.metricData(predictions, solution: solution, rows: rows, needsLabels: true)
        }
    }
}

extension LadderStep {
    /// What the step means to the team, in one sentence.
    public func sentence(_ metric: Metric) -> String {
        let noise = "± \(Formats.score(margin, digits: 4))"
        return moved
            ? "moved your public \(metric) to \(Formats.number(score)) (a Ladder board: a file moves it only when it beats your last by more than the public rows' noise, \(noise) here)"
            : "did not move your public \(metric) (still \(Formats.number(score))): the change is within the public rows' noise (\(noise))"
    }

    /// A history cell: "moved → 0.97" or "no move (0.97)".
    public var cell: String { moved ? "moved → \(Formats.number(score))" : "no move (\(Formats.number(score)))" }
}
