import Foundation
import GRDB
import PodiumCore

/// The Python environments of this host that run participants' code, by name.
public struct EnvironmentService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Registers (or replaces) `name` as `python`, after asking it for its versions.
    @discardableResult
    public func add(name: String, python: URL) throws -> PythonEnvironment {
        let environment = try PythonEnvironment.inspect(name: name, python: python)
        let now = store.clock()
        try store.writer.write { db in
            try EnvironmentRecord(name: name, python: environment.python, versions: environment.versions, addedAt: now).upsert(db)
        }
        return environment
    }

    public func list() throws -> [PythonEnvironment] {
        try store.writer.read { db in try EnvironmentRecord.order(EnvironmentRecord.Columns.name).fetchAll(db).map(\.environment) }
    }

    /// The environment `name`; `unknownEnvironment` when none is registered under it.
    public func environment(_ name: String) throws -> PythonEnvironment {
        guard let found = try store.writer.read({ db in try EnvironmentRecord.filter(EnvironmentRecord.Columns.name == name).fetchOne(db) })
        else { throw StoreError.unknownEnvironment(name) }
        return found.environment
    }
}
