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
        case .outOfRange: "probability outside [0, 1]"
        case .rowSum: "probabilities not summing to 1"
        case .unknownLabel: "unknown class label"
        case .rowCount: "wrong number of rows"
        case .unscorable: "cannot be scored"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
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
            examples[kind, default: []].append(ProblemExample(line: line, message: message()))
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

public enum SubmissionReader {
    /// Rows sum to 1 within this tolerance (probabilities written with three decimals pass).
    public static let rowSumTolerance = 1e-3

    /// Reads and checks a whole submission against the solution; throws `SubmissionRefused`
    /// listing every problem, or a `CSVError` when the file cannot be parsed at all.
    public static func read(_ url: URL, solution: Solution, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> Predictions {
        try read(file: url.lastPathComponent, solution: solution) { body in try CSVSource.read(url, maxBytes: maxBytes, body) }
    }

    /// Checks CSV content already in memory; `name` names it in messages.
    public static func read(data: Data, name: String, solution: Solution) throws -> Predictions {
        try read(file: name, solution: solution) { body in try CSVSource.read(data: data, name: name, body) }
    }

    static func read(file: String, solution: Solution, source: ((borrowing CSVRecord) throws -> Void) throws -> Void) throws -> Predictions {
        let manifest = solution.manifest
        let n = solution.count
        let expected = [manifest.id] + manifest.submissionColumns
        let multiclassProbabilities = manifest.task == .multiclass && manifest.submission == .probability
        let k = manifest.classes.count
        let classBytes = manifest.classes.map { Array($0.utf8) }
        var problems = ProblemCollector()
        var firstLine = [Int32](repeating: 0, count: n)
        var values = [Double](repeating: 0, count: multiclassProbabilities ? n * k : (manifest.submission == .label ? 0 : n))
        var labels = [Int32](repeating: 0, count: manifest.submission == .label ? n : 0)
        var columnOf: [Int] = []  // field position of each expected column
        var width = 0
        var sawHeader = false
        var stop = false
        var rows = 0
        var rowValues = [Double](repeating: 0, count: max(k, 1))
        // Records wait in a batch so that their ids are looked up together.
        var pending = PendingRows()
        func resolve() {
            let rows = solution.ids.find(batch: pending.batch)
            var sink: Int32 = 0
            for row in rows where row >= 0 { sink &+= firstLine[Int(row)] }  // overlap the misses
            blackHole(sink)
            for i in 0..<rows.count {
                let row = Int(rows[i])
                let line = pending.batch.lines[i]
                if pending.skip[i] {
                    if row >= 0 && firstLine[row] == 0 { firstLine[row] = Int32(clamping: line) }
                    continue
                }
                guard row >= 0 else {
                    problems.add(.unknownId, line: line, "id \"\(pending.batch.string(i))\" is not in the test set")
                    continue
                }
                if firstLine[row] != 0 {
                    problems.add(.duplicateId, line: line, "id \"\(pending.batch.string(i))\" was already given on line \(firstLine[row])")
                } else {
                    firstLine[row] = Int32(clamping: line)
                }
                guard pending.usable[i] else { continue }
                let width = pending.starts[i + 1] - pending.starts[i]
                let first = pending.starts[i]
                if manifest.submission == .label {
                    labels[row] = Int32(pending.values[first])
                } else {
                    for c in 0..<width { values[row * width + c] = pending.values[first + c] }
                }
            }
            pending.removeAll()
        }

        do {
            try source { record in
                if stop { return }
                let line = record.line
                guard sawHeader else {
                    sawHeader = true
                    let header = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
                    width = header.count
                    if record.count >= 1, solution.row(of: header[0]) != nil, !header.contains(manifest.id) {
                        problems.add(.missingHeader, line: line, "the first line holds data; expected a header \(expected.joined(separator: ","))")
                        stop = true
                        return
                    }
                    for column in expected where !header.contains(column) {
                        problems.add(
                            .missingColumn, line: line,
                            "no column \"\(column)\"; expected the header \(expected.joined(separator: ",")), found \(header.joined(separator: ","))")
                    }
                    for column in header where !expected.contains(column) {
                        problems.add(
                            .unexpectedColumn, line: line,
                            "column \"\(column)\" is not expected; the header must be \(expected.joined(separator: ","))")
                    }
                    var seen = Set<String>()
                    for column in header where !seen.insert(column).inserted {
                        problems.add(.unexpectedColumn, line: line, "column \"\(column)\" appears twice")
                    }
                    if expected.contains(where: { !header.contains($0) }) { stop = true }
                    columnOf = expected.map { header.firstIndex(of: $0) ?? 0 }
                    return
                }
                rows += 1
                guard record.count == width else {
                    problems.add(.fieldCount, line: line, "expected \(width) fields as in the header, found \(record.count)")
                    // The id still counts as given, so that one shifted column is not also
                    // reported as every id missing.
                    if columnOf[0] < record.count { pending.add(trimmed(record[columnOf[0]]), line: line, usable: false, skip: true, values: []) }
                    if pending.batch.count == 1024 { resolve() }
                    return
                }
                let idField = trimmed(record[columnOf[0]])
                guard !idField.isEmpty else {
                    problems.add(.emptyId, line: line, "the id is empty")
                    return
                }
                if manifest.submission == .label {
                    let field = trimmed(record[columnOf[1]])
                    if let index = classBytes.firstIndex(where: { $0.elementsEqual(field) }) {
                        rowValues[0] = Double(index)
                        pending.add(idField, line: line, usable: true, skip: false, values: rowValues[0..<1])
                    } else {
                        problems.add(
                            .unknownLabel, line: line,
                            "\"\(String(decoding: field, as: UTF8.self))\" is not a class; expected one of \(manifest.classes.joined(separator: ", "))"
                        )
                        pending.add(idField, line: line, usable: false, skip: false, values: [])
                    }
                    if pending.batch.count == 1024 { resolve() }
                    return
                }
                var ok = true
                for c in 1..<columnOf.count {
                    let field = record[columnOf[c]]
                    switch NumberParser.parse(field) {
                    case .number(let v):
                        if manifest.submission == .probability && !(v >= 0 && v <= 1) {
                            problems.add(.outOfRange, line: line, "\(expected[c]) = \(v) is not a probability between 0 and 1")
                            ok = false
                        }
                        rowValues[c - 1] = v
                    case .nonFinite:
                        problems.add(
                            .notFinite, line: line,
                            "\(expected[c]) is \"\(String(decoding: trimmed(field), as: UTF8.self))\"; expected a finite number")
                        ok = false
                    case .invalid:
                        problems.add(
                            .notANumber, line: line, "\(expected[c]) is \"\(String(decoding: trimmed(field), as: UTF8.self))\"; expected a number")
                        ok = false
                    }
                }
                if ok && multiclassProbabilities {
                    var sum = 0.0
                    for c in 0..<k { sum += rowValues[c] }
                    if abs(sum - 1) > rowSumTolerance {
                        problems.add(.rowSum, line: line, "the probabilities sum to \(sum); expected 1 (± \(rowSumTolerance))")
                    }
                }
                pending.add(idField, line: line, usable: ok, skip: false, values: rowValues[0..<(columnOf.count - 1)])
                if pending.batch.count == 1024 { resolve() }
            }
            resolve()
        } catch let error as CSVError {
            problems.add(.unreadable, line: error.line, error.message)
            throw problems.refusal(file: file)
        }
        if !sawHeader {
            problems.add(.missingHeader, line: nil, "the file is empty; expected a header \(expected.joined(separator: ",")) and one row per test id")
        }
        if !stop && sawHeader {
            var missing = 0
            var smallest: [String] = []  // examples in id order, never in the solution's order
            for row in 0..<n where firstLine[row] == 0 {
                missing += 1
                let id = solution.id(row)
                if smallest.count < ProblemCollector.examplesPerKind || id < smallest.last! {
                    smallest.append(id)
                    smallest.sort()
                    if smallest.count > ProblemCollector.examplesPerKind { smallest.removeLast() }
                }
            }
            for (i, id) in smallest.enumerated() {
                problems.counts[.missingId, default: 0] += i == 0 ? missing : 0
                problems.examples[.missingId, default: []].append(
                    ProblemExample(line: nil, message: "id \"\(id)\" of the test set has no prediction"))
            }
            if rows != n {
                problems.add(.rowCount, line: nil, "expected \(n) rows (one per test id), found \(rows)")
            }
        }
        if !problems.isEmpty { throw problems.refusal(file: file) }
        switch manifest.submission {
        case .label: return .labels(labels)
        case .probability where multiclassProbabilities: return .probabilities(values, classCount: k)
        default: return .values(values)
        }
    }
}

/// Submission rows waiting for their ids to be looked up.
struct PendingRows {
    var batch = IDBatch()
    var usable: [Bool] = []
    var skip: [Bool] = []
    var values: [Double] = []
    var starts: [Int] = [0]

    mutating func add(_ id: UnsafeBufferPointer<UInt8>, line: Int, usable: Bool, skip: Bool, values row: ArraySlice<Double>) {
        batch.append(id, line: line)
        self.usable.append(usable)
        self.skip.append(skip)
        values.append(contentsOf: row)
        starts.append(values.count)
    }

    mutating func removeAll() {
        batch.removeAll()
        usable.removeAll(keepingCapacity: true)
        skip.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
    }
}
