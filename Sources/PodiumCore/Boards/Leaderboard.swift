import Foundation

/// An accepted, scored submission as the boards see it.
public struct BoardSubmission: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var publicScores: MetricScores
    public var privateScores: MetricScores
    public var selected: Bool

    public init(id: Int64, createdAt: Date, publicScores: MetricScores, privateScores: MetricScores, selected: Bool = false) {
        self.id = id
        self.createdAt = createdAt
        self.publicScores = publicScores
        self.privateScores = privateScores
        self.selected = selected
    }
}

/// A team with its accepted submissions (scored against the current version).
public struct BoardTeam: Sendable {
    public var name: String
    public var members: [String]
    public var submissions: [BoardSubmission]
    /// Accepted submissions, scored or not.
    public var entries: Int
    public var lastSubmission: Date?

    public init(name: String, members: [String], submissions: [BoardSubmission], entries: Int? = nil, lastSubmission: Date? = nil) {
        self.name = name
        self.members = members
        self.submissions = submissions
        self.entries = entries ?? submissions.count
        self.lastSubmission = lastSubmission ?? submissions.map(\.createdAt).max()
    }
}

public enum BoardKind: String, Codable, Sendable, CaseIterable {
    case `public`, `private`
}

public struct BoardRow: Codable, Sendable, Equatable {
    /// Nil for the baseline and for teams without a valid submission.
    public var rank: Int?
    public var team: String
    public var members: [String]
    public var score: Double?
    /// Every metric of the counted submission, on this board's rows.
    public var metrics: MetricScores
    public var entries: Int
    public var lastSubmission: Date?
    public var submissionId: Int64?
    public var isBaseline: Bool
    /// Private board: the team's public rank and how many places it moved (positive: up).
    public var publicRank: Int?
    public var move: Int?
    /// The paired bootstrap's figures (see `BoardUncertainty`): on every ranked row when the
    /// bootstrap is on; the baseline has an interval only.
    public var interval: ScoreInterval?
    public var rankInterval: RankInterval?
    public var tier: Int?
    public var beatsNext: Double?

    enum CodingKeys: String, CodingKey {
        case rank, team, members, score, metrics, entries, lastSubmission, submissionId, isBaseline, publicRank, move
        case interval, rankInterval, tier, beatsNext
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(rank, forKey: .rank)
        try c.encode(team, forKey: .team)
        try c.encode(members, forKey: .members)
        try c.encodeIfPresent(score, forKey: .score)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(entries, forKey: .entries)
        try c.encodeIfPresent(lastSubmission, forKey: .lastSubmission)
        try c.encodeIfPresent(submissionId, forKey: .submissionId)
        try c.encode(isBaseline, forKey: .isBaseline)
        try c.encodeIfPresent(publicRank, forKey: .publicRank)
        try c.encodeIfPresent(move, forKey: .move)
        try c.encodeIfPresent(interval, forKey: .interval)
        try c.encodeIfPresent(rankInterval, forKey: .rankInterval)
        try c.encodeIfPresent(tier, forKey: .tier)
        // A ranked row with figures always carries beatsNext: null for the last one.
        if tier != nil { try c.encode(beatsNext, forKey: .beatsNext) }
    }
}

/// How a board's intervals were drawn.
public struct BootstrapSummary: Codable, Sendable, Equatable {
    public var resamples: Int
    /// Resamples on which every ranked team's score is defined (the others are left out).
    public var used: Int
    public var confidence: Double
    public var seed: UInt64
}

public struct Leaderboard: Codable, Sendable, Equatable {
    public var challenge: String
    public var version: Int
    public var board: BoardKind
    public var metric: Metric
    public var higherIsBetter: Bool
    public var rows: [BoardRow]
    /// Nil when the bootstrap is off (`ranking.bootstrap: 0`), and on a Ladder board.
    public var uncertainty: BootstrapSummary?
    /// True on a public board under `public_board: ladder`: scores are Ladder scores.
    public var ladder: Bool?
    /// Private board, for the instructor: public/private rank agreement and each team's gap.
    public var agreement: RankAgreement?

    public var rankedRows: [BoardRow] { rows.filter { $0.rank != nil } }

    /// The submissions that count, ranked rows in order: what the board's figures depend on.
    public var countedSubmissions: [Int64] { rankedRows.compactMap(\.submissionId) }

    /// The board with the bootstrap's figures on its ranked rows (in order) and its baseline.
    public func with(_ figures: BoardUncertainty) -> Leaderboard {
        var board = self
        var next = 0
        for i in board.rows.indices {
            if board.rows[i].isBaseline {
                board.rows[i].interval = figures.baseline
            } else if board.rows[i].rank != nil, next < figures.rows.count {
                let row = figures.rows[next]
                board.rows[i].interval = row.interval
                board.rows[i].rankInterval = row.rankInterval
                board.rows[i].tier = row.tier
                board.rows[i].beatsNext = row.beatsNext
                next += 1
            }
        }
        board.uncertainty = BootstrapSummary(resamples: figures.resamples, used: figures.used, confidence: figures.confidence, seed: figures.seed)
        return board
    }
}
