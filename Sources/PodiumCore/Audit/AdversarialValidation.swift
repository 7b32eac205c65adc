import Foundation

/// Adversarial validation: can a simple model tell a train row from a test row by its
/// features alone? An L2-regularized logistic regression (λ = 1) on the standardized
/// numeric columns and their squares (so that a column spread wider in test shows, not only
/// one shifted), fitted by Newton's method, scored out of fold (5 folds, stratified,
/// seeded). At most `maxRowsPerSide` rows of each file are used (a seeded sample), so the cost
/// stays flat past 5,000 rows. Written here because it is thirty lines of arithmetic and no
/// Swift package on this machine offers it.
enum AdversarialValidation {
    struct Result {
        var auc: Double
        var trainRows: Int
        var testRows: Int
        /// Each column's own train-versus-test roc_auc (folded to ≥ 0.5), most telling first.
        var columns: [(column: String, auc: Double)]
    }

    static func run(_ data: AuditData, maxRowsPerSide: Int = 5_000, folds: Int = 5, seed: UInt64 = 0x5EED_AD7E) -> Result? {
        let numeric = data.features.filter { $0.trainNumbers != nil && $0.testNumbers != nil }
        guard !numeric.isEmpty, data.trainCount >= 2 * folds, data.testCount >= 2 * folds else { return nil }
        var rng = SeededGenerator(seed: seed)
        var trainRows = Array(0..<data.trainCount)
        var testRows = Array(0..<data.testCount)
        rng.shuffle(&trainRows)
        rng.shuffle(&testRows)
        trainRows = Array(trainRows.prefix(maxRowsPerSide))
        testRows = Array(testRows.prefix(maxRowsPerSide))
        let n = trainRows.count + testRows.count
        let y = [Double](repeating: 0, count: trainRows.count) + [Double](repeating: 1, count: testRows.count)
        let fold = trainRows.indices.map { $0 % folds } + testRows.indices.map { $0 % folds }

        // Columns standardized over the sampled rows; a missing value is the mean (0).
        var columns: [[Double]] = []
        var names: [String] = []
        for feature in numeric {
            let raw = trainRows.map { feature.trainNumbers![$0] } + testRows.map { feature.testNumbers![$0] }
            let present = raw.filter { !$0.isNaN }
            guard present.count > 1 else { continue }
            let mean = present.reduce(0, +) / Double(present.count)
            let sd = (present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)).squareRoot()
            guard sd > 0, sd.isFinite else { continue }
            columns.append(raw.map { $0.isNaN ? 0 : ($0 - mean) / sd })
            names.append(feature.name)
        }
        guard !columns.isEmpty else { return nil }
        // Each column's square, centred (a standardized column's square has mean 1).
        let squares = columns.map { column in column.map { $0 * $0 - 1 } }
        let model = columns + squares
        let d = model.count + 1
        // Row-major design matrix with the intercept last.
        var x = [Double](repeating: 1, count: n * d)
        for (j, column) in model.enumerated() { for i in 0..<n { x[i * d + j] = column[i] } }

        var scores = [Double](repeating: 0, count: n)
        // The folds are fitted on every core; each fold's scores are its own rows.
        let design = x
        let weights = ParallelMap.map(0..<folds) { k in logistic(x: design, d: d, y: y, rows: (0..<n).filter { fold[$0] != k }) }
        for k in 0..<folds {
            let w = weights[k]
            for i in 0..<n where fold[i] == k {
                var z = 0.0
                for j in 0..<d { z += x[i * d + j] * w[j] }
                scores[i] = z
            }
        }
        let isTest = y.map { $0 == 1 }
        guard let auc = AuditStatistics.auc(ranks: AuditStatistics.ranks(scores), positive: isTest) else { return nil }
        // Each column's own power to tell the files apart: the better of its value and its
        // distance from the mean (a wider spread).
        let single = names.indices.compactMap { j -> (column: String, auc: Double)? in
            let aucs = [columns[j], squares[j]].compactMap { AuditStatistics.auc(ranks: AuditStatistics.ranks($0), positive: isTest) }
            return aucs.map { max($0, 1 - $0) }.max().map { (names[j], $0) }
        }.sorted { $0.auc > $1.auc }
        return Result(auc: auc, trainRows: trainRows.count, testRows: testRows.count, columns: single)
    }

    /// Newton's method on the L2-penalized log-likelihood (the intercept, last, unpenalized).
    static func logistic(x: [Double], d: Int, y: [Double], rows: [Int], lambda: Double = 1, iterations: Int = 30) -> [Double] {
        var w = [Double](repeating: 0, count: d)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            var hessian = [Double](repeating: 0, count: d * d)
            for i in rows {
                let base = i * d
                var z = 0.0
                for j in 0..<d { z += x[base + j] * w[j] }
                let p = 1 / (1 + exp(-z))
                let r = p - y[i]
                let weight = max(p * (1 - p), 1e-12)
                for a in 0..<d {
                    let xa = x[base + a]
                    gradient[a] += r * xa
                    let wa = weight * xa
                    for b in 0...a { hessian[a * d + b] += wa * x[base + b] }
                }
            }
            for a in 0..<(d - 1) {
                gradient[a] += lambda * w[a]
                hessian[a * d + a] += lambda
            }
            hessian[(d - 1) * d + (d - 1)] += 1e-9
            guard let step = solveSymmetric(hessian, gradient, d) else { break }
            var largest = 0.0
            for j in 0..<d {
                w[j] -= step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-8 { break }
        }
        return w
    }

    /// Solves H s = g for a symmetric positive definite H (its lower triangle filled) by
    /// Cholesky; nil when H is not positive definite.
    static func solveSymmetric(_ h: [Double], _ g: [Double], _ d: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = h[i * d + j]
                for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * d + i] = sum.squareRoot()
                } else {
                    l[i * d + j] = sum / l[j * d + j]
                }
            }
        }
        var z = g
        for i in 0..<d {
            for k in 0..<i { z[i] -= l[i * d + k] * z[k] }
            z[i] /= l[i * d + i]
        }
        for i in stride(from: d - 1, through: 0, by: -1) {
            for k in (i + 1)..<d { z[i] -= l[k * d + i] * z[k] }
            z[i] /= l[i * d + i]
        }
        return z
    }
}
