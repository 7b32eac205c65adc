import Foundation

/// A CSV file held column by column, each column as numbers (8 bytes a value) or as text: what
/// the authoring audit reads. A `CSVTable` holds every cell as a `String` (16 bytes, and an
/// array a row); at 100,000 rows × 50 numeric columns that was 339 MiB for the audit, which
/// then parsed every cell again into numbers.
///
/// A file is read twice, streamed both times: `numericColumns` finds which columns hold only
/// numbers (so that train.csv and test.csv can agree on it before either is kept), and `read`
/// keeps them. Reading again is cheaper than holding the text of a column that turns out to
/// be numeric, and exact where converting numbers back to text would not be ("1.50", "1.5").
public struct ColumnarTable: Sendable {
    public enum Column: Sendable {
        /// Every value a number; NaN for an empty cell.
        case numbers([Double])
        /// The values as read, trimmed of spaces and tabs.
        case text([String])
    }

    public var header: [String]
    public var columns: [Column]
    /// The line of each row in its file.
    public var lines: [Int]

    public var rowCount: Int { lines.count }
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The values of a column as text (a numeric column's as Swift writes its numbers).
    public func text(_ name: String) -> [String]? {
        guard let c = column(name) else { return nil }
        switch columns[c] {
        case .text(let values): return values
        case .numbers(let values): return values.map { $0.isNaN ? "" : "\($0)" }
        }
    }

    /// Which columns a file's values make numeric: every non-empty value (trimmed) is a number,
    /// and there is at least one (a file without rows is numeric in every column: it does not
    /// decide). The header, and a flag for each of its columns.
    public static func numericColumns(_ url: URL, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> (header: [String], numeric: [Bool]) {
        try numericColumns(name: url.lastPathComponent) { body in try CSVSource.read(url, maxBytes: maxBytes, body) }
    }

    static func numericColumns(name: String, source: ((borrowing CSVRecord) throws -> Void) throws -> Void) throws -> (
        header: [String], numeric: [Bool]
    ) {
        var header: [String]?
        var numeric: [Bool] = []
        var filled: [Bool] = []
        var rows = 0
        try source { record in
            guard let width = header?.count else {
                header = record.strings
                numeric = Array(repeating: true, count: record.count)
                filled = Array(repeating: false, count: record.count)
                return
            }
            guard record.count == width else { throw widthError(name, record.line, width, record.count) }
            rows += 1
            for c in 0..<width where numeric[c] {
                let bytes = trimmed(record[c])
                if bytes.isEmpty { continue }
                filled[c] = true
                if case .number = NumberParser.parse(bytes) { continue }
                numeric[c] = false
            }
        }
        guard let header else { throw CSVError(file: name, line: nil, message: "is empty; expected a header line") }
        return (header, rows == 0 ? numeric : zip(numeric, filled).map { $0 && $1 })
    }

    /// Reads a file: the columns named in `numeric` as numbers (each value must be one, as
    /// `numericColumns` found), the others as text; every row must have as many fields as the
    /// header.
    public static func read(_ url: URL, numeric: Set<String>, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> ColumnarTable {
        try read(name: url.lastPathComponent, numeric: numeric) { body in try CSVSource.read(url, maxBytes: maxBytes, body) }
    }

    static func read(name: String, numeric: Set<String>, source: ((borrowing CSVRecord) throws -> Void) throws -> Void) throws
        -> ColumnarTable
    {
        var header: [String]?
        var isNumber: [Bool] = []
        var numbers: [[Double]] = []
        var texts: [[String]] = []
        var lines: [Int] = []
        try source { record in
            guard let width = header?.count else {
                let names = record.strings
                header = names
                isNumber = names.map(numeric.contains)
                numbers = Array(repeating: [], count: names.count)
                texts = Array(repeating: [], count: names.count)
                return
            }
            guard record.count == width else { throw widthError(name, record.line, width, record.count) }
            lines.append(record.line)
            for c in 0..<width {
                let bytes = trimmed(record[c])
                if isNumber[c] {
                    guard !bytes.isEmpty else {
                        numbers[c].append(.nan)
                        continue
                    }
                    guard case .number(let v) = NumberParser.parse(bytes) else {
                        throw CSVError(file: name, line: record.line, message: "expected a number in column \(Echo.quoted(header![c]))")
                    }
                    numbers[c].append(v == 0 ? 0 : v)  // −0 equals 0
                } else {
                    texts[c].append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        guard let header else { throw CSVError(file: name, line: nil, message: "is empty; expected a header line") }
        let columns = (0..<header.count).map { c in isNumber[c] ? Column.numbers(numbers[c]) : .text(texts[c]) }
        return ColumnarTable(header: header, columns: columns, lines: lines)
    }

    /// A table held as strings, the columns named in `numeric` as numbers (a value there that
    /// is not one reads as NaN, as an empty cell does).
    public init(_ table: CSVTable, numeric: Set<String>) {
        let columns = table.header.indices.map { c -> Column in
            let values = table.rows.map { AuditData.trimmed($0[c]) }
            guard numeric.contains(table.header[c]) else { return .text(values) }
            return .numbers(values.map { text in AuditData.number(text).map { $0 == 0 ? 0 : $0 } ?? .nan })
        }
        self.init(header: table.header, columns: columns, lines: table.lines)
    }

    init(header: [String], columns: [Column], lines: [Int]) {
        self.header = header
        self.columns = columns
        self.lines = lines
    }

    static func widthError(_ name: String, _ line: Int, _ width: Int, _ found: Int) -> CSVError {
        CSVError(file: name, line: line, message: "expected \(width) fields as in the header, found \(found)")
    }
}
