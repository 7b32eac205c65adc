import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

/// `--data DIR`, else `$PODIUM_DATA`, else `./podium-data`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The store folder (default: $PODIUM_DATA, else ./podium-data).") var data: String?

    var folder: URL { Store.defaultFolder(data) }
    func open() throws -> Store { try Store.open(folder: folder) }
}

extension Leaderboard.Format: ExpressibleByArgument {}
extension GradeSheet.Format: ExpressibleByArgument {}
