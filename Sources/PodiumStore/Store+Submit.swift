import Foundation
import GRDB
import PodiumCore

public enum TeamReference: Sendable {
    case name(String)
    case token(String)
}

/// What a team is told after a submission.
public struct SubmitReceipt: Codable, Sendable {
    public var id: Int64
    public var challenge: String
    public var team: String
    public var createdAt: Date
    public var status: SubmissionStatus
    public var metric: Metric
    /// The primary metric on the public rows (accepted submissions only).
    public var publicScore: Double?
    public var publicScores: MetricScores?
    public var bestPublicScore: Double?
    /// Nil when there is no daily limit.
    public var leftToday: Int?
    public var leftTotal: Int?
    /// Refused files the team may still send today (see `Store.maxRefusedPerDay`).
    public var refusedLeftToday: Int
    /// When the daily count starts again (midnight in the challenge's time zone).
    public var resetsAt: Date
    /// The challenge's time zone, in which days are counted.
    public var timeZone: String
    public var problems: SubmissionRefused?
    /// True when ingest found this file already submitted by the team.
    public var duplicate: Bool
    /// `public_board: ladder`: whether it moved the team's public score, and that score;
    /// `publicScore` and `publicScores` are then absent (`bestPublicScore` is the Ladder score).
    public var ladder: LadderStep?
    /// The team's description of the file, as kept (see `SubmissionNote`).
    public var message: String?
}

extension Store {
    /// Checks, archives, scores and records a submission. Throws when the phase is closed or a
    /// limit is reached (nothing is recorded then); an invalid file is recorded as refused,
    /// does not count toward the limits, and its receipt lists every problem.
    public func submit(
        challenge slug: String, team reference: TeamReference, file url: URL, source: String = "cli", message: String? = nil,
        displayName: String? = nil, skipKnownContent: Bool = false
    ) throws -> SubmitReceipt {
        let message = try SubmissionNote.clean(message)
        let content = try CSVSource.contents(url, maxBytes: Self.maxSubmissionBytes(for: try currentSolution(slug)))
        return try submit(
            challenge: slug, team: reference, content: content, fileName: displayName ?? url.lastPathComponent, source: source, message: message,
            skipKnownContent: skipKnownContent)
    }

    /// A plain CSV file already in memory (the server's uploads): the same checks as from a
    /// file, without writing it out and reading it back (at ten million rows, 300 MB each way).
    public func submit(
        challenge slug: String, team reference: TeamReference, csv data: Data, fileName: String, source: String, message: String? = nil
    ) throws -> SubmitReceipt {
        let message = try SubmissionNote.clean(message)
        let limit = Self.maxSubmissionBytes(for: try currentSolution(slug))
        guard data.count <= limit else { throw CSVSource.tooLarge(Echo.fileName(fileName), maxBytes: limit) }
        return try submit(challenge: slug, team: reference, content: data, fileName: fileName, source: source, message: message)
    }

    /// The most a submission may decompress to: what the challenge's rows could fill with
    /// generous fields (64 bytes each), plus 1 MiB, and never past 512 MiB. A 1 MB gzip file
    /// that inflates to 500 MiB stops at the first of these, long before it is read whole.
    static func maxSubmissionBytes(for solution: Solution) -> Int {
        let fields = 1 + solution.manifest.submissionColumns.count
        return min(512 << 20, solution.count * (fields * 64 + 2) + (1 << 20))
    }

    public func submit(
        challenge slug: String, team reference: TeamReference, content: Data, fileName: String, source: String, message: String? = nil,
        skipKnownContent: Bool = false
    ) throws -> SubmitReceipt {
        // The name is display text only: the archive keeps content under its hash.
        let fileName = Echo.fileName(fileName)
        let message = try SubmissionNote.clean(message)
        let now = clock()
        let sha = Hashing.sha256(content)
        // Scored outside the write lock against the version current when it started; a publish
        // committed in between changes the version, and then the file is scored again.
        var archived = false
        for _ in 0..<Self.submitAttempts {
            let (challenge, version, team) = try writer.read { db in
                let (challenge, version) = try current(db, slug: slug)
                return (challenge, version, try findTeam(db, challenge: challenge, reference))
            }
            let manifest = version.manifest
            let (challengeId, teamId) = (try challenge.requireID(), try team.requireID())
            guard let phase = manifest.phase(at: now) else { throw StoreError.phaseClosed(closedMessage(manifest, now)) }
            if skipKnownContent {
                let known = try writer.read { db in
                    try SubmissionRecord.all().of(team: teamId).filter(SubmissionRecord.Columns.sha256 == sha).fetchOne(db)
                }
                if let known { return try receipt(for: known, duplicate: true) }
            }
            try writer.read { db in try checkLimits(db, manifest: manifest, phase: phase, team: team, now: now) }

            // Validate and score before taking the write lock; archive before the row exists,
            // on the other core while the file is scored (at ten million rows, gzip takes
            // about as long as scoring), once whatever the attempts.
            let solution = try self.solution(for: version, manifest: manifest)
            let score = { () throws -> (ScoreReport?, SubmissionRefused?) in
                do {
                    return (try Scorer.score(data: content, name: fileName, solution: solution), nil)
                } catch let refused as SubmissionRefused {
                    return (nil, refused)
                } catch let error as ScoringError {
                    return (nil, SubmissionRefused(file: fileName, kind: .unscorable, message: error.localizedDescription))
                }
            }
            let (report, refusal): (ScoreReport?, SubmissionRefused?)
            if archived {
                (report, refusal) = try score()
            } else {
                ((report, refusal), _) = try ParallelMap.both(score) { try archive.store(content, sha256: sha) }
                archived = true
            }
            try hooks.submitBeforeCommit?()

            var record = SubmissionRecord(
                id: nil, challengeId: challengeId, teamId: teamId, createdAt: now, phase: phase.name, fileName: fileName,
                sha256: sha, status: report == nil ? .refused : .accepted, problems: refusal, selected: false,
                source: source, message: message)
            let committed = try writer.writeWithoutTransaction { db in
                var committed = false
                try db.inTransaction(.immediate) {
                    // Still the version it was scored against? Else a publish committed since
                    // and has not seen this submission: score it again against the new one.
                    guard try ChallengeRecord.fetchOne(db, key: challengeId)?.currentVersion == manifest.version else { return .rollback }
                    try checkLimits(db, manifest: manifest, phase: phase, team: team, now: now, refused: report == nil)
                    try record.insert(db)
                    if let report {
                        var scores = ScoreSetRecord(
                            submission: record, version: manifest.version, report: report, error: nil, scoredAt: now, metric: manifest.metric)
                        try scores.insert(db)
                        // The team's counters, which a board reads instead of counting.
                        try db.execute(
                            sql:
                                "UPDATE team SET acceptedCount = acceptedCount + 1, lastAcceptedAt = MAX(COALESCE(lastAcceptedAt, ?), ?) WHERE id = ?",
                            arguments: [record.createdAt, record.createdAt, teamId])
                    }
                    committed = true
                    return .commit
                }
                return committed
            }
            if committed { return try receipt(for: record, duplicate: false) }
        }
        throw StoreError.busy("\(Echo.quoted(slug)) changed version while the file was scored, several times; submit it again")
    }

    /// How many times a submission is scored again when publishes keep changing the version.
    static let submitAttempts = 5

    func findTeam(_ db: Database, challenge: ChallengeRecord, _ reference: TeamReference) throws -> TeamRecord {
        switch reference {
        case .name(let name):
            guard let team = try TeamRecord.all().of(challenge: try challenge.requireID()).named(name).fetchOne(db) else {
                throw StoreError.unknownTeam(name, challenge: challenge.slug)
            }
            return team
        case .token(let token):
            let hash = Tokens.hash(token)
            guard let team = try TeamRecord.all().withTokenHash(hash).fetchOne(db), Tokens.constantTimeEquals(team.tokenHash, hash) else {
                throw StoreError.unknownTeam("(token)", challenge: challenge.slug)
            }
            guard team.challengeId == challenge.id else { throw StoreError.unknownTeam("(token of another challenge)", challenge: challenge.slug) }
            return team
        }
    }

    /// Day boundaries of `date` in the challenge's time zone.
    func day(of date: Date, _ manifest: ChallengeManifest) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = manifest.timeZone
        let start = calendar.startOfDay(for: date)
        return (start, calendar.date(byAdding: .day, value: 1, to: start)!)
    }

    struct Usage {
        var today: Int
        var total: Int
        /// Refused files sent today (they do not count toward the limits, and have their own).
        var refusedToday: Int
    }

    /// Refused files a team may send in a day. They do not count toward `max_per_day`, but
    /// without a bound of their own they would be free probes of the hidden answers: past it,
    /// the team's submissions wait for the next day.
    public static let maxRefusedPerDay = 20

    func usage(_ db: Database, manifest: ChallengeManifest, phase: Phase, team: TeamRecord, now: Date) throws -> Usage {
        let (start, end) = day(of: now, manifest)
        let accepted = SubmissionRecord.all().of(team: try team.requireID()).accepted()
        let createdAt = SubmissionRecord.Columns.createdAt
        let today = try accepted.filter(createdAt >= start && createdAt < end).fetchCount(db)
        let total = try accepted.filter(SubmissionRecord.Columns.phase == phase.name).fetchCount(db)
        let refusedToday = try SubmissionRecord.all().of(team: try team.requireID()).filter(
            SubmissionRecord.Columns.status == SubmissionStatus.refused
        )
        .filter(createdAt >= start && createdAt < end).fetchCount(db)
        return Usage(today: today, total: total, refusedToday: refusedToday)
    }

    /// Throws when the team may not submit now. `refused`: the file at hand was refused (it
    /// does not count toward the limits, only toward the refused files of the day).
    func checkLimits(_ db: Database, manifest: ChallengeManifest, phase: Phase, team: TeamRecord, now: Date, refused: Bool = false) throws {
        let used = try usage(db, manifest: manifest, phase: phase, team: team, now: now)
        if used.refusedToday >= Self.maxRefusedPerDay {
            let resets = day(of: now, manifest).end
            throw StoreError.limitReached(
                "team \(Echo.quoted(team.name)) has sent \(Self.maxRefusedPerDay) refused files today; its submissions wait until \(ISO8601.format(resets, in: manifest.timeZone))",
                freesAt: resets)
        }
        if refused { return }
        if let total = phase.maxTotal, used.total >= total {
            throw StoreError.limitReached(
                "team \(Echo.quoted(team.name)) has used all \(total) submissions of phase \(Echo.quoted(phase.name)) (max_total)", freesAt: nil)
        }
        if let perDay = phase.maxPerDay, used.today >= perDay {
            let resets = day(of: now, manifest).end
            throw StoreError.limitReached(
                "team \(Echo.quoted(team.name)) has used its \(perDay) submissions of today (max_per_day); the count resets at \(ISO8601.format(resets, in: manifest.timeZone))",
                freesAt: resets)
        }
    }

    func closedMessage(_ manifest: ChallengeManifest, _ now: Date) -> String {
        let zone = manifest.timeZone
        if let next = manifest.nextOpening(after: now) {
            return "no phase of \(Echo.quoted(manifest.slug)) is open now; the next opens at \(ISO8601.format(next, in: zone))"
        }
        if let closed = manifest.lastClosing {
            return "the submissions of \(Echo.quoted(manifest.slug)) closed at \(ISO8601.format(closed, in: zone))"
        }
        return "no phase of \(Echo.quoted(manifest.slug)) is open now"
    }

    func receipt(for record: SubmissionRecord, duplicate: Bool) throws -> SubmitReceipt {
        let id = try record.requireID()
        let challengeSlug = try writer.read { db in try ChallengeRecord.fetchOne(db, key: record.challengeId)?.slug }
        let ladder = try challengeSlug.map { try ladderSteps($0) } ?? [:]
        let (slug, team, manifest, scores) = try writer.read { db in
            guard let challenge = try ChallengeRecord.fetchOne(db, key: record.challengeId) else {
                throw StoreError.unknownChallenge("#\(record.challengeId)")
            }
            let manifest = try current(db, slug: challenge.slug).1.manifest
            guard let team = try TeamRecord.fetchOne(db, key: record.teamId) else {
                throw StoreError.unknownTeam("#\(record.teamId)", challenge: challenge.slug)
            }
            let scores = try ScoreSetRecord.all().of(submission: id, version: manifest.version).fetchOne(db)?.report
            return (challenge.slug, team.name, manifest, scores)
        }
        let status = try self.status(slug, team: team)
        return SubmitReceipt(
            id: id, challenge: slug, team: team, createdAt: record.createdAt, status: record.status,
            metric: manifest.metric, publicScore: manifest.usesLadder ? nil : scores?.score(.public),
            publicScores: manifest.usesLadder ? nil : scores?.scores.public,
            bestPublicScore: status.bestPublicScore, leftToday: status.leftToday, leftTotal: status.leftTotal,
            refusedLeftToday: status.refusedLeftToday,
            resetsAt: status.resetsAt, timeZone: manifest.timezone, problems: record.problems, duplicate: duplicate, ladder: ladder[id],
            message: record.message)
    }

    /// A team's standing now: best public score and what is left of its limits.
    public func status(_ slug: String, team name: String) throws -> TeamStatus {
        let ladder = try ladderSteps(slug)
        return try writer.read { db in
            let (challenge, version) = try current(db, slug: slug)
            let manifest = version.manifest
            let team = try findTeam(db, challenge: challenge, .name(name))
            let now = clock()
            let phase = manifest.phase(at: now) ?? manifest.phases.last ?? .alwaysOpen
            let used = try usage(db, manifest: manifest, phase: phase, team: team, now: now)
            let metric = manifest.metric
            let best: Double?
            if manifest.usesLadder {
                // The team's Ladder score: the last step that moved it.
                let ids = try SubmissionRecord.all().of(team: try team.requireID()).fetchAll(db).compactMap(\.id).sorted()
                best = ids.reversed().lazy.compactMap { ladder[$0] }.first { $0.moved }?.score
            } else {
                best = try bestPublicScore(
                    db, challengeId: try challenge.requireID(), teamId: try team.requireID(), version: manifest.version, metric: metric)
            }
            return TeamStatus(
                bestPublicScore: best, leftToday: phase.maxPerDay.map { max(0, $0 - used.today) },
                leftTotal: phase.maxTotal.map { max(0, $0 - used.total) },
                refusedLeftToday: max(0, Self.maxRefusedPerDay - used.refusedToday), resetsAt: day(of: now, manifest).end)
        }
    }

    /// A team's best primary public score: one step down the `scoreSet_board` index, however
    /// many files the team has sent.
    func bestPublicScore(_ db: Database, challengeId: Int64, teamId: Int64, version: Int, metric: Metric) throws -> Double? {
        let key = try Double.fetchOne(
            db,
            sql: """
                SELECT rankKey FROM scoreSet WHERE challengeId = ? AND version = ? AND teamId = ? AND rankKey IS NOT NULL
                ORDER BY rankKey DESC LIMIT 1
                """, arguments: [challengeId, version, teamId])
        return key.map { metric.higherIsBetter ? $0 : -$0 }
    }

    /// Submits every file under `folder/<team>/` that the team has not submitted yet, oldest
    /// first; refusals and limits are reported per file and do not stop the others.
    public func ingest(challenge slug: String, folder: URL, progress: ((String) -> Void)? = nil) throws -> [IngestResult] {
        let fm = FileManager.default
        var results: [IngestResult] = []
        let teams = try fm.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        for team in teams {
            let teamFolder = folder.appending(path: team)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: teamFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let files = try fm.contentsOfDirectory(atPath: teamFolder.path)
                .filter { name in [".csv", ".csv.gz", ".zip"].contains { name.lowercased().hasSuffix($0) } }
                .map { teamFolder.appending(path: $0) }
            let dated = try files.map { url -> (URL, Date) in
                let date = try fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date ?? .distantPast
                return (url, Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
            }.sorted { ($0.1, $0.0.lastPathComponent) < ($1.1, $1.0.lastPathComponent) }
            for (url, _) in dated {
                progress?("\(team)/\(url.lastPathComponent)")
                do {
                    let receipt = try submit(challenge: slug, team: .name(team), file: url, source: "ingest", skipKnownContent: true)
                    results.append(IngestResult(team: team, file: url.lastPathComponent, receipt: receipt, error: nil))
                } catch let error as StoreError {
                    if case .unknownChallenge = error { throw error }
                    results.append(IngestResult(team: team, file: url.lastPathComponent, receipt: nil, error: error.localizedDescription))
                } catch let error as CSVError {
                    results.append(IngestResult(team: team, file: url.lastPathComponent, receipt: nil, error: error.localizedDescription))
                }
            }
        }
        return results
    }
}

public struct TeamStatus: Codable, Sendable {
    public var bestPublicScore: Double?
    public var leftToday: Int?
    public var leftTotal: Int?
    public var refusedLeftToday: Int
    public var resetsAt: Date
}

public struct IngestResult: Sendable {
    public var team: String
    public var file: String
    public var receipt: SubmitReceipt?
    public var error: String?
}
