import Foundation

public enum Grader {
    /// Grades every student from the private board, by the challenge's grading policy.
    public static func grade(board: Leaderboard, students: [Student], grading: Grading, baselineScore: Double?, marks: [MarkSheet] = []) throws
        -> GradeSheet
    {
        let totalWeight = marks.reduce(0) { $0 + $1.weight }
        guard marks.allSatisfy({ $0.weight > 0 }), totalWeight <= 1 + 1e-12 else {
            throw PodiumError.invalid(
                "other marks", "weights must be positive and sum to at most 1 (the challenge grade gets the rest), found \(totalWeight)")
        }
        let metric = board.metric
        let ranked = board.rankedRows
        let byTeam = Dictionary(ranked.map { ($0.team, $0) }, uniquingKeysWith: { a, _ in a })
        let scale = grading.scale
        let best = ranked.first?.score
        let worstRank = ranked.map { $0.rank! }.max() ?? 1

        func challengeGrade(_ row: BoardRow) -> Double {
            let score = row.score!
            switch grading.policy {
            case .linear:
                let top = grading.bestGrade ?? scale
                let floor = grading.baselineGrade
                let reference = baselineScore ?? ranked.last?.score ?? score
                guard let best, best != reference, metric.isBetter(best, than: reference) else { return top }
                let fraction = (score - reference) / (best - reference)
                return min(top, max(floor, floor + fraction * (top - floor)))
            case .rank:
                let top = grading.topGrade ?? scale
                guard worstRank > 1 else { return top }
                return top - Double(row.rank! - 1) / Double(worstRank - 1) * (top - grading.bottomGrade)
            case .thresholds:
                let reached = grading.thresholds.filter { $0.score == score || metric.isBetter(score, than: $0.score) }
                return reached.map(\.grade).max() ?? 0
            }
        }
        func rounded(_ g: Double) -> Double {
            guard grading.rounding > 0 else { return g }
            return min(scale, ((g / grading.rounding) + 0.5 + 1e-9).rounded(.down) * grading.rounding)
        }

        var rows: [GradeRow] = []
        for student in students.sorted(by: { ($0.team, $0.name, $0.studentId) < ($1.team, $1.name, $1.studentId) }) {
            var notes: [String] = []
            let row = byTeam[student.team]
            let grade: Double
            if let row {
                grade = rounded(challengeGrade(row))
            } else {
                grade = grading.noSubmission
                notes.append("no submission")
            }
            var studentMarks: [String: Double] = [:]
            var ter: Double? = nil
            if !marks.isEmpty {
                var total = (1 - totalWeight) * grade
                var complete = true
                for sheet in marks {
                    if let mark = sheet.marks[student.studentId] {
                        studentMarks[sheet.name] = mark
                        total += sheet.weight * mark
                    } else {
                        complete = false
                        notes.append("no \(sheet.name) mark")
                    }
                }
                ter = complete ? rounded(total) : nil
            }
            rows.append(
                GradeRow(
                    studentId: student.studentId, name: student.name, email: student.email, team: student.team,
                    score: row?.score, rank: row?.rank, challengeGrade: grade, marks: studentMarks, terGrade: ter, notes: notes))
        }
        return GradeSheet(
            challenge: board.challenge, metric: board.metric, policy: grading.policy, scale: scale, markNames: marks.map(\.name), rows: rows)
    }
}
