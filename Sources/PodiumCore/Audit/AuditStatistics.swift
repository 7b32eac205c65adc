import Foundation

/// The statistics the authoring audit needs, written out because they are few and small:
/// rank-based AUC and Spearman, the runs test, chi-square and Kolmogorov-Smirnov p-values.
/// Each is checked against SciPy on fixtures (`scripts/audit_fixtures.py`).
enum AuditStatistics {
    /// Average ranks from 1, NaN left out (the metrics' ranking: `Regression.ranks`).
    static func ranks(_ values: [Double]) -> [Double] { Regression.ranks(values) }

    /// ROC AUC of `scores` for `positive` rows (Mann-Whitney), from ranks computed over the
    /// rows that count; nil when a side is empty.
    static func auc(ranks: [Double], positive: [Bool]) -> Double? {
        var sum = 0.0
        var p = 0.0
        var n = 0.0
        for i in ranks.indices where !ranks[i].isNaN {
            if positive[i] {
                sum += ranks[i]
                p += 1
            } else {
                n += 1
            }
        }
        guard p > 0, n > 0 else { return nil }
        return (sum - p * (p + 1) / 2) / (p * n)
    }

    /// Spearman's correlation of two columns (rows where either is NaN left out).
    static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        let keep = x.indices.filter { !x[$0].isNaN && !y[$0].isNaN }
        guard keep.count >= 3 else { return nil }
        return pearson(ranks(keep.map { x[$0] }), ranks(keep.map { y[$0] }))
    }

    /// How well a column's order alone tells the classes: the share of rows whose nearest
    /// other row by value has the same label. Rows of equal value are each other's nearest
    /// (a random one of them: the chance it shares the label); a value of its own looks at the
    /// closer of the values below and above (both when equally close).
    static func neighbourAgreement(values: [Double], labels: [Int]) -> Double? {
        guard values.count >= 3 else { return nil }
        let order = values.indices.sorted { values[$0] < values[$1] }
        // Groups of equal values, in order: (start, end) in `order`.
        var groups: [(Int, Int)] = []
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            groups.append((i, j))
            i = j + 1
        }
        func counts(_ g: (Int, Int)) -> [Int: Double] {
            var c: [Int: Double] = [:]
            for t in g.0...g.1 { c[labels[order[t]], default: 0] += 1 }
            return c
        }
        var agree = 0.0
        for (index, g) in groups.enumerated() {
            let size = Double(g.1 - g.0 + 1)
            if size > 1 {
                for c in counts(g).values { agree += c * (c - 1) / (size - 1) }
                continue
            }
            let row = order[g.0]
            let value = values[row]
            var sides: [(distance: Double, group: (Int, Int))] = []
            if index > 0 { sides.append((value - values[order[groups[index - 1].0]], groups[index - 1])) }
            if index + 1 < groups.count { sides.append((values[order[groups[index + 1].0]] - value, groups[index + 1])) }
            guard let nearest = sides.map(\.distance).min() else { continue }
            let closest = sides.filter { $0.distance == nearest }
            var share = 0.0
            for side in closest {
                let c = counts(side.group)
                share += (c[labels[row]] ?? 0) / Double(side.group.1 - side.group.0 + 1)
            }
            agree += share / Double(closest.count)
        }
        return agree / Double(values.count)
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        guard n >= 2 else { return nil }
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// The runs test of a sequence of labels (Wald-Wolfowitz, k categories): the z-score of
    /// the number of runs; strongly negative when equal labels sit together (ids sorted by
    /// class). Nil with a single label.
    static func runsZ(_ labels: [Int]) -> Double? {
        let n = Double(labels.count)
        guard labels.count >= 3 else { return nil }
        var counts: [Int: Double] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        guard counts.count >= 2 else { return nil }
        var runs = 1.0
        for i in 1..<labels.count where labels[i] != labels[i - 1] { runs += 1 }
        let s2 = counts.values.reduce(0) { $0 + $1 * $1 }
        let s3 = counts.values.reduce(0) { $0 + $1 * $1 * $1 }
        let mean = 1 + (n * n - s2) / n
        let variance = (s2 * (s2 + n * (n + 1)) - 2 * n * s3 - n * n * n) / (n * n * (n - 1))
        guard variance > 0 else { return nil }
        return (runs - mean) / variance.squareRoot()
    }

    /// P(Z > z) for a standard normal.
    static func normalSurvival(_ z: Double) -> Double { 0.5 * erfc(z / 2.squareRoot()) }

    /// The p-value of a chi-square statistic with `df` degrees of freedom: the regularized
    /// upper incomplete gamma Q(df/2, x/2) (Numerical Recipes' series and continued fraction).
    static func chiSquareSurvival(_ x: Double, df: Int) -> Double {
        guard x > 0 else { return 1 }
        return gammaQ(Double(df) / 2, x / 2)
    }

    static func gammaQ(_ a: Double, _ x: Double) -> Double {
        let lnGammaA: Double = lgamma(a)
        if x < a + 1 {
            // Series for P, then Q = 1 - P.
            var sum = 1 / a
            var term = sum
            var ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, min(1, 1 - sum * exp(-x + a * log(x) - lnGammaA)))
        }
        // Continued fraction for Q (Lentz).
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, min(1, exp(-x + a * log(x) - lnGammaA) * h))
    }

    /// The chi-square test of homogeneity of a table of counts (rows: groups, columns:
    /// classes); columns that are empty everywhere are left out.
    static func chiSquare(_ table: [[Double]]) -> (statistic: Double, df: Int, p: Double)? {
        let columns = table.first.map { $0.indices.filter { c in table.contains { $0[c] > 0 } } } ?? []
        let rows = table.filter { row in columns.contains { row[$0] > 0 } }
        guard rows.count >= 2, columns.count >= 2 else { return nil }
        let rowSums = rows.map { row in columns.reduce(0) { $0 + row[$1] } }
        let columnSums = columns.map { c in rows.reduce(0) { $0 + $1[c] } }
        let n = rowSums.reduce(0, +)
        var statistic = 0.0
        for (r, row) in rows.enumerated() {
            for (j, c) in columns.enumerated() {
                let expected = rowSums[r] * columnSums[j] / n
                statistic += (row[c] - expected) * (row[c] - expected) / expected
            }
        }
        let df = (rows.count - 1) * (columns.count - 1)
        return (statistic, df, chiSquareSurvival(statistic, df: df))
    }

    /// The two-sample Kolmogorov-Smirnov statistic and its asymptotic p-value
    /// (`scipy.stats.ks_2samp(method="asymp")`).
    static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> (statistic: Double, p: Double)? {
        let x = a.filter { !$0.isNaN }.sorted()
        let y = b.filter { !$0.isNaN }.sorted()
        guard !x.isEmpty, !y.isEmpty else { return nil }
        var i = 0
        var j = 0
        var d = 0.0
        let (n, m) = (Double(x.count), Double(y.count))
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] <= v { i += 1 }
            while j < y.count && y[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / n - Double(j) / m))
        }
        let en = (n * m / (n + m)).squareRoot()
        return (d, kolmogorovSurvival(d * en))
    }

    /// P(K > t) for the Kolmogorov distribution: 2 Σ (-1)^(k-1) exp(-2 k² t²).
    static func kolmogorovSurvival(_ t: Double) -> Double {
        guard t > 0.04 else { return 1 }
        var sum = 0.0
        for k in 1...200 {
            let term = exp(-2 * Double(k * k) * t * t)
            sum += (k % 2 == 1 ? 1 : -1) * term
            if term < 1e-17 { break }
        }
        return max(0, min(1, 2 * sum))
    }
}
