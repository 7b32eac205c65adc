import Foundation
import GRDB
import PodiumCore

/// Records keep their structured columns (a manifest, a score report, a refusal) as JSON
/// text, written and read by Podium's one JSON coder (`JSONText`). GRDB decodes them when a
/// record is fetched: a column that does not decode is an error, never a silently missing row.
protocol JSONColumnsRecord: FetchableRecord {}

extension JSONColumnsRecord {
    static func databaseJSONDecoder(for column: String) -> JSONDecoder { JSONText.decoder() }
}

extension JSONColumnsRecord where Self: EncodableRecord {
    static func databaseJSONEncoder(for column: String) -> JSONEncoder { JSONText.encoder() }
}

/// Whether a submission was accepted (scored, counts toward the limits) or refused.
public enum SubmissionStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case accepted, refused
}

/// The door a submission came through: `podium submit`, the JSON API, the web form,
/// `podium ingest`, or a code run's predictions.
public enum SubmissionSource: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case cli, api, web, ingest, code
}

/// A record whose primary key is set once it is stored.
protocol StoredRecord {
    var id: Int64? { get }
}

/// A record used as stored before it was inserted: a fault of the store's own code.
struct UnsavedRecord: Error, CustomStringConvertible {
    var type: String
    var description: String { "a \(type) was used before it was saved" }
}

extension StoredRecord {
    /// The primary key of a fetched or inserted record.
    func requireID() throws -> Int64 {
        guard let id else { throw UnsavedRecord(type: String(describing: Self.self)) }
        return id
    }
}

extension ChallengeRecord: StoredRecord {}
extension VersionRecord: StoredRecord {}
extension TeamRecord: StoredRecord {}
extension StudentRecord: StoredRecord {}
extension SubmissionRecord: StoredRecord {}
extension ScoreSetRecord: StoredRecord {}
extension InstructorTokenRecord: StoredRecord {}
extension BoardFiguresRecord: StoredRecord {}
