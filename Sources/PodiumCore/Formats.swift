import Foundation

/// How numbers and boards are written for people and for spreadsheets.
public enum Formats {
    /// A score with `digits` decimals; in scientific notation from a billion on, so that a
    /// huge error reads as `3.2e+99`, not as a hundred digits.
    public static func score(_ v: Double?, digits: Int = 5) -> String {
        guard let v else { return "—" }
        guard v.isFinite else { return "—" }
        return abs(v) < 1e9 ? String(format: "%.\(digits)f", v) : String(format: "%.\(digits)e", v)
    }

    /// A number in a message: whole numbers plainly, others with six significant digits.
    public static func number(_ v: Double) -> String {
        if v.isFinite && v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%g", v)
    }

    public static func date(_ d: Date?, zone: TimeZone = .current) -> String {
        guard let d else { return "—" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }

    /// A plain text table with aligned columns (numbers right-aligned).
    public static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
    }

    public static func markdown(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ c: [String]) -> String { "| " + c.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        return ([line(header), "|" + header.map { _ in " --- |" }.joined()] + rows.map(line)).joined(separator: "\n")
    }

    public static func escapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    public static func htmlTable(_ header: [String], _ rows: [[String]], rowClasses: [String]? = nil) -> String {
        var out = "<table>\n<thead><tr>" + header.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (i, row) in rows.enumerated() {
            let cls = rowClasses?[i].isEmpty == false ? " class=\"\(rowClasses![i])\"" : ""
            out += "<tr\(cls)>" + row.map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>"
    }

    /// Pretty JSON with sorted keys and ISO 8601 dates (see `JSONText`).
    public static func json<T: Encodable>(_ value: T) throws -> String {
        try JSONText.encode(value, pretty: true, isoDates: true)
    }
}

extension Leaderboard {
    /// Secondary metrics shown as columns, in a stable order.
    public var secondaryMetrics: [String] {
        Array(Set(rows.flatMap { $0.metrics.keys })).filter { $0 != metric }.sorted()
    }

    public var columns: [String] {
        var header = ["rank", "team", "members", metric] + secondaryMetrics + ["entries", "last submission"]
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
            var header = ["rank", "team", "members", "score"] + secondaryMetrics + ["entries", "last_submission", "baseline"]
            if board == .private { header += ["public_rank", "move"] }
            var out = CSVWriter.line(header)
            for row in rows {
                var cells = [row.rank.map(String.init) ?? "", row.team, row.members.joined(separator: "; "), row.score.map { "\($0)" } ?? ""]
                cells += secondaryMetrics.map { row.metrics[$0].map { "\($0)" } ?? "" }
                cells += [String(row.entries), row.lastSubmission.map { ISO8601.format($0, in: zone) } ?? "", row.isBaseline ? "true" : "false"]
                if board == .private { cells += [row.publicRank.map(String.init) ?? "", row.move.map(String.init) ?? ""] }
                out += CSVWriter.line(cells)
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

extension GradeSheet {
    public enum Format: String, CaseIterable, Sendable { case csv, json, table }

    public var columns: [String] {
        ["student_id", "name", "email", "team", "score", "rank", "challenge_grade"] + markNames + (markNames.isEmpty ? [] : ["ter_grade"]) + ["notes"]
    }

    /// CSV; with `;` as delimiter numbers take a decimal comma and the file a byte order mark,
    /// as French spreadsheets expect.
    public func csv(delimiter: Character = ",") -> String {
        let french = delimiter == ";"
        func number(_ v: Double?) -> String {
            guard let v else { return "" }
            let text = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
            return french ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        func line(_ cells: [String]) -> String { CSVWriter.line(cells, delimiter: delimiter) }
        var out = (french ? "\u{FEFF}" : "") + line(columns)
        for row in rows {
            var cells = [
                row.studentId, row.name, row.email, row.team, number(row.score), row.rank.map(String.init) ?? "", number(row.challengeGrade),
            ]
            cells += markNames.map { number(row.marks[$0]) }
            if !markNames.isEmpty { cells.append(number(row.terGrade)) }
            cells.append(row.notes.joined(separator: "; "))
            out += line(cells)
        }
        return out
    }

    public func render(_ format: Format, delimiter: Character = ",") throws -> String {
        switch format {
        case .csv: return csv(delimiter: delimiter)
        case .json: return try Formats.json(self)
        case .table:
            let cells = rows.map { row in
                [
                    row.studentId, row.name, row.email, row.team, Formats.score(row.score), row.rank.map(String.init) ?? "—",
                    String(format: "%.2f", row.challengeGrade),
                ]
                    + markNames.map { row.marks[$0].map { String(format: "%.2f", $0) } ?? "—" }
                    + (markNames.isEmpty ? [] : [row.terGrade.map { String(format: "%.2f", $0) } ?? "—"])
                    + [row.notes.joined(separator: "; ")]
            }
            let title = "\(challenge) grades — \(policy.rawValue) policy on \(Int(scale)), from the private board (\(metric))"
            return title + "\n" + Formats.table(columns, cells, rightAligned: [4, 5, 6])
        }
    }
}
