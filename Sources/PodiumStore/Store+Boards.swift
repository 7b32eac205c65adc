import Foundation
import GRDB
import PodiumCore

/// Who is looking: participants never see private scores before the reveal.
public enum Viewer: Sendable, Equatable {
    case instructor
    case participant(team: String?)
}

/// One submission in a history.
public struct SubmissionView: Codable, Sendable, Equatable {
    public var id: Int64
    public var team: String
    public var createdAt: Date
    public var phase: String
    public var fileName: String
    public var status: String
    public var selected: Bool
    public var metric: String
    public var publicScore: Double?
    /// Nil for participants before the reveal.
    public var privateScore: Double?
    public var publicScores: [String: Double]?
    public var privateScores: [String: Double]?
    public var problems: SubmissionRefused?
    public var scoringError: String?
}

extension Store {
    func finalSelection(_ manifest: ChallengeManifest) -> Int { manifest.phases.map(\.finalSelection).max() ?? 2 }

    /// The public or private board. A participant asking for the private board before the
    /// reveal gets `notRevealed`.
    public func leaderboard(_ slug: String, board kind: BoardKind, viewer: Viewer = .instructor) throws -> Leaderboard {
        try writer.read { db in
            let (challenge, version, manifest) = try current(db, slug: slug)
            if kind == .private, viewer != .instructor, challenge.revealedAt == nil { throw StoreError.notRevealed(slug) }
            let teams = try boardTeams(db, challenge: challenge, version: manifest.version)
            let baseline = version.baseline().map { ($0.scores["public"] ?? [:], $0.scores["private"] ?? [:]) }
            return Ranking.board(
                kind, challenge: slug, version: manifest.version, metric: Metric(rawValue: manifest.metric)!, teams: teams,
                baseline: baseline, finalSelection: finalSelection(manifest))
        }
    }

    func boardTeams(_ db: Database, challenge: ChallengeRecord, version: Int) throws -> [BoardTeam] {
        let teams = try TeamRecord.filter(Column("challengeId") == challenge.id!).order(Column("name")).fetchAll(db)
        var members: [Int64: [String]] = [:]
        for student in try StudentRecord.filter(Column("challengeId") == challenge.id!).order(Column("name")).fetchAll(db) {
            members[student.teamId, default: []].append(student.name)
        }
        var submissions: [Int64: [BoardSubmission]] = [:]
        var entries: [Int64: Int] = [:]
        var last: [Int64: Date] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.teamId, s.createdAt, s.selected, sc.scoresJSON FROM submission s
                LEFT JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                WHERE s.challengeId = ? AND s.status = 'accepted' ORDER BY s.createdAt, s.id
                """, arguments: [version, challenge.id!])
        for row in rows {
            let teamId: Int64 = row["teamId"]
            let createdAt: Date = row["createdAt"]
            entries[teamId, default: 0] += 1
            last[teamId] = max(last[teamId] ?? createdAt, createdAt)
            guard let json: String = row["scoresJSON"], let report = try? JSONDecoder().decode(ScoreReport.self, from: Data(json.utf8)) else {
                continue
            }
            submissions[teamId, default: []].append(
                BoardSubmission(
                    id: row["id"], createdAt: createdAt, publicScores: report.scores["public"] ?? [:],
                    privateScores: report.scores["private"] ?? [:], selected: row["selected"]))
        }
        return teams.map { team in
            BoardTeam(
                name: team.name, members: members[team.id!] ?? [], submissions: submissions[team.id!] ?? [], entries: entries[team.id!] ?? 0,
                lastSubmission: last[team.id!])
        }
    }

    /// A challenge's history, or one team's, newest first.
    public func submissions(_ slug: String, team: String? = nil, viewer: Viewer = .instructor) throws -> [SubmissionView] {
        try writer.read { db in
            let (challenge, _, manifest) = try current(db, slug: slug)
            let showPrivate = viewer == .instructor || challenge.revealedAt != nil
            var sql = """
                SELECT s.*, t.name AS teamName, sc.scoresJSON, sc.error FROM submission s JOIN team t ON t.id = s.teamId
                LEFT JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                WHERE s.challengeId = ?
                """
            var arguments: StatementArguments = [manifest.version, challenge.id!]
            if let team {
                guard try TeamRecord.filter(Column("challengeId") == challenge.id! && Column("name") == team).fetchOne(db) != nil else {
                    throw StoreError.unknownTeam(team, challenge: slug)
                }
                sql += " AND t.name = ?"
                arguments += [team]
            }
            sql += " ORDER BY s.createdAt DESC, s.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let report = (row["scoresJSON"] as String?).flatMap { try? JSONDecoder().decode(ScoreReport.self, from: Data($0.utf8)) }
                return SubmissionView(
                    id: row["id"], team: row["teamName"], createdAt: row["createdAt"], phase: row["phase"], fileName: row["fileName"],
                    status: row["status"], selected: row["selected"], metric: manifest.metric,
                    publicScore: report?.score(.public), privateScore: showPrivate ? report?.score(.private) : nil,
                    publicScores: report?.scores["public"], privateScores: showPrivate ? report?.scores["private"] : nil,
                    problems: (row["problemsJSON"] as String?).flatMap { try? JSONDecoder().decode(SubmissionRefused.self, from: Data($0.utf8)) },
                    scoringError: row["error"])
            }
        }
    }

    /// Chooses a team's submissions for the private board (replacing any earlier choice).
    @discardableResult
    public func select(_ slug: String, team name: String, ids: [Int64]) throws -> [Int64] {
        try writer.write { db in
            let (challenge, _, manifest) = try current(db, slug: slug)
            let team = try findTeam(db, challenge: challenge, .name(name))
            let limit = finalSelection(manifest)
            let unique = Array(Set(ids)).sorted()
            guard unique.count <= limit else {
                throw StoreError.invalidSelection(
                    "team \(Echo.quoted(name)) may select at most \(limit) submissions (final_selection), not \(unique.count)")
            }
            for id in unique {
                guard let s = try SubmissionRecord.fetchOne(db, key: id), s.teamId == team.id! else {
                    throw StoreError.invalidSelection("submission \(id) is not one of team \(Echo.quoted(name))'s")
                }
                guard s.status == "accepted" else { throw StoreError.invalidSelection("submission \(id) was refused and cannot be selected") }
            }
            try db.execute(
                sql: "UPDATE submission SET selected = (id IN (SELECT value FROM json_each(?))) WHERE teamId = ?",
                arguments: [try encodeJSON(unique), team.id!])
            return unique
        }
    }

    /// Makes the private board visible to participants.
    public func reveal(_ slug: String) throws -> Date {
        try writer.write { db in
            var (challenge, _, _) = try current(db, slug: slug)
            if let revealed = challenge.revealedAt { return revealed }
            challenge.revealedAt = clock()
            try challenge.update(db)
            return challenge.revealedAt!
        }
    }

    public func isRevealed(_ slug: String) throws -> Bool {
        try writer.read { db in try current(db, slug: slug).0.revealedAt != nil }
    }

    /// One row per student from the private board, with other marks merged when given.
    public func grades(_ slug: String, marks: [MarkSheet] = []) throws -> GradeSheet {
        let board = try leaderboard(slug, board: .private, viewer: .instructor)
        let students = try students(slug)
        let (manifest, baseline) = try writer.read { db in
            let (_, version, manifest) = try current(db, slug: slug)
            return (manifest, version.baseline()?.score(.private))
        }
        return try Grader.grade(board: board, students: students, grading: manifest.grading, baselineScore: baseline, marks: marks)
    }

    public func manifest(_ slug: String) throws -> ChallengeManifest {
        try writer.read { db in try current(db, slug: slug).2 }
    }
}
