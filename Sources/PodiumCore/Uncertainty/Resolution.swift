import Foundation

/// How finely a challenge's rows can tell scores apart: the half-width of the interval of a
/// reference submission's score (the baseline's, else the sample's) on the public and on the
/// private rows, and whether the private rows tell that submission from a perfect one.
/// Authors use it to size their split (`podium check`); instructors see it on the challenge.
public struct Resolution: Codable, Sendable, Equatable {
    /// "baseline" or "sample".
    public var reference: String
    public var metric: Metric
    public var confidence: Double
    public var resamples: Int
    public var publicRows: Int
    public var privateRows: Int
    public var publicHalfWidth: Double?
    public var privateHalfWidth: Double?
    /// Whether a perfect submission beats the reference in at least `confidence` of the
    /// resamples of the private rows.
    public var privateTellsPerfect: Bool?

    /// Computes the resolution, or nil when the bootstrap is off.
    public static func measure(reference: String, predictions: Predictions, solution: Solution) -> Resolution? {
        let settings = solution.manifest.bootstrap
        guard settings.bootstrap > 0 else { return nil }
        let publicPart = BoardBootstrap.resolution(.public, solution: solution, predictions: predictions)
        let privatePart = BoardBootstrap.resolution(.private, solution: solution, predictions: predictions)
        return Resolution(
            reference: reference, metric: solution.manifest.metric, confidence: settings.confidence,
            resamples: privatePart?.resamples ?? publicPart?.resamples ?? settings.bootstrap,
            publicRows: solution.publicCount, privateRows: solution.count - solution.publicCount, publicHalfWidth: publicPart?.halfWidth,
            privateHalfWidth: privatePart?.halfWidth, privateTellsPerfect: privatePart?.tellsPerfect)
    }

    /// One line: "baseline roc_auc ± 0.0123 on the 114 public rows, ± 0.0131 on the 114 private rows (95% intervals, 1000 resamples)".
    public var summary: String {
        func width(_ w: Double?) -> String { w.map { "± \(Formats.score($0, digits: 4))" } ?? "undefined" }
        let percent = Int((confidence * 100).rounded())
        return
            "\(reference) \(metric) \(width(publicHalfWidth)) on the \(publicRows) public rows, \(width(privateHalfWidth)) on the \(privateRows) private rows (\(percent)% intervals, \(resamples) resamples)"
    }

    /// What an author should know: the private rows cannot tell the reference from a perfect
    /// submission, or the reference is a constant (its score does not vary).
    public var warnings: [String] {
        var out: [String] = []
        if privateTellsPerfect == false {
            out.append(
                "reference/solution.csv: the \(privateRows) private rows cannot tell the \(reference) from a perfect submission (a perfect file beats it in fewer than \(Int((confidence * 100).rounded()))% of resamples); give the private part more rows (podium split --test, --public)"
            )
        }
        if reference == "sample", publicHalfWidth == 0 || privateHalfWidth == 0 {
            out.append(
                "challenge.yaml: no baseline; the sample submission predicts a constant, so its interval says nothing of the resolution: add a baseline to measure it (podium baseline DIR fits one on train.csv and sets baseline: reference/baseline.csv)"
            )
        }
        return out
    }
}
