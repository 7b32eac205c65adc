import Foundation

/// How numbers and boards are written for people and for spreadsheets.
public enum Formats {
    /// "1 team", "2 teams".
    public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A file size in decimal units: `812 B`, `14.2 kB`, `3.1 MB`.
    public static func bytes(_ n: Int) -> String {
        if n < 1000 { return "\(n) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(n) / 1000
        var unit = 0
        while value >= 999.95 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    /// A size as challenge.yaml's `code:` writes it, in binary units: `2 GiB`, `512 MiB`, `1.5 GiB`.
    public static func size(_ n: Int) -> String {
        for (unit, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where n >= factor {
            let value = Double(n) / Double(factor)
            return (n % factor == 0 ? String(n / factor) : String(format: "%.1f", value)) + " " + unit
        }
        return "\(n) B"
    }

    /// A score with `digits` decimals; in scientific notation from a billion on, so that a
    /// huge error reads as `3.2e+99`, not as a hundred digits.
    public static func score(_ v: Double?, digits: Int = 5) -> String {
        guard let v else { return "—" }
        guard v.isFinite else { return "—" }
        return abs(v) < 1e9 ? String(format: "%.\(digits)f", v) : String(format: "%.\(digits)e", v)
    }

    /// A number in a grade sheet: whole numbers without decimals, a decimal comma for French
    /// spreadsheets, empty when absent.
    public static func sheetNumber(_ v: Double?, decimalComma: Bool) -> String {
        guard let v else { return "" }
        let text = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
        return decimalComma ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A number in a message: whole numbers plainly, others with six significant digits.
    public static func number(_ v: Double) -> String {
        if v.isFinite && v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%g", v)
    }

    /// A moment to the second, with its zone's offset: `2026-11-23 14:05:09 GMT+1` (histories,
    /// where two files sent within a minute must be told apart; `UTC` for UTC).
    public static func time(_ d: Date?, zone: TimeZone = .current) -> String {
        guard let d else { return "—" }
        return stamp(d, zone: zone, pattern: "yyyy-MM-dd HH:mm:ss") + " " + zoneName(zone, at: d)
    }

    /// The zone's short name at a moment: its offset from UTC (`GMT+1`, `GMT-4`, `UTC`).
    public static func zoneName(_ zone: TimeZone, at d: Date) -> String {
        let name = zone.abbreviation(for: d) ?? "UTC"
        return name == "GMT" ? "UTC" : name
    }

    /// A moment to the minute, in `zone`: `2026-11-23 14:05`.
    public static func date(_ d: Date?, zone: TimeZone = .current) -> String {
        guard let d else { return "—" }
        return stamp(d, zone: zone, pattern: "yyyy-MM-dd HH:mm")
    }

    private static func stamp(_ d: Date, zone: TimeZone, pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
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
