import Foundation
import GRDB
import Logging
import PodiumCore
import Synchronization

/// The course's store: challenges, teams, students and every submission, in SQLite, with the
/// submitted files archived beside it. It opens the database, migrates it and holds what the
/// services share (the archive, the clock, the solutions of this process, a logger); the jobs
/// themselves are services over it, one per file in `Services/` (`SubmissionService`,
/// `BoardService`, `PublishingService`...). One `Store` is shared by the CLI and the server;
/// the file is opened in WAL mode with a busy timeout so that several processes can use it.
public struct Store: Sendable {
    /// The database, written only through the services' named operations (publish, submit,
    /// select, reveal, roster import), each one transaction that keeps the invariants.
    let writer: any DatabaseWriter
    public let archive: FileArchive
    /// The time used for phases, limits and records (tests move it).
    public let clock: @Sendable () -> Date
    let solutions = SolutionCache()
    /// Where the services say what went wrong that they worked around (a solution image not
    /// written, a board shown without its figures). The server gives its own.
    public var logger = Logger(label: "podium.store")
    /// Points where tests run work in between a step's reading and its writing.
    var hooks = StoreHooks()

    public init(writer: any DatabaseWriter, archive: FileArchive, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.writer = writer
        self.archive = archive
        self.clock = clock
        try Self.migrator.migrate(writer)
    }

    /// The same store, telling `logger` what it works around.
    public func logging(to logger: Logger) -> Store {
        var store = self
        store.logger = logger
        return store
    }

    /// Opens (or creates) the store in `folder`: `podium.sqlite` and `archive/`. The store
    /// holds hidden labels, students' emails and every submitted file: it is created readable
    /// by its owner only (folders 0700, files 0600; SQLite gives its -wal and -shm files the
    /// database's mode). `privacyWarnings(folder:)` tells when an existing one is looser.
    public static func open(folder: URL, clock: @escaping @Sendable () -> Date = { Date() }) throws -> Store {
        try Privacy.createFolder(folder)
        try Privacy.createFile(folder.appending(path: "podium.sqlite"))
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: folder.appending(path: "podium.sqlite").path, configuration: configuration)
        return try Store(writer: pool, archive: FileArchive(folder: folder.appending(path: "archive")), clock: clock)
    }

    /// A store in memory (tests), its archive in a temporary folder.
    public static func inMemory(archiveFolder: URL, clock: @escaping @Sendable () -> Date = { Date() }) throws -> Store {
        try Store(writer: DatabaseQueue(), archive: FileArchive(folder: archiveFolder), clock: clock)
    }

    /// The store folder: `--data`, else `$PODIUM_DATA`, else `./podium-data`.
    public static func defaultFolder(_ given: String?) -> URL {
        if let given { return URL(fileURLWithPath: given) }
        if let env = ProcessInfo.processInfo.environment["PODIUM_DATA"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: "podium-data")
    }
}
