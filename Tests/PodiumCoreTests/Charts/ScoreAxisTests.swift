import Foundation
import Testing

@testable import PodiumCore

/// The score chart's axis fits the scores that matter (issue 17: a log-loss axis ran below 0,
/// and one weak early score flattened every later improvement).
@Suite struct ScoreAxisTests {
    @Test func lossesSpreadOverDecadesAreOnALogScale() {
        let axis = ScoreAxis(values: [2.3, 0.4, 0.12, 0.06, 0.05], baseline: 0.7, metric: .logLoss)
        #expect(axis.isLogarithmic)
        #expect(axis.low > 0)
        #expect(axis.low < 0.05)
        #expect(axis.high > 2.3)
        // 0.05 and 0.12 are far apart on the axis, not squeezed at its bottom.
        #expect(axis.position(0.12) - axis.position(0.05) > 0.15)
        #expect(axis.ticks.contains(0.1))
        #expect(axis.ticks.contains(1))
    }

    @Test func aWeakEarlyScoreIsDrawnOnTheEdge() {
        let values = [0.5, 0.95, 0.96, 0.97, 0.975, 0.98]
        let axis = ScoreAxis(values: values, baseline: 0.9, metric: .rocAUC)
        #expect(!axis.isLogarithmic)
        #expect(!axis.contains(0.5))
        #expect(axis.contains(0.9))
        #expect(axis.contains(0.98))
        #expect(axis.high <= 1)  // never past the metric's maximum
        #expect(axis.position(0.98) - axis.position(0.95) > 0.2)
        let chart = Charts.scoreHistory(
            values.enumerated().map {
                Charts.ScorePoint(id: Int64($0), team: "a", createdAt: Date(timeIntervalSince1970: Double($0) * 3600), score: $1)
            },
            metric: .rocAUC, baseline: 0.9, zone: .gmt
        ).text
        #expect(chart.contains("1 weaker score off the axis"))
    }

    /// A team whose best is weak stays on the chart: only files later improved upon are cut.
    @Test func everyTeamsStandingIsOnTheAxis() {
        let axis = ScoreAxis(values: [77.0, 53.4, 53.3, 51.9], keep: [77.0, 53.3, 51.9], baseline: 59.7, metric: .rmse)
        #expect(axis.contains(77.0))
        #expect(axis.contains(51.9))
        #expect(!axis.isLogarithmic)
    }

    @Test func neverBelowAMetricsMinimum() {
        let axis = ScoreAxis(values: [0.02, 0.03, 0.04], baseline: nil, metric: .rmse)
        #expect(axis.low >= 0)
        let flat = ScoreAxis(values: [0, 0], baseline: nil, metric: .mae)
        #expect(flat.low == 0)
        #expect(flat.high > 0)
        let unit = ScoreAxis(values: [0.99, 1.0], baseline: nil, metric: .accuracy)
        #expect(unit.high == 1)
    }

    @Test func everySubmissionHasAMarker() {
        let points = [(0.7, "a"), (0.6, "a"), (0.8, "a"), (0.75, "b")].enumerated().map {
            Charts.ScorePoint(id: Int64($0), team: $1.1, createdAt: Date(timeIntervalSince1970: Double($0) * 600), score: $1.0)
        }
        let svg = Charts.scoreHistory(points, metric: .accuracy, baseline: 0.5, zone: .gmt).text
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.contains("fill=\"#fff\""))  // the file that did not improve: hollow
        #expect(svg.contains("baseline 0.50000"))
    }
}
