import Foundation

public enum CSVWriter {
    /// A field, quoted when it holds the delimiter, a quote, a line end or edge spaces.
    public static func field(_ s: String, delimiter: Character = ",") -> String {
        if s.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String], delimiter: Character = ",") -> String {
        fields.map { field($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\n"
    }

    /// A line of a report opened in spreadsheets (boards, grades): a text cell that a
    /// spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage
    /// return, OWASP's rule) gets a leading `'`, so that a team named `=HYPERLINK(…)` stays
    /// text. Numbers, negative ones included, are left as they are.
    public static func reportLine(_ fields: [String], delimiter: Character = ",") -> String {
        line(fields.map(neutralizingFormula), delimiter: delimiter)
    }

    static func neutralizingFormula(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        let number = cell.replacingOccurrences(of: ",", with: ".")
        if Double(number) != nil { return cell }
        return "'" + cell
    }
}
