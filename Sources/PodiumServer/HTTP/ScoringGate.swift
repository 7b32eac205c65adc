import Foundation
import HTTPTypes
import PodiumCore
import PodiumStore

/// Bounds the scoring work the server does at once: one file per team at a time (a second one
/// is told to wait, 429), and at most `limit` files in all (others queue). A team posting
/// many large files in parallel can then slow its own submissions only, not the pages.
///
/// Scoring runs on threads of the gate's own, at most `limit` of them, not on the global
/// queue that `offload` uses for the pages' short reads: Dispatch's global queue has about one
/// thread a core, so `limit` files being scored there (seconds each at millions of rows) left
/// no thread for a page until one ended, and a page's read could in turn hold up a scoring.
///
/// A team is keyed by its id in the store, whichever door its file came through (the API's
/// bearer token, the form's typed token, a signed-in session): keyed by how it was named, one
/// team could score two files at once.
actor ScoringGate {
    let limit: Int
    private var running = 0
    private var teams: Set<Int64> = []
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.limit = limit
    }

    /// Runs `work` for the team `teamId` within the bounds.
    func run<T: Sendable>(teamId: Int64, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard teams.insert(teamId).inserted else {
            throw APIFailure(
                status: .tooManyRequests, message: "a file of this team is being scored; send the next one when it is done",
                retryAt: Date().addingTimeInterval(2))
        }
        defer { teams.remove(teamId) }
        if running >= limit { await withCheckedContinuation { waiting.append($0) } } else { running += 1 }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return try await onThreadOfItsOwn(work)
    }
}

/// A submission from the web or the API: the challenge, its version and the team resolved in
/// one read, then scored within the gate's bounds and recorded in one write.
struct UploadSubmitter: Sendable {
    let submissions: SubmissionService
    let runs: RunService
    let gate: ScoringGate
    var metrics: ServerMetrics?

    /// What an upload became: a scored (or refused) file, or, for a code challenge, a queued run.
    enum Outcome: Sendable {
        case receipt(SubmitReceipt)
        case queued(RunTicket)
    }

    func submit(challenge slug: String, team: TeamReference, upload: Upload, source: SubmissionSource) async throws -> Outcome {
        let target = try await offload { [submissions] in try submissions.target(challenge: slug, team: team) }
        if target.manifest.code != nil {
            return .queued(
                try await offload { [runs] in
                    try runs.enqueue(challenge: slug, team: team, upload: upload.data, fileName: upload.name, message: upload.message)
                })
        }
        let receipt = try await gate.run(teamId: target.teamId) { [submissions, metrics] in
            let start = ContinuousClock.now
            let receipt = try submissions.submit(
                target, upload: upload.data, kind: upload.kind, fileName: upload.name, source: source, message: upload.message)
            metrics?.scored(challenge: slug, status: receipt.status.rawValue, duration: ContinuousClock.now - start)
            return receipt
        }
        return .receipt(receipt)
    }
}

/// Runs `work` on a new thread and awaits it (see `ScoringGate`: at most `limit` at once).
private func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.name = "podium-scoring"
        thread.start()
    }
}
