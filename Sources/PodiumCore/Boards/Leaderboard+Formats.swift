import Foundation

extension Leaderboard {
    /// Secondary metrics shown as columns, in a stable order.
    public var secondaryMetrics: [Metric] {
        Set(rows.flatMap { $0.metrics.keys }).filter { $0 != metric }.sorted()
    }

    public var columns: [String] {
        var header = ["rank", "team", "members", metric.rawValue] + secondaryMetrics.map(\.rawValue) + ["entries", "last submission"]
        if board == .private { header += ["public rank", "move"] }
        return header
    }

    public func cells(zone: TimeZone = .current) -> [[String]] {
        rows.map { row in
            var cells = [
                row.isBaseline ? "—" : row.rank.map(String.init) ?? "",
                row.isBaseline ? "baseline ★" : row.team,
                row.members.joined(separator: ", "),
                Formats.score(row.score),
            ]
            cells += secondaryMetrics.map { Formats.score(row.metrics[$0]) }
            cells += [row.isBaseline ? "" : String(row.entries), row.isBaseline ? "" : Formats.date(row.lastSubmission, zone: zone)]
            if board == .private {
                cells += [row.publicRank.map(String.init) ?? "", row.move.map { $0 > 0 ? "▲\($0)" : $0 < 0 ? "▼\(-$0)" : "=" } ?? ""]
            }
            return cells
        }
    }

    public enum Format: String, CaseIterable, Sendable { case table, csv, json, markdown, html }

    public func render(_ format: Format, zone: TimeZone = .current) throws -> String {
        switch format {
        case .table:
            let title = "\(challenge) v\(version) — \(board.rawValue) board, \(metric) (\(higherIsBetter ? "higher" : "lower") is better)"
            return title + "\n" + Formats.table(columns, cells(zone: zone), rightAligned: Set([0] + Array(3..<(4 + secondaryMetrics.count + 1))))
        case .csv:
            var header = ["rank", "team", "members", "score"] + secondaryMetrics.map(\.rawValue) + ["entries", "last_submission", "baseline"]
            if board == .private { header += ["public_rank", "move"] }
            var out = CSVWriter.reportLine(header)
            for row in rows {
                var cells = [row.rank.map(String.init) ?? "", row.team, row.members.joined(separator: "; "), row.score.map { "\($0)" } ?? ""]
                cells += secondaryMetrics.map { row.metrics[$0].map { "\($0)" } ?? "" }
                cells += [String(row.entries), row.lastSubmission.map { ISO8601.format($0, in: zone) } ?? "", row.isBaseline ? "true" : "false"]
                if board == .private { cells += [row.publicRank.map(String.init) ?? "", row.move.map(String.init) ?? ""] }
                out += CSVWriter.reportLine(cells)
            }
            return out
        case .json:
            return try Formats.json(self)
        case .markdown:
            return Formats.markdown(columns, cells(zone: zone))
        case .html:
            let classes = rows.map { $0.isBaseline ? "baseline" : $0.rank == nil ? "unranked" : "" }
            return Formats.htmlTable(columns, cells(zone: zone), rowClasses: classes)
        }
    }
}
