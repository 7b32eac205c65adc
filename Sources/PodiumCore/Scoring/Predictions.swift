import CPodiumSupport
import Foundation

/// A submission's predictions, aligned with the solution's rows.
public enum Predictions: Sendable {
    case labels([Int32])
    /// Regression values, or the positive-class probability of a binary task.
    case values([Double])
    /// `classCount` probabilities per row, row-major, in the manifest's class order.
    case probabilities([Double], classCount: Int)
}

/// Where the values of a submission's rows go once checked: each solution row at most once,
/// `stride` values a row (a class index, for label submissions). Scoring either keeps them
/// aligned with the solution (`AlignedPredictions`) or folds them into what its metrics need
/// as they come (see `Scorer`), so that a ten-million-row file is never held whole.
/// A class, so that the reader's loops pass it along without copying it.
protocol PredictionSink: AnyObject {
    /// Called some rows before `accept(row:tag:values:)`: a chance to prefetch what it will touch.
    func prefetch(row: Int)
    /// The values of `row`, whose id has `tag` in the index (see `Solution.tag`).
    func accept(row: Int, tag: Int, values: UnsafePointer<Double>)
}

/// The values in the solution's row order.
final class AlignedPredictions: PredictionSink {
    let stride: Int
    let kind: SubmissionKind
    let classCount: Int
    /// Written by the reader's matching thread only, then read once reading is over: left out
    /// of Swift's run-time exclusivity checks (two calls a row).
    @exclusivity(unchecked) var values: [Double]
    @exclusivity(unchecked) var labels: [Int32]

    init(solution: Solution) {
        let manifest = solution.manifest
        kind = manifest.submission
        classCount = manifest.classes.count
        stride = SubmissionReader.stride(manifest)
        values = [Double](repeating: 0, count: kind == .label ? 0 : solution.count * stride)
        labels = [Int32](repeating: 0, count: kind == .label ? solution.count : 0)
    }

    @inline(__always)
    func prefetch(row: Int) {
        if kind == .label {
            labels.withUnsafeBufferPointer { podium_prefetch_write($0.baseAddress! + row) }
        } else {
            values.withUnsafeBufferPointer { podium_prefetch_write($0.baseAddress! + row * stride) }
        }
    }

    @inline(__always)
    func accept(row: Int, tag: Int, values rowValues: UnsafePointer<Double>) {
        if kind == .label {
            labels[row] = Int32(rowValues[0])
        } else {
            for c in 0..<stride { values[row * stride + c] = rowValues[c] }
        }
    }

    var predictions: Predictions {
        switch kind {
        case .label: .labels(labels)
        case .probability where stride > 1: .probabilities(values, classCount: classCount)
        default: .values(values)
        }
    }
}
