import Foundation

extension BoardBootstrap {
    /// The paired bootstrap of a board of a challenge: the public board resamples the public
    /// rows, the private board the private rows; stratified by class for classification;
    /// seeded from `ranking.seed`, else from the slug and the version.
    /// `teams` are the ranked teams' counted predictions in the board's order.
    public static func run(_ kind: BoardKind, solution: Solution, teams: [Predictions], baseline: Predictions?) -> BoardUncertainty? {
        let manifest = solution.manifest
        let settings = manifest.bootstrap
        guard settings.bootstrap > 0 else { return nil }
        let part: Part = kind == .public ? .public : .private
        let rows = Scorer.rows(part, solution)
        guard let rows, !rows.isEmpty else { return nil }
        let metric = manifest.metric
        func prepared(_ predictions: Predictions) -> any ResampledMetric {
            ResampledMetrics.make(metric, Scorer.metricData(predictions, solution: solution, rows: rows, needsLabels: metric.input == .labels))
        }
        let labels: [Int32]? = manifest.task.isClassification ? rows.map { Int32(solution.classIndex[Int($0)]) } : nil
        var bounded = settings
        bounded.bootstrap = resamples(settings.bootstrap, teams: teams.count + (baseline == nil ? 0 : 1), rows: rows.count)
        return run(
            metric: metric, teams: teams.map(prepared), baseline: baseline.map(prepared),
            strata: Resampler.strata(labels: labels, rowCount: rows.count), rowCount: rows.count, settings: bounded,
            seed: manifest.bootstrapSeed)
    }

    /// Rows × teams × resamples a board's bootstrap may cost: about 4 s on one core. Boards of
    /// a course (50 teams, 40,000 rows) get every resample asked for; past that the resamples
    /// are fewer (never under `minimumResamples`), and the board's `resamples` says how many.
    /// At such sizes the intervals are narrow, and fewer resamples place them well enough.
    public static let workBudget = 2_000_000_000
    public static let minimumResamples = 100

    static func resamples(_ asked: Int, teams: Int, rows: Int) -> Int {
        let affordable = workBudget / max(1, teams * rows)
        return min(asked, max(minimumResamples, affordable))
    }

    /// Classes with fewer rows than this in a part make `podium check` warn: a stratum that
    /// small is resampled from too few rows for its variability to show.
    public static let smallStratum = 5

    /// The half-width of a submission's interval on a part, and whether a perfect submission
    /// beats it in at least `confidence` of the resamples (false: the part cannot tell them
    /// apart). Nil when the bootstrap is off or the metric undefined.
    public static func resolution(_ part: Part, solution: Solution, predictions: Predictions) -> (
        halfWidth: Double, tellsPerfect: Bool, resamples: Int
    )? {
        let kind: BoardKind = part == .public ? .public : .private
        guard
            let figures = run(kind, solution: solution, teams: [perfect(solution), predictions], baseline: nil),
            figures.rows.count == 2
        else { return nil }
        let metric = solution.manifest.metric
        let samples = figures.samples
        let beaten = (0..<figures.used).filter { metric.isBetter(samples[0][$0], than: samples[1][$0]) }.count
        return (figures.rows[1].interval.halfWidth, Double(beaten) / Double(figures.used) >= figures.confidence, figures.resamples)
    }

    /// The answers themselves, as a submission would give them.
    static func perfect(_ solution: Solution) -> Predictions {
        let manifest = solution.manifest
        guard manifest.task.isClassification else { return .values(solution.values) }
        let labels = solution.labels
        switch manifest.submission {
        case .label, .value: return .labels(labels)
        case .probability:
            if manifest.task == .binary {
                let positive = Int32(manifest.positiveIndex ?? 1)
                return .values(labels.map { $0 == positive ? 1 : 0 })
            }
            let k = manifest.classes.count
            var p = [Double](repeating: 0, count: labels.count * k)
            for (i, label) in labels.enumerated() { p[i * k + Int(label)] = 1 }
            return .probabilities(p, classCount: k)
        }
    }
}

extension Scorer {
    /// A submission's predictions in the solution's row order (for the bootstrap), after the
    /// same checks as scoring.
    public static func predictions(data: Data, name: String, solution: Solution) throws -> Predictions {
        let sink = AlignedPredictions(solution: solution)
        try SubmissionReader.read(file: name, solution: solution, into: sink) { body in try CSVSource.read(data: data, name: name, body) }
        return sink.predictions
    }

    public static func predictions(file: URL, solution: Solution) throws -> Predictions {
        let sink = AlignedPredictions(solution: solution)
        try SubmissionReader.read(file: file.lastPathComponent, solution: solution, into: sink) { body in try CSVSource.read(file, body) }
        return sink.predictions
    }
}
