import Foundation
import GRDB
import PodiumCore

/// A code submission's run: queued, running (claimed by a worker, with a lease its heartbeat
/// extends), then accepted or refused (its predictions recorded as a submission) or failed.
struct CodeRunRecord: Codable, FetchableRecord, MutablePersistableRecord, JSONColumnsRecord {
    static let databaseTableName = "codeRun"
    var id: Int64?
    var challengeId: Int64
    var teamId: Int64
    var createdAt: Date
    var fileName: String
    /// The upload, archived under its hash.
    var sha256: String
    var message: String?
    var status: CodeRunStatus
    var attempts: Int = 0
    var worker: String?
    var leaseUntil: Date?
    var startedAt: Date?
    var finishedAt: Date?
    var failure: RunFailure?
    /// The submission its predictions became.
    var submissionId: Int64?
    var log: String?
    var elapsedSeconds: Double?
    /// The Slurm job of the current attempt (the Slurm executor), and its node.
    var slurmJob: String?
    var node: String?

    enum CodingKeys: String, CodingKey {
        case id, challengeId, teamId, createdAt, fileName, sha256, message, status, attempts, worker, leaseUntil, startedAt, finishedAt
        case submissionId, log, elapsedSeconds, slurmJob, node
        case failure = "failureJSON"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let teamId = Column(CodingKeys.teamId)
        static let status = Column(CodingKeys.status)
        static let leaseUntil = Column(CodingKeys.leaseUntil)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension CodeRunRecord: StoredRecord {}

/// Where a code submission's run is.
public enum CodeRunStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case queued, running, accepted, refused, failed

    public var isPending: Bool { self == .queued || self == .running }
}
