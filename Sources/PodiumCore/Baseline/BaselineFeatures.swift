import Foundation

/// The design matrix of a baseline, as scikit-learn's usual tabular pipeline builds it:
/// numeric columns with missing values replaced by the train mean, then standardised
/// (`SimpleImputer(strategy="mean")`, `StandardScaler`); text columns with at most
/// `maxLevels` values with missing ones replaced by the most frequent value, then one-hot
/// encoded, values unseen in train left at zero (`SimpleImputer(strategy="most_frequent")`,
/// `OneHotEncoder(handle_unknown="ignore")`). Other text columns (free text, names, other ids)
/// are left out. Every choice is made on train.csv alone.
public struct BaselineFeatures: Sendable {
    public static let maxLevels = 20

    public enum Column: Sendable, Equatable {
        case numeric(name: String, mean: Double, scale: Double)
        case text(name: String, levels: [String], fill: String)
        case dropped(name: String, why: String)
    }

    public var columns: [Column]

    /// Features a row: one a numeric column, one a level of a text column.
    public var width: Int {
        columns.reduce(0) { n, c in
            switch c {
            case .numeric: n + 1
            case .text(_, let levels, _): n + levels.count
            case .dropped: n
            }
        }
    }

    public var numericCount: Int { columns.filter { if case .numeric = $0 { true } else { false } }.count }
    public var textCount: Int { columns.filter { if case .text = $0 { true } else { false } }.count }
    public var dropped: [(name: String, why: String)] {
        columns.compactMap { if case .dropped(let name, let why) = $0 { (name, why) } else { nil } }
    }

    static func number(_ text: String) -> Double? {
        if MissingValue.isMissing(text) { return nil }
        return AuditData.number(AuditData.trimmed(text))
    }

    /// Learns the columns from `train`: every column but `excluded` (the id and the target).
    public init(train: CSVTable, excluded: Set<String>) {
        columns = train.header.indices.compactMap { c -> Column? in
            let name = train.header[c]
            guard !excluded.contains(name) else { return nil }
            let cells = train.rows.map { AuditData.trimmed($0[c]) }
            let present = cells.filter { !MissingValue.isMissing($0) }
            guard !present.isEmpty else { return .dropped(name: name, why: "empty on every train row") }
            let numbers = present.compactMap(AuditData.number)
            if numbers.count == present.count {
                // The mean imputed, then the mean and the population deviation of the imputed
                // column, as the scaler sees it after the imputer.
                let mean = numbers.accurateMean()
                var sum = CompensatedSum()
                for v in numbers { sum.add((v - mean) * (v - mean)) }
                let deviation = (sum.value / Double(cells.count)).squareRoot()
                return .numeric(name: name, mean: mean, scale: deviation > 0 && deviation.isFinite ? deviation : 1)
            }
            var counts: [String: Int] = [:]
            for v in present { counts[v, default: 0] += 1 }
            guard counts.count <= Self.maxLevels else {
                return .dropped(name: name, why: "text with \(counts.count) distinct values (more than \(Self.maxLevels))")
            }
            let levels = counts.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            // The most frequent value, the smallest on a tie (scikit-learn's most_frequent).
            let fill = levels.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && $0 > $1) }!
            return .text(name: name, levels: levels, fill: fill)
        }
    }

    /// The rows of `table` as a row-major matrix of `width` columns.
    public func matrix(_ table: CSVTable) -> [Double] {
        let positions = columns.map { column -> Int? in
            switch column {
            case .numeric(let name, _, _), .text(let name, _, _): table.column(name)
            case .dropped: nil
            }
        }
        let width = self.width
        var out = [Double](repeating: 0, count: table.rows.count * width)
        for (r, row) in table.rows.enumerated() {
            var j = r * width
            for (k, column) in columns.enumerated() {
                switch column {
                case .numeric(_, let mean, let scale):
                    let value = positions[k].flatMap { Self.number(row[$0]) } ?? mean
                    out[j] = (value - mean) / scale
                    j += 1
                case .text(_, let levels, let fill):
                    var cell = positions[k].map { AuditData.trimmed(row[$0]) } ?? ""
                    if MissingValue.isMissing(cell) { cell = fill }
                    if let level = levels.firstIndex(of: cell) { out[j + level] = 1 }
                    j += levels.count
                case .dropped:
                    break
                }
            }
        }
        return out
    }
}
