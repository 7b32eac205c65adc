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
    public var status: SubmissionStatus
    public var selected: Bool
    public var metric: Metric
    public var publicScore: Double?
    /// Nil for participants before the reveal.
    public var privateScore: Double?
    public var publicScores: MetricScores?
    public var privateScores: MetricScores?
    public var problems: SubmissionRefused?
    public var scoringError: String?
    /// `public_board: ladder`: whether it moved the team's public score, and that score
    /// (participants then see no exact public score).
    public var ladder: LadderStep?
    /// The team's description of the file; shown in histories, never on boards.
    public var message: String?
}

/// Which part of a history to read: one team's, one status, a page of it (newest first).
public struct HistoryQuery: Sendable, Equatable {
    public var team: String?
    public var status: SubmissionStatus?
    /// Rows skipped from the newest, and how many at most (nil: all).
    public var offset: Int
    public var limit: Int?

    public init(team: String? = nil, status: SubmissionStatus? = nil, offset: Int = 0, limit: Int? = nil) {
        self.team = team
        self.status = status
        self.offset = max(0, offset)
        self.limit = limit.map { max(0, $0) }
    }
}

/// A page of a history and how many rows the whole query holds.
public struct HistoryPage: Sendable {
    public var rows: [SubmissionView]
    public var total: Int
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

/// A submission with its team's name and its scores against one version, as a history reads it.
private struct HistoryEntry: FetchableRecord {
    var submission: SubmissionRecord
    var teamName: String
    var report: ScoreReport?
    var error: String?

    init(row: Row) throws {
        submission = try SubmissionRecord(row: row)
        teamName = row["teamName"]
        let json: String? = row["scoresJSON"]
        report = try json.map { try JSONText.decode(ScoreReport.self, from: $0) }
        error = row["error"]
    }
}

extension Store {
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
        let ladder = kind == .public ? try ladderSteps(slug) : [:]
        let (board, challengeId, version) = try writer.read { db in
            let (challenge, version) = try current(db, slug: slug)
            if kind == .private, viewer != .instructor, !challenge.isRevealed(version.manifest, at: clock()) {
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
        let figures = try? self.figures(for: board, challengeId: challengeId, version: version)
        return (figures.flatMap { $0 }.map { board.with($0) } ?? board, figures ?? nil, version)
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
        let teams = try TeamRecord.all().of(challenge: challengeId).order(TeamRecord.Columns.name).fetchAll(db)
        var members: [Int64: [String]] = [:]
        for student in try StudentRecord.all().of(challenge: challengeId).order(StudentRecord.Columns.name).fetchAll(db) {
            members[student.teamId, default: []].append(student.name)
        }
        if let candidates {
            let counters = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT id, acceptedCount, lastAcceptedAt FROM team WHERE challengeId = ?", arguments: [challengeId]
                ).map { (($0["id"] as Int64), $0) })
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
                    name: team.name, members: members[id] ?? [], submissions: submissions, entries: counters[id]?["acceptedCount"] ?? 0,
                    lastSubmission: counters[id]?["lastAcceptedAt"])
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

    /// A challenge's history, or one team's, newest first.
    public func submissions(_ slug: String, team: String? = nil, viewer: Viewer = .instructor) throws -> [SubmissionView] {
        try submissions(slug, HistoryQuery(team: team), viewer: viewer).rows
    }

    /// A page of a challenge's history, filtered by team and status, newest first, with the
    /// number of rows the filter holds (the instructor's list pages through 100s of rows).
    public func submissions(_ slug: String, _ query: HistoryQuery, viewer: Viewer = .instructor) throws -> HistoryPage {
        let team = query.team
        let ladder = try ladderSteps(slug)
        return try writer.read { db in
            let (challenge, version) = try current(db, slug: slug)
            let manifest = version.manifest
            let challengeId = try challenge.requireID()
            let showPrivate = viewer == .instructor || challenge.isRevealed(manifest, at: clock())
            let showPublic = viewer == .instructor || !manifest.usesLadder
            var sql = """
                SELECT s.*, t.name AS teamName, sc.scoresJSON, sc.error FROM submission s JOIN team t ON t.id = s.teamId
                LEFT JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                WHERE s.challengeId = ?
                """
            var arguments: StatementArguments = [manifest.version, challengeId]
            if let team {
                guard try TeamRecord.all().of(challenge: challengeId).named(team).fetchOne(db) != nil else {
                    throw StoreError.unknownTeam(team, challenge: slug)
                }
                sql += " AND t.name = ?"
                arguments += [team]
            }
            if let status = query.status {
                sql += " AND s.status = ?"
                arguments += [status.rawValue]
            }
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(sql))", arguments: arguments) ?? 0
            sql += " ORDER BY s.createdAt DESC, s.id DESC LIMIT ? OFFSET ?"
            arguments += [query.limit ?? -1, query.offset]
            let rows = try HistoryEntry.fetchAll(db, sql: sql, arguments: arguments).map { entry in
                let s = entry.submission
                let report = entry.report
                return SubmissionView(
                    id: try s.requireID(), team: entry.teamName, createdAt: s.createdAt, phase: s.phase, fileName: s.fileName,
                    status: s.status, selected: s.selected, metric: manifest.metric,
                    publicScore: showPublic ? report?.score(.public) : nil, privateScore: showPrivate ? report?.score(.private) : nil,
                    publicScores: showPublic ? report?.scores.public : nil, privateScores: showPrivate ? report?.scores.private : nil,
                    problems: s.problems, scoringError: entry.error, ladder: ladder[try s.requireID()], message: s.message)
            }
            return HistoryPage(rows: rows, total: total)
        }
    }

    /// A submitted file, for its own team (or the instructor): the CSV as it was scored (a
    /// .csv.gz or .zip sent is given back as its CSV) and its display name. Another team's id
    /// is refused as unknown, so ids cannot be probed.
    public func submittedFile(_ slug: String, id: Int64, team: String?) throws -> (name: String, data: Data) {
        let record = try writer.read { db -> SubmissionRecord in
            let (challenge, _) = try current(db, slug: slug)
            let unknown = StoreError.unknownSubmission(id)
            guard let record = try SubmissionRecord.fetchOne(db, key: id), record.challengeId == challenge.id else { throw unknown }
            if let team {
                guard let owner = try TeamRecord.fetchOne(db, key: record.teamId), owner.name == team else { throw unknown }
            }
            return record
        }
        let data = try CSVSource.contents(archive.url(for: record.sha256))
        var name = record.fileName
        for packed in [".gz", ".zip"] where name.lowercased().hasSuffix(packed) { name = String(name.dropLast(packed.count)) }
        if !name.lowercased().hasSuffix(".csv") { name += ".csv" }
        return (name, data)
    }

    /// Chooses a team's submissions for the private board (replacing any earlier choice).
    @discardableResult
    public func select(_ slug: String, team name: String, ids: [Int64]) throws -> [Int64] {
        try writer.write { db in
            let (challenge, version) = try current(db, slug: slug)
            let team = try findTeam(db, challenge: challenge, .name(name))
            let teamId = try team.requireID()
            let limit = version.manifest.finalSelection
            let unique = Array(Set(ids)).sorted()
            guard unique.count <= limit else {
                throw StoreError.invalidSelection(
                    "team \(Echo.quoted(name)) may select at most \(limit) submissions (final_selection), not \(unique.count)")
            }
            for id in unique {
                guard let s = try SubmissionRecord.fetchOne(db, key: id), s.teamId == teamId else {
                    throw StoreError.invalidSelection("submission \(id) is not one of team \(Echo.quoted(name))'s")
                }
                guard s.status == .accepted else { throw StoreError.invalidSelection("submission \(id) was refused and cannot be selected") }
            }
            try db.execute(
                sql: "UPDATE submission SET selected = (id IN (SELECT value FROM json_each(?))) WHERE teamId = ?",
                arguments: [try JSONText.encode(unique), teamId])
            return unique
        }
    }

    /// Makes the private board visible to participants.
    public func reveal(_ slug: String) throws -> Date {
        try writer.write { db in
            var (challenge, _) = try current(db, slug: slug)
            if let revealed = challenge.revealedAt { return revealed }
            let now = clock()
            challenge.revealedAt = now
            try challenge.update(db)
            return now
        }
    }

    public func isRevealed(_ slug: String) throws -> Bool {
        try writer.read { db in
            let (challenge, version) = try current(db, slug: slug)
            return challenge.isRevealed(version.manifest, at: clock())
        }
    }

    /// One row per student from the private board, with other marks merged when given; each
    /// grade with its interval over the private board's bootstrap resamples.
    /// `uncertainty` overrides the challenge's `grading.uncertainty` (to compare the two).
    public func grades(_ slug: String, marks: [MarkSheet] = [], uncertainty: GradeUncertainty? = nil) throws -> GradeSheet {
        let (board, figures, version) = try boardWithFigures(slug, .private, viewer: .instructor)
        let students = try students(slug)
        var grading = version.manifest.grading
        if let uncertainty { grading.uncertainty = uncertainty }
        return try Grader.grade(
            board: board, students: students, grading: grading, baselineScore: version.baseline?.score(.private), marks: marks,
            figures: figures)
    }

    /// One sheet for the whole course: every student of every challenge, sorted by student id,
    /// and the students of the other marks on no team of any challenge.
    public func courseGrades(marks: [MarkSheet] = []) throws -> CourseSheet {
        let sheets = try challenges().map { try grades($0.manifest.slug, marks: marks) }
        return CourseSheet.merge(sheets, marks: marks)
    }

    public func manifest(_ slug: String) throws -> ChallengeManifest {
        try writer.read { db in try current(db, slug: slug).1.manifest }
    }
}
