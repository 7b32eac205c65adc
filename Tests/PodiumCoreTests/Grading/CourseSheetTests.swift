import Foundation
import Testing

@testable import PodiumCore

@Suite struct CourseSheetTests {
    func sheet(_ challenge: String, _ students: [Student], scores: [(String, Double)], marks: [MarkSheet]) throws -> GradeSheet {
        let teams = scores.enumerated().map { i, pair in
            BoardTeam(
                name: pair.0, members: [],
                submissions: [
                    BoardSubmission(
                        id: Int64(i), createdAt: Date(timeIntervalSince1970: Double(i)), publicScores: [.accuracy: pair.1],
                        privateScores: [.accuracy: pair.1])
                ])
        }
        let board = Ranking.board(.private, challenge: challenge, version: 1, metric: .accuracy, teams: teams, baseline: nil, finalSelection: 2)
        return try Grader.grade(board: board, students: students, grading: Grading(), baselineScore: 0.5, marks: marks)
    }

    @Test func oneSheetForTheCourseSortedByStudent() throws {
        let report = MarkSheet(name: "report", weight: 0.5, marks: ["s3": 14, "s1": 12, "s9": 16])
        let wine = try sheet(
            "wine", [Student(studentId: "s3", name: "C", email: "c@x", team: "t1"), Student(studentId: "s1", name: "A", email: "a@x", team: "t2")],
            scores: [("t1", 0.9), ("t2", 0.7)], marks: [report])
        let diabetes = try sheet(
            "diabetes", [Student(studentId: "s2", name: "B", email: "b@x", team: "u1")], scores: [("u1", 0.8)], marks: [report])
        let course = CourseSheet.merge([wine, diabetes], marks: [report])
        #expect(course.rows.map(\.studentId) == ["s1", "s2", "s3", "s9"])
        #expect(course.rows.map(\.challenge) == ["wine", "diabetes", "wine", ""])
        let lonely = course.rows.last!
        #expect(lonely.notes == ["no challenge"])
        #expect(lonely.marks == ["report": 16])
        #expect(lonely.terGrade == nil)
        #expect(course.rows[1].notes == ["no report mark"])
        let csv = course.csv(delimiter: ";")
        #expect(
            csv.hasPrefix("\u{FEFF}student_id;name;email;challenge;team;score;rank;challenge_grade;grade_low;grade_high;report;ter_grade;notes\n"))
        #expect(csv.contains("s9;;;no challenge;;;;;;;16;;no challenge\n"))
    }
}
