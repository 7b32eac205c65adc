import CPodiumSupport
import Foundation

/// The kinds of problem a submission file can have, each reported with a count and examples.
public enum ProblemKind: String, Codable, Sendable, CaseIterable, Comparable {
    case unreadable = "unreadable_file"
    case missingHeader = "missing_header"
    case missingColumn = "missing_column"
    case unexpectedColumn = "unexpected_column"
    case fieldCount = "wrong_field_count"
    case emptyId = "empty_id"
    case unknownId = "unknown_id"
    case duplicateId = "duplicate_id"
    case missingId = "missing_id"
    case notANumber = "not_a_number"
    case notFinite = "not_finite"
    case tooLarge = "value_too_large"
    case outOfRange = "probability_out_of_range"
    case rowSum = "row_sum_not_one"
    case unknownLabel = "unknown_label"
    case rowCount = "wrong_row_count"
    case unscorable = "unscorable"

    public var title: String {
        switch self {
        case .unreadable: "file cannot be read"
        case .missingHeader: "missing header"
        case .missingColumn: "missing column"
        case .unexpectedColumn: "unexpected column"
        case .fieldCount: "wrong number of fields"
        case .emptyId: "empty id"
        case .unknownId: "unknown id"
        case .duplicateId: "duplicate id"
        case .missingId: "missing id"
        case .notANumber: "not a number"
        case .notFinite: "NaN or infinite value"
        case .tooLarge: "value too large"
        case .outOfRange: "probability outside [0, 1]"
        case .rowSum: "probabilities not summing to 1"
        case .unknownLabel: "unknown class label"
        case .rowCount: "wrong number of rows"
        case .unscorable: "cannot be scored"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One located example of a problem.
public struct ProblemExample: Codable, Sendable, Equatable {
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }
}

public struct ProblemGroup: Codable, Sendable, Equatable {
    public var kind: ProblemKind
    public var count: Int
    public var examples: [ProblemExample]
}

/// Why a submission was refused: every problem found, grouped by kind, examples capped.
public struct SubmissionRefused: Error, LocalizedError, Codable, Sendable, Equatable {
    public var file: String
    public var groups: [ProblemGroup]

    public init(file: String, groups: [ProblemGroup]) {
        self.file = file
        self.groups = groups
    }

    /// A refusal for a single problem without a line (e.g. a metric undefined on the file).
    public init(file: String, kind: ProblemKind, message: String) {
        self.init(file: file, groups: [ProblemGroup(kind: kind, count: 1, examples: [ProblemExample(line: nil, message: message)])])
    }

    public var total: Int { groups.reduce(0) { $0 + $1.count } }

    public var errorDescription: String? {
        let kinds = groups.count == 1 ? "1 kind" : "\(groups.count) kinds"
        var lines = ["\(file) was refused: \(total) problem\(total == 1 ? "" : "s") of \(kinds)"]
        for group in groups {
            lines.append("\(group.kind.title) (\(group.count)):")
            for example in group.examples {
                let place = example.line.map { "\(file) line \($0)" } ?? file
                lines.append("  \(place): \(example.message)")
            }
            if group.count > group.examples.count {
                lines.append("  ... and \(group.count - group.examples.count) more")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Collects problems, keeping the first few examples of each kind.
struct ProblemCollector {
    static let examplesPerKind = 5
    var counts: [ProblemKind: Int] = [:]
    var examples: [ProblemKind: [ProblemExample]] = [:]

    var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ kind: ProblemKind, line: Int?, _ message: @autoclosure () -> String) {
        counts[kind, default: 0] += 1
        if counts[kind]! <= Self.examplesPerKind {
            examples[kind, default: []].append(ProblemExample(line: line, message: Echo.message(message())))
        }
    }

    func refusal(file: String) -> SubmissionRefused {
        SubmissionRefused(
            file: file,
            groups: counts.keys.sorted().map { ProblemGroup(kind: $0, count: counts[$0]!, examples: examples[$0] ?? []) })
    }
}

/// A submission's predictions, aligned with the solution's rows.
public enum Predictions: Sendable {
    case labels([Int32])
    /// Regression values, or the positive-class probability of a binary task.
    case values([Double])
    /// `classCount` probabilities per row, row-major, in the manifest's class order.
    case probabilities([Double], classCount: Int)
}

/// Where the values of a submission's rows go once checked: each solution row at most once,
/// `stride` values a row (a class index, for label submissions). Scoring either keeps them
/// aligned with the solution (`AlignedPredictions`) or folds them into what its metrics need
/// as they come (see `Scorer`), so that a ten-million-row file is never held whole.
/// A class, so that the reader's loops pass it along without copying it.
protocol PredictionSink: AnyObject {
    /// Called some rows before `accept(row:)`: a chance to prefetch what it will touch.
    func prefetch(row: Int)
    func accept(row: Int, values: UnsafePointer<Double>)
}

/// The values in the solution's row order.
final class AlignedPredictions: PredictionSink {
    let stride: Int
    let kind: SubmissionKind
    let classCount: Int
    var values: [Double]
    var labels: [Int32]

    init(solution: Solution) {
        let manifest = solution.manifest
        kind = manifest.submission
        classCount = manifest.classes.count
        stride = SubmissionReader.stride(manifest)
        values = [Double](repeating: 0, count: kind == .label ? 0 : solution.count * stride)
        labels = [Int32](repeating: 0, count: kind == .label ? solution.count : 0)
    }

    @inline(__always)
    func prefetch(row: Int) {
        if kind == .label {
            labels.withUnsafeBufferPointer { podium_prefetch_write($0.baseAddress! + row) }
        } else {
            values.withUnsafeBufferPointer { podium_prefetch_write($0.baseAddress! + row * stride) }
        }
    }

    @inline(__always)
    func accept(row: Int, values row_: UnsafePointer<Double>) {
        if kind == .label {
            labels[row] = Int32(row_[0])
        } else {
            for c in 0..<stride { values[row * stride + c] = row_[c] }
        }
    }

    var predictions: Predictions {
        switch kind {
        case .label: .labels(labels)
        case .probability where stride > 1: .probabilities(values, classCount: classCount)
        default: .values(values)
        }
    }
}

public enum SubmissionReader {
    /// Rows sum to 1 within this tolerance (probabilities written with three decimals pass).
    public static let rowSumTolerance = 1e-3

    /// Reads and checks a whole submission against the solution; throws `SubmissionRefused`
    /// listing every problem, or a `CSVError` when the file cannot be parsed at all.
    public static func read(_ url: URL, solution: Solution, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> Predictions {
        let sink = AlignedPredictions(solution: solution)
        try read(file: url.lastPathComponent, solution: solution, into: sink) { body in try CSVSource.read(url, maxBytes: maxBytes, body) }
        return sink.predictions
    }

    /// Checks CSV content already in memory; `name` names it in messages.
    public static func read(data: Data, name: String, solution: Solution) throws -> Predictions {
        let sink = AlignedPredictions(solution: solution)
        try read(file: name, solution: solution, into: sink) { body in try CSVSource.read(data: data, name: name, body) }
        return sink.predictions
    }

    /// Values a row: the class probabilities of a multiclass task, else one.
    static func stride(_ manifest: ChallengeManifest) -> Int {
        manifest.task == .multiclass && manifest.submission == .probability ? manifest.classes.count : 1
    }

    static func read<Sink: PredictionSink>(
        file: String, solution: Solution, into sink: Sink, source: ((borrowing CSVRecord) throws -> Void) throws -> Void
    ) throws {
        var scan = SubmissionScan(solution: solution, sink: sink)
        do {
            // One exclusive access to `scan` a record; inside, its methods work on it in place.
            try source { record in scan.consume(record) }
            scan.drain()
            if scan.duplicates.count > 0 {
                // Where each example was first given: looked for again, since remembering
                // the line of every row would cost 40 MB at ten million rows.
                let idColumn = scan.columnOf[0]
                var duplicates = scan.duplicates
                var header = true
                try source { record in
                    if header {
                        header = false
                        return
                    }
                    guard idColumn < record.count else { return }
                    let id = trimmed(record[idColumn])
                    if let row = solution.ids.find(id) { duplicates.noteFirst(row: row, line: record.line) }
                }
                var ids: [Int: String] = [:]
                solution.ids.forEach(where: { row in duplicates.examples.contains { $0.row == row } }) { row, id in
                    ids[row] = String(decoding: id, as: UTF8.self)
                }
                for example in duplicates.examples {
                    scan.problems.add(
                        .duplicateId, line: example.line,
                        "id \(Echo.quoted(ids[example.row] ?? "?")) was already given on line \(duplicates.firstLines[example.row].map(String.init) ?? "?")"
                    )
                }
                scan.problems.counts[.duplicateId] = duplicates.count
            }
        } catch let error as CSVError {
            scan.problems.add(.unreadable, line: error.line, error.message)
            throw scan.problems.refusal(file: file)
        }
        try scan.finish(file: file)
    }
}

/// The state of reading one submission, record by record: a struct worked on in place by its
/// mutating methods, so that the hot loop makes one exclusive access a record (to the struct)
/// instead of one per captured variable, and exclusivity checking stays on.
struct SubmissionScan<Sink: PredictionSink> {
    static var usable: UInt8 { 1 }
    /// A line with the wrong number of fields: its id counts as given.
    static var onlyMarksGiven: UInt8 { 2 }

    let solution: Solution
    let manifest: ChallengeManifest
    let sink: Sink
    let expected: [String]
    let multiclassProbabilities: Bool
    let classCount: Int
    let classBytes: [[UInt8]]
    let stride: Int
    var problems = ProblemCollector()
    /// Which rows have been given: 1.2 MB at ten million rows, so it stays in cache.
    var seen: [UInt64]
    var duplicates = DuplicateIDs()
    /// Field position of each expected column.
    var columnOf: [Int] = []
    var width = 0
    var sawHeader = false
    var stop = false
    var rows = 0
    var rowValues: [Double]
    /// Ids reach the index a few records behind the reader (see IDRing); each ring slot
    /// keeps its record's values and flags here.
    var ring = IDRing()
    var pendingValues: [Double]
    var pendingFlags: [UInt8]
    /// Then known rows wait as long again, between the prefetch of what they touch (their
    /// seen bit, the sink's data) and their use.
    var settling: RowQueue

    init(solution: Solution, sink: Sink) {
        self.solution = solution
        self.sink = sink
        manifest = solution.manifest
        expected = [manifest.id] + manifest.submissionColumns
        multiclassProbabilities = manifest.task == .multiclass && manifest.submission == .probability
        classCount = manifest.classes.count
        classBytes = manifest.classes.map { Array($0.utf8) }
        stride = SubmissionReader.stride(manifest)
        seen = [UInt64](repeating: 0, count: (solution.count + 63) / 64)
        rowValues = [Double](repeating: 0, count: max(classCount, 1))
        pendingValues = [Double](repeating: 0, count: IDRing.depth * stride)
        pendingFlags = [UInt8](repeating: 0, count: IDRing.depth)
        settling = RowQueue(stride: stride)
    }

    @inline(__always)
    mutating func consume(_ record: borrowing CSVRecord) {
        if stop { return }
        if sawHeader { row(record) } else { header(record) }
    }

    mutating func header(_ record: borrowing CSVRecord) {
        let line = record.line
        sawHeader = true
        let header = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
        width = header.count
        if record.count >= 1, solution.row(of: header[0]) != nil, !header.contains(manifest.id) {
            problems.add(.missingHeader, line: line, "the first line holds data; expected a header \(Echo.list(expected))")
            stop = true
            return
        }
        for column in expected where !header.contains(column) {
            problems.add(
                .missingColumn, line: line,
                "no column \(Echo.quoted(column)); expected the header \(Echo.list(expected)), found \(Echo.list(header))")
        }
        for column in header where !expected.contains(column) {
            problems.add(.unexpectedColumn, line: line, "column \(Echo.quoted(column)) is not expected; the header must be \(Echo.list(expected))")
        }
        var seen = Set<String>()
        for column in header where !seen.insert(column).inserted {
            problems.add(.unexpectedColumn, line: line, "column \(Echo.quoted(column)) appears twice")
        }
        if expected.contains(where: { !header.contains($0) }) { stop = true }
        columnOf = expected.map { header.firstIndex(of: $0) ?? 0 }
    }

    @inline(__always)
    mutating func row(_ record: borrowing CSVRecord) {
        let line = record.line
        let fields = record.count
        rows += 1
        guard fields == width else {
            problems.add(.fieldCount, line: line, "expected \(width) fields as in the header, found \(fields)")
            // The id still counts as given, so that one shifted column is not also
            // reported as every id missing.
            if columnOf[0] < record.count {
                let id = trimmed(record[columnOf[0]])
                if !id.isEmpty { push(id, line: line, flags: Self.onlyMarksGiven) }
            }
            return
        }
        let idField = trimmed(record[columnOf[0]])
        guard !idField.isEmpty else {
            problems.add(.emptyId, line: line, "the id is empty")
            return
        }
        if manifest.submission == .label {
            let field = trimmed(record[columnOf[1]])
            if let index = classBytes.firstIndex(where: { equal($0, field) }) {
                rowValues[0] = Double(index)
                push(idField, line: line, flags: Self.usable)
            } else {
                problems.add(
                    .unknownLabel, line: line,
                    "\(Echo.quoted(bytes: field)) is not a class; expected one of \(Echo.list(manifest.classes, separator: ", "))")
                push(idField, line: line, flags: 0)
            }
            return
        }
        var ok = true
        for c in 1..<columnOf.count {
            let field = record[columnOf[c]]
            switch NumberParser.parse(field) {
            case .number(let v):
                if manifest.submission == .probability && !(v >= 0 && v <= 1) {
                    problems.add(.outOfRange, line: line, "\(Echo.text(expected[c])) = \(v) is not a probability between 0 and 1")
                    ok = false
                }
                rowValues[c - 1] = v
            case .nonFinite:
                problems.add(
                    .notFinite, line: line, "\(Echo.text(expected[c])) is \(Echo.quoted(bytes: trimmed(field))); expected a finite number")
                ok = false
            case .tooLarge:
                problems.add(
                    .tooLarge, line: line,
                    "\(Echo.text(expected[c])) is \(Echo.quoted(bytes: trimmed(field))); expected a number between -1e100 and 1e100")
                ok = false
            case .invalid:
                problems.add(.notANumber, line: line, "\(Echo.text(expected[c])) is \(Echo.quoted(bytes: trimmed(field))); expected a number")
                ok = false
            }
        }
        if ok && multiclassProbabilities {
            var sum = 0.0
            for c in 0..<classCount { sum += rowValues[c] }
            if abs(sum - 1) > SubmissionReader.rowSumTolerance {
                problems.add(.rowSum, line: line, "the probabilities sum to \(sum); expected 1 (± \(SubmissionReader.rowSumTolerance))")
            }
        }
        push(idField, line: line, flags: ok ? Self.usable : 0)
    }

    @inline(__always)
    mutating func push(_ id: UnsafeBufferPointer<UInt8>, line: Int, flags: UInt8) {
        if ring.isFull { resolve(ring.oldest) }
        let slot = ring.push(id, line: line, in: solution.ids)
        pendingFlags[slot] = flags
        for c in 0..<stride { pendingValues[slot * stride + c] = rowValues[c] }
    }

    @inline(__always)
    mutating func resolve(_ slot: Int) {
        let ids = solution.ids
        let row = ring.withID(slot) { key, bytes in ids.find(key, bytes) } ?? -1
        let flags = pendingFlags[slot]
        guard row >= 0 else {
            if flags & Self.onlyMarksGiven == 0 {
                problems.add(.unknownId, line: ring.lines[slot], "id \(Echo.quoted(ring.string(slot))) is not in the test set")
            }
            return
        }
        seen.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + (row >> 6)) }
        if flags & Self.usable != 0 { sink.prefetch(row: row) }
        if settling.isFull { settle(settling.oldest) }
        settling.push(row: row, line: ring.lines[slot], flags: flags, values: pendingValues, at: slot * stride)
    }

    /// Marks the row given, in file order: a row given twice keeps its first values.
    @inline(__always)
    mutating func settle(_ q: Int) {
        let row = settling.rows[q]
        let flags = settling.flags[q]
        let bit: UInt64 = 1 << (row & 63)
        if seen[row >> 6] & bit != 0 {
            if flags & Self.onlyMarksGiven == 0 { duplicates.add(row: row, line: settling.lines[q]) }
            return
        }
        seen[row >> 6] |= bit
        guard flags & Self.usable != 0 else { return }
        let sink = sink
        settling.values.withUnsafeBufferPointer { sink.accept(row: row, values: $0.baseAddress! + q * stride) }
    }

    /// Resolves and settles what still waits, at the end of the file.
    mutating func drain() {
        for slot in ring.waiting { resolve(slot) }
        ring.removeAll()
        for q in settling.waiting { settle(q) }
        settling.removeAll()
    }

    /// Missing ids and the row count, then the refusal if anything was found.
    mutating func finish(file: String) throws {
        if !sawHeader {
            problems.add(.missingHeader, line: nil, "the file is empty; expected a header \(Echo.list(expected)) and one row per test id")
        }
        if !stop && sawHeader {
            let n = solution.count
            let missing = n - seen.reduce(0) { $0 + $1.nonzeroBitCount }
            var smallest: [[UInt8]] = []  // examples in byte order of the ids, never in the solution's order
            if missing > 0 {
                let seen = seen
                solution.ids.forEach(where: { seen[$0 >> 6] & (1 << ($0 & 63)) == 0 }) { _, id in
                    let limit = ProblemCollector.examplesPerKind
                    if smallest.count < limit || smallest.last.map({ id.lexicographicallyPrecedes($0) }) == true {
                        smallest.append(Array(id))
                        smallest.sort { $0.lexicographicallyPrecedes($1) }
                        if smallest.count > limit { smallest.removeLast() }
                    }
                }
            }
            for (i, id) in smallest.enumerated() {
                problems.counts[.missingId, default: 0] += i == 0 ? missing : 0
                problems.examples[.missingId, default: []].append(
                    ProblemExample(
                        line: nil, message: "id \(id.withUnsafeBufferPointer { Echo.quoted(bytes: $0) }) of the test set has no prediction"))
            }
            if rows != n {
                problems.add(.rowCount, line: nil, "expected \(n) rows (one per test id), found \(rows)")
            }
        }
        if !problems.isEmpty { throw problems.refusal(file: file) }
    }
}

/// Known rows waiting `depth` rows between the prefetch of what they will touch and their use.
struct RowQueue {
    static let depth = 16
    let stride: Int
    private(set) var rows = [Int](repeating: 0, count: depth)
    private(set) var lines = [Int](repeating: 0, count: depth)
    private(set) var flags = [UInt8](repeating: 0, count: depth)
    private(set) var values: [Double]
    private var head = 0
    private var count = 0

    init(stride: Int) {
        self.stride = stride
        values = [Double](repeating: 0, count: Self.depth * stride)
    }

    var isFull: Bool { count == Self.depth }
    /// The oldest entry's slot, which `push` reuses when the queue is full.
    var oldest: Int { (head + Self.depth - count) % Self.depth }
    var waiting: [Int] { (0..<count).map { (oldest + $0) % Self.depth } }

    @inline(__always)
    mutating func push(row: Int, line: Int, flags: UInt8, values new: [Double], at offset: Int) {
        if count < Self.depth { count += 1 }
        rows[head] = row
        lines[head] = line
        self.flags[head] = flags
        for c in 0..<stride { values[head * stride + c] = new[offset + c] }
        head = head + 1 == Self.depth ? 0 : head + 1
    }

    mutating func removeAll() { count = 0 }
}

/// Ids given more than once: how many, the first examples, and (found later) where each
/// example's id was first given.
struct DuplicateIDs {
    var count = 0
    var examples: [(row: Int, line: Int)] = []
    var firstLines: [Int: Int] = [:]

    mutating func add(row: Int, line: Int) {
        count += 1
        if examples.count < ProblemCollector.examplesPerKind { examples.append((row, line)) }
    }

    mutating func noteFirst(row: Int, line: Int) {
        if firstLines[row] == nil, examples.contains(where: { $0.row == row }) { firstLines[row] = line }
    }
}
