/// Metrics computed from a confusion matrix, as scikit-learn 1.9 computes them with its
/// default arguments (labels present in truth or prediction; zero division gives 0).
enum LabelMetrics {
    struct Confusion {
        let k: Int
        var cells: [Int]
        var truthCount: [Int]
        var predictedCount: [Int]
        var correct: [Int]
        let n: Int

        init(truth: [Int32], predicted: [Int32], k: Int) {
            self.k = k
            n = truth.count
            cells = Array(repeating: 0, count: k * k)
            truthCount = Array(repeating: 0, count: k)
            predictedCount = Array(repeating: 0, count: k)
            correct = Array(repeating: 0, count: k)
            for i in 0..<truth.count {
                let t = Int(truth[i])
                let p = Int(predicted[i])
                cells[t * k + p] += 1
                truthCount[t] += 1
                predictedCount[p] += 1
                if t == p { correct[t] += 1 }
            }
        }

        /// From the cells of a confusion matrix (row: truth, column: prediction), as a
        /// resample's multiplicities fill it.
        init(cells: [Int], k: Int) {
            self.k = k
            self.cells = cells
            truthCount = Array(repeating: 0, count: k)
            predictedCount = Array(repeating: 0, count: k)
            correct = Array(repeating: 0, count: k)
            var total = 0
            for t in 0..<k {
                for p in 0..<k {
                    let count = cells[t * k + p]
                    truthCount[t] += count
                    predictedCount[p] += count
                    total += count
                }
                correct[t] = cells[t * k + t]
            }
            n = total
        }

        /// Labels scikit-learn sees: those in the truth or the predictions.
        var present: [Int] { (0..<k).filter { truthCount[$0] + predictedCount[$0] > 0 } }

        func precision(_ c: Int) -> Double {
            predictedCount[c] == 0 ? 0 : Double(correct[c]) / Double(predictedCount[c])
        }

        func recall(_ c: Int) -> Double {
            truthCount[c] == 0 ? 0 : Double(correct[c]) / Double(truthCount[c])
        }

        func f1(_ c: Int) -> Double {
            let denominator = truthCount[c] + predictedCount[c]
            return denominator == 0 ? 0 : 2 * Double(correct[c]) / Double(denominator)
        }

        func macro(_ score: (Int) -> Double) -> Double {
            let labels = present
            var sum = CompensatedSum()
            for c in labels { sum.add(score(c)) }
            return sum.value / Double(labels.count)
        }
    }

    static func compute(_ metric: Metric, truth: [Int32], predicted: [Int32], classCount k: Int, positive: Int) throws(MetricUndefined) -> Double {
        try compute(metric, Confusion(truth: truth, predicted: predicted, k: k), positive: positive)
    }

    static func compute(_ metric: Metric, _ m: Confusion, positive: Int) throws(MetricUndefined) -> Double {
        let k = m.k
        let n = Double(m.n)
        switch metric {
        case .accuracy, .f1Micro:
            return Double(m.correct.reduce(0, +)) / n
        case .balancedAccuracy:
            let labels = (0..<k).filter { m.truthCount[$0] > 0 }
            var sum = CompensatedSum()
            for c in labels { sum.add(m.recall(c)) }
            return sum.value / Double(labels.count)
        case .f1: return m.f1(positive)
        case .precision: return m.precision(positive)
        case .recall: return m.recall(positive)
        case .f1Macro: return m.macro(m.f1)
        case .precisionMacro: return m.macro(m.precision)
        case .recallMacro: return m.macro(m.recall)
        case .f1Weighted:
            var sum = CompensatedSum()
            for c in m.present { sum.add(m.f1(c) * Double(m.truthCount[c])) }
            return sum.value / n
        case .matthewsCorrcoef:
            let correct = Double(m.correct.reduce(0, +))
            var tp = 0.0
            var pp = 0.0
            var tt = 0.0
            for c in 0..<k {
                let t = Double(m.truthCount[c])
                let p = Double(m.predictedCount[c])
                tp += t * p
                pp += p * p
                tt += t * t
            }
            let covYtYp = correct * n - tp
            let covYpYp = n * n - pp
            let covYtYt = n * n - tt
            let product = covYpYp * covYtYt
            if product == 0 { return 0 }
            return covYtYp / product.squareRoot()
        case .cohenKappa, .quadraticWeightedKappa:
            // Unweighted kappa is the same over any superset of the present labels; the
            // quadratic weights use the declared class order, all classes included.
            let quadratic = metric == .quadraticWeightedKappa
            var observed = CompensatedSum()
            var expected = CompensatedSum()
            for i in 0..<k {
                for j in 0..<k {
                    let w = quadratic ? Double((i - j) * (i - j)) : (i == j ? 0 : 1)
                    if w == 0 { continue }
                    observed.add(w * Double(m.cells[i * k + j]))
                    expected.add(w * Double(m.predictedCount[i]) * Double(m.truthCount[j]) / n)
                }
            }
            if expected.value == 0 {
                throw MetricUndefined(metric: metric, reason: "truth and predictions have only one label in common")
            }
            return 1 - observed.value / expected.value
        default:
            preconditionFailure("\(metric) is not a label metric")
        }
    }
}
