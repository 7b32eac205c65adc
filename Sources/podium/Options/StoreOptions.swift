import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

/// `--data DIR`, else `$PODIUM_DATA`, else `./podium-data`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The store folder (default: $PODIUM_DATA, else ./podium-data).") var data: String?

    var folder: URL { Store.defaultFolder(data) }
    /// The store, after a warning on standard error when others may read it.
    func open() throws -> Store {
        let store = try Store.open(folder: folder)
        for warning in Store.privacyWarnings(folder: folder) { Console.error("warning: \(warning)") }
        return store
    }
}

extension Leaderboard.Format: ExpressibleByArgument {}
extension GradeSheet.Format: ExpressibleByArgument {}
extension IntegrityReport.Format: ExpressibleByArgument {}
