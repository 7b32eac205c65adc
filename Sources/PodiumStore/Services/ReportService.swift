import Foundation
import GRDB
import PodiumCore

public struct ReportService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A challenge's report (for its authors and the instructors): participation, scores over
    /// time, the final scores, public against private, and for classification the confusion
    /// matrix of the best counted submission.
    public func report(_ slug: String) throws -> ChallengeReport {
        let history = try HistoryService(store).submissions(slug)
        let board = try BoardService(store).leaderboard(slug, board: .private)
        let summary = try ChallengeService(store).challenge(slug)
        let manifest = summary.manifest
        let version = try store.writer.read { db in try ChallengeRecord.current(db, slug: slug).1 }
        let zone = manifest.timeZone
        let dayFormat = DateFormatter()
        dayFormat.locale = Locale(identifier: "en_US_POSIX")
        dayFormat.timeZone = zone
        dayFormat.dateFormat = "yyyy-MM-dd"
        var days: [String: (Int, Int)] = [:]
        var problems: [String: Int] = [:]
        for s in history {
            let day = dayFormat.string(from: s.createdAt)
            if s.status == .accepted { days[day, default: (0, 0)].0 += 1 } else { days[day, default: (0, 0)].1 += 1 }
            for kind in Set(s.problems?.groups.map(\.kind.title) ?? []) { problems[kind, default: 0] += 1 }
        }
        let active = Set(history.filter { $0.status == .accepted }.map(\.team)).count
        let points = history.filter { $0.status == .accepted }.compactMap { s in
            s.publicScore.map { Charts.ScorePoint(id: s.id, team: s.team, createdAt: s.createdAt, score: $0) }
        }
        var confusion: (String, [[Int]])? = nil
        if manifest.task.isClassification, let best = board.rankedRows.first, let id = best.submissionId {
            let record = try store.writer.read { db in try SubmissionRecord.fetchOne(db, key: id) }
            if let record {
                let solution = try Solutions(store).solution(for: version)
                let predictions = try Scorer.predictions(
                    data: CSVSource.contents(store.archive.url(for: record.sha256)), name: record.fileName, solution: solution)
                confusion = (best.team, ChallengeReport.confusion(predictions, solution: solution, rows: .private))
            }
        }
        return ChallengeReport(
            manifest: manifest, teams: summary.teams, activeTeams: active, accepted: history.filter { $0.status == .accepted }.count,
            refused: history.filter { $0.status == .refused }.count,
            problems: problems.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) },
            days: days.keys.sorted().map { ChallengeReport.Day(day: $0, accepted: days[$0]!.0, refused: days[$0]!.1) }, history: points,
            baseline: (version.baseline?.score(.public), version.baseline?.score(.private)), privateBoard: board, confusion: confusion)
    }
}
