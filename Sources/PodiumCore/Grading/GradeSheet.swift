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

    public init(name: String, weight: Double, marks: [String: Double]) {
        self.name = name
        self.weight = weight
        self.marks = marks
    }

    /// Reads `student_id,<mark>`: the mark is the column named like the sheet, or `mark`,
    /// `grade`, or else the second column. Marks use `.` or `,` as decimal separator.
    public static func load(name: String, weight: Double, from url: URL, scale: Double) throws -> MarkSheet {
        let table = try CSVTable.read(url)
        let file = url.lastPathComponent
        guard let idColumn = table.column("student_id") else {
            throw CSVError(file: file, line: 1, message: "no student_id column; expected student_id,\(name)")
        }
        guard
            let markColumn = table.column(name) ?? table.column("mark") ?? table.column("grade")
                ?? (table.header.count > 1 ? (idColumn == 0 ? 1 : 0) : nil)
        else {
            throw CSVError(file: file, line: 1, message: "no mark column; expected student_id,\(name)")
        }
        var marks: [String: Double] = [:]
        for (i, row) in table.rows.enumerated() {
            let text = row[markColumn].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            if text.isEmpty { continue }
            guard case .number(let v) = NumberParser.parse(text), v >= 0, v <= scale else {
                throw CSVError(
                    file: file, line: table.lines[i], message: "mark \(Echo.quoted(row[markColumn])) is not a number between 0 and \(scale)")
            }
            if marks[row[idColumn]] != nil {
                throw CSVError(file: file, line: table.lines[i], message: "student \(Echo.quoted(row[idColumn])) has two marks")
            }
            marks[row[idColumn]] = v
        }
        return MarkSheet(name: name, weight: weight, marks: marks)
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
