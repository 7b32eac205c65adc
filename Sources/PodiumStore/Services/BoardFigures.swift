import Foundation
import GRDB
import PodiumCore

/// A board's bootstrap figures, kept in the store until the counted submissions change.
struct BoardFigures: Sendable {
    let store: Store

    init(_ store: Store) { self.store = store }

    /// The paired bootstrap of a board (nil when `ranking.bootstrap` is 0): from the store
    /// when nothing it depends on changed since it was computed (the counted submissions in
    /// board order, the baseline, the settings), else computed from the archived files of the
    /// counted submissions and kept. A page view or an API read of an unchanged board reads
    /// one row.
    func figures(for board: Leaderboard, challengeId: Int64, version: VersionRecord) throws -> BoardUncertainty? {
        let manifest = version.manifest
        let settings = manifest.bootstrap
        guard settings.bootstrap > 0 else { return nil }
        let counted = board.countedSubmissions
        let key = [
            "resamples=\(settings.bootstrap)", "confidence=\(settings.confidence)", "seed=\(manifest.bootstrapSeed)",
            "baseline=\(version.baselineSHA256 ?? "-")", "counted=" + counted.map(String.init).joined(separator: ","),
        ].joined(separator: ";")
        let cached = try store.writer.read { db in
            try BoardFiguresRecord.all().of(challenge: challengeId, version: manifest.version, board: board.board).fetchOne(db)
        }
        if let cached, cached.key == key, let whole = cached.whole { return whole }

        let files = try store.writer.read { db in
            try Dictionary(
                SubmissionRecord.filter(keys: counted).fetchAll(db).map { (try $0.requireID(), ($0.sha256, $0.fileName)) },
                uniquingKeysWith: { a, _ in a })
        }
        let solution = try Solutions(store).solution(for: version)
        func predictions(_ sha: String, _ name: String) throws -> Predictions {
            try Scorer.predictions(data: CSVSource.contents(store.archive.url(for: sha)), name: name, solution: solution)
        }
        var teams: [Predictions] = []
        for id in counted {
            guard let (sha, name) = files[id] else { throw PodiumError.notFound("submission \(id)", "is not in the store") }
            teams.append(try predictions(sha, name))
        }
        let baseline = try version.baselineSHA256.map { try predictions($0, "baseline.csv") }
        guard let figures = BoardBootstrap.run(board.board, solution: solution, teams: teams, baseline: baseline) else { return nil }
        let record = BoardFiguresRecord(
            challengeId: challengeId, version: manifest.version, board: board.board, key: key, figures: figures, computedAt: store.clock())
        try store.writer.write { db in
            try BoardFiguresRecord.all().of(challenge: challengeId, version: manifest.version, board: board.board).deleteAll(db)
            var inserted = record
            try inserted.insert(db)
        }
        return figures
    }
}
