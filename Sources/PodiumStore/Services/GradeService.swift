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
        let students = try RosterService(store).students(slug)
        var grading = version.manifest.grading
        if let uncertainty { grading.uncertainty = uncertainty }
        var marks = marks
        var handIns: [String: HandInReceipt]?
        // The report marks come from the supervisors, unless the instructor gives a `report`
        // sheet of their own (`--marks report=FILE:W`, as before Podium kept the marks): that
        // sheet is then the report's, whole, and the stored marks are not read.
        if let report = grading.report, !marks.contains(where: { $0.name == "report" }) {
            let entered = try SupervisionService(store).marks(slug).compactMapValues(\.mark)
            marks.insert(MarkSheet(name: "report", weight: report.weight, marks: entered), at: 0)
            handIns = try ReportHandInService(store).latest(slug)
        }
        var sheet = try Grader.grade(
            board: board, students: students, grading: grading, baselineScore: version.baseline?.score(.private), marks: marks,
            figures: figures)
        if let handIns {
            // Missing reports are said, never read as a zero.
            for i in sheet.rows.indices {
                if let handIn = handIns[sheet.rows[i].team] {
                    if handIn.late { sheet.rows[i].notes.append("report late") }
                } else {
                    sheet.rows[i].notes.append("no report handed in")
                }
            }
        }
        return sheet
    }

    /// One sheet for the whole course: every student of every challenge, sorted by student id,
    /// and the students of the other marks on no team of any challenge.
    public func courseGrades(marks: [MarkSheet] = []) throws -> CourseSheet {
        let sheets = try ChallengeService(store).challenges().map { try grades($0.manifest.slug, marks: marks) }
        return CourseSheet.merge(sheets, marks: marks)
    }
}
