import Foundation
import PodiumCore

/// A leaderboard on a page: the forest plot, the table (its headers and words in the page's
/// language; its numbers as `Leaderboard.cells` gives them), the ties, the tiers' legend and,
/// for the instructor, the public/private agreement.
enum BoardView {
    static func board(_ board: Leaderboard, zone: TimeZone, language t: Language) -> HTML {
        if board.rows.isEmpty { return "<p class=\"muted\">\(t(.noTeamYet))</p>" }
        let columns = self.columns(board, t)
        var cells = board.cells(zone: zone)
        for (i, row) in board.rows.enumerated() {
            if row.isBaseline { cells[i][1] = "\(t(.baseline)) ★" }
            // The tier column: "1 (tied with the leader)".
            if board.hasIntervals, row.tier == 1, row.team != board.rankedRows.first?.team { cells[i][6] = "1 (\(t(.tiedWithTheLeader)))" }
        }
        var html: HTML = Charts.forest(board, labels: Layout.chartLabels(t))
        // `Formats.htmlTable` escapes every cell.
        let shown = Leaderboard.shown(columns, cells)
        html += "<div class=\"table-wrap\">\(HTML(trusted: Formats.htmlTable(shown.columns, shown.cells, rowClasses: board.rowClasses)))</div>"
        html += tiesNote(board, language: t)
        if let u = board.uncertainty {
            let tied = board.rankedRows.filter { $0.tier == 1 }.count
            let leader =
                tied > 1 ? t(.teamsTiedWithLeader, "\(tied)") : board.rankedRows.isEmpty ? t(.noTeamIsRanked) : t(.leaderStandsAlone)
            let rows = board.board == .public ? t(.publicRows) : t(.privateRows)
            html +=
                "<p class=\"tiers\">\(t(.tiersLegend, Leaderboard.percent(u.confidence), "\(u.used)", rows, "\(u.seed)", leader))</p>"
        }
        if let agreement = board.agreement {
            let tau = agreement.kendallTau.map { String(format: "%.2f", $0) } ?? t(.undefined)
            let gaps = agreement.gaps.map { "\($0.team) \($0.gap >= 0 ? "+" : "")\(Formats.score($0.gap, digits: 4))" }.joined(separator: ", ")
            html += "<p class=\"tiers\">\(t(.agreementLine, tau, "\(agreement.gaps.count)", gaps))</p>"
        }
        return html
    }

    /// The table's headers, as `Leaderboard.columns` orders them.
    static func columns(_ board: Leaderboard, _ t: Language) -> [String] {
        var header = [t(.rank), t(.teamWord), t(.members), board.metric.rawValue]
        if let u = board.uncertainty {
            header += [t(.intervalColumn, Leaderboard.percent(u.confidence)), t(.rankRange), t(.tierColumn), t(.beatsNext)]
        }
        header += board.secondaryMetrics.map(\.rawValue) + [t(.entries), t(.lastSubmission)]
        if board.board == .private { header += [t(.publicRank), t(.move)] }
        return header
    }

    /// Why two teams show the same rank: their scores are equal (the earlier file listed first).
    static func tiesNote(_ board: Leaderboard, language t: Language) -> HTML {
        let groups = Dictionary(grouping: board.rankedRows, by: { $0.rank ?? 0 }).filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        guard !groups.isEmpty else { return .empty }
        let parts = groups.map { rank, rows in
            "\(rows.map(\.team).joined(separator: ", ")) (\(t(.rank)) \(rank), \(Formats.score(rows[0].score)))"
        }
        return "<p class=\"tiers\">\(t(.equalScoresShareRankTeam)): \(parts.joined(separator: "; ")).</p>"
    }
}
