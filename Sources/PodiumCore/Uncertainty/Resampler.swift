import Foundation

/// Draws the bootstrap resamples of a board's rows, one after the other, as multiplicities:
/// `weights[i]` is how many times row `i` is drawn in the current resample.
///
/// The rows are drawn within strata (one per class for classification, a single one for
/// regression): each stratum keeps its size, so every resample has the classes of the rows it
/// comes from, in the same numbers (AUC is defined on each of them). A class with a single row
/// is that row on every resample: its own variability is not captured, which `podium check`
/// warns about (see `BoardBootstrap.smallStrata`).
///
/// The sequence is fixed forever, so that a board's figures can be checked independently
/// (`Tests/Fixtures/bootstrap/make_fixtures.py` draws the same rows): SplitMix64 from the
/// seed; resample after resample, stratum after stratum in class order, each of a stratum's
/// `m` draws picks its row `SeededGenerator.below(m)` in ascending row order.
public struct Resampler: Sendable {
    public let strata: [[Int32]]
    public let rowCount: Int
    private var generator: SeededGenerator
    public private(set) var weights: [UInt32]

    /// `strata` hold row indices in `0..<rowCount`; every row in exactly one stratum.
    public init(strata: [[Int32]], rowCount: Int, seed: UInt64) {
        self.strata = strata.filter { !$0.isEmpty }
        self.rowCount = rowCount
        generator = SeededGenerator(seed: seed)
        weights = [UInt32](repeating: 0, count: rowCount)
    }

    /// Strata of rows: by class (ascending class index) when `labels` are given, else one.
    public static func strata(labels: [Int32]?, rowCount: Int) -> [[Int32]] {
        guard let labels else { return [(0..<Int32(rowCount)).map { $0 }] }
        let classes = Int(labels.max() ?? 0) + 1
        var strata = [[Int32]](repeating: [], count: classes)
        for (row, label) in labels.enumerated() { strata[Int(label)].append(Int32(row)) }
        return strata
    }

    /// Draws the next resample into `weights`.
    public mutating func next() {
        weights.withUnsafeMutableBufferPointer { w in
            w.update(repeating: 0)
            for stratum in strata {
                let m = stratum.count
                stratum.withUnsafeBufferPointer { rows in
                    for _ in 0..<m { w[Int(rows[generator.below(m)])] &+= 1 }
                }
            }
        }
    }

    /// The rows of the current resample, each repeated by its multiplicity, ascending.
    public var indices: [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(rowCount)
        for (row, w) in weights.enumerated() where w > 0 {
            out.append(contentsOf: repeatElement(Int32(row), count: Int(w)))
        }
        return out
    }
}
