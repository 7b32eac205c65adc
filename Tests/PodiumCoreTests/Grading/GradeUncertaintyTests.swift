import Foundation
import Testing

@testable import PodiumCore

/// The grading policy applied on each bootstrap resample: grade intervals, and the expected
/// grade when `grading.uncertainty: expected`.
@Suite struct GradeUncertaintyTests {
    let students = ["a", "b"].map { Student(studentId: $0, name: $0, email: "\($0)@x", team: $0) }

    func board(_ scores: [(String, Double)]) -> Leaderboard {
        let teams = scores.enumerated().map { i, pair in
            BoardTeam(
                name: pair.0, members: [],
                submissions: [
                    BoardSubmission(
                        id: Int64(i), createdAt: Date(timeIntervalSince1970: Double(i)), publicScores: [.rmse: pair.1],
                        privateScores: [.rmse: pair.1])
                ])
        }
        return Ranking.board(.private, challenge: "c", version: 1, metric: .rmse, teams: teams, baseline: nil, finalSelection: 2)
    }

    /// Four resamples: a and b swap places on one; the baseline moves too.
    var figures: BoardUncertainty {
        BoardBootstrap.summarize(
            metric: .rmse, samples: [[1.0, 1.0, 1.2, 1.0], [2.0, 2.0, 1.1, 2.0]], baselineSamples: [3.0, 3.0, 3.0, 4.0], resamples: 4,
            confidence: 0.5, seed: 1)
    }

    @Test func linearGradesEachResampleThenTakesPercentilesOrTheMean() throws {
        var grading = Grading()
        grading.rounding = 0.5
        let point = try Grader.grade(board: board([("a", 1), ("b", 2)]), students: students, grading: grading, baselineScore: 3, figures: figures)
        let b = point.rows.first { $0.team == "b" }!
        // Point: b halfway between the baseline (10) and the best (20) → 15. Resamples: 15, 15,
        // 20 (b is best there), and 16.67 → 16.5 rounded, against a baseline at 4. The
        // 25th-75th percentiles (confidence 0.5) of 15, 15, 16.5, 20 are 15 and 20.
        #expect(b.challengeGrade == 15)
        #expect(b.gradeLow == 15)
        #expect(b.gradeHigh == 20)
        #expect(point.resamples == 4)
        #expect(point.uncertainty == GradeUncertainty.none)

        grading.uncertainty = .expected
        let expected = try Grader.grade(board: board([("a", 1), ("b", 2)]), students: students, grading: grading, baselineScore: 3, figures: figures)
        // b: the mean of 15, 15, 20, 16.67 is 16.67 → 16.5. a: 20, 20, 19.47, 20 → 19.87 → 20.
        #expect(expected.rows.first { $0.team == "b" }!.challengeGrade == 16.5)
        #expect(expected.rows.first { $0.team == "a" }!.challengeGrade == 20)
    }

    @Test func aBoardWithOnlyTheBaselineGradesNoSubmission() throws {
        let empty = Ranking.board(
            .private, challenge: "c", version: 1, metric: .rmse, teams: [BoardTeam(name: "a", members: [], submissions: [])],
            baseline: ([.rmse: 3], [.rmse: 3]), finalSelection: 2)
        let figures = BoardBootstrap.summarize(
            metric: .rmse, samples: [], baselineSamples: [3, 3.5], resamples: 2, confidence: 0.95, seed: 1)
        let sheet = try Grader.grade(board: empty, students: students, grading: Grading(), baselineScore: 3, figures: figures)
        #expect(sheet.rows.allSatisfy { $0.challengeGrade == 0 && $0.gradeLow == 0 && $0.gradeHigh == 0 })
    }
}
