import Foundation
import Testing

@testable import PodiumCore

/// `.csv.gz` through zlib's own gzip mode.
@Suite struct GzipTests {
    let csv = Data(String(repeating: "id,malignant\n1,0.5\n2,0.25\n", count: 5_000).utf8)

    func read(_ bytes: Data, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> Data {
        let folder = try temporaryFolder()
        let url = folder.url.appending(path: "sub.csv.gz")
        try bytes.write(to: url)
        return try CSVSource.contents(url, maxBytes: maxBytes)
    }

    @Test func roundTrip() throws {
        #expect(try read(try Gzip.compress(csv)) == csv)
        #expect(try read(try Gzip.compress(Data())) == Data())
    }

    /// `cat a.gz b.gz > c.gz`, as pigz and log tools write: gunzip reads every member, and so
    /// must Podium (the hand-written reader took the first member's end for a damaged file).
    @Test func everyMemberOfAConcatenatedFileIsRead() throws {
        let half = csv.count / 2
        let joined = try Gzip.compress(csv.prefix(half)) + Gzip.compress(csv.suffix(from: half))
        #expect(try read(joined) == csv)
    }

    @Test func damageIsToldNotTrapped() throws {
        var truncated = try Gzip.compress(csv)
        truncated.removeLast(10)
        #expect(throws: CSVError.self) { try read(truncated) }
        var flipped = try Gzip.compress(csv)
        flipped[flipped.count - 6] ^= 0xFF  // the CRC-32
        let error = try #require(throws: CSVError.self) { try read(flipped) }
        #expect(error.localizedDescription.contains("checksum"))
        #expect(throws: CSVError.self) { try read(Data("not gzip at all".utf8)) }
        #expect(throws: CSVError.self) { try read(Data()) }
    }

    /// A small file that inflates past the limit stops at the limit.
    @Test func aBombStopsAtTheLimit() throws {
        let bomb = try Gzip.compress(Data(count: 64 << 20))
        #expect(bomb.count < 128 << 10)
        let error = try #require(throws: CSVError.self) { try read(bomb, maxBytes: 1 << 20) }
        #expect(error.localizedDescription.contains("more than the limit"))
    }
}
