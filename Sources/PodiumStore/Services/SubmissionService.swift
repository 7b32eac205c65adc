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

/// A challenge's current version and one of its teams, resolved in one read for a
/// submission, with what the team has used of its limits then. Passed down as a value: the
/// write that records the submission checks it is still current.
public struct SubmissionTarget: Sendable {
    let challenge: ChallengeRecord
    let version: VersionRecord
    let team: TeamRecord
    /// The open phase at `now` (nil when none is).
    let phase: Phase?
    let usage: SubmissionLimits.Usage
    let now: Date
    /// The team's key, whichever way it was named (by name or by token).
    public let teamId: Int64

    public var slug: String { challenge.slug }
    public var teamName: String { team.name }
    public var manifest: ChallengeManifest { version.manifest }
}

/// Submissions: checks, archives, scores and records a file, and tells a team where it stands.
public struct SubmissionService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Refused files a team may send in a day (see `SubmissionLimits`).
    public static let maxRefusedPerDay = SubmissionLimits.maxRefusedPerDay

    /// The challenge, its current version and the team, in one read.
    public func target(challenge slug: String, team reference: TeamReference) throws -> SubmissionTarget {
        let now = store.clock()
        return try store.writer.read { db in try target(db, slug: slug, team: reference, now: now) }
    }

    func target(_ db: Database, slug: String, team reference: TeamReference, now: Date) throws -> SubmissionTarget {
        let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
        let team = try TeamRecord.find(db, in: challenge, reference)
        guard team.role == .participant else { throw StoreError.authorsDoNotSubmit(team: team.name, challenge: slug) }
        let teamId = try team.requireID()
        let manifest = version.manifest
        let phase = manifest.phase(at: now)
        let usage = try SubmissionLimits.usage(
            db, manifest: manifest, phase: phase ?? manifest.phases.last ?? .alwaysOpen, teamId: teamId, now: now)
        return SubmissionTarget(
            challenge: challenge, version: version, team: team, phase: phase, usage: usage, now: now, teamId: teamId)
    }

    /// The most a submission of `target`'s challenge may decompress to (see `maxSubmissionBytes`).
    public func maxBytes(_ target: SubmissionTarget) throws -> Int {
        Self.maxSubmissionBytes(for: try Solutions(store).solution(for: target.version))
    }

    /// A file on disk (`podium submit`, `podium ingest`): `.csv`, `.csv.gz` or `.zip`.
    /// Throws when the phase is closed or a limit is reached (nothing is recorded then); an
    /// invalid file is recorded as refused, does not count toward the limits, and its receipt
    /// lists every problem.
    public func submit(
        challenge slug: String, team reference: TeamReference, file url: URL, source: SubmissionSource = .cli, message: String? = nil,
        displayName: String? = nil, skipKnownContent: Bool = false
    ) throws -> SubmitReceipt {
        let message = try SubmissionNote.clean(message)
        let target = try target(challenge: slug, team: reference)
        try Self.takesFiles(target, url.lastPathComponent)
        let content = try CSVSource.contents(url, maxBytes: maxBytes(target))
        return try submit(
            target, csv: content, fileName: displayName ?? url.lastPathComponent, source: source, message: message, skipKnownContent: skipKnownContent
        )
    }

    /// An upload as it arrived (the server's): plain, gzip or zip bytes in memory, of the kind
    /// sniffed where they came in; decompressed here, never through a temporary file.
    public func submit(
        _ target: SubmissionTarget, upload data: Data, kind: FileKind, fileName: String, source: SubmissionSource, message: String? = nil
    ) throws -> SubmitReceipt {
        let message = try SubmissionNote.clean(message)
        try Self.takesFiles(target, fileName)
        let content = try CSVSource.contents(data: data, kind: kind, name: Echo.fileName(fileName), maxBytes: maxBytes(target))
        return try submit(target, csv: content, fileName: fileName, source: source, message: message)
    }

    /// Plain CSV content already in memory, for a team named once (tests, and callers that
    /// hold the bytes).
    public func submit(
        challenge slug: String, team reference: TeamReference, content: Data, fileName: String, source: SubmissionSource,
        message: String? = nil, skipKnownContent: Bool = false
    ) throws -> SubmitReceipt {
        let message = try SubmissionNote.clean(message)
        let target = try target(challenge: slug, team: reference)
        try Self.takesFiles(target, fileName)
        let limit = try maxBytes(target)
        guard content.count <= limit else { throw CSVSource.tooLarge(Echo.fileName(fileName), maxBytes: limit) }
        return try submit(target, csv: content, fileName: fileName, source: source, message: message, skipKnownContent: skipKnownContent)
    }

    /// A code challenge takes code (`RunService.enqueue`), not prediction files.
    static func takesFiles(_ target: SubmissionTarget, _ fileName: String) throws {
        guard let code = target.manifest.code else { return }
        throw PodiumError.invalid(
            Echo.fileName(fileName), "\(Echo.quoted(target.slug)) takes code (\(code.entry), or a .zip holding it), not prediction files")
    }

    /// The most a submission may decompress to: what the challenge's rows could fill with
    /// generous fields (64 bytes each), plus 1 MiB, and never past 512 MiB. A 1 MB gzip file
    /// that inflates to 500 MiB stops at the first of these, long before it is read whole.
    static func maxSubmissionBytes(for solution: Solution) -> Int {
        let fields = 1 + solution.manifest.submissionColumns.count
        return min(512 << 20, solution.count * (fields * 64 + 2) + (1 << 20))
    }

    /// The one path of every submission: one read before (the target), one write after, in
    /// which the receipt is built from what that transaction read and wrote.
    /// `alongside` runs in the transaction that records the submission, after its row is
    /// written (a code run records its outcome there); whatever it throws rolls both back.
    func submit(
        _ first: SubmissionTarget, csv content: Data, fileName: String, source: SubmissionSource, message: String?,
        skipKnownContent: Bool = false, alongside: ((Database, SubmissionRecord) throws -> Void)? = nil
    ) throws -> SubmitReceipt {
        // The name is display text only: the archive keeps content under its hash.
        let fileName = Echo.fileName(fileName)
        let sha = Hashing.sha256(content)
        var target = first
        // Scored outside the write lock against the version current when it started; a publish
        // committed in between changes the version, and then the file is scored again.
        var archived = false
        for attempt in 0..<Self.submitAttempts {
            if attempt > 0 { target = try self.target(challenge: target.slug, team: .name(target.teamName)) }
            let manifest = target.manifest
            let (challengeId, teamId) = (try target.challenge.requireID(), target.teamId)
            guard let phase = target.phase else { throw StoreError.phaseClosed(SubmissionLimits.closure(manifest, target.now)) }
            if skipKnownContent {
                let known = try store.writer.read { db in
                    try SubmissionRecord.all().of(team: teamId).filter(SubmissionRecord.Columns.sha256 == sha).fetchOne(db)
                }
                if let known { return try receipt(for: known, target: target) }
            }
            try SubmissionLimits.check(target.usage, manifest: manifest, phase: phase, team: target.teamName, now: target.now)

            // Validate and score before taking the write lock; archive before the row exists,
            // on the other core while the file is scored (at ten million rows, gzip takes
            // about as long as scoring), once whatever the attempts.
            let solution = try Solutions(store).solution(for: target.version)
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
                ((report, refusal), _) = try ParallelMap.both(score) { try store.archive.store(content, sha256: sha) }
                archived = true
            }
            try store.hooks.submitBeforeCommit?()

            let now = target.now
            var record = SubmissionRecord(
                id: nil, challengeId: challengeId, teamId: teamId, createdAt: now, phase: phase.name, fileName: fileName,
                sha256: sha, status: report == nil ? .refused : .accepted, problems: refusal, selected: false,
                source: source, message: message)
            let committed: SubmitReceipt? = try store.writer.writeWithoutTransaction { db in
                var receipt: SubmitReceipt?
                try db.inTransaction(.immediate) {
                    // Still the version it was scored against? Else a publish committed since
                    // and has not seen this submission: score it again against the new one.
                    guard try ChallengeRecord.fetchOne(db, key: challengeId)?.currentVersion == manifest.version else { return .rollback }
                    var used = try SubmissionLimits.usage(db, manifest: manifest, phase: phase, teamId: teamId, now: now)
                    try SubmissionLimits.check(used, manifest: manifest, phase: phase, team: target.teamName, now: now, refused: report == nil)
                    try record.insert(db)
                    try alongside?(db, record)
                    if let report {
                        var scores = ScoreSetRecord(
                            submission: record, version: manifest.version, report: report, error: nil, scoredAt: now, metric: manifest.metric)
                        try scores.insert(db)
                        try TeamRecord.countAccepted(db, teamId: teamId, at: now)
                        used.today += 1
                        used.total += 1
                    } else {
                        used.refusedToday += 1
                    }
                    let best = try SubmissionLimits.bestPublicScore(
                        db, challengeId: challengeId, teamId: teamId, version: manifest.version, metric: manifest.metric)
                    receipt = try Self.receipt(record, target: target, report: report, usage: used, phase: phase, best: best, duplicate: false)
                    return .commit
                }
                return receipt
            }
            if var committed {
                // A Ladder board's step for this file is computed from the team's history, after
                // the commit (Ladder challenges only).
                if manifest.usesLadder { committed = try withLadder(committed, target: target) }
                return committed
            }
        }
        throw StoreError.busy(challenge: first.slug)
    }

    /// How many times a submission is scored again when publishes keep changing the version.
    static let submitAttempts = 5

    /// The receipt of a submission, from the values its transaction read and wrote.
    static func receipt(
        _ record: SubmissionRecord, target: SubmissionTarget, report: ScoreReport?, usage: SubmissionLimits.Usage, phase: Phase,
        best: Double?, duplicate: Bool
    ) throws -> SubmitReceipt {
        let manifest = target.manifest
        let left = SubmissionLimits.left(usage, phase: phase, manifest: manifest, now: target.now)
        return SubmitReceipt(
            id: try record.requireID(), challenge: target.slug, team: target.teamName, createdAt: record.createdAt, status: record.status,
            metric: manifest.metric, publicScore: manifest.usesLadder ? nil : report?.score(.public),
            publicScores: manifest.usesLadder ? nil : report?.scores.public,
            bestPublicScore: manifest.usesLadder ? nil : best, leftToday: left.leftToday, leftTotal: left.leftTotal,
            refusedLeftToday: left.refusedLeftToday, resetsAt: left.resetsAt, timeZone: manifest.timezone, problems: record.problems,
            duplicate: duplicate, ladder: nil, message: record.message)
    }

    /// A receipt with the Ladder's step for its file and the team's Ladder score.
    func withLadder(_ receipt: SubmitReceipt, target: SubmissionTarget) throws -> SubmitReceipt {
        var receipt = receipt
        let steps = try LadderSteps(store).steps(target.slug)
        receipt.ladder = steps[receipt.id]
        receipt.bestPublicScore = try store.writer.read { db in try Self.ladderScore(db, teamId: target.teamId, steps: steps) }
        return receipt
    }

    /// A team's Ladder score: the last step that moved it.
    static func ladderScore(_ db: Database, teamId: Int64, steps: [Int64: LadderStep]) throws -> Double? {
        let ids = try SubmissionRecord.all().of(team: teamId).select(SubmissionRecord.Columns.id, as: Int64.self).fetchAll(db).sorted()
        return ids.reversed().lazy.compactMap { steps[$0] }.first { $0.moved }?.score
    }

    /// The receipt of a file the team had already sent (ingest finds it again).
    func receipt(for known: SubmissionRecord, target: SubmissionTarget) throws -> SubmitReceipt {
        let manifest = target.manifest
        let phase = target.phase ?? manifest.phases.last ?? .alwaysOpen
        let (report, best) = try store.writer.read { db in
            let report = try ScoreSetRecord.all().of(submission: try known.requireID(), version: manifest.version).fetchOne(db)?.report
            let best = try SubmissionLimits.bestPublicScore(
                db, challengeId: try target.challenge.requireID(), teamId: target.teamId, version: manifest.version, metric: manifest.metric)
            return (report, best)
        }
        let receipt = try Self.receipt(known, target: target, report: report, usage: target.usage, phase: phase, best: best, duplicate: true)
        return manifest.usesLadder ? try withLadder(receipt, target: target) : receipt
    }

    /// A team's standing now: best public score and what is left of its limits.
    public func status(_ slug: String, team name: String) throws -> TeamStatus {
        let target = try target(challenge: slug, team: .name(name))
        let manifest = target.manifest
        let phase = target.phase ?? manifest.phases.last ?? .alwaysOpen
        let steps = manifest.usesLadder ? try LadderSteps(store).steps(slug) : [:]
        let best = try store.writer.read { db in
            manifest.usesLadder
                ? try Self.ladderScore(db, teamId: target.teamId, steps: steps)
                : try SubmissionLimits.bestPublicScore(
                    db, challengeId: try target.challenge.requireID(), teamId: target.teamId, version: manifest.version, metric: manifest.metric)
        }
        var status = SubmissionLimits.left(target.usage, phase: phase, manifest: manifest, now: target.now)
        status.bestPublicScore = best
        return status
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
            guard fm.fileExists(atPath: teamFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                // A file beside the team folders is no team's: said, where it was passed over.
                if FileKind.isSubmissionName(team) {
                    results.append(
                        IngestResult(team: nil, file: team, receipt: nil, error: "is in no team's folder (DIR/<team>/<file>); not submitted"))
                }
                continue
            }
            var files: [URL] = []
            for name in try fm.contentsOfDirectory(atPath: teamFolder.path).filter(FileKind.isSubmissionName).sorted() {
                let url = teamFolder.appending(path: name)
                // An inbox is made of what students handed in: a link among their files (one
                // an archive unpacked, say) could name any file this account reads, whose first
                // line a refusal would show the team. A team's folder may be a link; a file not.
                if try fm.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType == .typeSymbolicLink {
                    results.append(
                        IngestResult(
                            team: team, file: name, receipt: nil,
                            error: "is a symbolic link; not submitted (copy the file itself into the team's folder)"))
                    continue
                }
                files.append(url)
            }
            let dated = try files.map { url -> (URL, Date) in
                let date = try fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date ?? .distantPast
                return (url, Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
            }.sorted { ($0.1, $0.0.lastPathComponent) < ($1.1, $1.0.lastPathComponent) }
            for (url, _) in dated {
                progress?("\(team)/\(url.lastPathComponent)")
                do {
                    let receipt = try submit(challenge: slug, team: .name(team), file: url, source: .ingest, skipKnownContent: true)
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

/// The limits of a team's submissions: what it has used, whether it may send now, what is left.
public enum SubmissionLimits {
    /// Refused files a team may send in a day. They do not count toward `max_per_day`, but
    /// without a bound of their own they would be free probes of the hidden answers: past it,
    /// the team's submissions wait for the next day.
    public static let maxRefusedPerDay = 20

    public struct Usage: Sendable, Equatable {
        var today: Int
        var total: Int
        /// Refused files sent today (they do not count toward the limits, and have their own).
        var refusedToday: Int
    }

    /// Day boundaries of `date` in the challenge's time zone.
    static func day(of date: Date, _ manifest: ChallengeManifest) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = manifest.timeZone
        let start = calendar.startOfDay(for: date)
        return (start, calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86400))
    }

    static func usage(_ db: Database, manifest: ChallengeManifest, phase: Phase, teamId: Int64, now: Date) throws -> Usage {
        let (start, end) = day(of: now, manifest)
        let accepted = SubmissionRecord.all().of(team: teamId).accepted()
        let createdAt = SubmissionRecord.Columns.createdAt
        let today = try accepted.filter(createdAt >= start && createdAt < end).fetchCount(db)
        let total = try accepted.filter(SubmissionRecord.Columns.phase == phase.name).fetchCount(db)
        let refusedFiles = try SubmissionRecord.all().of(team: teamId).filter(SubmissionRecord.Columns.status == SubmissionStatus.refused)
            .filter(createdAt >= start && createdAt < end).fetchCount(db)
        // Failed code runs share the refused files' cap; the platform's own faults never count.
        let failedRuns = try CodeRunRecord.filter(CodeRunRecord.Columns.teamId == teamId && CodeRunRecord.Columns.status == CodeRunStatus.failed)
            .filter(CodeRunRecord.Columns.createdAt >= start && CodeRunRecord.Columns.createdAt < end)
            .filter(sql: "COALESCE(json_extract(failureJSON, '$.kind'), '') != 'platform'").fetchCount(db)
        let refusedToday = refusedFiles + failedRuns
        return Usage(today: today, total: total, refusedToday: refusedToday)
    }

    /// Throws when the team may not submit now. `refused`: the file at hand was refused (it
    /// does not count toward the limits, only toward the refused files of the day).
    static func check(_ used: Usage, manifest: ChallengeManifest, phase: Phase, team: String, now: Date, refused: Bool = false) throws {
        func reached(_ limit: StoreError.LimitReached.Limit, freesAt: Date?) -> StoreError {
            .limitReached(.init(team: team, limit: limit, freesAt: freesAt, timeZone: manifest.timeZone))
        }
        if used.refusedToday >= maxRefusedPerDay { throw reached(.refusedPerDay(maxRefusedPerDay), freesAt: day(of: now, manifest).end) }
        if refused { return }
        if let total = phase.maxTotal, used.total >= total { throw reached(.total(total, phase: phase.name), freesAt: nil) }
        if let perDay = phase.maxPerDay, used.today >= perDay { throw reached(.perDay(perDay), freesAt: day(of: now, manifest).end) }
    }

    /// What is left of a team's limits after `used`.
    static func left(_ used: Usage, phase: Phase, manifest: ChallengeManifest, now: Date) -> TeamStatus {
        TeamStatus(
            bestPublicScore: nil, leftToday: phase.maxPerDay.map { max(0, $0 - used.today) },
            leftTotal: phase.maxTotal.map { max(0, $0 - used.total) },
            refusedLeftToday: max(0, maxRefusedPerDay - used.refusedToday), resetsAt: day(of: now, manifest).end)
    }

    /// Why no phase is open now.
    static func closure(_ manifest: ChallengeManifest, _ now: Date) -> StoreError.PhaseClosure {
        StoreError.PhaseClosure(
            challenge: manifest.slug, nextOpening: manifest.nextOpening(after: now), lastClosing: manifest.lastClosing,
            timeZone: manifest.timeZone)
    }

    /// A team's best primary public score: one step down the `scoreSet_board` index, however
    /// many files the team has sent (raw SQL: the index order is the query).
    static func bestPublicScore(_ db: Database, challengeId: Int64, teamId: Int64, version: Int, metric: Metric) throws -> Double? {
        let key = try Double.fetchOne(
            db,
            sql: """
                SELECT rankKey FROM scoreSet WHERE challengeId = ? AND version = ? AND teamId = ? AND rankKey IS NOT NULL
                ORDER BY rankKey DESC LIMIT 1
                """, arguments: [challengeId, version, teamId])
        return key.map { metric.higherIsBetter ? $0 : -$0 }
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
    /// The team's folder; nil for a file beside the team folders.
    public var team: String?
    public var file: String
    public var receipt: SubmitReceipt?
    public var error: String?

    /// `team` and `file` are names from the inbox's folders, made by whoever handed the files
    /// in: kept for display with their control characters shown as `�` (`Echo.text`), so that
    /// a file named with an escape sequence does not reach the terminal that lists them.
    public init(team: String?, file: String, receipt: SubmitReceipt?, error: String?) {
        self.team = team.map { Echo.text($0, limit: 200) }
        self.file = Echo.text(file, limit: 200)
        self.receipt = receipt
        self.error = error
    }
}
