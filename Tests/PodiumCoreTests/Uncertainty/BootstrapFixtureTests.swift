import Foundation
import Testing

@testable import PodiumCore

/// The paired bootstrap against an independent computation: scikit-learn on the resampled
/// rows and NumPy's quantiles (fixtures made by scripts/bootstrap_fixtures.py).
@Suite struct BootstrapFixtureTests {
    struct Row: Decodable {
        var low: Double
        var high: Double
        var best: Int
        var worst: Int
        var tier: Int
        var beatsNext: Double?
    }

    struct Case: Decodable {
        var name: String
        var metric: Metric
        var kind: String
        var classes: Int?
        var truth: [Double]
        var teams: [[Double]]
        var baseline: [Double]?
        var resamples: Int
        var confidence: Double
        var seed: UInt64
        var firstResample: [Int32]
        var rows: [Row]
        var samples: [[Double]]
        var baselineInterval: ScoreInterval?
    }

    struct Fixtures: Decodable {
        var cases: [Case]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/bootstrap", withExtension: "json")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    static func data(_ c: Case, _ predictions: [Double]) -> MetricData {
        switch c.kind {
        case "regression":
            return .regression(truth: c.truth, predicted: predictions)
        case "binary":
            let predicted = predictions.map { $0 > 0.5 ? Int32(1) : 0 }
            return .classification(truth: c.truth.map { Int32($0) }, predicted: predicted, probabilities: predictions, classCount: 2, positive: 1)
        case "labels":
            return .classification(
                truth: c.truth.map { Int32($0) }, predicted: predictions.map { Int32($0) }, probabilities: nil, classCount: c.classes!, positive: 1)
        default:
            let k = c.classes!
            let predicted = (0..<c.truth.count).map { i in Int32((0..<k).max { predictions[i * k + $0] < predictions[i * k + $1] }!) }
            return .classification(truth: c.truth.map { Int32($0) }, predicted: predicted, probabilities: predictions, classCount: k, positive: 1)
        }
    }

    static func run(_ c: Case) -> BoardUncertainty? {
        let labels: [Int32]? = c.kind == "regression" ? nil : c.truth.map { Int32($0) }
        return BoardBootstrap.run(
            metric: c.metric, teams: c.teams.map { ResampledMetrics.make(c.metric, data(c, $0)) },
            baseline: c.baseline.map { ResampledMetrics.make(c.metric, data(c, $0)) },
            strata: Resampler.strata(labels: labels, rowCount: c.truth.count), rowCount: c.truth.count,
            settings: RankingSettings(bootstrap: c.resamples, confidence: c.confidence, seed: c.seed), seed: c.seed)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    @Test(arguments: fixtures.cases.map(\.name))
    func sameResamplesAsTheIndependentDraw(_ name: String) {
        let c = Self.fixtures.cases.first { $0.name == name }!
        var resampler = Resampler(
            strata: Resampler.strata(labels: c.kind == "regression" ? nil : c.truth.map { Int32($0) }, rowCount: c.truth.count),
            rowCount: c.truth.count, seed: c.seed)
        resampler.next()
        #expect(resampler.indices == c.firstResample)
    }

    @Test(arguments: fixtures.cases.map(\.name))
    func agreesWithScikitLearnAndNumPy(_ name: String) throws {
        let c = Self.fixtures.cases.first { $0.name == name }!
        let figures = try #require(Self.run(c))
        #expect(figures.used == c.resamples)
        #expect(figures.rows.count == c.rows.count)
        for (t, expected) in c.samples.enumerated() {
            let mismatch = zip(figures.samples[t], expected).enumerated().first { !Self.close($0.element.0, $0.element.1) }
            #expect(mismatch == nil, "team \(t) resample \(mismatch?.offset ?? -1): \(mismatch.map { "\($0.element)" } ?? "")")
        }
        for (row, expected) in zip(figures.rows, c.rows) {
            #expect(Self.close(row.interval.low, expected.low), "\(row.interval.low) vs \(expected.low)")
            #expect(Self.close(row.interval.high, expected.high), "\(row.interval.high) vs \(expected.high)")
            #expect(row.rankInterval == RankInterval(best: expected.best, worst: expected.worst))
            #expect(row.tier == expected.tier)
            #expect(row.beatsNext == expected.beatsNext)
        }
        if let expected = c.baselineInterval {
            let interval = try #require(figures.baseline)
            #expect(Self.close(interval.low, expected.low))
            #expect(Self.close(interval.high, expected.high))
        }
    }

    @Test func fixturesCoverTheCasesTheContractNames() {
        let cases = Self.fixtures.cases
        // Identical predictions: same tier, beatsNext exactly one half.
        let binary = cases.first { $0.name == "binary-auc" }!
        #expect(binary.teams[0] == binary.teams[1])
        #expect(binary.rows[0].beatsNext == 0.5)
        #expect(binary.rows[0].tier == binary.rows[1].tier)
        // Separated teams: more than one tier somewhere.
        #expect(cases.contains { $0.rows.map(\.tier).max()! > 1 })
        // A board of one team, and an all-tied board.
        #expect(cases.contains { $0.rows.count == 1 })
        let tied = cases.first { $0.name == "regression-mae-all-tied" }!
        #expect(tied.rows.allSatisfy { $0.tier == 1 })
        #expect(tied.rows.dropLast().allSatisfy { $0.beatsNext == 0.5 })
    }
}
