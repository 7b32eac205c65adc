import Foundation
import Testing

@testable import PodiumCore

/// The metric catalog against scikit-learn 1.9 (fixtures made by scripts/sklearn_fixtures.py).
@Suite struct MetricFixtureTests {
    struct Case: Decodable {
        var name: String
        var kind: String
        var classes: Int?
        var positive: Int?
        var truth: [Double]
        var probabilities: [Double]?
        var predicted: [Double]?
        var expected: [String: Double?]
    }

    struct Fixtures: Decodable {
        var sklearn: String
        var cases: [Case]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/metrics", withExtension: "json")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    static func data(_ c: Case) -> MetricData {
        if c.kind == "regression" {
            return .regression(truth: c.truth, predicted: c.predicted!)
        }
        let k = c.classes!
        let positive = c.positive!
        let truth = c.truth.map { Int32($0) }
        switch c.kind {
        case "labels":
            return .classification(truth: truth, predicted: c.predicted!.map { Int32($0) }, probabilities: nil, classCount: k, positive: positive)
        case "binary":
            let p = c.probabilities!
            let predicted = p.map { $0 > 0.5 ? Int32(positive) : Int32(1 - positive) }
            return .classification(truth: truth, predicted: predicted, probabilities: p, classCount: 2, positive: positive)
        default:
            let p = c.probabilities!
            let predicted = (0..<truth.count).map { i in
                Int32((0..<k).max { p[i * k + $0] < p[i * k + $1] || (p[i * k + $0] == p[i * k + $1] && $0 > $1) }!)
            }
            return .classification(truth: truth, predicted: predicted, probabilities: p, classCount: k, positive: positive)
        }
    }

    @Test func coversEveryCatalogMetric() {
        let covered = Set(Self.fixtures.cases.flatMap { $0.expected.compactMap { $0.value == nil ? nil : $0.key } })
        let missing = Metric.allCases.map(\.rawValue).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no scikit-learn value for \(missing)")
        #expect(Self.fixtures.sklearn.hasPrefix("1.9"))
    }

    @Test(arguments: fixtures.cases.map(\.name))
    func agreesWithScikitLearn(_ name: String) throws {
        let c = Self.fixtures.cases.first { $0.name == name }!
        let data = Self.data(c)
        for (metricName, expected) in c.expected.sorted(by: { $0.key < $1.key }) {
            let metric = try #require(Metric(rawValue: metricName))
            let result = Result { () throws(MetricUndefined) -> Double in try metric.compute(data) }
            switch (expected, result) {
            case (nil, .failure):
                break
            case (nil, .success(let value)):
                Issue.record("\(name): \(metricName) should be undefined, got \(value)")
            case (let e?, .failure(let error)):
                Issue.record("\(name): \(metricName) expected \(e), got error \(error.localizedDescription)")
            case (let e?, .success(let value)):
                let tolerance = max(1e-9 * abs(e), 1e-12)
                #expect(abs(value - e) <= tolerance, "\(name): \(metricName) = \(value), scikit-learn \(e)")
            }
        }
    }
}
