import Foundation
import Testing

@testable import PodiumCore

/// Files longer than one batch are read on two cores: the caller parses, a worker matches ids
/// (`BatchPipe`). These tests pin that this changes nothing a user sees: every problem in file
/// order with its line across batch boundaries, the first error of a solution in file order,
/// the same scores as the aligned path, and the same report on every run.
@Suite struct TwoCoreReadingTests {
    static let rows = 3 * IDBatch.capacity + 1_000

    static let manifest = try! ChallengeManifest.parse(
        yaml: "slug: two\ntitle: T\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n")

    /// Ids r0…r(n-1), one in nine longer than the 11 bytes the index keeps inline.
    static func id(_ i: Int) -> String { i % 9 == 0 ? "a-long-identifier-\(i)" : "r\(i)" }

    static let solution: Solution = {
        var text = "id,y,Usage\n"
        for i in 0..<rows { text += "\(id(i)),\(Double(i % 100) / 10),\(i % 3 == 0 ? "Private" : "Public")\n" }
        return try! Solution.load(data: Data(text.utf8), manifest: manifest)
    }()

    func refusal(_ csv: String) throws -> SubmissionRefused {
        do {
            _ = try Scorer.score(data: Data(csv.utf8), name: "sub.csv", solution: Self.solution)
        } catch let refused as SubmissionRefused {
            return refused
        }
        Issue.record("the file was accepted")
        return SubmissionRefused(file: "sub.csv", groups: [])
    }

    /// A submission whose line `k + 2` predicts row `k`, with some lines replaced.
    func submission(_ replace: [Int: String]) -> String {
        var lines = ["id,y"]
        for k in 0..<Self.rows { lines.append(replace[k + 2] ?? "\(Self.id(k)),1.5") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func problemsAcrossBatchesComeInFileOrderWithTheirLines() throws {
        let b = IDBatch.capacity
        // Problems of the parsing half and of the matching half, on either side of batch ends.
        let csv = submission([
            5: "ghost-1,1",
            b + 1: "\(Self.id(b - 1)),oops",
            b + 2: "ghost-2,1",
            b + 3: "\(Self.id(30)),2",  // row 30 is on line 32
            2 * b: "\(Self.id(2 * b - 2)),1,extra",
            2 * b + 7: "ghost-3,1",
            3 * b + 500: "\(Self.id(31)),2",
            3 * b + 600: "\(Self.id(3 * b + 598)),nan",
        ])
        let refused = try refusal(csv)
        let lines = Dictionary(uniqueKeysWithValues: refused.groups.map { ($0.kind, $0.examples.map(\.line)) })
        #expect(lines[.unknownId] == [5, b + 2, 2 * b + 7])
        #expect(lines[.notANumber] == [b + 1])
        #expect(lines[.notFinite] == [3 * b + 600])
        #expect(lines[.fieldCount] == [2 * b])
        #expect(lines[.duplicateId] == [b + 3, 3 * b + 500])
        let duplicate = refused.groups.first { $0.kind == .duplicateId }
        #expect(duplicate?.examples.map(\.message) == ["id \"r30\" was already given on line 32", "id \"r31\" was already given on line 33"])
        // The rows whose lines went to ghosts or to an id given twice have no prediction.
        #expect(refused.groups.first { $0.kind == .missingId }?.count == 5)
        // Every run, on every schedule of the two threads, writes the same report.
        for _ in 0..<5 { #expect(try refusal(csv) == refused) }
    }

    @Test func aGzipFileGivesTheSameReport() throws {
        let csv = submission([7: "ghost,1", IDBatch.capacity + 9: "\(Self.id(3)),2"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("two-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("sub.csv")
        let packed = directory.appendingPathComponent("sub.csv.gz")
        try Data(csv.utf8).write(to: plain)
        try Gzip.compress(Data(csv.utf8)).write(to: packed)
        func refused(_ url: URL) throws -> [ProblemGroup] {
            do {
                _ = try Scorer.score(file: url, solution: Self.solution)
            } catch let refused as SubmissionRefused {
                return refused.groups
            }
            return []
        }
        #expect(try refused(plain) == (try refusal(csv)).groups)
        #expect(try refused(packed) == (try refusal(csv)).groups)
    }

    @Test func streamedAndAlignedScoresAgreeOnLargeFiles() throws {
        let streaming = StreamingScoreTests()
        let (regression, values) = try streaming.files(task: "regression", n: Self.rows, seed: 11)
        try streaming.compare(regression, values, [.rmse, .mae, .mse])
        let (binary, probabilities) = try streaming.files(task: "binary", n: Self.rows, seed: 12)
        try streaming.compare(binary, probabilities, [.rocAUC, .averagePrecision])
        // The same file, scored again and again, gives the same bytes.
        let first = try Scorer.score(data: Data(values.utf8), name: "s.csv", solution: regression)
        for _ in 0..<5 { #expect(try Scorer.score(data: Data(values.utf8), name: "s.csv", solution: regression) == first) }
    }

    func solutionError(_ replace: [Int: String]) -> CSVError? {
        var lines = ["id,y,Usage"]
        for k in 0..<Self.rows { lines.append(replace[k + 2] ?? "\(Self.id(k)),1,Public") }
        do {
            _ = try Solution.load(data: Data((lines.joined(separator: "\n") + "\n").utf8), manifest: Self.manifest)
        } catch let error as CSVError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    /// The first problem of a solution in file order, whichever thread finds it. (The reader
    /// used to insert ids sixteen records behind the parser, so a bad target just after a
    /// repeated id was reported instead of it.)
    @Test func aSolutionReportsItsFirstProblem() {
        let repeatedEarly = solutionError([10: "r1,1,Public", 12: "r10,x,Public"])
        #expect(repeatedEarly?.line == 10)
        #expect(repeatedEarly?.message == "id \"r1\" appears twice")
        let b = IDBatch.capacity
        let repeatedLate = solutionError([2 * b + 5: "r1,1,Public"])
        #expect(repeatedLate?.line == 2 * b + 5)
        let badFirst = solutionError([100: "r98,1,Secret", 2 * b + 5: "r1,1,Public"])
        #expect(badFirst?.line == 100)
        #expect(badFirst?.message == "Usage \"Secret\" must be Public or Private")
    }
}
