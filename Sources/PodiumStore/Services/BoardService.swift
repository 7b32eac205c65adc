import Foundation
import GRDB
import Logging
import PodiumCore

/// Who is looking: participants never see private scores before the reveal.
public enum Viewer: Sendable, Equatable {
    case instructor
    case participant(team: String?)
}

/// An accepted submission with its scores against one version, as a board reads it.
private struct BoardEntry: Decodable, JSONColumnsRecord {
    var id: Int64
    var teamId: Int64
    var createdAt: Date
    var selected: Bool
    var report: ScoreReport?

    enum CodingKeys: String, CodingKey {
        case id, teamId, createdAt, selected
        case report = "scoresJSON"
    }
}

/// Boards: the public and private leaderboards, the final selection and the reveal.
public struct BoardService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// The public or private board. A participant asking for the private board before the
    /// reveal gets `notRevealed`, and sees the members of their own team only.
    public func leaderboard(_ slug: String, board kind: BoardKind, viewer: Viewer = .instructor) throws -> Leaderboard {
        var (board, _, version) = try boardWithFigures(slug, kind, viewer: viewer)
        // Students' names are for the instructor and their own team; others see team names.
        if case .participant(let own) = viewer, version.manifest.boardNames != .members {
            for i in board.rows.indices where board.rows[i].team != own { board.rows[i].members = [] }
        }
        // The gaps hold the public scores of the counted submissions: the instructor's.
        if viewer != .instructor { board.agreement = nil }
        return board
    }

    /// A board with its bootstrap figures on it, the figures themselves (for the grades) and
    /// the version it ranks. A board whose figures cannot be computed (an archived file gone)
    /// is still shown, without them: the figures never stand between a user and the scores.
    func boardWithFigures(_ slug: String, _ kind: BoardKind, viewer: Viewer) throws -> (Leaderboard, BoardUncertainty?, VersionRecord) {
        let ladder = kind == .public ? try LadderSteps(store).steps(slug) : [:]
        let (board, challengeId, version) = try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            if kind == .private, viewer != .instructor, !challenge.isRevealed(version.manifest, at: store.clock()) {
                throw StoreError.notRevealed(slug)
            }
            let manifest = version.manifest
            let ladderBoard = kind == .public && manifest.usesLadder
            // A Ladder board replays each team's files; any other reads each team's few.
            var teams = try boardTeams(
                db, challenge: challenge, version: manifest.version, candidates: ladderBoard ? nil : max(1, manifest.finalSelection))
            if ladderBoard { teams = Self.ladderTeams(teams, steps: ladder, metric: manifest.metric) }
            let baseline = version.baseline.map { ($0.scores.public, $0.scores.private) }
            var board = Ranking.board(
                kind, challenge: slug, version: manifest.version, metric: manifest.metric, teams: teams,
                baseline: baseline, finalSelection: manifest.finalSelection)
            if ladderBoard { board.ladder = true }
            return (board, try challenge.requireID(), version)
        }
        // A Ladder board shows rounded scores: intervals around the exact ones would tell them.
        guard board.ladder != true else { return (board, nil, version) }
        let figures: BoardUncertainty?
        do {
            figures = try BoardFigures(store).figures(for: board, challengeId: challengeId, version: version)
        } catch {
            store.logger.error(
                "the board's figures could not be computed; it is shown without them",
                metadata: ["challenge": "\(slug)", "board": "\(kind)", "error": "\(error)"])
            figures = nil
        }
        return (figures.map { board.with($0) } ?? board, figures, version)
    }

    /// The public board's teams under the Ladder: each team's one submission that last moved
    /// its score, carrying that score (rounded) and no other metric.
    static func ladderTeams(_ teams: [BoardTeam], steps: [Int64: LadderStep], metric: Metric) -> [BoardTeam] {
        teams.map { team in
            var team = team
            let moved = team.submissions.filter { steps[$0.id]?.moved == true }.max { $0.id < $1.id }
            team.submissions =
                moved.map { last in
                    var shown = last
                    shown.publicScores = [metric: steps[last.id]!.score]
                    return [shown]
                } ?? []
            return team
        }
    }

    /// Each team with the submissions a board can count. `candidates`: only each team's best
    /// `candidates` by public score (its best for the public board, its best few for a
    /// private board without selection) and its selected ones, read down the `scoreSet_board`
    /// index: a board costs O(teams), not O(submissions). Nil: every accepted submission.
    func boardTeams(_ db: Database, challenge: ChallengeRecord, version: Int, candidates: Int? = nil) throws -> [BoardTeam] {
        let challengeId = try challenge.requireID()
        let teams = try TeamRecord.all().of(challenge: challengeId).participating().order(TeamRecord.Columns.name).fetchAll(db)
        var members: [Int64: [String]] = [:]
        for student in try StudentRecord.all().of(challenge: challengeId).order(StudentRecord.Columns.name).fetchAll(db) {
            members[student.teamId, default: []].append(student.name)
        }
        if let candidates {
            return try teams.map { team in
                let id = try team.requireID()
                let best = try BoardEntry.fetchAll(
                    db,
                    sql: """
                        SELECT s.id, s.teamId, s.createdAt, s.selected, sc.scoresJSON FROM scoreSet sc JOIN submission s ON s.id = sc.submissionId
                        WHERE sc.challengeId = ? AND sc.version = ? AND sc.teamId = ? AND sc.rankKey IS NOT NULL
                        ORDER BY sc.rankKey DESC, sc.createdAt, sc.submissionId LIMIT ?
                        """, arguments: [challengeId, version, id, candidates])
                let selected = try BoardEntry.fetchAll(
                    db,
                    sql: """
                        SELECT s.id, s.teamId, s.createdAt, s.selected, sc.scoresJSON FROM submission s INDEXED BY submission_selected
                        LEFT JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                        WHERE s.teamId = ? AND s.selected AND s.status = ?
                        """, arguments: [version, id, SubmissionStatus.accepted])
                var seen = Set<Int64>()
                let submissions = (best + selected).filter { seen.insert($0.id).inserted }.compactMap { row in
                    row.report.map {
                        BoardSubmission(
                            id: row.id, createdAt: row.createdAt, publicScores: $0.scores.public, privateScores: $0.scores.private,
                            selected: row.selected)
                    }
                }
                return BoardTeam(
                    name: team.name, members: members[id] ?? [], submissions: submissions, entries: team.acceptedCount,
                    lastSubmission: team.lastAcceptedAt)
            }
        }
        var submissions: [Int64: [BoardSubmission]] = [:]
        var entries: [Int64: Int] = [:]
        var last: [Int64: Date] = [:]
        let rows = try BoardEntry.fetchAll(
            db,
            sql: """
                SELECT s.id, s.teamId, s.createdAt, s.selected, sc.scoresJSON FROM submission s
                LEFT JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                WHERE s.challengeId = ? AND s.status = ? ORDER BY s.createdAt, s.id
                """, arguments: [version, challengeId, SubmissionStatus.accepted])
        for row in rows {
            entries[row.teamId, default: 0] += 1
            last[row.teamId] = max(last[row.teamId] ?? row.createdAt, row.createdAt)
            guard let report = row.report else { continue }
            submissions[row.teamId, default: []].append(
                BoardSubmission(
                    id: row.id, createdAt: row.createdAt, publicScores: report.scores.public, privateScores: report.scores.private,
                    selected: row.selected))
        }
        return try teams.map { team in
            let id = try team.requireID()
            return BoardTeam(
                name: team.name, members: members[id] ?? [], submissions: submissions[id] ?? [], entries: entries[id] ?? 0,
                lastSubmission: last[id])
        }
    }

    /// Chooses a team's submissions for the private board (replacing any earlier choice).
    @discardableResult
    public func select(_ slug: String, team name: String, ids: [Int64]) throws -> [Int64] {
        try store.writer.write { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            let team = try TeamRecord.find(db, in: challenge, .name(name))
            let teamId = try team.requireID()
            let limit = version.manifest.finalSelection
            let unique = Array(Set(ids)).sorted()
            guard unique.count <= limit else {
                throw StoreError.invalidSelection(.tooMany(team: name, limit: limit, count: unique.count))
            }
            for id in unique {
                guard let s = try SubmissionRecord.fetchOne(db, key: id), s.teamId == teamId else {
                    throw StoreError.invalidSelection(.notOfTeam(id: id, team: name))
                }
                guard s.status == .accepted else { throw StoreError.invalidSelection(.refused(id: id)) }
            }
            try db.execute(
                sql: "UPDATE submission SET selected = (id IN (SELECT value FROM json_each(?))) WHERE teamId = ?",
                arguments: [try JSONText.encode(unique), teamId])
            return unique
        }
    }

    /// Makes the private board visible to participants.
    public func reveal(_ slug: String) throws -> Date {
        try store.writer.write { db in
            var (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            if let revealed = challenge.revealedAt { return revealed }
            let now = store.clock()
            challenge.revealedAt = now
            try challenge.update(db)
            return now
        }
    }

    public func isRevealed(_ slug: String) throws -> Bool {
        try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            return challenge.isRevealed(version.manifest, at: store.clock())
        }
    }

}
