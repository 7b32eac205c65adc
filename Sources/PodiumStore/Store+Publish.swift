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

extension Store {
    /// Loads a bundle into the store. A new version of a known slug becomes current and every
    /// accepted submission is scored again against it; earlier scores stay in history.
    public func publish(bundle url: URL) throws -> PublishReport {
        let challenge = try Challenge.open(url)
        let check = ChallengeCheck.run(challenge)
        guard check.ok else { throw CheckFailed(report: check) }
        let manifest = challenge.manifest
        let bundleSHA = try Hashing.sha256(file: url)
        let solutionCSV = try Data(contentsOf: challenge.solutionURL)
        let readme = (try? String(contentsOf: challenge.readmeURL, encoding: .utf8)) ?? "# \(manifest.title)\n"
        let kitFolder = try TemporaryDirectory(prefix: "podium-kit")
        let packed = try PodiumBundle.pack(challenge, to: kitFolder.url)
        let kit = try Data(contentsOf: packed.startingKit)
        let solution = try Solution.load(data: solutionCSV, manifest: manifest)
        var baselineJSON: String?
        if let baseline = challenge.baselineURL {
            baselineJSON = encodeJSON(try Scorer.score(file: baseline, solution: solution))
        }
        let now = clock()
        return try writer.write { db in
            var record = try ChallengeRecord.filter(Column("slug") == manifest.slug).fetchOne(db)
            let previous = record?.currentVersion
            if var existing = record {
                if let same = try VersionRecord.filter(Column("challengeId") == existing.id! && Column("version") == manifest.version).fetchOne(db) {
                    guard same.bundleSHA256 == bundleSHA else {
                        throw StoreError.publishRefused(
                            "\(url.lastPathComponent): version \(manifest.version) of \"\(manifest.slug)\" is already published with other content; raise version in challenge.yaml"
                        )
                    }
                    return PublishReport(
                        slug: manifest.slug, title: manifest.title, version: manifest.version, previousVersion: previous, alreadyPublished: true,
                        rescored: 0, rescoreFailures: 0)
                }
                guard manifest.version > existing.currentVersion else {
                    throw StoreError.publishRefused(
                        "\(url.lastPathComponent): version \(manifest.version) is older than the published version \(existing.currentVersion) of \"\(manifest.slug)\""
                    )
                }
                existing.currentVersion = manifest.version
                existing.title = manifest.title
                try existing.update(db)
                record = existing
            } else {
                var created = ChallengeRecord(
                    id: nil, slug: manifest.slug, title: manifest.title, currentVersion: manifest.version, revealedAt: nil, createdAt: now)
                try created.insert(db)
                record = created
            }
            let challengeId = record!.id!
            var version = VersionRecord(
                id: nil, challengeId: challengeId, version: manifest.version, manifestJSON: encodeJSON(manifest),
                bundleSHA256: bundleSHA, readme: readme, solutionCSV: solutionCSV, startingKit: kit,
                baselineJSON: baselineJSON, publishedAt: now)
            try version.insert(db)

            var rescored = 0
            var failures = 0
            let accepted = try SubmissionRecord.filter(Column("challengeId") == challengeId && Column("status") == "accepted").fetchAll(db)
            for submission in accepted {
                var scoreSet = ScoreSetRecord(
                    id: nil, submissionId: submission.id!, version: manifest.version, scoresJSON: nil, error: nil, scoredAt: now)
                do {
                    let data = try CSVSource.contents(archive.url(for: submission.sha256))
                    scoreSet.scoresJSON = encodeJSON(try Scorer.score(data: data, name: submission.fileName, solution: solution))
                } catch {
                    scoreSet.error = error.localizedDescription
                    failures += 1
                }
                try scoreSet.insert(db)
                rescored += 1
            }
            return PublishReport(
                slug: manifest.slug, title: manifest.title, version: manifest.version, previousVersion: previous, alreadyPublished: false,
                rescored: rescored, rescoreFailures: failures)
        }
    }

    /// The current version of a challenge, with its manifest.
    func current(_ db: Database, slug: String) throws -> (ChallengeRecord, VersionRecord, ChallengeManifest) {
        guard let challenge = try ChallengeRecord.filter(Column("slug") == slug).fetchOne(db) else {
            throw StoreError.unknownChallenge(slug)
        }
        guard
            let version = try VersionRecord.filter(Column("challengeId") == challenge.id! && Column("version") == challenge.currentVersion).fetchOne(
                db)
        else {
            throw StoreError.unknownChallenge(slug)
        }
        return (challenge, version, try version.manifest())
    }

    func solution(for version: VersionRecord, manifest: ChallengeManifest) throws -> Solution {
        try solutions.solution(slug: manifest.slug, version: manifest.version) {
            try Solution.load(data: version.solutionCSV, manifest: manifest)
        }
    }

    /// Published challenges, for lists and pages.
    public func challenges() throws -> [ChallengeSummary] {
        try writer.read { db in
            try ChallengeRecord.order(Column("slug")).fetchAll(db).map { record in
                let (_, version, manifest) = try current(db, slug: record.slug)
                let teams = try TeamRecord.filter(Column("challengeId") == record.id!).fetchCount(db)
                let submissions = try SubmissionRecord.filter(Column("challengeId") == record.id! && Column("status") == "accepted").fetchCount(db)
                return ChallengeSummary(
                    manifest: manifest, readme: version.readme, revealed: record.revealedAt != nil, teams: teams, submissions: submissions,
                    publishedAt: version.publishedAt)
            }
        }
    }

    public func challenge(_ slug: String) throws -> ChallengeSummary {
        guard let found = try challenges().first(where: { $0.manifest.slug == slug }) else { throw StoreError.unknownChallenge(slug) }
        return found
    }

    public func startingKit(_ slug: String) throws -> (name: String, data: Data) {
        try writer.read { db in
            let (_, version, manifest) = try current(db, slug: slug)
            return (PodiumBundle.kitName(manifest), version.startingKit)
        }
    }
}

public struct ChallengeSummary: Sendable {
    public var manifest: ChallengeManifest
    public var readme: String
    public var revealed: Bool
    public var teams: Int
    public var submissions: Int
    public var publishedAt: Date
}
