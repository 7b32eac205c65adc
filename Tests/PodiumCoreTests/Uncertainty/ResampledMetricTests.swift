import Foundation
import Testing

@testable import PodiumCore

/// Every metric computed from a resample's multiplicities gives what scoring the resampled
/// rows themselves gives, and the resamples keep each class's rows.
@Suite struct ResampledMetricTests {
    /// Random data with ties, for each kind of challenge.
    static func data(for metric: Metric, seed: UInt64) -> MetricData {
        var g = SeededGenerator(seed: seed)
        let n = 150
        func uniform() -> Double { Double(g.next() >> 11) / Double(1 << 53) }
        if metric.applies(to: .regression, submission: .value) {
            let y = (0..<n).map { _ in (uniform() * 20).rounded() / 2 }
            let f = y.map { $0 + (uniform() * 6).rounded() / 2 - 1.5 }
            return .regression(truth: y, predicted: f)
        }
        let binary =
            metric.applies(to: .binary, submission: .probability) && !metric.applies(to: .multiclass, submission: .probability)
            || metric.applies(to: .binary, submission: .label) && !metric.applies(to: .multiclass, submission: .label)
        let k = binary ? 2 : 3
        let truth = (0..<n).map { _ in Int32(g.below(k)) }
        if metric.input == .labels {
            let predicted = truth.map { uniform() < 0.7 ? $0 : Int32(g.below(k)) }
            return .classification(truth: truth, predicted: predicted, probabilities: nil, classCount: k, positive: 1)
        }
        if k == 2 {
            let p = truth.map { min(1, max(0, (Double($0) * 0.4 + uniform() * 0.6) * 10).rounded() / 10) }
            return .classification(truth: truth, predicted: p.map { $0 > 0.5 ? 1 : 0 }, probabilities: p, classCount: 2, positive: 1)
        }
        var p: [Double] = []
        for t in truth {
            var row = (0..<k).map { c in (c == Int(t) ? 1.5 : 0) + (uniform() * 4).rounded() / 4 + 0.01 }
            let s = row.reduce(0, +)
            row = row.map { $0 / s }
            p += row
        }
        return .classification(truth: truth, predicted: [], probabilities: p, classCount: k, positive: 1)
    }

    @Test(arguments: Metric.allCases)
    func matchesScoringTheResampledRows(_ metric: Metric) {
        var data = Self.data(for: metric, seed: 17)
        if case .classification(let truth, _, let p?, let k, let positive) = data, k > 2 {
            let predicted = (0..<truth.count).map { i in Int32((0..<k).max { p[i * k + $0] < p[i * k + $1] }!) }
            data = .classification(truth: truth, predicted: predicted, probabilities: p, classCount: k, positive: positive)
        }
        let fast = ResampledMetrics.make(metric, data)
        let reference = Materialized(metric: metric, data: data)
        let labels: [Int32]?
        if case .classification(let truth, _, _, _, _) = data { labels = truth } else { labels = nil }
        let n = labels?.count ?? { if case .regression(let y, _) = data { y.count } else { 0 } }()
        var resampler = Resampler(strata: Resampler.strata(labels: labels, rowCount: n), rowCount: n, seed: 5)
        for _ in 0..<40 {
            resampler.next()
            resampler.weights.withUnsafeBufferPointer { w in
                let a = fast.score(w)
                let b = reference.score(w)
                #expect((a == nil) == (b == nil), "\(metric): \(String(describing: a)) vs \(String(describing: b))")
                if let a, let b { #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(metric): \(a) vs \(b)") }
            }
        }
    }

    @Test func stratifiedResamplesKeepEveryClassAndItsCount() {
        // 3 positives among 200 rows: an unstratified resample would miss them all about
        // 1 time in 20; a stratified one always has exactly 3.
        let labels = (0..<200).map { Int32($0 % 67 == 0 ? 1 : 0) }
        var resampler = Resampler(strata: Resampler.strata(labels: labels, rowCount: 200), rowCount: 200, seed: 1)
        for _ in 0..<1000 {
            resampler.next()
            let positives = resampler.weights.enumerated().filter { labels[$0.offset] == 1 }.map { Int($0.element) }.reduce(0, +)
            #expect(positives == 3)
            #expect(resampler.weights.reduce(0, +) == 200)
        }
    }

    @Test func aSingleRowClassIsThatRowOnEveryResample() {
        let labels: [Int32] = [0, 0, 0, 1, 0, 0]
        var resampler = Resampler(strata: Resampler.strata(labels: labels, rowCount: 6), rowCount: 6, seed: 9)
        for _ in 0..<50 {
            resampler.next()
            #expect(resampler.weights[3] == 1)
        }
    }

    @Test func theSeedIsDerivedFromSlugAndVersionUnlessSet() {
        let settings = RankingSettings()
        #expect(settings.seed(slug: "wine", version: 1) == settings.seed(slug: "wine", version: 1))
        #expect(settings.seed(slug: "wine", version: 1) != settings.seed(slug: "wine", version: 2))
        #expect(settings.seed(slug: "wine", version: 1) <= RankingSettings.maxSeed)
        #expect(RankingSettings(seed: 42).seed(slug: "wine", version: 1) == 42)
    }
}

@Suite struct BootstrapBudgetTests {
    @Test func courseBoardsGetEveryResampleLargeOnesFewer() {
        #expect(BoardBootstrap.resamples(1000, teams: 51, rows: 10_000) == 1000)
        #expect(BoardBootstrap.resamples(1000, teams: 50, rows: 5_000_000) == BoardBootstrap.minimumResamples)
        #expect(BoardBootstrap.resamples(1000, teams: 2, rows: 5_000_000) == 200)
        #expect(BoardBootstrap.resamples(300, teams: 2, rows: 100) == 300)
    }
}
