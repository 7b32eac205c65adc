import Foundation
import Testing

@testable import PodiumCore

/// A small constructed challenge: seeded features, a target that depends on x1, a split at
/// random; each test plants one leak and checks that its kind fires, and that the clean
/// challenge is silent.
struct PlantedChallenge {
    var task: TaskKind = .binary
    var trainRows = 300
    var testRows = 200
    var seed: UInt64 = 7
    var header = ["id", "x1", "x2", "x3", "x4", "x5"]
    var train: [[String]] = []
    var test: [[String]] = []
    /// id, target, usage.
    var solution: [[String]] = []
    var classes: [String] { task == .binary ? ["0", "1"] : task == .multiclass ? ["a", "b", "c"] : [] }

    init(task: TaskKind = .binary) {
        self.task = task
        var rng = SeededGenerator(seed: seed)
        func normal() -> Double {
            let u = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992
            let v = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var ids = Array(0..<(trainRows + testRows)).map { String(format: "r%05d", $0) }
        rng.shuffle(&ids)
        for i in 0..<(trainRows + testRows) {
            let x = (0..<5).map { _ in normal() }
            let signal = x[0] + 0.8 * normal()
            let target: String
            switch task {
            case .binary: target = signal > 0 ? "1" : "0"
            case .multiclass: target = signal < -0.5 ? "a" : signal < 0.5 ? "b" : "c"
            case .regression: target = String(format: "%.4f", 3 * signal + 10)
            }
            let features = x.map { String(format: "%.4f", $0) }
            if i < trainRows {
                train.append([ids[i]] + features + [target])
            } else {
                test.append([ids[i]] + features)
                solution.append([ids[i], target, i % 2 == 0 ? "Public" : "Private"])
            }
        }
    }

    var manifest: ChallengeManifest {
        ChallengeManifest(
            slug: "planted", title: "Planted", version: 1, task: task, target: "y", classes: classes,
            metric: task == .regression ? .rmse : task == .binary ? .rocAUC : .logLoss)
    }

    func data() throws -> AuditData {
        let trainTable = CSVTable(header: header + ["y"], rows: train)
        let testTable = CSVTable(header: header, rows: test)
        let csv = (["id,y,Usage"] + solution.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n"
        let solution = try Solution.load(data: Data(csv.utf8), manifest: manifest)
        return AuditData(manifest: manifest, train: trainTable, test: testTable, solution: solution)
    }

    func kinds() throws -> [String] { AuthoringAudit.run(try data()).map(\.kind) }

    mutating func addColumn(_ name: String, train f: (Int) -> String, test g: (Int) -> String) {
        header.append(name)
        for i in train.indices { train[i].insert(f(i), at: header.count - 1) }
        for i in test.indices { test[i].append(g(i)) }
    }

    func target(train i: Int) -> String { train[i].last! }
    func target(test i: Int) -> String { solution[i][1] }
}

@Suite struct AuthoringAuditTests {
    @Test func cleanChallengesAreSilent() throws {
        for task in [TaskKind.binary, .multiclass, .regression] {
            #expect(try PlantedChallenge(task: task).kinds() == [], "\(task)")
        }
    }

    @Test func duplicateRowsFireAndCompareNumbersAsNumbers() throws {
        var c = PlantedChallenge()
        for i in 0..<4 {
            // The same row, written differently: 0.5000 and 0.5 are one number.
            var copy = c.train[i].dropLast().map { field -> String in
                Double(field).map { v in String(v) } ?? field
            }
            copy[0] = "copy\(i)"
            c.test.append(Array(copy))
            c.solution.append(["copy\(i)", c.target(train: i), "Public"])
        }
        let findings = AuthoringAudit.duplicateRows(try c.data())
        let finding = try #require(findings.first)
        #expect(finding.kind == "duplicate-rows")
        #expect(finding.details["count"] == .integer(4))
        #expect(finding.details["sameTarget"] == .integer(4))
        #expect(finding.message.contains("data/test.csv line 202 = data/train.csv line 2"))
        #expect(finding.advice?.contains("podium split") == true)
    }

    @Test func leakyColumnsFire() throws {
        // Binary: the target plus a little noise.
        var binary = PlantedChallenge()
        let labels = binary.train.map { $0.last! }
        binary.addColumn("score_final", train: { i in String(Double(labels[i])! + Double(i % 7) * 0.01) }, test: { _ in "0.5" })
        let found = AuthoringAudit.leakyFeatures(try binary.data())
        #expect(found.map { $0.details["column"] } == [.text("score_final")])
        #expect(found.first?.message.contains("roc_auc 1.0000 on data/train.csv") == true)
        #expect(found.first?.advice?.contains("drop column \"score_final\"") == true)

        // A leak only in test.csv (the hidden answers): found too.
        var hidden = PlantedChallenge()
        let answers = hidden.solution.map { $0[1] }
        hidden.addColumn("lab", train: { i in String(Double(i % 10)) }, test: { answers[$0] == "1" ? "7.5" : "2.5" })
        #expect(AuthoringAudit.leakyFeatures(try hidden.data()).first?.details["file"] == .text("data/test.csv"))

        // Multiclass: the class as a code, and as text under another name.
        var multi = PlantedChallenge(task: .multiclass)
        let code = ["a": "0", "b": "1", "c": "2"]
        let (trainClasses, testClasses) = (multi.train.map { $0.last! }, multi.solution.map { $0[1] })
        multi.addColumn("grade_code", train: { code[trainClasses[$0]]! }, test: { code[testClasses[$0]]! })
        multi.addColumn("grade_name", train: { "G-" + trainClasses[$0] }, test: { "G-" + testClasses[$0] })
        #expect(
            Set(AuthoringAudit.leakyFeatures(try multi.data()).compactMap { $0.details["column"] }) == [.text("grade_code"), .text("grade_name")])

        // Regression: a monotone function of the target.
        var regression = PlantedChallenge(task: .regression)
        let values = regression.train.map { Double($0.last!)! }
        regression.addColumn("y_log", train: { String(log(values[$0] + 100)) }, test: { _ in "1" })
        #expect(AuthoringAudit.leakyFeatures(try regression.data()).first?.details["measure"] == .text("|spearman|"))
    }

    @Test func idsSortedByLabelFire() throws {
        var c = PlantedChallenge()
        // Test ids numbered in label order, the way a raw file sorted by class gives them.
        let order = c.test.indices.sorted { (c.target(test: $0), $0) < (c.target(test: $1), $1) }
        for (rank, row) in order.enumerated() {
            c.test[row][0] = String(rank + 1)
            c.solution[row][0] = String(rank + 1)
        }
        let findings = AuthoringAudit.idOrder(try c.data())
        #expect(findings.first?.kind == "id-order")
        #expect(findings.first?.details["order"] == .text("the ids of data/test.csv"))
        // And the row order of test.csv, sorted by label.
        var sorted = PlantedChallenge()
        let rows = sorted.test.indices.sorted { (sorted.target(test: $0), $0) < (sorted.target(test: $1), $1) }
        sorted.test = rows.map { sorted.test[$0] }
        sorted.solution = rows.map { sorted.solution[$0] }
        #expect(AuthoringAudit.idOrder(try sorted.data()).contains { $0.details["order"] == .text("the row order of data/test.csv") })
        // Regression: ids that grow with the target.
        var regression = PlantedChallenge(task: .regression)
        let byValue = regression.test.indices.sorted { Double(regression.target(test: $0))! < Double(regression.target(test: $1))! }
        for (rank, row) in byValue.enumerated() {
            regression.test[row][0] = String(rank * 3 + Int(rank % 5))
            regression.solution[row][0] = regression.test[row][0]
        }
        #expect(AuthoringAudit.idOrder(try regression.data()).first?.kind == "id-order")
    }

    /// Ids numbered Public rows first (as podium split numbered them before the fix): found.
    @Test func idsThatTellPublicFromPrivateFire() throws {
        var c = PlantedChallenge()
        let order = c.solution.indices.sorted { (c.solution[$0][2], $0) > (c.solution[$1][2], $1) }  // Public first
        for (rank, row) in order.enumerated() {
            c.solution[row][0] = String(format: "t%04d", rank)
            c.test[row][0] = c.solution[row][0]
        }
        let findings = AuthoringAudit.idOrder(try c.data())
        #expect(findings.contains { $0.details["statistic"] == .text("usage") && $0.message.contains("Public rows come early") })
    }

    @Test func imbalancedSplitsFire() throws {
        var c = PlantedChallenge()
        // Public rows: the positives; private: the negatives.
        for i in c.solution.indices { c.solution[i][2] = c.solution[i][1] == "1" ? "Public" : "Private" }
        let finding = try #require(AuthoringAudit.splitImbalance(try c.data()).first)
        #expect(finding.kind == "split-imbalance")
        #expect(finding.details["test"] == .text("chi-square"))
        if case .number(let p)? = finding.details["p"] { #expect(p < 1e-10) } else { Issue.record("no p-value") }
        #expect(finding.advice?.contains("podium split --seed") == true)

        var regression = PlantedChallenge(task: .regression)
        let median = regression.solution.map { Double($0[1])! }.sorted()[regression.solution.count / 2]
        for i in regression.solution.indices { regression.solution[i][2] = Double(regression.solution[i][1])! > median ? "Private" : "Public" }
        let ks = try #require(AuthoringAudit.splitImbalance(try regression.data()).first)
        #expect(ks.details["test"] == .text("kolmogorov-smirnov"))
        #expect(ks.message.contains("public vs private"))
    }

    @Test func shiftedTestRowsFire() throws {
        var c = PlantedChallenge()
        for i in c.test.indices { c.test[i][2] = String(format: "%.4f", Double(c.test[i][2])! + 1.5) }
        let finding = try #require(AuthoringAudit.shift(try c.data()).first)
        #expect(finding.kind == "shift")
        if case .number(let auc)? = finding.details["auc"] { #expect(auc > 0.8) } else { Issue.record("no auc") }
        #expect(finding.message.contains("x2 (roc_auc"))
        #expect(finding.advice?.contains("\"x2\"") == true)
    }

    /// A column spread three times wider in test, its mean unchanged; and only `shift` fires.
    @Test func aWiderSpreadIsAShiftToo() throws {
        var c = PlantedChallenge()
        for i in c.test.indices { c.test[i][3] = String(format: "%.4f", Double(c.test[i][3])! * 3) }
        let found = AuthoringAudit.run(try c.data())
        #expect(found.map(\.kind) == ["shift"], "\(found.map(\.message))")
    }

    @Test func theExamplesPassClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for slug in ["breast-cancer", "wine", "diabetes", "relu-teacher"] {
            let report = ChallengeCheck.run(try Challenge.open(root.appending(path: "challenges/\(slug)")))
            #expect(report.errors == [], "\(slug)")
            #expect(report.warnings.map(\.kind) == [], "\(slug): \(report.warnings.map(\.message))")
            // The margin: no real column comes near the leak threshold.
            let scores = AuthoringAudit.columnScores(
                AuditData(
                    manifest: try Challenge.open(root.appending(path: "challenges/\(slug)")).manifest,
                    train: try CSVTable.read(root.appending(path: "challenges/\(slug)/data/train.csv")),
                    test: try CSVTable.read(root.appending(path: "challenges/\(slug)/data/test.csv")),
                    solution: try Challenge.open(root.appending(path: "challenges/\(slug)")).loadSolution()))
            #expect(scores.allSatisfy { $0.score < 0.985 }, "\(slug): \(scores.max { $0.score < $1.score }.map { "\($0.column) \($0.score)" } ?? "")")
        }
    }

    @Test func theJSONHasTheContractsShape() throws {
        var c = PlantedChallenge()
        let labels = c.train.map { $0.last! }
        c.addColumn("leak", train: { labels[$0] }, test: { _ in "0" })
        var report = CheckReport(slug: "planted")
        report.warnings = AuthoringAudit.run(try c.data())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONText.encode(report).utf8)) as? [String: Any])
        #expect(json["challenge"] as? String == "planted")
        #expect((json["errors"] as? [Any])?.isEmpty == true)
        #expect(json.keys.contains("resolution"))
        let warning = try #require((json["warnings"] as? [[String: Any]])?.first)
        #expect(warning["kind"] as? String == "leaky-feature")
        #expect(warning["message"] is String)
        #expect(warning["advice"] is String)
        #expect(warning["column"] as? String == "leak")
        #expect(warning["score"] is Double)
    }
}

/// The statistics against SciPy and scikit-learn (`scripts/audit_fixtures.py`).
@Suite struct AuditStatisticsTests {
    struct Fixtures: Decodable {
        struct Chi2: Decodable {
            var x: Double
            var df: Int
            var p: Double
        }
        struct Table: Decodable {
            var table: [[Double]]
            var statistic: Double
            var df: Int
            var p: Double
        }
        struct KS: Decodable {
            var a: [Double]
            var b: [Double]
            var statistic: Double
            var p: Double
        }
        struct Spearman: Decodable {
            var x: [Double]
            var y: [Double]
            var rho: Double
        }
        struct AUC: Decodable {
            var scores: [Double]
            var labels: [Int]
            var auc: Double
        }
        struct Logistic: Decodable {
            var x: [[Double]]
            var y: [Int]
            var weights: [Double]
        }
        var chi2: [Chi2]
        var tables: [Table]
        var ks: [KS]
        var spearman: [Spearman]
        var auc: [AUC]
        var logistic: [Logistic]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/audit", withExtension: "json")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test func chiSquare() {
        for f in Self.fixtures.chi2 {
            let p = AuditStatistics.chiSquareSurvival(f.x, df: f.df)
            #expect(abs(p - f.p) <= 1e-12 + 1e-9 * f.p, "x \(f.x) df \(f.df): \(p) vs \(f.p)")
        }
        for f in Self.fixtures.tables {
            let test = AuditStatistics.chiSquare(f.table)!
            #expect(close(test.statistic, f.statistic))
            #expect(test.df == f.df)
            #expect(abs(test.p - f.p) <= 1e-12 + 1e-9 * f.p)
        }
    }

    @Test func kolmogorovSmirnov() {
        for f in Self.fixtures.ks {
            let test = AuditStatistics.kolmogorovSmirnov(f.a, f.b)!
            #expect(close(test.statistic, f.statistic) && abs(test.p - f.p) <= 1e-10 + 1e-8 * f.p, "\(test) vs \(f.statistic) \(f.p)")
        }
    }

    @Test func ranksSpearmanAndAUC() {
        for f in Self.fixtures.spearman { #expect(close(AuditStatistics.spearman(f.x, f.y)!, f.rho)) }
        for f in Self.fixtures.auc {
            let auc = AuditStatistics.auc(ranks: AuditStatistics.ranks(f.scores), positive: f.labels.map { $0 == 1 })!
            #expect(close(auc, f.auc))
        }
    }

    @Test func logisticRegressionMatchesScikitLearn() {
        for f in Self.fixtures.logistic {
            let d = f.x[0].count + 1
            let x: [Double] = f.x.flatMap { row -> [Double] in row + [1.0] }
            let w = AdversarialValidation.logistic(x: x, d: d, y: f.y.map(Double.init), rows: Array(f.x.indices), iterations: 100)
            for (mine, theirs) in zip(w, f.weights) { #expect(Swift.abs(mine - theirs) < 1e-6, "\(w) vs \(f.weights)") }
        }
    }

    @Test func runsOfSortedLabelsAreFew() {
        #expect(AuditStatistics.runsZ([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])! < -2.5)
        #expect(abs(AuditStatistics.runsZ([0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0])!) < 2)
        #expect(AuditStatistics.runsZ([1, 1, 1]) == nil)
        #expect(AuditStatistics.neighbourAgreement(values: [1, 2, 3, 10, 11, 12], labels: [0, 0, 0, 1, 1, 1])! == 1)
        #expect(AuditStatistics.neighbourAgreement(values: [0, 0, 1, 1], labels: [0, 1, 0, 1])! == 0)
    }
}
