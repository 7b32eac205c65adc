import Foundation
import GRDB
import PodiumCore

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

/// Histories: a challenge's submissions, or a team's, and the files themselves.
public struct HistoryService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A challenge's history, or one team's, newest first.
    public func submissions(_ slug: String, team: String? = nil, viewer: Viewer = .instructor) throws -> [SubmissionView] {
        try submissions(slug, HistoryQuery(team: team), viewer: viewer).rows
    }

    /// A page of a challenge's history, filtered by team and status, newest first, with the
    /// number of rows the filter holds (the instructor's list pages through 100s of rows).
    public func submissions(_ slug: String, _ query: HistoryQuery, viewer: Viewer = .instructor) throws -> HistoryPage {
        let team = query.team
        let ladder = try LadderSteps(store).steps(slug)
        return try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            let manifest = version.manifest
            let challengeId = try challenge.requireID()
            let showPrivate = viewer == .instructor || challenge.isRevealed(manifest, at: store.clock())
            let showPublic = viewer == .instructor || !manifest.usesLadder
            var sql = """
                SELECT s.*, t.name AS teamName, sc.scoresJSON, sc.error FROM submission s JOIN team t ON t.id = s.teamId
                LEFT JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                WHERE s.challengeId = ?
                """
            var arguments: StatementArguments = [manifest.version, challengeId]
            if let team {
                guard try TeamRecord.all().of(challenge: challengeId).named(team).fetchOne(db) != nil else {
                    throw StoreError.unknownTeam(.name(team), challenge: slug)
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
        let record = try store.writer.read { db -> SubmissionRecord in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            let unknown = StoreError.unknownSubmission(id)
            guard let record = try SubmissionRecord.fetchOne(db, key: id), record.challengeId == challenge.id else { throw unknown }
            if let team {
                guard let owner = try TeamRecord.fetchOne(db, key: record.teamId), owner.name == team else { throw unknown }
            }
            return record
        }
        let data = try CSVSource.contents(store.archive.url(for: record.sha256))
        return (FileKind.csvName(record.fileName), data)
    }
}
