import Foundation
import GRDB
import PodiumCore

public struct PublishReport: Sendable {
    public var slug: String
    public var title: String
    public var version: Int
    public var previousVersion: Int?
    public var alreadyPublished: Bool
    /// Accepted submissions scored again against the new version.
    public var rescored: Int
    public var rescoreFailures: Int
}

/// Publishing: a bundle becomes a challenge's new version, and every past submission is scored again.
public struct PublishingService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Loads a bundle into the store. A new version of a known slug becomes current and every
    /// accepted submission is scored again against it; earlier scores stay in history.
    ///
    /// The write lock is held only briefly, so that submissions go on during a long rescoring:
    /// the new version is recorded first (not yet current), archived files are scored outside
    /// any transaction and their scores committed in batches, and one last transaction scores
    /// the few submissions accepted meanwhile and makes the version current. Killed at any
    /// moment, the store keeps the old version whole; publishing the same bundle again resumes.
    /// `progress` is called between batches with (scored, to score), outside any transaction.
    public func publish(bundle url: URL, progress: ((Int, Int) -> Void)? = nil) throws -> PublishReport {
        let challenge = try Challenge.open(url)
        let check = ChallengeCheck.run(challenge, audit: false)
        guard check.ok else { throw CheckFailed(report: check) }
        let manifest = challenge.manifest
        let bundleSHA = try Hashing.sha256(file: url)
        let solutionCSV = try Data(contentsOf: challenge.solutionURL)
        let readme = (try? String(contentsOf: challenge.readmeURL, encoding: .utf8)) ?? "# \(manifest.title)\n"
        let kitFolder = try TemporaryDirectory(prefix: "podium-kit")
        let packed = try PodiumBundle.pack(challenge, to: kitFolder.url)
        let kit = try Data(contentsOf: packed.startingKit)
        let solution = try Solution.load(data: solutionCSV, manifest: manifest)
        Solutions(store).keep(solution, bundleSHA256: bundleSHA)
        let baseline = try challenge.baselineURL.map { try Scorer.score(file: $0, solution: solution) }
        let baselineSHA = try challenge.baselineURL.map { try store.archive.store(CSVSource.contents($0)) }
        let now = store.clock()
        let name = Echo.text(url.lastPathComponent)
        func report(previous: Int?, already: Bool, rescored: Int = 0, failures: Int = 0) -> PublishReport {
            PublishReport(
                slug: manifest.slug, title: manifest.title, version: manifest.version, previousVersion: previous, alreadyPublished: already,
                rescored: rescored, rescoreFailures: failures)
        }
        let newVersion = { (challengeId: Int64) -> NewVersionRecord in
            NewVersionRecord(
                record: VersionRecord(
                    id: nil, challengeId: challengeId, version: manifest.version, manifest: manifest, bundleSHA256: bundleSHA, readme: readme,
                    baseline: baseline, baselineSHA256: baselineSHA, resolution: check.resolution, publishedAt: now),
                solutionCSV: solutionCSV, startingKit: kit)
        }

        enum Start {
            case done(PublishReport)
            case rescore(challengeId: Int64, previous: Int)
        }
        let start: Start = try store.writer.write { db in
            guard let existing = try ChallengeRecord.all().slug(manifest.slug).fetchOne(db), let challengeId = existing.id else {
                // A new challenge: nothing to rescore, one transaction.
                var created = ChallengeRecord(
                    id: nil, slug: manifest.slug, title: manifest.title, currentVersion: manifest.version, revealedAt: nil, createdAt: now)
                try created.insert(db)
                var version = newVersion(try created.requireID())
                try version.insert(db)
                return .done(report(previous: nil, already: false))
            }
            let previous = existing.currentVersion
            if let same = try VersionRecord.all().of(challenge: challengeId, version: manifest.version).fetchOne(db) {
                if manifest.version <= previous {
                    guard same.bundleSHA256 == bundleSHA else {
                        throw StoreError.publishRefused(.sameVersionOtherContent(file: name, slug: manifest.slug, version: manifest.version))
                    }
                    return .done(report(previous: previous, already: true))
                }
                // Left by a publish that did not finish: resume it, or start over with other content.
                if same.bundleSHA256 == bundleSHA { return .rescore(challengeId: challengeId, previous: previous) }
                try db.execute(
                    sql: "DELETE FROM scoreSet WHERE version = ? AND submissionId IN (SELECT id FROM submission WHERE challengeId = ?)",
                    arguments: [manifest.version, challengeId])
                try same.delete(db)
            } else if manifest.version <= previous {
                throw StoreError.publishRefused(.olderVersion(file: name, slug: manifest.slug, version: manifest.version, published: previous))
            }
            var version = newVersion(challengeId)
            try version.insert(db)
            return .rescore(challengeId: challengeId, previous: previous)
        }
        let challengeId: Int64
        let previous: Int
        switch start {
        case .done(let done): return done
        case .rescore(let id, let current): (challengeId, previous) = (id, current)
        }

        var rescored = 0
        var failures = 0
        func score(_ submission: SubmissionRecord) -> ScoreSetRecord {
            do {
                let data = try CSVSource.contents(store.archive.url(for: submission.sha256))
                let report = try Scorer.score(data: data, name: submission.fileName, solution: solution)
                return ScoreSetRecord(
                    submission: submission, version: manifest.version, report: report, error: nil, scoredAt: now, metric: manifest.metric)
            } catch {
                return ScoreSetRecord(
                    submission: submission, version: manifest.version, report: nil, error: error.localizedDescription, scoredAt: now,
                    metric: manifest.metric)
            }
        }
        func save(_ scoreSets: [ScoreSetRecord], _ db: Database) throws {
            for var scoreSet in scoreSets {
                try scoreSet.insert(db, onConflict: .ignore)
                rescored += 1
                if scoreSet.error != nil { failures += 1 }
            }
        }
        // Two passes outside the lock: the second scores what was accepted during the first.
        for _ in 0..<2 {
            let pending = try store.writer.read { db in try unscored(db, challengeId: challengeId, version: manifest.version) }
            if pending.isEmpty { break }
            var done = 0
            for batch in stride(from: 0, to: pending.count, by: Self.publishBatch).map({ pending[$0..<min($0 + Self.publishBatch, pending.count)] }) {
                let scoreSets = batch.map(score)
                try store.writer.write { db in try save(scoreSets, db) }
                done += batch.count
                progress?(done, pending.count)
            }
        }
        try store.hooks.publishBeforeSwitch?()
        try store.writer.write { db in
            try save(try unscored(db, challengeId: challengeId, version: manifest.version).map(score), db)
            guard var record = try ChallengeRecord.fetchOne(db, key: challengeId) else { throw StoreError.unknownChallenge(manifest.slug) }
            record.currentVersion = manifest.version
            record.title = manifest.title
            try record.update(db)
        }
        return report(previous: previous, already: false, rescored: rescored, failures: failures)
    }

    /// Submissions scored again per write transaction while publishing.
    static let publishBatch = 64

    /// Accepted submissions of a challenge that have no score set for `version` yet.
    func unscored(_ db: Database, challengeId: Int64, version: Int) throws -> [SubmissionRecord] {
        try SubmissionRecord.fetchAll(
            db,
            sql: """
                SELECT s.* FROM submission s
                WHERE s.challengeId = ? AND s.status = ?
                  AND NOT EXISTS (SELECT 1 FROM scoreSet sc WHERE sc.submissionId = s.id AND sc.version = ?)
                ORDER BY s.id
                """, arguments: [challengeId, SubmissionStatus.accepted, version])
    }
}
