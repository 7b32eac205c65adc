import Foundation
import GRDB
import PodiumCore

/// A Python environment the instructor registered for code challenges (`podium environments add`).
struct EnvironmentRecord: Codable, FetchableRecord, PersistableRecord, JSONColumnsRecord {
    static let databaseTableName = "pythonEnvironment"
    var name: String
    var python: String
    var versions: [String: String]
    var addedAt: Date

    enum CodingKeys: String, CodingKey {
        case name, python, addedAt
        case versions = "versionsJSON"
    }

    enum Columns {
        static let name = Column(CodingKeys.name)
    }

    var environment: PythonEnvironment { PythonEnvironment(name: name, python: python, versions: versions) }
}
