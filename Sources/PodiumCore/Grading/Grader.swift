import Foundation

public enum Grader {
    /// Grades every student from the private board, by the challenge's grading policy.
    /// With `figures` (the private board's bootstrap), the policy is also applied on every
    /// resample: each student's grade interval comes from those grades, and with
    /// `grading.uncertainty: expected` the challenge grade is their mean.
    public static func grade(
        board: Leaderboard, students: [Student], grading: Grading, baselineScore: Double?, marks: [MarkSheet] = [],
        figures: BoardUncertainty? = nil
    ) throws -> GradeSheet {
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
            policyGrade(
                grading, metric: metric, score: row.score!, rank: row.rank!, best: best,
                reference: baselineScore ?? ranked.last?.score ?? row.score!, worstRank: worstRank)
        }
        func rounded(_ g: Double) -> Double { Grader.rounded(g, grading) }

        // The policy on each resample: the teams' scores there, their ranks, the best and the
        // baseline (or, without one, the last team) there.
        var resampled: [String: [Double]] = [:]
        if let figures, figures.used > 0, !ranked.isEmpty, figures.samples.count == ranked.count,
            figures.samples.allSatisfy({ $0.count == figures.used })
        {
            var grades = [[Double]](repeating: [], count: ranked.count)
            for b in 0..<figures.used {
                let scores = figures.samples.map { $0[b] }
                let ranks = scores.map { s in 1 + scores.filter { metric.isBetter($0, than: s) }.count }
                let bestHere = scores.dropFirst().reduce(scores[0]) { metric.isBetter($1, than: $0) ? $1 : $0 }
                let worstHere = scores.dropFirst().reduce(scores[0]) { metric.isBetter($0, than: $1) ? $1 : $0 }
                let baselineHere = figures.baselineSamples.map { $0[b] }.flatMap { $0.isNaN ? nil : $0 }
                let reference = baselineHere ?? baselineScore ?? worstHere
                for t in ranked.indices {
                    grades[t].append(
                        policyGrade(
                            grading, metric: metric, score: scores[t], rank: ranks[t], best: bestHere, reference: reference,
                            worstRank: ranks.max()!))
                }
            }
            for (t, row) in ranked.enumerated() { resampled[row.team] = grades[t] }
        }
        let (qLow, qHigh) = BoardUncertainty.quantiles(figures?.confidence ?? 0.95)

        var rows: [GradeRow] = []
        for student in students.sorted(by: { ($0.team, $0.name, $0.studentId) < ($1.team, $1.name, $1.studentId) }) {
            var notes: [String] = []
            let row = byTeam[student.team]
            let grade: Double
            var low: Double
            var high: Double
            if let row {
                let samples = resampled[row.team]
                if let samples, grading.usesExpectedGrade {
                    grade = rounded(samples.accurateMean())
                } else {
                    grade = rounded(challengeGrade(row))
                }
                (low, high) = (grade, grade)
                if let samples {
                    let sorted = samples.map(rounded).sorted()
                    (low, high) = (Quantile.lower(sorted, qLow), Quantile.higher(sorted, qHigh))
                }
            } else {
                low = grading.noSubmission
                high = grading.noSubmission
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
                    score: row?.score, rank: row?.rank, challengeGrade: grade, gradeLow: low, gradeHigh: high, marks: studentMarks, terGrade: ter,
                    notes: notes))
        }
        return GradeSheet(
            challenge: board.challenge, metric: board.metric, policy: grading.policy, scale: scale, markNames: marks.map(\.name), rows: rows,
            uncertainty: grading.uncertainty ?? GradeUncertainty.none, resamples: resampled.isEmpty ? nil : figures?.used,
            confidence: resampled.isEmpty ? nil : figures?.confidence)
    }

    /// The rows of a challenge's authors (roster role `author`) in the course's sheet: they
    /// prepared the challenge rather than solved it, so they have no score, rank nor challenge
    /// grade, and their TER grade is their marks alone (the preparation report's, and any other
    /// sheet's), each weight taken over the weights of those sheets. A missing mark is listed
    /// and leaves the TER grade empty, as for a participant.
    public static func gradeAuthors(_ students: [Student], challenge: String, grading: Grading, marks: [MarkSheet]) -> [CourseRow] {
        let totalWeight = marks.reduce(0) { $0 + $1.weight }
        return students.filter { $0.role == .author }.sorted { ($0.name, $0.studentId) < ($1.name, $1.studentId) }.map { student in
            var notes: [String] = []
            var studentMarks: [String: Double] = [:]
            var total = 0.0
            for sheet in marks {
                if let mark = sheet.marks[student.studentId] {
                    studentMarks[sheet.name] = mark
                    total += sheet.weight * mark
                } else {
                    notes.append("no \(sheet.name) mark")
                }
            }
            if marks.isEmpty { notes.append("no report expected") }
            let complete = !marks.isEmpty && studentMarks.count == marks.count && totalWeight > 0
            var ter: Double?
            if complete {
                ter = rounded(total / totalWeight, grading)
            }
            return CourseRow(
                studentId: student.studentId, name: student.name, email: student.email, challenge: challenge, team: student.team,
                role: .author, score: nil, rank: nil, challengeGrade: nil, gradeLow: nil, gradeHigh: nil, marks: studentMarks, terGrade: ter,
                notes: notes)
        }
    }

    /// `g` rounded to the nearest step of `grading.rounding` (halves up), within the scale.
    static func rounded(_ g: Double, _ grading: Grading) -> Double {
        guard grading.rounding > 0 else { return g }
        return min(grading.scale, ((g / grading.rounding) + 0.5 + 1e-9).rounded(.down) * grading.rounding)
    }

    /// The policy's grade, before rounding, of a score and rank on a board whose best score,
    /// reference score (the baseline's, else the last team's) and worst rank are given.
    static func policyGrade(
        _ grading: Grading, metric: Metric, score: Double, rank: Int, best: Double?, reference: Double, worstRank: Int
    ) -> Double {
        let scale = grading.scale
        switch grading.policy {
        case .linear:
            let top = grading.bestGrade ?? scale
            let floor = grading.baselineGrade
            guard let best, best != reference, metric.isBetter(best, than: reference) else { return top }
            let fraction = (score - reference) / (best - reference)
            return min(top, max(floor, floor + fraction * (top - floor)))
        case .rank:
            let top = grading.topGrade ?? scale
            guard worstRank > 1 else { return top }
            return top - Double(rank - 1) / Double(worstRank - 1) * (top - grading.bottomGrade)
        case .thresholds:
            let reached = grading.thresholds.filter { $0.score == score || metric.isBetter(score, than: $0.score) }
            return reached.map(\.grade).max() ?? 0
        }
    }
}
