import Foundation
import HTTPTypes
import PodiumCore
import PodiumStore

/// Bounds the scoring work the server does at once: one file per team at a time (a second one
/// is told to wait, 429), and at most `limit` files in all (others queue). A team posting
/// many large files in parallel can then slow its own submissions only, not the pages.
actor ScoringGate {
    let limit: Int
    private var running = 0
    private var teams: Set<String> = []
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.limit = limit
    }

    /// Runs `work` for `team` within the bounds.
    func run<T: Sendable>(team: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard teams.insert(team).inserted else {
            throw APIFailure(
                status: .tooManyRequests, message: "a file of this team is being scored; send the next one when it is done",
                retryAt: Date().addingTimeInterval(2))
        }
        defer { teams.remove(team) }
        if running >= limit { await withCheckedContinuation { waiting.append($0) } } else { running += 1 }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return try await offload(work)
    }
}

extension Store {
    /// A submission from the web or the API, within the server's scoring bounds.
    func submit(challenge slug: String, team: TeamReference, upload: Upload, source: String, gate: ScoringGate) async throws -> SubmitReceipt {
        let key: String
        switch team {
        case .name(let name): key = "\(slug)/\(name)"
        case .token(let token): key = "token/\(Tokens.hash(token))"
        }
        return try await gate.run(team: key) {
            switch upload.body {
            case .csv(let data):
                try self.submit(challenge: slug, team: team, csv: data, fileName: upload.name, source: source, message: upload.message)
            case .file(_, let url):
                try self.submit(challenge: slug, team: team, file: url, source: source, message: upload.message)
            }
        }
    }
}
