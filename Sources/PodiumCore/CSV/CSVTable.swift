import Foundation

/// A small CSV table held as strings: for datasets, rosters and solutions of modest size.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Line number of each row in its file.
    public var lines: [Int]

    public init(header: [String], rows: [[String]], lines: [Int]? = nil) {
        self.header = header
        self.rows = rows
        self.lines = lines ?? rows.indices.map { $0 + 2 }
    }

    /// Reads a whole CSV file; every row must have as many fields as the header.
    public static func read(_ url: URL, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> CSVTable {
        try read(name: url.lastPathComponent) { body in try CSVSource.read(url, maxBytes: maxBytes, body) }
    }

    /// A table held in memory (a file inside a zip).
    public static func read(data: Data, name: String) throws -> CSVTable {
        try read(name: name) { body in try CSVSource.read(data: data, name: name, body) }
    }

    static func read(name: String, source: ((borrowing CSVRecord) throws -> Void) throws -> Void) throws -> CSVTable {
        var header: [String]?
        var rows: [[String]] = []
        var lines: [Int] = []
        try source { record in
            let fields = record.strings
            guard let header else {
                header = fields
                return
            }
            guard fields.count == header.count else {
                throw CSVError(file: name, line: record.line, message: "expected \(header.count) fields as in the header, found \(fields.count)")
            }
            rows.append(fields)
            lines.append(record.line)
        }
        guard let header else { throw CSVError(file: name, line: nil, message: "is empty; expected a header line") }
        return CSVTable(header: header, rows: rows, lines: lines)
    }

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The column whose name is `name` once trimmed, in any case: a sheet typed or exported by
    /// hand (`Student_ID `) as the roster reads it.
    public func column(loosely name: String) -> Int? {
        let name = name.lowercased()
        return header.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == name }
    }

    /// The table as CSV text: LF line ends, fields quoted only when they must be.
    public func csv() -> String {
        var out = CSVWriter.line(header)
        for row in rows { out += CSVWriter.line(row) }
        return out
    }
}
