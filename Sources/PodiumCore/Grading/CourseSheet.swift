import Foundation

/// One row of the course's sheet: a student in one challenge.
public struct CourseRow: Codable, Sendable, Equatable {
    public var studentId: String
    public var name: String
    public var email: String
    /// Empty for a student found only in the other marks ("no challenge").
    public var challenge: String
    public var team: String
    /// A participant (graded on the board and the marks) or an author (on the marks alone).
    public var role: TeamRole
    public var score: Double?
    public var rank: Int?
    public var challengeGrade: Double?
    public var gradeLow: Double?
    public var gradeHigh: Double?
    public var marks: [String: Double]
    public var terGrade: Double?
    public var notes: [String]
}

/// The grades of every challenge in one sheet, sorted by student id: what the TER marks need.
public struct CourseSheet: Codable, Sendable, Equatable {
    public var markNames: [String]
    public var rows: [CourseRow]

    /// Merges each challenge's grade sheet; students of the other marks who are on no team
    /// of any challenge are listed too, with "no challenge". A challenge graded on its board
    /// alone (no report, no other marks) gives its students their challenge grade as TER
    /// grade: the column is there as soon as another challenge has marks, and an empty cell
    /// there would read as a grade missing.
    /// `authors`: the authors' rows of every challenge (`Grader.gradeAuthors`), listed under
    /// their challenge.
    public static func merge(_ sheets: [GradeSheet], authors: [CourseRow] = [], marks: [MarkSheet]) -> CourseSheet {
        var rows: [CourseRow] = authors
        var known = Set(authors.map(\.studentId))
        for sheet in sheets {
            for r in sheet.rows {
                known.insert(r.studentId)
                rows.append(
                    CourseRow(
                        studentId: r.studentId, name: r.name, email: r.email, challenge: sheet.challenge, team: r.team, role: .participant,
                        score: r.score,
                        rank: r.rank, challengeGrade: r.challengeGrade, gradeLow: r.gradeLow, gradeHigh: r.gradeHigh, marks: r.marks,
                        terGrade: sheet.markNames.isEmpty ? r.challengeGrade : r.terGrade, notes: r.notes))
            }
        }
        var others: [String: [String: Double]] = [:]
        for sheet in marks { for (id, mark) in sheet.marks where !known.contains(id) { others[id, default: [:]][sheet.name] = mark } }
        for (id, studentMarks) in others {
            rows.append(
                CourseRow(
                    studentId: id, name: "", email: "", challenge: "", team: "", role: .participant, score: nil, rank: nil, challengeGrade: nil,
                    gradeLow: nil,
                    gradeHigh: nil, marks: studentMarks, terGrade: nil, notes: ["no challenge"]))
        }
        rows.sort { ($0.studentId, $0.challenge) < ($1.studentId, $1.challenge) }
        // Every sheet's marks (a challenge's report marks among them), in order of appearance.
        var names: [String] = []
        for name in sheets.flatMap(\.markNames) + authors.flatMap(\.marks.keys).sorted() + marks.map(\.name) where !names.contains(name) {
            names.append(name)
        }
        return CourseSheet(markNames: names, rows: rows)
    }

    /// Whether some row is an author's: the sheet then has a `role` column after `team` (a
    /// course without authors on its rosters keeps the columns it always had).
    public var hasAuthors: Bool { rows.contains { $0.role == .author } }

    public var columns: [String] {
        ["student_id", "name", "email", "challenge", "team"] + (hasAuthors ? ["role"] : [])
            + ["score", "rank", "challenge_grade", "grade_low", "grade_high"] + markNames + (markNames.isEmpty ? [] : ["ter_grade"]) + ["notes"]
    }

    /// CSV; with `;` numbers take a decimal comma and the file a byte order mark (French spreadsheets).
    public func csv(delimiter: Character = ",") -> String {
        let french = delimiter == ";"
        func number(_ v: Double?) -> String { Formats.sheetNumber(v, decimalComma: french) }
        var out = (french ? "\u{FEFF}" : "") + CSVWriter.reportLine(columns, delimiter: delimiter)
        for r in rows {
            var cells = [
                r.studentId, r.name, r.email, r.challenge.isEmpty ? "no challenge" : r.challenge, r.team,
            ]
            if hasAuthors { cells.append(r.challenge.isEmpty ? "" : r.role.rawValue) }
            cells += [
                number(r.score), r.rank.map(String.init) ?? "", number(r.challengeGrade), number(r.gradeLow), number(r.gradeHigh),
            ]
            cells += markNames.map { number(r.marks[$0]) }
            if !markNames.isEmpty { cells.append(number(r.terGrade)) }
            cells.append(r.notes.joined(separator: "; "))
            out += CSVWriter.reportLine(cells, delimiter: delimiter)
        }
        return out
    }

    public func render(_ format: GradeSheet.Format, delimiter: Character = ",") throws -> String {
        switch format {
        case .csv: return csv(delimiter: delimiter)
        case .json: return try Formats.json(self)
        case .table:
            let two = { (v: Double?) in v.map { String(format: "%.2f", $0) } ?? "—" }
            let role = hasAuthors
            let cells = rows.map { r in
                [r.studentId, r.name, r.email, r.challenge.isEmpty ? "no challenge" : r.challenge, r.team]
                    + (role ? [r.challenge.isEmpty ? "" : r.role.rawValue] : [])
                    + [Formats.score(r.score), r.rank.map(String.init) ?? "—", two(r.challengeGrade), two(r.gradeLow), two(r.gradeHigh)]
                    + markNames.map { two(r.marks[$0]) } + (markNames.isEmpty ? [] : [two(r.terGrade)]) + [r.notes.joined(separator: "; ")]
            }
            let first = role ? 6 : 5
            return "Course grades: every student of every challenge\n" + Formats.table(columns, cells, rightAligned: Set(first..<first + 5))
        }
    }
}
