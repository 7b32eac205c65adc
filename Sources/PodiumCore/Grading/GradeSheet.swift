import Foundation

/// What a team is to its challenge: participants submit and are ranked; the authors (the
/// binôme that prepared the challenge, a TER of its own) hand in their preparation report and
/// are marked on it, but neither submit nor rank.
public enum TeamRole: String, Codable, Sendable, CaseIterable {
    case participant
    case author
}

public struct Student: Codable, Sendable, Equatable {
    public var studentId: String
    public var name: String
    public var email: String
    public var team: String
    public var role: TeamRole

    public init(studentId: String, name: String, email: String, team: String, role: TeamRole = .participant) {
        self.studentId = studentId
        self.name = name
        self.email = email
        self.team = team
        self.role = role
    }
}

/// Other marks merged into the TER grade (e.g. the report's), with their weight.
public struct MarkSheet: Sendable {
    public var name: String
    public var weight: Double
    public var marks: [String: Double]
    /// The file the marks were read from, and each student's line in it (empty when the marks
    /// come from the store).
    public var file: String?
    public var lines: [String: Int]

    public init(name: String, weight: Double, marks: [String: Double], file: String? = nil, lines: [String: Int] = [:]) {
        self.name = name
        self.weight = weight
        self.marks = marks
        self.file = file
        self.lines = lines
    }

    /// A warning when some marks are of students not in `studentIds` (a sheet's rows): a
    /// mistyped id leaves a student without a mark and the mark unused, which the sheet
    /// alone would not show. The first few are named with their lines.
    public func unused(by studentIds: Set<String>) -> String? {
        let unused = marks.keys.filter { !studentIds.contains($0) }.sorted { (lines[$0] ?? 0, $0) < (lines[$1] ?? 0, $1) }
        guard let file, !unused.isEmpty else { return nil }
        let shown = unused.prefix(5).map { id in lines[id].map { "\(Echo.quoted(id)) (line \($0))" } ?? Echo.quoted(id) }
        let more = unused.count > shown.count ? " and \(unused.count - shown.count) more" : ""
        let count = unused.count == 1 ? "1 mark is" : "\(unused.count) marks are"
        return "\(file): \(count) of students not in this sheet, not used here: \(shown.joined(separator: ", "))\(more)"
    }

    /// Reads `student_id,<mark>`: the mark is the column named like the sheet, or `mark`,
    /// `grade`, or else the second column. Marks use `.` or `,` as decimal separator.
    public static func load(name: String, weight: Double, from url: URL, scale: Double) throws -> MarkSheet {
        let table = try CSVTable.read(url)
        let file = url.lastPathComponent
        guard let idColumn = table.column(loosely: "student_id") else {
            throw CSVError(file: file, line: 1, message: "no student_id column; expected student_id,\(name)")
        }
        guard
            let markColumn = table.column(loosely: name) ?? table.column(loosely: "mark") ?? table.column(loosely: "grade")
                ?? (table.header.count > 1 ? (idColumn == 0 ? 1 : 0) : nil)
        else {
            throw CSVError(file: file, line: 1, message: "no mark column; expected student_id,\(name)")
        }
        var marks: [String: Double] = [:]
        var lines: [String: Int] = [:]
        for (i, row) in table.rows.enumerated() {
            let text = row[markColumn].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            if text.isEmpty { continue }
            guard case .number(let v) = NumberParser.parse(text), v >= 0, v <= scale else {
                throw CSVError(
                    file: file, line: table.lines[i],
                    message: "mark \(Echo.quoted(row[markColumn])) is not a number between 0 and \(Formats.number(scale))")
            }
            // Trimmed as the roster trims its ids: a spreadsheet's padded cell is the same student.
            let student = row[idColumn].trimmingCharacters(in: .whitespaces)
            guard !student.isEmpty else { throw CSVError(file: file, line: table.lines[i], message: "student_id is empty") }
            if let first = lines[student] {
                throw CSVError(
                    file: file, line: table.lines[i], message: "student \(Echo.quoted(student)) has two marks (the first on line \(first))")
            }
            marks[student] = v
            lines[student] = table.lines[i]
        }
        return MarkSheet(name: name, weight: weight, marks: marks, file: file, lines: lines)
    }
}

public struct GradeRow: Codable, Sendable, Equatable {
    public var studentId: String
    public var name: String
    public var email: String
    public var team: String
    public var score: Double?
    public var rank: Int?
    public var challengeGrade: Double
    /// The grade interval over the private board's bootstrap resamples (the grade itself
    /// when there are none).
    public var gradeLow: Double
    public var gradeHigh: Double
    public var marks: [String: Double]
    public var terGrade: Double?
    public var notes: [String]
}

public struct GradeSheet: Codable, Sendable, Equatable {
    public var challenge: String
    public var metric: Metric
    public var policy: GradingPolicy
    public var scale: Double
    public var markNames: [String]
    public var rows: [GradeRow]
    /// `grading.uncertainty`: whether the challenge grade is the mean over the resamples.
    public var uncertainty: GradeUncertainty
    /// Resamples behind the grade intervals (nil: none, each interval is the grade itself).
    public var resamples: Int?
    /// The confidence of the grade intervals (the board's).
    public var confidence: Double?
}
