import Foundation

/// A metric prepared once on one submission's predictions for a set of rows, then computed on
/// any resample of those rows from its multiplicities (`Resampler.weights`), in one pass over
/// the rows: a resample costs O(n), not the O(n log n) of scoring the resampled rows afresh.
/// Each gives what `Metric.compute` gives on the resampled rows (the tests check every metric
/// against it), or nil where the metric is undefined on them.
public protocol ResampledMetric: Sendable {
    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double?
}

public enum ResampledMetrics {
    /// The fastest exact way to compute `metric` on resamples of `data`'s rows.
    public static func make(_ metric: Metric, _ data: MetricData) -> any ResampledMetric {
        switch data {
        case .regression(let y, let f):
            if let terms = MeanOfTerms(metric, truth: y, predicted: f) { return terms }
            if metric == .maxError { return MaxOfTerms(terms: (0..<y.count).map { abs(y[$0] - f[$0]) }) }
        case .classification(let truth, let predicted, let probabilities, let k, let positive):
            switch metric.input {
            case .labels:
                return ConfusionCounts(metric, truth: truth, predicted: predicted, classCount: k, positive: positive)
            case .probabilities:
                guard let p = probabilities else { break }
                switch metric {
                case .rocAUC:
                    return RankedScores(.rocAUC, truth: truth, scores: p, positive: positive)
                case .averagePrecision:
                    return RankedScores(.averagePrecision, truth: truth, scores: p, positive: positive)
                case .rocAUCOvR:
                    return OneVersusRest(truth: truth, probabilities: p, classCount: k)
                default:
                    if let terms = MeanOfTerms(metric, truth: truth, probabilities: p, classCount: k, positive: positive) { return terms }
                }
            case .values: break
            }
        }
        return Materialized(metric: metric, data: data)
    }
}

/// Metrics that are a function of the mean of a per-row term: MSE, RMSE, MAE, MAPE, RMSLE,
/// log loss, Brier score. A row whose term is not a number (RMSLE at -1 or below) makes the
/// metric undefined on any resample that draws it.
struct MeanOfTerms: ResampledMetric {
    let terms: [Double]
    let squareRoot: Bool
    let factor: Double

    init?(_ metric: Metric, truth y: [Double], predicted f: [Double]) {
        let n = y.count
        squareRoot = metric == .rmse || metric == .rmsle
        factor = 1
        switch metric {
        case .mse, .rmse: terms = (0..<n).map { (y[$0] - f[$0]) * (y[$0] - f[$0]) }
        case .mae: terms = (0..<n).map { abs(y[$0] - f[$0]) }
        case .mape: terms = (0..<n).map { abs(f[$0] - y[$0]) / max(abs(y[$0]), Double.ulpOfOne) }
        case .rmsle:
            terms = (0..<n).map { i in
                guard y[i] > -1, f[i] > -1 else { return .nan }
                let l = Foundation.log1p(y[i]) - Foundation.log1p(f[i])
                return l * l
            }
        default: return nil
        }
    }

    init?(_ metric: Metric, truth: [Int32], probabilities p: [Double], classCount k: Int, positive: Int) {
        let n = truth.count
        let binary = p.count == n
        squareRoot = false
        let eps = Probabilistic.eps
        switch metric {
        case .logLoss:
            factor = 1
            terms = (0..<n).map { i in
                let q = binary ? (Int(truth[i]) == positive ? p[i] : 1 - p[i]) : p[i * k + Int(truth[i])]
                return -Foundation.log(min(max(q, eps), 1 - eps))
            }
        case .brierScore:
            factor = k < 3 ? 0.5 : 1
            terms = (0..<n).map { i in
                if binary {
                    let y = Int(truth[i]) == positive ? 1.0 : 0.0
                    let a = (1 - y) - (1 - p[i])
                    let b = y - p[i]
                    return a * a + b * b
                }
                var s = 0.0
                for c in 0..<k {
                    let d = (c == Int(truth[i]) ? 1.0 : 0.0) - p[i * k + c]
                    s += d * d
                }
                return s
            }
        default: return nil
        }
    }

    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var sum = CompensatedSum()
        var count = 0
        terms.withUnsafeBufferPointer { t in
            for i in 0..<t.count where weights[i] != 0 {
                sum.add(Double(weights[i]) * t[i])
                count += Int(weights[i])
            }
        }
        guard count > 0, sum.value.isFinite else { return nil }
        let mean = sum.value / Double(count) * factor
        return squareRoot ? mean.squareRoot() : mean
    }
}

/// The largest term drawn (max error).
struct MaxOfTerms: ResampledMetric {
    let terms: [Double]

    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var worst: Double? = nil
        for i in 0..<terms.count where weights[i] != 0 { worst = max(worst ?? 0, terms[i]) }
        return worst
    }
}

/// Label metrics, from the confusion matrix the resample's multiplicities fill.
struct ConfusionCounts: ResampledMetric {
    let metric: Metric
    /// `truth * k + predicted` for each row.
    let cells: [Int32]
    let k: Int
    let positive: Int

    init(_ metric: Metric, truth: [Int32], predicted: [Int32], classCount k: Int, positive: Int) {
        self.metric = metric
        self.k = k
        self.positive = positive
        cells = (0..<truth.count).map { truth[$0] * Int32(k) + predicted[$0] }
    }

    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var counts = [Int](repeating: 0, count: k * k)
        for i in 0..<cells.count { counts[Int(cells[i])] += Int(weights[i]) }
        let confusion = LabelMetrics.Confusion(cells: counts, k: k)
        guard confusion.n > 0 else { return nil }
        return try? LabelMetrics.compute(metric, confusion, positive: positive)
    }
}

/// ROC AUC and average precision of a binary split of the rows, from the rows sorted once by
/// score: a resample walks them in that order, summing multiplicities of positives and
/// negatives per group of tied scores (exact integer counts, as `Probabilistic` computes).
struct RankedScores: ResampledMetric {
    static let positiveBit: UInt32 = 1 << 31
    static let groupEndBit: UInt32 = 1 << 30
    static let rowMask: UInt32 = (1 << 30) - 1

    let metric: Metric
    /// Row index, whether it is positive, whether it is the last of its group of tied scores;
    /// ascending by score.
    let entries: [UInt32]

    init(_ metric: Metric, truth: [Int32], scores: [Double], positive: Int) {
        precondition(scores.count <= Int(Self.rowMask), "too many rows to resample")
        self.metric = metric
        let cleaned = scores.map { $0 + 0.0 }  // -0.0 ties with 0.0
        let order = RadixSort.argsort(cleaned)
        var entries = [UInt32](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() {
            var e = UInt32(row)
            if Int(truth[row]) == positive { e |= Self.positiveBit }
            if position == order.count - 1 || cleaned[order[position + 1]] != cleaned[row] { e |= Self.groupEndBit }
            entries[position] = e
        }
        self.entries = entries
    }

    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        metric == .rocAUC ? auc(weights) : averagePrecision(weights)
    }

    /// Twice the pairs ranked right plus the tied ones, over twice all pairs.
    func auc(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var twiceWins: UInt64 = 0
        var negativesBelow: UInt64 = 0
        var positives: UInt64 = 0
        var groupPositive: UInt64 = 0
        var groupNegative: UInt64 = 0
        entries.withUnsafeBufferPointer { entries in
            for e in entries {
                let w = UInt64(weights[Int(e & Self.rowMask)])
                let isPositive = UInt64(e >> 31)
                groupPositive &+= w & (0 &- isPositive)
                groupNegative &+= w & (isPositive &- 1)
                if e & Self.groupEndBit != 0 {
                    twiceWins &+= groupPositive &* (2 &* negativesBelow &+ groupNegative)
                    negativesBelow &+= groupNegative
                    positives &+= groupPositive
                    groupPositive = 0
                    groupNegative = 0
                }
            }
        }
        guard positives > 0, negativesBelow > 0 else { return nil }
        return Double(twiceWins) / (2 * Double(positives) * Double(negativesBelow))
    }

    /// Σ over the distinct scores v of positives: (positives at v / P) × precision at v.
    func averagePrecision(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var positives = 0
        var negatives = 0
        for e in entries {
            let w = Int(weights[Int(e & Self.rowMask)])
            if e & Self.positiveBit != 0 { positives += w } else { negatives += w }
        }
        guard positives > 0 else { return nil }
        let total = Double(positives)
        var positivesBelow = 0
        var negativesBelow = 0
        var groupPositive = 0
        var groupNegative = 0
        var sum = CompensatedSum()
        for e in entries {
            let w = Int(weights[Int(e & Self.rowMask)])
            if e & Self.positiveBit != 0 { groupPositive += w } else { groupNegative += w }
            if e & Self.groupEndBit != 0 {
                if groupPositive > 0 {
                    let tp = positives - positivesBelow
                    let fp = negatives - negativesBelow
                    sum.add(Double(groupPositive) / total * (Double(tp) / Double(tp + fp)))
                }
                positivesBelow += groupPositive
                negativesBelow += groupNegative
                groupPositive = 0
                groupNegative = 0
            }
        }
        return sum.value
    }
}

/// Multiclass ROC AUC, one class against the rest, macro-averaged.
struct OneVersusRest: ResampledMetric {
    let perClass: [RankedScores]

    init(truth: [Int32], probabilities p: [Double], classCount k: Int) {
        let n = truth.count
        perClass = (0..<k).map { c in RankedScores(.rocAUC, truth: truth, scores: (0..<n).map { p[$0 * k + c] }, positive: c) }
    }

    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var sum = CompensatedSum()
        for one in perClass {
            guard let auc = one.auc(weights) else { return nil }
            sum.add(auc)
        }
        return sum.value / Double(perClass.count)
    }
}

/// Any metric, on the resampled rows gathered afresh (R², explained variance, the
/// correlations, median absolute error: each resample costs what scoring those rows costs).
/// It is also the reference the faster ways are tested against.
struct Materialized: ResampledMetric {
    let metric: Metric
    let data: MetricData

    func score(_ weights: UnsafeBufferPointer<UInt32>) -> Double? {
        var rows: [Int] = []
        rows.reserveCapacity(weights.count)
        for (row, w) in weights.enumerated() where w > 0 { rows.append(contentsOf: repeatElement(row, count: Int(w))) }
        guard !rows.isEmpty else { return nil }
        let drawn: MetricData
        switch data {
        case .regression(let y, let f):
            drawn = .regression(truth: rows.map { y[$0] }, predicted: rows.map { f[$0] })
        case .classification(let truth, let predicted, let probabilities, let k, let positive):
            let perRow = probabilities.map { $0.count / max(truth.count, 1) } ?? 0
            drawn = .classification(
                truth: rows.map { truth[$0] }, predicted: predicted.isEmpty ? [] : rows.map { predicted[$0] },
                probabilities: probabilities.map { p in rows.flatMap { p[($0 * perRow)..<($0 * perRow + perRow)] } },
                classCount: k, positive: positive)
        }
        guard let value = try? metric.compute(drawn), value.isFinite else { return nil }
        return value
    }
}
