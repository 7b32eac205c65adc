import Foundation
import Testing

@testable import PodiumCore

@Suite struct LadderTests {
    static func normals(_ n: Int, seed: UInt64, sd: Double = 1) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in
            let u = max(Double(g.next() >> 11) / Double(1 << 53), 1e-12)
            let v = Double(g.next() >> 11) / Double(1 << 53)
            return sd * (-2 * Foundation.log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    let y = normals(300, seed: 1)
    var rows: Ladder.Rows { Ladder.Rows(strata: [(0..<300).map { Int32($0) }], count: 300, seed: 9) }

    func data(_ noise: [Double]) -> MetricData { .regression(truth: y, predicted: zip(y, noise).map { $0 + $1 }) }

    func mse(_ d: MetricData) -> Double { try! Metric.mse.compute(d) }

    @Test func theFirstSubmissionSetsARoundedScore() {
        let first = data(Self.normals(300, seed: 2, sd: 0.5))
        let step = Ladder.step(metric: .mse, new: first, score: mse(first), current: nil, rows: rows)
        #expect(step.moved)
        #expect(step.margin > 0)
        #expect(step.score == Ladder.rounded(mse(first), to: step.margin))
        #expect(step.score != mse(first))
    }

    @Test func anImprovementInsideTheMarginIsIgnoredOneOutsideIsTaken() {
        let noise = Self.normals(300, seed: 2, sd: 0.5)
        let first = data(noise)
        let start = Ladder.step(metric: .mse, new: first, score: mse(first), current: nil, rows: rows)
        let reference = Ladder.Reference(data: first, score: mse(first), shown: start.score)
        // Random small perturbations, the first that scores better: inside the noise.
        let nudged = (100..<200).lazy.map { seed in self.data(zip(noise, Self.normals(300, seed: UInt64(seed), sd: 0.05)).map { $0 + $1 }) }
            .first { self.mse($0) < self.mse(first) }!
        let ignored = Ladder.step(metric: .mse, new: nudged, score: mse(nudged), current: reference, rows: rows)
        #expect(!ignored.moved)
        #expect(ignored.score == start.score)
        #expect(ignored.margin > abs(mse(nudged) - mse(first)))
        // A much better model moves the board, to a score rounded to its margin.
        let better = data(Self.normals(300, seed: 3, sd: 0.2))
        let taken = Ladder.step(metric: .mse, new: better, score: mse(better), current: reference, rows: rows)
        #expect(taken.moved)
        #expect(taken.score == Ladder.rounded(mse(better), to: taken.margin))
        // A worse one never moves it.
        let worse = data(Self.normals(300, seed: 4, sd: 0.9))
        #expect(!Ladder.step(metric: .mse, new: worse, score: mse(worse), current: reference, rows: rows).moved)
    }

    @Test func metricsThatAreNotMeansUseTheBootstrapStandardError() {
        let truth = (0..<200).map { Int32($0 % 2) }
        let base = Self.normals(200, seed: 5, sd: 0.3)
        func auc(_ shift: Double, _ noise: [Double]) -> (MetricData, Double) {
            let p = truth.indices.map { min(1, max(0, 0.5 + Double(truth[$0]) * shift + noise[$0])) }
            let d = MetricData.classification(truth: truth, predicted: [], probabilities: p, classCount: 2, positive: 1)
            return (d, try! Metric.rocAUC.compute(d))
        }
        let strata = Resampler.strata(labels: truth, rowCount: 200)
        let rows = Ladder.Rows(strata: strata, count: 200, seed: 1)
        let (first, s1) = auc(0.1, base)
        let start = Ladder.step(metric: .rocAUC, new: first, score: s1, current: nil, rows: rows)
        let reference = Ladder.Reference(data: first, score: s1, shown: start.score)
        var copy = base
        copy[3] += 0.01
        let (probe, s2) = auc(0.1, copy)
        let step = Ladder.step(metric: .rocAUC, new: probe, score: s2, current: reference, rows: rows)
        #expect(!step.moved)
        #expect(step.margin > 0)
        #expect(step.margin < 0.05)
        let (good, s3) = auc(0.5, base)
        #expect(Ladder.step(metric: .rocAUC, new: good, score: s3, current: reference, rows: rows).moved)
    }

    @Test func roundingKeepsTheMarginsDecimalPlace() {
        #expect(Ladder.rounded(0.97281, to: 0.012) == 0.97)
        #expect(Ladder.rounded(0.97281, to: 0.004) == 0.973)
        #expect(Ladder.rounded(58.33, to: 3.1) == 58)
        #expect(Ladder.rounded(58.33, to: 0) == 58.33)
    }
}
