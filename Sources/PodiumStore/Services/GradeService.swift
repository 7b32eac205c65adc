import Foundation
import GRDB
import PodiumCore

/// Grades: a challenge's sheet from its private board, and the course's sheet.
public struct GradeService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// One row per student from the private board, with other marks merged when given; each
    /// grade with its interval over the private board's bootstrap resamples.
    /// `uncertainty` overrides the challenge's `grading.uncertainty` (to compare the two).
    public func grades(_ slug: String, marks: [MarkSheet] = [], uncertainty: GradeUncertainty? = nil) throws -> GradeSheet {
        let (board, figures, version) = try BoardService(store).boardWithFigures(slug, .private, viewer: .instructor)
        let students = try RosterService(store).students(slug).filter { $0.role == .participant }
        var grading = version.manifest.grading
        if let uncertainty { grading.uncertainty = uncertainty }
        let (marks, handIns) = try reportMarks(slug, grading: grading, marks: marks)
        var sheet = try Grader.grade(
            board: board, students: students, grading: grading, baselineScore: version.baseline?.score(.private), marks: marks,
            figures: figures)
        if let handIns {
            for i in sheet.rows.indices { sheet.rows[i].notes += Self.handInNotes(handIns[sheet.rows[i].team]) }
        }
        return sheet
    }

    /// The report marks come from the supervisors, unless the instructor gives a `report` sheet
    /// of their own (`--marks report=FILE:W`, as before Podium kept the marks): that sheet is
    /// then the report's, whole, and the stored marks are not read. With the stored marks, the
    /// teams' latest hand-ins.
    func reportMarks(_ slug: String, grading: Grading, marks: [MarkSheet]) throws -> ([MarkSheet], [String: HandInReceipt]?) {
        guard let report = grading.report, !marks.contains(where: { $0.name == "report" }) else { return (marks, nil) }
        let entered = try SupervisionService(store).marks(slug).compactMapValues(\.mark)
        return ([MarkSheet(name: "report", weight: report.weight, marks: entered)] + marks, try ReportHandInService(store).latest(slug))
    }

    /// Missing reports are said, never read as a zero.
    static func handInNotes(_ handIn: HandInReceipt?) -> [String] {
        guard let handIn else { return ["no report handed in"] }
        return handIn.late ? ["report late"] : []
    }

    /// A challenge's authors (roster role `author`) in the course's sheet: marked on their
    /// preparation report (and the other marks), not on the board.
    public func authorGrades(_ slug: String, marks: [MarkSheet] = []) throws -> [CourseRow] {
        let authors = try RosterService(store).students(slug).filter { $0.role == .author }
        guard !authors.isEmpty else { return [] }
        let grading = try ChallengeService(store).manifest(slug).grading
        let (marks, handIns) = try reportMarks(slug, grading: grading, marks: marks)
        var rows = Grader.gradeAuthors(authors, challenge: slug, grading: grading, marks: marks)
        if let handIns {
            for i in rows.indices { rows[i].notes += Self.handInNotes(handIns[rows[i].team]) }
        }
        return rows
    }

    /// One sheet for the whole course: every student of every challenge (its participants and
    /// its authors), sorted by student id, and the students of the other marks on no team of
    /// any challenge.
    public func courseGrades(marks: [MarkSheet] = []) throws -> CourseSheet {
        let slugs = try ChallengeService(store).challenges().map(\.manifest.slug)
        return CourseSheet.merge(
            try slugs.map { try grades($0, marks: marks) }, authors: try slugs.flatMap { try authorGrades($0, marks: marks) }, marks: marks)
    }
}
