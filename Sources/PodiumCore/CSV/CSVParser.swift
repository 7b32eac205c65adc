import Foundation

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
