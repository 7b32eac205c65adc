import Foundation
import GRDB
import PodiumCore

/// The published challenges: lists, one challenge's summary and manifest, its starting kit.
public struct ChallengeService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Whether the store answers a read (`/healthz`); throws what stops it.
    public func healthy() throws -> Bool {
        try store.writer.read { db in try ChallengeRecord.fetchCount(db) >= 0 }
    }

    /// How many submissions and code runs each challenge holds, by status (and a failed run's
    /// kind), counted in the store: what `/metrics` reports, right whichever process (the
    /// server, a `podium worker`, the CLI) wrote them, and across restarts.
    public func tallies() throws -> StoreTallies {
        try store.writer.read { db in
            func tally(_ sql: String) throws -> [StoreTallies.Tally] {
                try Row.fetchAll(db, sql: sql).map { StoreTallies.Tally(challenge: $0[0], status: $0[1], kind: $0[2], count: $0[3]) }
            }
            return StoreTallies(
                challenges: try String.fetchAll(db, sql: "SELECT slug FROM challenge ORDER BY slug"),
                submissions: try tally(
                    """
                    SELECT c.slug, s.status, NULL, COUNT(*) FROM submission s JOIN challenge c ON c.id = s.challengeId
                     GROUP BY c.slug, s.status ORDER BY 1, 2
                    """),
                runs: try tally(
                    """
                    SELECT c.slug, r.status, json_extract(r.failureJSON, '$.kind'), COUNT(*) FROM codeRun r JOIN challenge c ON c.id = r.challengeId
                     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """))
        }
    }

    /// Published challenges, for lists and pages.
    public func challenges() throws -> [ChallengeSummary] {
        try store.writer.read { db in
            try ChallengeRecord.order(ChallengeRecord.Columns.slug).fetchAll(db).map { record in
                let version = try ChallengeRecord.current(db, slug: record.slug).1
                let id = try record.requireID()
                let teams = try TeamRecord.all().of(challenge: id).participating().fetchCount(db)
                let submissions = try SubmissionRecord.all().of(challenge: id).accepted().fetchCount(db)
                return ChallengeSummary(
                    manifest: version.manifest, readme: version.readme, revealed: record.isRevealed(version.manifest, at: store.clock()),
                    teams: teams,
                    submissions: submissions,
                    publishedAt: version.publishedAt, resolution: version.resolution)
            }
        }
    }

    public func challenge(_ slug: String) throws -> ChallengeSummary {
        guard let found = try challenges().first(where: { $0.manifest.slug == slug }) else { throw StoreError.unknownChallenge(slug) }
        return found
    }

    public func startingKit(_ slug: String) throws -> (name: String, data: Data) {
        try store.writer.read { db in
            let version = try ChallengeRecord.current(db, slug: slug).1
            return (PodiumBundle.kitName(version.manifest), try VersionRecord.startingKit(db, id: try version.requireID()))
        }
    }

    public func manifest(_ slug: String) throws -> ChallengeManifest {
        try store.writer.read { db in try ChallengeRecord.current(db, slug: slug).1.manifest }
    }
}

public struct ChallengeSummary: Sendable {
    public var manifest: ChallengeManifest
    public var readme: String
    public var revealed: Bool
    public var teams: Int
    public var submissions: Int
    public var publishedAt: Date
    /// How finely the rows tell scores apart, measured when the version was published.
    public var resolution: Resolution?
}

/// Submissions and code runs by challenge and status (`ChallengeService.tallies()`).
public struct StoreTallies: Sendable, Equatable {
    public struct Tally: Sendable, Equatable {
        public var challenge: String
        public var status: String
        /// A failed run's kind (`time_limit`, `crashed`...).
        public var kind: String?
        public var count: Int
    }

    /// Every challenge's slug, those without any submission included.
    public var challenges: [String]
    public var submissions: [Tally]
    public var runs: [Tally]
}
