import Foundation
import Testing

@testable import PodiumCore

@Suite struct GradingTests {
    let students = ["a", "b", "c", "zz-none"].map { Student(studentId: $0, name: $0.uppercased(), email: "\($0)@x", team: $0) }

    func grades(_ b: Leaderboard, _ grading: Grading, baseline: Double? = nil, marks: [MarkSheet] = []) throws -> [String: GradeRow] {
        let sheet = try Grader.grade(board: b, students: students, grading: grading, baselineScore: baseline, marks: marks)
        return Dictionary(uniqueKeysWithValues: sheet.rows.map { ($0.studentId, $0) })
    }

    @Test func linearIsDirectionAwareAndClamped() throws {
        var g = Grading()
        g.rounding = 0.5
        let higher = try grades(privateBoard(.accuracy, [("a", 0.9), ("b", 0.8), ("c", 0.6)]), g, baseline: 0.7)
        #expect(higher["a"]!.challengeGrade == 20)
        #expect(higher["b"]!.challengeGrade == 15)
        #expect(higher["c"]!.challengeGrade == 10)  // below the baseline: the floor
        #expect(higher["zz-none"]!.challengeGrade == 0)
        #expect(higher["zz-none"]!.notes == ["no submission"])
        let lower = try grades(privateBoard(.rmse, [("a", 1.0), ("b", 2.0), ("c", 4.0)]), g, baseline: 3.0)
        #expect(lower["a"]!.challengeGrade == 20)
        #expect(lower["b"]!.challengeGrade == 15)
        #expect(lower["c"]!.challengeGrade == 10)
    }

    @Test func rankPolicy() throws {
        var g = Grading()
        g.policy = .rank
        g.topGrade = 18
        g.bottomGrade = 10
        g.rounding = 0
        let r = try grades(privateBoard(.rmse, [("a", 1.0), ("b", 1.0), ("c", 3.0)]), g)
        #expect(r["a"]!.rank == 1)
        #expect(r["b"]!.rank == 1)
        #expect(r["c"]!.rank == 3)
        #expect(r["a"]!.challengeGrade == 18)
        #expect(r["b"]!.challengeGrade == 18)
        #expect(r["c"]!.challengeGrade == 10)
    }

    @Test func thresholdsPolicy() throws {
        var g = Grading()
        g.policy = .thresholds
        g.thresholds = [GradeThreshold(score: 0.7, grade: 12), GradeThreshold(score: 0.85, grade: 16)]
        let r = try grades(privateBoard(.accuracy, [("a", 0.9), ("b", 0.7), ("c", 0.5)]), g)
        #expect(r["a"]!.challengeGrade == 16)
        #expect(r["b"]!.challengeGrade == 12)
        #expect(r["c"]!.challengeGrade == 0)
    }

    @Test func marksMergeIntoTheTERGrade() throws {
        var g = Grading()
        g.rounding = 0.25
        let report = MarkSheet(name: "report", weight: 0.5, marks: ["a": 15, "b": 11, "zz-none": 14])
        let r = try grades(privateBoard(.accuracy, [("a", 0.9), ("b", 0.8), ("c", 0.6)]), g, baseline: 0.7, marks: [report])
        #expect(r["a"]!.terGrade == 17.5)
        #expect(r["b"]!.terGrade == 13)
        #expect(r["c"]!.terGrade == nil)
        #expect(r["c"]!.notes == ["no report mark"])
        #expect(r["zz-none"]!.terGrade == 7)
        #expect(throws: PodiumError.self) {
            try grades(privateBoard(.accuracy, [("a", 0.9)]), g, marks: [MarkSheet(name: "x", weight: 1.5, marks: [:])])
        }
    }

    /// A sheet typed or exported by hand: its header and ids padded or in another case are
    /// read as the roster reads them, and marks of students not in the sheet are named with
    /// their lines (a mistyped id left a student without a mark, and nothing said so).
    @Test func handMadeMarkSheetIsReadLooselyAndItsUnusedMarksNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "marks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appending(path: "report.csv")
        try "Student_ID , Report\n a ,15\nb,\"11,5\"\nc,\n2200123,12\n".write(to: url, atomically: true, encoding: .utf8)
        let sheet = try MarkSheet.load(name: "report", weight: 0.5, from: url, scale: 20)
        #expect(sheet.marks == ["a": 15, "b": 11.5, "2200123": 12])
        let r = try grades(privateBoard(.accuracy, [("a", 0.9), ("b", 0.8), ("c", 0.6)]), Grading(), marks: [sheet])
        #expect(r["a"]!.marks["report"] == 15)
        #expect(sheet.unused(by: Set(r.keys)) == "report.csv: 1 mark is of students not in this sheet, not used here: \"2200123\" (line 5)")
        #expect(sheet.unused(by: ["a", "b", "2200123"]) == nil)
        try "student_id,report\na,15\nb,9\n a,12\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: CSVError(file: "report.csv", line: 4, message: "student \"a\" has two marks (the first on line 2)")) {
            try MarkSheet.load(name: "report", weight: 0.5, from: url, scale: 20)
        }
        try "student_id,report\na,21\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: CSVError(file: "report.csv", line: 2, message: "mark \"21\" is not a number between 0 and 20")) {
            try MarkSheet.load(name: "report", weight: 0.5, from: url, scale: 20)
        }
    }

    @Test func frenchCSV() throws {
        var g = Grading()
        g.rounding = 0.5
        let sheet = try Grader.grade(board: privateBoard(.accuracy, [("a", 0.9), ("b", 0.85)]), students: students, grading: g, baselineScore: 0.7)
        let csv = sheet.csv(delimiter: ";")
        #expect(csv.hasPrefix("\u{FEFF}student_id;name;email;team;score;rank;challenge_grade;grade_low;grade_high;notes\n"))
        // Without bootstrap figures the grade interval is the grade itself.
        #expect(csv.contains("b;B;b@x;b;0,85;2;17,5;17,5;17,5;"))
    }
}
