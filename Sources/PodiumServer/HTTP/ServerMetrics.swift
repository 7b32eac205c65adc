import CoreMetrics
import Foundation
import PodiumStore
import Prometheus

/// What `GET /metrics` reports (`podium serve --metrics`), in Prometheus' text format: the
/// server's requests and scoring as they happen (swift-metrics, with swift-prometheus as its
/// backend), and the store's submissions and code runs counted at each scrape.
///
/// Each server has its own registry and factory, not the process-wide `MetricsSystem`: two
/// servers in one process (the tests) do not mix their figures, and nothing outside the
/// server writes into its page.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Pages answer in milliseconds; a scored upload of millions of rows takes seconds.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    /// A request answered: by its method, its route as the route table spells it (never a
    /// path's values) and its status; its duration by route.
    func request(method: String, route: String, status: Int, duration: Duration) {
        Counter(
            label: "podium_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory
        ).increment()
        Timer(label: "podium_http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// A file scored (accepted or refused) by the server, and how long the scoring took.
    func scored(challenge: String, status: String, duration: Duration) {
        Timer(label: "podium_scoring_duration_seconds", dimensions: [("challenge", challenge), ("status", status)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// The page: the store's tallies brought up to date, then every metric.
    func render(_ tallies: StoreTallies) -> String {
        var submitted: [String: [String: Int]] = [:]
        for tally in tallies.submissions { submitted[tally.challenge, default: [:]][tally.status, default: 0] += tally.count }
        var runs: [String: [String: Int]] = [:]
        var failures: [String: [String: Int]] = [:]
        for tally in tallies.runs {
            runs[tally.challenge, default: [:]][tally.status, default: 0] += tally.count
            if tally.status == "failed" { failures[tally.challenge, default: [:]][tally.kind ?? "unknown", default: 0] += tally.count }
        }
        // Every status of every challenge, zeros included: a gauge that once counted queued
        // runs must say 0 once they have run, not keep its last value.
        for challenge in tallies.challenges {
            for status in ["accepted", "refused"] {
                gauge("podium_submissions", [("challenge", challenge), ("status", status)], submitted[challenge]?[status] ?? 0)
            }
            for status in ["queued", "running", "accepted", "refused", "failed"] {
                gauge("podium_code_runs", [("challenge", challenge), ("status", status)], runs[challenge]?[status] ?? 0)
            }
            gauge("podium_run_queue_length", [("challenge", challenge)], runs[challenge]?["queued"] ?? 0)
            for (kind, count) in failures[challenge] ?? [:] {
                gauge("podium_code_runs_failed", [("challenge", challenge), ("kind", kind)], count)
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)], _ value: Int) {
        Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
