import Foundation

/// The vertical axis of a score-over-time chart: it fits the scores that matter, not the one
/// weak early file that would flatten every later improvement.
/// - Losses (bounded below by 0) spread over more than 20× are drawn on a log scale, so that
///   2.3 and 0.05 both read.
/// - Otherwise the axis spans from the best score to the worse of the baseline, every team's
///   current best (`keep`: a team's standing is never off the chart) and the median score
///   plus three times its distance from the best; scores past it (files later improved upon)
///   are drawn on the edge (`contains` is false) and counted in a note.
/// - The axis never runs past the metric's range (no log loss below 0, no AUC above 1).
public struct ScoreAxis: Sendable, Equatable {
    public var low: Double
    public var high: Double
    public var isLogarithmic: Bool

    public init(values: [Double], keep: [Double] = [], baseline: Double?, metric: Metric) {
        let finite = values.filter(\.isFinite)
        let kept = (keep + (baseline.map { [$0] } ?? [])).filter(\.isFinite)
        let all = finite + (baseline.map { [$0] } ?? []).filter(\.isFinite)
        guard let minAll = all.min(), let maxAll = all.max() else {
            (low, high, isLogarithmic) = (0, 1, false)
            return
        }
        let range = metric.range
        if range.minimum == 0, !metric.higherIsBetter, minAll > 0, maxAll / minAll > 20 {
            // A decade of margin would waste room: a tenth of a decade each side.
            let (a, b) = (log10(minAll), log10(maxAll))
            let pad = (b - a) * 0.05
            (low, high, isLogarithmic) = (pow(10, a - pad), pow(10, b + pad), true)
            return
        }
        var lo = minAll
        var hi = maxAll
        if let bestValue = metric.higherIsBetter ? finite.max() : finite.min() {
            let sorted = finite.sorted()
            let median = sorted[sorted.count / 2]
            let spread = abs(median - bestValue)
            if spread > 0 {
                // The worse side stops at median + 3 × spread, or at the baseline if worse.
                let limit = metric.higherIsBetter ? median - 3 * spread : median + 3 * spread
                let worst = metric.higherIsBetter ? ([limit] + kept).min() ?? limit : ([limit] + kept).max() ?? limit
                if metric.higherIsBetter { lo = max(lo, worst) } else { hi = min(hi, worst) }
            }
        }
        if lo == hi {
            lo -= lo == 0 ? 0.5 : abs(lo) * 0.05
            hi += hi == 0 ? 0.5 : abs(hi) * 0.05
        }
        let pad = (hi - lo) * 0.08
        low = max(range.minimum, lo - pad)
        high = min(range.maximum, hi + pad)
        isLogarithmic = false
    }

    /// 0 at the bottom of the axis, 1 at the top.
    public func position(_ v: Double) -> Double {
        isLogarithmic ? (log10(max(v, low)) - log10(low)) / (log10(high) - log10(low)) : (v - low) / (high - low)
    }

    public func contains(_ v: Double) -> Bool { v >= low && v <= high }

    public func clamped(_ v: Double) -> Double { min(max(v, low), high) }

    /// Grid values: five even steps, or the powers of ten (and their halves when few) inside a
    /// log axis.
    public var ticks: [Double] {
        guard isLogarithmic else { return (0...4).map { low + (high - low) * Double($0) / 4 } }
        var ticks: [Double] = []
        var decade = floor(log10(low))
        while pow(10, decade) <= high {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, decade)
                if v >= low && v <= high { ticks.append(v) }
            }
            decade += 1
        }
        return ticks.count > 7 ? ticks.filter { log10($0).rounded() == log10($0) } : ticks
    }
}

/// The words of the score chart, in the page's language.
public struct ChartLabels: Sendable {
    public var empty: String
    public var higher: String
    public var lower: String
    public var logScale: String
    public var baseline: String
    public var clipped: @Sendable (Int) -> String
    public var title: @Sendable (String) -> String
    /// The forest plot's: a tier band's label, a row's ranks, its tooltip, the axis and the title.
    public var forest = ForestLabels.english
    /// The grade histogram's.
    public var grades = GradeLabels.english

    public init(
        empty: String, higher: String, lower: String, logScale: String, baseline: String, clipped: @escaping @Sendable (Int) -> String,
        title: @escaping @Sendable (String) -> String
    ) {
        self.empty = empty
        self.higher = higher
        self.lower = lower
        self.logScale = logScale
        self.baseline = baseline
        self.clipped = clipped
        self.title = title
    }

    /// The words of the forest plot (scores with their intervals and tiers).
    public struct ForestLabels: Sendable {
        public var tiedWithLeader: String
        public var tier: @Sendable (Int) -> String
        /// "rank 3" or "ranks 2–4".
        public var ranks: @Sendable (Int, Int) -> String
        /// "95% interval".
        public var interval: @Sendable (String) -> String
        /// metric, board (public or private), the confidence, higher is better.
        public var axis: @Sendable (String, BoardKind, String, Bool) -> String
        /// the confidence, the board.
        public var title: @Sendable (String, BoardKind) -> String

        public static let english = ForestLabels(
            tiedWithLeader: "tied with leader", tier: { "tier \($0)" }, ranks: { $0 == $1 ? "rank \($0)" : "ranks \($0)–\($1)" },
            interval: { "\($0) interval" },
            axis: { metric, board, percent, higher in
                "\(metric) on the \(board.rawValue) rows, with its \(percent) bootstrap interval (\(higher ? "higher is better →" : "← lower is better"))"
            },
            title: { percent, board in "Scores with their \(percent) intervals and tiers, \(board.rawValue) board" })

        public static let french = ForestLabels(
            tiedWithLeader: "à égalité avec la tête", tier: { "groupe \($0)" }, ranks: { $0 == $1 ? "rang \($0)" : "rangs \($0)–\($1)" },
            interval: { "intervalle à \($0)" },
            axis: { metric, board, percent, higher in
                "\(metric) sur les lignes \(board == .public ? "publiques" : "privées"), avec son intervalle bootstrap à \(percent) (\(higher ? "plus haut = meilleur →" : "← plus bas = meilleur"))"
            },
            title: { percent, board in
                "Scores avec leurs intervalles à \(percent) et leurs groupes, classement \(board == .public ? "public" : "privé")"
            })
    }

    /// The words of the grade histogram.
    public struct GradeLabels: Sendable {
        public var empty: String
        /// count, bin start, bin end.
        public var bar: @Sendable (Int, Int, Int) -> String
        public var axis: String
        public var title: String

        public static let english = GradeLabels(
            empty: "No students yet.", bar: { "\($0) student\($0 == 1 ? "" : "s") in [\($1), \($2))" },
            axis: "challenge grade (students per point)", title: "Histogram of grades")

        public static let french = GradeLabels(
            empty: "Aucun étudiant pour l'instant.", bar: { "\($0) étudiant\($0 == 1 ? "" : "s") dans [\($1), \($2))" },
            axis: "note du challenge (étudiants par point)", title: "Histogramme des notes")
    }

    public static let english = ChartLabels(
        empty: "No scored submission yet: the chart of best public scores appears with the first one.", higher: "higher is better",
        lower: "lower is better", logScale: "log scale", baseline: "baseline",
        clipped: { "▲▼ \($0) weaker score\($0 == 1 ? "" : "s") off the axis, drawn on its edge" },
        title: { "Best public \($0) over time per team; a marker per submission" })

    public static let french = ChartLabels(
        empty: "Aucune soumission notée pour l'instant : le graphique des meilleurs scores publics apparaît avec la première.",
        higher: "plus haut = meilleur", lower: "plus bas = meilleur", logScale: "échelle logarithmique", baseline: "référence",
        clipped: { "▲▼ \($0) score\($0 == 1 ? "" : "s") plus faible\($0 == 1 ? "" : "s") hors de l'axe, placé\($0 == 1 ? "" : "s") sur son bord" },
        title: { "Meilleur \($0) public au fil du temps par équipe ; un point par soumission" }
    ).with(forest: .french, grades: .french)

    func with(forest: ForestLabels, grades: GradeLabels) -> ChartLabels {
        var labels = self
        labels.forest = forest
        labels.grades = grades
        return labels
    }
}
