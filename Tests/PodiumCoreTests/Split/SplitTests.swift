import Foundation
import Testing

@testable import PodiumCore

@Suite struct SplitTests {
    /// 300 rows: 200 of class "no", 100 of "yes", sorted by class (the worst case for leaks).
    func raw() -> CSVTable {
        let rows = (0..<300).map { i in ["\(Double(i) / 7)", i < 200 ? "no" : "yes"] }
        return CSVTable(header: ["x", "label"], rows: rows)
    }

    @Test func stratifiedWithExactFractions() throws {
        let result = try Splitter.split(
            raw(), file: "raw.csv", options: SplitOptions(target: "label", testFraction: 0.4, publicFraction: 0.5, seed: 7))
        #expect(result.task == .binary)
        #expect(result.test.rows.count == 120)
        #expect(result.train.rows.count == 180)
        let yes = result.solution.rows.filter { $0[1] == "yes" }
        #expect(yes.count == 40)  // 40% of each class
        let publicRows = result.solution.rows.filter { $0[2] == "Public" }
        #expect(publicRows.count == 60)
        #expect(publicRows.filter { $0[1] == "yes" }.count == 20)  // stratified inside the test set too
        #expect(result.test.header == ["id", "x"])
        #expect(!result.test.header.contains("label"))
        #expect(result.generatedIds)
    }

    @Test func sameSeedSameBytesOtherSeedOtherSplit() throws {
        let a = try Splitter.split(raw(), file: "raw.csv", options: SplitOptions(target: "label", seed: 3))
        let b = try Splitter.split(raw(), file: "raw.csv", options: SplitOptions(target: "label", seed: 3))
        let c = try Splitter.split(raw(), file: "raw.csv", options: SplitOptions(target: "label", seed: 4))
        #expect(a.train.csv() == b.train.csv())
        #expect(a.test.csv() == b.test.csv())
        #expect(a.solution.csv() == b.solution.csv())
        #expect(a.solution.csv() != c.solution.csv())
        let folder = try temporaryFolder()
        try Splitter.write(a, to: folder.url)
        let first = try Data(contentsOf: folder.url.appending(path: "reference/solution.csv"))
        try Splitter.write(b, to: folder.url)
        #expect(try Data(contentsOf: folder.url.appending(path: "reference/solution.csv")) == first)
    }

    @Test func orderAndIdsLeakNothing() throws {
        let result = try Splitter.split(raw(), file: "raw.csv", options: SplitOptions(target: "label", seed: 1))
        // The raw file is sorted by class; the test file must not be.
        let labels = result.solution.rows.map { $0[1] }
        let firstHalf = labels.prefix(labels.count / 2).filter { $0 == "yes" }.count
        #expect(firstHalf > 5)
        #expect(firstHalf < 35)
        #expect(result.test.rows.map { $0[0] } == result.solution.rows.map { $0[0] })
    }

    /// Generated ids were numbered before the split: public rows got 1…60, private 61…120 and
    /// train the rest, so an id told which rows are private. They must tell nothing.
    @Test func generatedIdsTellNotWhichRowsArePrivate() throws {
        let result = try Splitter.split(raw(), file: "raw.csv", options: SplitOptions(target: "label", seed: 42))
        func auc(_ a: [Int], _ b: [Int]) -> Double {
            var wins = 0.0
            for x in a { for y in b { wins += x > y ? 1 : x == y ? 0.5 : 0 } }
            return wins / Double(a.count * b.count)
        }
        let publicIds = result.solution.rows.filter { $0[2] == "Public" }.map { Int($0[0])! }
        let privateIds = result.solution.rows.filter { $0[2] == "Private" }.map { Int($0[0])! }
        let trainIds = result.train.rows.map { Int($0[0])! }
        #expect((0.3...0.7).contains(auc(publicIds, privateIds)), "\(auc(publicIds, privateIds))")
        #expect((0.35...0.65).contains(auc(trainIds, publicIds + privateIds)), "\(auc(trainIds, publicIds + privateIds))")
        #expect(Set(publicIds + privateIds + trainIds) == Set(1...300))
    }

    /// Issue 18: a raw file with copies of rows; the split keeps each group on one side, so
    /// the audit finds no test row equal to a train row.
    @Test func copiesStayOnOneSide() throws {
        var rows = (0..<200).map { i in ["\(Double(i) / 7)", "\(i % 5)", i % 3 == 0 ? "yes" : "no"] }
        // 30 groups of copies, some written differently (2.0 and 2 are one number).
        for i in 0..<30 {
            rows.append(rows[i * 5])
            rows.append([rows[i * 5][0] + "0", rows[i * 5][1] == "0" ? "0.0" : rows[i * 5][1], rows[i * 5][2]])
        }
        let raw = CSVTable(header: ["x", "k", "label"], rows: rows)
        let result = try Splitter.split(raw, file: "raw.csv", options: SplitOptions(target: "label", seed: 5))
        let d = try #require(result.duplicates)
        #expect(d.rows == 60)
        #expect(d.groups == 30)
        #expect(d.moved > 0)
        #expect(d.examples.first == [2, 202, 203])
        #expect(result.train.rows.count + result.test.rows.count == 260)
        let manifest = ChallengeManifest(slug: "s", title: "S", version: 1, task: .binary, target: "label", classes: ["no", "yes"], metric: .rocAUC)
        let solution = try Solution.load(data: Data(result.solution.csv().utf8), manifest: manifest)
        let audit = AuditData(manifest: manifest, train: result.train, test: result.test, solution: solution)
        #expect(AuthoringAudit.duplicateRows(audit).isEmpty)
        // Without the grouping, copies would straddle: the same rows split by plain shuffling.
        let usage = Set(result.solution.rows.map { $0[2] })
        #expect(usage == ["Public", "Private"])
        #expect(
            try Splitter.split(
                CSVTable(header: ["x", "label"], rows: (0..<20).map { ["\($0)", "\($0 % 2)"] }), file: "r", options: SplitOptions(target: "label")
            ).duplicates == nil)
    }

    @Test func regressionAndGivenIds() throws {
        let rows = (0..<50).map { ["r\($0)", "\(Double($0) * 1.5 + 0.25)"] }
        let result = try Splitter.split(CSVTable(header: ["key", "y"], rows: rows), file: "raw.csv", options: SplitOptions(target: "y", id: "key"))
        #expect(result.task == .regression)
        #expect(!result.generatedIds)
        #expect(result.solution.header == ["key", "y", "Usage"])
        #expect(result.test.rows.count == 20)
    }

    @Test func errorsNameFileAndLine() throws {
        let rows = [["1", "a"], ["2", ""], ["3", "b"], ["4", "a"], ["5", "NA"]]
        #expect(throws: CSVError(file: "raw.csv", line: nil, message: "has 3 data rows with a target \"label\"; a split needs at least 4")) {
            try Splitter.split(CSVTable(header: ["id", "label"], rows: rows), file: "raw.csv", options: SplitOptions(target: "label"))
        }
        let duplicate = [["1", "a"], ["1", "b"], ["3", "b"], ["4", "a"]]
        #expect(throws: CSVError(file: "raw.csv", line: 3, message: "id \"1\" already appears on line 2")) {
            try Splitter.split(CSVTable(header: ["id", "label"], rows: duplicate), file: "raw.csv", options: SplitOptions(target: "label"))
        }
        #expect(throws: CSVError.self) {
            try Splitter.split(raw(), file: "raw.csv", options: SplitOptions(target: "nope"))
        }
    }

    @Test func allocationKeepsTotals() {
        #expect(Splitter.allocate([200, 100], fraction: 0.4) == [80, 40])
        #expect(Splitter.allocate([3, 3, 3], fraction: 0.5).reduce(0, +) == 5)
        #expect(Splitter.allocate([2], fraction: 0.01) == [1])
    }
}
