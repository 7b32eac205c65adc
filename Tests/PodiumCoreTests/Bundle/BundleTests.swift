import Foundation
import Testing
import ZIPFoundation

@testable import PodiumCore

@Suite struct BundleTests {
    @Test func packingTwiceGivesTheSameBytes() throws {
        let challenge = try exampleChallenge("wine")
        let a = try temporaryFolder()
        let b = try temporaryFolder()
        let first = try PodiumBundle.pack(challenge, to: a.url)
        let second = try PodiumBundle.pack(challenge, to: b.url)
        #expect(first.bundle.lastPathComponent == "wine-v1.podium")
        #expect(try Hashing.sha256(file: first.bundle) == Hashing.sha256(file: second.bundle))
        #expect(try Hashing.sha256(file: first.startingKit) == Hashing.sha256(file: second.startingKit))
    }

    @Test func startingKitHasNoSolution() throws {
        let folder = try temporaryFolder()
        let packed = try PodiumBundle.pack(try exampleChallenge("breast-cancer"), to: folder.url)
        let kit = try Archive(url: packed.startingKit, accessMode: .read)
        let paths = kit.map(\.path).sorted()
        #expect(paths == ["README.md", "data/test.csv", "data/train.csv", "sample_submission.csv"])
        var content = ""
        for entry in kit { _ = try kit.extract(entry) { content += String(decoding: $0, as: UTF8.self) } }
        #expect(!content.contains("Public"))
        #expect(!content.contains("Private"))
    }

    @Test func bundleRoundTripsAndScores() throws {
        let folder = try temporaryFolder()
        let packed = try PodiumBundle.pack(try exampleChallenge("diabetes"), to: folder.url)
        let listing = try PodiumBundle.inspect(packed.bundle)
        #expect(listing.files.contains { $0.path == "reference/solution.csv" && $0.rows == 177 })
        let opened = try Challenge.open(packed.bundle)
        let report = try Scorer.score(
            file: repositoryRoot.appending(path: "submissions/diabetes/bravo/01-linear.csv"), solution: try opened.loadSolution())
        #expect(report.challenge == "diabetes")
        #expect(report.rows == 177)
    }

    func hostile(_ build: (Archive) throws -> Void) throws -> (TemporaryDirectory, URL) {
        let folder = try temporaryFolder()
        let url = folder.url.appending(path: "evil.podium")
        let archive = try Archive(url: url, accessMode: .create)
        try build(archive)
        return (folder, url)
    }

    func add(_ archive: Archive, _ path: String, _ text: String, type: Entry.EntryType = .file) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: type, uncompressedSize: Int64(data.count), provider: { p, s in data.subdata(in: Int(p)..<Int(p) + s) })
    }

    @Test func refusesZipSlip() throws {
        let (folder, url) = try hostile { try add($0, "../../etc/evil.txt", "x") }
        let target = try temporaryFolder()
        #expect(throws: BundleError(file: "evil.podium", message: "entry \"../../etc/evil.txt\" leaves the bundle's folder (..)")) {
            try PodiumBundle.extract(url, to: target.url)
        }
        _ = folder
    }

    @Test func refusesAbsolutePaths() throws {
        let (folder, url) = try hostile { try add($0, "/tmp/evil.txt", "x") }
        #expect(throws: BundleError.self) { try PodiumBundle.inspect(url) }
        _ = folder
    }

    @Test func refusesSymlinks() throws {
        let (folder, url) = try hostile { try add($0, "data/link.csv", "/etc/passwd", type: .symlink) }
        #expect(throws: BundleError(file: "evil.podium", message: "entry \"data/link.csv\" is a symbolic link; bundles hold regular files only")) {
            try PodiumBundle.inspect(url)
        }
        _ = folder
    }

    @Test func refusesOversizedEntries() throws {
        let (folder, url) = try hostile { try add($0, "data/big.csv", String(repeating: "0", count: 10_000)) }
        #expect(throws: BundleError.self) {
            try PodiumBundle.inspect(url, limits: .init(maxEntryBytes: 1000))
        }
        let (folder2, url2) = try hostile {
            try add($0, "a.csv", String(repeating: "0", count: 600))
            try add($0, "b.csv", String(repeating: "0", count: 600))
        }
        #expect(throws: BundleError.self) {
            try PodiumBundle.inspect(url2, limits: .init(maxEntryBytes: 1000, maxTotalBytes: 1000))
        }
        _ = (folder, folder2)
    }

    @Test func refusesAlteredFiles() throws {
        let folder = try temporaryFolder()
        let packed = try PodiumBundle.pack(try exampleChallenge("wine"), to: folder.url)
        let archive = try Archive(url: packed.bundle, accessMode: .update)
        try archive.remove(archive["reference/solution.csv"]!)
        try add(archive, "reference/solution.csv", "id,cultivar,Usage\n")
        #expect(throws: BundleError.self) { try PodiumBundle.inspect(packed.bundle) }
    }

    @Test func notABundle() throws {
        let folder = try temporaryFolder()
        let url = try write("hello", to: folder.url.appending(path: "x.podium"))
        #expect(throws: BundleError.self) { try PodiumBundle.inspect(url) }
    }
}
