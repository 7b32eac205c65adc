/// Neumaier's compensated sum: accurate to a few ulps on ten million terms,
/// where a naive running sum drifts (scikit-learn goes through numpy's pairwise sum).
struct CompensatedSum {
    private(set) var sum = 0.0
    private var compensation = 0.0

    @inline(__always)
    mutating func add(_ value: Double) {
        let t = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - t) + value
        } else {
            compensation += (value - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}

extension Sequence<Double> {
    func accurateSum() -> Double {
        var s = CompensatedSum()
        for v in self { s.add(v) }
        return s.value
    }
}

extension [Double] {
    func accurateMean() -> Double { accurateSum() / Double(count) }
}
