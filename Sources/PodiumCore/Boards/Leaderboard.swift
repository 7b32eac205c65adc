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
}

public struct Leaderboard: Codable, Sendable, Equatable {
    public var challenge: String
    public var version: Int
    public var board: BoardKind
    public var metric: Metric
    public var higherIsBetter: Bool
    public var rows: [BoardRow]

    public var rankedRows: [BoardRow] { rows.filter { $0.rank != nil } }
}
