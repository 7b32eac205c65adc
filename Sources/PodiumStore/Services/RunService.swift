import Foundation
import GRDB
import PodiumCore

/// What a team is told when its code is queued.
public struct RunTicket: Codable, Sendable, Equatable {
    public var id: Int64
    public var status: CodeRunStatus
    /// 1 for the next run a worker takes.
    public var position: Int
}

/// Where a code submission's run is, and how it ended.
public struct RunState: Codable, Sendable {
    public var id: Int64
    public var team: String
    public var status: CodeRunStatus
    /// The upload's name, as it was sent.
    public var fileName: String
    /// Its place in the queue (1: next), while it is queued.
    public var position: Int?
    public var queuedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var elapsedSeconds: Double?
    public var attempts: Int
    public var failure: RunFailure?
    /// The submission its predictions became (accepted or refused).
    public var submissionId: Int64?
    /// The Slurm job of its last attempt, and the node it ran on (the Slurm executor).
    public var slurmJob: String?
    public var node: String?
}

/// A run a worker has claimed, with what it needs to execute it.
public struct ClaimedRun: Sendable {
    public var id: Int64
    public var attempt: Int
    public var manifest: ChallengeManifest
    public var fileName: String
    /// The participant's upload as it was sent.
    public var code: Data
    /// The public data: train.csv and test.csv, from the version's starting kit.
    public var inputs: [(Data, String)]
    /// The author's ingestion program (`code.ingestion`), as the starting kit holds it.
    public var program: IngestionProgram?
    public var slug: String
    /// The Slurm job an earlier attempt started (a worker restarted mid-flight finds it again).
    public var slurmJob: String?
}

/// The queue of code runs: a code submission is checked and queued; workers claim runs with a
/// lease (`leaseSeconds`) that their heartbeat extends, so that a run whose worker died is
/// taken again, never left running; a platform fault requeues it, up to `maxAttempts`, and
/// never costs the team. Predictions become a submission through `SubmissionService`, scored,
/// limited and ranked like an uploaded file.
public struct RunService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public static let leaseSeconds: TimeInterval = 30
    public static let maxAttempts = 3

    /// Checks and queues `file` (model.py or a .zip) for the team. Throws when the phase is
    /// closed, a limit is reached, the team already has `max_pending` runs waiting, or the
    /// upload is not runnable (`CSVError` naming the file and why).
    public func enqueue(challenge slug: String, team reference: TeamReference, file url: URL, message: String? = nil) throws -> RunTicket {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CSVError(file: Echo.fileName(url.lastPathComponent), line: nil, message: "cannot be read (no such file or no permission)")
        }
        return try enqueue(challenge: slug, team: reference, upload: data, fileName: url.lastPathComponent, message: message)
    }

    /// An upload in memory (the server's), checked and queued the same way.
    public func enqueue(challenge slug: String, team reference: TeamReference, upload data: Data, fileName: String, message: String? = nil) throws
        -> RunTicket
    {
        let message = try SubmissionNote.clean(message)
        let submissions = SubmissionService(store)
        let target = try submissions.target(challenge: slug, team: reference)
        let manifest = target.manifest
        guard let code = manifest.code else {
            throw PodiumError.invalid(Echo.fileName(fileName), "\(Echo.quoted(slug)) takes prediction files, not code")
        }
        guard let phase = target.phase else { throw StoreError.phaseClosed(SubmissionLimits.closure(manifest, target.now)) }
        // A team already at its limits is told before its upload is unpacked and archived.
        try SubmissionLimits.check(target.usage, manifest: manifest, phase: phase, team: target.teamName, now: target.now)
        // Checked before it queues: size, entries, the entry present.
        let check = try TemporaryDirectory(prefix: "podium-code-check")
        try CodeUpload.unpack(data: data, name: fileName, entry: code.entry, maxBytes: code.maxSize, into: check.url)
        let sha = try store.archive.store(data)
        let now = target.now
        var record = CodeRunRecord(
            id: nil, challengeId: try target.challenge.requireID(), teamId: target.teamId, createdAt: now,
            fileName: Echo.fileName(fileName), sha256: sha, message: message, status: .queued)
        return try store.writer.write { db in
            // The limits in the write that queues: runs still queued or running hold their
            // place in them (they count once accepted), and a team has `max_pending` at most.
            let pending = try CodeRunRecord.filter(CodeRunRecord.Columns.teamId == target.teamId)
                .filter([CodeRunStatus.queued, .running].contains(CodeRunRecord.Columns.status)).fetchAll(db)
            var usage = try SubmissionLimits.usage(db, manifest: manifest, phase: phase, teamId: target.teamId, now: now)
            usage.today += pending.count
            usage.total += pending.count
            try SubmissionLimits.check(usage, manifest: manifest, phase: phase, team: target.teamName, now: now)
            if pending.count >= code.maxPending, let waiting = pending.first {
                throw StoreError.limitReached(
                    .init(
                        team: target.teamName, limit: .pending(code.maxPending, run: try waiting.requireID()), freesAt: nil,
                        timeZone: manifest.timeZone))
            }
            try record.insert(db)
            let id = try record.requireID()
            let ahead = try CodeRunRecord.filter(CodeRunRecord.Columns.status == CodeRunStatus.queued).filter(CodeRunRecord.Columns.id < id)
                .fetchCount(db)
            return RunTicket(id: id, status: .queued, position: ahead + 1)
        }
    }

    /// Takes the oldest queued run, or a running one whose lease lapsed (its worker died), for
    /// `worker`. A run past `maxAttempts` fails as `platform`, not counted. Nil when none waits.
    public func claim(worker: String) throws -> ClaimedRun? {
        let now = store.clock()
        let claimed: (CodeRunRecord, VersionRecord)? = try store.writer.write { db in
            while true {
                guard
                    var run = try CodeRunRecord.filter(
                        CodeRunRecord.Columns.status == CodeRunStatus.queued
                            || (CodeRunRecord.Columns.status == CodeRunStatus.running && CodeRunRecord.Columns.leaseUntil < now)
                    ).order(CodeRunRecord.Columns.id).fetchOne(db)
                else { return nil }
                if run.attempts >= Self.maxAttempts {
                    run.status = .failed
                    run.finishedAt = now
                    run.failure = RunFailure(
                        kind: .platform, message: "the platform failed \(run.attempts) times to run it (not your code's fault; it does not count)")
                    run.worker = nil
                    try run.update(db)
                    continue
                }
                run.status = .running
                run.attempts += 1
                run.worker = worker
                run.leaseUntil = now.addingTimeInterval(Self.leaseSeconds)
                run.startedAt = now
                try run.update(db)
                guard let challenge = try ChallengeRecord.fetchOne(db, key: run.challengeId) else { return nil }
                return (run, try ChallengeRecord.current(db, slug: challenge.slug).1)
            }
        }
        guard let (run, version) = claimed else { return nil }
        let kit = try store.writer.read { db in try VersionRecord.startingKit(db, id: try version.requireID()) }
        var inputs: [(Data, String)] = []
        for name in ["train.csv", "test.csv"] {
            if let data = try StartingKit.contents(kit, path: "data/\(name)") { inputs.append((data, name)) }
        }
        let program = try version.manifest.code?.ingestion.map { try IngestionProgram.load(kit: kit, folder: $0) }
        let code = try CSVSource.contents(store.archive.url(for: run.sha256))
        return ClaimedRun(
            id: try run.requireID(), attempt: run.attempts, manifest: version.manifest, fileName: run.fileName, code: code, inputs: inputs,
            program: program, slug: version.manifest.slug, slurmJob: run.slurmJob)
    }

    /// The worker is alive: its lease on the run goes on. False when the run is no longer its own.
    @discardableResult
    public func heartbeat(_ id: Int64, worker: String) throws -> Bool {
        let until = store.clock().addingTimeInterval(Self.leaseSeconds)
        return try store.writer.write { db in
            try CodeRunRecord.filter(key: id).filter(Column("worker") == worker && CodeRunRecord.Columns.status == CodeRunStatus.running)
                .updateAll(db, CodeRunRecord.Columns.leaseUntil.set(to: until)) == 1
        }
    }

    /// The Slurm job (and, once known, the node) running the worker's attempt; false when the
    /// run is no longer this worker's.
    @discardableResult
    public func attach(_ id: Int64, worker: String, slurmJob: String?, node: String? = nil) throws -> Bool {
        try store.writer.write { db in
            try CodeRunRecord.filter(key: id).filter(Column("worker") == worker && CodeRunRecord.Columns.status == CodeRunStatus.running)
                .updateAll(db, Column("slurmJob").set(to: slurmJob), Column("node").set(to: node)) == 1
        }
    }

    /// Hands a run back to the queue: its worker is stopping (SIGTERM). The attempt is not
    /// counted; a Slurm job keeps running, and the next worker finds it again.
    public func release(_ id: Int64, worker: String) throws {
        try store.writer.write { db in
            guard var run = try CodeRunRecord.fetchOne(db, key: id), run.status == .running, run.worker == worker else { return }
            run.status = .queued
            run.worker = nil
            run.leaseUntil = nil
            run.attempts = max(0, run.attempts - 1)
            try run.update(db)
        }
    }

    /// Records how the run ended. A platform fault puts it back in the queue; predictions become
    /// a submission (accepted or refused, as an uploaded file); a run no longer this worker's
    /// (its lease lapsed and another took it) is left to the other, so it counts once. The
    /// ownership is checked in the transaction that records the outcome (and the submission).
    public func complete(_ id: Int64, worker: String, report: RunReport, predictions: Data?) throws {
        let now = store.clock()
        struct NoLongerOwned: Error {}
        func owned(_ db: Database) throws -> CodeRunRecord? {
            guard let run = try CodeRunRecord.fetchOne(db, key: id), run.status == .running, run.worker == worker else { return nil }
            return run
        }
        guard var run = try store.writer.read(owned) else { return }
        run.log = report.log
        run.elapsedSeconds = report.elapsedSeconds
        run.worker = nil
        run.leaseUntil = nil
        if report.failure?.kind == .platform {
            run.status = .queued
            run.failure = report.failure
            // The next attempt starts a job of its own.
            run.slurmJob = nil
        } else if let predictions {
            let submissions = SubmissionService(store)
            // Judged as of its upload: the phase and the limits when the team sent it.
            let (slug, teamName) = try store.writer.read { db -> (String, String) in
                guard let challenge = try ChallengeRecord.fetchOne(db, key: run.challengeId), let team = try TeamRecord.fetchOne(db, key: run.teamId)
                else { throw StoreError.unknownChallenge("#\(run.challengeId)") }
                return (challenge.slug, team.name)
            }
            let target = try store.writer.read { db in try submissions.target(db, slug: slug, team: .name(teamName), now: run.createdAt) }
            let finished = run
            do {
                _ = try submissions.submit(
                    target, csv: predictions, fileName: run.fileName + "-predictions.csv", source: .code, message: run.message
                ) { db, record in
                    guard try owned(db) != nil else { throw NoLongerOwned() }
                    var done = finished
                    done.status = record.status == .accepted ? .accepted : .refused
                    done.submissionId = try record.requireID()
                    done.finishedAt = now
                    try done.update(db)
                }
                return
            } catch is NoLongerOwned {
                return
            } catch let error as StoreError {
                // A limit reached or the phase closed while it ran (another file of the team
                // came first): it fails, uncounted, with why.
                run.status = .failed
                run.failure = RunFailure(
                    kind: .platform, message: "its predictions could not be recorded: \(error.localizedDescription) (not counted)")
                run.finishedAt = now
            }
        } else {
            run.status = .failed
            run.failure = report.failure
            run.finishedAt = now
        }
        let outcome = run
        try store.writer.write { db in
            guard try owned(db) != nil else { return }
            try outcome.update(db)
        }
    }

    /// A run's state, for its own team (or the instructor, `team` nil); another team's is unknown.
    public func state(_ slug: String, id: Int64, team: String?) throws -> RunState {
        try store.writer.read { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            guard let run = try CodeRunRecord.fetchOne(db, key: id), run.challengeId == challenge.id,
                let owner = try TeamRecord.fetchOne(db, key: run.teamId), team == nil || owner.name == team
            else { throw StoreError.unknownSubmission(id) }
            return try Self.state(db, run, team: owner.name)
        }
    }

    /// A team's runs of a challenge, the newest first (at most `limit`).
    public func runs(_ slug: String, team: String, limit: Int = 20) throws -> [RunState] {
        try store.writer.read { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            guard let owner = try TeamRecord.all().of(challenge: try challenge.requireID()).named(team).fetchOne(db) else { return [] }
            return try CodeRunRecord.filter(CodeRunRecord.Columns.teamId == owner.id).order(CodeRunRecord.Columns.id.desc).limit(limit)
                .fetchAll(db).map { try Self.state(db, $0, team: owner.name) }
        }
    }

    /// Every run of a challenge (or of one team), the newest first: the instructor's view.
    public func all(_ slug: String, team: String? = nil) throws -> [RunState] {
        if let team { return try runs(slug, team: team, limit: Int.max) }
        return try store.writer.read { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            let names = Dictionary(
                try TeamRecord.all().of(challenge: try challenge.requireID()).fetchAll(db).map { (try $0.requireID(), $0.name) },
                uniquingKeysWith: { a, _ in a })
            return try CodeRunRecord.filter(Column("challengeId") == challenge.id).order(CodeRunRecord.Columns.id.desc).fetchAll(db)
                .map { try Self.state(db, $0, team: names[$0.teamId] ?? "?") }
        }
    }

    static func state(_ db: Database, _ run: CodeRunRecord, team: String) throws -> RunState {
        let id = try run.requireID()
        var position: Int?
        if run.status == .queued {
            position =
                try CodeRunRecord.filter(CodeRunRecord.Columns.status == CodeRunStatus.queued).filter(CodeRunRecord.Columns.id < id)
                .fetchCount(db) + 1
        }
        return RunState(
            id: id, team: team, status: run.status, fileName: run.fileName, position: position, queuedAt: run.createdAt,
            startedAt: run.startedAt, finishedAt: run.finishedAt, elapsedSeconds: run.elapsedSeconds, attempts: run.attempts,
            failure: run.failure, submissionId: run.submissionId, slurmJob: run.slurmJob, node: run.node)
    }

    /// A run's log (stdout and stderr, capped), for its own team or the instructor.
    public func log(_ slug: String, id: Int64, team: String?) throws -> String {
        _ = try state(slug, id: id, team: team)
        return try store.writer.read { db in try CodeRunRecord.fetchOne(db, key: id)?.log ?? "" }
    }
}
