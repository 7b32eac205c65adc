import CPodiumSupport
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

    public init(file: String, maxRecordBytes: Int = 16 << 20) {
        self.file = file
        self.maxRecordBytes = maxRecordBytes
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (borrowing CSVRecord) throws -> Void) throws {
        var input = bytes.bindMemory(to: UInt8.self)
        if !pending.isEmpty {
            // The unfinished record of the last chunk, completed with the new bytes up to the
            // first line feed and parsed apart, so that the rest is parsed where it lies: copying
            // every chunk behind the record it ends with was a copy of the whole file.
            let lineEnd = input.firstIndex(of: 10).map { $0 + 1 } ?? input.count
            var work: [UInt8] = []
            swap(&work, &pending)
            work.append(contentsOf: input[..<lineEnd])
            var consumed = try work.withUnsafeBufferPointer { try parse($0, final: false, body) }
            input = UnsafeBufferPointer(rebasing: input[lineEnd...])
            if consumed < work.count && !input.isEmpty {
                // Still unfinished (a quoted field holding a line break): with all of the rest.
                work.removeFirst(consumed)
                work.append(contentsOf: input)
                consumed = try work.withUnsafeBufferPointer { try parse($0, final: false, body) }
                input = UnsafeBufferPointer(start: nil, count: 0)
            }
            work.removeFirst(consumed)
            swap(&work, &pending)  // the buffer keeps its capacity from chunk to chunk
        }
        if input.count > 0 {
            let consumed = try parse(input, final: false, body)
            pending.append(contentsOf: input[consumed...])
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

    /// A bit for each comma, LF or CR among the `count` (at most 64 counted) bytes at `bytes`.
    @inline(__always)
    static func delimiterMask(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        if count >= 64 { return podium_csv_delimiters64(bytes) }
        // The end of the input: its last bytes copied into zeros, which are no delimiter.
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &block) { block in
            block.baseAddress!.copyMemory(from: bytes, byteCount: count)
            return podium_csv_delimiters64(block.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
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
        // Unescaped quoted fields are written here; never longer than the input. Made at the
        // first quoted field: most files have none.
        var scratchBuffer: UnsafeMutablePointer<UInt8>?
        defer { scratchBuffer?.deallocate() }
        // The record's fields: a buffer of our own, where an array's append paid a uniqueness
        // check a field.
        var fields = FieldList()
        // The delimiters of the 64 bytes from `maskStart` (fewer at the end of the input).
        var maskStart = -64
        var mask: UInt64 = 0

        recordLoop: while p < n {
            let recordStart = p
            let recordLine = line
            var linesInRecord = 0
            var scratchUsed = 0
            fields.count = 0
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
                    if scratchBuffer == nil { scratchBuffer = .allocate(capacity: n) }
                    let scratch = scratchBuffer!
                    var q = p + 1
                    let start = scratchUsed
                    // Where the quote opened: a stray one runs on over the lines after it, and
                    // the line it is found out on is not the line to fix.
                    let openLine = recordLine + linesInRecord
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
                            throw CSVError(file: file, line: openLine, message: "a quoted field is not closed (missing \")")
                        }
                        p = recordStart
                        break recordLoop
                    }
                    fields.append(UnsafeBufferPointer(start: scratch + start, count: scratchUsed - start))
                    p = q
                    // After the closing quote: a separator, a line end or the end of input.
                    if p < n && input[p] != 44 && input[p] != 10 && input[p] != 13 {
                        let closeLine = recordLine + linesInRecord
                        let opened = closeLine == openLine ? "" : " (the quote opened on line \(openLine): is a \" missing there?)"
                        throw CSVError(file: file, line: closeLine, message: "unexpected text after a closing quote\(opened)")
                    }
                } else {
                    // The field's end (a comma, LF or CR) is the next bit of the delimiter mask,
                    // made for 64 bytes at once and used by every field that starts in them.
                    var q = p
                    while true {
                        if q - maskStart >= 64 { (maskStart, mask) = (q, Self.delimiterMask(base + q, count: n - q)) }
                        let ahead = mask >> UInt64(q - maskStart)
                        if ahead != 0 {
                            q += ahead.trailingZeroBitCount
                            break
                        }
                        q = min(maskStart + 64, n)
                        if q == n { break }
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
            if fields.count == 1 && fields.base[0].isEmpty { continue }  // a line holding only a lone CR
            try body(CSVRecord(line: recordLine, fields: UnsafeBufferPointer(start: fields.base, count: fields.count)))
        }
        return p
    }
}

/// The fields of the record being parsed, in memory of its own that grows as needed.
private struct FieldList: ~Copyable {
    var base: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>
    var count = 0
    var capacity = 64

    init() { base = .allocate(capacity: capacity) }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func append(_ field: UnsafeBufferPointer<UInt8>) {
        if count == capacity { grow() }
        base[count] = field
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
