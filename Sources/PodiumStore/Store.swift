import Foundation
import GRDB
import PodiumCore
import Synchronization

/// The course's store: challenges, teams, students and every submission, in SQLite, with the
/// submitted files archived beside it. One `Store` is shared by the CLI and the server; the
/// file is opened in WAL mode with a busy timeout so that several processes can use it.
public struct Store: Sendable {
    public let writer: any DatabaseWriter
    public let archive: FileArchive
    /// The time used for phases, limits and records (tests move it).
    public let clock: @Sendable () -> Date
    let solutions = SolutionCache()
    /// Points where tests run work in between a step's reading and its writing.
    var hooks = StoreHooks()

    public init(writer: any DatabaseWriter, archive: FileArchive, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.writer = writer
        self.archive = archive
        self.clock = clock
        try Self.migrator.migrate(writer)
    }

    /// Opens (or creates) the store in `folder`: `podium.sqlite` and `archive/`.
    public static func open(folder: URL, clock: @escaping @Sendable () -> Date = { Date() }) throws -> Store {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
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

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Shipped migrations are never edited: add a new one instead.
        migrator.registerMigration("v1") { db in
            try db.create(table: "challenge") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("slug", .text).notNull().unique()
                t.column("title", .text).notNull()
                t.column("currentVersion", .integer).notNull()
                t.column("revealedAt", .datetime)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "challengeVersion") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("manifestJSON", .text).notNull()
                t.column("bundleSHA256", .text).notNull()
                t.column("readme", .text).notNull()
                t.column("solutionCSV", .blob).notNull()
                t.column("startingKit", .blob).notNull()
                t.column("baselineJSON", .text)
                t.column("publishedAt", .datetime).notNull()
                t.uniqueKey(["challengeId", "version"])
            }
            try db.create(table: "team") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.column("name", .text).notNull()
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["challengeId", "name"])
            }
            try db.create(table: "student") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.column("studentNumber", .text).notNull()
                t.column("name", .text).notNull()
                t.column("email", .text).notNull()
                t.uniqueKey(["challengeId", "studentNumber"])
            }
            try db.create(table: "submission") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("phase", .text).notNull()
                t.column("fileName", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("status", .text).notNull().check { ["accepted", "refused"].contains($0) }
                t.column("problemsJSON", .text)
                t.column("selected", .boolean).notNull().defaults(to: false)
                t.column("source", .text).notNull()
            }
            try db.create(index: "submission_team_time", on: "submission", columns: ["teamId", "status", "createdAt"])
            try db.create(index: "submission_team_hash", on: "submission", columns: ["teamId", "sha256"])
            try db.create(table: "scoreSet") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("submission", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("scoresJSON", .text)
                t.column("error", .text)
                t.column("scoredAt", .datetime).notNull()
                t.uniqueKey(["submissionId", "version"])
            }
            try db.create(table: "instructorToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
            }
        }
        return migrator
    }
}

// MARK: - Records
