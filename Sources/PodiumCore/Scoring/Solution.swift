import CPodiumSupport
import Foundation

/// The hidden answers of a challenge, indexed by id.
public struct Solution: Sendable {
    public let manifest: ChallengeManifest
    let ids: IDIndex
    /// Class index of each row (classification), in the manifest's class order.
    let classIndex: [UInt16]
    /// Target value of each row (regression).
    public let values: [Double]
    /// Which rows are public, a bit a row: at ten million rows it stays in cache.
    let publicBits: [UInt64]
    public let publicCount: Int

    public var count: Int { ids.count }
    /// Every id, in row order (the solution file's order).
    public func allIDs() -> [String] { ids.ids() }
    public func row(of id: String) -> Int? { ids.find(id) }

    @inline(__always)
    public func isPublic(_ row: Int) -> Bool { publicBit(row) != 0 }

    /// 1 for a public row, 0 for a private one: for indexing, where a branch would be mispredicted.
    @inline(__always)
    func publicBit(_ row: Int) -> Int { bit(publicBits, row) }

    /// Class index of each row (classification).
    public var labels: [Int32] { classIndex.map { Int32($0) } }

    /// The tag each id has in the index (see `IDEntry`): its row's public bit, and the low bit
    /// of its class (which of a binary task's two classes), so that a submission's row is put
    /// in its part and class from the slot its id was found in.
    static func tag(isPublic: UInt64, classIndex: Int) -> UInt8 { UInt8(truncatingIfNeeded: isPublic | UInt64(classIndex & 1) << 1) }
    /// A tag's public bit, as 0 or 1.
    @inline(__always)
    static func publicBit(ofTag tag: Int) -> Int { tag & 1 }
    /// 1 when a tag's row is of the class `positive` of a binary task (0 or 1), else 0.
    @inline(__always)
    static func positiveBit(ofTag tag: Int, positive: Int) -> Int { 1 ^ (tag >> 1 & 1) ^ (positive & 1) }

    /// Reads `reference/solution.csv`: the id column, the target column and `Usage`.
    public static func load(_ url: URL, manifest: ChallengeManifest, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> Solution {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        var expected = bytes / 20
        // A plain file's lines are estimated from samples spread over it (`LineCount.estimate`):
        // within a percent or two of the count, where a guess from the first lines alone left
        // 5% of the index unused (10 MB at ten million rows), or grew it twice over when later
        // lines were shorter; and without counting them all first, a tenth of a second at ten
        // million rows. A compressed file's size says little of its rows: the index grows as
        // it fills.
        if FileKind(fileName: url.lastPathComponent) == .csv, bytes <= maxBytes {
            // No line feed at all (old Mac line ends): the guess from the size.
            if let lines = LineCount.estimate(inFile: url.path, size: bytes), lines > 0 { expected = lines + 1 }
        }
        return try load(name: url.lastPathComponent, manifest: manifest, expectedRows: expected) { body in
            try CSVSource.read(url, maxBytes: maxBytes, body)
        }
    }

    /// Reads a solution held in memory (as the store keeps it).
    public static func load(data: Data, name: String = "solution.csv", manifest: ChallengeManifest) throws -> Solution {
        let lines = data.withUnsafeBytes(LineCount.newlines)
        let expected = lines > 0 ? lines + 1 : data.count / 20
        return try load(name: name, manifest: manifest, expectedRows: expected) { body in try CSVSource.read(data: data, name: name, body) }
    }

    /// Parses on the calling thread while a worker fills the id index (`BatchPipe`): the
    /// index is ten million random writes, the parsing a sequential read; they overlap.
    static func load(name: String, manifest: ChallengeManifest, expectedRows: Int, source: ((borrowing CSVRecord) throws -> Void) throws -> Void)
        throws -> Solution
    {
        let expected = min(expectedRows, 50_000_000)
        let filler = IDIndexFiller(name: name, expected: expected)
        let pipe = BatchPipe(batches: (0..<3).map { _ in IDBatch() }) { batch in filler.insert(batch) }
        var scan = SolutionScan(name: name, manifest: manifest, expectedRows: expected, pipe: pipe)
        var parseError: (any Error)?
        do {
            // One exclusive access to `scan` a record; inside, its methods work on it in place.
            try source { record in try scan.consume(record) }
        } catch {
            parseError = error
        }
        pipe.finish(scan.batch.isEmpty ? nil : scan.batch)
        // The first problem in file order: every id the filler saw came before the parser's.
        if let duplicate = filler.failure { throw duplicate }
        if let parseError { throw parseError }
        return try scan.finish(ids: filler.ids)
    }
}

/// The solution's ids going into the index, batch by batch, on the pipe's worker.
final class IDIndexFiller {
    let name: String
    var ids: IDIndex
    /// The first id given twice; nothing more is inserted after it.
    var failure: CSVError?

    init(name: String, expected: Int) {
        self.name = name
        ids = IDIndex(expected: expected)
    }

    func insert(_ batch: IDBatch) {
        guard failure == nil else { return }
        // The index in a local for the batch: each use of the property retained its buffers.
        var ids = self.ids
        defer { self.ids = ids }
        let n = batch.count
        let d = IDBatch.prefetchDistance
        for i in 0..<min(d, n) { ids.prefetch(batch.keys[i]) }
        for i in 0..<n {
            if i + d < n { ids.prefetch(batch.keys[i + d]) }
            if batch.withID(i, { key, bytes in ids.insert(key, bytes, tag: batch.tags[i]) }) != nil {
                failure = CSVError(file: name, line: batch.lines[i], message: "id \(Echo.quoted(batch.string(i))) appears twice")
                return
            }
        }
    }
}

/// The state of parsing a solution, record by record: a struct worked on in place by its
/// mutating methods (see `SubmissionParse` for why). Ids go to the index by the pipe; rows
/// are numbered in file order, as they are inserted.
struct SolutionScan {
    let name: String
    let manifest: ChallengeManifest
    let classification: Bool
    let classes: FieldTokens
    let pipe: BatchPipe<IDBatch>
    var batch: IDBatch
    var classIndex: [UInt16] = []
    var values: [Double] = []
    var publicBits: [UInt64] = []
    /// The public bits of the rows since the last whole word of `publicBits`.
    var publicWord: UInt64 = 0
    var rows = 0
    var publicCount = 0
    var idColumn = -1
    var targetColumn = -1
    var usageColumn = -1
    var width = 0
    var sawHeader = false
    /// `Usage`'s two values: 0 is Public, 1 Private (held by each scan: a static one was a
    /// lazily made global, checked at every row).
    let usages = FieldTokens(["Public", "Private"])

    init(name: String, manifest: ChallengeManifest, expectedRows expected: Int, pipe: BatchPipe<IDBatch>) {
        self.name = name
        self.manifest = manifest
        self.pipe = pipe
        batch = pipe.take()
        classification = manifest.task.isClassification
        classes = FieldTokens(manifest.classes)
        // Room for 3% more rows than expected (an estimate): past it an array doubles.
        let room = expected + expected / 32
        if classification { classIndex.reserveHugeCapacity(room) } else { values.reserveHugeCapacity(room) }
        publicBits.reserveCapacity(room / 64 + 1)
    }

    func fail(_ line: Int, _ message: String) -> CSVError { CSVError(file: name, line: line, message: message) }

    @inline(__always)
    mutating func consume(_ record: borrowing CSVRecord) throws {
        let line = record.line
        guard sawHeader else {
            let header = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
            for (column, key) in [(manifest.id, "id"), (manifest.target, "target"), ("Usage", "Usage")] where !header.contains(column) {
                throw fail(
                    line,
                    "missing column \(Echo.quoted(column)) (\(key)); expected a header with \(manifest.id),\(manifest.target),Usage, found \(Echo.list(header))"
                )
            }
            idColumn = header.firstIndex(of: manifest.id) ?? 0
            targetColumn = header.firstIndex(of: manifest.target) ?? 0
            usageColumn = header.firstIndex(of: "Usage") ?? 0
            width = header.count
            sawHeader = true
            return
        }
        let fields = record.count
        guard fields == width else { throw fail(line, "expected \(width) fields as in the header, found \(fields)") }
        let id = trimmed(record[idColumn])
        guard !id.isEmpty else { throw fail(line, "empty id") }
        let target = trimmed(record[targetColumn])
        var classBit = 0
        if classification {
            guard let index = classes.index(of: target) else {
                throw fail(line, "target \(Echo.quoted(bytes: target)) is not one of the classes \(Echo.list(manifest.classes, separator: ", "))")
            }
            classIndex.append(UInt16(index))
            classBit = index
        } else {
            guard case .number(let v) = NumberParser.parse(target) else {
                throw fail(line, "target \(Echo.quoted(bytes: target)) is not a finite number between -1e100 and 1e100")
            }
            values.append(v)
        }
        let usage = trimmed(record[usageColumn])
        guard let privateOne = usages.index(of: usage) else { throw fail(line, "Usage \(Echo.quoted(bytes: usage)) must be Public or Private") }
        // The row's bit gathered in a word of its own, stored once 64 rows: without a branch on
        // Public or Private, and without an array's uniqueness check a row.
        let isPublic = UInt64(1 - privateOne)
        publicWord |= isPublic << UInt64(rows & 63)
        publicCount += Int(isPublic)
        rows += 1
        if rows & 63 == 0 {
            publicBits.append(publicWord)
            publicWord = 0
        }
        _ = batch.append(id, line: line, tag: Solution.tag(isPublic: isPublic, classIndex: classBit))
        if batch.isFull {
            pipe.send(batch)
            batch = pipe.take()
            batch.removeAll()
        }
    }

    func finish(ids: IDIndex) throws -> Solution {
        guard sawHeader else { throw CSVError(file: name, line: nil, message: "is empty; expected a header \(manifest.id),\(manifest.target),Usage") }
        guard ids.count > 0 else { throw CSVError(file: name, line: nil, message: "has no rows") }
        var publicBits = publicBits
        if rows & 63 != 0 { publicBits.append(publicWord) }
        return Solution(manifest: manifest, ids: ids, classIndex: classIndex, values: values, publicBits: publicBits, publicCount: publicCount)
    }
}

/// A few constant words a field must be one of (a task's classes, `Usage`'s values), each
/// found by comparing two machine words and a length when it is short, as most are: a
/// `memcmp` a candidate cost more than the rest of a solution's row.
struct FieldTokens: Sendable {
    private let bytes: [[UInt8]]
    /// Each token's two words (see `IDKey.words`) and length; the length is -1 for a long one.
    private let short: [(lo: UInt64, hi: UInt64, count: Int)]

    init(_ tokens: [String]) {
        bytes = tokens.map { Array($0.utf8) }
        short = bytes.map { token in
            guard token.count <= IDKey.maxInline else { return (0, 0, -1) }
            let (lo, hi) = token.withUnsafeBufferPointer(IDKey.words)
            return (lo, hi, token.count)
        }
    }

    /// The position of the token `field` is, if any. Every short token is compared, and the
    /// match kept without a branch: which one matches is as random as the data (a class,
    /// Public or Private), and a branch on it was mispredicted every other row.
    @inline(__always)
    func index(of field: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = field.count
        guard n <= IDKey.maxInline else { return bytes.firstIndex { equal($0, field) } }
        let (lo, hi) = IDKey.words(field)
        let found = short.withUnsafeBufferPointer { tokens in
            var found = -1
            for i in 0..<tokens.count {
                let token = tokens[i]
                let differs = (token.lo ^ lo) | (token.hi ^ hi) | UInt64(bitPattern: Int64(token.count ^ n))
                found = differs == 0 ? i : found
            }
            return found
        }
        return found < 0 ? nil : found
    }
}

/// Byte equality of a small constant and a field.
@inline(__always)
func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in
        guard let p = a.baseAddress, let q = b.baseAddress else { return true }
        return memcmp(p, q, b.count) == 0
    }
}

/// Bit `row` of a set kept a bit a row in words (the public rows, the positive rows), as 0 or 1.
@inline(__always)
func bit(_ words: [UInt64], _ row: Int) -> Int { Int(truncatingIfNeeded: words[row >> 6] >> UInt64(row & 63) & 1) }

@inline(__always)
func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lo = 0
    var hi = field.count
    while lo < hi && (field[lo] == 32 || field[lo] == 9) { lo += 1 }
    while hi > lo && (field[hi - 1] == 32 || field[hi - 1] == 9) { hi -= 1 }
    return UnsafeBufferPointer(rebasing: field[lo..<hi])
}

/// Counting a file's lines, 16 bytes a step (`podium_count_newlines`), or estimating them.
enum LineCount {
    /// The line feeds in the first `size` bytes of a file; nil when it cannot be read.
    static func newlines(inFile path: String, size: Int) -> Int? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let capacity = min(1 << 20, max(size, 1))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        var offset = 0
        while offset < size {
            let n = pread(fd, buffer.baseAddress, min(capacity, size - offset), off_t(offset))
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }  // the file is shorter than it was
            total += newlines(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            offset += n
        }
        return total
    }

    /// About how many line feeds a file holds, from 32 samples of 32 KiB spread evenly over
    /// it (a small file's are counted); nil when it cannot be read.
    static func estimate(inFile path: String, size: Int) -> Int? {
        let sample = 32 << 10
        let samples = 32
        guard size > 4 * samples * sample else { return newlines(inFile: path, size: size) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: sample, alignment: 16)
        defer { buffer.deallocate() }
        var read = 0
        var found = 0
        for i in 0..<samples {
            var n = -1
            repeat { n = pread(fd, buffer.baseAddress, sample, off_t(i * (size - sample) / (samples - 1))) } while n < 0 && errno == EINTR
            guard n >= 0 else { return nil }
            read += n
            found += newlines(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        guard read > 0 else { return nil }
        return Int((Double(found) * Double(size) / Double(read)).rounded())
    }

    /// How many `\n` bytes `bytes` holds (a file's records are at most that many plus one).
    static func newlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return podium_count_newlines(base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }
}
