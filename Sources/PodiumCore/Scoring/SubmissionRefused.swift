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
    case idFormat = "id_format"
    case unknownId = "unknown_id"
    case duplicateId = "duplicate_id"
    case missingId = "missing_id"
    case notANumber = "not_a_number"
    case notFinite = "not_finite"
    case tooLarge = "value_too_large"
    case outOfRange = "probability_out_of_range"
    case outOfDomain = "value_out_of_domain"
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
        case .idFormat: "ids written in another format"
        case .unknownId: "unknown id"
        case .duplicateId: "duplicate id"
        case .missingId: "missing id"
        case .notANumber: "not a number"
        case .notFinite: "NaN or infinite value"
        case .tooLarge: "value too large"
        case .outOfRange: "probability outside [0, 1]"
        case .outOfDomain: "value outside the metric's domain"
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

    /// Adds what another collector found: kinds the two share keep this one's examples first.
    mutating func merge(_ other: ProblemCollector) {
        for (kind, count) in other.counts {
            counts[kind, default: 0] += count
            let room = Self.examplesPerKind - (examples[kind]?.count ?? 0)
            if room > 0, let more = other.examples[kind] { examples[kind, default: []].append(contentsOf: more.prefix(room)) }
        }
    }

    func refusal(file: String) -> SubmissionRefused {
        SubmissionRefused(
            file: file,
            groups: counts.keys.sorted().map { ProblemGroup(kind: $0, count: counts[$0]!, examples: examples[$0] ?? []) })
    }
}
