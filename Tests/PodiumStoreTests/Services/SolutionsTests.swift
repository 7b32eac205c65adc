import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// A version's solution is parsed once: publish writes its image beside the store, and other
/// processes map it. Reading a version never loads its solution or starting kit.
@Suite struct SolutionsTests {
    /// Every statement the store runs while `body` runs.
    func statements(_ store: Store, _ body: () throws -> Void) throws -> [String] {
        let seen = Mutex<[String]>([])
        try store.writer.writeWithoutTransaction { db in db.trace { event in seen.withLock { $0.append("\(event)") } } }
        try body()
        try store.writer.writeWithoutTransaction { db in db.trace(options: [], nil) }
        return seen.withLock { $0 }
    }

    func image(_ fixture: Fixture) throws -> URL {
        let folder = fixture.folder.url.appending(path: "store/archive/solutions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".solution") }
        try #require(names.count == 1)
        return folder.appending(path: names[0])
    }

    /// Boards, pages and submissions read the current version all the time; its solution and
    /// kit (hundreds of megabytes for a large challenge) used to come with every read.
    @Test func readingAVersionLeavesItsSolutionAndKitAlone() throws {
        let fixture = try Fixture()
        let reads = try statements(fixture.store) {
            _ = try ChallengeService(fixture.store).challenges()
            _ = try ChallengeService(fixture.store).challenge("tiny")
            _ = try fixture.submit("alpha", quality: 0.9)
            _ = try BoardService(fixture.store).leaderboard("tiny", board: .public)
        }
        let versionReads = reads.filter { $0.contains("\"challengeVersion\"") || $0.contains(" challengeVersion ") }
        #expect(!versionReads.isEmpty)
        for read in versionReads {
            #expect(!read.contains("*") && !read.contains("solutionCSV") && !read.contains("startingKit"), "\(read)")
        }
        let kitReads = try statements(fixture.store) { _ = try ChallengeService(fixture.store).startingKit("tiny") }
        #expect(kitReads.contains { $0.contains("SELECT startingKit FROM challengeVersion") })
    }

    /// A store opened anew (another process) scores against the image, without the CSV; without
    /// the image it parses the CSV and writes the image again; a damaged image is not used.
    @Test func anotherProcessScoresFromTheImage() throws {
        let fixture = try Fixture(onDisk: true)
        let url = try image(fixture)
        let original = try fixture.store.writer.read { db in try Data.fetchOne(db, sql: "SELECT solutionCSV FROM challengeVersion")! }
        func reopened() throws -> Store { try Store.open(folder: fixture.folder.url.appending(path: "store"), clock: { fixture.clock.date }) }
        func submit(_ store: Store) throws -> SubmitReceipt {
            try SubmissionService(store).submit(challenge: "tiny", team: .name("alpha"), file: fixture.file("\(UUID().uuidString).csv", quality: 0.9))
        }

        // The CSV in the store made unreadable: the image alone scores.
        try fixture.store.writer.write { db in try db.execute(sql: "UPDATE challengeVersion SET solutionCSV = ?", arguments: [Data("x".utf8)]) }
        let fromImage = try submit(reopened())
        #expect(fromImage.status == .accepted)
        #expect(fromImage.publicScore == 1)

        // No image: the CSV is read (here unreadable, so the submission cannot be scored).
        try FileManager.default.removeItem(at: url)
        #expect(throws: (any Error).self) { try submit(reopened()) }

        // The CSV back, the image damaged: the CSV is parsed and the image written anew.
        try fixture.store.writer.write { db in try db.execute(sql: "UPDATE challengeVersion SET solutionCSV = ?", arguments: [original]) }
        try Data("PODSOL01 not an image".utf8).write(to: url)
        #expect(try submit(reopened()).publicScore == 1)
        try fixture.store.writer.write { db in try db.execute(sql: "UPDATE challengeVersion SET solutionCSV = ?", arguments: [Data("x".utf8)]) }
        #expect(try submit(reopened()).publicScore == 1)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int == 0o600)
    }
}
