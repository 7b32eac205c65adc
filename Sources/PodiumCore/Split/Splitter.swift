import Foundation

public struct SplitOptions: Sendable {
    public var target: String
    public var id: String?
    public var testFraction = 0.4
    public var publicFraction = 0.5
    public var seed: UInt64 = 42
    public var task: TaskKind?
    public var classes: [String]?

    public init(
        target: String, id: String? = nil, testFraction: Double = 0.4, publicFraction: Double = 0.5, seed: UInt64 = 42, task: TaskKind? = nil,
        classes: [String]? = nil
    ) {
        self.target = target
        self.id = id
        self.testFraction = testFraction
        self.publicFraction = publicFraction
        self.seed = seed
        self.task = task
        self.classes = classes
    }
}

public struct SplitResult: Sendable {
    public var train: CSVTable
    public var test: CSVTable
    public var solution: CSVTable
    public var task: TaskKind
    /// Classes in order of first appearance (classification), else empty.
    public var classes: [String]
    public var idColumn: String
    public var generatedIds: Bool
    /// Rows of the raw file whose features (every column but the id and the target, numbers
    /// compared as numbers) repeat another row's: each such group is kept on one side.
    public var duplicates: SplitDuplicates?
    /// Raw-file lines of the rows left out because their target is missing (empty, `NA`...).
    public var unlabelled: [Int] = []
}

/// What the split did with rows that are copies of each other.
public struct SplitDuplicates: Sendable, Equatable {
    /// Rows that repeat an earlier row's features, and the groups they form.
    public var rows: Int
    public var groups: Int
    /// Rows moved so that no group straddles train and test.
    public var moved: Int
    /// Raw-file lines of the first few groups' rows.
    public var examples: [[Int]]
}

public enum Splitter {
    /// Splits a labelled table: stratified by class for classification, seeded, rows shuffled
    /// so that neither order nor ids tell anything of the target.
    public static func split(_ raw: CSVTable, file: String, options: SplitOptions) throws -> SplitResult {
        func fail(_ line: Int?, _ message: String) -> CSVError { CSVError(file: file, line: line, message: message) }
        guard options.testFraction > 0 && options.testFraction < 1 else {
            throw PodiumError.invalid("test fraction", "expected a fraction strictly between 0 and 1, found \(options.testFraction)")
        }
        guard options.publicFraction > 0 && options.publicFraction < 1 else {
            throw PodiumError.invalid("public fraction", "expected a fraction strictly between 0 and 1, found \(options.publicFraction)")
        }
        guard let targetColumn = raw.column(options.target) else {
            throw fail(1, "no target column \(Echo.quoted(options.target)); the columns are \(Echo.list(raw.header, separator: ", "))")
        }
        // A row without a target can be neither learnt from nor scored: it is left out, and said.
        let labelled = raw.rows.indices.filter { !MissingValue.isMissing(raw.rows[$0][targetColumn]) }
        let unlabelled =
            labelled.count == raw.rows.count
            ? [] : raw.rows.indices.filter { MissingValue.isMissing(raw.rows[$0][targetColumn]) }.map { raw.lines[$0] }
        let raw = unlabelled.isEmpty ? raw : CSVTable(header: raw.header, rows: labelled.map { raw.rows[$0] }, lines: labelled.map { raw.lines[$0] })
        let n = raw.rows.count
        guard n >= 4 else {
            throw fail(nil, "has \(n) data rows with a target \(Echo.quoted(options.target)); a split needs at least 4")
        }
        var seen = Set<String>()
        for name in raw.header where !seen.insert(name).inserted { throw fail(1, "column \(Echo.quoted(name)) appears twice in the header") }

        var rng = SeededGenerator(seed: options.seed)
        var order = Array(0..<n)
        rng.shuffle(&order)

        // The id column: given, found as "id", or generated in shuffled order.
        var header = raw.header
        var rows = raw.rows
        var idName = options.id ?? "id"
        let generated: Bool
        if let idColumn = raw.column(idName) {
            if idColumn == targetColumn { throw fail(1, "the id and target columns must differ") }
            var first: [String: Int] = [:]
            for (i, row) in raw.rows.enumerated() {
                let id = row[idColumn]
                if id.isEmpty { throw fail(raw.lines[i], "the id \(Echo.quoted(idName)) is empty") }
                if let previous = first[id] { throw fail(raw.lines[i], "id \(Echo.quoted(id)) already appears on line \(previous)") }
                first[id] = raw.lines[i]
            }
            generated = false
        } else if options.id != nil {
            throw fail(1, "no id column \(Echo.quoted(idName)); the columns are \(Echo.list(raw.header, separator: ", "))")
        } else {
            // Numbered once every row has its place (below): numbers drawn before the split
            // would follow it (public rows first), and tell participants which rows are private.
            idName = "id"
            header.insert(idName, at: 0)
            for row in rows.indices { rows[row].insert("", at: 0) }
            generated = true
        }
        let idColumn = header.firstIndex(of: idName)!
        let target = header.firstIndex(of: options.target)!
        let targets = rows.map { $0[target].trimmingCharacters(in: .whitespaces) }

        let task = options.task ?? inferTask(targets)
        var classes: [String] = []
        if task.isClassification {
            var firstSeen = Set<String>()
            classes = targets.filter { firstSeen.insert($0).inserted }
            if let declared = options.classes {
                for (i, t) in targets.enumerated() where !declared.contains(t) {
                    throw fail(
                        raw.lines[i], "target \(Echo.quoted(t)) is not one of the classes \(Echo.list(declared, separator: ", ")) of challenge.yaml")
                }
                classes = declared.filter { firstSeen.contains($0) }
            }
        } else {
            for (i, t) in targets.enumerated() {
                guard case .number = NumberParser.parse(t) else {
                    throw fail(raw.lines[i], "target \(Echo.quoted(t)) is not a number (a regression target)")
                }
            }
        }

        // Strata in shuffled order; one stratum for regression.
        var strata: [[Int]] = task.isClassification ? classes.map { _ in [] } : [[]]
        for row in order {
            strata[task.isClassification ? classes.firstIndex(of: targets[row])! : 0].append(row)
        }
        let testTakes = allocate(strata.map(\.count), fraction: options.testFraction)
        var train: [Int] = []
        var test: [Int] = []
        var usagePublic = Set<Int>()
        var testStrata: [[Int]] = []
        for (s, rowsOfStratum) in strata.enumerated() {
            test += rowsOfStratum.prefix(testTakes[s])
            testStrata.append(Array(rowsOfStratum.prefix(testTakes[s])))
            train += rowsOfStratum.dropFirst(testTakes[s])
        }
        let publicTakes = allocate(testStrata.map(\.count), fraction: options.publicFraction)
        for (s, rowsOfStratum) in testStrata.enumerated() { usagePublic.formUnion(rowsOfStratum.prefix(publicTakes[s])) }
        // Copies of a row (same features) stay together, on the side most of them are on
        // (train on a tie): else a test row's answer is in train.csv.
        let duplicates = keepCopiesTogether(
            raw, featureColumns: raw.header.indices.filter { $0 != targetColumn && raw.header[$0] != idName }, train: &train, test: &test,
            usagePublic: &usagePublic)
        // Final orders: a seeded shuffle, independent of the strata.
        rng.shuffle(&train)
        rng.shuffle(&test)
        if generated {
            // Ids: a permutation of 1…n drawn independently of the split and of the target,
            // written as plain integers: a file read with pandas, R or a spreadsheet and written
            // back gives the same ids (zero-padded ones lose their zeros on the way).
            var numbers = Array(1...n)
            rng.shuffle(&numbers)
            for row in rows.indices { rows[row][0] = String(numbers[row]) }
        }

        let trainTable = CSVTable(header: header, rows: train.map { rows[$0] })
        let testHeader = header.enumerated().filter { $0.offset != target }.map(\.element)
        let testTable = CSVTable(header: testHeader, rows: test.map { row in rows[row].enumerated().filter { $0.offset != target }.map(\.element) })
        let solution = CSVTable(
            header: [idName, options.target, "Usage"],
            rows: test.map { [rows[$0][idColumn], targets[$0], usagePublic.contains($0) ? "Public" : "Private"] })
        return SplitResult(
            train: trainTable, test: testTable, solution: solution, task: task, classes: classes, idColumn: idName, generatedIds: generated,
            duplicates: duplicates, unlabelled: unlabelled)
    }

    /// Groups the raw rows by their features; moves every group that straddles train and test
    /// to the side that holds most of it. A row moved into test takes the usage (Public or
    /// Private) of the group's first test row.
    static func keepCopiesTogether(
        _ raw: CSVTable, featureColumns: [Int], train: inout [Int], test: inout [Int], usagePublic: inout Set<Int>
    ) -> SplitDuplicates? {
        guard !featureColumns.isEmpty else { return nil }
        func key(_ row: Int) -> String {
            featureColumns.map { c -> String in
                let text = raw.rows[row][c].trimmingCharacters(in: .whitespaces)
                if case .number(let v) = NumberParser.parse(text) { return String(v == 0 ? 0 : v) }
                return text
            }.joined(separator: "\u{1F}")
        }
        var groups: [String: [Int]] = [:]
        for row in raw.rows.indices { groups[key(row), default: []].append(row) }
        let repeated = groups.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
        guard !repeated.isEmpty else { return nil }
        var inTest = Set(test)
        var moved = 0
        for group in repeated {
            let testRows = group.filter { inTest.contains($0) }
            guard !testRows.isEmpty, testRows.count < group.count else { continue }
            if testRows.count * 2 > group.count {
                let usage = usagePublic.contains(testRows[0])
                for row in group where !inTest.contains(row) {
                    inTest.insert(row)
                    if usage { usagePublic.insert(row) }
                    moved += 1
                }
            } else {
                for row in testRows {
                    inTest.remove(row)
                    usagePublic.remove(row)
                    moved += 1
                }
            }
        }
        let all = Set(raw.rows.indices)
        test = test.filter { inTest.contains($0) } + all.subtracting(Set(test)).filter { inTest.contains($0) }.sorted()
        train = train.filter { !inTest.contains($0) } + all.subtracting(Set(train)).filter { !inTest.contains($0) }.sorted()
        return SplitDuplicates(
            rows: repeated.reduce(0) { $0 + $1.count - 1 }, groups: repeated.count, moved: moved,
            examples: repeated.prefix(3).map { $0.map { raw.lines[$0] } })
    }

    /// Classification when a target is not a number, or when there are at most 10 distinct
    /// whole numbers; regression otherwise.
    public static func inferTask(_ targets: [String]) -> TaskKind {
        var distinct = Set<String>()
        var allIntegers = true
        for t in targets {
            guard case .number(let v) = NumberParser.parse(t) else {
                return Set(targets).count == 2 ? .binary : .multiclass
            }
            if v.rounded() != v { allIntegers = false }
            distinct.insert(t)
        }
        if allIntegers && distinct.count <= 10 { return distinct.count == 2 ? .binary : .multiclass }
        return .regression
    }

    /// Splits each group's count by `fraction` so that the takes sum to the rounded total
    /// (largest remainders first, ties to the earlier group), and neither part is left empty.
    static func allocate(_ counts: [Int], fraction: Double) -> [Int] {
        let total = counts.reduce(0, +)
        var goal = Int((Double(total) * fraction).rounded())
        goal = min(max(goal, total >= 2 ? 1 : 0), total >= 2 ? total - 1 : total)
        var takes = counts.map { Int((Double($0) * fraction).rounded(.down)) }
        let remainders = counts.indices.map { Double(counts[$0]) * fraction - Double(takes[$0]) }
        var left = goal - takes.reduce(0, +)
        for i in counts.indices.sorted(by: { remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1) }) where left > 0 {
            if takes[i] < counts[i] {
                takes[i] += 1
                left -= 1
            }
        }
        return takes
    }

    /// Writes `data/train.csv`, `data/test.csv` and `reference/solution.csv` under `folder`:
    /// all three or none.
    public static func write(_ result: SplitResult, to folder: URL) throws {
        try PodiumError.whileWriting(folder) { try stageAndRename(result, to: folder) }
    }

    private static func stageAndRename(_ result: SplitResult, to folder: URL) throws {
        let files: [(String, CSVTable)] = [
            ("data/train.csv", result.train), ("data/test.csv", result.test), ("reference/solution.csv", result.solution),
        ]
        var staged: [(URL, URL)] = []
        defer { for (temporary, _) in staged { try? FileManager.default.removeItem(at: temporary) } }
        for (path, table) in files {
            let url = folder.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).tmp")
            try Data(table.csv().utf8).write(to: temporary)
            staged.append((temporary, url))
        }
        for (temporary, url) in staged {
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        }
        staged.removeAll()
    }
}
