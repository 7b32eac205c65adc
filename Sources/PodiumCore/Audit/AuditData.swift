import Foundation

/// A challenge's tables as the audit reads them: the feature columns shared by train.csv and
/// test.csv (without the id and the target), each parsed as numbers when every value is one
/// (an empty cell is missing), the train target and the hidden answers of the test rows.
public struct AuditData: Sendable {
    public enum Side: Sendable { case train, test }

    public struct Feature: Sendable {
        public var name: String
        /// The values as text: empty for a numeric feature (its numbers are all it keeps).
        var trainText: [String]
        var testText: [String]
        /// Nil when some value is not a number; NaN for an empty cell.
        var trainNumbers: [Double]?
        var testNumbers: [Double]?

        func numbers(_ side: Side) -> [Double]? { side == .train ? trainNumbers : testNumbers }
        func text(_ side: Side) -> [String] { side == .train ? trainText : testText }
    }

    public var task: TaskKind
    public var classes: [String]
    public var features: [Feature]
    var trainIds: [String]
    var testIds: [String]
    var trainLines: [Int]
    var testLines: [Int]
    /// Class index per row (−1 unknown), or the value (NaN unknown).
    var trainLabels: [Int]?
    var testLabels: [Int]?
    var trainValues: [Double]?
    var testValues: [Double]?
    /// Whether each test row is Public (nil when its id has no answer).
    var testPublic: [Bool?]

    public var trainCount: Int { trainIds.count }
    public var testCount: Int { testIds.count }
    var hasTargets: Bool { trainLabels != nil || trainValues != nil }

    /// The tables of a challenge held as strings (the audit's tests): a feature column is
    /// numeric when all its values are numbers in both files, as `podium check` decides it.
    public init(manifest m: ChallengeManifest, train: CSVTable?, test: CSVTable, solution: Solution?) {
        func numericNames(_ table: CSVTable) -> Set<String> {
            Set(table.header.indices.filter { c in Self.numbers(table.rows.map { Self.trimmed($0[c]) }) != nil }.map { table.header[$0] })
        }
        var numeric = numericNames(test)
        if let train { numeric.formIntersection(numericNames(train)) }
        numeric.subtract([m.id, m.target])
        self.init(
            manifest: m, train: train.map { ColumnarTable($0, numeric: numeric) }, test: ColumnarTable(test, numeric: numeric),
            solution: solution)
    }

    /// The tables of a challenge: train (optional) and test as read, and the solution. A
    /// feature is numeric when its column is numbers in both tables (one that is numbers in
    /// one table only is compared as text, its numbers written as Swift writes them).
    public init(manifest m: ChallengeManifest, train: ColumnarTable?, test: ColumnarTable, solution: Solution?) {
        task = m.task
        classes = m.classes
        let testColumns = Set(test.header)
        let names = (train?.header ?? test.header).filter { $0 != m.id && $0 != m.target && testColumns.contains($0) }
        var seen = Set<String>()
        let unique = names.filter { seen.insert($0).inserted }
        features = unique.map { name in
            let testColumn = test.columns[test.column(name)!]
            let trainColumn = train.map { $0.columns[$0.column(name)!] }
            if case .numbers(let b) = testColumn {
                switch trainColumn {
                case .numbers(let a): return Feature(name: name, trainText: [], testText: [], trainNumbers: a, testNumbers: b)
                case nil: return Feature(name: name, trainText: [], testText: [], trainNumbers: [], testNumbers: b)
                case .text: break
                }
            }
            return Feature(
                name: name, trainText: train?.text(name) ?? [], testText: test.text(name) ?? [], trainNumbers: nil, testNumbers: nil)
        }
        trainIds = train?.text(m.id) ?? []
        testIds = test.text(m.id) ?? []
        trainLines = train?.lines ?? []
        testLines = test.lines
        let classIndex = Dictionary(m.classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        if let target = train?.text(m.target) {
            if m.task.isClassification {
                trainLabels = target.map { classIndex[$0] ?? -1 }
            } else {
                trainValues = target.map { Self.number($0) ?? .nan }
            }
        }
        let rows = testIds.map { solution?.row(of: $0) }
        testPublic = rows.map { row in row.flatMap { r in solution.map { $0.isPublic(r) } } }
        if let solution {
            if m.task.isClassification {
                let labels = solution.labels
                testLabels = rows.map { $0.map { Int(labels[$0]) } ?? -1 }
            } else {
                testValues = rows.map { $0.map { solution.values[$0] } ?? .nan }
            }
        }
    }

    /// The text without leading and trailing spaces and tabs; the same string (no copy) when
    /// it has none, which is nearly always (Foundation's trimming took two thirds of the
    /// audit's time on 100,000 rows).
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return text }
        if first != 32 && first != 9 && last != 32 && last != 9 { return text }
        let start = bytes.firstIndex { $0 != 32 && $0 != 9 } ?? bytes.endIndex
        guard start != bytes.endIndex else { return "" }
        let end = bytes.lastIndex { $0 != 32 && $0 != 9 }!
        return String(text[start...end])
    }

    static func number(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { bytes in
            if case .number(let v) = NumberParser.parse(bytes) { return v }
            return nil
        }
    }

    /// Every value as a number (empty: NaN), or nil when one is not a number or all are empty.
    static func numbers(_ text: [String]) -> [Double]? {
        var out = [Double]()
        out.reserveCapacity(text.count)
        var any = false
        for t in text {
            if t.isEmpty {
                out.append(.nan)
            } else if let v = number(t) {
                out.append(v == 0 ? 0 : v)  // −0 equals 0
                any = true
            } else {
                return nil
            }
        }
        return any || text.isEmpty ? out : nil
    }

    func labels(_ side: Side) -> [Int]? { side == .train ? trainLabels : testLabels }
    func values(_ side: Side) -> [Double]? { side == .train ? trainValues : testValues }

    /// Row indices in id order: numeric when every id is a number, else by text.
    func idOrder(_ side: Side) -> [Int] {
        let ids = side == .train ? trainIds : testIds
        if let numbers = Self.numbers(ids), !numbers.contains(where: \.isNaN) {
            return ids.indices.sorted { (numbers[$0], $0) < (numbers[$1], $1) }
        }
        return ids.indices.sorted { (ids[$0], $0) < (ids[$1], $1) }
    }

    /// Class labels of train, public and private rows (classification).
    func parts() -> [(String, [Int])] { split(train: trainLabels, test: testLabels) }

    /// Target values of train, public and private rows (regression).
    func valueParts() -> [(String, [Double])] { split(train: trainValues, test: testValues) }

    /// A train column as is, and a test column cut into its Public and Private rows.
    private func split<T>(train: [T]?, test: [T]?) -> [(String, [T])] {
        var out: [(String, [T])] = []
        if let train { out.append(("train", train)) }
        if let test {
            out.append(("public", test.indices.filter { testPublic[$0] == true }.map { test[$0] }))
            out.append(("private", test.indices.filter { testPublic[$0] == false }.map { test[$0] }))
        }
        return out
    }

    /// A row's features hashed (FNV-1a over each value: a number's bits, else its text).
    func rowHash(_ row: Int, in side: Side) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        for feature in features {
            if let numbers = feature.numbers(side) {
                var bits = numbers[row].isNaN ? UInt64.max : numbers[row].bitPattern
                for _ in 0..<8 {
                    mix(UInt8(truncatingIfNeeded: bits))
                    bits >>= 8
                }
            } else {
                for byte in feature.text(side)[row].utf8 { mix(byte) }
            }
            mix(0x1F)
        }
        return hash
    }

    func sameFeatures(test: Int, train: Int) -> Bool {
        features.allSatisfy { f in
            if let a = f.testNumbers, let b = f.trainNumbers { return a[test] == b[train] || (a[test].isNaN && b[train].isNaN) }
            return f.testText[test] == f.trainText[train]
        }
    }

    func sameTarget(test: Int, train: Int) -> Bool {
        if let a = testLabels, let b = trainLabels { return a[test] >= 0 && a[test] == b[train] }
        if let a = testValues, let b = trainValues { return a[test] == b[train] }
        return false
    }
}
