import CPodiumSupport
import Foundation

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

    /// Parses on the calling thread (`SubmissionParse`: fields, numbers, every per-row check)
    /// while a worker matches the ids against the solution (`SubmissionMatch`: unknown and
    /// repeated ids, the values into the sink), batch by batch through a `BatchPipe`. The two
    /// find different kinds of problem, each in file order, so the report is the one a single
    /// thread would write.
    static func read<Sink: PredictionSink>(
        file: String, solution: Solution, into sink: Sink, source: ((borrowing CSVRecord) throws -> Void) throws -> Void
    ) throws {
        let match = SubmissionMatch(solution: solution, sink: sink)
        let stride = Self.stride(solution.manifest)
        let pipe = BatchPipe(batches: (0..<3).map { _ in SubmissionBatch(stride: stride) }) { batch in match.consume(batch) }
        var scan = SubmissionParse(solution: solution, pipe: pipe)
        var unreadable: CSVError?
        do {
            // One exclusive access to `scan` a record; inside, its methods work on it in place.
            try source { record in scan.consume(record) }
        } catch let error as CSVError {
            unreadable = error
        } catch {
            pipe.finish(nil)
            throw error
        }
        pipe.finish(scan.batch.isEmpty ? nil : scan.batch)
        var problems = scan.problems
        problems.merge(match.problems)
        if let unreadable {
            problems.add(.unreadable, line: unreadable.line, unreadable.message)
            throw problems.refusal(file: file)
        }
        if match.duplicates.count > 0 {
            // Where each example was first given: looked for again, since remembering
            // the line of every row would cost 40 MB at ten million rows.
            let idColumn = scan.columnOf[0]
            var duplicates = match.duplicates
            var header = true
            do {
                try source { record in
                    if header {
                        header = false
                        return
                    }
                    guard idColumn < record.count else { return }
                    let id = trimmed(record[idColumn])
                    if let row = solution.ids.find(id) { duplicates.noteFirst(row: row, line: record.line) }
                }
            } catch let error as CSVError {
                problems.add(.unreadable, line: error.line, error.message)
                throw problems.refusal(file: file)
            }
            var ids: [Int: String] = [:]
            solution.ids.forEach(
                where: { row in duplicates.examples.contains { $0.row == row } },
                { row, id in ids[row] = String(decoding: id, as: UTF8.self) })
            for example in duplicates.examples {
                problems.add(
                    .duplicateId, line: example.line,
                    "id \(Echo.quoted(ids[example.row] ?? "?")) was already given on line \(duplicates.firstLines[example.row].map(String.init) ?? "?")"
                )
            }
            problems.counts[.duplicateId] = duplicates.count
        }
        // The first unknown ids in file order, read again: only a refused file pays for it.
        let idColumn = scan.columnOf.first ?? 0
        func unknownIds() -> [String] {
            var found: [String] = []
            var header = true
            try? source { record in
                if header {
                    header = false
                    return
                }
                guard found.count < IDFormat.sampleSize, idColumn < record.count else { return }
                let id = trimmed(record[idColumn])
                if !id.isEmpty && solution.ids.find(id) == nil { found.append(String(decoding: id, as: UTF8.self)) }
            }
            return found
        }
        try finish(file: file, solution: solution, parsed: scan, seen: match.seen, problems: &problems, unknownIds: unknownIds)
    }

    /// Ids in another format, missing ids and the row count, then the refusal if anything was
    /// found.
    static func finish(
        file: String, solution: Solution, parsed: SubmissionParse, seen: [UInt64], problems: inout ProblemCollector,
        unknownIds: () -> [String] = { [] }
    ) throws {
        if !parsed.sawHeader {
            problems.add(
                .missingHeader, line: nil, "the file is empty; expected a header \(Echo.list(parsed.expected)) and one row per test id")
        }
        if !parsed.stop && parsed.sawHeader {
            let n = solution.count
            var missing = n - seen.reduce(0) { $0 + $1.nonzeroBitCount }
            var seen = seen
            if missing > 0, let unknown = problems.counts[.unknownId], unknown > 0,
                let diagnosis = IDFormat.diagnose(unknown: unknownIds(), unknownCount: unknown, solution: solution, seen: seen)
            {
                // One problem that says why, in place of a line per unknown and missing id.
                problems.counts[.idFormat] = 1
                problems.examples[.idFormat] = [ProblemExample(line: nil, message: diagnosis.message)]
                if diagnosis.explainsAll {
                    problems.counts[.unknownId] = nil
                    problems.examples[.unknownId] = nil
                    missing = max(0, missing - unknown)
                    for row in diagnosis.rows { seen[row >> 6] |= 1 << (row & 63) }
                }
            }
            var smallest: [[UInt8]] = []  // examples in byte order of the ids, never in the solution's order
            if missing > 0 {
                let limit = ProblemCollector.examplesPerKind
                func keepIfSmallest(_ row: Int, _ id: UnsafeBufferPointer<UInt8>) {
                    if smallest.count < limit || smallest.last.map({ id.lexicographicallyPrecedes($0) }) == true {
                        smallest.append(Array(id))
                        smallest.sort { $0.lexicographicallyPrecedes($1) }
                        if smallest.count > limit { smallest.removeLast() }
                    }
                }
                solution.ids.forEach(where: { seen[$0 >> 6] & (1 << ($0 & 63)) == 0 }, keepIfSmallest)
            }
            for (i, id) in smallest.enumerated() {
                problems.counts[.missingId, default: 0] += i == 0 ? missing : 0
                problems.examples[.missingId, default: []].append(
                    ProblemExample(
                        line: nil, message: "id \(id.withUnsafeBufferPointer { Echo.quoted(bytes: $0) }) of the test set has no prediction"))
            }
            if parsed.rows != n {
                problems.add(.rowCount, line: nil, "expected \(n) rows (one per test id), found \(parsed.rows)")
            }
        }
        if !problems.isEmpty { throw problems.refusal(file: file) }
    }
}

/// Records of a submission on their way to the matching worker: ids, lines, and each row's
/// flags and values.
final class SubmissionBatch {
    static var usable: UInt8 { 1 }
    /// A line with the wrong number of fields: its id counts as given.
    static var onlyMarksGiven: UInt8 { 2 }

    let ids = IDBatch()
    /// `ids`, for the parser's append a row: a call on `ids` itself retained and released it
    /// (two atomic operations a row, 3% of the parser thread's samples); this reference is
    /// used without counting, for as long as the batch, which holds `ids`, lives.
    let unretainedIDs: Unmanaged<IDBatch>
    let stride: Int
    let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: IDBatch.capacity)
    let values: UnsafeMutablePointer<Double>
    /// Each entry's solution row and tag (an `IDEntry`, negative if unknown), filled by the worker.
    let rows = UnsafeMutablePointer<Int>.allocate(capacity: IDBatch.capacity)

    init(stride: Int) {
        self.stride = stride
        unretainedIDs = .passUnretained(ids)
        values = .allocate(capacity: IDBatch.capacity * stride)
    }

    deinit {
        flags.deallocate()
        values.deallocate()
        rows.deallocate()
    }

    var count: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }
    var isFull: Bool { ids.isFull }
}

/// The parsing half of reading one submission, record by record: the header, every field's
/// checks, and each row's id and values into the batch. A struct worked on in place by its
/// mutating methods, so that the hot loop makes one exclusive access a record (to the struct)
/// instead of one per captured variable, and exclusivity checking stays on.
struct SubmissionParse {
    let solution: Solution
    let manifest: ChallengeManifest
    let pipe: BatchPipe<SubmissionBatch>
    var batch: SubmissionBatch
    let expected: [String]
    let multiclassProbabilities: Bool
    /// Predictions must be above this (rmsle takes log(1 + value)); -infinity when no metric asks.
    let valueFloor: Double
    let classCount: Int
    let classes: FieldTokens
    let stride: Int
    var problems = ProblemCollector()
    /// Field position of each expected column.
    var columnOf: [Int] = []
    var width = 0
    var sawHeader = false
    var stop = false
    var rows = 0
    var rowValues: [Double]

    init(solution: Solution, pipe: BatchPipe<SubmissionBatch>) {
        self.solution = solution
        self.pipe = pipe
        batch = pipe.take()
        manifest = solution.manifest
        expected = [manifest.id] + manifest.submissionColumns
        multiclassProbabilities = manifest.task == .multiclass && manifest.submission == .probability
        valueFloor = manifest.submission == .value && manifest.allMetrics.contains(.rmsle) ? -1 : -.infinity
        classCount = manifest.classes.count
        classes = FieldTokens(manifest.classes)
        stride = SubmissionReader.stride(manifest)
        rowValues = [Double](repeating: 0, count: max(classCount, 1))
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
        // Another delimiter than the comma (a spreadsheet set to French writes ";" and decimal
        // commas; a copy from a spreadsheet, tabs): one problem that says so and how to export.
        if expected.count > 1, header.count == 1,
            let (name, character) = [("semicolons (;)", ";"), ("tabs", "\t")].first(where: { _, c in
                header[0].split(separator: Character(c)).map { $0.trimmingCharacters(in: .whitespaces) }.contains(manifest.id)
            })
        {
            let french =
                character == ";" ? " (a spreadsheet set to French saves CSV that way, with decimal commas in its numbers)" : ""
            problems.add(
                .missingColumn, line: line,
                "the columns are separated by \(name), not commas\(french); expected the header \(expected.joined(separator: ",")). "
                    + "Export a comma-separated file with points for decimals: in LibreOffice, Save As → Text CSV, field delimiter \",\"; "
                    + "in Excel, CSV UTF-8 (comma delimited) with the decimal separator set to \".\"; "
                    + "in pandas, df.to_csv(\"predictions.csv\", index=False)")
            stop = true
            return
        }
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
                if !id.isEmpty { push(id, line: line, flags: SubmissionBatch.onlyMarksGiven) }
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
            if let index = classes.index(of: field) {
                rowValues[0] = Double(index)
                push(idField, line: line, flags: SubmissionBatch.usable)
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
                } else if v <= valueFloor {
                    // Checked on every row, with its line: a metric undefined on a part only
                    // would tell which rows are in it.
                    problems.add(
                        .outOfDomain, line: line, "\(Echo.text(expected[c])) = \(v); expected a value above -1 (rmsle takes log(1 + value))")
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
        push(idField, line: line, flags: ok ? SubmissionBatch.usable : 0)
    }

    @inline(__always)
    mutating func push(_ id: UnsafeBufferPointer<UInt8>, line: Int, flags: UInt8) {
        let i = batch.unretainedIDs._withUnsafeGuaranteedRef { $0.append(id, line: line) }
        batch.flags[i] = flags
        for c in 0..<stride { batch.values[i * stride + c] = rowValues[c] }
        if batch.isFull {
            pipe.send(batch)
            batch = pipe.take()
            batch.ids.removeAll()
        }
    }
}

/// The matching half of reading one submission, on the pipe's worker: each batch's ids
/// looked up in the solution's index (their cache lines asked for a few entries ahead, so
/// that the misses overlap), then each known row marked given, in file order, its values
/// handed to the sink (a row given twice keeps its first values).
final class SubmissionMatch<Sink: PredictionSink> {
    let ids: IDIndex
    let sink: Sink
    var problems = ProblemCollector()
    /// Which rows have been given: 1.2 MB at ten million rows, so it stays in cache.
    var seen: [UInt64]
    var duplicates = DuplicateIDs()

    init(solution: Solution, sink: Sink) {
        ids = solution.ids
        self.sink = sink
        seen = [UInt64](repeating: 0, count: (solution.count + 63) / 64)
    }

    func consume(_ batch: SubmissionBatch) {
        let ids = self.ids  // a local for the batch: each use of the property retained its buffers
        let n = batch.count
        let d = IDBatch.prefetchDistance
        let keys = batch.ids.keys
        let rows = batch.rows
        for i in 0..<min(d, n) { ids.prefetch(keys[i]) }
        for i in 0..<n {
            if i + d < n { ids.prefetch(keys[i + d]) }
            rows[i] = batch.ids.withID(i) { key, bytes in ids.entry(key, bytes) }.raw
        }
        let stride = batch.stride
        let sink = sink
        seen.withUnsafeMutableBufferPointer { seen in
            func prefetch(_ i: Int) {
                let entry = IDEntry(raw: rows[i])
                guard entry.found else { return }
                podium_prefetch(seen.baseAddress! + (entry.row >> 6))
                if batch.flags[i] & SubmissionBatch.usable != 0 { sink.prefetch(row: entry.row) }
            }
            for i in 0..<min(d, n) { prefetch(i) }
            for i in 0..<n {
                if i + d < n { prefetch(i + d) }
                let entry = IDEntry(raw: rows[i])
                let row = entry.row
                let flags = batch.flags[i]
                guard entry.found else {
                    if flags & SubmissionBatch.onlyMarksGiven == 0 {
                        problems.add(.unknownId, line: batch.ids.lines[i], "id \(Echo.quoted(batch.ids.string(i))) is not in the test set")
                    }
                    continue
                }
                let bit: UInt64 = 1 << (row & 63)
                if seen[row >> 6] & bit != 0 {
                    if flags & SubmissionBatch.onlyMarksGiven == 0 { duplicates.add(row: row, line: batch.ids.lines[i]) }
                    continue
                }
                seen[row >> 6] |= bit
                guard flags & SubmissionBatch.usable != 0 else { continue }
                sink.accept(row: row, tag: entry.tag, values: batch.values + i * stride)
            }
        }
    }
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
