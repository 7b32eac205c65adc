import Foundation

/// A challenge's report for its authors and the instructors: a table of figures and SVG
/// figures, as Markdown (files beside it) or inline on a page. Plain values in; the store
/// gathers them (`Store.report`).
public struct ChallengeReport: Sendable {
    public struct Day: Sendable {
        public var day: String
        public var accepted: Int
        public var refused: Int

        public init(day: String, accepted: Int, refused: Int) {
            self.day = day
            self.accepted = accepted
            self.refused = refused
        }
    }

    public var manifest: ChallengeManifest
    public var teams: Int
    public var activeTeams: Int
    public var accepted: Int
    public var refused: Int
    /// The commonest problems of refused files: title and number of files.
    public var problems: [(String, Int)]
    public var days: [Day]
    public var history: [Charts.ScorePoint]
    public var baseline: (public: Double?, private: Double?)
    public var privateBoard: Leaderboard
    public var confusion: (team: String, cells: [[Int]])?

    public init(
        manifest: ChallengeManifest, teams: Int, activeTeams: Int, accepted: Int, refused: Int, problems: [(String, Int)], days: [Day],
        history: [Charts.ScorePoint], baseline: (public: Double?, private: Double?), privateBoard: Leaderboard,
        confusion: (team: String, cells: [[Int]])?
    ) {
        self.manifest = manifest
        self.teams = teams
        self.activeTeams = activeTeams
        self.accepted = accepted
        self.refused = refused
        self.problems = problems
        self.days = days
        self.history = history
        self.baseline = baseline
        self.privateBoard = privateBoard
        self.confusion = confusion
    }

    /// The figures, by file name.
    public func figures() -> [(name: String, svg: HTML)] {
        let m = manifest
        var out: [(String, HTML)] = [
            ("submissions-per-day.svg", Charts.submissionsPerDay(days.map { ($0.day, $0.accepted, $0.refused) })),
            ("best-public-score.svg", Charts.scoreHistory(history, metric: m.metric, baseline: baseline.public, zone: m.timeZone)),
            (
                "final-scores.svg",
                Charts.scoreDistribution(
                    privateBoard.rankedRows.compactMap { r in r.score.map { (r.team, $0) } }, baseline: baseline.private, metric: m.metric,
                    board: "private")
            ),
            (
                "public-vs-private.svg",
                Charts.publicVsPrivate((privateBoard.agreement?.gaps ?? []).map { ($0.team, $0.publicScore, $0.privateScore) }, metric: m.metric)
            ),
        ]
        if let confusion {
            out.append(("confusion-matrix.svg", Charts.confusionMatrix(classes: m.classes, cells: confusion.cells, team: confusion.team)))
        }
        return out.filter { $0.1.text.hasPrefix("<svg") }
    }

    /// The table of figures, as label and value.
    public var facts: [(String, String)] {
        let m = manifest
        let best = privateBoard.rankedRows.first
        var rows: [(String, String)] = [
            ("Task", "\(m.task.rawValue), \(m.metric.rawValue) (\(m.metric.higherIsBetter ? "higher" : "lower") is better)"),
            ("Teams", "\(teams), of which \(activeTeams) submitted a valid file"),
            ("Submissions", "\(accepted) accepted, \(refused) refused"),
        ]
        if !problems.isEmpty {
            rows.append(("Commonest problems", problems.prefix(3).map { "\($0.0) (\(Formats.count($0.1, "file")))" }.joined(separator: ", ")))
        }
        rows.append(("Baseline", "public \(Formats.score(baseline.public)), private \(Formats.score(baseline.private))"))
        if let best { rows.append(("Best private score", "\(Formats.score(best.score)) (\(best.team))")) }
        if let tau = privateBoard.agreement?.kendallTau {
            rows.append(("Public/private rank agreement", String(format: "Kendall's tau %.2f", tau)))
        }
        return rows
    }

    /// The report as Markdown, its figures in `folder` (relative to the Markdown file).
    public func markdown(folder: String = "figures") -> String {
        let m = manifest
        var text = "# \(m.title): challenge report\n\n"
        text += "`\(m.slug)` v\(m.version), made by `podium report`. Scores on the private rows are those of each team's counted submission.\n\n"
        text += Formats.markdown(["", ""], facts.map { [$0.0, $0.1] }) + "\n\n"
        let captions = [
            "submissions-per-day.svg": "Submissions per day.",
            "best-public-score.svg": "Best public score over time, per team, with the baseline (dashed).",
            "final-scores.svg": "Final scores on the private rows; the baseline dashed, the best in green.",
            "public-vs-private.svg":
                "Public against private score per team; points below the diagonal did worse on the private rows (for a higher-is-better metric).",
            "confusion-matrix.svg": "Confusion matrix of the best counted submission on the private rows.",
        ]
        for (i, figure) in figures().enumerated() {
            text += "![Figure \(i + 1)](\(folder)/\(figure.name))\n\n*Figure \(i + 1). \(captions[figure.name] ?? "")*\n\n"
        }
        return text
    }

    /// The confusion matrix of predictions on some rows (true class × predicted class).
    public static func confusion(_ predictions: Predictions, solution: Solution, rows: Part) -> [[Int]] {
        let k = solution.manifest.classes.count
        var cells = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        let predicted = IntegrityReport.labels(predictions, manifest: solution.manifest)
        let truth = solution.labels
        for row in 0..<solution.count where rows == .all || solution.isPublic(row) == (rows == .public) {
            cells[Int(truth[row])][Int(predicted[row])] += 1
        }
        return cells
    }
}

/// Writes a report: `report.md` and `figures/*.svg` in a folder.
public enum ReportWriter {
    @discardableResult
    public static func write(_ report: ChallengeReport, to folder: URL) throws -> URL {
        let figures = folder.appending(path: "figures")
        try PodiumError.whileWriting(folder) { try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true) }
        for figure in report.figures() {
            try AtomicWrite.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + figure.svg.text + "\n", to: figures.appending(path: figure.name))
        }
        let markdown = folder.appending(path: "report.md")
        try AtomicWrite.write(report.markdown(), to: markdown)
        return markdown
    }
}
