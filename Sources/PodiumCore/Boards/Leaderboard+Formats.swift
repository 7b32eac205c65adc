import Foundation

extension Leaderboard {
    /// Secondary metrics shown as columns, in a stable order.
    public var secondaryMetrics: [Metric] {
        Set(rows.flatMap { $0.metrics.keys }).filter { $0 != metric }.sorted()
    }

    /// Whether the board carries the bootstrap's figures.
    public var hasIntervals: Bool { uncertainty != nil }

    public var columns: [String] {
        var header = ["rank", "team", "members", metric.rawValue]
        if hasIntervals { header += ["\(Self.percent(uncertainty!.confidence)) interval", "rank range", "tier", "beats next"] }
        header += secondaryMetrics.map(\.rawValue) + ["entries", "last submission"]
        if board == .private { header += ["public rank", "move"] }
        return header
    }

    /// Columns aligned right in a terminal table: numbers.
    var numericColumns: Set<Int> {
        let figures = hasIntervals ? 4 : 0
        return Set([0] + Array(3..<(4 + figures + secondaryMetrics.count + 1)))
    }

    /// The tier of a row in words: a team of the leader's tier other than the leader is
    /// "tied with the leader", whatever its rank.
    func tierText(_ row: BoardRow) -> String {
        guard let tier = row.tier else { return "" }
        if tier == 1 && row.team != rankedRows.first?.team { return "1 (tied with the leader)" }
        return String(tier)
    }

    public func cells(zone: TimeZone = .current) -> [[String]] {
        rows.map { row in
            var cells = [
                row.isBaseline ? "—" : row.rank.map(String.init) ?? "",
                row.isBaseline ? "baseline ★" : row.team,
                row.members.joined(separator: ", "),
                Formats.score(row.score),
            ]
            if hasIntervals {
                cells += [
                    row.interval.map { "\(Formats.score($0.low)) – \(Formats.score($0.high))" } ?? "",
                    row.rankInterval.map { $0.best == $0.worst ? "\($0.best)" : "\($0.best)–\($0.worst)" } ?? "",
                    tierText(row),
                    row.beatsNext.map { Self.percent($0) } ?? "",
                ]
            }
            cells += secondaryMetrics.map { Formats.score(row.metrics[$0]) }
            cells += [row.isBaseline ? "" : String(row.entries), row.isBaseline ? "" : Formats.date(row.lastSubmission, zone: zone)]
            if board == .private {
                cells += [row.publicRank.map(String.init) ?? "", row.move.map { $0 > 0 ? "▲\($0)" : $0 < 0 ? "▼\(-$0)" : "=" } ?? ""]
            }
            return cells
        }
    }

    /// Each row's class in an HTML table: the baseline, unranked rows, and tiers as bands.
    public var rowClasses: [String] {
        var previousTier: Int? = nil
        return rows.map { row -> String in
            if row.isBaseline { return "baseline" }
            guard row.rank != nil else { return "unranked" }
            guard let tier = row.tier else { return "" }
            defer { previousTier = tier }
            return (tier % 2 == 1 ? "tier-odd" : "tier-even") + (previousTier != nil && previousTier != tier ? " tier-start" : "")
        }
    }

    /// A share as a whole percentage ("95%"), or to a tenth when that is not whole.
    public static func percent(_ share: Double) -> String {
        let p = share * 100
        return p == p.rounded() ? "\(Int(p))%" : String(format: "%.1f%%", p)
    }

    /// What the tiers mean, in one sentence under a table, or nil without figures.
    public var tierLegend: String? {
        guard let u = uncertainty else { return nil }
        let tied = rankedRows.filter { $0.tier == 1 }.count
        let leaderGroup =
            tied > 1
            ? "\(tied) teams are statistically tied with the leader (tier 1)"
            : rankedRows.isEmpty ? "no team is ranked" : "the leader stands alone in tier 1"
        return
            "Tiers: a new tier starts at the first team worse than the current tier's first team in at least \(Self.percent(u.confidence)) of \(u.used) paired bootstrap resamples of the \(board.rawValue) rows (seed \(u.seed)); \(leaderGroup). Beats next: the share of resamples in which a team beats the next one."
    }

    public enum Format: String, CaseIterable, Sendable { case table, csv, json, markdown, html }

    public func render(_ format: Format, zone: TimeZone = .current) throws -> String {
        switch format {
        case .table:
            let title = "\(challenge) v\(version) — \(board.rawValue) board, \(metric) (\(higherIsBetter ? "higher" : "lower") is better)"
            let shown = Self.shown(columns, cells(zone: zone), numeric: numericColumns)
            let table = Formats.table(shown.columns, shown.cells, rightAligned: shown.numeric)
            return title + "\n" + table + (tierLegend.map { "\n" + $0 + "\n" } ?? "") + (agreement.map { "\n" + $0.line + "\n" } ?? "")
        case .csv:
            var header = ["rank", "team", "members", "score"]
            if hasIntervals { header += ["interval_low", "interval_high", "rank_best", "rank_worst", "tier", "beats_next"] }
            header += secondaryMetrics.map(\.rawValue) + ["entries", "last_submission", "baseline"]
            if board == .private { header += ["public_rank", "move"] }
            var out = CSVWriter.reportLine(header)
            for row in rows {
                var cells = [row.rank.map(String.init) ?? "", row.team, row.members.joined(separator: "; "), row.score.map { "\($0)" } ?? ""]
                if hasIntervals {
                    cells += [
                        row.interval.map { "\($0.low)" } ?? "", row.interval.map { "\($0.high)" } ?? "",
                        row.rankInterval.map { "\($0.best)" } ?? "", row.rankInterval.map { "\($0.worst)" } ?? "",
                        row.tier.map(String.init) ?? "", row.beatsNext.map { "\($0)" } ?? "",
                    ]
                }
                cells += secondaryMetrics.map { row.metrics[$0].map { "\($0)" } ?? "" }
                cells += [String(row.entries), row.lastSubmission.map { ISO8601.format($0, in: zone) } ?? "", row.isBaseline ? "true" : "false"]
                if board == .private { cells += [row.publicRank.map(String.init) ?? "", row.move.map(String.init) ?? ""] }
                out += CSVWriter.reportLine(cells)
            }
            return out
        case .json:
            return try Formats.json(self)
        case .markdown:
            let shown = Self.shown(columns, cells(zone: zone))
            return Formats.markdown(shown.columns, shown.cells) + (tierLegend.map { "\n" + $0 + "\n" } ?? "")
                + (agreement.map { "\n" + $0.line + "\n" } ?? "")
        case .html:
            var legend = tierLegend.map { "<p class=\"tiers\">\(Formats.escapeHTML($0))</p>\n" } ?? ""
            legend += agreement.map { "<p class=\"tiers\">\(Formats.escapeHTML($0.line))</p>\n" } ?? ""
            let shown = Self.shown(columns, cells(zone: zone))
            return Formats.htmlTable(shown.columns, shown.cells, rowClasses: rowClasses) + legend
        }
    }

    /// The columns a person reads: those with something in at least one row. Names are private
    /// by default, so "members" is empty for every row of a public board, and a column of
    /// blanks only says nothing. `numeric` (right-aligned column indexes) follows the columns
    /// kept. The CSV and JSON keep every column: their shape is a contract.
    public static func shown(_ columns: [String], _ cells: [[String]], numeric: Set<Int> = [])
        -> (columns: [String], cells: [[String]], numeric: Set<Int>)
    {
        guard !cells.isEmpty else { return (columns, cells, numeric) }
        let kept = columns.indices.filter { column in cells.contains { column < $0.count && !$0[column].isEmpty } }
        guard kept.count < columns.count else { return (columns, cells, numeric) }
        return (
            kept.map { columns[$0] }, cells.map { row in kept.map { $0 < row.count ? row[$0] : "" } },
            Set(kept.enumerated().filter { numeric.contains($0.element) }.map(\.offset))
        )
    }
}
