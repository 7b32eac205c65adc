import Foundation

/// Ids of a submission that match test ids only once normalised: the mark of a test file read
/// with its ids as numbers (pandas' default, R's, a spreadsheet's) and written back. "001"
/// comes back as "1", "36" as "36.0"; letters may change case. Such a file would otherwise be
/// refused with a line per unknown id and another per missing one, none saying why.
enum IDFormat {
    /// How a given id differs from the test id it stands for.
    enum Cause: Int, CaseIterable, Comparable {
        case leadingZeros, zerosAdded, decimalPoint, numberForm, letterCase

        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

        var phrase: String {
            switch self {
            case .leadingZeros: "leading zeros were dropped"
            case .zerosAdded: "leading zeros were added"
            case .decimalPoint: "whole numbers were written with a decimal point"
            case .numberForm: "numbers were rewritten"
            case .letterCase: "letters changed case"
            }
        }
    }

    /// Unknown ids looked at: the first ones in file order, so that the diagnosis depends on
    /// the file alone, never on which test rows are Public or Private.
    static let sampleSize = 1000

    /// The id as a number reader would give it back: spaces trimmed, letters lowercased, and a
    /// whole number (`007`, `7.0`, `7e0`, `+7`) as its plain digits.
    static func normalised(_ id: String) -> String {
        let text = id.trimmingCharacters(in: .whitespaces).lowercased()
        guard let first = text.unicodeScalars.first, first == "+" || first == "-" || first == "." || ("0"..."9").contains(first) else {
            return text
        }
        guard case .number(let value) = NumberParser.parse(text), value.rounded() == value, abs(value) < 9.0e15 else { return text }
        return String(Int64(value))
    }

    static func cause(given: String, expected: String) -> Cause {
        let g = given.trimmingCharacters(in: .whitespaces)
        let e = expected.trimmingCharacters(in: .whitespaces)
        if g.lowercased() == e.lowercased() { return .letterCase }
        let digits = CharacterSet(charactersIn: "0123456789")
        func isDigits(_ t: String) -> Bool { !t.isEmpty && t.unicodeScalars.allSatisfy(digits.contains) }
        if isDigits(g) && isDigits(e) { return e.hasPrefix("0") ? .leadingZeros : .zerosAdded }
        if g.contains("."), !g.lowercased().contains("e") {
            // "1.0" for "001" lost its zeros on the way in, then gained a decimal point.
            return e.hasPrefix("0") && e.count > 1 ? .leadingZeros : .decimalPoint
        }
        return .numberForm
    }

    struct Diagnosis {
        /// The problem to report, in place of the unknown and missing ids it explains.
        var message: String
        /// Whether every unknown id looked at stands for a missing test id.
        var explainsAll: Bool
        /// Test rows the matched ids stand for.
        var rows: Set<Int>
    }

    /// Matches `unknown` (the first unknown ids of the file) against the test ids not given.
    /// Nil when none of them stands for one.
    static func diagnose(unknown: [String], unknownCount: Int, solution: Solution, seen: [UInt64]) -> Diagnosis? {
        guard !unknown.isEmpty else { return nil }
        let wanted = Set(unknown.map(normalised))
        // Only the test ids not given, and only those a sampled id could stand for: the
        // dictionary stays as small as the sample, however large the test set.
        var candidates: [String: (row: Int, id: String, clash: Bool)] = [:]
        let notGiven: (Int) -> Bool = { seen[$0 >> 6] & (1 << ($0 & 63)) == 0 }
        solution.ids.forEach(where: notGiven) { row, bytes in
            let id = String(decoding: bytes, as: UTF8.self)
            let key = normalised(id)
            guard wanted.contains(key) else { return }
            if candidates[key] != nil { candidates[key]!.clash = true } else { candidates[key] = (row, id, false) }
        }
        var pairs: [(given: String, expected: String)] = []
        var rows = Set<Int>()
        for given in unknown {
            guard let match = candidates[normalised(given)], !match.clash, rows.insert(match.row).inserted else { continue }
            pairs.append((given, match.id))
        }
        guard !pairs.isEmpty else { return nil }
        let explainsAll = pairs.count == unknown.count
        var causes: [Cause] = []
        for pair in pairs {
            let c = cause(given: pair.given, expected: pair.expected)
            if !causes.contains(c) { causes.append(c) }
        }
        causes.sort()
        let idColumn = Echo.text(solution.manifest.id, limit: 24)
        let count: String
        if explainsAll {
            count = unknownCount == 1 ? "the 1 id not in the test set matches" : "all \(unknownCount) ids not in the test set match"
        } else {
            count = "\(pairs.count) of the first \(unknown.count) ids not in the test set match"
        }
        let pandasName = idColumn.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var fix: [String] = []
        if causes.contains(where: { $0 != .letterCase }) {
            fix.append(
                "Read test.csv with the ids as text: pandas pd.read_csv(\"test.csv\", dtype={\"\(pandasName)\": str}); R colClasses = c(\(idColumn) = \"character\"); a spreadsheet: format the column as text."
            )
        }
        if causes.contains(.letterCase) { fix.append("Ids are compared as written: keep each one exactly as data/test.csv has it.") }
        // Within a problem message's length (Echo.maxMessageCharacters): one example if two
        // long ids would not fit, and the cap as a last resort.
        func worded(examples: Int) -> String {
            let shown = pairs.prefix(examples).map { "\(Echo.quoted($0.given, limit: 20)) stands for \(Echo.quoted($0.expected, limit: 20))" }
            return "\(count) a test id once normalised: \(causes.map(\.phrase).joined(separator: ", ")) (\(shown.joined(separator: "; "))). "
                + fix.joined(separator: " ")
        }
        var message = worded(examples: 2)
        if message.count > Echo.maxMessageCharacters { message = worded(examples: 1) }
        message = Echo.message(message)
        return Diagnosis(message: message, explainsAll: explainsAll, rows: rows)
    }
}
