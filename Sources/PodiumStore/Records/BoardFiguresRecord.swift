import Foundation
import GRDB
import PodiumCore

/// The paired bootstrap of one board of one version, with the key of what it was computed
/// from (the settings, the baseline and the counted submissions, in board order): a board
/// read whose key matches does no bootstrap work.
struct BoardFiguresRecord: Codable, JSONColumnsRecord, MutablePersistableRecord {
    static let databaseTableName = "boardFigures"
    var id: Int64?
    var challengeId: Int64
    var version: Int
    var board: BoardKind
    var key: String
    /// The figures without their per-resample scores, which are in `samples`.
    var figures: BoardUncertainty
    /// Each ranked team's scores on the used resamples, then the baseline's, as little-endian
    /// doubles: binary, since a board of 50 teams holds 50,000 of them.
    var samples: Data
    var computedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, challengeId, version, board, key, samples, computedAt
        case figures = "figuresJSON"
    }

    enum Columns {
        static let challengeId = Column(CodingKeys.challengeId)
        static let version = Column(CodingKeys.version)
        static let board = Column(CodingKeys.board)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(challengeId: Int64, version: Int, board: BoardKind, key: String, figures: BoardUncertainty, computedAt: Date) {
        self.challengeId = challengeId
        self.version = version
        self.board = board
        self.key = key
        var summary = figures
        summary.samples = []
        // Empty, not nil, says the baseline's scores follow the teams' in `samples`.
        summary.baselineSamples = figures.baselineSamples == nil ? nil : []
        self.figures = summary
        var values = figures.samples.flatMap { $0 }
        if let baseline = figures.baselineSamples { values += baseline }
        samples = values.withUnsafeBufferPointer { Data(buffer: $0) }
        self.computedAt = computedAt
    }

    /// The figures with their per-resample scores.
    var whole: BoardUncertainty? {
        var whole = figures
        let used = figures.used
        let teams = figures.rows.count
        let hasBaseline = figures.baselineSamples != nil
        let expected = used * (teams + (hasBaseline ? 1 : 0))
        guard samples.count == expected * 8 else { return nil }
        let values: [Double] = samples.withUnsafeBytes { raw in (0..<expected).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) } }
        whole.samples = (0..<teams).map { Array(values[($0 * used)..<($0 * used + used)]) }
        whole.baselineSamples = hasBaseline ? Array(values[(teams * used)...]) : nil
        return whole
    }
}

extension DerivableRequest<BoardFiguresRecord> {
    func of(challenge id: Int64, version: Int, board: BoardKind) -> Self {
        filter(
            BoardFiguresRecord.Columns.challengeId == id && BoardFiguresRecord.Columns.version == version
                && BoardFiguresRecord.Columns.board == board.rawValue)
    }
}
