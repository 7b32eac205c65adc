import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One CSV record handed to a reader's callback. Its fields point into the reader's buffers
/// and are valid only during the callback.
public struct CSVRecord {
    public let line: Int
    let fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

    init(line: Int, fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) {
        self.line = line
        self.fields = fields
    }

    public var count: Int { fields.count }

    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> { fields[i] }

    public func string(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }

    public var strings: [String] { (0..<fields.count).map(string) }
}

/// A CSV problem that stops reading: not text, a record too long, an unterminated quote.
public struct CSVError: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var errorDescription: String? {
        line.map { "\(file) line \($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// A push parser of RFC 4180 CSV working on bytes: comma separated, fields optionally quoted
/// with `"` (doubled inside), LF or CRLF line ends, a UTF-8 byte order mark skipped, blank
/// lines ignored. Bytes arrive in chunks of any size (`feed`), then `finish` flushes the last
/// record. No `String` is built per field: callers decode only what they need.
public struct CSVParser {
    public let file: String
    public let maxRecordBytes: Int
    private var pending: [UInt8] = []
    private var line = 1
    private var started = false
    private var fieldStore: [UnsafeBufferPointer<UInt8>] = []

    public init(file: String, maxRecordBytes: Int = 16 << 20) {
        self.file = file
        self.maxRecordBytes = maxRecordBytes
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (borrowing CSVRecord) throws -> Void) throws {
        if pending.isEmpty {
            let consumed = try parse(bytes.bindMemory(to: UInt8.self), final: false, body)
            pending.append(contentsOf: bytes[consumed...])
        } else {
            // The unfinished record and the new bytes, parsed together; the buffer keeps its
            // capacity from chunk to chunk.
            var work: [UInt8] = []
            swap(&work, &pending)
            work.append(contentsOf: bytes)
            let consumed = try work.withUnsafeBufferPointer { try parse($0, final: false, body) }
            work.removeFirst(consumed)
            swap(&work, &pending)
        }
        if pending.count > maxRecordBytes {
            throw CSVError(file: file, line: line, message: "a record is longer than \(maxRecordBytes) bytes (an unclosed quote?)")
        }
    }

    public mutating func feed(_ data: Data, _ body: (borrowing CSVRecord) throws -> Void) throws {
        try data.withUnsafeBytes { try feed($0, body) }
    }

    public mutating func finish(_ body: (borrowing CSVRecord) throws -> Void) throws {
        var buffer: [UInt8] = []
        swap(&buffer, &pending)
        _ = try buffer.withUnsafeBufferPointer { try parse($0, final: true, body) }
    }

    /// Parses complete records of `input`, returning how many bytes were consumed.
    private mutating func parse(_ input: UnsafeBufferPointer<UInt8>, final: Bool, _ body: (borrowing CSVRecord) throws -> Void) throws -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        var p = 0
        let n = input.count
        if !started {
            if n < 3 && !final { return 0 }
            started = true
            if n >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { p = 3 }
        }
        // Unescaped quoted fields are written here; never longer than the input.
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
        defer { scratch.deallocate() }
        var fields = fieldStore
        fieldStore = []
        defer { fieldStore = fields }

        recordLoop: while p < n {
            let recordStart = p
            let recordLine = line
            var linesInRecord = 0
            var scratchUsed = 0
            fields.removeAll(keepingCapacity: true)
            // Blank line.
            if input[p] == 10 {
                p += 1
                line += 1
                continue
            }
            if input[p] == 13 {
                if p + 1 < n {
                    if input[p + 1] == 10 {
                        p += 2
                        line += 1
                        continue
                    }
                } else if !final {
                    break
                }
            }
            while true {
                if p < n && input[p] == 34 {  // quoted field
                    var q = p + 1
                    let start = scratchUsed
                    var closed = false
                    while q < n {
                        let c = input[q]
                        if c == 34 {
                            if q + 1 < n && input[q + 1] == 34 {
                                scratch[scratchUsed] = 34
                                scratchUsed += 1
                                q += 2
                                continue
                            }
                            if q + 1 == n && !final { break }  // may be a doubled quote split across chunks
                            closed = true
                            q += 1
                            break
                        }
                        if c == 10 { linesInRecord += 1 }
                        scratch[scratchUsed] = c
                        scratchUsed += 1
                        q += 1
                    }
                    if !closed {
                        if final {
                            throw CSVError(file: file, line: recordLine, message: "a quoted field is not closed (missing \")")
                        }
                        p = recordStart
                        break recordLoop
                    }
                    fields.append(UnsafeBufferPointer(start: scratch + start, count: scratchUsed - start))
                    p = q
                    // After the closing quote: a separator, a line end or the end of input.
                    if p < n && input[p] != 44 && input[p] != 10 && input[p] != 13 {
                        throw CSVError(file: file, line: recordLine + linesInRecord, message: "unexpected text after a closing quote")
                    }
                } else {
                    var q = p
                    while q < n {
                        let c = input[q]
                        if c == 44 || c == 10 || c == 13 { break }
                        q += 1
                    }
                    if q == n && !final {
                        p = recordStart
                        break recordLoop
                    }
                    fields.append(UnsafeBufferPointer(start: base + p, count: q - p))
                    p = q
                }
                // p is at a separator, a line end or the end.
                if p == n {
                    if !final {
                        p = recordStart
                        break recordLoop
                    }
                    break
                }
                let c = input[p]
                if c == 44 {
                    p += 1
                    if p == n {
                        if !final {
                            p = recordStart
                            break recordLoop
                        }
                        fields.append(UnsafeBufferPointer(start: base + p, count: 0))
                        break
                    }
                    continue
                }
                if c == 13 {
                    if p + 1 < n {
                        p += input[p + 1] == 10 ? 2 : 1
                    } else if final {
                        p += 1
                    } else {
                        p = recordStart
                        break recordLoop
                    }
                } else {
                    p += 1
                }
                break
            }
            line += 1 + linesInRecord
            if fields.count == 1 && fields[0].isEmpty { continue }  // a line holding only a lone CR
            try fields.withUnsafeBufferPointer { try body(CSVRecord(line: recordLine, fields: $0)) }
        }
        return p
    }
}

/// Where CSV bytes come from: a plain file, a gzip file, or a zip archive holding one CSV.
public enum CSVSource {
    public static let defaultMaxBytes = 2 << 30

    /// Streams the records of `url` (`.csv`, `.csv.gz`, `.zip` with one `.csv`) to `body`.
    public static func read(
        _ url: URL, maxBytes: Int = defaultMaxBytes, _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        var parser = CSVParser(file: url.lastPathComponent)
        try chunks(url, maxBytes: maxBytes) { chunk in try parser.feed(chunk, body) }
        try parser.finish(body)
    }

    /// Streams the records of CSV text already in memory.
    public static func read(data: Data, name: String, _ body: (borrowing CSVRecord) throws -> Void) throws {
        var parser = CSVParser(file: name)
        try parser.feed(data, body)
        try parser.finish(body)
    }

    /// The whole CSV content of a `.csv`, `.csv.gz` or `.zip` file, decompressed.
    public static func contents(_ url: URL, maxBytes: Int = defaultMaxBytes) throws -> Data {
        var data = Data()
        try chunks(url, maxBytes: maxBytes) { data.append(contentsOf: $0) }
        return data
    }

    /// The decompressed bytes of `url`, chunk by chunk (each valid only during the call).
    static func chunks(_ url: URL, maxBytes: Int, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        let name = url.lastPathComponent
        let lower = name.lowercased()
        if lower.hasSuffix(".gz") {
            try Gzip.decompress(url, maxBytes: maxBytes) { try $0.withUnsafeBytes(consume) }
        } else if lower.hasSuffix(".zip") {
            try ZipSource.readSingleCSV(url, maxBytes: maxBytes) { try $0.withUnsafeBytes(consume) }
        } else {
            // One reused buffer and read(2): a fresh `Data` per chunk cost a page fault and a
            // zeroed page for every 4 KiB of a large file.
            let fd = open(url.path, O_RDONLY)
            guard fd >= 0 else {
                throw CSVError(file: name, line: nil, message: "cannot be opened (no such file or no permission)")
            }
            defer { close(fd) }
            let capacity = 4 << 20
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
            defer { buffer.deallocate() }
            var total = 0
            while true {
                let n = posixRead(fd, buffer.baseAddress, capacity)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(file: name, line: nil, message: "cannot be read (\(String(cString: strerror(errno))))")
                }
                if n == 0 { break }
                total += n
                if total > maxBytes {
                    throw CSVError(file: name, line: nil, message: "is larger than the limit of \(maxBytes >> 20) MiB")
                }
                try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
    }
}

/// read(2), named apart from `CSVSource.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #else
        Darwin.read(fd, buffer, count)
    #endif
}

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
        var header: [String]?
        var rows: [[String]] = []
        var lines: [Int] = []
        let name = url.lastPathComponent
        try CSVSource.read(url, maxBytes: maxBytes) { record in
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

    /// The table as CSV text: LF line ends, fields quoted only when they must be.
    public func csv() -> String {
        var out = CSVWriter.line(header)
        for row in rows { out += CSVWriter.line(row) }
        return out
    }
}

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
}
