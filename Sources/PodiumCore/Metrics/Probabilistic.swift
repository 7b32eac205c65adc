import Foundation

/// Metrics computed from probabilities, as scikit-learn 1.9 computes them.
enum Probabilistic {
    static let eps = Double.ulpOfOne

    static func compute(_ metric: Metric, truth: [Int32], probabilities p: [Double], classCount k: Int, positive: Int) throws(MetricUndefined)
        -> Double
    {
        let n = truth.count
        let binary = p.count == n
        switch metric {
        case .rocAUC:
            return try binaryAUC(metric, truth: truth, scores: p, positive: positive)
        case .averagePrecision:
            return try averagePrecision(truth: truth, scores: p, positive: positive)
        case .rocAUCOvR:
            var sum = CompensatedSum()
            var column = [Double](repeating: 0, count: n)
            for c in 0..<k {
                for i in 0..<n { column[i] = p[i * k + c] }
                sum.add(try binaryAUC(metric, truth: truth, scores: column, positive: c, classNamed: c))
            }
            return sum.value / Double(k)
        case .logLoss:
            var sum = CompensatedSum()
            if binary {
                for i in 0..<n {
                    let q = Int(truth[i]) == positive ? p[i] : 1 - p[i]
                    sum.add(-Foundation.log(min(max(q, eps), 1 - eps)))
                }
            } else {
                for i in 0..<n {
                    sum.add(-Foundation.log(min(max(p[i * k + Int(truth[i])], eps), 1 - eps)))
                }
            }
            return sum.value / Double(n)
        case .brierScore:
            var sum = CompensatedSum()
            if binary {
                for i in 0..<n {
                    let y = Int(truth[i]) == positive ? 1.0 : 0.0
                    let a = (1 - y) - (1 - p[i])
                    let b = y - p[i]
                    sum.add(a * a + b * b)
                }
                return sum.value / Double(n) * 0.5
            }
            for i in 0..<n {
                let t = Int(truth[i])
                for c in 0..<k {
                    let d = (c == t ? 1.0 : 0.0) - p[i * k + c]
                    sum.add(d * d)
                }
            }
            return sum.value / Double(n) * (k < 3 ? 0.5 : 1)
        default:
            preconditionFailure("\(metric) is not a probability metric")
        }
    }

    /// Scores of positive and negative rows, each sorted ascending.
    static func split(truth: [Int32], scores: [Double], positive: Int) -> (pos: [Double], neg: [Double]) {
        var pos: [Double] = []
        var neg: [Double] = []
        pos.reserveCapacity(scores.count / 2)
        neg.reserveCapacity(scores.count / 2)
        for i in 0..<scores.count {
            let s = scores[i] + 0.0  // -0.0 becomes 0.0
            if Int(truth[i]) == positive { pos.append(s) } else { neg.append(s) }
        }
        RadixSort.sort(&pos)
        RadixSort.sort(&neg)
        return (pos, neg)
    }

    static func binaryAUC(_ metric: Metric, truth: [Int32], scores: [Double], positive: Int, classNamed: Int? = nil) throws(MetricUndefined) -> Double
    {
        let (pos, neg) = split(truth: truth, scores: scores, positive: positive)
        return try pos.withUnsafeBufferPointer { pos throws(MetricUndefined) in
            try neg.withUnsafeBufferPointer { neg throws(MetricUndefined) in
                try binaryAUC(metric, pos: SortedRuns(pos), neg: SortedRuns(neg), classNamed: classNamed)
            }
        }
    }

    /// The area under the ROC curve from `twiceWins` (see below) over `positives` and
    /// `negatives` rows.
    static func binaryAUC(_ metric: Metric, twiceWins: Int, positives: Int, negatives: Int, classNamed: Int? = nil) throws(MetricUndefined)
        -> Double
    {
        guard positives > 0, negatives > 0 else {
            let which = classNamed.map { "class #\($0 + 1) against the rest" } ?? "the rows"
            throw MetricUndefined(metric: metric, reason: "only one class is present in \(which)")
        }
        return Double(twiceWins) / (2 * Double(positives) * Double(negatives))
    }

    /// Twice the pairs of a positive and a negative ranked right, plus the tied pairs, from
    /// their scores sorted ascending: an exact integer count, so that counts of parts of the
    /// rows add up (the AUC of all rows is that of the four counts of public and private
    /// positives against public and private negatives) to what one count of all rows gives.
    static func twiceWins(pos: UnsafeBufferPointer<Double>, neg: UnsafeBufferPointer<Double>) -> Int {
        var twiceWins = 0
        var i = 0
        var below = 0  // negatives scored below the current value
        while i < pos.count {
            let v = pos[i]
            var same = 1
            i += 1
            while i < pos.count && pos[i] == v {
                same += 1
                i += 1
            }
            while below < neg.count && neg[below] < v { below += 1 }
            var through = below
            while through < neg.count && neg[through] == v { through += 1 }
            twiceWins += same * (below + through)
            below = through
        }
        return twiceWins
    }

    /// The area under the ROC curve, ties counted half (the trapezoid on tied thresholds),
    /// computed from exact integer counts.
    static func binaryAUC(_ metric: Metric, pos: SortedRuns, neg: SortedRuns, classNamed: Int? = nil) throws(MetricUndefined) -> Double {
        guard pos.count > 0, neg.count > 0 else {
            return try binaryAUC(metric, twiceWins: 0, positives: pos.count, negatives: neg.count, classNamed: classNamed)
        }
        var pos = pos
        var neg = neg
        var twiceWins = 0  // 2 × (pairs ranked right) + ties
        var below = 0  // negatives scored below the current value
        while let v = pos.peek() {
            let same = pos.skip(equalTo: v)
            below += neg.skip(below: v)
            let equal = neg.skip(equalTo: v)
            twiceWins += same * (2 * below + equal)
            below += equal
        }
        return Double(twiceWins) / (2 * Double(pos.count) * Double(neg.count))
    }

    static func averagePrecision(truth: [Int32], scores: [Double], positive: Int) throws(MetricUndefined) -> Double {
        let (pos, neg) = split(truth: truth, scores: scores, positive: positive)
        return try pos.withUnsafeBufferPointer { pos throws(MetricUndefined) in
            try neg.withUnsafeBufferPointer { neg throws(MetricUndefined) in try averagePrecision(pos: SortedRuns(pos), neg: SortedRuns(neg)) }
        }
    }

    /// Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over the thresholds; only thresholds where positives
    /// are scored add recall, so the sum runs over the distinct scores of positives v:
    /// (positives at v / P) × precision at v, with tp and fp counting the rows scored ≥ v.
    static func averagePrecision(pos: SortedRuns, neg: SortedRuns) throws(MetricUndefined) -> Double {
        guard pos.count > 0 else {
            throw MetricUndefined(metric: .averagePrecision, reason: "no row belongs to the positive class")
        }
        var pos = pos
        var neg = neg
        let total = Double(pos.count)
        var positivesBelow = 0
        var negativesBelow = 0
        var sum = CompensatedSum()
        while let v = pos.peek() {
            let same = pos.skip(equalTo: v)
            negativesBelow += neg.skip(below: v)
            let tp = pos.count - positivesBelow
            let fp = neg.count - negativesBelow
            sum.add(Double(same) / total * (Double(tp) / Double(tp + fp)))
            positivesBelow += same
        }
        return sum.value
    }
}

/// The ascending values of one or two sorted runs, merged as they are read: the scores of
/// all rows are those of the public and the private rows, without a third copy.
/// It reads the runs where they are: they must outlive it.
struct SortedRuns {
    private let a: UnsafeBufferPointer<Double>
    private let b: UnsafeBufferPointer<Double>
    private var i: Int
    private var j: Int

    init(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double> = UnsafeBufferPointer(start: nil, count: 0)) {
        self.a = a
        self.b = b
        i = a.startIndex
        j = b.startIndex
    }

    var count: Int { a.count + b.count }

    @inline(__always)
    func peek() -> Double? {
        if i < a.endIndex {
            if j < b.endIndex && b[j] < a[i] { return b[j] }
            return a[i]
        }
        return j < b.endIndex ? b[j] : nil
    }

    @inline(__always)
    mutating func advance() {
        if i < a.endIndex && !(j < b.endIndex && b[j] < a[i]) { i += 1 } else { j += 1 }
    }

    /// Moves past the values equal to `v`; returns how many there were.
    mutating func skip(equalTo v: Double) -> Int {
        var n = 0
        while peek() == v {
            advance()
            n += 1
        }
        return n
    }

    /// Moves past the values below `v`; returns how many there were.
    mutating func skip(below v: Double) -> Int {
        var n = 0
        while let w = peek(), w < v {
            advance()
            n += 1
        }
        return n
    }
}
