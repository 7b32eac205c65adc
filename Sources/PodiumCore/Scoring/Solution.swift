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
    public func isPublic(_ row: Int) -> Bool { publicBits[row >> 6] & (1 << (row & 63)) != 0 }

    @inline(__always)
    func prefetchPublicBit(_ row: Int) {
        publicBits.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + (row >> 6)) }
    }

    /// Class index of each row (classification).
    public var labels: [Int32] { classIndex.map { Int32($0) } }

    /// Reads `reference/solution.csv`: the id column, the target column and `Usage`.
    public static func load(_ url: URL, manifest: ChallengeManifest, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> Solution {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        var expected = bytes / 20
        // A plain file's lines are counted first (a read at the page cache's speed, which
        // the parse then finds warm): the index is sized for them exactly, where a guess from
        // the first lines left 5% of it unused (10 MB at ten million rows), or grew it twice
        // over when later lines were shorter. A compressed file's size says little of its
        // rows: the index grows as it fills.
        if FileKind(fileName: url.lastPathComponent) == .csv, bytes <= maxBytes {
            var lines = 0
            // No line feed at all (old Mac line ends): the guess from the size.
            if (try? CSVSource.chunks(url, maxBytes: maxBytes, { lines += LineCount.newlines($0) })) != nil, lines > 0 { expected = lines + 1 }
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
        let n = batch.count
        let d = IDBatch.prefetchDistance
        for i in 0..<min(d, n) { ids.prefetch(batch.keys[i]) }
        for i in 0..<n {
            if i + d < n { ids.prefetch(batch.keys[i + d]) }
            if batch.withID(i, { key, bytes in ids.insert(key, bytes) }) != nil {
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
    let classBytes: [[UInt8]]
    let pipe: BatchPipe<IDBatch>
    var batch: IDBatch
    var classIndex: [UInt16] = []
    var values: [Double] = []
    var publicBits: [UInt64] = []
    var rows = 0
    var publicCount = 0
    var idColumn = -1
    var targetColumn = -1
    var usageColumn = -1
    var width = 0
    var sawHeader = false
    static let publicBytes = Array("Public".utf8)
    static let privateBytes = Array("Private".utf8)

    init(name: String, manifest: ChallengeManifest, expectedRows expected: Int, pipe: BatchPipe<IDBatch>) {
        self.name = name
        self.manifest = manifest
        self.pipe = pipe
        batch = pipe.take()
        classification = manifest.task.isClassification
        classBytes = manifest.classes.map { Array($0.utf8) }
        if classification { classIndex.reserveHugeCapacity(expected) } else { values.reserveHugeCapacity(expected) }
        publicBits.reserveCapacity(expected / 64 + 1)
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
        if classification {
            guard let index = classBytes.firstIndex(where: { equal($0, target) }) else {
                throw fail(line, "target \(Echo.quoted(bytes: target)) is not one of the classes \(Echo.list(manifest.classes, separator: ", "))")
            }
            classIndex.append(UInt16(index))
        } else {
            guard case .number(let v) = NumberParser.parse(target) else {
                throw fail(line, "target \(Echo.quoted(bytes: target)) is not a finite number between -1e100 and 1e100")
            }
            values.append(v)
        }
        let usage = trimmed(record[usageColumn])
        if rows & 63 == 0 { publicBits.append(0) }
        if equal(Self.publicBytes, usage) {
            publicBits[rows >> 6] |= 1 << (rows & 63)
            publicCount += 1
        } else if !equal(Self.privateBytes, usage) {
            throw fail(line, "Usage \(Echo.quoted(bytes: usage)) must be Public or Private")
        }
        rows += 1
        _ = batch.append(id, line: line)
        if batch.isFull {
            pipe.send(batch)
            batch = pipe.take()
            batch.removeAll()
        }
    }

    func finish(ids: IDIndex) throws -> Solution {
        guard sawHeader else { throw CSVError(file: name, line: nil, message: "is empty; expected a header \(manifest.id),\(manifest.target),Usage") }
        guard ids.count > 0 else { throw CSVError(file: name, line: nil, message: "has no rows") }
        return Solution(manifest: manifest, ids: ids, classIndex: classIndex, values: values, publicBits: publicBits, publicCount: publicCount)
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

@inline(__always)
func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lo = 0
    var hi = field.count
    while lo < hi && (field[lo] == 32 || field[lo] == 9) { lo += 1 }
    while hi > lo && (field[hi - 1] == 32 || field[hi - 1] == 9) { hi -= 1 }
    return UnsafeBufferPointer(rebasing: field[lo..<hi])
}

/// Counting a file's lines, 8 bytes a step.
enum LineCount {
    /// How many `\n` bytes `bytes` holds (a file's records are at most that many plus one).
    static func newlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        let n = bytes.count
        var count = 0
        var i = 0
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let newline: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while i + 8 <= n {
            // A byte of t is zero where the byte is '\n'; y has its high bit set exactly there.
            let t = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ newline
            let y = ~(((t & lows) &+ lows) | t | lows)
            count += y.nonzeroBitCount
            i += 8
        }
        while i < n {
            if bytes[i] == 10 { count += 1 }
            i += 1
        }
        return count
    }
}
