import Foundation
import Testing

@testable import PodiumCore

/// A solution written as an image and mapped back scores every file as the parsed one does;
/// an image that is not whole, not for this version or damaged is never used.
@Suite struct SolutionImageTests {
    let folder: TemporaryDirectory
    init() throws { folder = try TemporaryDirectory(prefix: "podium-image-test") }

    func roundTrip(_ solution: Solution, tag: String = "t v1 abc") throws -> Solution {
        let url = folder.url.appending(path: "s.solution")
        try SolutionImage.write(solution, to: url, tag: tag)
        return try #require(SolutionImage.read(url, manifest: solution.manifest, tag: tag))
    }

    /// Scores `csv` against both; refusals must match too.
    func expectSameOutcome(_ a: Solution, _ b: Solution, _ csv: String) {
        func outcome(_ solution: Solution) -> (ScoreReport?, String?) {
            do {
                return (try Scorer.score(data: Data(csv.utf8), name: "s.csv", solution: solution), nil)
            } catch {
                return (nil, "\(error)")
            }
        }
        let (x, y) = (outcome(a), outcome(b))
        #expect(x.0 == y.0)
        #expect(x.1 == y.1)
    }

    @Test func mappedSolutionsScoreAsParsedOnes() throws {
        let streaming = StreamingScoreTests()
        for (task, seed) in [("regression", UInt64(1)), ("binary", 2)] {
            // Past a batch, long ids (every seventh) and short ones, ties.
            let (parsed, csv) = try streaming.files(task: task, n: 5_000, seed: seed)
            let mapped = try roundTrip(parsed)
            #expect(mapped.count == parsed.count)
            #expect(mapped.publicCount == parsed.publicCount)
            #expect(mapped.allIDs() == parsed.allIDs())
            #expect(mapped.values == parsed.values)
            #expect(mapped.classIndex == parsed.classIndex)
            expectSameOutcome(parsed, mapped, csv)
            // A refused file: unknown, repeated and missing ids are found in the mapped index.
            var lines = csv.split(separator: "\n").map(String.init)
            lines[3] = "ghost,0.5"
            lines[4] = lines[5]
            expectSameOutcome(parsed, mapped, lines.joined(separator: "\n") + "\n")
        }
        let wine = try exampleChallenge("wine").loadSolution()
        let mappedWine = try roundTrip(wine)
        for file in try FileManager.default.subpathsOfDirectory(atPath: repositoryRoot.appending(path: "submissions/wine").path)
        where file.hasSuffix(".csv") {
            let csv = try String(contentsOf: repositoryRoot.appending(path: "submissions/wine/\(file)"), encoding: .utf8)
            expectSameOutcome(wine, mappedWine, csv)
        }
    }

    /// Twelve ids with one hash (found by search, see `IDIndexTests`), all wanting the same
    /// eight slots: four are kept aside by the index, every one is found and scored, and the
    /// solution is not written as an image (its layout has no room for them), so it is parsed.
    @Test func aSolutionWithCollidingIdsIsScoredButNotImaged() throws {
        let ids = [
            "bY?]&pq9aH6", "nf)JK#DBa_i", "m.)Er?o)b{p", "myp7nZ-Jc!m", "Se+hL^K-c*S", "E!n}F8HYc5!", "bXIO]&+?dcC", "D0Zj!g2(e.S",
            "<3eHa^<KfJ>", "SKD*QJ=vhHn", "Z0Oo:9/*j&f", ">*7M3/TKk=P",
        ]
        #expect(
            Set(
                ids.map { id in
                    var id = id
                    return id.withUTF8 { IDKey($0).hash }
                }
            ).count == 1)
        let manifest = try ChallengeManifest.parse(yaml: "slug: tiny\ntitle: T\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n")
        let rows = ids.enumerated().map { row, id in "\(id),\(row),\(row % 2 == 0 ? "Public" : "Private")" }
        let solution = try Solution.load(data: Data((["id,y,Usage"] + rows).joined(separator: "\n").utf8), manifest: manifest)
        #expect(solution.ids.stash.count == 4)
        for (row, id) in ids.enumerated() { #expect(solution.row(of: id) == row) }
        let url = folder.url.appending(path: "c.solution")
        #expect(throws: PodiumError.self) { try SolutionImage.write(solution, to: url, tag: "t") }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let submission = ["id,y"] + ids.enumerated().reversed().map { row, id in "\(id),\(row + 1)" }
        let report = try Scorer.score(data: Data(submission.joined(separator: "\n").utf8), name: "s.csv", solution: solution)
        #expect(report.scores[.all][.rmse] == 1)
        let twice = ["id,y", "\(ids[11]),1", "\(ids[11]),1"] + ids.dropLast().map { "\($0),0" }
        #expect(throws: SubmissionRefused.self) {
            try Scorer.score(data: Data(twice.joined(separator: "\n").utf8), name: "s.csv", solution: solution)
        }
    }

    @Test func anImageThatDoesNotFitIsNotUsed() throws {
        let (solution, _) = try StreamingScoreTests().files(task: "binary", n: 300, seed: 3)
        let url = folder.url.appending(path: "s.solution")
        try SolutionImage.write(solution, to: url, tag: "tiny v1 abc")
        #expect(SolutionImage.read(url, manifest: solution.manifest, tag: "tiny v1 abc") != nil)
        // Another version, another challenge's manifest, no file.
        #expect(SolutionImage.read(url, manifest: solution.manifest, tag: "tiny v2 abc") == nil)
        let regression = try ChallengeManifest.parse(yaml: "slug: tiny\ntitle: T\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: rmse\n")
        #expect(SolutionImage.read(url, manifest: regression, tag: "tiny v1 abc") == nil)
        #expect(SolutionImage.read(folder.url.appending(path: "none.solution"), manifest: solution.manifest, tag: "tiny v1 abc") == nil)
        // An image of an earlier layout (`PODSOL01`, `PODSOL02`: linear probing; `PODSOL03`: no
        // tags in the slots) is not read.
        for earlierLayout in [UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3")] {
            var earlier = try Data(contentsOf: url)
            earlier[7] = earlierLayout
            try earlier.write(to: url)
            #expect(SolutionImage.read(url, manifest: solution.manifest, tag: "tiny v1 abc") == nil)
        }
        try SolutionImage.write(solution, to: url, tag: "tiny v1 abc")
        // Cut short, or one byte changed anywhere past the header.
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 1).write(to: url)
        #expect(SolutionImage.read(url, manifest: solution.manifest, tag: "tiny v1 abc") == nil)
        for position in [bytes.count / 3, bytes.count - 1] {
            var damaged = bytes
            damaged[position] ^= 0x10
            try damaged.write(to: url)
            #expect(SolutionImage.read(url, manifest: solution.manifest, tag: "tiny v1 abc") == nil)
        }
    }

    /// An index slot pointing past the rows (a damaged image whose checksum was rewritten to
    /// match) makes that id unknown; it reads nothing out of bounds.
    @Test func aForgedSlotIsAnUnknownIdNotACrash() throws {
        let (solution, csv) = try StreamingScoreTests().files(task: "regression", n: 200, seed: 4)
        let url = folder.url.appending(path: "s.solution")
        try SolutionImage.write(solution, to: url, tag: "t")
        var bytes = try Data(contentsOf: url)
        let layout = try #require(imageLayout(bytes))
        // Every used slot's row becomes 2^31, and every long id's offset past the end.
        for slot in 0..<layout.slots {
            let at = layout.tableOffset + slot * 16
            let hi = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self) }
            guard hi != 0 else { continue }
            var forged = (hi & 0xFFFF_FFFF) | (1 << 63)
            var lo = UInt64(1 << 40)
            withUnsafeBytes(of: &forged) { bytes.replaceSubrange((at + 8)..<(at + 16), with: $0) }
            if hi >> 24 & 0xF == IDKey.longCode { withUnsafeBytes(of: &lo) { bytes.replaceSubrange(at..<(at + 8), with: $0) } }
        }
        let payload = bytes.withUnsafeBytes {
            SolutionImage.checksum(
                [(layout.tableOffset, UnsafeRawBufferPointer(rebasing: $0[layout.tableOffset...]))], layout: layout)
        }
        var crc = payload.littleEndian
        withUnsafeBytes(of: &crc) { bytes.replaceSubrange((8 + 7 * 8)..<(8 + 8 * 8), with: $0) }
        try bytes.write(to: url)
        let forged = try #require(SolutionImage.read(url, manifest: solution.manifest, tag: "t"))
        #expect(throws: SubmissionRefused.self) { try Scorer.score(data: Data(csv.utf8), name: "s.csv", solution: forged) }
    }

    func imageLayout(_ bytes: Data) -> SolutionImage.Layout? {
        let word = { (i: Int) in Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8 + 8 * i, as: UInt64.self) }) }
        return SolutionImage.Layout(
            rows: word(0), publicCount: word(1), slots: word(2), longBytes: word(3), classification: word(4) == 1, classCount: word(5),
            tagBytes: word(6))
    }
}
