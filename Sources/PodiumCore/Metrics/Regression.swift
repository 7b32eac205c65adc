import Foundation

/// Regression metrics, as scikit-learn 1.9 (and scipy.stats for the correlations) compute them.
enum Regression {
    static func compute(_ metric: Metric, truth y: [Double], predicted f: [Double]) throws(MetricUndefined) -> Double {
        let n = y.count
        func mean(_ term: (Int) -> Double) -> Double {
            var s = CompensatedSum()
            for i in 0..<n { s.add(term(i)) }
            return s.value / Double(n)
        }
        switch metric {
        case _ where RowTerms.metrics.contains(metric):
            var terms = RowTerms(metrics: [metric])
            for i in 0..<n { terms.add(y[i], f[i]) }
            return try terms.value(metric)
        case .medianAbsoluteError:
            var errors = (0..<n).map { abs(y[$0] - f[$0]) }
            RadixSort.sort(&errors)
            return n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2
        case .r2:
            guard n >= 2 else { throw MetricUndefined(metric: metric, reason: "it needs at least two rows") }
            let ybar = y.accurateMean()
            var residual = CompensatedSum()
            var total = CompensatedSum()
            for i in 0..<n {
                residual.add((y[i] - f[i]) * (y[i] - f[i]))
                total.add((y[i] - ybar) * (y[i] - ybar))
            }
            guard total.value != 0 else { throw MetricUndefined(metric: metric, reason: "the target is constant on these rows") }
            return 1 - residual.value / total.value
        case .explainedVariance:
            guard n >= 2 else { throw MetricUndefined(metric: metric, reason: "it needs at least two rows") }
            let diffMean = mean { y[$0] - f[$0] }
            let ybar = y.accurateMean()
            let numerator = mean { (y[$0] - f[$0] - diffMean) * (y[$0] - f[$0] - diffMean) }
            let denominator = mean { (y[$0] - ybar) * (y[$0] - ybar) }
            guard denominator != 0 else { throw MetricUndefined(metric: metric, reason: "the target is constant on these rows") }
            return 1 - numerator / denominator
        case .pearson:
            return try pearson(metric, y, f)
        case .spearman:
            return try pearson(metric, ranks(y), ranks(f), constantCheck: (y, f))
        default:
            preconditionFailure("\(metric) is not a regression metric")
        }
    }

    static func pearson(_ metric: Metric, _ x: [Double], _ z: [Double], constantCheck: ([Double], [Double])? = nil) throws(MetricUndefined) -> Double
    {
        let (a, b) = constantCheck ?? (x, z)
        guard x.count >= 2 else { throw MetricUndefined(metric: metric, reason: "it needs at least two rows") }
        if a.allSatisfy({ $0 == a[0] }) { throw MetricUndefined(metric: metric, reason: "the target is constant on these rows") }
        if b.allSatisfy({ $0 == b[0] }) { throw MetricUndefined(metric: metric, reason: "the predictions are constant") }
        let mx = x.accurateMean()
        let mz = z.accurateMean()
        var sxz = CompensatedSum()
        var sxx = CompensatedSum()
        var szz = CompensatedSum()
        for i in 0..<x.count {
            let dx = x[i] - mx
            let dz = z[i] - mz
            sxz.add(dx * dz)
            sxx.add(dx * dx)
            szz.add(dz * dz)
        }
        let r = sxz.value / (sxx.value.squareRoot() * szz.value.squareRoot())
        return min(1, max(-1, r))
    }

    /// Ranks from 1, ties given their average rank (scipy.stats.rankdata's "average"); a NaN
    /// value is left out and keeps NaN as its rank (the authoring audit's missing cells).
    static func ranks(_ values: [Double]) -> [Double] {
        // Sorted as (order-preserving bits, index) pairs: no indirection in the comparisons.
        var pairs: [(key: UInt64, index: Int)] = []
        pairs.reserveCapacity(values.count)
        for (i, v) in values.enumerated() where !v.isNaN { pairs.append((RadixSort.key(v == 0 ? 0 : v), i)) }
        pairs.sort { $0.key < $1.key }
        let order = pairs.map(\.index)
        var result = [Double](repeating: .nan, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for t in i...j { result[order[t]] = rank }
            i = j + 1
        }
        return result
    }
}

/// The sums behind the metrics that are a mean (or a maximum) of a per-row term. They are
/// added to row by row, so a large file can be scored as it is read, without keeping its
/// predictions; the array path uses the same sums.
struct RowTerms {
    static let metrics: Set<Metric> = [.mse, .rmse, .mae, .maxError, .mape, .rmsle]

    private let squares: Bool
    private let absolutes: Bool
    private let relatives: Bool
    private let logs: Bool
    private(set) var count = 0
    private var squared = CompensatedSum()
    private var absolute = CompensatedSum()
    private var worst = 0.0
    private var relative = CompensatedSum()
    private var squaredLog = CompensatedSum()
    private var truthBelowMinusOne = false
    private var predictionBelowMinusOne = false

    init(metrics: [Metric]) {
        squares = metrics.contains(.mse) || metrics.contains(.rmse)
        absolutes = metrics.contains(.mae) || metrics.contains(.maxError)
        relatives = metrics.contains(.mape)
        logs = metrics.contains(.rmsle)
    }

    @inline(__always)
    mutating func add(_ y: Double, _ f: Double) {
        count += 1
        let d = y - f
        if squares { squared.add(d * d) }
        if absolutes {
            absolute.add(abs(d))
            worst = max(worst, abs(d))
        }
        if relatives { relative.add(abs(f - y) / max(abs(y), Double.ulpOfOne)) }
        if logs {
            if y <= -1 { truthBelowMinusOne = true }
            if f <= -1 { predictionBelowMinusOne = true }
            let l = Foundation.log1p(y) - Foundation.log1p(f)
            squaredLog.add(l * l)
        }
    }

    func value(_ metric: Metric) throws(MetricUndefined) -> Double {
        guard count > 0 else { throw MetricUndefined(metric: metric, reason: "there are no rows") }
        let n = Double(count)
        switch metric {
        case .mse: return squared.value / n
        case .rmse: return (squared.value / n).squareRoot()
        case .mae: return absolute.value / n
        case .maxError: return worst
        case .mape: return relative.value / n
        case .rmsle:
            if truthBelowMinusOne {
                throw MetricUndefined(metric: metric, reason: "the target has values less than or equal to -1")
            }
            if predictionBelowMinusOne {
                throw MetricUndefined(metric: metric, reason: "the predictions have values less than or equal to -1")
            }
            return (squaredLog.value / n).squareRoot()
        default:
            preconditionFailure("\(metric) is not a sum over rows")
        }
    }
}
