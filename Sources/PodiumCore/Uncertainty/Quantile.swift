/// Quantiles of a sample, as NumPy computes them (`numpy.quantile`), so that the board's
/// figures can be checked against an independent computation to the last bits.
enum Quantile {
    /// `method="linear"` (NumPy's default): interpolation between the two nearest order
    /// statistics at virtual index (n - 1) q, with NumPy's two-sided interpolation formula.
    static func linear(_ sorted: [Double], _ q: Double) -> Double {
        let index = Double(sorted.count - 1) * q
        let below = index.rounded(.down)
        let i = min(Int(below), sorted.count - 1)
        let j = min(i + 1, sorted.count - 1)
        let t = index - below
        let a = sorted[i]
        let b = sorted[j]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }

    /// `method="lower"`: the order statistic at the floor of the virtual index.
    static func lower<T>(_ sorted: [T], _ q: Double) -> T {
        sorted[min(Int((Double(sorted.count - 1) * q).rounded(.down)), sorted.count - 1)]
    }

    /// `method="higher"`: the order statistic at the ceiling of the virtual index.
    static func higher<T>(_ sorted: [T], _ q: Double) -> T {
        sorted[min(Int((Double(sorted.count - 1) * q).rounded(.up)), sorted.count - 1)]
    }
}
